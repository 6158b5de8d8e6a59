"""Write the files of each client's folder that are not rendered: copies, JSON, sums, archive.

Runs after the folder's pages are written. The copies are the very bytes of the version's own
documents (checked against their hashes), so a client holds the certificates the index lists.
``SHA256SUMS`` covers the folder and the archive ``clients/<slug>.zip`` holds it under the name
``<slug>-<version>/``, with the fixed timestamps of the version's archive.
"""

from __future__ import annotations

from ..client_folders import ClientFolder
from .archive import zip_folder
from .manifest import SUMS, dumps, sha256sums
from .writer import Staging

WEB_CSS = "assets/web.css"


def write_client_files(stage: Staging, folders: list[ClientFolder], version: str, timestamp: int) -> None:
    for folder in folders:
        prefix = folder.folder
        for output, source in [*folder.copies, (prefix + WEB_CSS, WEB_CSS)]:
            if stage.copy(output, stage.path / source, stage.hashes[source]) is None:
                raise RuntimeError(f"{source} changed in the staging folder while {output} was copied from it")
        stage.write(f"{prefix}literacy.json", dumps(folder.literacy))
        inside = {rel[len(prefix):]: digest for rel, digest in stage.hashes.items() if rel.startswith(prefix)}
        stage.write(prefix + SUMS, sha256sums(inside))
        with stage.open(folder.archive) as handle:
            zip_folder(stage.path / prefix, f"{folder.slug}-{version}", timestamp, handle)
