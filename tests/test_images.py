"""The logo and the signature image: a file WeasyPrint would not draw is an error at its field.

WeasyPrint leaves out an image it cannot read and says nothing the build shows: a certificate
would lose its signatory's scanned signature. Each case names the file in data/provider.yml and
asserts the one error ``check`` prints; ``build`` refuses the same records and writes nothing.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageFile
from pypdf import PdfReader

import sample
from test_check import diagnostic_lines, run_check
from test_hostile import build

FIELD_LINE = len(sample.PROVIDER_YML.splitlines()) + 1  # the field appended to provider.yml
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'width="40" height="20">{}<rect width="40" height="20" fill="#123"/></svg>')


def raster(fmt: str, size: tuple[int, int] = (40, 20), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    colour = {"I;16": 30000, "LA": (90, 200), "P": 7}.get(mode, (20, 40, 120))
    Image.new(mode, size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def noisy_jpeg() -> bytes:
    """A JPEG whose data is long enough that cutting it leaves a readable header."""
    buffer = io.BytesIO()
    Image.frombytes("L", (64, 64), bytes(range(256)) * 16).save(buffer, format="JPEG")
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels and holds almost none: a decompression
    bomb's header, made without the memory a real one would take."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def project(make_project, key: str, name: str, content: bytes | str, commit: bool = False):
    return make_project({"data/provider.yml": sample.PROVIDER_YML + f"{key}: {name}\n",
                         f"data/{name}": content}, commit=commit)


def error(key: str, name: str, problem: str) -> str:
    return f"data/provider.yml:{FIELD_LINE}: {key}: '{name}' {problem}"


ACCEPTED = "preuve draws PNG, JPEG, GIF, WebP or SVG images (docs/records.md)"
BAD_IMAGES = [
    pytest.param("signature.png", b"", "is an empty file, not an image", id="zero-bytes"),
    pytest.param("signature.png", "Signature: Claire Rousseau\n", f"is not an image: {ACCEPTED}", id="text-renamed"),
    pytest.param("signature.png", raster("PNG")[:-30], "is a damaged PNG image that cannot be read whole: "
                 "export it again", id="truncated-png"),
    pytest.param("signature.jpg", noisy_jpeg()[:400], "is a damaged JPEG image that cannot be read "
                 "whole: export it again", id="truncated-jpeg"),
    pytest.param("signature.bmp", raster("BMP"), f"is an image in the BMP format: {ACCEPTED}", id="bmp"),
    pytest.param("signature.png", raster("PNG", mode="I;16"), "is a PNG image in pixel mode I;16, which "
                 "WeasyPrint draws wrongly: save it with 8 bits per channel (RGB or greyscale)", id="16-bit-png"),
    pytest.param("signature.png", png_header(8000, 6000), "is 8000 × 6000 pixels: preuve draws images of up "
                 "to 40 megapixels (docs/records.md)", id="48-megapixels"),
    pytest.param("signature.png", png_header(20000, 20000), "is an image of more than 178 megapixels: preuve "
                 "draws images of up to 40 megapixels (docs/records.md)", id="decompression-bomb"),
    pytest.param("signature.svg", SVG.format('<script>alert(1)</script>'), "is an SVG with a <script> "
                 "element: an image in a document runs no script", id="svg-script"),
    pytest.param("signature.svg", SVG.format('<g onload="alert(1)"/>'), "is an SVG with an onload attribute: "
                 "an image in a document runs no script", id="svg-onload"),
    pytest.param("signature.svg", SVG.format('<image xlink:href="https://example.org/s.png"/>'),
                 "is an SVG that draws 'https://example.org/s.png', outside itself: an SVG must hold everything "
                 "it draws", id="svg-external-image"),
    pytest.param("signature.svg", SVG.format('<style>@import "https://example.org/s.css";</style>'),
                 "is an SVG that draws 'https://example.org/s.css', outside itself: an SVG must hold everything "
                 "it draws", id="svg-style-import"),
    pytest.param("signature.svg", SVG.format('<style>rect { fill: url( "file:///etc/x.svg#p" ) }</style>'),
                 "is an SVG that draws 'file:///etc/x.svg#p', outside itself: an SVG must hold everything "
                 "it draws", id="svg-style-url"),
    pytest.param("signature.svg", SVG.format('<rect style="filter: url(https://example.org/f.svg#f)"/>'),
                 "is an SVG that draws 'https://example.org/f.svg#f', outside itself: an SVG must hold everything "
                 "it draws", id="svg-style-attribute-url"),
    pytest.param("signature.svg", SVG.format('<rect fill="url(//example.org/g.svg#g)"/>'),
                 "is an SVG that draws '//example.org/g.svg#g', outside itself: an SVG must hold everything "
                 "it draws", id="svg-fill-url"),
    pytest.param("signature.svg", '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x "y">]>\n' + SVG.format("&x;"),
                 "is an SVG with a DOCTYPE or entities, which preuve does not read (docs/security.md)",
                 id="svg-entities"),
    pytest.param("signature.svg", SVG.format("<g>")[:-6], "is not an image: its XML is not well-formed (line 1)",
                 id="svg-truncated"),
    pytest.param("signature.svg", "<html><body>signature</body></html>",
                 f"is XML but not an SVG image: {ACCEPTED}", id="html-renamed"),
]


@pytest.mark.parametrize(("name", "content", "problem"), BAD_IMAGES)
def test_a_signature_image_weasyprint_would_drop_is_an_error_at_its_field(make_project, name, content, problem):
    import weasyprint  # noqa: F401 - as in a build: it tells Pillow to accept truncated images

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    root = project(make_project, "signature_image", name, content)
    result = run_check(root)
    assert result.exit_code == 1, result.output
    assert diagnostic_lines(result.output)[0] == [error("signature_image", name, problem)]
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # restored for WeasyPrint


def test_a_logo_that_is_not_an_image_stops_the_build(make_project):
    root = project(make_project, "logo", "logo.png", "<p>logo</p>\n", commit=True)
    result = build(root)
    assert result.exit_code == 1, result.output
    assert error("logo", "logo.png", f"is XML but not an SVG image: {ACCEPTED}") in result.output
    assert "nothing was built" in result.output and not (root / "output").exists()


@pytest.mark.parametrize(("name", "content"), [
    ("logo.png", raster("PNG")), ("logo.jpg", raster("JPEG")), ("logo.gif", raster("GIF")),
    ("logo.webp", raster("WEBP")), ("logo.png", raster("PNG", mode="P")), ("logo.png", raster("PNG", mode="LA")),
    ("logo.svg", SVG.format('<defs><linearGradient id="g"/></defs><use xlink:href="#g"/>'
                            '<style>rect { fill: url(#g) }</style><rect style="stroke: url(\'#g\')"/>')),
    ("logo.svg", '<?xml version="1.0" encoding="UTF-8"?>\n<svg width="4" height="2"><rect width="4" height="2"/></svg>'),
], ids=["png", "jpeg", "gif", "webp", "palette", "grey-alpha", "svg", "svg-without-namespace"])
def test_images_weasyprint_draws_are_accepted(make_project, name, content):
    result = run_check(project(make_project, "logo", name, content))
    assert result.exit_code == 0, result.output


def test_an_svg_signature_is_drawn_on_the_certificate(make_project):
    root = project(make_project, "signature_image", "signature.svg",
                   SVG.format('<path d="M2 15 C10 2, 20 18, 38 4" stroke="#000" fill="none"/>'), commit=True)
    result = build(root)
    assert result.exit_code == 0, result.output
    pdf = (root / "output" / "latest").resolve() / "sessions" / sample.FUNDED.rsplit("/", 1)[1] / "certificates" / "zoe-ndiaye.pdf"
    # WeasyPrint draws an SVG as vector paths: its curve is in the page's content stream.
    content = b"".join(page.get_contents().get_data() for page in PdfReader(pdf).pages)
    assert b"10 2 20 18 38 4 c" in content


def test_an_image_over_20_mb_is_refused_before_it_is_read(make_project):
    """Bounded in bytes as well as in pixels: an image is read whole and copied into every PDF."""
    root = project(make_project, "logo", "logo.png", raster("PNG") + b"\0" * 20_000_000)
    result = run_check(root)
    assert result.exit_code == 1, result.output
    assert diagnostic_lines(result.output)[0] == [
        error("logo", "logo.png", "is 20.0 MB: preuve reads files of this kind up to 20 MB (docs/security.md)")]
