"""The built-in templates' CSS is all understood: WeasyPrint warns about nothing while it lays out the card
files, the workbook and the calibration sheet.

A rule WeasyPrint cannot parse is dropped without a word in the build (a stray brace once dropped the
notes heading's margin), and a deprecated property may stop working in its next release.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from helpers import CONTENT

from deck.build.calibrate import write_calibration
from deck.build.make import make_output
from deck.build.plan import Options, Target
from deck.load.content import load_content


class Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def weasyprint_warnings():
    """WeasyPrint's warnings while the test runs (the build keeps them from its own log, not from this handler)."""
    handler = Warnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def test_card_files_workbook_and_calibration_sheet_lay_out_without_a_css_warning(tmp_path: Path,
                                                                                  weasyprint_warnings):
    content = load_content(CONTENT)
    opts = Options(content=CONTENT, out=tmp_path, workbook_paper="a5")
    targets = [Target(kind, "nl", "vuistregels", tmp_path / f"vuistregels.{kind}.pdf")
               for kind in ("print", "sheets", "fold")]
    targets.append(Target("workbook", "nl", None, tmp_path / "workbook.pdf"))
    for target in targets:
        make_output(content, target, opts)
        assert target.path.is_file()
    write_calibration(tmp_path / "calibration.pdf")
    assert (tmp_path / "calibration.pdf").is_file()
    assert weasyprint_warnings == []
