"""Who a characterisation or a demand is about: the actor a short phrase refers to, in its document.

"Amnesty International" (a name), "your statement" (the addressee of a letter), "it", "this organization", "the
monitor" (the organisation named most recently), "its update" (that organisation), "both countries" (the
document's two parties).
"""

from __future__ import annotations

from collections.abc import Sequence

from audiatur.domain import Actor, ActorType
from audiatur.extract.event_actors import both_sides_at
from audiatur.extract.layout import Token
from audiatur.extract.lexicon import Lexicon
from audiatur.extract.mentions import ActorBook, actor_from_phrase

__all__ = ["ORG_NOUNS", "TargetResolver"]

_POINTING = frozenset({"it", "its", "this", "that", "the", "such", "these", "their", "they"})
# Nouns an anaphor may name an organisation or its output by ("this organization", "the report").
ORG_NOUNS = frozenset(
    {
        "organization",
        "organisation",
        "group",
        "body",
        "monitor",
        "watchdog",
        "mission",
        "observatory",
        "agency",
        "ngo",
        "office",
        "report",
        "statement",
        "update",
        "position",
    }
)


class TargetResolver:
    """Resolves target phrases against a document's text, its actor book and its main parties."""

    def __init__(
        self, text: str, tokens: Sequence[Token], lex: Lexicon, book: ActorBook, parties: Sequence[str]
    ) -> None:
        self.text = text
        self.tokens = tokens  # every token of the document, in order
        self.lex = lex
        self.book = book
        self.parties = tuple(parties)

    def actor(self, toks: Sequence[Token], start: int, end: int) -> Actor | None:
        """The one actor a phrase names (None when it names none or several)."""
        found = self.actors(toks, start, end)
        return found[0] if len(found) == 1 else None

    def actors(self, toks: Sequence[Token], start: int, end: int) -> list[Actor]:
        """Every actor a phrase names ("both countries" names two)."""
        span = list(toks[start:end])
        while span and span[0].lower in ("a", "an"):
            span = span[1:]
        if not span:
            return []
        words = [t.lower for t in span]
        at = span[0].start
        if words[0] in ("you", "your"):
            return [self.book.addressee] if self.book.addressee is not None else []
        if both_sides_at(span, 0, self.lex) and len(self.parties) == 2:
            return [self._country(p) for p in self.parties]
        named = actor_from_phrase(self.text, span, self.lex)
        if named is not None and not (
            words[0] in _POINTING
            and named.type == ActorType.ORGANIZATION
            and not any(t.is_title for t in span)
        ):
            if (
                words[-1] in ("statement", "report", "update", "position", "letter")
                and span[-1].lower != "'s"
            ):
                owner = [t for t in span if t.is_title]
                if owner:
                    return [actor_from_phrase(self.text, owner, self.lex) or named]
            return [named]
        if words[0] in ("it", "its", "they", "their") or (words[0] in _POINTING and words[-1] in ORG_NOUNS):
            found = self._topic_organisation(at)
            return [found] if found is not None else []
        return []

    def _country(self, party: str) -> Actor:
        return Actor(id=Actor.make_id(party), name=party, type=ActorType.GOVERNMENT, party=party)

    def _topic_organisation(self, before: int) -> Actor | None:
        """The organisation a pointing phrase ("this organization", "it") is about: of those named before the
        offset, the one the document names most (the most recent on a tie)."""
        toks = self.tokens
        hi = next((k for k, t in enumerate(toks) if t.start >= before), len(toks))
        counts: dict[str, tuple[int, int, Actor]] = {}
        k = 0
        while k < hi:
            hit: tuple[int, Actor] | None = None
            if toks[k].is_title:
                for n in (5, 4, 3, 2, 1):
                    if k + n > hi:
                        continue
                    org = self.lex.organisation(" ".join(t.text for t in toks[k : k + n]))
                    if org is not None:
                        hit = (
                            n,
                            Actor(
                                id=Actor.make_id(org.name),
                                name=org.name,
                                type=org.type,
                                party=org.party,
                                aliases=org.aliases,
                            ),
                        )
                        break
            if hit is not None:
                n, actor = hit
                count, _, _ = counts.get(actor.id, (0, 0, actor))
                counts[actor.id] = (count + 1, k, actor)
                k += n
            else:
                k += 1
        if not counts:
            return None
        return max(counts.values(), key=lambda v: (v[0], v[1]))[2]
