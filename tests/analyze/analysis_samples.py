"""Hand-built facts and claims for the analysis tests, the demo ledger builder and the party mirror."""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from audiatur.analyze import Fact, Origin
from audiatur.analyze.facts import event_block, figure_block, value_interval
from audiatur.domain import (
    ActionClass,
    Actor,
    ActorType,
    Attribution,
    Bound,
    Capture,
    Claim,
    ClaimKind,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Measure,
    PlaceRef,
    Polarity,
    SubjectClass,
)

_ids = itertools.count(1)


# ------------------------------------------------------------------------------------------ facts in memory


def origin(name: str, party: str | None, *, independent: bool = False) -> Origin:
    """An origin named `name` of `party`."""
    return Origin(
        id=f"origin:{name}", name=name, party=party, independent=independent or party == "independent"
    )


def figure(
    number: int | None,
    *,
    bound: Bound = Bound.EXACT,
    high: int | None = None,
    measure: Measure = Measure.KILLED,
    subject: SubjectClass = SubjectClass.CIVILIANS,
    who: Origin | None = None,
    on: date | None = date(2030, 3, 7),
    sites: Sequence[str] = (),
    victim: str | None = None,
    perpetrator: str | None = None,
    document: str | None = None,
    areas: Sequence[str] = (),
    scope: Sequence[str] | None = None,
) -> Fact:
    """A figure fact ("11 civilians killed at these places on this day, says this origin"); its scope is its
    sites unless given."""
    low, top = value_interval(bound, number, number, high if high is not None else number)
    return _fact(
        ClaimKind.FIGURE,
        figure_block(measure.value, subject.value),
        who or origin("North Ministry", "North"),
        on,
        sites,
        document,
        measure=measure,
        subject_class=subject,
        victim=victim,
        perpetrator=perpetrator,
        areas=frozenset(areas),
        scope=frozenset(sites if scope is None else scope),
        bound=bound,
        number=number,
        low=low,
        high=top,
    )


def event(
    actor_party: str | None,
    *,
    polarity: Polarity = Polarity.ASSERTED,
    action: ActionClass = ActionClass.ATTACK,
    weapon: str | None = None,
    who: Origin | None = None,
    on: date | None = date(2030, 3, 7),
    sites: Sequence[str] = (),
    document: str | None = None,
) -> Fact:
    """An event fact ("this party did / did not attack there, says this origin")."""
    return _fact(
        ClaimKind.EVENT,
        event_block(actor_party, action.value),
        who or origin("South Ministry", "South"),
        on,
        sites,
        document,
        actor_party=actor_party,
        action_class=action,
        polarity=polarity,
        weapon=weapon,
    )


def _fact(
    kind: ClaimKind,
    block: str,
    who: Origin,
    on: date | None,
    sites: Sequence[str],
    document: str | None,
    **details: Any,
) -> Fact:
    n = next(_ids)
    return Fact(
        claim_id=f"claim{n:05d}",
        document_id=document or f"doc{n:05d}",
        kind=kind,
        block=block,
        origin=who,
        speaker=who.name,
        speaker_id=who.id,
        day=on.toordinal() if on else None,
        stated=False,
        sites=frozenset(sites),
        **details,
    )


def groups_of(facts: Sequence[Fact], groups: Sequence[Sequence[int]]) -> set[frozenset[str]]:
    """The groups as sets of claim ids."""
    return {frozenset(facts[i].claim_id for i in g) for g in groups}


# ------------------------------------------------------------------------------------- claims in a store


@dataclass
class Ledgerish:
    """Documents and claims written straight into a store (no extraction)."""

    store: Any
    documents: list[str] = field(default_factory=list)

    def document(
        self, text: str, *, published: date | None, side: str | None = None, publisher: str | None = None
    ) -> str:
        """Store a document; returns its id."""
        doc_id = hashlib.sha256(text.encode()).hexdigest()
        raw = text.encode()
        document = Document(
            id=doc_id,
            raw_sha256=hashlib.sha256(raw).hexdigest(),
            source=f"test:{len(self.documents)}",
            text=text,
            retrieved_at=datetime(2030, 3, 9, tzinfo=UTC),
            publisher=publisher,
            published=published,
            side=side,
        )
        with self.store.atomic():
            self.store.add_capture(Capture(document=document, raw=raw))
        self.documents.append(doc_id)
        return doc_id

    def claims(self, doc_id: str, claims: Sequence[Claim]) -> None:
        """Store a document's extraction."""
        with self.store.atomic():
            self.store.save_extraction(
                Extraction(document_id=doc_id, extractor_version="test", claims=tuple(claims))
            )


