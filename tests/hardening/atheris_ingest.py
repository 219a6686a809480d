"""Coverage-guided fuzzing of the readers with atheris (libFuzzer): `python atheris_ingest.py -runs=N [CORPUS]`.

The first byte picks the reader (text, HTML, feed, PDF, JSONL, sidecar JSON, gzip), the rest is its
input. An `InputError` is the expected refusal; any other exception is a crash, which libFuzzer
reports with the input that caused it (kept as `crash-*` under `-artifact_prefix`). Copy a crashing
input into `crashers/` with its reader's extension so `test_crashers.py` replays it.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["audiatur"]):
    from audiatur.errors import InputError
    from audiatur.ingest.compression import gunzip
    from audiatur.ingest.documents import Metadata
    from audiatur.ingest.feeds import read_feed
    from audiatur.ingest.html import extract_html
    from audiatur.ingest.jsonl import read_jsonl
    from audiatur.ingest.pdf import extract_pdf
    from audiatur.ingest.sidecar import read_sidecar
    from audiatur.ingest.text import decode_text

_FOLDER = Path(tempfile.mkdtemp(prefix="audiatur-atheris-"))
_DOCUMENT = _FOLDER / "statement.txt"
_DOCUMENT.write_text("The ministry said on Tuesday that four civilians were killed.", encoding="utf-8")
_SIDECAR = _FOLDER / "statement.json"


def _sidecar(raw: bytes) -> object:
    _SIDECAR.write_bytes(raw)
    return read_sidecar(_DOCUMENT)


READERS = (
    lambda raw: decode_text(raw, "fuzz.txt"),
    lambda raw: extract_html(raw, "fuzz.html"),
    lambda raw: read_feed(raw, "fuzz.xml"),
    lambda raw: extract_pdf(raw, "fuzz.pdf", max_pages=20, max_chars=200_000, max_stream_bytes=4 << 20),
    lambda raw: list(read_jsonl(io.BytesIO(raw), "fuzz.jsonl", base=Metadata(), max_text_chars=200_000)),
    _sidecar,
    lambda raw: gunzip(raw, "fuzz.gz", 1 << 20),
)


def test_one_input(data: bytes) -> None:
    """One fuzz case: our own input errors are fine, anything else propagates as a crash."""
    if not data:
        return
    reader = READERS[data[0] % len(READERS)]
    with contextlib.suppress(InputError):
        reader(data[1:])


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
