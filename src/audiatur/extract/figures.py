"""Figure claims: counts of people harmed and of objects destroyed or damaged.

For every quantity in a sentence the extractor reads three things, each in the shapes conflict reporting uses.

What is counted (the phrase after the number): "27 Azerbaijani civilians", "four of its servicemen",
"two of them", "thousands of soldiers", "14 TLA fighters", a list ("63 civil facilities and 376 residential
buildings"), or nothing ("141 were wounded": the class of the figure before it).

What happened to them (the measure), from the first of:
1. a predicate after the phrase: "were killed", "lost their lives", "had been moved to temporary shelters",
   also past a place phrase or a relative clause ("who are believed to be held");
2. a measure word in the phrase: "11 deaths", "3 martyrs and 6 wounded", "two wounded civilians";
3. a verb before the number: "killed at least 21 civilians", "wounding 14", "holding the two border guards";
4. a noun of the act: "the deaths of 23 civilians", "the abduction of 11 civilians";
5. a toll: "the death toll has risen to 8,069", "put the number of soldiers killed at three";
6. the figure it belongs to: a subset ("including 4,600 pregnant women", "9 of them children", "131 were
   women"), a superseded figure ("up from 9"), a breakdown ("— 18 in X and 13 in Y"), gapping ("and 2,000
   others in the West Bank"), or "Among the wounded …".

Which class (civilians, military, children, buildings …): a copula ("were fighters") over the counted noun over
the figure it belongs to, then the sentence's and paragraph's wording (a generic "11 deaths" in a report
about civilians counts civilians).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from audiatur.domain import Measure, SubjectClass
from audiatur.extract.layout import Token
from audiatur.extract.lexicon import Lexicon
from audiatur.extract.numbers import Quantity
from audiatur.extract.phrases import PhraseIndex

__all__ = ["FigureContext", "FigureFinding", "find_figures", "paragraph_class_hint"]

_PEOPLE = frozenset(
    {
        SubjectClass.CIVILIANS,
        SubjectClass.MILITARY,
        SubjectClass.PEOPLE,
        SubjectClass.CHILDREN,
        SubjectClass.WOMEN,
        SubjectClass.JOURNALISTS,
        SubjectClass.MEDICAL,
    }
)
_OBJECTS = frozenset({SubjectClass.BUILDINGS, SubjectClass.FACILITIES, SubjectClass.VEHICLES})
_BE = frozenset(
    """were was have has had been are is being be got get remain remained remains reportedly also all
    allegedly subsequently later since already now so far officially confirmed reported believed said
    thought feared presumed known to estimated mostly both respectively still""".split()
)
_COPULA = frozenset({"were", "are", "was", "is"})
_DETERMINERS = frozenset({"the", "its", "their", "our", "his", "her", "these", "those", "a", "an"})
_PARTITIVE_PRONOUNS = frozenset({"them", "whom", "those", "these"})
_PP_HEADS = frozenset(
    {"in", "from", "at", "near", "on", "across", "inside", "around", "of", "throughout", "along"}
)
_RELATIVE = frozenset({"who", "that", "which"})
_SUBSET_CUES = (
    "including",
    "among them",
    "among whom",
    "of whom",
    "of them",
    "mostly",
    "most of them",
    "among those",
    "among the dead",
    "among the victims",
    "amongst them",
    "of which",
    "of these",
)
_SUPERSEDED = (
    "up from",
    "down from",
    "revised from",
    "compared with",
    "earlier put at",
    "previously put at",
    "up on",
    "compared to",
    "from",
    "rather than",
)
_TOTAL_TO = re.compile(
    r"\b(?:bringing|brings|bring|raising|raises|taking|takes|pushing|putting|rose|risen|rises|"
    r"climbed|has climbed)\b[^.;]{0,30}\b(?:total|tally|overall number|number|count)\b[^.;]{0,20}"
    r"\b(?:to|at)\s*$"
)
_SHARED_COUNT = re.compile(r"\b(?:and|attribute|attributed)\s*$")
_GENERIC_HEADS = frozenset({"people", "persons", "person", "individuals", "individual", "victims", "cases"})
_ELLIPTIC_HEADS = frozenset({"others", "more", "other", "another", "further", "additional"})
_ACTIVE_BLOCK = frozenset({"were", "was", "been", "be", "being", "are", "is", "got"})
_TOLL_LINKS = frozenset(
    """to at of reached reach reaches reaching hit hits is was stands stood stand now rose risen climbed
    climbing surged jumped increased bringing brought has have had also further overall totalled totaled
    totals total amounted amounts grew""".split()
)
_FUNCTION_AFTER = frozenset(
    """in to during by from at on near reportedly occurred could were was are is had have has of and or while
    with across outside inside around along overall total altogether combined so each apiece respectively
    alone since including among last this yesterday today after before when as following because due
    according until till earlier later now a an""".split()
) | frozenset(",;.)—–:")
_QUOTE_MARKS = frozenset("\"“”«»‘’'")
_ATTACK_NOUNS = frozenset(
    """attack attacks strike strikes shelling bombardment aggression bombing bombings fire airstrike airstrikes
    air missile missiles rocket rockets drone drones artillery forces army troops military shell shells
    offensive raid raids assault shooting gunfire occupation side""".split()
)
_CIVILIAN_CUES = frozenset(
    {"civilians", "civilian", "citizens", "residents", "non-combatants", "noncombatants"}
)
_MILITARY_CUES = frozenset(
    {"soldiers", "servicemen", "troops", "fighters", "combatants", "servicemembers", "militants"}
)
# what may stand between two figures when the second leaves out its verb ("… in Gaza, and 2,000 others …")
_CHAIN = re.compile(r"^[^\d.;:]*(?:,|\band|\bas well as)\s*$")  # "…children and " before the next item
_GAP = re.compile(
    r"\s*(?:(?:in|at|on|near|from|across)\s+(?:the\s+)?[\w’' -]{1,40}?)?[\s,]*"
    r"(?:and|while|with|whereas|as well as|and another|plus)?\s*"
)


@dataclass(frozen=True, slots=True)
class FigureFinding:
    """A figure found in a sentence, before it becomes a `Claim`."""

    start: int
    end: int
    measure: Measure
    subject: str
    subject_class: SubjectClass
    quantity: Quantity
    victim_party: str | None = None
    perpetrator: str | None = None
    subset: bool = False  # part of a larger figure ("including 5 children")


@dataclass
class FigureContext:
    """What a sentence's figures may take from the sentences before it in the same paragraph."""

    last: FigureFinding | None = None  # the last whole (not subset) figure
    class_hint: SubjectClass | None = None  # the class the paragraph has been talking about


