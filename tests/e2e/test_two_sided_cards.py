"""Cards with a back of their own (the dilemma images), and an organisation's own cards marked as its own."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from conftest import CONTENT
from helpers import made_once, normalise

from deck.build.pipeline import build
from deck.build.plan import Options

FRONT = "Denken we in ‘ketensamenwerking’, dan verdelen we het veld in taken en specialismen"
BACK = "Denken we in een co creërend ecosysteem, dan verdelen we het veld in taken en rollen"


def texts(path) -> list[str]:
    return [normalise(page.extract_text()) for page in pypdf.PdfReader(path).pages]


@pytest.fixture(scope="module")
def dilemmas(tmp_path_factory, built) -> dict[str, Path]:
    """The deck's print file, duplex sheets (both from the session's build) and fold-over sheets."""
    def make(out: Path) -> Path:
        build(Options(content=CONTENT, out=out, decks=("dilemmas",), workbook=False, fold=True, only=("fold",)))
        return out / "nl" / "dilemmas.fold.pdf"

    fold = made_once(tmp_path_factory, "dilemmas", make)
    return {"print": built / "dilemmas.print.pdf", "sheets": built / "dilemmas.sheets.pdf", "fold": fold}


def test_print_file_pairs_each_front_with_its_own_back(dilemmas):
    pages = texts(dilemmas["print"])
    assert len(pages) == 8  # four cards, front and back each
    # The first card has no back of its own: the deck's back, with the source's credit.
    assert "Dialoogstuk wijkgericht werken met het oog op jeugd" in pages[1]
    assert FRONT in pages[2] and BACK not in pages[2]
    assert BACK in pages[3] and FRONT not in pages[3]
    assert "Of gaat toegang meer over ‘uitnodigend zijn’" in pages[5]
    assert "Dialoogstuk" not in pages[3] + pages[5] + pages[7]  # an own back is not the shared back


def test_duplex_sheets_put_own_backs_behind_their_fronts(dilemmas):
    sheets = texts(dilemmas["sheets"])  # two cards a sheet: fronts, backs, fronts, backs
    assert len(sheets) == 4
    assert FRONT in sheets[0] and BACK not in sheets[0]
    assert BACK in sheets[1] and "Dialoogstuk wijkgericht werken" in sheets[1]  # the intro card's shared back


def test_fold_over_sheets_put_own_backs_beside_their_fronts(dilemmas):
    folds = texts(dilemmas["fold"])  # one card a sheet at A6 on A4
    assert len(folds) == 4
    assert "Dialoogstuk wijkgericht werken" in folds[0]
    assert FRONT in folds[1] and BACK in folds[1]
    assert "Sorteermachine of agora?" in folds[2] and "Of gaat toegang meer over" in folds[2]


def test_an_organisations_own_cards_say_whose_they_are(example):
    pages = texts(next(example.glob("*/nl/interviewvragen.print.pdf")))  # the example organisation's
    own = [i for i, text in enumerate(pages) if "Eigen kaart van Wijkteam Lindendal" in text]
    assert len(own) == 1 and "Hier in Lindendal" in pages[own[0]]  # the profile's one own card, and only it
