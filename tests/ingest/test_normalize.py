"""normalize_text, length checks and hashes: the canonical text that ids and spans index into."""

from __future__ import annotations

import hashlib

import pytest

from audiatur.errors import TooLarge
from audiatur.ingest import normalize_text, sha256_hex
from audiatur.ingest.hashing import text_id
from audiatur.ingest.normalize import check_length


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("e\u0301te\u0301", "été"),  # NFC composes
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("a\x00b\x07c\x1bd\x7fe\x9ff", "abcdef"),  # C0/C1 controls (NUL first of all) dropped
        ("tab\tkept\nline", "tab\tkept\nline"),
        ("page one\x0cpage two", "page one\npage two"),  # form feed (PDF page break) is a line break
        ("line\u2028next", "line\nnext"),
        ("trailing   \nspaces\t \nhere\u00a0", "trailing\nspaces\nhere"),
        ("a\n\n\n\n\n\nb", "a\n\n\nb"),  # runs of 3+ blank lines collapse to 2
        ("a\n\n\nb", "a\n\n\nb"),  # two blank lines stay
        ("  \n\n lead and trail \n\n ", "lead and trail"),
        ("\ufeffbom", "bom"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("“quoted” – dash — ‘single’ … ellipsis", "“quoted” – dash — ‘single’ … ellipsis"),
        ("inner    spaces  stay", "inner    spaces  stay"),
    ],
)
def test_normalize_text_canonical_form(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("text", ["Kessel\r\n\r\n\r\n\r\nshelled\x00", "  ü\u0308  ", "plain"])
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_check_length_refuses_past_the_limit() -> None:
    assert check_length("abc", "a.txt", 3) == "abc"
    with pytest.raises(TooLarge, match=r"^a\.txt: text is 4 characters, over the limit of 3$"):
        check_length("abcd", "a.txt", 3)


def test_hashes_are_sha256_of_bytes_and_of_utf8_text() -> None:
    assert sha256_hex(b"abc") == hashlib.sha256(b"abc").hexdigest()
    assert text_id("Kessel – ü") == hashlib.sha256("Kessel – ü".encode()).hexdigest()
