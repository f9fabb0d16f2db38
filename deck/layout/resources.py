"""References WeasyPrint never loads, found before layout, so that one to a refused file is refused loudly too.

WeasyPrint draws no ``srcset`` candidate, no ``<video poster>``, no ``<use>`` or ``@import``
of another file inside an SVG, and deck drops every attachment. Such a reference to an allowed
file changes nothing; one to a file outside the allowed folders (or to the network) is listed
among the refused ones, and the build stops naming it, as for any other reference.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

# Cheap test first: the built-in templates use none of these, so most documents are not parsed twice.
_MAYBE = re.compile(r"srcset|poster|attachment|<\s*(?:svg|use|image|feimage)\b|@import", re.IGNORECASE)
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""", re.IGNORECASE)
_SVG_REFERENCES = {"use", "image", "feimage", "script", "tref", "pattern", "filter", "lineargradient",
                   "radialgradient", "mpath", "textpath"}


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.svg = 0
        self.svg_style = False

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "svg":
            self.svg += 1
        self.svg_style = bool(self.svg) and tag == "style"

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "svg" and self.svg:
            self.svg -= 1
        self.svg_style = False

    def handle_data(self, data):
        if self.svg_style:
            self.urls += _IMPORT.findall(data)

    def _element(self, tag, attrs):
        values = {name: value for name, value in attrs if value}
        self.urls += _srcset_urls(values.get("srcset") or "")
        if "poster" in values:
            self.urls.append(values["poster"])
        if "attachment" in (values.get("rel") or "").lower().split() and "href" in values:
            self.urls.append(values["href"])
        if self.svg and tag in _SVG_REFERENCES:
            self.urls += [values[name] for name in ("href", "xlink:href") if name in values]


def _srcset_urls(srcset: str) -> list[str]:
    """The URLs of a srcset, as HTML splits it: a URL runs to whitespace (commas inside it, as in data: URLs,
    belong to it), trailing commas end a candidate, descriptors run to the next comma."""
    urls, i = [], 0
    while i < len(srcset):
        while i < len(srcset) and (srcset[i].isspace() or srcset[i] == ","):
            i += 1
        start = i
        while i < len(srcset) and not srcset[i].isspace():
            i += 1
        url = srcset[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            while i < len(srcset) and srcset[i] != ",":
                i += 1
        if url:
            urls.append(url)
    return urls


def never_loaded(html: str, base_url: str) -> list[str]:
    """Absolute URLs of the references in ``html`` that WeasyPrint will not load (see the module's docstring)."""
    if not _MAYBE.search(html):
        return []
    found = _References()
    found.feed(html)
    found.close()
    return [urljoin(base_url, url.strip()) for url in found.urls if url.strip() and not url.strip().startswith("#")]