@dataclass(frozen=True, slots=True)
class _Indexes:
    passive: PhraseIndex[Measure]
    active: PhraseIndex[Measure]
    intransitive: PhraseIndex[Measure]
    nouns: PhraseIndex[Measure]
    adjectives: PhraseIndex[Measure]
    tolls: PhraseIndex[Measure]
    subjects: PhraseIndex[SubjectClass]
    nominals: PhraseIndex[Measure]
    measure_words: PhraseIndex[Measure]  # participles, adjectives and nouns: "killed", "dead", "deaths"


@lru_cache(maxsize=8)
def _indexes(lex: Lexicon) -> _Indexes:
    words = {**lex.measure_nouns, **lex.measure_adjectives, **lex.passive}
    return _Indexes(
        PhraseIndex(lex.passive.items()),
        PhraseIndex([*lex.passive.items(), *lex.active.items()]),
        PhraseIndex(lex.intransitive.items()),
        PhraseIndex(lex.measure_nouns.items()),
        PhraseIndex(lex.measure_adjectives.items()),
        PhraseIndex(lex.tolls.items()),
        PhraseIndex(lex.subject_nouns.items()),
        PhraseIndex(lex.nominals.items()),
        PhraseIndex(words.items()),
    )


@dataclass
class _NP:
    """The counted phrase after a quantity."""

    start: int  # token index
    end: int  # token index after the phrase
    head: SubjectClass | None = None
    head_word: str = ""
    modifier: SubjectClass | None = None
    victim_party: str | None = None
    measure_adjective: Measure | None = None
    measure_noun: Measure | None = None
    partitive: bool = False  # "four of its servicemen", "two of them"
    elliptic: bool = False  # "others", "more": the class of the figure before

    def text(self, text: str, toks: Sequence[Token]) -> str:
        return text[toks[self.start].start : toks[self.end - 1].end] if self.end > self.start else ""


def _country_party(tok: Token, lex: Lexicon) -> tuple[str, bool] | None:
    """(party, is_plural_people_noun) for a demonym or country adjective token."""
    if not tok.is_title:
        return None
    if tok.lower in lex.demonyms:
        return lex.demonyms[tok.lower].name, True
    if tok.lower in lex.adjectives:
        return lex.adjectives[tok.lower].name, False
    return None


def _is_modifier(tok: Token, lex: Lexicon) -> bool:
    return tok.lower in lex.noun_modifiers or tok.lower in lex.subject_modifiers


_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty hundred hundreds dozen dozens".split()
)


def _is_number_token(tok: Token) -> bool:
    return tok.text[:1].isdigit() or tok.lower in _NUMBER_WORDS


def _inner_of_partitive(toks: Sequence[Token], qa: int) -> bool:
    """The quantity at `qa` is the whole of a partitive ("two of the 9 wounded"): what follows is said of the part."""
    return (
        qa >= 3
        and toks[qa - 1].lower in _DETERMINERS
        and toks[qa - 2].lower == "of"
        and _is_number_token(toks[qa - 3])
    )


