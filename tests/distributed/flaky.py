"""An extractor that fails on purpose, for the failure tests (imported by the worker processes too).

A document holding `FAIL-ONCE` fails its first attempt only, `FAIL-ALWAYS` every attempt (an
ExtractionError, as a component bug gives), and `CRASH-TASK` raises an error no extractor catches, so
the whole task fails. Every attempt leaves a file in `marks`, so the tests can count them across
processes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from audiatur.distributed import ExtractorSpec
from audiatur.domain import Document, Extraction
from audiatur.errors import ExtractionError


@dataclass(frozen=True, slots=True)
class FlakySpec(ExtractorSpec):
    """The default extractor, with failures planted by markers in the text."""

    marks: str = ""

    def extract(self, document: Document) -> Extraction:
        """Extract, or fail as the document's marker says."""
        folder = Path(self.marks)
        for marker in ("FAIL-ONCE", "FAIL-ALWAYS", "CRASH-TASK"):
            if marker in document.text:
                tried = list(folder.glob(f"{document.id}-*"))
                (folder / f"{document.id}-{uuid.uuid4().hex}").touch()
                if marker == "CRASH-TASK":
                    raise RuntimeError("planted crash")
                if marker == "FAIL-ALWAYS" or not tried:
                    raise ExtractionError(document.id, "planted", f"{marker} attempt {len(tried) + 1}")
        return ExtractorSpec.extract(self, document)


def attempts(marks: Path, document_id: str) -> int:
    """How many times a planted document was tried."""
    return len(list(marks.glob(f"{document_id}-*")))
