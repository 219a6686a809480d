"""Figure claims: counts of people harmed and of objects destroyed or damaged.

For every quantity in a sentence, find what it counts (the noun phrase after it) and what happened to them
(the measure), in the shapes conflict reporting uses:
- subject before a predicate: "27 civilians were killed", "over 22,000 individuals injured",
  "63 civil facilities and 376 residential buildings became unusable" (a list shares its predicate);
- object of an active verb: "the attack killed at least 21 civilians and wounded more than 70";
- a measure noun or adjective after the number: "11 deaths", "3 martyrs and 6 wounded", "several killed";
- a measure adjective before the noun: "two wounded civilians", "37,000 displaced individuals";
- a toll: "the death toll has surged to at least 8,069", "put the civilian death toll at 146";
- context: "Among the wounded … 2 reporters"; "including 4,600 pregnant women"; gapping ("20,000 were
  injured in Gaza, and 2,000 others in the West Bank"); an elliptical subject takes the class of the
  figure before it ("27 civilians were killed and 141 were wounded").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from audiatur.domain import Bound, Measure, SubjectClass
from audiatur.extract.layout import Token
from audiatur.extract.lexicon import Lexicon
from audiatur.extract.numbers import Quantity
from audiatur.extract.phrases import PhraseIndex

__all__ = ["FigureFinding", "find_figures"]

_PEOPLE_CLASSES = frozenset(
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
_OBJECT_CLASSES = frozenset({SubjectClass.BUILDINGS, SubjectClass.FACILITIES, SubjectClass.VEHICLES})
_BE = frozenset(
    """were was have has had been are is being be got get remain remained remains reportedly also all
    allegedly subsequently later since already now so far officially confirmed reported believed said
    thought feared presumed known to estimated either either-way mostly both respectively""".split()
)
_PP_HEADS = frozenset({"in", "from", "at", "near", "on", "across", "inside", "around", "of", "throughout"})
_INCLUDING = ("including", "among them", "among whom", "of whom", "of them", "mostly", "most of them", "among those")
_GENERIC_HEADS = frozenset({"people", "persons", "person", "individuals", "individual", "others", "victims"})
_ACTIVE_BLOCK = frozenset({"were", "was", "been", "be", "being", "are", "is", "got"})
_TOLL_LINKS = frozenset(
    """to at of reached reach reaches reaching hit hits is was stands stood stand now rose risen climbed
    climbing surged jumped increased bringing brought has have had also further overall totalled totaled
    totals total amounted amounts grew""".split()
)
_AMONG = frozenset({"among", "amongst"})
# what may stand between two figures when the second leaves out its verb ("… in Gaza, and 2,000 others …")
_GAP = re.compile(r"\s*(?:(?:in|at|on|near|from|across)\s+(?:the\s+)?[\w’' -]{1,40}?)?[\s,]*"
                  r"(?:and|while|with|whereas|as well as|and another|plus)?\s*")
_ATTACK_NOUNS = frozenset(
    """attack attacks strike strikes shelling bombardment aggression bombing bombings fire airstrike airstrikes
    air missile missiles rocket rockets drone drones artillery forces army troops military shell shells
    offensive raid raids assault shooting gunfire occupation side""".split()
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


@dataclass(frozen=True, slots=True)
class _Indexes:
    passive: PhraseIndex[Measure]
    intransitive: PhraseIndex[Measure]
    nouns: PhraseIndex[Measure]
    adjectives: PhraseIndex[Measure]
    tolls: PhraseIndex[Measure]
    subjects: PhraseIndex[SubjectClass]
    among: PhraseIndex[Measure]


@lru_cache(maxsize=8)
def _indexes(lex: Lexicon) -> _Indexes:
    among_items = [(w, m) for w, m in {**lex.measure_nouns, **lex.measure_adjectives}.items()]
    return _Indexes(
        PhraseIndex(lex.passive.items()),
        PhraseIndex(lex.intransitive.items()),
        PhraseIndex(lex.measure_nouns.items()),
        PhraseIndex(lex.measure_adjectives.items()),
        PhraseIndex(lex.tolls.items()),
        PhraseIndex(lex.subject_nouns.items()),
        PhraseIndex(among_items),
    )


@dataclass
class _NP:
    """What follows a quantity: the counted noun phrase."""

    end: int  # token index after the phrase
    head: SubjectClass | None = None
    head_word: str = ""
    text_start: int = 0
    text_end: int = 0
    victim_party: str | None = None
    measure_adjective: Measure | None = None


def _country_party(tok: Token, lex: Lexicon) -> tuple[str, bool] | None:
    """(party, is_plural_people_noun) for a demonym or country adjective token."""
    if not tok.is_title:
        return None
    if tok.lower in lex.demonyms:
        return lex.demonyms[tok.lower].name, True
    if tok.lower in lex.adjectives:
        return lex.adjectives[tok.lower].name, False
    return None


def _noun_phrase(toks: Sequence[Token], i: int, q: Quantity, ix: _Indexes, lex: Lexicon) -> _NP:
    n = len(toks)
    np = _NP(end=i)
    if i < n and toks[i].lower == "of" and (q.is_vague or q.text.lower().endswith(("million", "thousand", "hundred"))):
        i += 1
        if i < n and toks[i].lower == "the":
            i += 1
    start = i
    modifier_class: SubjectClass | None = None
    while i < n:
        tok = toks[i]
        cp = _country_party(tok, lex)
        if cp is not None:
            np.victim_party = cp[0]
            if cp[1]:
                np.head, np.head_word = SubjectClass.PEOPLE, tok.text
                i += 1
                break
            i += 1
            continue
        subj = ix.subjects.match(toks, i)
        adj = ix.adjectives.match(toks, i)
        if adj and not subj:
            # "two wounded civilians": a measure adjective only counts if a noun follows
            k = i + adj[0]
            while k < n and (toks[k].lower in lex.noun_modifiers or _country_party(toks[k], lex)):
                k += 1
            if k < n and ix.subjects.match(toks, k):
                np.measure_adjective = adj[1]
                i += adj[0]
                continue
            break
        if subj:
            words = " ".join(t.lower for t in toks[i : i + subj[0]])
            # a modifier followed by a noun: keep going to the head ("civilian objects", "military personnel")
            if words in lex.subject_modifiers and i + subj[0] < n and ix.subjects.match(toks, i + subj[0]):
                modifier_class = modifier_class or lex.subject_modifiers[words]
                i += subj[0]
                continue
            np.head, np.head_word = subj[1], words
            i += subj[0]
            # coordinated heads with no number of their own: "residential buildings and civil facilities"
            if i + 1 < n and toks[i].lower in ("and", "or") and not toks[i + 1].text[:1].isdigit():
                k = i + 1
                while k < n and (toks[k].lower in lex.noun_modifiers or toks[k].lower in lex.subject_modifiers):
                    k += 1
                more = ix.subjects.match(toks, k) if k < n else None
                if more and not (k + more[0] < n and toks[k + more[0]].text[:1].isdigit()):
                    i = k + more[0]
            break
        low = tok.lower
        if low in lex.noun_modifiers or low in lex.subject_modifiers:
            if low in lex.subject_modifiers and modifier_class is None:
                modifier_class = lex.subject_modifiers[low]
            i += 1
            continue
        break
    if np.head is not None:
        if np.head == SubjectClass.PEOPLE and np.head_word in _GENERIC_HEADS and modifier_class in _PEOPLE_CLASSES:
            np.head = modifier_class
        elif modifier_class is not None and np.head == SubjectClass.FACILITIES and modifier_class == SubjectClass.BUILDINGS:
            np.head = SubjectClass.BUILDINGS
        np.end = i
        np.text_start, np.text_end = toks[start].start, toks[i - 1].end
    return np


def _predicate(toks: Sequence[Token], j: int, ix: _Indexes, lex: Lexicon) -> tuple[Measure, int] | None:
    """A measure predicate at `j` (after auxiliaries, adverbs and a short place phrase): (measure, end)."""
    n = len(toks)
    # a parenthetical list of members: "27 civilians, including 5 children, were killed"
    if j < n and toks[j].text == ",":
        k = j + 1
        inner = " ".join(t.lower for t in toks[k : k + 3])
        if inner.startswith(_INCLUDING):
            while k < n and toks[k].text != "," and k - j < 14:
                k += 1
            if k < n and toks[k].text == ",":
                j = k + 1
    for _ in range(2):
        if j < n and toks[j].lower in _PP_HEADS and j + 1 < n:
            k = j + 1
            while k < n and k - j <= 5 and (toks[k].is_title or toks[k].lower in ("the", "of", "-", "al", "city", "town", "village", "region", "district", "strip", "bank")):
                k += 1
            if k > j + 1 and k < n and toks[k].lower not in ("who", "which", "that"):
                j = k
    negated = False
    while j < n and (toks[j].lower in _BE or toks[j].lower.endswith("ly") or toks[j].lower in ("not", "never", "no")):
        if toks[j].lower in ("not", "never"):
            negated = True
        j += 1
    if j >= n or negated:
        return None
    for index in (ix.passive, ix.intransitive, ix.adjectives):
        m = index.match(toks, j)
        if m:
            return m[1], j + m[0]
    return None


def _people_or_objects_ok(measure: Measure, cls: SubjectClass, lex: Lexicon) -> bool:
    if measure in lex.objects_only:
        return cls in _OBJECT_CLASSES or cls == SubjectClass.OTHER
    return cls not in _OBJECT_CLASSES or measure in (Measure.DESTROYED, Measure.DAMAGED)


def _default_class(toks: Sequence[Token]) -> SubjectClass:
    """The class of a generic count ("11 deaths", "3 martyrs"): civilians if the sentence says so."""
    for t in toks:
        if t.lower in ("civilians", "civilian", "citizens", "residents", "non-combatants"):
            return SubjectClass.CIVILIANS
    return SubjectClass.PEOPLE


def _perpetrator(toks: Sequence[Token], lex: Lexicon, after: int) -> str | None:
    """The party named as doing the harm ("as a result of Armenian missile strikes", "by X forces")."""
    best: tuple[int, str] | None = None
    n = len(toks)
    for i, tok in enumerate(toks):
        party = None
        cp = _country_party(tok, lex) if tok.is_title else None
        if cp is None and tok.is_title and tok.lower in lex.countries:
            cp = (lex.countries[tok.lower].name, False)
        if cp is not None:
            k = i + 1
            if k < n and toks[k].lower == "'s":
                k += 1
            window = {t.lower for t in toks[k : k + 3]}
            if window & _ATTACK_NOUNS or (i > 0 and toks[i - 1].lower == "by"):
                party = cp[0]
        elif tok.is_title:
            org = lex.organisations.get(tok.lower) or (
                lex.organisations.get(f"{tok.lower} {toks[i + 1].lower}") if i + 1 < n else None
            )
            if org is not None and org.kind == "armed_group":
                party = org.party
        if party is not None:
            distance = abs(i - after)
            if best is None or distance < best[0]:
                best = (distance, party)
    return best[1] if best else None


def find_figures(
    text: str, toks: Sequence[Token], quantities: Sequence[Quantity], lex: Lexicon
) -> list[FigureFinding]:
    """Every figure in one sentence (tokens and quantities of that sentence)."""
    if not quantities:
        return []
    ix = _indexes(lex)
    n = len(toks)
    starts = {t.start: i for i, t in enumerate(toks)}

    def tok_index(pos: int) -> int:
        if pos in starts:
            return starts[pos]
        for i, t in enumerate(toks):
            if t.end > pos:
                return i
        return n

    findings: list[FigureFinding] = []
    last_class: SubjectClass | None = None
    last_party: str | None = None
    last_measure: Measure | None = None
    pending: list[tuple[Quantity, _NP, int]] = []  # listed before a shared predicate
    inherit_including = False
    among_measure: Measure | None = None
    for i in range(n):
        if toks[i].lower in _AMONG and i + 2 < n and toks[i + 1].lower == "the":
            m = ix.among.match(toks, i + 2)
            if m:
                among_measure = m[1]

    def emit(q: Quantity, measure: Measure, cls: SubjectClass, subject: str, s: int, e: int, party: str | None) -> None:
        nonlocal last_class, last_party, last_measure
        if q.value == 0 or not _people_or_objects_ok(measure, cls, lex):
            return
        if q.is_vague and q.low is None:
            return
        findings.append(FigureFinding(s, e, measure, subject, cls, q, party))
        last_class, last_party, last_measure = cls, party, measure

    for qn, q in enumerate(quantities):
        qa = tok_index(q.start)
        qb = tok_index(q.end)
        np = _noun_phrase(toks, qb, q, ix, lex)
        j = np.end if np.head is not None else qb
        prev_text = text[findings[-1].end if findings else toks[0].start : q.start].lower() if toks else ""
        if any(w in prev_text for w in _INCLUDING):
            inherit_including = True
        elif not prev_text.strip(" ,").endswith(("and", "")) or "." in prev_text:
            inherit_including = False
        measure: Measure | None = None
        end_tok = j

        # a measure noun or adjective right after the number: "11 deaths", "60 wounded", "several killed"
        if np.head is None and qb < n:
            m = ix.nouns.match(toks, qb) or ix.adjectives.match(toks, qb)
            if m and not (qb + m[0] < n and ix.subjects.match(toks, qb + m[0])):
                noun_measure = m[1]
                cls = last_class if last_class and last_measure is not None else _default_class(toks)
                word = " ".join(t.text for t in toks[qb : qb + m[0]])
                after_noun = _predicate(toks, qb + m[0], ix, lex)
                if after_noun and word.lower() in ("wounded", "injured", "dead", "missing"):
                    noun_measure = after_noun[0]  # "5 wounded died later"
                emit(q, noun_measure, cls, word, q.start, toks[qb + m[0] - 1].end, last_party)
                # "several killed, wounded" / "dozens killed and wounded": one number, two measures
                k = qb + m[0]
                while k + 1 < n and toks[k].text in (",", "and", "&") and not toks[k + 1].text[:1].isdigit():
                    k2 = k + 1 + (1 if toks[k + 1].lower == "and" else 0)
                    m2 = ix.adjectives.match(toks, k2) or ix.nouns.match(toks, k2)
                    if not m2 or m2[1] == noun_measure:
                        break
                    emit(q, m2[1], cls, toks[k2].text, q.start, toks[k2 + m2[0] - 1].end, last_party)
                    k = k2 + m2[0]
                pending.clear()
                continue

        # a predicate after the phrase: "27 civilians were killed", "63 … and 376 … became unusable"
        pred = _predicate(toks, j, ix, lex)
        if pred is None and np.head is not None and j < n and toks[j].lower in ("and", ",") and qn + 1 < len(quantities):
            nxt = quantities[qn + 1]
            gap = text[toks[j].start : nxt.start].strip(" ,").lower()
            if gap in ("and", "", "as well as", "and more than", "and at least"):
                pending.append((q, np, qa))
                continue
        if pred is not None:
            measure, end_tok = pred
        elif np.measure_adjective is not None:
            measure, end_tok = np.measure_adjective, np.end
        else:
            # the object of an active verb: "killed at least 21 civilians", "wounded more than 70"
            k = qa - 1
            while k >= 0 and (toks[k].lower.endswith("ly") or toks[k].lower in ("also", "reportedly", "allegedly")):
                k -= 1
            if k >= 0:
                hit = ix.passive.match_ending(toks, k + 1, max(0, k - 4))
                if hit is not None:
                    vs = hit[0]
                    if not (vs > 0 and toks[vs - 1].lower in _ACTIVE_BLOCK):
                        measure = hit[1]
            if measure is None:
                # a toll: "the death toll has surged to at least 8,069"
                k = qa - 1
                if k >= 0 and toks[k].lower in _TOLL_LINKS:
                    lo = k
                    while lo > 0 and qa - lo < 18 and toks[lo - 1].text not in (";", ".") and not toks[lo - 1].text[:1].isdigit():
                        lo -= 1
                    for t in range(k - 1, lo - 1, -1):
                        m = ix.tolls.match(toks, t)
                        if m:
                            measure = m[1]
                            if (
                                np.head is None
                                and any(w.lower in ("civilian", "civilians") for w in toks[t : t + m[0] + 1])
                            ):
                                np.head, np.head_word = SubjectClass.CIVILIANS, "civilians"
                            break
            if measure is None and inherit_including and last_measure is not None and np.head is not None:
                measure = last_measure
            if measure is None and among_measure is not None and np.head is not None and not q.is_vague:
                measure = among_measure
            if measure is None and last_measure is not None and findings and (
                np.head is None or np.head_word in ("others", "more")
            ):
                gap = text[findings[-1].end : q.start].lower()
                if _GAP.fullmatch(gap):
                    measure = last_measure  # gapping: "… injured in Gaza, and 2,000 others in the West Bank"
        if measure is None:
            pending.clear()
            continue

        # the class: the counted noun, or the figure before it for an elliptical or "others" subject
        if np.head is None or np.head_word in ("others", "more"):
            cls = last_class if last_class is not None else _default_class(toks)
            subject = np.head_word or (findings[-1].subject if findings else "")
            party = np.victim_party or last_party
        else:
            cls = np.head
            if np.head_word in lex.measure_nouns or np.head_word in ("victims", "casualties"):
                cls = _default_class(toks)
            subject = text[np.text_start : np.text_end]
            party = np.victim_party
        ev_end = toks[end_tok - 1].end if end_tok > 0 else q.end
        for pq, pnp, _pqa in pending:
            pcls = pnp.head or cls
            emit(pq, measure, pcls, text[pnp.text_start : pnp.text_end], pq.start, ev_end, pnp.victim_party)
        pending.clear()
        emit(q, measure, cls, subject, q.start, max(ev_end, q.end), party)

    if findings:
        out = []
        for f in findings:
            qa = tok_index(f.start)
            out.append(
                FigureFinding(f.start, f.end, f.measure, f.subject, f.subject_class, f.quantity, f.victim_party,
                              _perpetrator(toks, lex, qa))
            )
        findings = out
    return findings


def bound_of(q: Quantity) -> Bound:
    """The bound a quantity puts on its count."""
    return q.bound
