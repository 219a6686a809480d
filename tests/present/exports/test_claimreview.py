"""`audiatur export --format claimreview`: schema.org ClaimReview JSON-LD for the claims analysts reviewed.

The output must parse as JSON-LD (rdflib, with the schema.org vocabulary given locally: no network), use only
schema.org types and properties that exist for them, have the properties the ClaimReview guidelines require,
and rate each claim by where it stands in the ledger (contradicted, single origin, corroborated), never by a
verdict or a numeric truth scale.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from typer.testing import CliRunner

from audiatur.domain import PartyKind
from audiatur.present.cli.app import app
from audiatur.present.wording import uses_banned_words
from audiatur.store import Store, open_store
from demo_ledger import demo_ledger_copy
from present.exports.reviewed import Reviewed, review

SCHEMA = Namespace("https://schema.org/")
# The schema.org properties each type used here has (its own and inherited ones we use), and those the
# ClaimReview guidelines require or this export promises.
PROPERTIES = {
    "ClaimReview": {
        "claimReviewed", "reviewRating", "itemReviewed", "reviewBody", "author", "datePublished", "url",
        "identifier",
    },
    "Claim": {"author", "appearance", "firstAppearance", "datePublished", "text"},
    "Rating": {"alternateName", "ratingExplanation", "ratingValue", "bestRating", "worstRating"},
    "CreativeWork": {"url", "headline", "publisher", "datePublished"},
    "Organization": {"name"},
    "Person": {"name", "jobTitle"},
}  # fmt: skip
REQUIRED = {
    "ClaimReview": {"claimReviewed", "reviewRating", "url", "author", "itemReviewed", "datePublished"},
    "Claim": {"author", "appearance"},
    "Rating": {"alternateName"},
    "CreativeWork": {"url"},
    "Organization": {"name"},
    "Person": {"name"},
}
STANDING = re.compile(
    r"^(contradicted by .+|single origin|corroborated by \d+ independent origins"
    r"|not compared with other sources)$"
)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Reviewed]:
    db = demo_ledger_copy(tmp_path_factory, "claimreview")
    with open_store(f"sqlite:///{db}") as store:
        return db, review(store)


@pytest.fixture(scope="module")
def exported(ledger: tuple[Path, Reviewed], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("claimreview") / "reviews.jsonld"
    args = ["--db", str(ledger[0]), "export", "--format", "claimreview", "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--base-url", "https://ledger.example/", "--publisher", "Desk"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def store(ledger: tuple[Path, Reviewed]) -> Any:
    with open_store(f"sqlite:///{ledger[0]}") as opened:
        yield opened


def _nodes(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        found = [value] if "@type" in value else []
        return found + [n for v in value.values() for n in _nodes(v)]
    if isinstance(value, list):
        return [n for v in value for n in _nodes(v)]
    return []


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_claimreview_parses_as_json_ld_with_the_schema_org_vocabulary(exported: dict[str, Any]) -> None:
    assert exported["@context"] == "https://schema.org"
    local = {**exported, "@context": {"@vocab": "https://schema.org/"}}  # the same vocabulary, no fetch
    graph = Graph().parse(data=json.dumps(local), format="json-ld")
    reviews = set(graph.subjects(RDF.type, SCHEMA.ClaimReview))
    assert len(reviews) == len(exported["@graph"]) > 0
    for node in reviews:
        assert graph.value(node, SCHEMA.claimReviewed)
        claim = graph.value(node, SCHEMA.itemReviewed)
        assert (claim, RDF.type, SCHEMA.Claim) in graph
        rating = graph.value(node, SCHEMA.reviewRating)
        assert (rating, RDF.type, SCHEMA.Rating) in graph and graph.value(rating, SCHEMA.alternateName)
        assert isinstance(node, URIRef) and str(node).startswith("https://ledger.example/claims/")


def test_claimreview_uses_only_schema_org_properties_and_has_the_required_ones(
    exported: dict[str, Any],
) -> None:
    nodes = _nodes(exported["@graph"])
    assert {n["@type"] for n in nodes} <= set(PROPERTIES)
    for node in nodes:
        kind = node["@type"]
        keys = {k for k in node if not k.startswith("@")}
        assert keys <= PROPERTIES[kind], (kind, keys - PROPERTIES[kind])
        assert REQUIRED[kind] <= keys, (kind, REQUIRED[kind] - keys)


def test_claimreview_covers_the_reviewed_claims_only(
    exported: dict[str, Any], ledger: tuple[Path, Reviewed]
) -> None:
    done = ledger[1]
    ids = {n["identifier"] for n in exported["@graph"]}
    assert ids == {
        done.contradicted,
        done.corroborated,
        done.single,
        done.corrected_value,
        done.corrected_speaker,
    }


def test_claimreview_rates_where_the_claim_stands_never_true_or_false(
    exported: dict[str, Any], ledger: tuple[Path, Reviewed], store: Store
) -> None:
    done = ledger[1]
    by_id = {n["identifier"]: n for n in exported["@graph"]}
    for node in exported["@graph"]:
        rating = node["reviewRating"]
        assert not {"ratingValue", "bestRating", "worstRating"} & set(rating), "no truth scale"
        phrases = rating["alternateName"].split("; ")
        assert all(STANDING.match(p) for p in phrases), phrases
        generated = re.sub(
            r"“[^”]*”",
            "",
            " ".join([rating["alternateName"], rating["ratingExplanation"], node["reviewBody"]]),
        )
        assert uses_banned_words(generated) == []
    independent = {p.name for p in store.list_parties() if p.kind is PartyKind.INDEPENDENT}
    contradiction = store.contradictions_of_claim(done.contradicted)[0]
    other = 1 if contradiction.claim_ids[0] == done.contradicted else 0
    party = contradiction.parties[other]
    expected = party if party and party not in independent else contradiction.origins[other]
    assert expected and "contradicted by " in by_id[done.contradicted]["reviewRating"]["alternateName"]
    assert expected in by_id[done.contradicted]["reviewRating"]["alternateName"]
    origins = max(c.independent_origins for c in store.clusters_of_claim(done.corroborated))
    assert (
        f"corroborated by {origins} independent origins"
        in by_id[done.corroborated]["reviewRating"]["alternateName"]
    )
    assert by_id[done.single]["reviewRating"]["alternateName"] == "single origin"


def test_claimreview_item_is_the_speakers_claim_where_it_appeared(
    exported: dict[str, Any], ledger: tuple[Path, Reviewed], store: Store
) -> None:
    done = ledger[1]
    for node in exported["@graph"]:
        record = store.get_claim_record(node["identifier"])
        claim, document = record.claim, store.get_document(record.claim.document_id)
        assert node["claimReviewed"] == claim.evidence.text
        assert claim.speaker is not None and node["itemReviewed"]["author"]["name"] == claim.speaker.name
        assert node["itemReviewed"]["appearance"]["url"] == document.url
        assert node["itemReviewed"]["datePublished"] == document.published.isoformat()  # type: ignore[union-attr]
        assert (
            record.reviewed_at is not None and node["datePublished"] == record.reviewed_at.date().isoformat()
        )
        assert node["url"] == f"https://ledger.example/claims/{claim.id}"
        assert node["author"] == {"@type": "Organization", "name": "Desk"}
    moved = next(n for n in exported["@graph"] if n["identifier"] == done.corrected_speaker)
    assert moved["itemReviewed"]["author"]["name"] == store.get_actor(done.new_speaker).name
