"""Quality gate: extraction scores on the development set and on our own corpora never fall below their pins.

Each corpus goes through the real path (ingest into a SQLite ledger, extract, export the claims contract)
and is scored by the evaluation's own `score.py`. The pinned scores live in `eval_baseline.json` with a
fingerprint of what they were measured on. When a corpus changes (the development gold grows), its pin no
longer applies: the development set then has to meet the acceptance floors of the extraction issues, and our
own corpora must be re-pinned. Re-pin after an improvement with `make pin-eval` (AUDIATUR_PIN_EVAL=1).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from audiatur.demo import DEMO_CORPUS, DEMO_GOLD, DEMO_WORLD
from audiatur.ledger import Ledger
from audiatur.present.exports.jsonl import write_jsonl

pytestmark = [pytest.mark.eval, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SCORER = SHARED_EVAL / "score.py"
BASELINE = Path(__file__).with_name("eval_baseline.json")
GENRE = ROOT / "tests" / "corpus" / "genre"

# metric name in the pin -> how to read it from score.py's --json report
METRICS: dict[str, tuple[str, ...]] = {
    "figures_detected_f1": ("figures_detected", "f1"),
    "figures_strict_f1": ("figures_strict", "f1"),
    "figure_bound_accuracy": ("figure_bound_accuracy",),
    "figure_speaker_accuracy": ("figure_speaker_accuracy",),
    "events_detected_f1": ("events_detected", "f1"),
    "event_actor_accuracy": ("event_actor_accuracy",),
}
# the acceptance floors of the extraction issues, for a development set that has changed since the pin
ACCEPTANCE = {"figures_strict_f1": 0.90, "figure_speaker_accuracy": 0.90}

CORPORA: dict[str, tuple[Path, Path, tuple[Path, ...]]] = {
    "dev": (SHARED_EVAL / "dev" / "docs", SHARED_EVAL / "dev" / "gold.jsonl", ()),
    "demo": (DEMO_CORPUS, DEMO_GOLD, (DEMO_WORLD,)),
    "genre": (GENRE / "docs", GENRE / "gold.jsonl", (GENRE / "world.yaml",)),
}


def _fingerprint(docs: Path, gold: Path, data: Sequence[Path]) -> str:
    """SHA-256 over the gold, every document file (name and bytes) and the extra world files."""
    h = hashlib.sha256()
    for path in [gold, *sorted(p for p in docs.rglob("*") if p.is_file()), *data]:
        h.update(str(path.relative_to(path.parents[1]) if path.is_relative_to(docs) else path.name).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _score(gold: Path, claims: Path) -> dict[str, float]:
    """Run the evaluation's scorer and pick the pinned metrics from its JSON report."""
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(claims), "--json"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    report: dict[str, Any] = json.loads(out)
    scores: dict[str, float] = {}
    for name, path in METRICS.items():
        value: Any = report
        for key in path:
            value = value[key]
        scores[name] = float(value)
    return scores


def _claims_via_cli(docs: Path, data: Sequence[Path], tmp: Path) -> Path:
    """The user's path, command by command: `audiatur ingest` then `audiatur export`."""
    db, out = tmp / "ledger.db", tmp / "claims.jsonl"
    extra = [arg for p in data for arg in ("--data", str(p))]
    env = {**os.environ, "AUDIATUR_DATABASE_URL": str(db)}
    cli = [sys.executable, "-m", "audiatur"]
    subprocess.run([*cli, "ingest", str(docs), *extra], check=True, capture_output=True, env=env, timeout=600)
    subprocess.run(
        [*cli, "export", "--format", "jsonl", "-o", str(out)],
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    )
    return out


def _claims_in_process(docs: Path, data: Sequence[Path], tmp: Path) -> Path:
    """The same path through the library (one process: faster for the corpora we write ourselves)."""
    out = tmp / "claims.jsonl"
    with Ledger.open(tmp / "ledger.db", data=data) as ledger:
        report = ledger.ingest([str(docs)])
        assert report.ok, report
        with out.open("w", encoding="utf-8") as fh:
            write_jsonl(ledger.store, fh)
    return out


def _baseline() -> dict[str, Any]:
    return json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {"corpora": {}}


@pytest.fixture(scope="module")
def scorer() -> Path:
    if not SCORER.is_file():
        pytest.skip(
            f"the development evaluation set is not at {SHARED_EVAL} (it lives beside the repository)"
        )
    return SCORER


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_scores_hold_their_pins(corpus: str, scorer: Path, tmp_path: Path) -> None:
    docs, gold, data = CORPORA[corpus]
    if not gold.is_file():
        pytest.skip(f"{gold} is absent")
    claims = (_claims_via_cli if corpus == "dev" else _claims_in_process)(docs, data, tmp_path)
    scores = _score(gold, claims)
    fingerprint = _fingerprint(docs, gold, data)

    if os.environ.get("AUDIATUR_PIN_EVAL"):
        baseline = _baseline()
        baseline["corpora"][corpus] = {"fingerprint": fingerprint, "scores": scores}
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return

    pinned = _baseline()["corpora"].get(corpus)
    if pinned is None or pinned["fingerprint"] != fingerprint:
        if corpus != "dev":
            pytest.fail(
                f"the {corpus} corpus or its gold changed since its scores were pinned: run make pin-eval"
            )
        warnings.warn(
            f"the development set changed since the pin; checking the acceptance floors only: {scores}",
            stacklevel=1,
        )
        floors = ACCEPTANCE
    else:
        floors = pinned["scores"]
    below = {m: (scores[m], floor) for m, floor in floors.items() if scores[m] < floor}
    assert not below, (
        f"{corpus}: scores fell below their floors (score, floor): {below}; all scores: {scores}"
    )
