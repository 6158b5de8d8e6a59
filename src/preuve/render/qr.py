"""QR codes for documents (segno): what is printed beside them, as a machine can read it.

A QR code carries the verification URL when ``verify.base_url`` is set, otherwise the code
itself; either way the same text is printed next to it, so reading the QR code never tells more
or other than the page does. SVG as a ``data:`` URL: vector (sharp when printed), deterministic,
and allowed by the confined fetcher.
"""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    """An SVG image of ``text`` as a QR code, error correction M (15 %), with its quiet zone."""
    return segno.make(text, error="m", micro=False).svg_data_uri(border=4, omitsize=True, dark="#111")