def _counted(toks: Sequence[Token], i: int, q: Quantity, ix: _Indexes, lex: Lexicon) -> _NP:
    """Parse what a quantity counts, starting at token `i` (just after the number)."""
    n = len(toks)
    np = _NP(start=i, end=i)
    if i < n and toks[i].lower == "of":
        nxt = toks[i + 1].lower if i + 1 < n else ""
        if nxt in _PARTITIVE_PRONOUNS:
            np.partitive = True
            np.start = np.end = i + 2
            return np
        if q.is_vague or q.text.lower().endswith(("million", "thousand", "hundred")) or nxt in _DETERMINERS:
            np.partitive = not q.is_vague
            i += 1
            if i < n and toks[i].lower in _DETERMINERS:
                i += 1
            if i + 1 < n and _is_number_token(toks[i]) and not ix.subjects.match(toks, i + 1):
                i += 1  # "two of the 9 wounded died": the count is of a part of the nine
    np.start = i
    while i < n:
        tok = toks[i]
        if tok.lower in _ELLIPTIC_HEADS and not (i + 1 < n and ix.subjects.match(toks, i + 1)):
            np.elliptic, np.head_word, i = True, tok.lower, i + 1
            break
        cp = _country_party(tok, lex)
        if cp is not None:
            np.victim_party = cp[0]
            if cp[1]:
                np.head, np.head_word, i = SubjectClass.PEOPLE, tok.text, i + 1
                break
            i += 1
            continue
        subj = ix.subjects.match(toks, i)
        adj = ix.adjectives.match(toks, i)
        noun = ix.nouns.match(toks, i)
        if adj and not subj:
            k = i + adj[0]
            while k + 1 < n and toks[k].lower in ("or", "and") and ix.adjectives.match(toks, k + 1):
                k += 1 + ix.adjectives.match(toks, k + 1)[0]  # type: ignore[index]
            while k < n and (_is_modifier(toks[k], lex) or _country_party(toks[k], lex)):
                k += 1
            if k < n and ix.subjects.match(toks, k):
                np.measure_adjective = np.measure_adjective or adj[1]
                i = k
                continue
        if noun and not subj:
            np.measure_noun, np.head_word, i = (
                noun[1],
                " ".join(t.lower for t in toks[i : i + noun[0]]),
                i + noun[0],
            )
            break
        if subj:
            words = " ".join(t.lower for t in toks[i : i + subj[0]])
            after_subj = i + subj[0]
            if (
                words in lex.subject_modifiers
                and after_subj < n
                and (ix.subjects.match(toks, after_subj) or ix.nouns.match(toks, after_subj))
            ):
                np.modifier = np.modifier or lex.subject_modifiers[words]
                i = after_subj
                continue
            np.head, np.head_word, i = subj[1], words, after_subj
            # coordinated heads with no number of their own: "residential buildings and civil facilities"
            if i + 1 < n and toks[i].lower in ("and", "or") and not toks[i + 1].text[:1].isdigit():
                k = i + 1 + (1 if toks[i + 1].lower in ("a", "an", "the", "one") else 0)
                while k < n and _is_modifier(toks[k], lex):
                    k += 1
                more = ix.subjects.match(toks, k) if k < n else None
                if more and not (k + more[0] < n and toks[k + more[0]].text[:1].isdigit()):
                    i = k + more[0]
            break
        if _is_modifier(tok, lex):
            if tok.lower in lex.subject_modifiers and np.modifier is None:
                np.modifier = lex.subject_modifiers[tok.lower]
            i += 1
            continue
        if tok.is_title and i + 1 < n and (ix.subjects.match(toks, i + 1) or _is_modifier(toks[i + 1], lex)):
            i += 1  # a name as modifier: "14 TLA fighters", "3 UN staff"
            continue
        if tok.text.isalpha() or "-" in tok.text:
            for k in (i + 1, i + 2):
                if (
                    k < n
                    and ix.subjects.match(toks, k)
                    and all(t.text.replace("-", "").isalpha() and t.lower not in _BE for t in toks[i:k])
                ):
                    i = k  # "4 water-pumping stations", "3 armoured personnel carriers"
                    break
            else:
                break
            continue
        break
    np.end = i
    if np.head is None and not np.elliptic and np.measure_noun is None:
        np.end = np.start  # no counted noun: the phrase is empty (an elliptical subject)
    return np


