"""The only door WeasyPrint has to the outside world: files inside allowed folders, and data: URLs.

WeasyPrint's default fetcher follows http(s) URLs, absolute ``file://`` paths and ``../`` out of
the base folder, and even embeds fetched files as PDF attachments. Records are user input, so
everything else is refused: no network, no file outside the record folders of the repository
(a record folder that is a link out of it is no record folder) and the built-in layouts
(docs/security.md).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..boundary import Boundary, Refused


# The URLs documents find the records and the built-in layouts at, the same wherever the records
# are checked out and preuve installed: WeasyPrint names each image in a PDF after its URL, so
# a PDF built from /home/runner/work/… would otherwise differ from one built from ~/records.
PROJECT_URL = "file:///preuve-records/"
BUILTIN_URL = "file:///preuve-layouts/"


class ConfinedFetcher(URLFetcher):
    def __init__(self, project_root: Path, folders: tuple[str, ...], builtin: Path):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        project = Boundary(project_root)
        self.places = ((PROJECT_URL, project.root), (BUILTIN_URL, Boundary(builtin).root))
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
        path = self._real(unquote(parts.path)).resolve()
        for root in self.roots:
            if root.contains(path) and path.is_file():
                return URLFetcherResponse(url, body=root.read(path))
        raise ValueError(f"preuve does not fetch {url!r}: outside the project or missing")

    def url(self, folder: Path) -> str:
        """The URL of ``folder`` (in the records or the built-in layouts) that documents use as
        their base, ending in ``/``: the same wherever they are on this machine."""
        real = folder.resolve()
        for url, root in self.places:
            if real.is_relative_to(root):
                rest = real.relative_to(root).as_posix()
                return url + (quote(rest) + "/" if rest != "." else "")
        return real.as_uri() + "/"

    def _real(self, path: str) -> Path:
        """Where a path of a URL of :meth:`url` is on this machine (any other path, as it is)."""
        for url, root in self.places:
            prefix = urlsplit(url).path
            if path.startswith(prefix):
                return root / path.removeprefix(prefix)
        return Path(path)
