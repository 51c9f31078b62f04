"""Wizard pages, one module per stage (same name in forms/, services/, selectors/); thin."""
