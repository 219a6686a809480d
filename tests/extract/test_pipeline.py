"""The extractor as a library: spaCy components by name, `build_nlp`, `extract_document(s)`, exact spans."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from audiatur.demo import DEMO_WORLD
from audiatur.domain import ClaimKind, Document, Extraction
from audiatur.errors import ConfigError, DataFileError, ExtractionError
from audiatur.extract import EXTRACTOR_VERSION, build_nlp, extract_document, extract_documents

from .helpers import Extractor, counts, make_document, speaker_of

COMPONENTS = (
    "audiatur_layout",
    "audiatur_quantities",
    "audiatur_statements",
    "audiatur_figures",
    "audiatur_events",
    "audiatur_characterizations",
    "audiatur_demands",
)
ALL_COMPONENTS = (*COMPONENTS, "audiatur_places", "audiatur_dates")

REPORT = (
    "Kestria accuses Velsaria of shelling Pellin\n\n"
    "Ostrell – Velsarian artillery shelled Pellin on Sunday, killing four civilians and wounding 11, "
    "the Kestrian Ministry of Defence said.\n\n"
    "“The Velsarian army has never targeted civilians,” Dren Sabatari said. "
    "“The Observatory is biased.”\n\n"
    "Liv Carrander called on the International Civilian Harm Observatory to send a team to Pellin."
)


def blank_with(*names: str) -> Language:
    """`spacy.blank("en")` with audiatur components added by name, configured with the demo world (places
    without the slow geonames base)."""
    nlp = spacy.blank("en")
    for name in names:
        config: dict[str, object] = {"data": [str(DEMO_WORLD)]}
        if name == "audiatur_places":
            config["world_base"] = False
        nlp.add_pipe(name, config=config)
    return nlp


def assert_spans_exact(extraction: Extraction, text: str) -> None:
    """Every claim's and statement's evidence is exactly the stored text at its offsets."""
    evidence = [c.evidence for c in extraction.claims] + [s.evidence for s in extraction.statements]
    assert evidence
    for ev in evidence:
        assert ev.document_id == extraction.document_id
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start : ev.end] == ev.text


# ------------------------------------------------------------------------------------- spaCy components


def test_pipeline_components_declared_as_spacy_entry_points() -> None:
    declared = {e.name: e.value for e in entry_points(group="spacy_factories")}
    for name in ALL_COMPONENTS:
        assert declared.get(name, "").startswith("audiatur.extract.components."), name


@pytest.mark.parametrize("name", ALL_COMPONENTS)
def test_pipeline_component_registered_with_spacy(name: str) -> None:
    assert name in spacy.registry.factories


def test_pipeline_figures_component_alone_on_a_blank_pipeline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("audiatur_figures")
    doc = nlp("27 civilians were killed and 141 were wounded, the ministry said.")
    spans = doc.spans["audiatur_figures"]
    assert [(s.text, s.label_) for s in spans] == [
        ("27 civilians were killed", "killed"),
        ("141 were wounded", "injured"),
    ]
    assert [f.quantity.value for f in doc._.audiatur_figures] == [27, 141]
    assert spans[1]._.audiatur_value.subject_class == "civilians"


def test_pipeline_quantities_component_alone() -> None:
    doc = blank_with("audiatur_quantities")("On 2 May at least 12 people and dozens of homes were hit.")
    assert [(s.text, s._.audiatur_value.bound) for s in doc.spans["audiatur_quantities"]] == [
        ("at least 12", "at_least"),
        ("dozens", "vague"),
    ]


def test_pipeline_statements_component_alone() -> None:
    doc = blank_with("audiatur_statements")("Eleven civilians were killed in Harvik, Jorun Halle said.")
    assert [s.speaker.name for s in doc._.audiatur_statements] == ["Jorun Halle"]


@pytest.mark.parametrize(
    ("name", "text", "label"),
    [
        ("audiatur_events", "Velsarian forces shelled Kolmo on Tuesday.", "attack"),
        ("audiatur_characterizations", "“The Observatory is biased,” Mira Ostani said.", "CHARACTERIZATION"),
        ("audiatur_demands", "We call on Velsaria to stop the shelling.", "DEMAND"),
        ("audiatur_places", "Shells fell on Tamesh.", "PLACE"),
    ],
)
def test_pipeline_component_alone_fills_its_span_group(name: str, text: str, label: str) -> None:
    doc = blank_with(name)(text)
    spans = doc.spans[name]
    assert [s.label_ for s in spans] == [label]
    assert spans[0]._.audiatur_value is not None


def test_pipeline_layout_sets_sentences_on_a_blank_pipeline() -> None:
    text = (
        "“Nine were killed,” she said. Dr. Sandor treated them in the U.S. Army clinic. Ten more\n"
        "fled on Sunday.\n\nNew paragraph."
    )
    doc = blank_with("audiatur_layout")(text)
    assert [s.text.strip() for s in doc.sents] == [
        "“Nine were killed,” she said.",
        "Dr. Sandor treated them in the U.S. Army clinic.",
        "Ten more\nfled on Sunday.",
        "New paragraph.",
    ]


# ------------------------------------------------------------------------------------------------- build_nlp


def test_build_nlp_needs_no_model(nlp: Language) -> None:
    assert tuple(nlp.pipe_names) == COMPONENTS
    assert not {"tok2vec", "tagger", "parser", "ner"} & set(nlp.pipe_names)


def test_build_nlp_set_sentences_marks_doc_sentences() -> None:
    doc = build_nlp(data=[str(DEMO_WORLD)], set_sentences=True)("Four were killed. Nine were hurt.")
    assert [s.text for s in doc.sents] == ["Four were killed.", "Nine were hurt."]


def test_build_nlp_unknown_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no_such_pipeline_xyz"):
        build_nlp("no_such_pipeline_xyz")


def test_build_nlp_with_a_user_world_file(tmp_path: Path) -> None:
    world = tmp_path / "world.yaml"
    world.write_text(
        "countries:\n"
        "  - name: Norvane\n"
        "    adjectives: [Norvanian]\n"
        "organisations:\n"
        "  - name: Norvanian Relief Council\n"
        "    type: organization\n"
        "    party: Norvane\n"
        "places:\n"
        '  - id: "test:saltmere"\n'
        "    name: Saltmere\n"
        "    names: [Saltmere, Zaltmira]\n"
        "    kind: town\n",
        encoding="utf-8",
    )
    nlp = build_nlp(data=[str(world)])
    # the places component, without the geonames base, serves the claims' places (and keeps this test fast)
    nlp.add_pipe(
        "audiatur_places", after="audiatur_layout", config={"data": [str(world)], "world_base": False}
    )
    text = "The Norvanian Relief Council said 14 civilians were killed in Zaltmira."
    (claim,) = extract_document(make_document(text), nlp).claims
    assert claim.speaker is not None
    assert (claim.speaker.name, claim.speaker.party) == ("Norvanian Relief Council", "Norvane")
    assert claim.figure is not None
    assert [(p.id, p.name, p.names) for p in claim.figure.places] == [
        ("test:saltmere", "Zaltmira", ("Saltmere", "Zaltmira"))
    ]


def test_build_nlp_bad_world_file_fails_at_build_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad-world.yaml"
    bad.write_text('places:\n  - id: "test:x"\n    nom: Oops\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad-world\.yaml"):
        build_nlp(data=[str(bad)])


# ------------------------------------------------------------------------------------ extract_document(s)


def test_extract_document_returns_an_extraction_of_that_document(nlp: Language) -> None:
    document = make_document(REPORT, publisher="Kestpress", side="kestrian")
    extraction = extract_document(document, nlp)
    assert isinstance(extraction, Extraction)
    assert (extraction.document_id, extraction.extractor_version) == (document.id, EXTRACTOR_VERSION)
    assert {c.document_id for c in extraction.claims} == {document.id}
    assert {str(c.kind) for c in extraction.claims} == {"figure", "event", "characterization", "demand"}


def test_extract_document_evidence_spans_index_the_stored_text(nlp: Language) -> None:
    extraction = extract_document(make_document(REPORT, publisher="Kestpress"), nlp)
    assert_spans_exact(extraction, REPORT)


def test_extract_document_claims_link_to_their_statements(nlp: Language) -> None:
    extraction = extract_document(make_document(REPORT, publisher="Kestpress"), nlp)
    statements = {s.id: s for s in extraction.statements}
    linked = [c for c in extraction.claims if c.statement_id is not None]
    assert linked
    for claim in linked:
        statement = statements[claim.statement_id]  # type: ignore[index]
        assert claim.speaker == statement.speaker


def test_extract_document_ids_are_deterministic(nlp: Language) -> None:
    first = extract_document(make_document(REPORT), nlp)
    second = extract_document(make_document(REPORT), nlp)
    assert [c.id for c in first.claims] == [c.id for c in second.claims]
    assert len({c.id for c in first.claims}) == len(first.claims)
    other = extract_document(make_document(REPORT + "\n\nUpdated."), nlp)
    assert not {c.id for c in first.claims} & {c.id for c in other.claims}


def test_extract_document_export_shape(nlp: Language) -> None:
    document = make_document("At least 12 civilians were killed in Pellin, Jorun Halle said.")
    (claim,) = extract_document(document, nlp).claims
    exported = claim.to_dict(document)
    assert exported["kind"] == "figure"
    assert exported["speaker"]["name"] == "Jorun Halle"
    assert exported["attribution"] == "indirect"
    assert exported["evidence"]["text"] == "At least 12 civilians were killed"
    assert exported["figure"] is not None
    assert {
        k: exported["figure"][k] for k in ("measure", "subject_class", "value", "low", "high", "bound")
    } == {
        "measure": "killed",
        "subject_class": "civilians",
        "value": 12,
        "low": 12,
        "high": 12,
        "bound": "at_least",
    }
    assert exported["status"] == "extracted"


def test_extract_document_on_empty_text(nlp: Language) -> None:
    extraction = extract_document(make_document(""), nlp)
    assert (extraction.claims, extraction.statements) == ((), ())


def test_extract_documents_streams_in_order(nlp: Language) -> None:
    def endless() -> Iterator[Document]:
        for n in itertools.count(1):
            yield make_document(f"{n} civilians were killed in Pellin, Jorun Halle said.")

    first_three = list(itertools.islice(extract_documents(endless(), nlp), 3))
    assert [[v for _, _, v in counts(list(e.claims))] for e in first_three] == [[1], [2], [3]]


@Language.component("tests_extract_broken")
def _broken(doc: Doc) -> Doc:
    raise RuntimeError("boom")


def test_extract_document_component_failure_names_the_document() -> None:
    nlp = blank_with("audiatur_layout")
    nlp.add_pipe("tests_extract_broken")
    document = make_document("Four civilians were killed.")
    with pytest.raises(ExtractionError, match="tests_extract_broken") as caught:
        extract_document(document, nlp)
    assert caught.value.document_id == document.id
    assert document.id[:12] in str(caught.value)


# ---------------------------------------------------------------------------------------- non-ASCII text


@pytest.mark.parametrize(
    "text",
    [
        "Brenavë – “Twenty-three civilians were killed in Brenavë,” said Arta Keshmeri.",
        "👪👪 “Twenty-three civilians were killed in Brenavë,” said Arta Keshmeri.",
        "Ärzte: 平和 ＿ “Twenty-three civilians were killed in Brenavë,” said Arta Keshmeri.",
        "Ещё\u00a0раз — “Twenty-three civilians were killed in Brenavë,” said Arta Keshmeri.",
    ],
)
def test_extract_document_offsets_survive_non_ascii_text(ex: Extractor, text: str) -> None:
    extraction = ex.extraction(text)
    (claim,) = extraction.claims
    assert claim.evidence.text == "Twenty-three civilians were killed"
    assert claim.evidence.start == text.index("Twenty-three")
    assert speaker_of(claim) == "Arta Keshmeri"
    assert_spans_exact(extraction, text)


def test_extract_document_non_ascii_across_several_claims(ex: Extractor) -> None:
    text = (
        "Ärzte ohne Grenzen – In Brenavë, “Twenty-three civilians were killed,” said Arta Keshmeri.\n\n"
        "Zoë Lindqvist said 4 soldiers were wounded in Mirzal. Ten\u202fsoldiers were captured near Tamesh."
    )
    extraction = ex.extraction(text)
    assert counts([c for c in extraction.claims if c.kind == ClaimKind.FIGURE]) == [
        ("killed", "civilians", 23),
        ("injured", "military", 4),
        ("detained", "military", 10),
    ]
    assert_spans_exact(extraction, text)
