"""Writes for the wizard, one module per stage; every stage write goes through stage.stage_write."""
