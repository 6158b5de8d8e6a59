"""The only door WeasyPrint has to the outside world: files inside allowed folders, and data: URLs.

WeasyPrint's default fetcher follows http(s) URLs, absolute ``file://`` paths and ``../`` out of
the base folder, and even embeds fetched files as PDF attachments. Records are user input, so
everything else is refused: no network, no file outside the records repository and the built-in
layouts.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class ConfinedFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [root.resolve() for root in allowed_roots]

    def fetch(self, url: str, headers=None):  # noqa: D102 - WeasyPrint's interface
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"preuve does not fetch {url!r}: only files inside the project")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise ValueError(f"preuve does not fetch {url!r}: outside the project or missing")
        return URLFetcherResponse(url, body=path.read_bytes())
