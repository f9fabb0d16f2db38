"""Complete the PDF/UA-1 tagging that WeasyPrint starts: a post-processing step on the written PDF.

WeasyPrint 70 (``pdf_variant="pdf/ua-1"``) tags headings, paragraphs, lists, tables and figures,
but leaves gaps that validators and screen readers notice. :func:`fix_structure` closes them on the
written file with pikepdf:

- every link annotation belongs to a Link structure element (an OBJR in its /K, a /StructParent
  pointing back to it), nested links and link pieces are merged into one Link, links of zero area
  are dropped, and each link annotation says where it goes (/Contents, from its text) and prints;
- list items hold Lbl and LBody only; a heading or paragraph WeasyPrint nested inside another
  (anonymous boxes) is merged into it; table header cells have /Scope;
- structure elements with no content are removed (table cells stay: a grid may have empty cells);
- running heads and page numbers, whose structure elements WeasyPrint leaves outside the tree,
  become /Artifact /Pagination in the page content; the leader dots of the contents /Artifact /Layout;
- the hyphen that layout adds at a line break maps to U+00AD SOFT HYPHEN, as Tagged PDF asks
  (ISO 32000-1, "Incidental artifacts": an incidental word division is a soft hyphen), so a
  hyphenated word reads and extracts as one word;
- the parent tree is rebuilt from the final tree.

What only the HTML knows (``lang`` on an element, ``scope`` on a header cell) is carried into the
structure tree while WeasyPrint writes, by :func:`carry_html_attributes`.
"""

from __future__ import annotations

import contextlib
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from deck.write.pdfua_content import Mcid, _artifacts, _marked_texts, _parse, _soft_hyphens
from deck.write.pdfua_tree import Node, Objr, _kids, _new, _ordered_content, _parents, _read, _replace, _write_tree

HEADINGS = {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}
# Table parts keep their place even when empty: a cell of a grid to write in has no text.
TABLE_PARTS = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}
LEADER = re.compile(r"^[.·\s]+$")


# --- what only the HTML knows, carried while WeasyPrint tags --------------------------------------


@contextlib.contextmanager
def carry_html_attributes():
    """While writing a tagged PDF, copy ``lang`` and ``scope`` from the HTML into the structure tree.

    WeasyPrint 70 builds the tree in ``weasyprint.pdf.tags._build_box_tree``, a recursive generator
    that yields the structure element of each box; it drops both attributes. The wrapper adds
    /Lang to the element of any element that has a ``lang`` attribute (except html and body: the
    document language is the catalog's /Lang) and /Scope to header cells. Nothing else changes.
    """
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box, parent, *args, **kwargs):
        for element in original(box, parent, *args, **kwargs):
            html = getattr(box, "element", None)
            if html is not None and getattr(box, "element_tag", None) not in ("html", "body"):
                lang = html.get("lang")
                if lang and "Lang" not in element:
                    element["Lang"] = pydyf.String(lang)
                scope = html.get("scope")
                if element.get("S") == "/TH" and scope in ("row", "col", "rowgroup", "colgroup") and "A" in element:
                    element["A"]["Scope"] = "/Row" if scope.startswith("row") else "/Column"
            yield element

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original


# --- the fix ---------------------------------------------------------------------------------


def fix_structure(pdf: pikepdf.Pdf, lang: str | None = None) -> None:
    """Make WeasyPrint's tagged PDF meet PDF/UA-1 (see the module docstring); changes ``pdf`` in place.

    ``lang`` is the document language (default: the catalog's /Lang); a structure element whose
    /Lang equals the language it would inherit loses the redundant key.
    """
    tree_root = pdf.Root.StructTreeRoot
    pages = {page.objgen: page.obj for page in pdf.pages}
    parsed = _parse(pdf)  # each page's content stream, parsed once
    doc = Node(tree_root, [_read(kid, None) for kid in _kids(tree_root)])

    _drop_useless_links(doc, pdf)
    _merge_links(doc, pdf)
    _fix_list_items(doc, pdf)
    _unnest(doc)
    _scope_headers(doc)
    # Only what links show is read back: to find their leader dots and to describe them.
    wanted = {item for node in doc.walk() if node.s == "/Link" for item in node.contents() if isinstance(item, Mcid)}
    texts = _marked_texts(pdf, parsed, wanted)
    leaders = _leaders(doc, texts)
    _prune(doc)
    _drop_inherited_lang(doc, lang if lang is not None else str(pdf.Root.get("/Lang", "")))
    _describe_links(doc, texts, leaders)

    kept = _write_tree(doc, pdf, pages)
    _artifacts(pdf, parsed, kept, leaders)
    _soft_hyphens(pdf, parsed)


