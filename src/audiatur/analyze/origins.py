"""Origins: who a claim comes from, which party that is, and how many independent origins a group has.

The speaker of a claim is already its origin in the text (a wire report quoting a ministry has the ministry as
speaker). Here a person speaking for a body is traced to the body ("a spokeswoman of the Ministry of Foreign
Affairs" → the ministry), so that two spokespeople of one ministry are one origin; the party then comes from
the parties file, the ledger, the affiliation, or — for what a document says in its own voice — the document's
side.

A speaker that designates no one actor ("each side", "both sides", "countries", a bare common noun such as
"activists" with no party: see `speakers`) is no origin: its claims are **unattributed** (`UNATTRIBUTED`), and
add nothing to a cluster's origins or independent origins.

Independence: distinct parties count once each, and every independent monitor counts on its own. An origin
whose party is unknown could belong to any party already counted, so it adds an independent origin only when
no origin's party is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from audiatur.domain import Actor, ActorType, Attribution, Claim, make_id
from audiatur.store import DocumentInfo

from .parties import PartyBook, fold
from .speakers import NonActors, load_non_actors

__all__ = [
    "UNATTRIBUTED",
    "Origin",
    "OriginResolver",
    "affiliations_of",
    "count_independent",
    "document_roots",
]

_OWN_VOICE = frozenset({Attribution.DOCUMENT_AUTHOR, Attribution.UNATTRIBUTED})


@dataclass(frozen=True, slots=True)
class Origin:
    """The actor a claim originates from, and its party."""

    id: str
    name: str
    party: str | None
    independent: bool = False  # the party is the independent monitors'
    attributed: bool = True  # False: the claim names no actor it comes from (see UNATTRIBUTED)


# The origin of claims whose speaker designates no one actor: counted as no origin at all.
UNATTRIBUTED = Origin(id=make_id("origin", "unattributed"), name="unattributed", party=None, attributed=False)


def count_independent(origins: Iterable[Origin]) -> int:
    """Distinct parties among the (attributed) origins, each independent monitor counted on its own."""
    seen = [o for o in origins if o.attributed]
    sides = {o.party for o in seen if o.party is not None and not o.independent}
    monitors = {o.id for o in seen if o.independent}
    counted = len(sides) + len(monitors)
    return counted if counted or not seen else 1


def document_roots(infos: Mapping[str, DocumentInfo], ids: Iterable[str] | None = None) -> dict[str, str]:
    """Document id (of `ids`, or of every document) → the document it near-duplicates (following chains),
    or itself."""
    roots: dict[str, str] = {}
    for doc_id in infos if ids is None else ids:
        current, seen = doc_id, {doc_id}
        while True:
            info = infos.get(current)
            parent = info.duplicate_of if info is not None else None
            if parent is None or parent in seen:
                break
            seen.add(parent)
            current = parent
        roots[doc_id] = current
    return roots


def affiliations_of(claims: Iterable[Claim]) -> set[str]:
    """The affiliations of the people speaking in these claims (to look the bodies up in the ledger)."""
    return {c.speaker.affiliation for c in claims if c.speaker is not None and c.speaker.affiliation}


class OriginResolver:
    """Resolves claims to origins; `bodies` are the ledger's actors by folded name (for affiliations)."""

    def __init__(
        self, book: PartyBook, bodies: Mapping[str, Actor] | None = None, non_actors: NonActors | None = None
    ) -> None:
        self.book = book
        self.bodies = dict(bodies or {})
        self.non_actors = non_actors or load_non_actors()
        self._cache: dict[tuple[str | None, str | None, str | None, bool], Origin] = {}

    def origin(self, claim: Claim, document: DocumentInfo | None) -> Origin:
        """The origin of a claim made in this document."""
        speaker = claim.speaker
        side = document.side if document is not None and claim.attribution in _OWN_VOICE else None
        own_voice = claim.attribution in _OWN_VOICE
        key = (speaker.id if speaker else None, side, document.publisher if document else None, own_voice)
        found = self._cache.get(key)
        if found is None:
            found = self._resolve(speaker, document, side)
            self._cache[key] = found
        return found

    def _resolve(self, speaker: Actor | None, document: DocumentInfo | None, side: str | None) -> Origin:
        book = self.book
        if speaker is None:
            publisher = document.publisher if document is not None else None
            name = publisher or "unattributed"
            origin_id = Actor.make_id(publisher) if publisher else make_id("origin", "unattributed")
            return self._with_party(origin_id, name, book.of_side(side))
        if book.of_actor(speaker) is None and not self.non_actors.is_actor(speaker):
            return UNATTRIBUTED
        body = self._body(speaker)
        candidates: list[str | None] = []
        if body is not None:
            candidates += [book.of_actor(body), body.party]
        candidates += [book.of_actor(speaker), speaker.party, book.of_affiliation(speaker.affiliation)]
        candidates.append(book.of_side(side))
        party = next((p for p in candidates if p), None)
        target = body or speaker
        return self._with_party(target.id, target.name, party)

    def _body(self, speaker: Actor) -> Actor | None:
        """The body a person speaks for (a ledger actor, or one named only as the person's affiliation)."""
        affiliation = speaker.affiliation
        if speaker.type is not ActorType.PERSON or not affiliation or not affiliation.strip():
            return None
        key = fold(affiliation)
        if key in {fold(n) for n in (speaker.name, *speaker.aliases)}:
            return None
        known = self.bodies.get(" ".join(affiliation.casefold().split())) or self.bodies.get(key)
        if known is not None:
            return known
        name = " ".join(affiliation.split())
        return Actor(id=Actor.make_id(name), name=name, type=ActorType.ORGANIZATION, party=speaker.party)

    def _with_party(self, origin_id: str, name: str, party: str | None) -> Origin:
        canonical = self.book.canonical(party)
        return Origin(
            id=origin_id, name=name, party=canonical, independent=self.book.is_independent(canonical)
        )
