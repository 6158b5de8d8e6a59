"""Whether WeasyPrint will draw an image named in data/provider.yml (docs/records.md).

WeasyPrint logs an image it cannot read and leaves it out of the page: a certificate would lose
its signatory's scanned signature, or every document its logo, without the build saying a word.
So the logo and the signature image are read here as WeasyPrint will read them: a raster image
with Pillow, whole (a truncated file is refused, not drawn half grey), in a format and pixel mode
that WeasyPrint draws right; an SVG with defusedxml (no DOCTYPE, no entities), holding no script
and nothing drawn from outside itself.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from xml.etree.ElementTree import Element, ParseError

import tinycss2
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from PIL import Image, ImageFile, UnidentifiedImageError

from ..diagnostics import shorten

ACCEPTED = "PNG, JPEG, GIF, WebP or SVG"
RASTER_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "GIF": "GIF", "WEBP": "WebP"}
# Pixel modes WeasyPrint draws (it converts "1" and "P" to RGB): a 16-bit or float image is
# written to the PDF as if it had 8 bits per channel, and drawn as noise.
DRAWN_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "CMYK"}
MAX_PIXELS = 40_000_000  # an A4 page scanned at 600 dpi is 35 megapixels
MAX_IMAGE_BYTES = 20_000_000  # read whole, then copied into every PDF; such a scan is far smaller
SVG_NAMES = {"svg", "{http://www.w3.org/2000/svg}svg"}
SCRIPTED = {"script", "foreignObject"}  # foreignObject embeds HTML, and so scripts


def image_problem(raw: bytes) -> str | None:
    """Why WeasyPrint would not draw the image ``raw`` right, said after the file's name; None
    when it will. WeasyPrint tells an SVG from a raster image by its content, as this does."""
    if not raw.strip():
        return "is an empty file, not an image"
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return svg_problem(raw)
    return raster_problem(raw)


@contextmanager
def _whole_images() -> Iterator[None]:
    """Pillow refusing truncated images while in the block: WeasyPrint, once imported, tells it
    to accept them for the whole process (and then draws the missing part grey)."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def raster_problem(raw: bytes) -> str | None:
    """Pillow identifies, checks (``verify``) and decodes the whole image: a damaged PNG fails
    its checksums, a truncated JPEG only its decoding. Pixels are counted from the header first,
    so an image too large to decode (a decompression bomb) is never decoded."""
    limit = f"preuve draws images of up to {MAX_PIXELS // 1_000_000} megapixels (docs/records.md)"
    kind = "raster"
    try:
        with _whole_images(), Image.open(io.BytesIO(raw)) as image:
            if image.format not in RASTER_FORMATS:
                return f"is an image in the {image.format} format: preuve draws {ACCEPTED} images (docs/records.md)"
            kind = RASTER_FORMATS[image.format]
            width, height = image.size
            if width * height > MAX_PIXELS:
                return f"is {width} × {height} pixels: {limit}"
            if image.mode not in DRAWN_MODES:
                return (f"is a {kind} image in pixel mode {image.mode}, which WeasyPrint draws wrongly: "
                        "save it with 8 bits per channel (RGB or greyscale)")
            image.verify()
        with _whole_images(), Image.open(io.BytesIO(raw)) as image:
            image.load()
    except Image.DecompressionBombError:
        return f"is an image of more than {2 * (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000} megapixels: {limit}"
    except UnidentifiedImageError:
        return f"is not an image: preuve draws {ACCEPTED} images (docs/records.md)"
    except (OSError, SyntaxError, ValueError, EOFError):  # what Pillow's decoders raise
        return f"is a damaged {kind} image that cannot be read whole: export it again"
    return None


def svg_problem(raw: bytes) -> str | None:
    """An SVG read without its DOCTYPE or entities (defusedxml), whose root is ``<svg>``, that
    runs no script and draws nothing from outside itself (WeasyPrint would fetch it, or leave
    it out, and its hash would not be the document's)."""
    try:
        root = fromstring(raw, forbid_dtd=True)
    except DefusedXmlException:
        return "is an SVG with a DOCTYPE or entities, which preuve does not read (docs/security.md)"
    except ParseError as exc:
        return f"is not an image: its XML is not well-formed (line {exc.position[0]})"
    if root.tag not in SVG_NAMES:
        return f"is XML but not an SVG image: preuve draws {ACCEPTED} images (docs/records.md)"
    for element in root.iter():
        problem = _element_problem(element)
        if problem is not None:
            return problem
    return None


def _element_problem(element: Element) -> str | None:
    name = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
    if name in SCRIPTED:
        return f"is an SVG with a <{name}> element: an image in a document runs no script"
    if name == "style":
        return _outside(_css_references(tinycss2.parse_stylesheet(element.text or "")))
    for attribute, value in element.attrib.items():
        local = attribute.rpartition("}")[2]
        if local.lower().startswith("on"):
            return f"is an SVG with an {local} attribute: an image in a document runs no script"
        # fill="url(#g)", style="filter: url(…)": a presentation attribute may be CSS too
        found = [value] if local == "href" else _css_references(tinycss2.parse_component_value_list(value))
        problem = _outside(found)
        if problem is not None:
            return problem
    return None


def _outside(references: list[str]) -> str | None:
    for target in references:
        if not target.strip().startswith(("#", "data:")):
            return (f"is an SVG that draws {shorten(target.strip())!r}, outside itself: an SVG must hold "
                    "everything it draws")
    return None


def _css_references(nodes: list) -> list[str]:
    """What CSS in an SVG would fetch: every ``url(…)`` and ``@import``, in blocks and functions."""
    found, todo = [], list(nodes)
    while todo:
        node = todo.pop()
        if node.type == "url":
            found.append(node.value)
        elif node.type == "function" and node.lower_name == "url":
            found += [arg.value for arg in node.arguments if arg.type == "string"]
        elif node.type == "at-rule" and node.lower_at_keyword == "import":
            found += [token.value for token in node.prelude if token.type == "string"]
        for part in ("prelude", "content", "arguments"):
            todo += getattr(node, part, None) or []
    return found