def _drop_useless_links(doc: Node, pdf: pikepdf.Pdf) -> None:
    """A link of no area cannot be clicked, and a second link over the same area to the same place
    (WeasyPrint gives an image inside a link its own) adds nothing: out of the page and the tree."""
    dropped = set()
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        keep, seen = [], set()
        for annot in annots:
            if annot.get("/Subtype") != "/Link":
                keep.append(annot)
                continue
            x1, y1, x2, y2 = (float(v) for v in annot.Rect)
            key = (round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2), _target(annot))
            if abs((x2 - x1) * (y2 - y1)) < 1e-3 or key in seen:
                dropped.add(annot.objgen)
            else:
                keep.append(annot)
                seen.add(key)
        page.obj.Annots = Array(keep)
    for node in doc.walk():
        node.kids = [k for k in node.kids if not (isinstance(k, Objr) and k.annot.objgen in dropped)]


def _target(annot: pikepdf.Dictionary) -> str:
    """Where a link annotation goes: its named destination or its URI."""
    action = annot.get("/A")
    return str(annot.get("/Dest", "")) + "|" + (str(action.get("/URI", "")) if action is not None else "")


def _merge_links(doc: Node, pdf: pikepdf.Pdf) -> None:
    """One Link element per link: nested Links merge into the outermost, link pieces' OBJRs move up to it."""
    # Inner Links (a link's ::after, a piece of a link) dissolve into the outer one.
    _dissolve(doc, lambda node: node.s == "/Link", lambda parent, kid: kid.s == "/Link")
    parents = _parents(doc)

    def ancestors(node):
        while id(node) in parents:
            node = parents[id(node)]
            yield node

    # Annotations owned by a Span or NonStruct inside a Link belong to that Link.
    for node in list(doc.walk()):
        if node.s == "/Link":
            continue
        for objr in [k for k in node.kids if isinstance(k, Objr)]:
            link = next((a for a in ancestors(node) if a.s == "/Link"), None)
            if link is not None:
                node.kids.remove(objr)
                link.kids.insert(sum(isinstance(k, Objr) for k in link.kids), objr)
            elif node.s in ("/Span", "/NonStruct"):
                node.s = "/Link"
            else:
                _replace(node, objr, [_new(pdf, "/Link", [objr])])
    # A link broken over two lines is two fragments side by side: one Link.
    for node in doc.walk():
        merged = []
        for kid in node.kids:
            last = merged[-1] if merged else None
            if isinstance(kid, Node) and kid.s == "/Link" and isinstance(last, Node) and last.s == "/Link" \
                    and _targets(kid) and _targets(kid) == _targets(last):
                objrs = [k for k in last.kids + kid.kids if isinstance(k, Objr)]
                last.kids = objrs + [k for k in last.kids + kid.kids if not isinstance(k, Objr)]
            else:
                merged.append(kid)
        node.kids = merged
    for node in doc.walk():
        for kid in node.kids:
            if isinstance(kid, Objr):
                kid.annot.F = int(kid.annot.get("/F", 0)) | 4  # printed like the page it is on


def _targets(link: Node) -> set:
    """Where a Link's annotations go."""
    return {_target(kid.annot) for kid in link.kids if isinstance(kid, Objr)}


def _fix_list_items(doc: Node, pdf: pikepdf.Pdf) -> None:
    """LI holds Lbl and LBody only: whatever else it holds goes into its LBody."""
    for node in list(doc.walk()):
        if node.s != "/LI" or all(isinstance(k, Node) and k.s in ("/Lbl", "/LBody") for k in node.kids):
            continue
        labels = [k for k in node.kids if isinstance(k, Node) and k.s == "/Lbl"]
        body = []
        for kid in node.kids:
            if isinstance(kid, Node) and kid.s == "/LBody":
                body.extend(kid.kids)
            elif not (isinstance(kid, Node) and kid.s == "/Lbl"):
                body.append(kid)
        node.kids = labels + [_new(pdf, "/LBody", body)]


def _unnest(doc: Node) -> None:
    """A heading inside a heading, or a paragraph inside a paragraph, is part of the outer one.

    WeasyPrint tags an anonymous block box with its element's tag: an h2 holding a block-level
    span becomes H2 > H2.
    """
    _dissolve(doc, lambda node: node.s in HEADINGS, lambda parent, kid: kid.s in HEADINGS)
    _dissolve(doc, lambda node: True, lambda parent, kid: kid.s == "/P" and parent.s == "/P")