def speaker(name: str, party: str | None, *, affiliation: str | None = None) -> Actor:
    """A speaking actor."""
    kind = ActorType.PERSON if affiliation else ActorType.ORGANIZATION
    return Actor(id=Actor.make_id(name), name=name, type=kind, party=party, affiliation=affiliation)


def figure_claim(
    doc_id: str,
    text: str,
    words: str,
    value: int,
    *,
    by: Actor,
    places: Sequence[PlaceRef] = (),
    bound: Bound = Bound.EXACT,
    attribution: Attribution = Attribution.INDIRECT,
) -> Claim:
    """A figure claim over the first occurrence of `words` in `text`."""
    start = text.index(words)
    return Claim(
        id=Claim.make_id(doc_id, ClaimKind.FIGURE, start, start + len(words)),
        kind=ClaimKind.FIGURE,
        document_id=doc_id,
        speaker=by,
        mention=by.name,
        attribution=attribution,
        evidence=Evidence(document_id=doc_id, start=start, end=start + len(words), text=words),
        extractor_version="test",
        figure=Figure(
            measure=Measure.KILLED,
            subject="civilians",
            subject_class=SubjectClass.CIVILIANS,
            value=value,
            low=value,
            high=value,
            bound=bound,
            places=tuple(places),
        ),
    )


def event_claim(
    doc_id: str,
    text: str,
    words: str,
    actor_party: str,
    *,
    by: Actor,
    polarity: Polarity = Polarity.ASSERTED,
    weapon: str | None = None,
    places: Sequence[PlaceRef] = (),
) -> Claim:
    """An event claim over the first occurrence of `words` in `text`."""
    start = text.index(words)
    return Claim(
        id=Claim.make_id(doc_id, ClaimKind.EVENT, start, start + len(words)),
        kind=ClaimKind.EVENT,
        document_id=doc_id,
        speaker=by,
        mention=by.name,
        attribution=Attribution.INDIRECT,
        evidence=Evidence(document_id=doc_id, start=start, end=start + len(words), text=words),
        extractor_version="test",
        event=Event(
            actor=f"{actor_party} forces",
            actor_party=actor_party,
            action="shelled",
            action_class=ActionClass.WEAPON_USE if weapon else ActionClass.ATTACK,
            polarity=polarity,
            weapon=weapon,
            places=tuple(places),
        ),
    )


# -------------------------------------------------------------------------------------------- demo ledger

# The parties of the demo, their adjectives and demonyms, capitals and contested place names, swapped.
_MIRROR_PAIRS = [
    ("kestrians", "velsarians"),
    ("kestrian", "velsarian"),
    ("kestria", "velsaria"),
    ("ostrell", "dravon"),
    ("tamsk", "tamesh"),
    ("brenovik", "brenavë"),
]
_MIRROR = dict(_MIRROR_PAIRS) | {b: a for a, b in _MIRROR_PAIRS} | {"brenave": "brenovik"}
_MIRROR_WORDS = re.compile(r"\b(" + "|".join(sorted(_MIRROR, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def mirror(text: str) -> str:
    """The text with the demo's parties swapped: names, adjectives, demonyms, capitals, contested places."""

    def swap(match: re.Match[str]) -> str:
        written, other = match.group(0), _MIRROR[match.group(0).lower()]
        if written.isupper():
            return other.upper()
        return other[0].upper() + other[1:] if written[0].isupper() else other

    return _MIRROR_WORDS.sub(swap, text)


def build_demo(path: Path, corpus: Path | None = None, world: Path | None = None) -> str:
    """Ingest the demo corpus (or a copy of it) into a new SQLite ledger; returns its URL."""
    from audiatur.demo import DEMO_CORPUS, DEMO_WORLD
    from audiatur.ledger import Ledger

    url = f"sqlite:///{path}"
    with Ledger.open(url, data=[world or DEMO_WORLD]) as ledger:
        report = ledger.ingest([str(corpus or DEMO_CORPUS)])
    assert not report.failed, report.failed
    return url


def mirrored_demo(folder: Path) -> tuple[Path, Path]:
    """A copy of the demo corpus and world file with the parties swapped (file names kept)."""
    from audiatur.demo import DEMO_CORPUS, DEMO_WORLD

    corpus = folder / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    for path in DEMO_CORPUS.iterdir():
        (corpus / path.name).write_text(mirror(path.read_text(encoding="utf-8")), encoding="utf-8")
    world = folder / "world.yaml"
    world.write_text(mirror(DEMO_WORLD.read_text(encoding="utf-8")), encoding="utf-8")
    return corpus, world


def document_names(store: Any) -> dict[str, str]:
    """Document id → the two-digit number of the demo file it was read from ("06")."""
    infos = store.list_documents(limit=1000).items
    return {i.id: Path(i.source).name[:2] for i in infos}
