"""Hostile content: nothing outside the allowed folders reaches a PDF, templates stay in the sandbox, renders are bounded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from helpers import one_deck
from jinja2.sandbox import SecurityError
from PIL import Image

from deck.cli.main import main
from deck.errors import BuildError

MARKER = b"SECRET-MARKER-7f3a"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside every allowed root, holding a secret text file and a secret image."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_bytes(MARKER + b"\n")
    Image.new("RGB", (32, 32), (255, 0, 0)).save(folder / "secret.png")
    (folder / "secret.css").write_text("p { color: red }  /* " + MARKER.decode() + " */")
    return folder


def pdf_facts(path: Path) -> dict:
    """What a PDF carries: embedded files, annotation types, image XObjects and all decoded stream bytes."""
    with pikepdf.open(path) as pdf:
        names = pdf.Root.get("/Names")
        streams = b""
        images = 0
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                if obj.get("/Subtype") == "/Image":
                    images += 1
                streams += obj.read_bytes()
        return {
            "embedded": names is not None and "/EmbeddedFiles" in names,
            "annots": [str(a.get("/Subtype")) for page in pdf.pages for a in page.obj.get("/Annots", [])],
            "images": images,
            "bytes": path.read_bytes() + streams,
            "pages": len(pdf.pages),
        }


def assert_clean(path: Path) -> dict:
    facts = pdf_facts(path)
    assert not facts["embedded"], "the PDF carries embedded files"
    assert "/FileAttachment" not in facts["annots"]
    assert facts["images"] == 0
    assert MARKER not in facts["bytes"]
    return facts


# --- the URL fetcher ---------------------------------------------------------------------------


def test_fetcher_allows_only_data_and_files_inside_roots(tmp_path: Path, outside: Path):
    from deck.layout.fetch import SafeFetcher

    root = tmp_path / "content"
    (root / "img").mkdir(parents=True)
    (root / "img" / "logo.png").write_bytes(b"png")
    (root / "img" / "link.png").symlink_to(outside / "secret.png")
    (root / "out").symlink_to(outside)
    fetcher = SafeFetcher([root])
    inside = (root / "img" / "logo.png").as_uri()
    assert fetcher.allows(inside)
    assert fetcher.allows("data:text/plain,hello")
    assert fetcher.fetch(inside).read() == b"png"
    refused = [
        (outside / "secret.txt").as_uri(),
        f"{root.as_uri()}/../outside/secret.txt",
        f"{root.as_uri()}/img/../../outside/secret.txt",
        f"{root.as_uri()}/%2e%2e/outside/secret.txt",
        f"{root.as_uri()}/img/%2E%2E/%2E%2E/outside/secret.txt",
        f"{root.as_uri()}/img/link.png",  # a symlink pointing outside
        f"{root.as_uri()}/out/secret.txt",  # a symlinked folder pointing outside
        "file://otherhost" + str(root / "img" / "logo.png"),
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.org/logo.png",
        "ftp://example.org/x",
    ]
    for url in refused:
        assert not fetcher.allows(url), url
        with pytest.raises(ValueError, match="refused to load"):
            fetcher.fetch(url)
    assert fetcher.refused == refused


def test_fetcher_refuses_fifo_inside_roots(tmp_path: Path):
    from deck.layout.fetch import SafeFetcher

    os.mkfifo(tmp_path / "pipe.css")  # reading it would block for ever
    with pytest.raises(ValueError, match="pipe.css is not a regular file"):
        SafeFetcher([tmp_path]).fetch((tmp_path / "pipe.css").as_uri())


# --- HTML through render_html --------------------------------------------------------------------


def test_render_html_loads_nothing_from_outside(tmp_path: Path, outside: Path):
    """Every route by which HTML or CSS can load a file: none reaches the PDF."""
    from deck.layout.document import render_html

    root = tmp_path / "content"
    root.mkdir()
    (root / "link.png").symlink_to(outside / "secret.png")
    secret, png, css = ((outside / n).as_uri() for n in ("secret.txt", "secret.png", "secret.css"))
    html = f"""<html><head>
    <link rel="attachment" href="{secret}" title="x">
    <link rel="stylesheet" href="{css}">
    <style>
      @import url("{css}");
      @font-face {{ font-family: Leak; src: url("{secret}"); }}
      body {{ background: url("{png}"); font-family: Leak, sans-serif; }}
      p::after {{ content: url("{root.as_uri()}/%2e%2e/outside/secret.png"); }}
    </style></head><body>
    <p>tekst <a rel="attachment" href="{secret}">bijlage</a></p>
    <img src="{png}"><img src="../outside/secret.png"><img src="link.png">
    <img src="{root.as_uri()}/../outside/secret.png">
    <object data="{png}"></object><embed src="{png}">
    <svg width="10" height="10"><image href="{png}" width="10" height="10"/></svg>
    <img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'
      width='10' height='10'%3E%3Cimage xlink:href='{png}' width='10' height='10'/%3E%3C/svg%3E">
    <link rel="stylesheet" href="data:text/css,@import url('{css}');">
    <img src="http://127.0.0.1:9/x.png">
    </body></html>"""
    rendered = render_html(html, root, [root], "attack")
    out = tmp_path / "attack.pdf"
    rendered.document.write_pdf(out)
    assert_clean(out)
    assert any("secret.png" in url for url in rendered.refused)
    assert any("secret.txt" in url for url in rendered.refused)
    assert any(url.startswith("http://") for url in rendered.refused)
    with pytest.raises(BuildError, match=r"(?s)attack: refused to load file:///.*outside.*Copy such files into the content"):
        rendered.check_resources("attack")


def test_attachments_are_dropped_even_from_inside_the_roots(tmp_path: Path):
    """<link rel=attachment> and <a rel=attachment> to an allowed file still attach nothing."""
    from deck.layout.document import render_html

    (tmp_path / "notes.txt").write_bytes(MARKER)
    url = (tmp_path / "notes.txt").as_uri()
    html = (f'<html><head><link rel="attachment" href="{url}"></head><body>'
            f'<p><a rel="attachment" href="{url}">bijlage</a> <a href="https://example.org/">site</a></p></body></html>')
    out = tmp_path / "a.pdf"
    rendered = render_html(html, tmp_path, [tmp_path])
    rendered.document.write_pdf(out)
    facts = assert_clean(out)
    assert facts["annots"] == ["/Link"]  # the ordinary link stays a link
    rendered.check_resources("doc")  # nothing was refused or failed


def test_missing_resource_inside_the_roots_is_named(tmp_path: Path):
    from deck.layout.document import render_html

    rendered = render_html('<img src="logo.png"><p>x</p>', tmp_path, [tmp_path], "nl/lessen")
    with pytest.raises(BuildError) as caught:
        rendered.check_resources("nl/lessen")
    assert str(caught.value) == (f"nl/lessen: could not load {(tmp_path / 'logo.png').as_uri()}: "
                                 f"the file does not exist; check its name and folder")


def test_deeply_nested_html_is_refused_before_layout():
    from deck.layout.document import render_html

    html = "<html><body>" + "<div>" * 20_000 + "x" + "</div>" * 20_000 + "</body></html>"
    with pytest.raises(BuildError, match=r"nl/x: elements are nested more than 100 levels deep.*templates"):
        render_html(html, Path("/tmp"), [], "nl/x")


def test_too_many_elements_are_refused_before_layout():
    from deck.layout.document import render_html

    html = "<html><body>" + "<p>a</p>" * 100_001 + "</body></html>"
    with pytest.raises(BuildError, match=r"more than 100,000 elements.*split the deck"):
        render_html(html, Path("/tmp"), [])


def test_normal_lists_and_paragraphs_do_not_count_as_nesting():
    from deck.limits import check_html

    check_html("<ul>" + "<li>item" * 500 + "</ul>" + "<p>para" * 500 + "<br><img src=x>" * 50, "doc")


# --- card text ---------------------------------------------------------------------------------


def test_card_text_cannot_load_images_or_attach_files(content_copy: Path, outside: Path, tmp_path: Path):
    """The newcomer's check: <img src=file:///…> and ![x](/path/outside) in a card build, as plain text."""
    from pypdf import PdfReader

    png, secret = outside / "secret.png", outside / "secret.txt"
    one_deck(content_copy, [
        f'Kijk: <img src="{png.as_uri()}"> en ![x]({png}) en ![y]({secret.as_uri()})',
        f'<a rel="attachment" href="{secret.as_uri()}">bijlage</a> <link rel=attachment href="{secret}"> '
        f'[link]({secret.as_uri()}) <script>alert(1)</script> {{{{ 7*7 }}}}',
    ])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(content_copy), "--out", str(out), "--no-workbook"])
    assert result.exit_code == 0, result.output
    for name in ("lessen.print.pdf", "lessen.sheets.pdf"):
        assert_clean(out / "nl" / name)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out / "nl" / "lessen.print.pdf").pages)
    assert '<img src="file://' in text  # shown as the characters the author typed
    assert "![x](" in text
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text  # content is never a template


