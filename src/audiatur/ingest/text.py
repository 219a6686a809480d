"""Plain text (`.txt`, `.md`): bytes to text without silent mojibake."""

from __future__ import annotations

import codecs
import logging

import charset_normalizer

from audiatur.errors import ParseFailed

__all__ = ["decode_text", "looks_binary"]

log = logging.getLogger(__name__)

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text (everything below 0x20 but tab, LF, FF, CR and ESC).
_BINARY_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_SNIFF_BYTES = 8192
# charset_normalizer's "chaos" score: above this the best guess still reads as garbage.
_MAX_CHAOS = 0.2


def _bom(raw: bytes) -> tuple[str, int] | None:
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            return encoding, len(mark)
    return None


def looks_binary(raw: bytes) -> bool:
    """Whether `raw` (without a UTF-16/32 BOM) holds bytes that plain text does not (NUL and the like)."""
    head = raw[:_SNIFF_BYTES]
    return any(b in _BINARY_BYTES for b in head)


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def decode_text(raw: bytes, source: str, declared: str | None = None) -> str:
    """Decode bytes to text: BOM, strict UTF-8, the declared charset, then a checked detection.

    Valid UTF-8 wins over a declared charset because servers and pages often declare ISO-8859-1 for
    UTF-8 text, and decoding UTF-8 as ISO-8859-1 never fails: it silently produces mojibake. Raises
    `ParseFailed` naming `source` for binary data or bytes no encoding reads cleanly.
    """
    if bom := _bom(raw):
        encoding, skip = bom
        try:
            return raw[skip:].decode(encoding)
        except UnicodeDecodeError as exc:
            reason = f"invalid {encoding} after its byte-order mark at byte {exc.start}"
            raise ParseFailed(source, reason) from exc
    wide = declared is not None and declared.lower().replace("_", "-").startswith(("utf-16", "utf-32"))
    if wide and declared and (text := _try(raw, declared)) is not None:
        return text
    if looks_binary(raw):
        raise ParseFailed(source, "binary data, not text (control bytes such as NUL)")
    if (text := _try(raw, "utf-8")) is not None:
        return text
    if declared and (text := _try(raw, declared)) is not None:
        return text
    best = charset_normalizer.from_bytes(raw).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise ParseFailed(source, "not valid UTF-8 and no other text encoding reads it cleanly")
    log.info("%s: decoded as %s", source, best.encoding)
    return str(best)
