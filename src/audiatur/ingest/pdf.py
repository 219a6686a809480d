"""PDF documents with pypdf: page cap, encryption, and decompression bombs refused with a reason.

pypdf bounds each decompression at 75 MB and raises past it, but under that bound a bomb passes
silently: a few kilobytes of FlateDecode that inflate to tens of megabytes of blanks extract as an
empty string, with no error. So the bound is lowered to `max_pdf_stream_bytes` for this reader only
(pypdf's configuration is a context variable), and a PDF whose pages inflate to far more than the
file's own size yet hold no text is refused as a bomb rather than reported as an image-only scan.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

import pypdf
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

from audiatur.errors import NoExtractableText, ParseFailed, TooLarge, source_context

from .documents import Metadata, clean_field

__all__ = ["PdfText", "extract_pdf", "is_pdf"]

log = logging.getLogger(__name__)
# pypdf logs what it repairs ("EOF marker not found") as warnings; a PDF we cannot read fails with a one-line
# reason of our own, so its chatter is kept for debugging only.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_HEADER_WINDOW = 1024  # the PDF header may sit anywhere in the first kilobyte
_MB = 1024 * 1024
# No text, and content streams inflating to over a megabyte and to more than this many times the
# file's size: that is compressed padding, not a scanned page (whose content stream is a few bytes
# that draw one image; the image itself is never decoded for text).
_BOMB_MIN_BYTES = _MB
_BOMB_RATIO = 100
# Titles that name the file the PDF was made from rather than the document.
_FILE_TITLE = re.compile(r"^(microsoft word - .*|.*\.(docx?|pdf|odt|rtf|indd|pptx?|xlsx?))$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PdfText:
    """The text of a PDF's pages and the metadata its document information holds."""

    text: str
    metadata: Metadata
    pages: int


def is_pdf(raw: bytes) -> bool:
    """Whether `raw` carries a PDF header in its first kilobyte."""
    return b"%PDF-" in raw[:_HEADER_WINDOW]


def _limits(max_stream_bytes: int) -> dict[str, int]:
    return {
        "zlib_maximum_output_length": max_stream_bytes,
        "lzw_maximum_output_length": max_stream_bytes,
        "run_length_maximum_output_length": max_stream_bytes,
        "brotli_maximum_output_length": max_stream_bytes,
        "stream_decoding_work_maximum_length": 2 * max_stream_bytes,
    }


def _open(raw: bytes, source: str) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
    except PdfReadError as exc:
        raise ParseFailed(source, f"malformed PDF: {exc}") from exc
    if reader.is_encrypted:
        try:
            # Many published reports are encrypted only against editing, with an empty user password.
            opened = reader.decrypt("")
        except DependencyError as exc:
            raise ParseFailed(source, f"encrypted PDF; decrypting it needs a crypto package ({exc})") from exc
        if opened == pypdf.PasswordType.NOT_DECRYPTED:
            raise ParseFailed(source, "encrypted PDF that needs a password")
    return reader


def _metadata(reader: pypdf.PdfReader) -> Metadata:
    info = reader.metadata
    if info is None:
        return Metadata()
    title = clean_field(info.title)
    if title and _FILE_TITLE.match(title):
        title = None
    # The document information's dates say when the file was written, not when its text was published;
    # the publication date comes from a sidecar.
    return Metadata(title=title, author=clean_field(info.author))


def _inflated_content_bytes(reader: pypdf.PdfReader) -> int:
    total = 0
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            total += len(contents.get_data())
    return total


def _read(raw: bytes, source: str, max_pages: int, max_chars: int) -> PdfText:
    reader = _open(raw, source)
    count = len(reader.pages)
    if count > max_pages:
        raise TooLarge(source, f"{count:,} pages, over the limit of {max_pages:,}")
    texts: list[str] = []
    length = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        length += len(text)
        if length > max_chars * 4:
            raise TooLarge(source, f"text passes {max_chars:,} characters by page {len(texts) + 1}")
        texts.append(text.strip())
    text = "\n\n".join(t for t in texts if t)
    if not text.strip():
        inflated = _inflated_content_bytes(reader)
        if inflated >= _BOMB_MIN_BYTES and inflated > _BOMB_RATIO * len(raw):
            raise TooLarge(
                source,
                f"page content inflates from {len(raw):,} bytes to {inflated / _MB:.0f} MB "
                "and holds no text (decompression bomb)",
            )
        raise NoExtractableText(source, f"no extractable text in {count} page(s) (image-only? it needs OCR)")
    return PdfText(text=text, metadata=_metadata(reader), pages=count)


def extract_pdf(raw: bytes, source: str, *, max_pages: int, max_chars: int, max_stream_bytes: int) -> PdfText:
    """The text and metadata of a PDF, read within the page, text and decompression limits given.

    Raises `ParseFailed` (not a PDF, malformed, encrypted), `TooLarge` (pages, text, decompression
    bomb) or `NoExtractableText` (an image-only PDF), each naming `source`.
    """
    if not is_pdf(raw):
        raise ParseFailed(source, f"not a PDF: no %PDF- header (starts with {raw[:16]!r})")
    with pypdf.apply_configuration(None, **_limits(max_stream_bytes)), source_context(source):
        try:
            return _read(raw, source, max_pages, max_chars)
        except LimitReachedError as exc:
            limit = f"{max_stream_bytes / _MB:.0f} MB"
            raise TooLarge(
                source, f"a compressed stream inflates past {limit} (decompression bomb): {exc}"
            ) from exc
        except FileNotDecryptedError as exc:
            raise ParseFailed(source, "encrypted PDF that needs a password") from exc
