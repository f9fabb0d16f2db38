"""A fast command line: `deck --help` and `deck list` never import the PDF libraries."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import CONTENT, ROOT

PROBE = """
import json, sys
from deck.cli.main import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in ("weasyprint", "pikepdf", "pypdf", "pypdfium2", "fontTools", "cairosvg", "PIL")
                        if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("args, said", [
    (["--help"], "Usage: "),
    (["build", "--help"], "--back-offset X,Y"),
    (["list", "--content", str(CONTENT)], "interviewvragen"),
])
def test_help_and_list_do_not_import_pdf_libraries(args, said):
    # A fresh interpreter: in the test process these libraries are long imported.
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""}, check=True)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
    assert said in done.stdout  # the command itself did its work