def _skip_place_phrase(toks: Sequence[Token], j: int) -> int:
    """Past a place or group phrase between a subject and its verb ("in the eastern quarter",
    "of Tamesh, Brenavë and nearby villages")."""
    n = len(toks)
    if j < n and toks[j].lower in _PP_HEADS:
        k = j + 1
        while k < n and k - j <= 9:
            low = toks[k].lower
            if (
                low in _BE
                or low in _RELATIVE
                or toks[k].text in (";", ".", "(", ")")
                or toks[k].text[:1].isdigit()
            ):
                break
            k += 1
        if k < n and k > j + 1 and toks[k].lower in _BE:
            return k
        if (
            k + 1 < n
            and k > j + 1
            and toks[k].lower in _RELATIVE
            and toks[k + 1].lower in _BE
            and toks[k - 1].text != ","
        ):
            return k + 1  # "40 houses in Orvaz that had been burned down" (not "…hospital, which was struck")
    return j


def _predicate(toks: Sequence[Token], j: int, ix: _Indexes) -> tuple[Measure, int] | None:
    """A measure predicate at `j` (past auxiliaries, adverbs, a place phrase or a relative clause)."""
    n = len(toks)
    if j < n and toks[j].text == ",":
        k = j + 1
        inner = " ".join(t.lower for t in toks[k : k + 3])
        if inner.startswith(_SUBSET_CUES):
            while k < n and toks[k].text != "," and k - j < 14:
                k += 1
            if k < n and toks[k].text == ",":
                j = k + 1
    j = _skip_place_phrase(toks, j)
    if j < n and toks[j].lower in _RELATIVE and j + 1 < n and toks[j + 1].lower in _BE:
        j += 1  # "6 civilians who are believed to be held"
    negated = False
    while j < n and (
        toks[j].lower in _BE
        or toks[j].lower.endswith("ly")
        or toks[j].lower
        in (
            "not",
            "never",
            "to",
            "be",
            "being",
            "believed",
            "thought",
            "feared",
            "presumed",
            "reported",
            "said",
            "may",
            "might",
            "could",
            "would",
            "must",
            "will",
        )
    ):  # "up to 30 may have been killed"
        m = ix.intransitive.match(toks, j)  # "remain in custody", "are no longer functional", "are housed in"
        if m and not negated:
            return m[1], j + m[0]
        if toks[j].lower in ("not", "never"):
            negated = True
        j += 1
    if j >= n or negated:
        return None
    for index in (ix.passive, ix.intransitive, ix.adjectives):
        m = index.match(toks, j)
        if m:
            return m[1], j + m[0]
    if (
        toks[j].lower == "left"
        and j + 1 < n
        and (toks[j + 1].is_title or toks[j + 1].lower in ("through", "for", "towards", "toward", "via"))
    ):
        return Measure.DISPLACED, j + 2
    return None


def _copula_class(
    toks: Sequence[Token], j: int, ix: _Indexes, lex: Lexicon
) -> tuple[SubjectClass, int] | None:
    """ "were women", "are health workers", "children" (after "of them"): the class a subset names."""
    n = len(toks)
    k = j
    if k < n and toks[k].lower in _COPULA:
        k += 1
    m = ix.subjects.match(toks, k) if k < n else None
    while m is None and k < n and (_is_modifier(toks[k], lex) or toks[k].lower in ("all", "mostly", "also")):
        k += 1
        m = ix.subjects.match(toks, k) if k < n else None
    if m and (k > j or (k == j and j > 0 and toks[j - 1].lower in _PARTITIVE_PRONOUNS)):
        return m[1], k + m[0]
    return None


def _copula_after_clause(
    toks: Sequence[Token], j: int, ix: _Indexes, lex: Lexicon
) -> tuple[SubjectClass, int] | None:
    """ "five of the nine people killed on 4 November were civilians": the class a partitive's part names,
    after the words that say what the whole is."""
    for k in range(j, min(len(toks), j + 8)):
        word = toks[k]
        if word.text in (",", ";", ".", ":", "(", "—", "–") or word.lower in _RELATIVE:
            return None
        if word.lower in _COPULA:
            return _copula_class(toks, k, ix, lex) if k > j else None
    return None


def _active_before(toks: Sequence[Token], qa: int, ix: _Indexes) -> Measure | None:
    """The verb a number is the object of: "killed at least 21", "holding the two", "damaged the fronts of 20"."""
    k = qa - 1
    if k >= 0 and toks[k].lower in ("the", "its", "their", "some", "another", "a"):
        k -= 1
    if k >= 2 and toks[k].lower == "of" and toks[k - 2].lower in ("the", "its", "their"):
        k -= 3  # "the fronts of"
    while k >= 0 and (toks[k].lower.endswith("ly") or toks[k].lower in ("also", "reportedly", "allegedly")):
        k -= 1
    if k < 0:
        return None
    hit = ix.active.match_ending(toks, k + 1, max(0, k - 5))
    if hit is None:
        return None
    vs = hit[0]
    passive = vs > 0 and toks[vs - 1].lower in _ACTIVE_BLOCK and not toks[k].lower.endswith("ing")
    return None if passive else hit[1]


