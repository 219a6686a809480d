"""Where a reporting verb's speaker is named, and who that is.

`phrase_before` finds the speaker's words before a verb in the shapes news writing uses:
- a name or body: "Hajiyev said", "Armenia's ministry of defence tweeted";
- a title and a name: "Assistant to the … President … Hikmet Hajiyev told Trend";
- appositions either way: "Anna Naghdalyan, spokeswoman for …, said"; "Kestria's Human Rights Commissioner,
  Marit Envald, said"; and long ones at the start of a clause: "The International Civilian Harm Observatory
  (ICHO), an independent monitoring body that has kept a team in the valley since 2020, said";
- a relative pronoun: "…, who said that" (the name before it); coordination: "It described X and said …";
- groups: "Aid agencies estimate", "aid workers and local officials said".
`phrase_after` finds it after an inverted verb (`…," said Marie Struthers, Amnesty's … director.`).
`resolve` turns the phrase into an actor, using the document read so far (`ActorBook`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from audiatur.domain import Actor, ActorType
from audiatur.extract.layout import Token, tokenize
from audiatur.extract.lexicon import Lexicon, norm
from audiatur.extract.mentions import ActorBook, Mention, actor_from_phrase, country_refs, is_np_token

__all__ = ["Phrase", "phrase_after", "phrase_before", "resolve"]

_AUX = frozenset(
    """has have had is was were are be been being also further later earlier previously then again once
    reportedly allegedly repeatedly would will may might could can should shall officially publicly
    separately recently yesterday today now""".split()
)
_STOP = frozenset(
    """on in at after before during meanwhile however also moreover earlier later yesterday today tonight thus
    therefore so but and while when since as although though because if then now here there this that such
    what why how where who which whose furthermore besides nevertheless still yet unfortunately monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august september
    october november december according speaking last next question answer""".split()
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "you", "i", "him", "her", "them"})
_RELATIVE = frozenset({"who", "which", "that"})
_GLUE = frozenset({"of", "for", "to", "at", "and", "-", "–", "—", "'s", "on", "in"})
_GROUP_OF = re.compile(
    r"^(?:the\s+)?(?:staff|team|members?|experts?|investigators?|researchers?|monitors?|officials?|inspectors?|"
    r"representatives?|lawyers?|spokesman|spokeswoman|spokesperson|head|director|chief)\s+(?:of|from|at)\s+(.+)$",
    re.IGNORECASE,
)
_ISSUED_BY = re.compile(
    r"^(?:a|an|the|its|their)?\s*(?:joint\s+)?(?:statement|report|communiqu[eé]|release|press release|letter|"
    r"declaration|update)\s+(?:issued|released|published|signed|sent|put out)\s+by\s+(.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A speaker's noun phrase: token indices [start, end) and any apposition (a role or a name)."""

    start: int
    end: int
    apposition: str = ""


def _np_token(tok: Token, lex: Lexicon) -> bool:
    return is_np_token(tok, lex) or tok.text in ("(", ")") or (tok.text.isupper() and len(tok.text) > 1)


def _walk_left(toks: Sequence[Token], j: int, lo: int, lex: Lexicon) -> int:
    """First index of the noun phrase that ends at token `j` (inclusive)."""
    if j >= lo and toks[j].lower in _PRONOUNS:
        return j
    a = j + 1
    while a - 1 >= lo:
        t = toks[a - 1]
        low = t.lower
        if low in _STOP and not (
            low in ("and", "in", "on")
            and a - 2 >= lo
            and _np_token(toks[a - 2], lex)
            and a <= j
            and _np_token(toks[a], lex)
        ):
            break
        if low in _PRONOUNS or low in _RELATIVE:
            break
        if not _np_token(t, lex):
            # a plural common noun heading the phrase: "Aid agencies", "aid workers", "rights groups"
            heads = a - 1 == j or (t.text.isalpha() and t.text.islower() and low.endswith("s") and a <= j)
            if heads and low.endswith("s") and t.text.isalpha() and len(low) > 3:
                a -= 1
                continue
            break
        a -= 1
    while a <= j and toks[a].lower in _GLUE | {")"}:
        a += 1
    return a


