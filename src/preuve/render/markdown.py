"""Markdown to HTML for programmes: CommonMark without raw HTML.

``html=False`` escapes any tag the author typed, so a programme can never inject markup; images
written in Markdown syntax still become ``<img>``, which the URL fetcher then confines to the
project (see :mod:`preuve.render.fetch`).
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def to_html(text: str) -> str:
    return _parser().render(text)