def _nominal_before(toks: Sequence[Token], qa: int, ix: _Indexes) -> Measure | None:
    """ "the deaths of 23 civilians", "the abduction of seven civilians", "the injury of at least 117"."""
    if qa < 2:
        return None
    if toks[qa - 1].lower == "to":
        hit = ix.nominals.match_ending(toks, qa, max(0, qa - 5))
        return hit[1] if hit else None
    if toks[qa - 1].lower != "of":
        return None
    hit = ix.nominals.match_ending(toks, qa - 1, max(0, qa - 5))
    return hit[1] if hit else None


def _toll_before(
    toks: Sequence[Token], qa: int, ix: _Indexes, lex: Lexicon
) -> tuple[Measure, SubjectClass | None] | None:
    """A toll the number completes: "the death toll rose to 31", "the number of servicemen killed … to 4"."""
    k = qa - 1
    if k < 0 or toks[k].lower not in _TOLL_LINKS:
        return None
    lo = k
    while lo > 0 and qa - lo < 32 and toks[lo - 1].text not in (";", "."):
        lo -= 1
    for t in range(k - 1, lo - 1, -1):
        m = ix.tolls.match(toks, t)
        if m:
            civ = any(
                w.lower in _CIVILIAN_CUES for w in toks[max(0, t - 3) : t + m[0] + 1]
            ) or _among_civilians(toks)
            return m[1], SubjectClass.CIVILIANS if civ else SubjectClass.PEOPLE
        # "the number of Tarvonian servicemen killed", "the number of Dumerian dead"
        window = " ".join(w.lower for w in toks[t : t + 3])
        if any(window.startswith(h) for h in lex.toll_heads):
            cls = None
            for u in range(t + 1, min(k, t + 8)):
                s = ix.subjects.match(toks, u)
                if (
                    s
                    and cls is None
                    and " ".join(w.lower for w in toks[u : u + s[0]]) not in lex.subject_modifiers
                ):
                    cls = s[1]
                w = ix.measure_words.match(toks, u)
                if w:
                    return w[1], cls or SubjectClass.PEOPLE
    return None


def _among_civilians(toks: Sequence[Token]) -> bool:
    return any(
        toks[i].lower in ("among", "amongst") and toks[i + 1].lower in _CIVILIAN_CUES
        for i in range(len(toks) - 1)
    )


def _people_or_objects_ok(measure: Measure, cls: SubjectClass, lex: Lexicon) -> bool:
    if measure in lex.objects_only:
        return cls in _OBJECTS or cls == SubjectClass.OTHER
    if measure == Measure.DISPLACED and cls == SubjectClass.MILITARY:
        return False
    return cls not in _OBJECTS


def _cue_class(toks: Sequence[Token]) -> SubjectClass | None:
    words = {t.lower for t in toks}
    if words & _CIVILIAN_CUES:
        return SubjectClass.CIVILIANS
    if words & _MILITARY_CUES:
        return SubjectClass.MILITARY
    return None


def _cue_before_subset(toks: Sequence[Token], j: int, cue: SubjectClass) -> SubjectClass | None:
    """The sentence's class cue for a count ending at `j`, leaving out a later "nine were civilians"."""
    for k in range(j, len(toks) - 1):
        if _is_number_token(toks[k]) and toks[k + 1].lower in _COPULA:
            return _cue_class(toks[:k])
    return cue


def paragraph_class_hint(toks: Sequence[Token]) -> SubjectClass | None:
    """The class a sentence's wording is about (for generic counts in the sentences after it)."""
    return _cue_class(toks)


def _perpetrator(toks: Sequence[Token], lex: Lexicon, after: int) -> str | None:
    """The party named as doing the harm ("as a result of Armenian missile strikes", "by X forces")."""
    best: tuple[int, str] | None = None
    n = len(toks)
    for i, tok in enumerate(toks):
        if not tok.is_title:
            continue
        party = None
        cp = _country_party(tok, lex)
        if cp is None and tok.lower in lex.countries:
            cp = (lex.countries[tok.lower].name, False)
        if cp is not None:
            k = i + 1 + (1 if i + 1 < n and toks[i + 1].lower == "'s" else 0)
            window = {t.lower for t in toks[k : k + 3]}
            if window & _ATTACK_NOUNS or (i > 0 and toks[i - 1].lower == "by"):
                party = cp[0]
        else:
            org = lex.organisation(tok.text) or (
                lex.organisation(f"{tok.text} {toks[i + 1].text}") if i + 1 < n else None
            )
            if org is not None and org.kind == "armed_group":
                party = org.party
        if party is not None and (best is None or abs(i - after) < best[0]):
            best = (abs(i - after), party)
    return best[1] if best else None


def _is_adverb(word: str) -> bool:
    """ "seriously", "critically" (not "family", "assembly")."""
    return word.endswith("ly") and len(word) > 4 and word not in _LY_NOUNS


