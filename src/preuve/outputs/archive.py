"""A deterministic zip of a version folder: sorted entries, fixed timestamps and permissions.

The same folder always gives the same archive bytes, so CI artifacts and releases of one commit
can be compared by hash. Archives are published: a link in the folder (a version restored from a
cache may hold anything) is refused, never followed (docs/security.md).
"""

from __future__ import annotations

import os
import stat
import time
import zipfile
from pathlib import Path
from typing import BinaryIO

from ..diagnostics import UserError

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can hold
ZIP_END = 4354819199  # 2107-12-31 23:59:59, the latest
# Already compressed: deflating them again takes most of an archive's time for 3 % of its size.
STORED = (".pdf", ".zip", ".png", ".jpg", ".jpeg")


def zip_folder(folder: Path, prefix: str, timestamp: int, target: BinaryIO) -> None:
    """Write the archive to ``target`` file by file: memory stays flat however large the version."""
    stamp = time.gmtime(min(max(timestamp, ZIP_EPOCH), ZIP_END))[:6]
    with zipfile.ZipFile(target, "w") as archive:
        for path in _files(folder):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if path.name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC), "rb") as handle:
                archive.writestr(info, handle.read(), compresslevel=6)


def _files(folder: Path) -> list[Path]:
    """Every regular file below ``folder``, sorted; anything else (a link, a FIFO) is an error."""
    found = []
    for parent, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(parent) / name
            mode = path.lstat().st_mode
            if stat.S_ISREG(mode):
                found.append(path)
            elif not stat.S_ISDIR(mode):
                raise UserError(f"{path}: is not a regular file (a link?): preuve archives only the files "
                                "it wrote; move that version folder away (docs/security.md)")
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())