# --- organisation templates --------------------------------------------------------------------


def deck_job(content: Path, overrides: Path):
    """A DeckJob for 'lessen' rendered through templates with an organisation's overrides."""
    import helpers

    from deck.render.environment import environment

    job = helpers.deck_job(content, "lessen")
    job.env = environment(overrides=overrides)
    job.roots = [content.resolve(), overrides.resolve()]
    return job


def test_organisation_stylesheet_cannot_read_outside_files(content_copy: Path, outside: Path, tmp_path: Path):
    from deck.layout.fit import fit_cards

    org = tmp_path / "org"
    org.mkdir()
    (org / "logo.png").symlink_to(outside / "secret.png")
    (org / "cards.html.j2").write_text('{% extends "builtin/cards.html.j2" %}')
    (org / "cards.css.j2").write_text(
        f'@import url("{(outside / "secret.css").as_uri()}");\n'
        '{% include "builtin/cards.css.j2" %}\n'
        f'.back {{ background-image: url("file:///etc/passwd"); }}\n'
        f'.front {{ background-image: url("{org.as_uri()}/../outside/secret.png"); }}\n'
        f'.body {{ background-image: url("{org.as_uri()}/%2e%2e/outside/secret.png"); }}\n'
        f'.foot {{ background-image: url("{org.as_uri()}/logo.png"); }}\n')
    job = deck_job(content_copy, org)
    with pytest.raises(BuildError) as caught:
        fit_cards(job, "print")
    message = str(caught.value)
    assert "nl/lessen: refused to load file:///etc/passwd" in message
    assert f"refused to load {(outside / 'secret.css').as_uri()}" in message
    assert f"refused to load {org.as_uri()}/logo.png" in message  # the symlink leads outside
    assert message.endswith("Copy such files into the content or organisation folder and refer to them there.")


