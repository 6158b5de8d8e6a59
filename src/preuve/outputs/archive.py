"""A deterministic zip of a version folder: sorted entries, fixed timestamps and permissions.

The same folder always gives the same archive bytes, so CI artifacts and releases of one commit
can be compared by hash.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from typing import BinaryIO

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can hold


def zip_folder(folder: Path, prefix: str, timestamp: int, target: BinaryIO) -> None:
    """Write the archive to ``target`` file by file: memory stays flat however large the version."""
    stamp = time.gmtime(max(timestamp, ZIP_EPOCH))[:6]
    files = sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
    with zipfile.ZipFile(target, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=6)
