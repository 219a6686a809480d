"""The ledger end to end on a real SQLite file: ingest, extraction, dedup, failures, provenance, exports."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from audiatur.demo import DEMO_WORLD
from audiatur.domain import Document
from audiatur.ledger import Ledger
from audiatur.present.exports.csv import write_csv
from audiatur.present.exports.jsonl import write_jsonl

REPORT_A = """Velsarian shelling kills four in Pellin, Kestrian officials say

PELLIN, 3 May 2027 — Four civilians were killed and at least nine wounded when Velsarian artillery shelled
the town of Pellin overnight, the Kestrian Ministry of Defence said on Saturday.

Colonel Ansel Vidmark, a ministry spokesman, said the shells struck a residential street near the market.
"Velsaria deliberately targets civilians," Vidmark said.
"""

REPORT_B = """Velsaria denies shelling Pellin

DRAVON, 4 May 2027 — The Velsarian Ministry of Defence denied on Sunday that its forces had shelled Pellin,
calling the Kestrian account a fabrication. Velsarian forces do not target civilians, the ministry said.
"""

REPORT_C = """Monitors count casualties along the Orlen line

The Orlen Monitoring Mission said on 5 May that it had confirmed the deaths of three civilians in Pellin and
could not verify further casualties. The mission urged both sides to spare civilians.
"""


def _all_documents(ledger: Ledger) -> list[Document]:
    return [ledger.store.get_document(info.id) for info in ledger.store.list_documents(limit=1000).items]


def _write(folder: Path, name: str, text: str, sidecar: dict[str, str] | None = None) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_corpus: Path) -> Path:
    _write(tmp_corpus, "a.txt", REPORT_A, {"publisher": "Kestpress", "published": "2027-05-03"})
    _write(
        tmp_corpus, "b.txt", REPORT_B, {"publisher": "Velsarian Telegraph Agency", "published": "2027-05-04"}
    )
    _write(tmp_corpus, "c.md", REPORT_C)
    return tmp_corpus


@pytest.fixture()
def ledger(tmp_path: Path) -> Ledger:
    with Ledger.open(tmp_path / "ledger.db", data=[DEMO_WORLD]) as opened:
        yield opened


def test_a_folder_is_stored_with_hashes_and_claims_whose_evidence_is_the_text(
    corpus: Path, ledger: Ledger
) -> None:
    report = ledger.ingest([str(corpus)], analyze=False)
    assert report.ok and len(report.added) == 3 and report.claims > 0

    docs = {Path(d.source).name: d for d in _all_documents(ledger)}
    assert set(docs) == {"a.txt", "b.txt", "c.md"}
    assert docs["a.txt"].publisher == "Kestpress" and str(docs["a.txt"].published) == "2027-05-03"
    for name, document in docs.items():
        raw = ledger.store.get_raw(document.raw_sha256)
        assert raw == (corpus / name).read_bytes()
        assert document.raw_sha256 == hashlib.sha256(raw).hexdigest()

    out = io.StringIO()
    n = write_jsonl(ledger.store, out)
    claims = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(claims) == report.claims
    by_id = {d.id: d for d in docs.values()}
    for claim in claims:
        document = by_id[claim["document"]["id"]]
        ev = claim["evidence"]
        assert document.text[ev["start"] : ev["end"]] == ev["text"]
    kinds = {c["kind"] for c in claims}
    assert {"figure", "event"} <= kinds
    killed = [c for c in claims if c["kind"] == "figure" and c["figure"]["measure"] == "killed"]
    assert {(c["speaker"]["party"], c["figure"]["value"]) for c in killed} >= {("Kestria", 4)}
    denied = [c for c in claims if c["kind"] == "event" and c["event"]["polarity"] == "denied"]
    assert any(
        c["speaker"]["party"] == "Velsaria" and c["event"]["actor_party"] == "Velsaria" for c in denied
    )


def test_re_ingesting_changes_nothing(corpus: Path, ledger: Ledger) -> None:
    first = ledger.ingest([str(corpus)], analyze=False)
    before = (ledger.store.count_documents(), ledger.store.count_claims())
    again = ledger.ingest([str(corpus)], analyze=False)
    assert again.ok and again.added == [] and sorted(again.unchanged) == sorted(first.added)
    assert (ledger.store.count_documents(), ledger.store.count_claims()) == before


def test_a_syndicated_copy_is_linked_to_the_first(corpus: Path, ledger: Ledger, tmp_path: Path) -> None:
    ledger.ingest([str(corpus)], analyze=False)
    copy = tmp_path / "copy"
    copy.mkdir()
    _write(copy, "syndicated.txt", REPORT_A.replace("PELLIN, 3 May", "PELLIN, May 3") + "\n(Agency copy)\n")
    report = ledger.ingest([str(copy)], analyze=False)
    original = next(d for d in _all_documents(ledger) if d.source.endswith("a.txt"))
    assert report.duplicates == [(report.added[0], original.id)]


def test_bad_files_fail_one_line_each_and_the_rest_is_stored(corpus: Path, ledger: Ledger) -> None:
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (corpus / "binary.html").write_bytes(b"\x00\x01\x02\x03 binary")
    (corpus / "bulk.jsonl").write_text(
        '{"text": "Four were killed, officials said."}\n{"text": \n', encoding="utf-8"
    )
    errors: list[tuple[str, str]] = []
    report = ledger.ingest(
        [str(corpus)], analyze=False, on_error=lambda source, reason: errors.append((source, reason))
    )
    assert not report.ok
    failed = {Path(source.split(":")[0]).name for source, _ in report.failed}
    assert failed == {"broken.pdf", "binary.html", "bulk.jsonl"}
    assert errors == report.failed
    for source, reason in report.failed:
        assert reason and "\n" not in reason and "\n" not in source
    assert any(source.endswith("bulk.jsonl:2") for source, _ in report.failed)  # the line is named
    assert len(report.added) == 4  # a, b, c and the good JSONL line
    assert ledger.store.count_documents() == 4


@Language.component("test_fails_on_marker")
def _fails_on_marker(doc: Doc) -> Doc:
    if "FAULT-INJECTED" in doc.text:
        raise RuntimeError("a component failed")
    return doc


def test_an_extraction_failure_stores_nothing_of_that_document(corpus: Path, ledger: Ledger) -> None:
    _write(corpus, "d.txt", "FAULT-INJECTED. Twelve people were killed in Harvik, the mayor said.")
    ledger.nlp.add_pipe("test_fails_on_marker", first=True)
    report = ledger.ingest([str(corpus)], analyze=False)
    assert [Path(source).name for source, _ in report.failed] == ["d.txt"]
    assert "test_fails_on_marker" in report.failed[0][1] and "a component failed" in report.failed[0][1]
    assert len(report.added) == 3
    sources = {Path(d.source).name for d in _all_documents(ledger)}
    assert "d.txt" not in sources  # neither the document nor its raw bytes nor any claim of it
    assert ledger.store.count_documents() == 3


def test_csv_export_has_one_row_per_claim(corpus: Path, ledger: Ledger) -> None:
    report = ledger.ingest([str(corpus)], analyze=False)
    out = io.StringIO()
    write_csv(ledger.store, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == report.claims
    assert {"kind", "speaker.name", "speaker.party", "evidence.text"} <= set(rows[0])
    assert {row["id"] for row in rows} == {r.claim.id for r in ledger.store.list_claims(limit=1000).items}


@pytest.mark.eval
def test_the_seed_documents_ingest_with_their_sidecars(shared_eval: Path, ledger: Ledger) -> None:
    seeds = shared_eval / "dev" / "docs" / "seeds"
    report = ledger.ingest([str(seeds)], analyze=False)
    assert report.ok and len(report.added) == len(list(seeds.glob("*.txt")))
    for document in _all_documents(ledger):
        sidecar = json.loads(Path(document.source).with_suffix(".json").read_text(encoding="utf-8"))
        assert document.title == " ".join(sidecar["title"].split())  # spaces normalised (no-break spaces too)
        assert (str(document.published) if document.published else None) == sidecar["published"]
        assert document.publisher == sidecar["publisher"] and document.side == sidecar["side"]
    assert report.claims >= 10
