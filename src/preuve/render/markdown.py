"""Markdown to HTML for programmes: CommonMark without raw HTML.

``html=False`` escapes any tag the author typed, so a programme can never inject markup; images
written in Markdown syntax still become ``<img>``, which the URL fetcher then confines to the
project (see :mod:`preuve.render.fetch`).
The text of a programme is set like every printed value (``typography.typeset``); code spans,
code blocks and link targets are left as written.

Its headings are set under the document's own: the programme's highest level (``#`` or ``##``,
as the author chose) becomes ``<h3>``, under the document's "Contenu et déroulé", and the next
ones ``<h4>`` to ``<h6>``. A ``#`` was an ``<h1>`` beside the document's title, in the print
and in the PDF's outline, as if it began a second document.

A link leads somewhere only when it is a web or mail address (``https://``, ``http://``,
``mailto:``). Any other (``[le quiz](evidence/quiz.csv)``) would point inside the machine that
built the PDF, a dead link in every reader's hands: its text is printed with its target after
it, "le quiz (evidence/quiz.csv)", and no link.

A word too long for a table's column (a link, a file path, a prompt in a code span) is set in a
``long-word`` span, which the print stylesheet lets break anywhere: a table's columns are at
least as wide as their longest word, so such a word pushed the last columns off the page, while
breaking every word anywhere split short ones ("Resso-urce") to make room.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from .typography import typeset


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.block.tokenize = _noting_depth(parser.block.tokenize)
    return parser


def _noting_depth(tokenize: Callable[[StateBlock, int, int], None]) -> Callable[[StateBlock, int, int], None]:
    """The block parser's ``tokenize``, noting in ``env["dropped"]`` the first line it skips for
    being nested deeper than ``maxNesting`` (20): the parser drops such lines without a word, and
    a programme would print without them (blockquotes in blockquotes, a list ten levels deep)."""
    def noted(state: StateBlock, start: int, end: int) -> None:
        line = state.skipEmptyLines(start)
        if (line < end and state.sCount[line] >= state.blkIndent and state.level >= state.md.options.maxNesting
                and "dropped" not in state.env):
            state.env["dropped"] = line
        tokenize(state, start, end)
    return noted


def dropped_line(text: str) -> int | None:
    """The first line of ``text`` (0 for its first) that the parser would drop for its depth."""
    env: dict = {}
    _parser().parse(text, env)
    return env.get("dropped")


LONG_WORD = re.compile(r"\S{20,}")  # wider than a narrow column: some 35 mm at 8.8 pt


def to_html(text: str, locale: str | None = None, top: int = 3) -> str:
    parser = _parser()
    tokens = parser.parse(text)
    _nest_headings(tokens, top)
    in_cell = False
    for token in tokens:
        in_cell = token.type in ("td_open", "th_open") or (in_cell and token.type not in ("td_close", "th_close"))
        for child in token.children or ():
            if child.type == "text":
                child.content = typeset(child.content, locale)
        if token.children:
            token.children = _plain_links(token.children)
        if in_cell and token.children:
            token.children = [part for child in token.children for part in _long_words(child)]
    return parser.renderer.render(tokens, parser.options, {})


WEB_LINK = re.compile(r"(https?://|mailto:)", re.IGNORECASE)


def _plain_links(children: list[Token]) -> list[Token]:
    """``children`` with each link that is not a web or mail address set as its text followed by
    its target in parentheses (links do not nest in CommonMark: one is open at a time)."""
    kept: list[Token] = []
    target = None
    for child in children:
        href = str(child.attrGet("href") or "")
        if child.type == "link_open" and not WEB_LINK.match(href):
            target = href
        elif child.type == "link_close" and target is not None:
            kept.append(Token("text", "", 0, content=f" ({target})"))
            target = None
        else:
            kept.append(child)
    return kept


def _nest_headings(tokens: list[Token], top: int) -> None:
    """The highest heading level of ``tokens`` becomes ``top``, the others keep their distance
    to it, down to ``<h6>``."""
    headings = [token for token in tokens if token.type in ("heading_open", "heading_close")]
    highest = min((int(token.tag[1]) for token in headings), default=1)
    for token in headings:
        token.tag = f"h{min(6, int(token.tag[1]) - highest + top)}"


def _long_words(token: Token) -> list[Token]:
    """``token``, with each long word of a text set apart in a ``long-word`` span (the word itself
    stays a text token, escaped as any other) and a code span holding one marked as a whole."""
    if token.type == "code_inline" and LONG_WORD.search(token.content):
        token.attrJoin("class", "long-word")
    if token.type != "text" or not LONG_WORD.search(token.content):
        return [token]
    parts: list[Token] = []
    for index, piece in enumerate(re.split(r"(\S{20,})", token.content)):
        if index % 2:
            parts += [Token("html_inline", "", 0, content='<span class="long-word">'),
                      Token("text", "", 0, content=piece), Token("html_inline", "", 0, content="</span>")]
        elif piece:
            parts.append(Token("text", "", 0, content=piece))
    return parts
