"""Sheet layouts (data, like squib's sprues): paper, printer margin, gap, marks and an optional fixed grid."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from deck.model.deck import Strict, Text


class Paper(Strict):
    """A paper size in millimetres, given portrait (width below height)."""

    width: float = Field(gt=20, le=2000)
    height: float = Field(gt=20, le=2000)


class FixedGrid(Strict):
    """Columns and rows of cards, when the layout is not left to deck."""

    cols: int = Field(ge=1, le=50)
    rows: int = Field(ge=1, le=50)


class SheetSpec(Strict):
    """One sheet layout file (deck/data/sheets/*.yaml, or a user's own with --paper FILE)."""

    name: Text
    paper: Paper
    margin: float = Field(default=5.0, ge=0, le=50)  # the printer's unprintable edge
    gap: float | str = "auto"  # mm between cards; auto: butted, or 2 × bleed when it costs no card
    marks: bool = True
    grid: FixedGrid | None = None
    orientation: Literal["auto", "portrait", "landscape"] = "auto"

    @field_validator("gap", mode="before")
    @classmethod
    def _gap(cls, value):
        if value == "auto" or (isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 50):
            return value
        raise ValueError(f"write auto, or a number of millimetres from 0 to 50 (e.g. 3), not {value!r}")

    @property
    def size(self) -> tuple[float, float]:
        return self.paper.width, self.paper.height
