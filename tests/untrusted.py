"""Shared pieces of the hostile-content tests: secrets outside every allowed folder, and the places they must not reach."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
DECK = [str(ROOT / ".venv" / "bin" / "deck")] if (ROOT / ".venv" / "bin" / "deck").exists() else ["deck"]
MARKER = "SECRET-MARKER-d41c"
SECRET_SIZE = (37, 23)  # the secret image's size in pixels: no image in an output may have it


def make_outside(base: Path) -> Path:
    """A folder outside every allowed root, holding secrets of every kind deck reads."""
    folder = base / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(MARKER + "\n")
    Image.new("RGB", SECRET_SIZE, (250, 10, 10)).save(folder / "secret.png")
    (folder / "secret.css").write_text(f"p {{ color: red }} /* {MARKER} */")
    (folder / "secret.yaml").write_text(f"{MARKER}: 1\nname: {MARKER}\n")
    return folder


def pdf_leaks(path: Path) -> list[str]:
    """What of a secret a PDF carries: the marker in any (decoded) stream, the secret image, attachments."""
    found = []
    with pikepdf.open(path) as pdf:
        data = path.read_bytes()
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    data += obj.read_bytes()
                except pikepdf.PdfError:
                    pass
                if obj.get("/Subtype") == "/Image" and (int(obj.get("/Width", 0)), int(obj.get("/Height", 0))) == SECRET_SIZE:
                    found.append(f"{path.name}: the secret image")
        names = pdf.Root.get("/Names")
        if names is not None and "/EmbeddedFiles" in names:
            found.append(f"{path.name}: embedded files")
        if any(a.get("/Subtype") == "/FileAttachment" for page in pdf.pages for a in page.obj.get("/Annots", [])):
            found.append(f"{path.name}: a file attachment")
    if MARKER.encode() in data:
        found.append(f"{path.name}: the secret text")
    return found


def assert_nowhere(*texts: str, folders: tuple[Path, ...] = ()) -> None:
    """The secret is in none of ``texts`` (streams, messages) and in no file under ``folders`` (PDFs decoded)."""
    for text in texts:
        assert MARKER not in text, text
    for folder in folders:
        if not folder.exists():
            continue
        for file in folder.rglob("*"):
            if file.is_file() and not file.is_symlink():
                assert MARKER.encode() not in file.read_bytes(), file
                if file.suffix == ".pdf":
                    assert pdf_leaks(file) == [], file


def small_content(dest: Path, decks: tuple[str, ...] = ("vuistregels",), workbook: bool = False) -> Path:
    """A copy of the content with only ``decks`` (and without the workbook, which needs every deck)."""
    shutil.copytree(CONTENT, dest)
    project = yaml.safe_load((dest / "content.yaml").read_text(encoding="utf-8"))
    for deck in list(project["decks"]):
        if deck not in decks:
            (dest / "decks" / f"{deck}.yaml").unlink()
    project["decks"] = [d for d in project["decks"] if d in decks]
    (dest / "content.yaml").write_text(yaml.safe_dump(project, allow_unicode=True), encoding="utf-8")
    if not workbook:
        (dest / "workbook.yaml").unlink()
    return dest