_LY_NOUNS = frozenset(
    {
        "family",
        "assembly",
        "supply",
        "rally",
        "ally",
        "anomaly",
        "monopoly",
        "italy",
        "july",
        "homily",
        "belly",
        "jelly",
        "lily",
        "bully",
        "tally",
        "folly",
        "gully",
    }
)


def _has_own_verb(toks: Sequence[Token], j: int) -> bool:
    n = len(toks)
    while j < n and toks[j].text not in (",", ";", ".", "!", "?") and toks[j].lower not in ("and", "while"):
        if toks[j].lower in ("are", "is", "were", "was", "have", "has", "had", "remain", "remains", "will"):
            return True
        j += 1
    return False


_INCLUDED = frozenset({"included", "include", "includes", "were", "are"})


def _measure_frames(toks: Sequence[Token], ix: _Indexes) -> list[tuple[int, Measure]]:
    """Phrases that set the measure for the numbers after them in the sentence: "Among the dead were …",
    "Of the civilians killed, 131 were women", "of those injured, …", "Of the deaths, 22 …"."""
    frames: list[tuple[int, Measure]] = []
    n = len(toks)
    for i in range(n - 1):
        low = toks[i].lower
        if low in ("among", "amongst") and toks[i + 1].lower in ("the", "those") and i + 2 < n:
            m = ix.measure_words.match(toks, i + 2)  # "Among the dead were …", "Among those killed were …"
            if m:
                frames.append((i, m[1]))
        elif low in ("the", "those") and (m := ix.measure_words.match(toks, i + 1)) is not None:
            k = i + 1 + m[0]
            if k < n and toks[k].lower in _INCLUDED:
                frames.append(
                    (i, m[1])
                )  # "The dead included three women", "those wounded include two medics"
        elif (
            low == "of"
            and toks[i + 1].lower in ("the", "those")
            and (i == 0 or toks[i - 1].text in (";", ","))
        ):
            for k in range(i + 2, min(n, i + 7)):
                if toks[k].text == ",":
                    break
                m = ix.measure_words.match(toks, k)
                if m and k + m[0] < n and toks[k + m[0]].text == ",":
                    frames.append((i, m[1]))
                    break
    return frames


