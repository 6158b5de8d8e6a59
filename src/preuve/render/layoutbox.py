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