def _dissolve(doc: Node, opens, dissolves) -> None:
    """Replace each element ``kid`` for which ``dissolves(parent, kid)`` holds, below an element for which
    ``opens(element)`` holds, by its own kids (deepest first)."""

    def visit(node: Node, inside: bool) -> None:
        out = []
        for kid in node.kids:
            if isinstance(kid, Node):
                visit(kid, inside or opens(kid))
                if inside and dissolves(node, kid):
                    out.extend(kid.kids)
                    continue
            out.append(kid)
        node.kids = out

    visit(doc, False)


def _scope_headers(doc: Node) -> None:
    """Header cells without /Scope: a TH in THead, or in a row of headers only, heads its column; else its row."""
    parents = _parents(doc)
    for node in doc.walk():
        if node.s != "/TH":
            continue
        attrs = node.obj.get("/A")
        if attrs is None:
            node.obj.A = attrs = Dictionary(O=Name.Table)
        if "/Scope" in attrs:
            continue
        row = parents.get(id(node))
        group = parents.get(id(row)) if row is not None else None
        headers_only = row is not None and all(not isinstance(k, Node) or k.s == "/TH" for k in row.kids)
        column = (group is not None and group.s == "/THead") or headers_only
        attrs.Scope = Name.Column if column else Name.Row


def _leaders(doc: Node, texts: dict) -> set:
    """Leader dots in a link (a table of contents' ". . . . 12") are layout, not text: artifacts."""
    found = set()
    for node in doc.walk():
        if node.s != "/Link":
            continue
        for kid in list(node.kids):
            text = texts[kid].text if isinstance(kid, Mcid) and kid in texts else ""
            if LEADER.match(text) and "." in text:
                node.kids.remove(kid)
                node.leaders.append(kid)
                found.add(kid)
    return found


def _prune(doc: Node) -> None:
    """Structure elements with nothing in them go, deepest first (table parts stay)."""

    def empty(node: Node) -> bool:
        node.kids = [k for k in node.kids if not (isinstance(k, Node) and empty(k))]
        if node.kids or node.s in TABLE_PARTS:
            return False
        return not any(key in node.obj for key in ("/Alt", "/ActualText"))

    doc.kids = [k for k in doc.kids if not (isinstance(k, Node) and empty(k))]


def _drop_inherited_lang(doc: Node, lang: str) -> None:
    def visit(node: Node, inherited: str) -> None:
        value = node.obj.get("/Lang")
        own = inherited if value is None else str(value)
        if value is not None and own.lower() == inherited.lower():
            del node.obj["/Lang"]
        for kid in node.kids:
            if isinstance(kid, Node):
                visit(kid, own)

    for kid in doc.kids:
        if isinstance(kid, Node):
            visit(kid, lang)


def _describe_links(doc: Node, texts: dict, leaders: set) -> None:
    """Each link annotation's /Contents says what the link says (PDF/UA-1 7.18.5).

    The text is the Link element's own text, with a space where leader dots were; a link around
    an image (a QR code) has no text of its own: the image's /Alt describes it, and becomes the
    Link's /Alt too.
    """
    for node in doc.walk():
        if node.s != "/Link":
            continue
        text, line = "", None
        for item in _ordered_content(node):
            piece = texts.get(item)
            if item in leaders:
                text += " "
            if item in leaders or piece is None:
                continue
            # A new line starts a new word, unless the last one ended in the hyphen layout added.
            if line is not None and piece.line != line and not text.endswith("\u2010"):
                text += " "
            text, line = text.removesuffix("\u2010") + piece.text, piece.line
        text = re.sub(r"\s+", " ", text).strip()
        # A web address broken over lines (at a <wbr>) is still one address.
        uris = {str(i.annot.A.URI) for i in node.kids if isinstance(i, Objr) and "/A" in i.annot and "/URI" in i.annot.A}
        if text.replace(" ", "") in uris:
            text = text.replace(" ", "")
        if not text:
            text = " ".join(str(n.obj.Alt) for n in node.walk() if "/Alt" in n.obj)
            if text:
                node.obj.Alt = String(text)
        if not text:
            continue
        for item in node.contents():
            if isinstance(item, Objr):
                item.annot.Contents = String(text)


def finish_pdfua(path) -> None:
    """Run :func:`fix_structure` on the PDF file at ``path`` and save it in place, with a trailer /ID."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        fix_structure(pdf)
        # The /ID is a hash of the content: the same workbook gives the same file.
        pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
