"""Development helper: extract a folder of .txt documents (with sidecars) straight to a claims export.

    python bench/devscore.py DOCS_DIR OUT.jsonl [--world FILE ...] [--model NAME]

No store, no ingest: for iterating on extraction against a gold file with the scorer.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

from audiatur.domain import Document
from audiatur.extract import build_nlp, extract_documents


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("out")
    ap.add_argument("--world", action="append", default=[])
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    nlp = build_nlp(args.model, args.world)
    docs = []
    for path in sorted(Path(args.docs).rglob("*.txt")):
        text = path.read_text(encoding="utf-8").strip()
        side = path.with_suffix(".json")
        meta = json.loads(side.read_text()) if side.exists() else {}
        pub = meta.get("published")
        docs.append(
            Document(
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
        )
    by_id = {d.id: d for d in docs}
    lines = [
        json.dumps(c.to_dict(by_id[e.document_id])) for e in extract_documents(docs, nlp) for c in e.claims
    ]
    Path(args.out).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
