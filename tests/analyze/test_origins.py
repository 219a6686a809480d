"""Origins and independence: a body speaks through its people; independent origins count parties, and each
independent monitor on its own."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from analyze.analysis_samples import figure, origin
from audiatur.analyze import (
    OriginResolver,
    build_clusters,
    count_independent,
    document_roots,
    load_party_book,
)
from audiatur.analyze.origins import UNATTRIBUTED
from audiatur.analyze.speakers import load_non_actors
from audiatur.domain import Actor, ActorType, Attribution, Claim, ClaimKind, Evidence
from audiatur.store import DocumentInfo


def _info(doc_id: str, *, side: str | None = None, duplicate_of: str | None = None) -> DocumentInfo:
    at = datetime(2030, 3, 9, tzinfo=UTC)
    return DocumentInfo(
        id=doc_id, raw_sha256="", source=doc_id, url=None, publisher="Wire", title=None, author=None,
        published=date(2030, 3, 9), language=None, side=side, media_type="text/plain", word_count=1,
        duplicate_of=duplicate_of, retrieved_at=at, ingested_at=at,
    )  # fmt: skip


def _claim(speaker: Actor | None, attribution: Attribution = Attribution.INDIRECT) -> Claim:
    return Claim(
        id="c", kind=ClaimKind.FIGURE, document_id="d", speaker=speaker, mention=None,
        attribution=attribution, evidence=Evidence(document_id="d", start=0, end=1, text="x"),
        extractor_version="test",
    )  # fmt: skip


def test_independence_counts_parties_once_and_monitors_each() -> None:
    a, b = origin("Ministry", "North"), origin("Agency", "North")
    assert count_independent([a, b]) == 1
    assert count_independent([a, origin("Aide", "South")]) == 2
    assert count_independent([a, origin("Monitor A", "independent"), origin("Monitor B", "independent")]) == 3
    assert count_independent([a, origin("Someone", None)]) == 1  # an unknown party adds nothing
    assert count_independent([origin("Someone", None)]) == 1
    assert count_independent([]) == 0


def test_origin_of_a_spokesperson_is_the_body_they_speak_for() -> None:
    book = load_party_book()
    ministry = Actor(id=Actor.make_id("Health Ministry"), name="Health Ministry", type=ActorType.GOVERNMENT,
                     party="North")  # fmt: skip
    spokesperson = Actor(id=Actor.make_id("Ada Vance"), name="Ada Vance", type=ActorType.PERSON,
                         affiliation="Health Ministry", party="North")  # fmt: skip
    resolver = OriginResolver(book, {"health ministry": ministry})
    assert resolver.origin(_claim(spokesperson), _info("d")).name == "Health Ministry"
    unknown_body = Actor(
        id="x", name="Bo Lind", type=ActorType.PERSON, affiliation="Water Board", party="North"
    )
    found = OriginResolver(book).origin(_claim(unknown_body), _info("d"))
    assert (found.name, found.id, found.party) == ("Water Board", Actor.make_id("Water Board"), "North")


def test_origin_party_from_the_document_side_only_for_its_own_voice() -> None:
    book = load_party_book()
    outlet = Actor(id="o", name="Valley Wire", type=ActorType.MEDIA)
    resolver = OriginResolver(book)
    own = resolver.origin(_claim(outlet, Attribution.UNATTRIBUTED), _info("d", side="international-ngo"))
    assert own.party == "independent" and own.independent
    assert (
        resolver.origin(_claim(outlet, Attribution.INDIRECT), _info("d", side="international-ngo")).party
        is None
    )
    nobody = resolver.origin(_claim(None, Attribution.DOCUMENT_AUTHOR), _info("d", side="azerbaijani"))
    assert (nobody.name, nobody.party) == ("Wire", "Azerbaijan")  # the publisher, of the side's party


def test_document_roots_follow_near_duplicate_chains() -> None:
    infos = {"a": _info("a"), "b": _info("b", duplicate_of="a"), "c": _info("c", duplicate_of="b")}
    assert document_roots(infos) == {"a": "a", "b": "a", "c": "a"}


@pytest.mark.parametrize(
    ("name", "kind", "party"),
    [
        ("Each side", ActorType.ORGANIZATION, None),
        ("both sides", ActorType.GROUP, None),
        ("Both sides", ActorType.GROUP, "North"),  # several actors at once, whatever party it was given
        ("countries", ActorType.GROUP, None),
        ("activists", ActorType.GROUP, None),
        ("local medics", ActorType.GROUP, None),
        ("Witnesses", ActorType.GROUP, None),
    ],
)
def test_origin_of_a_speaker_naming_no_actor_is_unattributed(
    name: str, kind: ActorType, party: str | None
) -> None:
    speaker = Actor(id=Actor.make_id(name), name=name, type=kind, party=party)
    found = OriginResolver(load_party_book()).origin(_claim(speaker), _info("d"))
    assert found is UNATTRIBUTED and not found.attributed and found.party is None


@pytest.mark.parametrize(
    ("name", "kind", "party"),
    [
        ("Health Ministry", ActorType.GOVERNMENT, "North"),
        ("Field Monitor", ActorType.ORGANIZATION, None),  # a name, even without a party
        ("medics", ActorType.GROUP, "North"),  # a common noun with a party is that party's
        ("وزارة الصحة", ActorType.GOVERNMENT, None),  # a script without case is never read as a common noun
    ],
)
def test_origin_of_a_named_or_partisan_speaker_is_kept(name: str, kind: ActorType, party: str | None) -> None:
    speaker = Actor(id=Actor.make_id(name), name=name, type=kind, party=party)
    found = OriginResolver(load_party_book()).origin(_claim(speaker), _info("d"))
    assert found.attributed and found.name == name and found.party == party


def test_unattributed_claims_add_no_origin_and_no_independent_origin() -> None:
    assert count_independent([UNATTRIBUTED]) == 0
    assert count_independent([origin("Ministry", "North"), UNATTRIBUTED]) == 1
    named = figure(7, who=origin("Ministry", "North"), sites=["town"])
    vague = figure(7, who=UNATTRIBUTED, sites=["town"])
    ((cluster, members),) = build_clusters([named, vague], [[0, 1]], {})
    assert members == [0, 1] and cluster.origins == ("Ministry",)
    assert cluster.independent_origins == 1 and cluster.parties == ("North",)


def test_non_actor_words_come_from_the_data_file() -> None:
    words = load_non_actors()
    assert {"each", "both"} <= words.quantifiers and {"side", "sides", "countries"} <= words.collectives
