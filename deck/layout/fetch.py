"""A WeasyPrint URL fetcher that only reads data: URIs and regular files inside allowed folders."""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from deck import paths
from deck.files import Unreadable, open_regular
from deck.layout.engine import weasyprint  # WeasyPrint imported the quick way, before anything else does

URLFetcher, URLFetcherResponse = weasyprint.urls.URLFetcher, weasyprint.urls.URLFetcherResponse

MAX_RESOURCE_BYTES = 50_000_000  # an image, font or stylesheet; the largest bundled font is under 1 MB


class SafeFetcher(URLFetcher):
    """Refuses the network and every file whose real path lies outside ``roots``.

    Paths are unquoted (``%2e%2e``) and resolved (``..``, symlinks) before the check, so no
    spelling of a path can leave the allowed folders. The checked real path is the one opened:
    urllib never sees a file URL, so its own reading of the URL cannot differ from ours.
    Refusals are recorded for the build report.
    """

    def __init__(self, roots: list[Path], **kwargs):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=5, **kwargs)
        self.roots = [paths.real(r) for r in roots]
        self.refused: list[str] = []

    def real_path(self, url: str) -> Path | None:
        """The real path a file: URL names, or None when it is not a local file URL."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        return paths.real(url2pathname(parts.path))

    def allows(self, url: str) -> bool:
        """Whether ``url`` may be read."""
        if urlsplit(url).scheme.lower() == "data":
            return True
        real = self.real_path(url)
        return real is not None and paths.inside_any(real, self.roots)

    def fetch(self, url, headers=None):
        """Serve data: URIs through WeasyPrint and allowed files ourselves; refuse everything else."""
        if not self.allows(url):
            self.refused.append(url)
            raise ValueError(f"refused to load {url}: only files inside the content, organisation and built-in folders may be used")
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        real = self.real_path(url)
        # Only regular files of bounded size: a FIFO or device inside a root would block or never end.
        if not os.path.lexists(real):
            raise FileNotFoundError(2, "No such file or directory", str(real))
        try:
            fh = open_regular(real)
        except Unreadable as exc:
            raise ValueError(f"{real} {exc.reason}") from None
        if os.fstat(fh.fileno()).st_size > MAX_RESOURCE_BYTES:
            fh.close()
            raise ValueError(f"{real} is over {MAX_RESOURCE_BYTES:,} bytes, the most an image, font or stylesheet may be")
        mime = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(real.as_uri(), fh, {"Content-Type": mime})
