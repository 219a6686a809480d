"""Development helper: extract a folder of .txt documents (with sidecars) straight to a claims export.

    python bench/devscore.py DOCS_DIR OUT.jsonl [--world FILE ...]

No store, no ingest: for iterating on extraction against a gold file with the scorer.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

from audiatur.domain import Document
from audiatur.extract.document import analyse_text, extraction_from_analysis
from audiatur.extract.lexicon import load_lexicon


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("out")
    ap.add_argument("--world", action="append", default=[])
    args = ap.parse_args()
    lex = load_lexicon(tuple(args.world))
    lines = []
    for path in sorted(Path(args.docs).rglob("*.txt")):
        text = path.read_text(encoding="utf-8").strip()
        side = path.with_suffix(".json")
        meta = json.loads(side.read_text()) if side.exists() else {}
        pub = meta.get("published")
        doc = Document(
            id=hashlib.sha256(text.encode()).hexdigest(),
            raw_sha256="",
            source=str(path),
            text=text,
            retrieved_at=datetime.now(UTC),
            publisher=meta.get("publisher"),
            title=meta.get("title"),
            published=date.fromisoformat(pub) if pub else None,
            side=meta.get("side"),
        )
        analysis = analyse_text(text, lex, publisher=doc.publisher, side=doc.side)
        for claim in extraction_from_analysis(doc, analysis).claims:
            lines.append(json.dumps(claim.to_dict(doc)))
    Path(args.out).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
