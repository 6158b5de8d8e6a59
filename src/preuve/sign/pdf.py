"""Sign a rendered PDF/A-3b with pyHanko (PAdES), reproducibly, in a visible field.

pyHanko is made deterministic where it would not be by itself (measured: two signatures of the
same bytes with the same RSA key then are identical):

* the claimed signing time is the commit's, not the clock's (pyHanko #569 asks for this);
* the document's modification date (Info and XMP) is that time too, not ``now`` in the local zone;
* the second half of the file identifier is derived from the first and the signing time, not random;
* the appearance is a page rendered by WeasyPrint (fonts embedded, as PDF/A requires), imported
  under a fixed resource name instead of a random one.

RSA PKCS#1 v1.5 signatures are deterministic; a time-stamping authority's token is not (it holds
the authority's own clock and serial number), so with ``PREUVE_TSA_URL`` signed bytes differ
from build to build. PDF/A is kept: pyHanko updates the XMP packet preuve's documents carry
(no extension schemas, pyHanko #755), and the producer recorded in Info and XMP agrees because
the unsigned PDF is written without one (see ``drop_producer``).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import ImportedPdfPage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, InnerScaling, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.metadata.model import DocumentMetadata
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter, append_signature_field
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.stamp import StaticStampStyle

from .info import SignatureInfo
from .key import SigningKey

FIELD_NAME = "Signature"
# Room for the CMS signature in the file: 8 KiB of DER (hex-encoded, twice that). Given, pyHanko
# skips the dry-run signature it makes to estimate it (74 ms instead of 125 ms per document).
BYTES_RESERVED = 16384
BYTES_RESERVED_TSA = 32768


@dataclass(frozen=True, slots=True)
class FieldBox:
    """Where the visible signature goes: a page index and a rectangle in PDF points."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def size(self) -> tuple[float, float]:
        return (self.x2 - self.x1, self.y2 - self.y1)


def drop_producer(document, pdf) -> None:
    """WeasyPrint finisher for a PDF that will be signed: no /Producer in Info, so the one pyHanko
    writes in Info and in the XMP packet is the same (PDF/A requires them to agree)."""
    pdf.info.pop("Producer", None)


def sign_pdf(data: bytes, key: SigningKey, info: SignatureInfo, box: FieldBox, appearance: bytes) -> bytes:
    """``data`` signed by ``key`` at ``info.time``, the field on ``box`` showing ``appearance``
    (a one-page PDF of the box's size)."""
    return asyncio.run(_sign(data, key, info, box, appearance))


async def _sign(data: bytes, key: SigningKey, info: SignatureInfo, box: FieldBox, appearance: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer._meta = _FixedTimeMetadata(last_modified=info.time)
    first = writer._document_id[0]
    writer._document_id = generic.ArrayObject([first, generic.ByteStringObject(
        hashlib.md5(first.original_bytes + info.time.isoformat().encode(), usedforsecurity=False).digest())])
    append_signature_field(writer, SigFieldSpec(FIELD_NAME, on_page=box.page,
                                                box=(box.x1, box.y1, box.x2, box.y2)))
    meta = PdfSignatureMetadata(field_name=FIELD_NAME, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
    timestamper = HTTPTimeStamper(info.tsa_url) if info.tsa_url else None
    # The appearance is rendered at the field's size: placed as is, neither shrunk nor framed.
    style = StaticStampStyle(background=_Appearance(appearance), border_width=0, background_layout=SimpleBoxLayoutRule(
        x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MIN, margins=Margins(),
        inner_content_scaling=InnerScaling.NO_SCALING))
    pdf_signer = PdfSigner(meta, signer=key.signer, stamp_style=style, timestamper=timestamper)

    session = pdf_signer.init_signing_session(writer)
    session.system_time = info.time  # the claimed signing time, as pyHanko's sign_pdf would use "now"
    validation = await session.perform_presign_validation(writer)
    tbs = session.prepare_tbs_document(validation_info=validation,
                                       bytes_reserved=BYTES_RESERVED_TSA if timestamper else BYTES_RESERVED)
    prepared, output = tbs.digest_tbs_document(output=io.BytesIO())
    post = await tbs.perform_signature(
        document_digest=prepared.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=info.time,
                                                    cades_signed_attrs=meta.cades_signed_attr_spec))
    await post.post_signature_processing(output)
    return output.getvalue()


class _FixedTimeMetadata(DocumentMetadata):
    """pyHanko stamps 'now' (in the local time zone) as the modification date just before
    writing; this metadata keeps the signing time instead."""

    def __setattr__(self, name, value):
        if name == "last_modified" and value == "now":
            value = self.__dict__.get("last_modified")
        super().__setattr__(name, value)


class _Appearance(ImportedPdfPage):
    """The first page of a PDF as the field's appearance, under a fixed resource name (pyHanko's
    own class reads a file and names it after a random UUID)."""

    def __init__(self, pdf: bytes):
        super().__init__(None)
        self.pdf = pdf

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.pdf)), page_ix=0)
        self.resources.xobject["/Appearance"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return b"/Appearance Do"
