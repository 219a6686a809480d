"""Origins and independence: a body speaks through its people; independent origins count parties, and each
independent monitor on its own."""

from __future__ import annotations

from datetime import UTC, date, datetime

from analyze.analysis_samples import origin
from audiatur.analyze import OriginResolver, count_independent, document_roots, load_party_book
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
