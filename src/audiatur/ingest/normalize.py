"""Text normalisation: the one canonical form that document ids and evidence spans index into.

Only what would break storage or comparison is changed (line endings, control characters, trailing
spaces, runs of blank lines); quotes, dashes, spacing inside lines and letter case stay as written,
because extraction quotes the stored text back to the user character for character.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from audiatur.errors import TooLarge

__all__ = ["check_length", "normalize_text"]

log = logging.getLogger(__name__)

# Line breaks in their other spellings become "\n": CRLF and CR, vertical tab, form feed (PDF page
# breaks), NEL, and the Unicode line/paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")

# Every other C0/C1 control is dropped (PostgreSQL rejects NUL), as are lone surrogates, which a
# UTF-8 encoder cannot write.
_DROP = dict.fromkeys(
    [c for c in range(0x20) if c not in (0x09, 0x0A)] + [0x7F] + list(range(0x80, 0xA0)),
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{4,}")


def normalize_text(s: str) -> str:
    """The canonical form of a text: NFC, "\\n" line ends, no control characters, tidy blank lines."""
    s = unicodedata.normalize("NFC", s)
    s = _LINE_BREAKS.sub("\n", s)
    s = s.translate(_DROP)
    s = _SURROGATES.sub("", s)
    s = s.removeprefix("\ufeff")
    s = _TRAILING_SPACE.sub("", s)
    s = _BLANK_RUN.sub("\n\n\n", s)
    return s.strip()


def check_length(text: str, source: str, max_chars: int) -> str:
    """Return `text`, or raise `TooLarge` naming `source` if it is longer than `max_chars`."""
    if len(text) > max_chars:
        raise TooLarge(source, f"text is {len(text):,} characters, over the limit of {max_chars:,}")
    return text