def _clause_start(toks: Sequence[Token], j: int, lo: int) -> int:
    """Start of the clause holding token `j`: after the last ';', ':' or subordinator before it."""
    k = j
    while (
        k > lo and toks[k - 1].text not in (";", ":") and toks[k - 1].lower not in ("while", "whereas", "but")
    ):
        k -= 1
    return k


def phrase_before(
    toks: Sequence[Token], k: int, lo: int, lex: Lexicon, valid: Callable[[Phrase], bool]
) -> Phrase | None:
    """The speaker phrase ending before the verb at `k` (`valid` says whether a candidate names an actor)."""
    j = k - 1
    while j >= lo and toks[j].lower in _AUX:
        j -= 1
    if j < lo:
        return None
    if toks[j].lower in ("who", "which") and j - 1 >= lo and toks[j - 1].text == ",":
        a = _walk_left(toks, j - 2, lo, lex)  # "…, Velsaria's Human Rights Defender, who said that"
        return Phrase(a, j - 1) if a <= j - 2 else None
    if toks[j].lower == "and":
        start = _clause_start(toks, j, lo)  # "It described the TLA as … and said"
        b = start
        while b < j and _np_token(toks[b], lex) and toks[b].lower not in _STOP:
            b += 1
        if toks[start].lower in _PRONOUNS:
            b = start + 1
        cand = Phrase(start, b)
        return cand if b > start and valid(cand) else None
    if toks[j].text == ",":
        return _apposition_before(toks, j, lo, lex, valid)
    a = _walk_left(toks, j, lo, lex)
    if a > j:
        return None
    # "Nagorno-Karabakh leader, Arayik Harutyunyan stated": a role before a comma belongs to the name
    appos = ""
    if a - 1 > lo and toks[a - 1].text == ",":
        r = _walk_left(toks, a - 2, lo, lex)
        role_low = {t.lower for t in toks[r : a - 1]}
        if r <= a - 2 and (r == lo or toks[r - 1].text in (",", ":")) and role_low & lex.roles:
            appos = " ".join(t.text for t in toks[r : a - 1])
    return Phrase(a, j + 1, appos)


def _apposition_before(
    toks: Sequence[Token], c2: int, lo: int, lex: Lexicon, valid: Callable[[Phrase], bool]
) -> Phrase | None:
    """`NAME, APPOSITION, verb` and `ROLE, NAME, verb` (the comma before the verb at `c2`)."""
    start = _clause_start(toks, c2, lo)
    commas = [i for i in range(start, c2) if toks[i].text == ","]
    for c1 in commas:
        # the phrase before the first comma must run from the clause start
        a = _walk_left(toks, c1 - 1, start, lex)
        if a > c1 - 1 or (a != start and not (a > start and toks[a - 1].lower in _STOP | {","})):
            continue
        appos_toks = toks[c1 + 1 : c2]
        head = Phrase(a, c1, " ".join(t.text for t in appos_toks))
        head_low = {t.lower for t in toks[a:c1]}
        appos_is_name = bool(appos_toks) and all(t.is_title or t.lower in ("'s",) for t in appos_toks)
        if appos_is_name and head_low & (lex.roles | lex.title_words):
            name = Phrase(c1 + 1, c2, " ".join(t.text for t in toks[a:c1]))  # "Commissioner, Marit Envald,"
            if valid(name):
                return name
        if valid(head):
            return head
    return None


def phrase_after(toks: Sequence[Token], k: int, hi: int, lex: Lexicon) -> Phrase | None:
    """Speaker phrase after an inverted verb (`…, said Marie Struthers, Amnesty's director.`)."""
    a = k + 1
    while a < hi and toks[a].lower in _AUX:
        a += 1
    b = a
    while (
        b < hi and _np_token(toks[b], lex) and toks[b].text not in (",", ".") and toks[b].lower not in _STOP
    ):
        b += 1
    if b == a:
        return None
    appos = ""
    if b < hi and toks[b].text == ",":
        c = b + 1
        while (
            c < hi
            and toks[c].text not in (".", "!", "?", ";")
            and (_np_token(toks[c], lex) or toks[c].lower == "'s")
        ):
            c += 1
        appos = " ".join(t.text for t in toks[b + 1 : c])
    return Phrase(a, b, appos)


