"""A WeasyPrint URL fetcher that only reads data: URIs and files inside allowed folders."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher


class SafeFetcher(URLFetcher):
    """Refuses the network and every file whose real path lies outside ``roots``.

    Paths are unquoted (``%2e%2e``) and resolved (``..``, symlinks) before the check, so no
    spelling of a path can leave the allowed folders. Refusals are recorded for the build report.
    """

    def __init__(self, roots: list[Path], **kwargs):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=5, **kwargs)
        self.roots = [Path(os.path.realpath(r)) for r in roots]
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        """Whether ``url`` may be read."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        real = Path(os.path.realpath(unquote(parts.path)))
        return any(real == root or root in real.parents for root in self.roots)

    def fetch(self, url, headers=None):
        if not self.allows(url):
            self.refused.append(url)
            raise ValueError(f"refused to load {url}: only files inside the content, organisation and built-in folders may be used")
        return super().fetch(url, headers)
