"""What extraction needs to know about a document besides its text: publisher, side, publication date."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from audiatur.domain import Actor, ActorType, Document
from audiatur.extract.layout import tokenize
from audiatur.extract.lexicon import Lexicon, norm
from audiatur.extract.mentions import actor_from_phrase

__all__ = ["DocumentMeta", "publisher_actor", "side_party"]

_MEDIA_WORDS = re.compile(
    r"\b(?:news|agency|times|post|press|tv|television|radio|daily|weekly|media|journal|herald|gazette|tribune|"
    r"channel|broadcast\w*|newspaper|magazine|online|observer|review|wire)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Publisher, side and publication date of the text being extracted."""

    publisher: str | None = None
    side: str | None = None
    published: date | None = None

    @classmethod
    def from_document(cls, document: Document) -> DocumentMeta:
        """The metadata of a stored document."""
        return cls(publisher=document.publisher, side=document.side, published=document.published)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> DocumentMeta:
        """From a plain dict (`{"publisher": …, "side": …, "published": date | "YYYY-MM-DD"}`)."""
        published = data.get("published")
        if isinstance(published, str):
            try:
                published = date.fromisoformat(published[:10])
            except ValueError:
                published = None
        return cls(
            publisher=data.get("publisher"),
            side=data.get("side"),
            published=published if isinstance(published, date) else None,
        )


def publisher_actor(publisher: str | None, lex: Lexicon) -> tuple[Actor | None, bool]:
    """The publisher as an actor, and whether it speaks as the author (an NGO, a ministry) not as an outlet."""
    if not publisher:
        return None, False
    entry = lex.organisation(publisher)
    if entry is not None:
        actor = Actor(
            id=Actor.make_id(entry.name),
            name=entry.name,
            type=entry.type,
            party=entry.party,
            aliases=entry.aliases,
        )
        return actor, not entry.is_media
    # a publisher's own name stands as written; the phrase only tells its kind and party
    parsed = actor_from_phrase(publisher, tokenize(publisher), lex)
    media = bool(_MEDIA_WORDS.search(publisher)) or (parsed is not None and parsed.type == ActorType.MEDIA)
    if media:
        kind = ActorType.MEDIA
    elif parsed is not None and parsed.type != ActorType.PERSON:
        kind = parsed.type
    else:
        kind = ActorType.ORGANIZATION
    actor = Actor(
        id=Actor.make_id(publisher), name=publisher, type=kind, party=parsed.party if parsed else None
    )
    return actor, not media


def side_party(side: str | None, lex: Lexicon) -> str | None:
    """The party a sidecar's `side` names ("azerbaijani" → Azerbaijan), if it names a country."""
    if not side:
        return None
    head = norm(side).split("-")[0]
    entry = lex.country_of(head)
    return entry.name if entry else None