# ----------------------------------------------------------------------------------------------- resolution


def _with_apposition(actor: Actor | None, appos: str, lex: Lexicon) -> Actor | None:
    """A person named next to an apposition ("Anna Naghdalyan, spokeswoman for …"): role, affiliation, party."""
    appos_toks = tokenize(appos)
    if actor is None or actor.type != ActorType.PERSON:
        return actor or actor_from_phrase(appos, appos_toks, lex)
    org = actor_from_phrase(appos, appos_toks, lex)
    refs = country_refs(appos_toks, lex)
    affiliation, party = actor.affiliation, actor.party
    if org is not None and org.type != ActorType.PERSON:
        affiliation, party = affiliation or org.name, party or org.party
    elif org is not None and org.affiliation:
        affiliation, party = affiliation or org.affiliation, party or org.party
    if party is None and refs:
        party = refs[0][2].name
    return Actor(
        id=actor.id,
        name=actor.name,
        type=actor.type,
        aliases=actor.aliases,
        role=actor.role or appos.strip(" ,"),
        affiliation=affiliation,
        party=party,
    )


def _unnamed(
    words: Sequence[Token], lex: Lexicon, context_party: Callable[[], str | None] | None
) -> Actor | None:
    """A speaker known only by role or as a group ("the regional governor", "aid agencies", "the military")."""
    words = [t for t in words if t.lower not in ("the", "a", "an", "our", "their", "its")]
    if not words:
        return None
    last = words[-1].lower
    if last not in lex.roles | lex.collective_speakers | {
        "military",
        "army",
        "government",
        "authorities",
        "forces",
        "police",
        "ministry",
    } and not (
        last.endswith("s") and words[-1].text.isalpha() and words[-1].text.islower() and len(words) <= 3
    ):
        return None
    name = " ".join(t.text for t in words)
    refs = country_refs(words, lex)
    party = refs[0][2].name if refs else None
    if last in ("military", "army", "government", "authorities", "forces", "police", "ministry"):
        kind = ActorType.MILITARY if last in ("military", "army", "forces") else ActorType.GOVERNMENT
        around = context_party() if party is None and context_party is not None else None
        if around is not None:
            country = lex.countries.get(norm(around))
            adjective = country.adjectives[0] if country and country.adjectives else around
            name = f"{adjective} {name}"
            party = around
        return Actor(id=Actor.make_id(name), name=name, type=kind, party=party)
    kind = ActorType.PERSON if last in lex.roles and not last.endswith("s") else ActorType.GROUP
    return Actor(
        id=Actor.make_id(name),
        name=name,
        type=kind,
        role=name if kind == ActorType.PERSON else None,
        party=party,
    )


