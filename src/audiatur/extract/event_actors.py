"""Who an event claim says acted: a party named the ways conflict reporting names one.

"Azerbaijani military forces", "Armenia", "the armed forces of the Republic of Azerbaijan", "the Armenian
side", "Armenian and Azeri troops" (two actors), "the Saudi coalition" (an armed group from the data),
"Dravon" (a capital: its government), "our artillery" / "its forces" (the speaker's side), "the enemy's
warplanes" / "occupation forces" (the other side as the speaker sees it), and "both sides" / "each side …
the other" (the document's two main parties).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from audiatur.extract.layout import Token, tokenize
from audiatur.extract.lexicon import Lexicon, norm
from audiatur.extract.phrases import PhraseIndex

__all__ = [
    "EventActor",
    "actor_at",
    "both_sides_at",
    "document_parties",
    "enemy_at",
    "party_word",
    "with_conjuncts",
]

_PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "on",
        "from",
        "to",
        "near",
        "into",
        "of",
        "over",
        "toward",
        "towards",
        "around",
        "across",
        "outside",
        "inside",
        "within",
        "between",
        "via",
    }
)
_ACTOR_ADJECTIVES = frozenset(
    {
        "military",
        "armed",
        "security",
        "missile",
        "artillery",
        "special",
        "ground",
        "regular",
        "government",
        "pro-government",
        "rebel",
        "national",
    }
)


@dataclass(frozen=True, slots=True)
class _PartyIndex:
    starts: frozenset[str]  # first word of every name a party can be written with
    both_sides: PhraseIndex[bool]
    enemy: PhraseIndex[bool]


@lru_cache(maxsize=8)
def _party_index(lex: Lexicon) -> _PartyIndex:
    names = [*lex.countries, *lex.adjectives, *lex.demonyms, *lex.capitals]
    names += [k for k, o in lex.organisations.items() if o.kind == "armed_group" and o.party]
    starts = {toks[0].lower for toks in map(tokenize, names) if toks}
    return _PartyIndex(
        frozenset(starts),
        PhraseIndex((p, True) for p in lex.both_sides),
        PhraseIndex((p, True) for p in lex.enemy_words),
    )


@dataclass(frozen=True, slots=True)
class EventActor:
    """An actor phrase: its words, its party, and its token span."""

    text: str
    party: str
    start: int
    end: int


def party_word(
    toks: Sequence[Token], i: int, lex: Lexicon, *, demonyms: bool = True, capitals: bool = False
) -> tuple[str, int, str] | None:
    """(party, tokens used, kind) for a country name/adjective/capital or an armed group written at `i`.

    `kind` is "group", "name", "capital", "adjective" or "demonym".
    """
    tok = toks[i]
    if not tok.is_title and not tok.text.isupper():
        return None
    starts = _party_index(lex).starts
    if tok.lower not in starts and (tok.lower.isascii() or norm(tok.text) not in starts):
        return None  # no party name starts with this word (the common case: decided in one set lookup)
    for n in (4, 3, 2, 1):
        if i + n > len(toks):
            continue
        words = toks[i : i + n]
        phrase = " ".join(t.text for t in words)
        org = lex.organisation(phrase)
        if org is not None and org.kind == "armed_group" and org.party:
            return org.party, n, "group"
        if n == 1 or all(t.is_title or t.lower in ("of", "the", "-") for t in words):
            key = " ".join(t.lower for t in words)
            if key in lex.countries:
                return lex.countries[key].name, n, "name"
            if key in lex.adjectives:
                return lex.adjectives[key].name, n, "adjective"
            if demonyms and key in lex.demonyms:
                return lex.demonyms[key].name, n, "demonym"
            capital = lex.capital_of(phrase) if capitals and n <= 2 else None
            if capital is not None:
                return capital.name, n, "capital"
    return None


def actor_at(
    toks: Sequence[Token],
    i: int,
    lex: Lexicon,
    forces: PhraseIndex[bool],
    text: str,
    *,
    modifier: bool = False,
    weapons: PhraseIndex[Any] | None = None,
) -> list[EventActor]:
    """Actors named by the phrase starting at token `i`.

    As a subject an adjective needs a noun of armed force after it ("Azerbaijani forces", not "the Kestrian
    city"), or a weapon ("a Kestrian ballistic missile struck …"); as the modifier of an act (`modifier=True`:
    "Armenian missile strikes") it needs neither.
    """
    n = len(toks)
    j = i
    while j < n and toks[j].lower in ("the", "a", "an"):
        j += 1
    parties: list[str] = []
    kinds: list[str] = []
    k = j
    # a capital stands for its government only as the subject of a clause ("Dravon inflates …"), not after
    # a preposition ("shelling in Stepanakert") nor as a modifier
    capitals = (
        not modifier
        and (
            i == 0
            or toks[i - 1].text in (",", ";", ":", "—", "–")
            or toks[i - 1].lower in ("while", "but", "and", "as")
            or lex.reporting_verbs.get(toks[i - 1].lower)
            in ("accuse", "blame", "charge")  # "accused Moscow of"
        )
        and i + 1 < n
        and toks[i + 1].text.isalpha()
        and toks[i + 1].text.islower()
    )
    while k < n:
        pw = party_word(toks, k, lex, demonyms=False, capitals=capitals)
        if pw is None:
            break
        parties.append(pw[0])
        kinds.append(pw[2])
        k += pw[1]
        if k < n and toks[k].lower == "'s":
            k += 1
            kinds[-1] = "name"  # "Armenia's attacks", "Azerbaijan's foreign ministry"
            break
        if k + 1 < n and toks[k].lower in ("and", ",") and party_word(toks, k + 1, lex, demonyms=False):
            k += 1
            continue
        break
    if parties:
        e = k
        while e < n and (forces.match(toks, e) or toks[e].lower in _ACTOR_ADJECTIVES):
            m = forces.match(toks, e)
            e += m[0] if m else 1
        has_force = e > k or (weapons is not None and k < n and weapons.match(toks, k) is not None)
        if not modifier and not has_force and any(kd == "adjective" for kd in kinds):
            return []
        return [EventActor(text[toks[i].start : toks[e - 1].end], p, i, e) for p in dict.fromkeys(parties)]
    # "the armed forces of (the Republic of) Azerbaijan"
    m = forces.match(toks, j) if j < n else None
    if m and j + m[0] < n and toks[j + m[0]].lower == "of":
        k = j + m[0] + 1
        while k < n and toks[k].lower in ("the", "republic", "of", "kingdom", "state"):
            k += 1
        pw = party_word(toks, k, lex, demonyms=False) if k < n else None
        if pw is not None:
            return [EventActor(text[toks[i].start : toks[k + pw[1] - 1].end], pw[0], i, k + pw[1])]
    return []


def with_conjuncts(
    toks: Sequence[Token], found: list[EventActor], lex: Lexicon, text: str
) -> list[EventActor]:
    """Earlier conjuncts of an actor phrase, in text order: "Azerbaijan and Armenia", "Armenian, Azeri …"."""
    k = found[0].start
    while k >= 2 and toks[k - 1].lower in ("and", ",", "&"):
        pw = party_word(toks, k - 2, lex, demonyms=False)
        if pw is None:
            break
        start = k - 2
        found = [
            EventActor(text[toks[start].start : toks[found[-1].end - 1].end], pw[0], start, found[-1].end),
            *found,
        ]
        k = start
    seen: dict[str, EventActor] = {}
    for a in found:
        seen.setdefault(a.party, a)
    return list(seen.values())


def both_sides_at(toks: Sequence[Token], i: int, lex: Lexicon) -> int:
    """Tokens used by a "both sides" phrase at `i` (0 if none)."""
    m = _party_index(lex).both_sides.match(toks, i)
    return m[0] if m else 0


def enemy_at(toks: Sequence[Token], i: int, lex: Lexicon) -> int:
    """Tokens used by a phrase naming the speaker's enemy at `i` ("the enemy", "occupation"; 0 if none)."""
    m = _party_index(lex).enemy.match(toks, i)
    return m[0] if m else 0


def document_parties(tokens: Sequence[Token], lex: Lexicon) -> tuple[str, ...]:
    """The parties a document is mostly about (for "both sides"): the two most named, in order of first mention."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i in range(len(tokens)):
        pw = party_word(tokens, i, lex) if tokens[i].is_title else None
        if pw is not None:
            counts[pw[0]] += 1
            first.setdefault(pw[0], i)
    top = [p for p, _ in counts.most_common(2)]
    return tuple(sorted(top, key=lambda p: first[p]))
