"""HTML → PDF with WeasyPrint, set up once per process and reused for every document.

Measured on the project's machines (``docs/performance.md``): sharing one FontConfiguration and
a pre-parsed stylesheet across documents is 1.4× faster than a fresh set-up each time and keeps
memory flat; HarfBuzz font subsetting is ~6× faster than the fontTools fallback and is the only
path that gives byte-identical PDFs across runs.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pydyf
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from ..facts import FACTS_FILE
from ..sign.info import SignatureInfo
from .engine import PDF_OPTIONS, PDF_STYLESHEET, RenderError
from .fetch import ConfinedFetcher
from .layoutbox import margins_to_fit
from .signature import Signatures
from .templates import BUILTIN_LAYOUTS, Layouts

# WeasyPrint logs every refused fetch; the fetcher's own refusal is the policy, not an accident.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


# The faces documents use: the body's, bold, the codes' monospace, accented letters.
PRIMER = '<body class="certificate"><p>Prêt <strong>é</strong> <span class="code">0-A</span></p></body>'


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
                       base_url=self.fetcher.url(stylesheet.parent),
                       url_fetcher=self.fetcher, font_config=self.font_config)
        self.primed = False
        self.signatures = Signatures(self.layouts, self.fetcher, self.font_config, self.fetcher.url(self.root))

    def prime(self) -> None:
        """Make a one-line document and throw it away: the first document a process makes pays
        for loading the fonts and warming WeasyPrint's caches (some 40 ms, ``docs/performance.md``);
        a worker does it while its build plans, instead of while the build waits for it. Once."""
        if self.primed:
            return
        self.primed = True
        HTML(string=PRIMER, base_url=self.fetcher.url(self.root), url_fetcher=self.fetcher).render(
            stylesheets=[self.css], font_config=self.font_config).write_pdf(**PDF_OPTIONS)

    def html(self, template: str, context: dict[str, Any]) -> str:
        return self.layouts.template(template).render(context)

    def pdf(self, output: str, template: str, context: dict[str, Any],
            signature: SignatureInfo | None = None) -> bytes:
        """The document's PDF/A-3b; with its facts embedded when the context has ``facts``, and
        signed when ``signature`` is given."""
        try:
            html = self.html(template, context)
            document = self._layout(html)
            margins = margins_to_fit(document)
            if margins:  # a footer or a running head taller than its margin: laid out again
                document = self._layout(html, margins)
            options: dict[str, Any] = dict(PDF_OPTIONS)
            if context.get("facts"):
                options["attachments"] = [facts_attachment(context["facts"])]
            data = document.write_pdf(finisher=_Finisher(signed=signature is not None), **options)
            return self.signatures.sign(data, document, context, signature) if signature is not None else data
        except Exception as exc:  # the layout and document are named; never a half-made certificate
            where, message = self.layouts.explain(exc)
            raise RenderError(output, message, where) from None

    def _layout(self, html: str, margins: dict[str, float] | None = None):
        """The laid-out document; ``margins`` (CSS px, ``margins_to_fit``) override every page's."""
        stylesheets = [self.css]
        if margins:
            rules = " ".join(f"margin-{side}: {size:.2f}px !important;" for side, size in sorted(margins.items()))
            stylesheets.append(CSS(string=f"@page {{ {rules} }}", font_config=self.font_config))
        return HTML(string=html, base_url=self.fetcher.url(self.root), url_fetcher=self.fetcher).render(
            stylesheets=stylesheets, font_config=self.font_config)


class _Finisher:
    """Last touches to WeasyPrint's PDF before it is written."""

    def __init__(self, signed: bool):
        self.signed = signed

    def __call__(self, document, pdf) -> None:
        # WeasyPrint's PDF/A step lists an attachment twice in the catalog's associated files
        # (once from the embedded-files tree, once as a file specification): once is enough.
        if "AF" in pdf.catalog:
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
        if self.signed:
            from ..sign.pdf import drop_producer

            drop_producer(document, pdf)


def facts_attachment(facts: dict[str, Any]) -> Attachment:
    """The document's facts as an associated file (PDF/A-3, relationship Data), dated from the
    document's issue date so that the bytes depend on the records only."""
    day = datetime.fromisoformat(facts["issued"]["on"]).replace(tzinfo=timezone.utc)
    data = json.dumps(facts, ensure_ascii=False, indent=2, sort_keys=True).encode()
    return Attachment(string=data, name=FACTS_FILE, description="Facts stated by this document (JSON)",
                      created=day, modified=day, relationship="Data")
