"""Symmetry: swapping the parties' names in the input mirrors the output, claim for claim.

Two checks. The demo corpus in a mirrored world: every text, sidecar and the demo world file with Kestria
and Velsaria (their adjectives, demonyms and capitals) exchanged must give the same ledger with the names
exchanged.
And texts we write about a pair of real states, with only the texts swapped, against the package's own world
data: the code and the shipped data treat both the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from audiatur.demo import DEMO_CORPUS, DEMO_WORLD
from audiatur.domain import Document
from audiatur.extract import build_nlp, extract_documents
from audiatur.ledger import Ledger
from audiatur.present.exports.jsonl import write_jsonl

DEMO_PAIRS = [
    ("Kestria", "Velsaria"),
    ("Kestrian", "Velsarian"),
    ("Kestrians", "Velsarians"),
    ("Ostrell", "Dravon"),
]
REAL_PAIRS = [
    ("Armenia", "Azerbaijan"),
    ("Armenian", "Azerbaijani"),
    ("Armenians", "Azerbaijanis"),
    ("Yerevan", "Baku"),
]


def swapper(pairs: Iterable[tuple[str, str]]) -> Any:
    """A function exchanging each pair's words in a string, whole words only, keeping their case."""
    table: dict[str, str] = {}
    for a, b in pairs:
        table[a.lower()], table[b.lower()] = b.lower(), a.lower()
    pattern = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True)) + r")\b", re.I
    )

    def cased(word: str) -> str:
        other = table[word.lower()]
        if word.isupper():
            return other.upper()
        return other.capitalize() if word[:1].isupper() else other

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(lambda m: cased(m.group(0)), value)
        if isinstance(value, Mapping):
            return {swap(k): swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    return swap


def _without_ids(value: Any) -> Any:
    """Hashes derived from the text or a name (ids) legitimately change when the names do."""
    if isinstance(value, Mapping):
        return {k: _without_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def comparable(claims: Iterable[Mapping[str, Any]]) -> list[str]:
    """Claims without what legitimately differs when names are exchanged (ids, offsets, a place's gazetteer
    record), in a stable order."""
    out = []
    for c in claims:
        c = dict(_without_ids(c))
        for key in ("extractor_version",):
            c.pop(key, None)
        c["document"] = {k: c["document"].get(k) for k in ("title", "published", "publisher", "side")}
        c["evidence"] = {"text": c["evidence"]["text"]}
        for part in ("figure", "event"):
            if c.get(part):  # a place is compared by the name the text gives it (gazetteer ids differ)
                c[part] = {**c[part], "places": sorted(p["name"] for p in c[part].get("places") or [])}
        out.append(json.dumps(c, sort_keys=True, ensure_ascii=False))
    return sorted(out)


def _ledger_claims(corpus: Path, world: Path, tmp: Path) -> list[dict[str, Any]]:
    with Ledger.open(tmp / "ledger.db", data=[world]) as ledger:
        report = ledger.ingest([str(corpus)])
        assert report.ok and report.added, report
        out = tmp / "claims.jsonl"
        with out.open("w", encoding="utf-8") as fh:
            write_jsonl(ledger.store, fh)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
def test_the_demo_corpus_in_a_mirrored_world_gives_the_mirrored_ledger(tmp_path: Path) -> None:
    swap = swapper(DEMO_PAIRS)
    mirrored = tmp_path / "mirrored"
    (mirrored / "corpus").mkdir(parents=True)
    for path in sorted(DEMO_CORPUS.iterdir()):
        (mirrored / "corpus" / path.name).write_text(swap(path.read_text(encoding="utf-8")), encoding="utf-8")
    world = mirrored / "world.yaml"
    world.write_text(swap(DEMO_WORLD.read_text(encoding="utf-8")), encoding="utf-8")

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    original = _ledger_claims(DEMO_CORPUS, DEMO_WORLD, tmp_path / "a")
    swapped = _ledger_claims(mirrored / "corpus", world, tmp_path / "b")

    assert len(original) > 100  # the demo corpus is full of claims: an empty ledger must not pass
    parties = {c["speaker"]["party"] for c in original} | {
        (c["event"] or {}).get("actor_party") for c in original
    }
    assert {"Kestria", "Velsaria"} <= parties
    assert comparable(swap(c) for c in swapped) == comparable(original)


# --------------------------------------------------------------------------- real states, texts swapped only

TEXTS = [
    (
        "Ministry statement",
        "Armenian Ministry of Defence",
        "The Armenian Ministry of Defence said on Tuesday that Azerbaijani forces had shelled two "
        "border villages "
        "overnight, killing three civilians and wounding at least 11 others.\n\n"
        '"Azerbaijani units used multiple launch rocket systems against residential areas," '
        "ministry spokesman "
        "Aram Varos told reporters in Yerevan. He said Armenian forces only returned fire at "
        "military targets.",
    ),
    (
        "Denial",
        "Azerbaijani presidential administration",
        "Baku rejected the accusations. A spokesman for the Azerbaijani presidential administration said the "
        "Azerbaijani army does not target civilians and has never used cluster munitions, and called the "
        "claims a fabrication.\n\n"
        "According to the Azerbaijani Defence Ministry, 4 soldiers were killed and 9 wounded in Armenian "
        "artillery fire on Sunday.",
    ),
    (
        "Monitor report",
        "Border Monitoring Mission",
        "Monitors said both sides had shelled populated areas. The mission counted 17 civilians "
        "killed on the "
        "Armenian side and 12 on the Azerbaijani side since the fighting began, and said it could not verify "
        "reports that cluster munitions had been used by Azerbaijan.\n\n"
        "Armenia and Azerbaijan each blamed the other for the escalation.",
    ),
    (
        "Agency report",
        "Wire desk",
        "At least 40 homes were destroyed, local officials in Armenia said, while the Azerbaijani foreign "
        "ministry accused Armenian troops of firing on Azerbaijani villages from positions near a school. "
        "Azerbaijanis displaced by the fighting number about 2,000, according to the ministry.",
    ),
]


def _extract(texts: list[tuple[str, str, str]], nlp: Language) -> list[dict[str, Any]]:
    docs = [
        Document(
            id=f"doc{i}",
            raw_sha256="",
            source=f"test:{i}",
            text=text,
            title=title,
            publisher=publisher,
            retrieved_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        for i, (title, publisher, text) in enumerate(texts)
    ]
    by_id = {d.id: d for d in docs}
    return [c.to_dict(by_id[e.document_id]) for e in extract_documents(docs, nlp) for c in e.claims]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def test_texts_about_real_states_mirror_with_the_shipped_world_data(nlp: Language) -> None:
    swap = swapper(REAL_PAIRS)
    original = _extract(TEXTS, nlp)
    swapped = _extract([(swap(t), swap(p), swap(x)) for t, p, x in TEXTS], nlp)

    kinds = {c["kind"] for c in original}
    assert {"figure", "event"} <= kinds, kinds
    assert any(c["speaker"]["party"] == "Armenia" for c in original)
    assert any(c["speaker"]["party"] == "Azerbaijan" for c in original)
    assert any((c["event"] or {}).get("polarity") == "denied" for c in original)
    assert comparable(swap(c) for c in swapped) == comparable(original)


def test_a_one_sided_change_is_caught(nlp: Language) -> None:
    """The comparison itself can fail: swapping only one of the names breaks the mirror."""
    swap = swapper(REAL_PAIRS)
    half = swapper(REAL_PAIRS[:1] + REAL_PAIRS[2:])  # "Armenian"/"Azerbaijani" left as they were
    original = _extract(TEXTS, nlp)
    skewed = _extract([(half(t), half(p), half(x)) for t, p, x in TEXTS], nlp)
    assert comparable(swap(c) for c in skewed) != comparable(original)
