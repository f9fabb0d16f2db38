"""Code shared by the tests: paths, PDFs read back, builds made once, content copies edited, a stand-in output maker."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import yaml
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CONTENT = ROOT / "content"
EXAMPLE_ORG = CONTENT / "orgs" / "voorbeeld"
INTER = ROOT / "fonts" / "inter" / "Inter-Regular.otf"
MM = 72 / 25.4  # PDF points per millimetre


def print_css(margin: str = "10mm") -> str:
    """CSS for a one-card print page (A6, 3 mm bleed) in CMYK with the bundled Inter, as print files are made."""
    from deck.model.profile import DEFAULT_PROFILE

    return f"""@color-profile device-cmyk {{ src: url({DEFAULT_PROFILE.icc.as_uri()});
      components: cyan, magenta, yellow, black }}
      @page {{ size: 105mm 148mm; bleed: 3mm; margin: {margin} }}
      @font-face {{ font-family: Inter; src: url({INTER.as_uri()}) }}"""


# ---------------------------------------------------------------------------
# Text of a PDF as a reader sees it


def normalise(text: str) -> str:
    """Undo automatic hyphenation and fold whitespace.

    WeasyPrint breaks words with U+2010; the workbook maps that hyphen to U+00AD (soft hyphen, as
    Tagged PDF asks), which pypdf extracts as it is.
    """
    text = re.sub("[\u2010\u00ad]\\s*\n\\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def plain(text: str) -> str:
    """Markdown emphasis markers removed, whitespace folded: what a card shows."""
    return normalise(re.sub(r"\*\*|(?<!\*)\*(?!\*)", "", text))


def pdf_text(path: Path) -> str:
    """All text of a PDF, normalised."""
    reader = pypdf.PdfReader(path)
    return normalise("\n".join(page.extract_text() for page in reader.pages))


def page_texts(path: Path) -> list[str]:
    """Normalised text per page."""
    return [normalise(p.extract_text()) for p in pypdf.PdfReader(path).pages]


def norm(text: str) -> str:
    """Text as a reader sees it: automatic hyphens at line ends undone, whitespace collapsed."""
    # The workbook's layout hyphen is a soft hyphen, which pdfium joins and marks with U+FFFE.
    text = re.sub("\u2010\\s*\r?\n", "", text).replace("\u00ad", "").replace("\ufffe", "")
    return re.sub(r"\s+", " ", text).strip()


def pdfium_texts(path: Path) -> list[str]:
    """The text of every page, lines kept (pdfium keeps the reading order of WeasyPrint's output)."""
    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def heading_runs(path: Path) -> list[list[str]]:
    """Per page, the runs of text set larger than the body text: the headings."""
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        runs: list[list] = []
        for k in range(tp.count_chars()):
            size = round(pdfium_c.FPDFText_GetFontSize(tp, k), 1)
            ch = chr(pdfium_c.FPDFText_GetUnicode(tp, k))
            if ch in "\r\n" or size == 0:  # line breaks: keep a wrapped heading in one run
                if runs:
                    runs[-1][1] += " "
                continue
            if runs and runs[-1][0] == size:
                runs[-1][1] += ch
            else:
                runs.append([size, ch])
        pages.append(runs)
    sizes = [size for runs in pages for size, text in runs for _ in text]
    body = max(set(sizes), key=sizes.count)
    return [[norm(text) for size, text in runs if size > body * 1.04] for runs in pages]


def fonts_of_word(path: Path, page: int, word: str) -> set[str]:
    """The fonts (subset prefix dropped) that set the first occurrence of ``word`` on a page."""
    import ctypes

    textpage = pdfium.PdfDocument(str(path))[page].get_textpage()
    start = textpage.get_text_range().find(word)
    assert start >= 0, f"{word!r} not on page {page + 1}"
    name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    found = set()
    for k in range(start, start + len(word)):
        pdfium_c.FPDFText_GetFontInfo(textpage, k, name, len(name), ctypes.byref(flags))
        found.add(name.value.decode().split("+")[-1])
    return found


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every outline entry."""
    reader = pypdf.PdfReader(str(path))
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def toc_entries(page_text: str, page_word: str) -> dict[str, int]:
    """The table of contents on one page (pdfium text, heading first): entry title -> page number.

    Entries may wrap over lines; the running footer ("pagina 3 van 40") is not an entry.
    """
    entries, pending = {}, ""
    for line in page_text.splitlines()[1:]:
        pending = f"{pending} {line}".strip()
        m = re.match(r"^(.*?)[ .]*(\d+)$", pending)
        if m and not pending.startswith(page_word):
            entries[norm(m.group(1))] = int(m.group(2))
            pending = ""
    return entries


# ---------------------------------------------------------------------------
# Geometry and resources of a PDF


def declare_pdfx(pdf) -> None:
    """Give a test PDF what identifies a PDF/X-4 file: a CMYK output intent and the XMP version key."""
    from deck.model.profile import DEFAULT_PROFILE

    icc = pdf.make_stream(DEFAULT_PROFILE.icc.read_bytes())
    icc.N = 4
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier="Custom", DestOutputProfile=icc)])
    with pdf.open_metadata() as meta:
        meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"


def shared_resources_pdf(path: Path, contents: list[bytes], resources: dict, bleed: float = 0) -> Path:
    """An A6 PDF, one page per content stream, every page drawing from one indirect resources dictionary
    (as WeasyPrint writes them); with ``bleed`` (points) it has trim and bleed boxes and is declared PDF/X-4."""
    from deck.model.sizes import MM

    w, h, b = 105 * MM, 148 * MM, bleed
    pdf = pikepdf.new()
    shared = pdf.make_indirect(pikepdf.Dictionary(resources))
    for content in contents:
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[-b, -b, w + b, h + b], Resources=shared,
                                  Contents=pdf.make_stream(content))
        if bleed:
            page.TrimBox, page.BleedBox = [0, 0, w, h], [-b, -b, w + b, h + b]
        pdf.pages.append(pikepdf.Page(page))
    if bleed:
        pdf.docinfo.Trapped = pikepdf.Name("/False")
        declare_pdfx(pdf)
    pdf.save(path)
    return path


def box_mm(page: pikepdf.Page, name: str) -> tuple[float, ...]:
    """A page box as (x0, y0, x1, y1) in millimetres."""
    return tuple(round(float(v) / MM, 2) for v in page.obj[name])


def placements(path: Path) -> list[list[tuple[float, float]]]:
    """Per sheet page, the (x, y) in mm of every card placed with ``1 0 0 1 x y cm /Cn Do``, in drawing order."""
    pages = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            ops = list(pikepdf.parse_content_stream(page))
            pages.append([(float(a[0][4]) / MM, float(a[0][5]) / MM)
                          for a, b in zip(ops, ops[1:]) if str(a[1]) == "cm" and str(b[1]) == "Do"
                          and str(b[0][0]) != "/Note"])  # the printing instruction is no card
    return pages


def fonts(path: Path) -> dict[str, bool]:
    """Every font in the PDF: base name -> embedded?"""
    found: dict[str, bool] = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                name = str(obj.get("/BaseFont", "?"))
                desc = obj.get("/FontDescriptor")
                if desc is None and "/DescendantFonts" in obj:
                    desc = obj.DescendantFonts[0].get("/FontDescriptor")
                embedded = desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[name] = embedded
    return found


def embedded_families(path: Path) -> set[str]:
    """Names of the embedded fonts without their subset prefix ('ABCDEF+Inter-Bold' -> 'Inter-Bold')."""
    return {name.lstrip("/").split("+")[-1] for name, embedded in fonts(path).items() if embedded}


def pdfium_marked_texts(path: Path) -> dict[tuple, tuple[str, float]]:
    """{(page objgen, MCID): (text, line)} as PDFium reads each marked-content sequence: its text objects'
    texts joined, and the baseline of the first; text drawn outside any sequence is under MCID -1."""
    import ctypes

    with pikepdf.open(path) as pdf:
        objgens = [p.objgen for p in pdf.pages]
    found: dict[tuple, tuple[str, float]] = {}
    doc = pdfium.PdfDocument(str(path))
    for objgen, page in zip(objgens, doc):
        textpage = page.get_textpage()
        for obj in page.get_objects(max_depth=1):
            if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj.raw)
            size = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            if size <= 2:
                continue  # no text
            buffer = (ctypes.c_ushort * (size // 2))()
            pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
            text = bytes(buffer)[:size - 2].decode("utf-16-le")
            before = found.get((objgen, mcid))
            found[(objgen, mcid)] = (before[0] + text, before[1]) if before else (text, round(obj.get_matrix().get()[5], 1))
    doc.close()
    return found


def pdf_lang(path: Path) -> str | None:
    """The document language (/Lang in the catalogue)."""
    with pikepdf.open(path) as doc:
        return str(doc.Root.Lang) if "/Lang" in doc.Root else None


# ---------------------------------------------------------------------------
# Outputs made once per test session


_MADE: dict[str, object] = {}  # what made_once made in this process, by name


def made_once(tmp_path_factory, name: str, make: Callable[[Path], object]):
    """``make(folder)`` run once per test session, even when pytest-xdist runs the session in several processes.

    The first call makes it on a new temporary folder; later calls (a module fixture set up again)
    return what that call returned. Under pytest-xdist, the first process that asks makes it in a
    folder that all processes of the session share and saves what ``make`` returned (pickled); the
    others wait for it and read it back (pytest-xdist's documented recipe). ``name`` must differ
    between things made this way; what is made is shared, so tests only read it.
    """
    if name in _MADE:
        return _MADE[name]
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        _MADE[name] = make(tmp_path_factory.mktemp(name))
        return _MADE[name]
    shared = tmp_path_factory.getbasetemp().parent  # the session's folder, above each worker's own
    folder, saved = shared / name, shared / f"{name}.pickle"
    with FileLock(shared / f"{name}.lock"):
        if not saved.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # what a process that failed to make it left
            folder.mkdir()
            saved.write_bytes(pickle.dumps(make(folder)))
        _MADE[name] = pickle.loads(saved.read_bytes())
    return _MADE[name]


# ---------------------------------------------------------------------------
# Editing content copies


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file (failing loudly if the content drifted)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first line that is exactly ``old`` by ``new``; return its line number (as problems name lines)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index(old + "\n")
    lines[index] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def line_of(path: Path, needle: str) -> int:
    """The number of the first line of a file that contains ``needle`` (1-based, as problems name lines)."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def set_card(content: Path, deck: str, card_id: str, **fields) -> None:
    """Set fields (text, title, ...) of one card in a deck file of a content copy."""
    path = content / "decks" / f"{deck}.yaml"
    data = read_yaml(path)
    [card] = [c for c in data["cards"] if c["id"] == card_id]
    card.update(fields)
    write_yaml(path, data)


def set_text(content: Path, deck: str, card_id: str, text: str) -> None:
    """Replace one card's text in a deck file of a content copy."""
    set_card(content, deck, card_id, text=text)


def one_deck(content: Path, texts: list[str]) -> None:
    """Reduce the content to the deck 'lessen' with one card per text (and no workbook, which needs all decks)."""
    for other in ("interviewvragen", "vuistregels"):
        (content / "decks" / f"{other}.yaml").unlink()
    (content / "workbook.yaml").unlink()
    project = read_yaml(content / "content.yaml")
    project["decks"] = ["lessen"]
    write_yaml(content / "content.yaml", project)
    deck = read_yaml(content / "decks" / "lessen.yaml")
    deck["cards"] = [{"id": f"kaart-{i}", "title": f"Kaart {i}", "text": t} for i, t in enumerate(texts, 1)]
    write_yaml(content / "decks" / "lessen.yaml", deck)


NEW_QUESTION = "deck/interviewvragen/cards/nieuwe-vraag/title"


def replace_first_question(content: Path) -> None:
    """The first interview card replaced by a new, untranslated one; the workbook's notes on the old card go too
    (or the content would, rightly, fail to load before any translation is looked at)."""
    edit(content / "decks" / "interviewvragen.yaml",
         '  - id: stel-jezelf-voor\n    number: 1\n    title: "Stel jezelf aan elkaar voor"\n    text: |\n      (als dat nodig is)\n',
         '  - id: nieuwe-vraag\n    number: 1\n    title: "Wat wil je vandaag leren?"\n')
    edit(content / "workbook.yaml", "    stel-jezelf-voor:\n      lines: 3\n", "")


def reword_off_day(content: Path) -> None:
    """One Dutch question reworded, so its English translation is now stale."""
    edit(content / "decks" / "interviewvragen.yaml", "Wanneer voel je dat je daarvan **afgeleid** raakt",
         "Wanneer merk je dat je daarvan **afgeleid** raakt")


# ---------------------------------------------------------------------------
# Organisation profiles


def make_org(tmp_path: Path, text: str, files: dict[str, bytes | str] | None = None) -> Path:
    """A profile folder tmp_path/org with organisation.yaml (dedented) and extra files."""
    folder = tmp_path / "org"
    folder.mkdir(exist_ok=True)
    (folder / "organisation.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for name, data in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def org_with_templates(tmp_path: Path, templates: dict[str, str]) -> Path:
    """A copy of the example organisation, with templates/<name> files added."""
    import shutil

    folder = tmp_path / "org"
    shutil.copytree(EXAMPLE_ORG, folder)
    for name, text in templates.items():
        (folder / "templates").mkdir(exist_ok=True)
        (folder / "templates" / name).write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------
# Running deck


def cli(*args, catch: bool = False):
    """`deck ARGS` through Click's test runner (paths may be Path objects)."""
    from click.testing import CliRunner

    from deck.cli.main import main

    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=catch)


def deck_job(content_root: Path, deck: str, lang: str = "nl", strict: bool = False):
    """The DeckJob of one deck's print file, as a build makes it (templates and layout not yet run)."""
    from deck.build.make import make_deck_job
    from deck.build.plan import Options, Target
    from deck.load.content import load_content

    opts = Options(content=content_root, langs=(lang,), strict=strict, workbook=False)
    return make_deck_job(load_content(content_root), Target("print", lang, deck, Path("unused.pdf")), opts)


# ---------------------------------------------------------------------------
# A stand-in for deck.build.make.make_output: tests of scheduling, skipping, manifests, progress and
# failure reports need outputs, not layouts. The runner hands the function it finds as
# deck.build.runner.make_output to its workers, so a module-level function here reaches them too.

FAKE_FAIL = "FAKE-FAIL"  # in a card's text: the deck's outputs fail, as a card that runs off the card does
FAKE_HANG = "FAKE-HANG"  # in a card's text: the deck's outputs never finish (until the build is stopped)
FAKE_SLOW_WRITE = "FAKE-SLOW-WRITE"  # in a card's text: writing the deck's outputs takes seconds
SLOW_WRITE_SECONDS = 1.0
FAKE_CALLS: list = []  # every target made in this process, in order


def fake_output(content, target, opts, org=None) -> list[str]:
    """Write a one-page PDF naming the target and its cards' titles, atomically; no template, no layout."""
    from deck.errors import BuildError
    from deck.files import atomic_write

    FAKE_CALLS.append(target)
    decks = [content.decks[target.deck]] if target.deck else list(content.decks.values())
    cards = [card for deck in decks for card in deck.cards]
    texts = " ".join(card.text or "" for card in cards)
    where = f"{target.lang}/{target.deck}" if target.deck else target.label  # as the real messages say it
    for card in cards:
        if FAKE_FAIL in (card.text or ""):
            raise BuildError(f"{where}: card '{card.id}': {FAKE_FAIL}")
    if FAKE_HANG in texts:
        # A file in the worker's temporary folder, as WeasyPrint's font folder would be.
        handle, _ = tempfile.mkstemp(prefix="fake-", dir=tempfile.gettempdir())
        os.close(handle)
        time.sleep(600)
    data = one_page_pdf([target.label] + [card.title for card in cards if card.title])

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data[: len(data) // 2])
            if FAKE_SLOW_WRITE in texts:
                fh.flush()
                time.sleep(SLOW_WRITE_SECONDS)
            fh.write(data[len(data) // 2:])

    atomic_write(target.path, write)
    return [f"made by process {os.getpid()}"]


def one_page_pdf(lines: list[str]) -> bytes:
    """A small valid PDF showing ``lines`` in Helvetica (text a PDF reader can extract)."""
    import io

    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                              Encoding=pikepdf.Name.WinAnsiEncoding)
    ops = [([], "BT"), ([pikepdf.Name.F1, 9], "Tf"), ([20, 400], "Td"), ([11], "TL")]
    ops += [([pikepdf.String(line.encode("cp1252", "replace"))], "'") for line in lines]
    ops.append(([], "ET"))
    stream = pikepdf.unparse_content_stream([(operands, pikepdf.Operator(op)) for operands, op in ops])
    pdf.add_blank_page(page_size=(298, 420))
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(stream)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# `deck ARGS` in a new process with fake_output in place of make_output (for tests that signal a build).
FAKE_DECK = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
import helpers
import deck.build.runner
deck.build.runner.make_output = helpers.fake_output
from deck.cli.main import main
main(sys.argv[1:], prog_name="deck")
"""


def fake_deck_command(*args) -> list[str]:
    """The command line of `deck ARGS` running with the stand-in output maker."""
    return [sys.executable, "-c", FAKE_DECK, *[str(a) for a in args]]


def deck_env(**extra: str) -> dict[str, str]:
    """The environment for `python -m deck` in a new process: this checkout's deck first."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)]), **extra}


def report_packs(content, target, opts, org=None) -> list[str]:
    """A stand-in for make_output that makes nothing and says which language packs it found already read."""
    return [f"packs read before: {', '.join(sorted(content.packs))}"]
