"""QR codes for documents (segno): what is printed beside them, as a machine can read it.

A QR code carries the verification URL when ``verify.base_url`` is set, otherwise the code
itself; either way the same text is printed next to it, so reading the QR code never tells more
or other than the page does. SVG as a ``data:`` URL: vector (sharp when printed), deterministic,
and allowed by the confined fetcher.

Its size follows its modules (docs/certificates.md): a URL needs a larger symbol than a code
(45 modules against 29, quiet zone included), and at one fixed width its modules got too small
to read in a low-resolution scan or a phone's photo (0.47 mm: none decoded at 100 dpi).

An address with letters beyond ASCII (``…/formations-réglementaires/``) is encoded as the PDF's
link is, ``%C3%A9``: segno wrote ``é`` as one ISO-8859-1 byte, which phones reading UTF-8 (and
zbar, reading Shift JIS) turned into another address.
"""

from __future__ import annotations

from urllib.parse import quote

import segno

MODULE_MM = 0.65  # 2.5 pixels per module at 100 dpi: read by zbar at every position and blur tried
MIN_WIDTH_MM = 21.0
PRINTABLE_ASCII = "".join(map(chr, range(0x21, 0x7F)))  # kept as written; anything else %-encoded


def qr_data_uri(text: str) -> str:
    """An SVG image of ``text`` as a QR code, error correction M (15 %), with its quiet zone,
    its width and height in millimetres (at least ``MODULE_MM`` per module, ``MIN_WIDTH_MM``)."""
    code = segno.make(quote(text, safe=PRINTABLE_ASCII), error="m", micro=False)
    modules = code.symbol_size(border=4)[0]
    scale = max(MODULE_MM, MIN_WIDTH_MM / modules)
    return code.svg_data_uri(border=4, scale=scale, unit="mm", dark="#111")