# Each escape, and the attribute access the sandbox refuses (a SecurityError, not an undefined name).
SANDBOX_ESCAPES = [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "'__class__' of 'str' object"),
    ("{% if ''.__class__ %}x{% endif %}", "'__class__' of 'str' object"),
    ("{{ ''|attr('__class__') }}", "'__class__' of 'str' object"),
    ("{{ self.__init__.__globals__ }}", "'__init__' of 'TemplateReference' object"),
    ("{{ cycler.__init__.__globals__.os.system('id') }}", "'__init__' of 'type' object"),
    ("{{ lipsum.__globals__['os'].popen('id').read() }}", "'__globals__' of 'function' object"),
    ("{{ '{0.__class__.__base__}'.format(1) }}", "'__class__' of 'int' object"),
    # deck.__class__ is already refused; what is left of it refuses every further step.
    ("{{ deck.__class__.__init__.__globals__ }}", "'__init__' of 'StrictUndefined' object"),
    ("{{ deck.model_validate.__globals__ }}", "'model_validate' of 'Deck' object"),
]


@pytest.mark.parametrize("escape, refused", SANDBOX_ESCAPES)
def test_sandbox_escape_is_a_clear_build_error(content_copy: Path, tmp_path: Path, escape: str, refused: str):
    org = tmp_path / "org"
    org.mkdir()
    (org / "cards.html.j2").write_text("<html><body>\n" + escape + "\n</body></html>")
    job = deck_job(content_copy, org)
    with pytest.raises(BuildError) as caught:
        job.html("print", {})
    assert isinstance(caught.value.__context__, SecurityError)  # the sandbox said no: not a name that is undefined
    assert str(caught.value) == (
        f"{org / 'cards.html.j2'}:2: template error while rendering deck lessen: refused by the template sandbox: "
        f"access to attribute {refused} is unsafe; templates may only use the values they are given, "
        "not Python internals or unbounded repetition")


def test_paths_and_modules_in_the_context_stay_inert(tmp_path: Path):
    """Should a Path or a module ever reach a template, its methods cannot be used to read files."""
    import os as os_module

    from deck.render.environment import environment, render_template

    (tmp_path / "secret.txt").write_bytes(MARKER)
    (tmp_path / "t.html.j2").write_text("{{ path.read_text() }}{{ os.system('id') }}")
    env = environment(overrides=tmp_path)
    with pytest.raises(BuildError, match="access to attribute 'read_text' of 'PosixPath' object is unsafe"):
        render_template(env, "t.html.j2", {"path": tmp_path / "secret.txt", "os": os_module}, "test")


