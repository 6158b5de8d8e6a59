"""Split a Markdown file into YAML front matter and body, keeping line numbers.

The front matter must open on the very first line with ``---`` and close with the next line that
is ``---`` (trailing spaces allowed); a ``---`` later in the body (a Markdown rule) is left alone,
unlike naive splits.
"""

from __future__ import annotations

from .located import LoadError


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return ``(yaml_text, body, body_first_line)``; the YAML starts on line 2."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        raise LoadError(1, "the file must start with a '---' line opening the front matter")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise LoadError(1, "the front matter opened on line 1 is never closed by a '---' line")
