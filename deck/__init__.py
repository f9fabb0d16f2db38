"""deck: print-ready conversation-card decks and a facilitator workbook from YAML content."""

__version__ = "0.1.0"
