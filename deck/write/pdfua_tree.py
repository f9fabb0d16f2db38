"""The PDF/UA structure tree as Python objects: read from the written PDF, changed, written back.

Part of the PDF/UA completion in :mod:`deck.write.pdfua`; the parent tree is rebuilt from the final tree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from deck.write.pdfua_content import Mcid, _has


@dataclass
class Objr:
    """A reference to an annotation."""

    annot: pikepdf.Dictionary
    page: pikepdf.Dictionary | None


@dataclass(eq=False)
class Node:
    obj: pikepdf.Dictionary
    kids: list = field(default_factory=list)
    leaders: list = field(default_factory=list)  # leader dots taken out of a Link, see _leaders

    def __post_init__(self) -> None:
        self._s = str(self.obj.get("/S"))  # read once: the passes over the tree ask for it often

    @property
    def s(self) -> str:
        return self._s

    @s.setter
    def s(self, value: str) -> None:
        self.obj.S = Name(value)
        self._s = value

    def walk(self):
        """This element and every element below it, in tree order; an element's kids are read when the
        walk goes on from it (after the caller has seen it and perhaps changed them)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(kid for kid in reversed(node.kids) if isinstance(kid, Node))

    def contents(self):
        """Marked content and annotation references anywhere below, in order."""
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.contents()
            else:
                yield kid


def _kids(obj) -> list:
    k = obj.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _read(obj: pikepdf.Dictionary, default_page) -> Node:
    node = Node(obj)
    page = obj.get("/Pg", default_page)
    page_key = page.objgen if page is not None else None
    for kid in _kids(obj):
        if isinstance(kid, int):
            node.kids.append(Mcid(page_key, int(kid)))
        elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
            if "/Stm" in kid:
                node.kids.append(kid)  # content in a form XObject: kept as it is
            else:
                node.kids.append(Mcid(kid.get("/Pg", page).objgen, int(kid.MCID)))
        elif isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
            node.kids.append(Objr(kid.Obj, kid.get("/Pg", page)))
        elif isinstance(kid, Dictionary):
            node.kids.append(_read(kid, page))
    return node


def _first_page(node: Node, pages: dict):
    for item in node.contents():
        if isinstance(item, Mcid):
            return pages[item.page]
        if isinstance(item, Objr) and item.page is not None:
            return item.page
    return node.obj.get("/Pg")


def _new(pdf: pikepdf.Pdf, s: str, kids: list) -> Node:
    return Node(pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name(s))), kids)


def _replace(parent: Node, kid, replacement: list) -> None:
    i = next(n for n, k in enumerate(parent.kids) if k is kid)
    parent.kids[i:i + 1] = replacement


def _parents(root: Node) -> dict:
    return {id(kid): node for node in root.walk() for kid in node.kids}


def _ordered_content(node: Node) -> list:
    """A Link's marked content in tree order; with leader dots put back in page order (MCIDs count up
    as a page is painted)."""
    items = [item for item in node.contents() if isinstance(item, Mcid)]
    if node.leaders:
        items = sorted(items + node.leaders, key=lambda m: (m.page, m.mcid))
    return items


def _write_tree(doc: Node, pdf: pikepdf.Pdf, pages: dict) -> dict:
    """Write the tree back (/K, /P, /Pg), rebuild the parent tree; return {page objgen: {mcid: element}}."""
    kept: dict = defaultdict(dict)
    annots: list = []

    def emit(node: Node, parent_obj) -> None:
        obj = node.obj
        obj.P = parent_obj
        if "/Pg" not in obj or not _has(node.contents(), obj.Pg):
            page = _first_page(node, pages)
            if page is not None:
                obj.Pg = page
        own_page = obj.Pg.objgen if "/Pg" in obj else None
        out = []
        for kid in node.kids:
            if isinstance(kid, Node):
                emit(kid, obj)
                out.append(kid.obj)
            elif isinstance(kid, Mcid):
                kept[kid.page][kid.mcid] = obj
                if kid.page == own_page:
                    out.append(kid.mcid)
                else:
                    out.append(Dictionary(Type=Name.MCR, Pg=pages[kid.page], MCID=kid.mcid))
            elif isinstance(kid, Objr):
                ref = Dictionary(Type=Name.OBJR, Obj=kid.annot)
                if kid.page is not None:
                    ref.Pg = kid.page
                out.append(pdf.make_indirect(ref))
                annots.append((kid.annot, obj))
            else:
                out.append(kid)
        obj.K = Array(out)

    root = doc.obj
    for kid in doc.kids:
        emit(kid, root)
    root.K = Array([kid.obj for kid in doc.kids])

    nums = []
    for n, page in enumerate(pdf.pages):
        key = int(page.obj.get("/StructParents", n))
        page.obj.StructParents = key
        by_mcid = kept.get(page.objgen, {})
        nums += [key, Array([by_mcid.get(i) for i in range(max(by_mcid, default=-1) + 1)])]
    key = max([int(p.obj.StructParents) for p in pdf.pages], default=-1) + 1
    for annot, element in annots:
        annot.StructParent = key
        nums += [key, element]
        key += 1
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = key
    return kept
