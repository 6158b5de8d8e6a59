"""The only door WeasyPrint has to the outside world: files inside allowed folders, and data: URLs.

WeasyPrint's default fetcher follows http(s) URLs, absolute ``file://`` paths and ``../`` out of
the base folder, and even embeds fetched files as PDF attachments. Records are user input, so
everything else is refused: no network, no file outside the record folders of the repository
(a record folder that is a link out of it is no record folder) and the built-in layouts
(docs/security.md).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..boundary import Boundary, Refused


class ConfinedFetcher(URLFetcher):
    def __init__(self, project_root: Path, folders: tuple[str, ...], builtin: Path):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        project = Boundary(project_root)
        self.roots = [Boundary(builtin)]
        for name in folders:
            try:
                self.roots.append(Boundary(project.resolve(project.root / name)))
            except Refused:
                continue  # the load stage reported it; nothing is served from there

    def fetch(self, url: str, headers=None):  # noqa: D102 - WeasyPrint's interface
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"preuve does not fetch {url!r}: only files inside the project")
        path = Path(unquote(parts.path)).resolve()
        for root in self.roots:
            if root.contains(path) and path.is_file():
                return URLFetcherResponse(url, body=root.read(path))
        raise ValueError(f"preuve does not fetch {url!r}: outside the project or missing")
