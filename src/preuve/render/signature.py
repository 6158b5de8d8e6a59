"""The last step of rendering a signed document: its visible signature, then the signature.

The template leaves an empty box ``#signature-field`` in the labelled signature zone; its place
on the page is read from WeasyPrint's layout, and the signature field is put exactly there, so
the appearance never covers anything else. The appearance itself (who signed, when, which
certificate authority) is a small page rendered by WeasyPrint with the project's fonts, so it is
embedded as PDF/A requires. It exists only in the signature's revision of the file: a copy cut
back to the unsigned revision shows an empty box, never a claim of a signature.
"""

from __future__ import annotations

from typing import Any

from weasyprint import CSS, HTML

from ..sign.info import SignatureInfo
from .layoutbox import find_box
from .templates import Layouts

FIELD_ID = "signature-field"
STAMP_TEMPLATE = "signature-stamp.html.j2"
STAMP_STYLESHEET = "signature-stamp.css"
NARROW_PT = 125  # about 44 mm: below, the appearance uses a smaller font so nothing is cut


class Signatures:
    """One per rendering process: appearances are rendered once per size, language and signer."""

    def __init__(self, layouts: Layouts, fetcher, font_config, base_url: str):
        self.layouts = layouts
        self.fetcher = fetcher
        self.font_config = font_config
        self.base_url = base_url
        self.appearances: dict[tuple[Any, ...], bytes] = {}
        self.css: CSS | None = None

    def sign(self, data: bytes, document, context: dict[str, Any], info: SignatureInfo) -> bytes:
        from ..sign.key import key_for
        from ..sign.pdf import FieldBox, sign_pdf

        found = find_box(document, FIELD_ID)
        if found is None:
            raise ValueError(f"the layout has no element with id '{FIELD_ID}' to hold the visible signature")
        page, rect = found
        box = FieldBox(page, *(round(value, 2) for value in rect))
        return sign_pdf(data, key_for(info), info, box, self.appearance(box.size, context["locale"], info))

    def appearance(self, size: tuple[float, float], locale: str, info: SignatureInfo) -> bytes:
        key = (size, locale, info)
        if key not in self.appearances:
            if self.css is None:
                stylesheet = self.layouts.find(STAMP_STYLESHEET)
                self.css = CSS(string=stylesheet.read_text(encoding="utf-8"), url_fetcher=self.fetcher,
                               font_config=self.font_config)
            width, height = size
            page = CSS(string=f"@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0 }}",
                       font_config=self.font_config)
            html = self.layouts.template(STAMP_TEMPLATE).render({
                "locale": locale, "signature": info.shown(), "signed_on": info.time.date().isoformat(),
                "signed_at": f"{info.time:%H:%M}", "narrow": width < NARROW_PT})
            self.appearances[key] = HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).write_pdf(
                stylesheets=[self.css, page], font_config=self.font_config)
        return self.appearances[key]
