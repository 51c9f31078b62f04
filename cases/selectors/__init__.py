"""Reads for the wizard, one module per stage; every case route finds its case in case.py."""