def find_figures(
    text: str,
    toks: Sequence[Token],
    quantities: Sequence[Quantity],
    lex: Lexicon,
    context: FigureContext | None = None,
) -> list[FigureFinding]:
    """Every figure in one sentence (its tokens and quantities), reading the paragraph's context."""
    if not quantities:
        return []
    context = context or FigureContext()
    ix = _indexes(lex)
    toks = [t for t in toks if t.text not in _QUOTE_MARKS]  # `killed "more than 20" soldiers`
    n = len(toks)
    starts = {t.start: i for i, t in enumerate(toks)}

    def tok_index(pos: int) -> int:
        if pos in starts:
            return starts[pos]
        return next((i for i, t in enumerate(toks) if t.end > pos), n)

    findings: list[FigureFinding] = []
    here: FigureFinding | None = None  # the last whole figure of this sentence
    cue_class = _cue_class(toks)
    frames = _measure_frames(toks, ix)
    # counts waiting for the measure of what follows: list items ("63 facilities and 376 buildings were …"), and
    # the part of a partitive whose whole is counted ("five of the nine people killed"), with its own class
    pending: list[tuple[Quantity, _NP, SubjectClass | None]] = []
    in_subset_chain = False  # "including 4,600 pregnant women and 380 postpartum cases"
    list_measure: Measure | None = None  # a verb before a list: "killed 5 soldiers, 3 police and 2 civilians"
    prev_q_end = toks[0].start if toks else 0

    def last() -> FigureFinding | None:
        return here or context.last

    def emit(
        q: Quantity,
        measure: Measure,
        cls: SubjectClass,
        subject: str,
        s: int,
        e: int,
        party: str | None,
        subset: bool = False,
    ) -> None:
        nonlocal here
        if q.value == 0 or (q.is_vague and q.low is None) or not _people_or_objects_ok(measure, cls, lex):
            return
        f = FigureFinding(s, e, measure, subject, cls, q, party, None, subset)
        findings.append(f)
        if not subset:
            here = f

    for qn, q in enumerate(quantities):
        qa, qb = tok_index(q.start), tok_index(q.end)
        lead = text[prev_q_end : q.start].lower()
        prev_q_end = q.end
        if qa > 0 and toks[qa - 1].lower in ("no", "not", "none", "nobody", "without"):
            pending.clear()
            continue  # "No one was killed", "not one of them"
        np = _counted(toks, qb, q, ix, lex)
        after_np = np.end if np.end > np.start or np.partitive else qb
        if np.end == np.start and after_np < n:
            word = toks[after_np]
            if (
                word.text.isalpha()
                and word.lower not in _FUNCTION_AFTER
                and word.lower not in _BE
                and not ix.measure_words.match(toks, after_np)
                and not ix.intransitive.match(toks, after_np)
                and not ix.subjects.match(toks, after_np)
                and not _is_adverb(word.lower)
                and word.lower not in _RELATIVE
                and word.lower != "left"
            ):
                pending.clear()
                continue  # a number of something else: "one family", "37 rifles", "6 locations"
        in_subset = (
            last() is not None
            and "." not in lead
            and (
                any(c in lead for c in _SUBSET_CUES)
                or (in_subset_chain and _CHAIN.search(lead) is not None)
                or (
                    here is not None and lead.rstrip().endswith((":", "—", "–"))
                )  # "5 were killed: 3 women, …"
            )
        )
        in_subset_chain = in_subset
        superseded = any(lead.rstrip(" ,").endswith(c) for c in _SUPERSEDED[:6]) and last() is not None
        copula = _copula_class(toks, after_np, ix, lex)
        if copula is None and np.partitive:
            copula = _copula_after_clause(toks, after_np, ix, lex)
        frame = next((m for i, m in reversed(frames) if i < qa), None)
        subset = in_subset or np.partitive or (copula is not None and np.head is None)
        if (
            subset
            and copula is None
            and _has_own_verb(toks, after_np)
            and _predicate(toks, after_np, ix) is None
        ):
            pending.clear()
            continue  # "Five of them have since been released", "the other six is unknown"
        measure: Measure | None = None
        end_tok = after_np
        from_before = False

        # 1. a predicate after the phrase (or after a list that shares it)
        pred = (
            None
            if _inner_of_partitive(toks, qa) and not ix.subjects.match(toks, qb)
            else _predicate(toks, copula[1] if copula and np.partitive else after_np, ix)
        )
        own_measure = np.measure_adjective is not None or np.measure_noun is not None
        before = None
        if pred is None and not own_measure and list_measure is not None and _CHAIN.search(lead):
            before = list_measure  # the next item of a list after a verb: "…, 61 schools and 4 stations"
        elif pred is None and not own_measure:
            # a verb or noun of the act before a list: "verified damage to 23 facilities, 61 schools and …"
            before = _active_before(toks, qa, ix) or _nominal_before(toks, qa, ix)
        if (
            pred is None
            and before is None
            and np.partitive
            and not own_measure
            and qn + 1 < len(quantities)
            and _inner_of_partitive(toks, tok_index(quantities[qn + 1].start))
            and tok_index(quantities[qn + 1].start) - 3 == qb - 1
        ):
            # "five of the nine people killed …": the counted whole says what is counted, and its measure
            pending.append((q, np, copula[0] if copula else None))
            continue
        if (
            pred is None
            and before is None
            and np.head is not None
            and not own_measure
            and qn + 1 < len(quantities)
            and not in_subset
        ):
            nxt = quantities[qn + 1]
            gap = text[toks[after_np].start if after_np < n else q.end : nxt.start].strip(" ,").lower()
            if gap in ("and", "", "as well as", "and more than", "and at least", "and up to"):
                pending.append((q, np, None))
                continue
        if pred is None and np.head is not None and after_np < n and toks[after_np].text == ",":
            # a list of unnumbered items before the verb: "96 houses, a kindergarten and the station have been damaged"
            k = after_np
            while (
                k < n
                and k - after_np < 20
                and toks[k].lower not in _BE
                and toks[k].text not in (";", ".")
                and not toks[k].text[:1].isdigit()
            ):
                k += 1
            pred = _predicate(toks, k, ix) if k < n and toks[k].lower in _BE else None
        if (
            pred is not None
            and pred[0] == Measure.DISPLACED
            and np.measure_adjective in (Measure.INJURED, Measure.KILLED)
        ):
            pred = None  # "11 wounded soldiers were evacuated": the count is of the wounded
        if pred is not None:
            measure, end_tok = pred
        # 2. a measure word in the phrase
        elif np.measure_adjective is not None:
            measure = np.measure_adjective
        elif np.measure_noun is not None:
            measure = np.measure_noun
            after_noun = _predicate(toks, np.end, ix)  # "two of the wounded died"
            if after_noun is not None and not (
                _inner_of_partitive(toks, qa) and not ix.subjects.match(toks, qb)
            ):
                measure, end_tok = after_noun
        else:
            # 3.–5. something before the number
            measure = before or _active_before(toks, qa, ix) or _nominal_before(toks, qa, ix)
            from_before = measure is not None
            if measure is None:
                toll = _toll_before(toks, qa, ix, lex)
                if toll is not None:
                    measure, from_before = toll[0], True
                    if toll[1] is not None and np.head is None:
                        np.head, np.head_word = toll[1], toll[1].value
            if measure is None and last() is not None and np.head is None and _TOTAL_TO.search(lead):
                # "Four civilians were killed on Sunday, bringing the total to 21": the same count, cumulative
                prior = last()
                measure, np.head, np.head_word = prior.measure, prior.subject_class, prior.subject  # type: ignore[union-attr]
            earlier = (
                findings[-1] if findings else None
            )  # this sentence's last count, a part of a whole included
            if (
                measure is None
                and np.end == np.start
                and earlier is not None
                and "." not in lead
                and _SHARED_COUNT.search(lead)
                and (qb >= n or toks[qb].lower in ("to", "in", "by", "on", "as", ".", ";"))
            ):
                # "attributes 598 of the civilian deaths to strikes by X and 19 to fire by Y; unable to attribute
                # 24": a bare number after the first count of the same things counts them too
                measure, np.head, np.head_word = earlier.measure, earlier.subject_class, earlier.subject
            # 6. what it belongs to
            if measure is None and list_measure is not None and lead.strip(" ,") in ("and", "", "as well as"):
                measure = list_measure
            if (
                measure is None
                and frame is not None
                and not q.is_vague
                and (np.head is not None or copula is not None or np.end == np.start)
            ):
                measure = frame
            if measure is None and last() is not None and (subset or superseded):
                measure = last().measure  # type: ignore[union-attr]
            if measure is None and here is not None and (np.head is None or np.elliptic):
                gap = text[findings[-1].end : q.start].lower() if findings else ""
                joined = (
                    any(m in gap for m in ("—", "–", ":", "("))
                    or re.search(r"\b(?:and|while|with|whereas|plus|as well as)\b", gap) is not None
                )
                nxt_word = toks[after_np].lower if after_np < n else "."
                if joined and nxt_word in _FUNCTION_AFTER and not _has_own_verb(toks, after_np):
                    measure, subset = here.measure, True
        if measure is None:
            pending.clear()
            continue
        list_measure = measure if from_before else (list_measure if not pred else None)

        # the class
        if copula is not None:
            cls = copula[0]
        elif np.head is not None and not np.elliptic:
            cls = np.head
            if np.head_word in _GENERIC_HEADS and np.modifier in _PEOPLE:
                cls = np.modifier
            elif np.head == SubjectClass.FACILITIES and np.modifier == SubjectClass.BUILDINGS:
                cls = SubjectClass.BUILDINGS
        elif np.modifier is not None:
            cls = np.modifier  # "112 civilian deaths"
        elif here is not None:
            cls = (
                here.subject_class
            )  # "27 civilians were killed and 141 were wounded", "3 martyrs and 6 wounded"
        elif cue_class is not None and (here_cue := _cue_before_subset(toks, qb, cue_class)) is not None:
            # "No Tarvonian civilians have died, though 5 have been hurt"; not the class a later part is
            # given ("Of the 14 killed, nine were civilians": the 14 are people)
            cls = here_cue
        elif context.last is not None and (
            np.elliptic or np.end == np.start or np.partitive or superseded or frame
        ):
            cls = context.last.subject_class
        else:
            cls = context.class_hint or SubjectClass.PEOPLE
        src = last()
        if np.elliptic or np.end == np.start or (np.measure_noun is not None and np.head is None):
            subject = (
                src.subject if src is not None and src.subject_class == cls else cls.value
            )  # "141 were wounded"
        else:
            subject = np.text(text, toks)
        party = np.victim_party or (src.victim_party if src is not None and np.end == np.start else None)
        ev_end = toks[end_tok - 1].end if end_tok > 0 and end_tok <= n else q.end
        for pq, pnp, part_class in pending:
            emit(
                pq,
                measure,
                part_class or pnp.head or cls,
                pnp.text(text, toks),
                pq.start,
                max(ev_end, pq.end),
                pnp.victim_party,
            )
        pending.clear()
        emit(q, measure, cls, subject, q.start, max(ev_end, q.end), party, subset)

        # "several killed, wounded" / "3 martyrs and 6 wounded": one number, two measures
        if own_measure:
            k = np.end
            while k + 1 < n and toks[k].text in (",", "and", "&") and not toks[k + 1].text[:1].isdigit():
                k2 = k + 1 + (1 if toks[k + 1].lower == "and" else 0)
                m2 = (ix.adjectives.match(toks, k2) or ix.nouns.match(toks, k2)) if k2 < n else None
                if not m2 or m2[1] == measure or (k2 + m2[0] < n and ix.subjects.match(toks, k2 + m2[0])):
                    break
                emit(q, m2[1], cls, toks[k2].text, q.start, toks[k2 + m2[0] - 1].end, party)
                k = k2 + m2[0]

    context.last = here or context.last
    context.class_hint = cue_class or context.class_hint
    return [
        FigureFinding(
            f.start,
            f.end,
            f.measure,
            f.subject,
            f.subject_class,
            f.quantity,
            f.victim_party,
            _perpetrator(toks, lex, tok_index(f.start)),
            f.subset,
        )
        for f in findings
    ]
