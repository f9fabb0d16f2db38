"""Jinja → HTML only (never WeasyPrint): environment, sandbox, markup, cards, workbook, calibration sheet."""