@pytest.mark.parametrize("template, words", [
    ("{{ 'x' * 10**10 }}", "repeating a value to 10,000,000,000 items"),
    ("{{ ('x',) * 100000000 }}", "over the limit of 1,000,000"),
    ("{{ 2 ** 100000000 }}", "exponent 100000000"),
    ("{{ 'x'|center(2000000000) }}", "more than 256 MB of memory"),
    ("{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('x') }}", "more than 256 MB of memory"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "a macro calls itself without end"),
    ("{{ range(10**9)|length }}", "Range too big"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ no_such_value }}", "'no_such_value' is undefined"),
])
def test_template_bombs_and_bugs_are_clear_build_errors(content_copy: Path, tmp_path: Path, template: str, words: str):
    org = tmp_path / "org"
    org.mkdir()
    (org / "cards.html.j2").write_text(template)
    with pytest.raises(BuildError, match=r"cards\.html\.j2:1: template error while rendering deck lessen: ") as caught:
        deck_job(content_copy, org).html("print", {})
    assert words in str(caught.value)


def test_endless_template_is_stopped_by_the_time_limit(content_copy: Path, tmp_path: Path):
    from deck.limits import TimeLimitExceeded, time_limit

    org = tmp_path / "org"
    org.mkdir()
    (org / "cards.html.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    job = deck_job(content_copy, org)
    with pytest.raises(TimeLimitExceeded, match=r"nl/lessen.print.pdf: stopped after 1 s without finishing.*DECK_TIME_LIMIT"):
        with time_limit(1, "nl/lessen.print.pdf"):
            job.html("print", {})


def test_time_limit_survives_alarms_swallowed_by_finalisers(capfd):
    """An alarm that strikes inside a __del__ is swallowed by Python; it repeats until one counts, quietly.

    No race: the finaliser waits for the first alarm, so that one is always swallowed; then the
    block waits for the next. Neither wait can end on its own within the time the test allows.
    """
    import time

    from deck.limits import TimeLimitExceeded, time_limit

    events = []

    def wait_for_alarm(where: str) -> None:
        try:
            for _ in range(600):  # a minute at most: only if no alarm comes at all
                time.sleep(0.1)
            events.append(f"no alarm {where}")
        except BaseException:
            events.append(f"alarm {where}")
            raise

    class Finaliser:
        def __del__(self):
            wait_for_alarm("in __del__")

    with pytest.raises(TimeLimitExceeded, match="busy: stopped after 0.1 s"):
        with time_limit(0.1, "busy"):
            Finaliser()  # dropped at once: __del__ runs here and swallows the first alarm
            assert events == ["alarm in __del__"]
            wait_for_alarm("after __del__")
    assert events == ["alarm in __del__", "alarm after __del__"]
    assert "Exception ignored" not in capfd.readouterr().err


def test_build_over_the_time_limit_fails_cleanly(content_copy: Path, tmp_path: Path):
    from deck.build.pipeline import build
    from deck.build.plan import Options
    from deck.errors import BuildError

    # An organisation template that never finishes (10**10 steps): every output runs out of
    # time, however fast or busy the machine is.
    org = tmp_path / "org"
    shutil.copytree(content_copy / "orgs" / "voorbeeld", org)
    (org / "templates").mkdir()
    (org / "templates" / "cards.html.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    out = tmp_path / "out"
    # Both files of the deck run out of time; the build reports each (not only the first).
    with pytest.raises(BuildError, match="nl/lessen.print.pdf: stopped after 1 s") as caught:
        build(Options(content=content_copy, org=org, out=out, decks=("lessen",), workbook=False, time_limit=1))
    assert "nl/lessen.sheets.pdf: stopped after 1 s" in str(caught.value)
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


def test_time_limit_setting(monkeypatch):
    from deck.errors import UsageError
    from deck.limits import DEFAULT_TIME_LIMIT, time_limit_seconds

    monkeypatch.delenv("DECK_TIME_LIMIT", raising=False)
    assert time_limit_seconds() == DEFAULT_TIME_LIMIT == 120
    assert time_limit_seconds(5) == 5
    monkeypatch.setenv("DECK_TIME_LIMIT", "300")
    assert time_limit_seconds() == 300
    monkeypatch.setenv("DECK_TIME_LIMIT", "lang")
    with pytest.raises(UsageError, match="DECK_TIME_LIMIT='lang' is not a number"):
        time_limit_seconds()
    with pytest.raises(UsageError, match="must be 0"):
        time_limit_seconds(-1)