def resolve(
    text: str,
    toks: Sequence[Token],
    phrase: Phrase,
    lex: Lexicon,
    book: ActorBook,
    *,
    person_spans: frozenset[tuple[int, int]] = frozenset(),
    context_party: Callable[[], str | None] | None = None,
    enclosing: Actor | None = None,
) -> Mention | None:
    """The speaker a phrase names, resolved against the document read so far.

    `context_party()` gives the party a sentence is about, for speakers named only by their body ("the
    military"); it is asked only when needed.
    """
    span = list(toks[phrase.start : phrase.end])
    while (span and span[-1].text in ("(", ")")) or (
        span and span[-1].text.isupper() and len(span) > 1 and span[-2].text == "("
    ):
        span = span[:-1]  # "(ICHO)"
    span = [t for t in span if t.text not in ("(", ")")]
    if not span:
        return None
    surface = text[span[0].start : span[-1].end]
    low = norm(surface)
    words = [t for t in span if t.lower not in ("the", "a", "an")]
    actor: Actor | None = None

    m = _ISSUED_BY.match(surface) or _GROUP_OF.match(surface)
    if m and not (_GROUP_OF.match(surface) and span[0].lower in lex.roles and len(words) > 4):
        m.group(1)
        inner_toks = [t for t in span if t.start >= span[0].start + m.start(1)]
        sub = resolve(
            text,
            inner_toks,
            Phrase(0, len(inner_toks), phrase.apposition),
            lex,
            book,
            person_spans=person_spans,
            context_party=context_party,
            enclosing=enclosing,
        )
        if sub is not None:
            if _GROUP_OF.match(surface) and sub.actor.type == ActorType.PERSON:
                return None
            return Mention(sub.actor, surface, span[0].start, span[-1].end)

    ours = low.startswith(("our ", "my ")) or (
        phrase.start > 0 and toks[phrase.start - 1].lower in ("our", "my")
    )
    if (
        ours
        and enclosing is None
        and book.publisher is not None
        and book.publisher.type in (ActorType.MEDIA, ActorType.ORGANIZATION)
        and any(w.lower in lex.roles or w.lower in lex.media_nouns for w in words[:2])
    ):
        actor = book.publisher  # "our correspondent in Dunmere reports": the outlet's own reporting
    elif ours and enclosing is not None:
        actor = enclosing  # "our reporter counted" inside Atlas Wire's question
    elif low in lex.agentless_sources or low.replace("the ", "") in lex.agentless_sources:
        actor = book.current_source(span[0].start) or (book.publisher if book.publisher_is_author else None)
    elif (
        low in _PRONOUNS
        or low in lex.person_anaphors
        or low in lex.org_anaphors
        or (len(words) == 1 and words[0].lower in lex.roles)
        or (len(words) == 1 and words[0].lower in lex.org_anaphor_words)
    ):
        actor = book.resolve_anaphor(surface, span[0].start)
    elif len(span) == 1 and span[0].is_title and (p := book.person_by_surname(span[0].text, span[0].start)):
        actor = p.actor
    if actor is None and low not in _PRONOUNS:
        actor = actor_from_phrase(text, span, lex)
        if (
            actor is not None
            and actor.type == ActorType.ORGANIZATION
            and len(words) == 1
            and words[0].is_title
        ):
            # a single capitalised word: an earlier actor known by it ("the Observatory", "the Commissioner")
            earlier = book.resolve_anaphor("the " + words[0].lower, span[0].start)
            actor = earlier or actor
        if phrase.apposition:
            actor = _with_apposition(actor, phrase.apposition, lex)
    if (actor is None or actor.type != ActorType.PERSON) and person_spans:
        # a statistical pipeline's PERSON entity inside the phrase names the speaker
        for ps, pe in person_spans:
            if (
                span[0].start <= ps
                and pe <= span[-1].end
                and (actor is None or actor.type == ActorType.ORGANIZATION)
            ):
                name = text[ps:pe]
                rest = " ".join((text[span[0].start : ps] + " " + text[pe : span[-1].end]).split()).strip(
                    " ,'’s"
                )
                actor = Actor(
                    id=Actor.make_id(name),
                    name=name,
                    type=ActorType.PERSON,
                    role=rest or None,
                    party=actor.party if actor else None,
                )
                break
    if actor is None and low not in _PRONOUNS:
        actor = _unnamed(span, lex, context_party)
    if (
        actor is not None
        and book.publisher is not None
        and actor.type in (ActorType.GOVERNMENT, ActorType.ORGANIZATION)
        and actor.party is None
        and (
            norm(actor.name) in norm(book.publisher.name)
            or low.replace("the ", "") in norm(book.publisher.name)
        )
    ):
        actor = book.publisher  # "the Human Rights Defender" in the Defender's own report
    if actor is None:
        return None
    return Mention(actor, surface, span[0].start, span[-1].end)
