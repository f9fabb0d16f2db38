"""Checks of finished PDFs against what print shops require."""
