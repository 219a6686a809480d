"""Actor mentions: turn a speaker's noun phrase into an `Actor`, and resolve later references to it.

A noun phrase such as "Assistant to the Azerbaijani President - Head of the Foreign Policy Department of the
Presidential Administration Hikmet Hajiyev" becomes a person (`Hikmet Hajiyev`) with a role and a party;
"Armenia's ministry of defence" becomes the body "Armenian Ministry of Defence"; "Amnesty" becomes the
data file's "Amnesty International". `ActorBook` remembers who has been named in a document so that
"Hajiyev", "the official", "he", "the agency" or "the statement" resolve to the right actor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from audiatur.domain import Actor, ActorType
from audiatur.extract.layout import Token
from audiatur.extract.lexicon import CountryEntry, Lexicon, OrgEntry, norm

__all__ = ["ActorBook", "Mention", "actor_from_phrase", "country_refs", "is_np_token"]

_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"})
_NP_GLUE = frozenset(
    {"of", "for", "to", "at", "and", "-", "–", "—", "'s", "’s", "&", "on", "in", "de", "al", "el"}
)
_NP_ADJECTIVES = frozenset(
    """senior acting former deputy chief local foreign state government-run state-run state-owned official
    rights human news international national regional military defence defense health top leading
    independent non-governmental governmental civil society public presidential parliamentary
    government pro-government opposition rebel separatist de facto breakaway self-proclaimed unnamed
    anonymous several two three some many other various""".split()
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_NAME_BLOCK = frozenset(
    {"i", "we", "you", "he", "she", "it", "they", "on", "in", "at", "but", "and", "or", "if"}
)
_GENERIC_ORG_HEADS = frozenset(
    """ministry agency organization organisation group office department committee commission council
    centre center service mission monitor observatory network coalition union institute foundation
    society association watchdog body authority authorities government administration army military forces
    channel newspaper broadcaster outlet station website ngo ngos statement report command headquarters
    regime side""".split()
)


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor as named at one place in the text."""

    actor: Actor
    text: str
    start: int
    end: int


def is_np_token(tok: Token, lex: Lexicon) -> bool:
    """Whether a token can belong to a speaker's noun phrase."""
    low = tok.lower
    if tok.is_title or low in _NP_GLUE or low in _DETERMINERS or low in _NP_ADJECTIVES:
        return True
    return (
        low in lex.roles
        or low in lex.title_words
        or low in lex.media_nouns
        or low in lex.collective_speakers
        or low in lex.collective_bodies
        or low in _GENERIC_ORG_HEADS
        or low in lex.adjectives
        or low in _PRONOUNS
        or lex.country_of(low) is not None
        or low.endswith(("-run", "-based", "-led", "-backed", "-owned"))
        or (len(low) > 5 and low.isalpha() and low.endswith(_ADJECTIVE_ENDINGS))
    )


# lower-case adjectives inside an organisation's name: "the Tessara provincial health department"
_ADJECTIVE_ENDINGS = ("ial", "ian", "ary", "ical", "ese", "ish", "nal", "pal", "ral", "ious")


