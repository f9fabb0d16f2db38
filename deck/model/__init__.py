"""The data: pydantic models and dataclasses for decks, workbook, organisation, language, sizes (no I/O)."""
