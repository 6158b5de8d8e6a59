"""Markdown to HTML for programmes: CommonMark without raw HTML.

``html=False`` escapes any tag the author typed, so a programme can never inject markup; images
written in Markdown syntax still become ``<img>``, which the URL fetcher then confines to the
project (see :mod:`preuve.render.fetch`).
The text of a programme is set like every printed value (``typography.typeset``); code spans,
code blocks and link targets are left as written.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from .typography import typeset


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def to_html(text: str, locale: str | None = None) -> str:
    parser = _parser()
    tokens = parser.parse(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "text":
                child.content = typeset(child.content, locale)
    return parser.renderer.render(tokens, parser.options, {})
