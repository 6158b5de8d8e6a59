"""A Git LFS pointer in place of the file it stands for (docs/records.md).

Teams keep scanned attendance sheets and signature images in Git LFS. A checkout that does not
fetch LFS files (``actions/checkout`` without ``lfs: true``, ``GIT_LFS_SKIP_SMUDGE=1``, a machine
without git-lfs) leaves, under the file's name, a few lines of text naming its hash: git sees
no change, and a build would copy that text into the evidence archive as the signed sheet.
"""

from __future__ import annotations

# The pointer's first line (Git LFS's pointer specification, spec.md in its repository), and the
# one written before LFS was named; a pointer is always smaller than 1024 bytes.
_VERSIONS = (b"version https://git-lfs.github.com/spec/", b"version https://hawser.github.com/spec/")
MAX_POINTER_BYTES = 1024

LFS_POINTER = ("is a Git LFS pointer, not the file it stands for: the checkout did not fetch LFS files "
               "(run git lfs pull; in GitHub Actions, actions/checkout with lfs: true, as preuve's workflow does)")


def is_lfs_pointer(raw: bytes) -> bool:
    """Whether ``raw`` is a Git LFS pointer file."""
    return len(raw) < MAX_POINTER_BYTES and raw.startswith(_VERSIONS) and b"\noid sha256:" in raw
