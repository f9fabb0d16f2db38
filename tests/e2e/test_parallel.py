"""Real layouts made in worker processes are the same PDFs as those made in the build's own process."""

from __future__ import annotations

import pikepdf
from helpers import CONTENT, page_texts

from deck.build.pipeline import build
from deck.build.plan import Options

BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def page_prints(path) -> list[tuple]:
    """Per page: its boxes, its drawing operators and those of the forms it draws (sheets place cards as forms)."""
    out = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            boxes = tuple(tuple(float(v) for v in page.obj[b]) for b in BOXES if b in page.obj)
            forms = page.obj.get("/Resources", {}).get("/XObject", {})
            drawn = tuple(forms[name].read_bytes() for name in sorted(forms.keys()))
            out.append((boxes, page.obj.Contents.read_bytes() if "/Contents" in page.obj else b"", drawn))
    return out


def test_parallel_and_serial_builds_write_the_same_pdfs(default_build, tmp_path):
    # The session's default build ran on two worker processes; build two of its decks again in this process.
    parallel_out, parallel = default_build
    decks = ("vuistregels", "lessen")
    serial = build(Options(content=CONTENT, out=tmp_path, decks=decks, workbook=False, jobs=1))
    parallel = [r for r in parallel if r.target.deck in decks]
    assert [r.target.path.name for r in serial] == [r.target.path.name for r in parallel]
    assert [r.status for r in serial] == [r.status for r in parallel] == ["built"] * 4
    assert [r.notes for r in serial] == [r.notes for r in parallel]  # e.g. the same card shrunk
    assert any("shrunk to fit" in note for r in serial for note in r.notes)
    for result in serial:
        name = result.target.path.name
        one, two = tmp_path / "nl" / name, parallel_out / "nl" / name
        assert page_texts(one) == page_texts(two), name
        assert page_prints(one) == page_prints(two), name
