"""Names a recipient's own system can hold once the archive is extracted (docs/outputs.md,
"Names every system can open").

An auditor opens the version's zip in Windows Explorer, an OPCO clerk in macOS's Archive Utility,
an archivist years later in whatever tool there is. Linux lets a file be named almost anything;
Windows does not: ``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM1``-``COM9`` and ``LPT1``-``LPT9`` name
devices, in any case and with any extension (``con.pdf``, ``Aux.tar.gz``); ``< > : " | ? *`` are
not allowed in a name, and a name ending in a dot or a space loses it. Explorer stops extracting at
such a name (and git for Windows will not check it out), so the evidence file is missing from the
auditor's copy. Explorer also refuses a path longer than ``MAX_PATH`` (259 characters), counted
from the folder it extracts to.
"""

from __future__ import annotations

import re

WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul"}
                             | {f"{kind}{n}" for kind in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")})
WINDOWS_FORBIDDEN_RE = re.compile(r'[<>:"|?*]')
RESERVED_LIST = "CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9"

# Where Explorer's "Extract all" puts a version by default: the archive's name, then its own folder.
DOWNLOADS = "C:\\Users\\Marie-Christine\\Downloads\\"
EXTRACTED_UNDER = DOWNLOADS + "20261102-100000-3f2a9c1e0b\\"
VERSION_PREFIX = "20261102-100000-3f2a9c1e0b/"  # every entry of a version's archive starts so
WINDOWS_MAX_PATH = 259  # MAX_PATH is 260 with the terminating NUL
MAX_IN_VERSION = WINDOWS_MAX_PATH - len(EXTRACTED_UNDER) - len(VERSION_PREFIX)


def windows_reserved(name: str) -> bool:
    """Whether Windows takes ``name`` (one file or folder name) for a device: its part before the
    first dot, trailing spaces aside, is a reserved word."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in WINDOWS_RESERVED


def name_problem(name: str) -> str | None:
    """Why Windows cannot hold ``name`` (one file or folder name), or ``None``."""
    if windows_reserved(name):
        return f"'{name}' is a name Windows reserves for a device ({RESERVED_LIST}, with any extension)"
    if found := WINDOWS_FORBIDDEN_RE.search(name):
        return f"'{name}' holds '{found.group(0)}', which Windows does not allow in a file name"
    if name.endswith((".", " ")):
        return f"'{name}' ends with a {'dot' if name.endswith('.') else 'space'}, which Windows drops"
    return None


def windows_length(path: str) -> int:
    """The length of ``path`` as Windows counts it: in UTF-16 code units (an emoji counts two)."""
    return len(path.encode("utf-16-le")) // 2


def extraction_problem(rel: str, in_version: str, shorten: str) -> str | None:
    """Why Windows Explorer could not extract a copied record file, or ``None``: ``rel``, the part of
    its path the user named (each name is checked), ``in_version``, its whole path in the version;
    ``shorten``: what to shorten when the path is too long."""
    for name in rel.split("/"):
        if problem := name_problem(name):
            return (f"{problem}: Windows Explorer cannot extract it from the archive, nor git for Windows "
                    "check it out; rename it")
    if (length := windows_length(in_version)) > MAX_IN_VERSION:
        return (f"its path in the archive, {in_version.rsplit('/', 1)[0]}/…, is {length} characters long, over the "
                f"{MAX_IN_VERSION} that fit once Windows Explorer extracts it to {EXTRACTED_UNDER} (at most "
                f"{WINDOWS_MAX_PATH} in all): shorten {shorten}")
    return None
