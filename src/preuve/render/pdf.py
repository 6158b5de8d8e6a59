"""HTML → PDF with WeasyPrint, set up once per process and reused for every document.

Measured on the project's machines (``docs/performance.md``): sharing one FontConfiguration and
a pre-parsed stylesheet across documents is 1.4× faster than a fresh set-up each time and keeps
memory flat; HarfBuzz font subsetting is ~6× faster than the fontTools fallback and is the only
path that gives byte-identical PDFs across runs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .fetch import ConfinedFetcher
from .templates import BUILTIN_LAYOUTS, Layouts

PDF_STYLESHEET = "print.css"
PDF_OPTIONS = {"pdf_variant": "pdf/a-3b", "pdf_identifier": True}

# WeasyPrint logs every refused fetch; the fetcher's own refusal is the policy, not an accident.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def harfbuzz_subsetting() -> bool:
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None


class RenderError(Exception):
    """A document that could not be made; picklable, as it crosses from worker processes.

    ``where`` is the layout line to blame (``layouts/certificate.html.j2:12``), named first: the
    fix is there, not in the document."""

    def __init__(self, output: str, message: str, where: str | None = None):
        super().__init__(output, message, where)
        self.output = output
        self.message = message
        self.where = where

    def __str__(self) -> str:
        if self.where:
            return f"{self.where}: {self.message} (while making {self.output})"
        return f"cannot render {self.output}: {self.message}"


class PdfRenderer:
    """One per worker process: templates compiled, fonts configured, stylesheet parsed once."""

    def __init__(self, project_root: Path):
        self.root = project_root.resolve()
        self.layouts = Layouts(self.root)
        # Only the record folders: never .git/, output/ or anything else kept beside the records.
        self.fetcher = ConfinedFetcher(self.root, ("data", "content", "layouts"), BUILTIN_LAYOUTS)
        self.font_config = FontConfiguration()
        stylesheet = self.layouts.find(PDF_STYLESHEET)
        self.css = CSS(string=self.layouts.read(PDF_STYLESHEET).decode("utf-8"),
                       base_url=stylesheet.parent.as_uri() + "/",
                       url_fetcher=self.fetcher, font_config=self.font_config)

    def html(self, template: str, context: dict[str, Any]) -> str:
        return self.layouts.template(template).render(context)

    def pdf(self, output: str, template: str, context: dict[str, Any]) -> bytes:
        try:
            html = self.html(template, context)
            document = HTML(string=html, base_url=self.root.as_uri() + "/", url_fetcher=self.fetcher)
            return document.write_pdf(stylesheets=[self.css], font_config=self.font_config, **PDF_OPTIONS)
        except Exception as exc:  # the layout and document are named; never a half-made certificate
            where, message = self.layouts.explain(exc)
            raise RenderError(output, message, where) from None