@lru_cache(maxsize=8)
def _first_words(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """First words of every country/adjective/demonym name, and of every organisation name."""
    countries = {k.split()[0] for d in (lex.countries, lex.adjectives, lex.demonyms) for k in d}
    orgs = {k.split()[0] for k in lex.organisations}
    return frozenset(countries), frozenset(orgs)


@lru_cache(maxsize=8)
def _bodies_pattern(lex: Lexicon) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(v) for v in sorted(lex.bodies, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def country_refs(tokens: Sequence[Token], lex: Lexicon) -> list[tuple[int, int, CountryEntry]]:
    """Country names, adjectives and demonyms among `tokens`: (first index, end index, entry)."""
    out: list[tuple[int, int, CountryEntry]] = []
    firsts = _first_words(lex)[0]
    i = 0
    while i < len(tokens):
        if tokens[i].lower not in firsts:
            i += 1
            continue
        hit = None
        for n in (4, 3, 2, 1):
            if i + n > len(tokens):
                continue
            phrase = " ".join(t.lower for t in tokens[i : i + n])
            entry = lex.country_of(phrase)
            if entry and (n > 1 or tokens[i].is_title):
                hit = (i, i + n, entry)
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def _org_in(tokens: Sequence[Token], lex: Lexicon) -> tuple[int, int, OrgEntry] | None:
    """The longest data-file organisation named inside `tokens` (case as written must be title-case)."""
    best: tuple[int, int, OrgEntry] | None = None
    firsts = _first_words(lex)[1]
    for i in range(len(tokens)):
        if tokens[i].lower not in firsts or (not tokens[i].is_title and not tokens[i].text[:1].isdigit()):
            continue
        for n in range(min(8, len(tokens) - i), 0, -1):
            phrase = " ".join(t.text for t in tokens[i : i + n])
            phrase = phrase.replace(" 's", "'s").replace(" ’s", "’s").replace(" - ", "-")
            org = lex.organisation(phrase)
            if org is not None:
                if best is None or n > best[1] - best[0]:
                    best = (i, i + n, org)
                break
    return best


def _body_in(low: str, lex: Lexicon) -> tuple[str, str] | None:
    """(variant, canonical) of the longest institutional body named in a lower-cased phrase."""
    matches = [m.group(0) for m in _bodies_pattern(lex).finditer(low)]
    if not matches:
        return None
    variant = max(matches, key=len)
    return variant, lex.bodies[variant]


def _person_name(tokens: Sequence[Token], lex: Lexicon) -> tuple[int, int] | None:
    """Indices of the last run of capitalised tokens that reads as a person's name (not a title or place)."""
    end = len(tokens)
    while end > 0 and not tokens[end - 1].is_title:
        end -= 1
    start = end
    while start > 0:
        t = tokens[start - 1]
        low = t.lower
        if not t.is_title or low in lex.title_words or low in lex.roles or low in _NAME_BLOCK:
            break
        if lex.country_of(low) or low in lex.organisations or low in lex.place_names or low in lex.months:
            break
        start -= 1
    while start < end and tokens[start].lower.rstrip(".") in lex.honorifics:
        start += 1
    named = end - start >= 2 or (end - start == 1 and start > 0 and tokens[start - 1].lower in lex.honorifics)
    if named and all(len(t.text) > 1 for t in tokens[start:end]):
        return start, end
    return None


def _clean(text: str) -> str:
    return " ".join(text.replace(" ’s", "’s").replace(" 's", "'s").split()).strip(" ,;:-–—")


def _strip_determiners(tokens: Sequence[Token]) -> Sequence[Token]:
    i = 0
    while i < len(tokens) and tokens[i].lower in _DETERMINERS:
        i += 1
    return tokens[i:]


def _span_text(text: str, tokens: Sequence[Token]) -> str:
    return text[tokens[0].start : tokens[-1].end] if tokens else ""


def _party_of(tokens: Sequence[Token], lex: Lexicon) -> str | None:
    refs = country_refs(tokens, lex)
    if refs:
        return refs[0][2].name
    org = _org_in(tokens, lex)
    return org[2].party if org else None


def actor_from_phrase(text: str, tokens: Sequence[Token], lex: Lexicon) -> Actor | None:
    """The actor a noun phrase names (no anaphora: see `ActorBook.resolve`), or None if it names none."""
    toks = _strip_determiners(tokens)
    while toks and toks[-1].lower in _NP_GLUE:
        toks = toks[:-1]
    if not toks:
        return None
    surface = _clean(_span_text(text, toks))
    low = norm(surface)
    if not surface or low in _PRONOUNS:
        return None

    whole = lex.organisation(surface)
    front = len(tokens) - len(_strip_determiners(tokens))
    if whole is None and front > 0:  # an alias written with its article ("the Observatory")
        whole = lex.organisation(_clean(_span_text(text, tokens[front - 1 : front + len(toks)])))
    if whole is not None:
        return _org_actor(whole)

    name = _person_name(toks, lex)
    org = _org_in(toks, lex)
    if name is not None:
        ns, ne = name
        person = _clean(_span_text(text, toks[ns:ne]))
        role_toks = [t for k, t in enumerate(toks) if not ns <= k < ne]
        role = _clean(" ".join(t.text for t in role_toks)) or None
        affiliation = org[2].name if org else None
        party = _party_of(role_toks, lex) or (org[2].party if org else None)
        return Actor(
            id=Actor.make_id(person),
            name=person,
            type=ActorType.PERSON,
            role=role,
            affiliation=affiliation,
            party=party,
        )

    if org is not None:
        os_, oe, entry = org
        rest = [t for k, t in enumerate(toks) if not os_ <= k < oe and t.lower not in ("'s",)]
        rest_low = {t.lower for t in rest}
        if rest and rest_low & lex.roles:
            # "Al Mayadeen correspondent": an unnamed person of a named organisation
            return Actor(
                id=Actor.make_id(surface),
                name=surface,
                type=ActorType.PERSON,
                role=_clean(" ".join(t.text for t in rest)),
                affiliation=entry.name,
                party=entry.party,
            )
        return _org_actor(entry)

    refs = country_refs(toks, lex)
    body = _body_in(low, lex)
    if body is not None and refs:
        country = refs[0][2]
        adjective = country.adjectives[0] if country.adjectives else country.name
        name_ = f"{adjective} {body[1]}"
        return Actor(id=Actor.make_id(name_), name=name_, type=ActorType.GOVERNMENT, party=country.name)
    if body is not None:
        return Actor(id=Actor.make_id(body[1]), name=body[1], type=ActorType.GOVERNMENT)

    if refs:
        country = refs[0][2]
        words = {t.lower for t in toks}
        if len(toks) == refs[0][1] - refs[0][0]:  # just "Azerbaijan" or "Azerbaijanis"
            return Actor(
                id=Actor.make_id(country.name),
                name=country.name,
                type=ActorType.GOVERNMENT,
                party=country.name,
            )
        kind = ActorType.GOVERNMENT
        if words & lex.collective_bodies or words & lex.collective_speakers:
            kind = ActorType.GROUP
        elif words & lex.media_nouns:
            kind = ActorType.MEDIA
        elif words & {"forces", "army", "military", "troops", "soldiers", "artillery", "command"}:
            kind = ActorType.MILITARY
        return Actor(id=Actor.make_id(surface), name=surface, type=kind, party=country.name)

    capital = lex.capital_of(surface) if len(toks) <= 2 and all(t.is_title for t in toks) else None
    if capital is not None:  # "Moscow denied …", "Dravon says": the government, by metonymy
        return Actor(
            id=Actor.make_id(capital.name), name=capital.name, type=ActorType.GOVERNMENT, party=capital.name
        )
    lows = [t.lower for t in toks]
    if " ".join(lows) in lex.collective_speakers or lows[-1] in lex.collective_speakers:
        return Actor(id=Actor.make_id(surface), name=surface, type=ActorType.GROUP)
    if any(t.is_title for t in toks):
        media = bool(set(lows) & lex.media_nouns)
        kept = [t for t in toks if not (media and t.lower in lex.media_nouns)]
        name_ = _clean(_span_text(text, kept)) if kept else surface
        return Actor(
            id=Actor.make_id(name_),
            name=name_,
            type=ActorType.MEDIA if media else ActorType.ORGANIZATION,
        )
    return None


def _org_actor(entry: OrgEntry) -> Actor:
    return Actor(
        id=Actor.make_id(entry.name),
        name=entry.name,
        type=entry.type,
        aliases=entry.aliases,
        role=entry.role,
        affiliation=entry.affiliation,
        party=entry.party,
    )


@dataclass
class ActorBook:
    """Who has been named so far in one document, for resolving later references."""

    lex: Lexicon
    publisher: Actor | None = None
    default_party: str | None = None
    persons: list[Mention] = field(default_factory=list)
    speakers: list[Mention] = field(default_factory=list)
    issuers: list[Mention] = field(default_factory=list)  # actors that issued a statement or report
    mentions: list[Mention] = field(default_factory=list)  # organisations named without speaking
    addressee: Actor | None = None
    publisher_is_author: bool = False
    body_party: Callable[[int], str | None] | None = None  # the country a sentence is about, at an offset
    actors: dict[str, Actor] = field(default_factory=dict)

    def remember(
        self, mention: Mention, *, speaker: bool = False, issuer: bool = False, named: bool = False
    ) -> Mention:
        """Record a mention (merging what is known of the same actor) and return it, canonicalised."""
        actor = mention.actor
        known = self.actors.get(actor.id)
        if known is not None:
            actor = replace(
                known,
                role=known.role or actor.role,
                affiliation=known.affiliation or actor.affiliation,
                party=known.party or actor.party,
            )
        elif actor.party is None and actor.type == ActorType.GOVERNMENT and self.body_party is not None:
            party = self.body_party(mention.start)
            if party:
                actor = replace(actor, party=party)
        self.actors[actor.id] = actor
        mention = replace(mention, actor=actor)
        if actor.type == ActorType.PERSON:
            self.persons.append(mention)
        if speaker:
            self.speakers.append(mention)
        if issuer:
            self.issuers.append(mention)
        if named and actor.type != ActorType.PERSON:
            self.mentions.append(mention)
        return mention

    def _last(self, items: list[Mention], before: int, test: object = None) -> Mention | None:
        for m in reversed(items):
            if m.start < before and (test is None or test(m.actor)):  # type: ignore[operator]
                return m
        return None

    def person_by_surname(self, token: str, before: int) -> Mention | None:
        """A person named earlier whose name ends with `token` ("Hajiyev")."""
        low = token.lower()
        for m in reversed(self.persons):
            if m.start < before and m.actor.name.lower().split()[-1] == low:
                return m
        return None

    def resolve_anaphor(self, phrase: str, at: int) -> Actor | None:
        """The actor "he", "the official", "the Commissioner", "the ministry", "the statement" refers back to."""
        low = norm(phrase).replace("'s", "").strip()
        words = low.split()
        head = words[-1] if words else ""
        if low in ("we", "our", "us"):
            m = self._last(self.issuers, at) or self._last(self.speakers, at)
            return m.actor if m else self.publisher
        if low in ("you", "your"):
            return self.addressee
        if low in ("he", "she", "him", "her", "his"):
            p = self._last(self.persons, at)
            m = self._last(self.speakers, at, lambda a: a.type == ActorType.PERSON)
            best = p if p is not None and (m is None or p.start > m.start) else m
            return best.actor if best else None
        if head in self.lex.roles and head not in _GENERIC_ORG_HEADS:
            # "the official", "the spokeswoman", "the Commissioner": a person (or body) named with that role
            if head not in ("official", "officials"):
                for m in reversed(self.persons + self.speakers):
                    if m.start < at and head in norm(f"{m.actor.role or ''} {m.text} {m.actor.name}").split():
                        return m.actor
            m = self._last(self.speakers, at, lambda a: a.type == ActorType.PERSON)
            return m.actor if m else None
        if (
            low in ("it", "they", "them", "its", "their")
            or low in self.lex.org_anaphors
            or head in _GENERIC_ORG_HEADS
        ):
            if head in ("statement", "report", "release", "communique", "update", "bulletin", "briefing"):
                m = self._last(self.issuers, at) or self._last(
                    self.speakers, at, lambda a: a.type != ActorType.PERSON
                )
                return m.actor if m else self.publisher
            if head in ("agency", "channel", "outlet", "broadcaster", "newspaper", "website", "station"):
                m = self._last(self.speakers, at, lambda a: a.type == ActorType.MEDIA)
                return m.actor if m else None
            if head not in (
                "it",
                "they",
                "them",
                "its",
                "their",
                "group",
                "body",
                "side",
                "organization",
                "organisation",
                "authorities",
                "government",
            ):
                # the last actor whose own name holds the word ("the Observatory", "the department")
                for m in reversed(self.speakers + self.mentions):
                    if m.start < at and head in norm(m.actor.name).replace("-", " ").split():
                        return m.actor
                if (
                    self.publisher is not None
                    and self.publisher_is_author
                    and (
                        head in norm(self.publisher.name)
                        or head in ("office", "mission", "organisation", "organization")
                    )
                ):
                    return self.publisher
            if head not in (
                "it",
                "they",
                "them",
                "its",
                "their",
                "ministry",
                "organisation",
                "organization",
                "group",
                "body",
                "agency",
            ):
                return None  # "the military", "the authorities": a new actor, not whoever spoke last
            m = self._last(self.speakers, at, lambda a: a.type not in (ActorType.PERSON, ActorType.MEDIA))
            if m:
                return m.actor
            m = self._last(
                self.speakers, at, lambda a: a.type == ActorType.PERSON and a.affiliation is not None
            )
            if m and m.actor.affiliation:
                org = self.lex.organisation(m.actor.affiliation)
                return _org_actor(org) if org else None
        return None

    def current_source(self, at: int) -> Actor | None:
        """The organisation whose words the text is relaying at `at` (for "It is emphasized that …")."""
        m = self._last(self.speakers, at)
        if m is None:
            return None
        actor = m.actor
        if actor.type == ActorType.PERSON and actor.affiliation:
            org = self.lex.organisation(actor.affiliation)
            if org is not None:
                return _org_actor(org)
        return actor
