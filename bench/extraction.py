"""Extraction throughput: the default pipeline vs spaCy's bare tokenizer + sentencizer on the same text.

    python -m bench.extraction [--words 200000] [--corpus DIR] [--model NAME]

Replicates a corpus (the bundled demo corpus by default) to at least `--words` words, then times, in the same
run and in CPU seconds of this process, (a) `spacy.blank("en")` + `sentencizer` and (b) audiatur's
`extract_documents` (the default, model-free pipeline). Prints words/s for both, their ratio (target ≥ 0.30),
and the peak memory growth over the first and second halves of the documents (flat = no growth per document).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import resource
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import spacy

from audiatur.domain import Document
from audiatur.extract import build_nlp, extract_documents

DEMO = Path(__file__).resolve().parents[1] / "src" / "audiatur" / "demo" / "corpus"


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(words: int = 200_000, corpus: Path = DEMO, model: str | None = None) -> dict[str, Any]:
    """Measure and return the figures (also printed by `main`)."""
    texts = _texts(corpus)
    if not texts:
        raise SystemExit(f"no .txt documents in {corpus}")
    per_copy = sum(len(t.split()) for t in texts)
    copies = max(1, -(-words // per_copy))
    # each copy differs in one character so no two documents are identical
    corpus_texts = [f"{t}\n\n{i}." for i in range(copies) for t in texts]
    total_words = sum(len(t.split()) for t in corpus_texts)
    docs = [
        Document(
            id=hashlib.sha256(t.encode()).hexdigest(),
            raw_sha256="",
            source=f"bench:{n}",
            text=t,
            retrieved_at=datetime.now(UTC),
        )
        for n, t in enumerate(corpus_texts)
    ]

    bare = spacy.blank("en")
    bare.add_pipe("sentencizer")
    for _ in bare.pipe(corpus_texts[:20]):
        pass
    t0 = time.process_time()
    for _ in bare.pipe(corpus_texts):
        pass
    bare_s = time.process_time() - t0

    nlp = build_nlp(model)
    for _ in extract_documents(docs[:20], nlp):
        pass
    gc.collect()
    half = len(docs) // 2
    t0 = time.process_time()
    rss0 = _rss_mb()
    claims = 0
    for i, extraction in enumerate(extract_documents(docs, nlp)):
        claims += len(extraction.claims)
        if i == half:
            rss_half = _rss_mb()
    ours_s = time.process_time() - t0
    rss_end = _rss_mb()
    result = {
        "documents": len(docs),
        "words": total_words,
        "claims": claims,
        "bare_words_per_s": round(total_words / bare_s),
        "audiatur_words_per_s": round(total_words / ours_s),
        "ratio": round(bare_s / ours_s, 3),
        "peak_rss_mb": round(rss_end, 1),
        "rss_growth_first_half_mb": round(rss_half - rss0, 1),
        "rss_growth_second_half_mb": round(rss_end - rss_half, 1),
        "model": model or "none (blank en)",
    }
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--corpus", type=Path, default=DEMO)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    r = run(args.words, args.corpus, args.model)
    print(
        f"extraction on {r['documents']:,} documents, {r['words']:,} words ({r['claims']:,} claims), "
        f"model: {r['model']}"
    )
    print(f"  spaCy blank tokenizer + sentencizer  {r['bare_words_per_s']:>10,} words/s")
    print(f"  audiatur default pipeline            {r['audiatur_words_per_s']:>10,} words/s")
    print(f"  ratio                                {r['ratio']:>10.2f}   (target >= 0.30)")
    print(
        f"  peak RSS {r['peak_rss_mb']:.0f} MB; growth first half {r['rss_growth_first_half_mb']:+.1f} MB, "
        f"second half {r['rss_growth_second_half_mb']:+.1f} MB"
    )


if __name__ == "__main__":
    main()
