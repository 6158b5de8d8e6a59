"""The plain reference: each document's own words as a plain one-page document, for the benchmark.

preuve's template renders the document's HTML; its text is then taken out block by block (a
paragraph, a heading, a list item, a table cell: one paragraph each) and laid out under a
stylesheet of a handful of rules, with the same images (the QR code, the logo) and the same
PDF options (PDF/A-3b, the facts attached) as preuve's document. Same words, same pictures, no
layout: its cost is what the document costs without preuve's layouts, and the difference is
their weight.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

PLAIN_CSS = """
@page { size: A4; margin: 16mm 18mm; }
body { font-family: "Liberation Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; color: #111; }
h1 { font-size: 16pt; margin: 0 0 3mm; }
p { margin: 0 0 1.5mm; }
img { float: right; width: 21mm; height: 21mm; margin: 0 0 2mm 3mm; }
"""

# Tags that end a block of text: what is inside becomes one paragraph.
BLOCKS = {"p", "div", "h1", "h2", "h3", "li", "td", "th", "tr", "header", "main", "section", "ul", "ol", "table",
          "br", "body"}
SKIPPED = {"title", "style", "script", "head"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.images: list[str] = []
        self.current: list[str] = []
        self.skipping = 0
        self.title: str | None = None
        self.in_h1 = False

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            if self.in_h1 and self.title is None:
                self.title = text
            else:
                self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.images.append(src)
        elif tag in BLOCKS:
            self.flush()
            self.in_h1 = tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping -= 1
        elif tag in BLOCKS:
            self.flush()
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)


def plain_html(document_html: str, locale: str = "fr") -> str:
    """The plain version of a document preuve's template made: its words, its images."""
    found = _Text()
    found.feed(document_html)
    found.close()
    found.flush()
    title = escape(found.title or "")
    images = "".join(f'<img src="{escape(src)}" alt="">' for src in found.images)
    body = "".join(f"<p>{escape(text)}</p>" for text in found.blocks)
    return (f'<!DOCTYPE html><html lang="{locale}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body>{images}<h1>{title}</h1>{body}</body></html>")
