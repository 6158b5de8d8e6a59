"""Where an element of a laid-out WeasyPrint document landed on its page, in PDF points.

The visible signature is a PDF form field drawn by the signing library on top of the page, so it
must know where the template left room for it: the box of the element with a given ``id``, as
WeasyPrint laid it out (CSS pixels from the top-left corner; PDF points from the bottom-left).
"""

from __future__ import annotations

PX_TO_PT = 0.75  # CSS: 96 px per inch; PDF: 72 points per inch


def find_box(document, element_id: str) -> tuple[int, tuple[float, float, float, float]] | None:
    """``(page index, (x1, y1, x2, y2))`` of the first box made for ``#element_id``, or ``None``."""
    for index, page in enumerate(document.pages):
        stack = [page._page_box]  # WeasyPrint's layout tree: no public accessor for element boxes
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == element_id:
                x, y = box.border_box_x(), box.border_box_y()
                width, height = box.border_width(), box.border_height()
                return index, (x * PX_TO_PT, (page.height - y - height) * PX_TO_PT,
                               (x + width) * PX_TO_PT, (page.height - y) * PX_TO_PT)
            stack.extend(reversed(getattr(box, "children", ())))
    return None


MM_TO_PX = 96 / 25.4
EDGE_PX = 5 * MM_TO_PX  # what a printer leaves unprinted at a sheet's edge, at most


def margins_to_fit(document) -> dict[str, float]:
    """The page margins (CSS px) that hold every running header and footer whole, ``{}`` when
    they already do: ``{"bottom": 129.3}``.

    A margin box is as tall as the page's margin, and WeasyPrint draws whatever overflows it past
    the sheet's edge: a provider's long legal name and address pushed the NDA sentence of the
    footer (L6352-12) off every page, a long title the attendance sheet's running head. The
    content of a margin box must end ``EDGE_PX`` inside the sheet, where a printer still prints.
    """
    need: dict[str, float] = {}
    for page in document.pages:
        page_box = page._page_box  # no public accessor for margin boxes either
        for box in page_box.children:
            name = getattr(box, "at_keyword", "") or ""
            lines = getattr(box, "children", ())
            if not name or not lines:
                continue
            top = min(line.position_y for line in lines)
            bottom = max(line.position_y + line.margin_height() for line in lines)
            if name.startswith("@bottom") and bottom > page.height - EDGE_PX:
                grown = page_box.margin_bottom + bottom - (page.height - EDGE_PX)
                need["bottom"] = max(need.get("bottom", 0.0), grown)
            elif name.startswith("@top") and top < EDGE_PX:
                need["top"] = max(need.get("top", 0.0), page_box.margin_top + EDGE_PX - top)
    return need
