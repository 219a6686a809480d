"""Event claims: an actor said to have done (or not done) a violent or unlawful act.

Triggers are verbs ("shelled", "fired rockets at", "does not target", "uses cluster munitions") and nouns
("Armenian missile strikes", "Armenia's attacks", "shelling by Armenian forces", "the use of cluster munitions
by Armenia"). Each needs an actor that a reader can name: a subject, an agent ("by X"), a modifier ("Israeli
aggression", "attacks from the Armenian side"), the speaker's own forces ("his forces", "our missile units"),
the accused of a denial, or both sides ("each side accused the other"). Without one, a sentence is not an
event (statements of principle, "cluster bombs are banned", have none).

Polarity: negation on the act's own verb ("does not target"), a denial frame ("Armenia has denied …",
"rejected a report that said …"), a contrastive self-description ("strikes only legitimate military targets")
or an avoidance ("stopped firing to avoid civilian casualties"). Modality: hedged ("appear to have been fired",
"reportedly"), confirmed ("confirms use of"), else alleged. Questions and conditionals assert nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from audiatur.domain import ActionClass, Modality, Polarity
from audiatur.extract.layout import Token
from audiatur.extract.lexicon import Lexicon, WeaponEntry
from audiatur.extract.phrases import PhraseIndex

__all__ = ["EventFinding", "EventContext", "document_parties", "find_events"]

_CONTROVERSIAL = frozenset({"cluster", "phosphorus", "incendiary", "chemical", "chlorine", "sarin", "mustard",
                            "thermobaric", "landmine", "barrel bomb", "nuclear", "depleted uranium"})
_BE = frozenset("""is are was were be been being has have had does do did will would shall should may might can
could also once again repeatedly reportedly allegedly continuously intentionally deliberately indiscriminately
systematically then later still now already""".split())
_DENIAL_VERBS = frozenset({"deny", "reject", "refute", "dismiss"})
_ACCUSE_VERBS = frozenset({"accuse", "blame", "charge"})
_DEMAND_VERBS = frozenset({"call", "urge", "demand", "appeal", "ask"})
_POSSESSIVE_SPEAKER = frozenset({"his", "her", "our", "we", "its", "their", "my"})
_AGENT_STOP = frozenset({",", ";", ".", "that", "which", "who", "while", "and", "but", "in", "on", "at", "with"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our"})
_LOCATIVE = frozenset({"on", "against", "at", "towards", "toward", "into", "in", "targeting", "upon", "of"})


@dataclass(frozen=True, slots=True)
class EventFinding:
    """An event claim found in a sentence, before it becomes a `Claim`."""

    start: int
    end: int
    trigger_start: int
    actor: str | None
    actor_party: str | None
    action: str
    action_class: ActionClass
    polarity: Polarity
    modality: Modality
    weapon: str | None = None
    target: str | None = None


@dataclass
class EventContext:
    """What a sentence's events may take from the document so far."""

    parties: tuple[str, ...] = ()  # the document's two main parties (for "both sides")
    last_actor: tuple[str, str] | None = None  # (actor, party) of the last event ("these bombs were used")
    last_event: EventFinding | None = None  # the last asserted act (what "the report" a rebuttal denies alleged)


@dataclass(frozen=True, slots=True)
class _Indexes:
    verbs: PhraseIndex[str]
    nouns: PhraseIndex[str]
    weapons: PhraseIndex[WeaponEntry]
    civilian: PhraseIndex[bool]
    forces: PhraseIndex[bool]


@lru_cache(maxsize=8)
def _indexes(lex: Lexicon) -> _Indexes:
    return _Indexes(
        PhraseIndex(lex.event_verbs.items()),
        PhraseIndex(lex.event_nouns.items()),
        PhraseIndex(lex.weapons.items()),
        PhraseIndex((w, True) for w in lex.civilian_targets),
        PhraseIndex((w, True) for w in lex.force_nouns),
    )


# ---------------------------------------------------------------------------------------------------- actors


@dataclass(frozen=True, slots=True)
class _Actor:
    text: str
    party: str
    start: int  # token index
    end: int


def _party_word(toks: Sequence[Token], i: int, lex: Lexicon) -> tuple[str, int] | None:
    """(party, tokens used) for a country name/adjective/demonym or an armed group at `i` (as written)."""
    tok = toks[i]
    if not tok.is_title and not tok.text.isupper():
        return None
    for n in (4, 3, 2, 1):
        if i + n > len(toks):
            continue
        phrase = " ".join(t.text for t in toks[i : i + n])
        org = lex.organisation(phrase)
        if org is not None and org.kind == "armed_group" and org.party:
            return org.party, n
        if n == 1 or all(t.is_title or t.lower in ("of", "the", "-") for t in toks[i : i + n]):
            entry = lex.country_of(phrase)
            if entry is not None:
                return entry.name, n
    return None


def _actor_at(toks: Sequence[Token], i: int, lex: Lexicon, ix: _Indexes, text: str) -> list[_Actor]:
    """Actors named by the phrase starting at token `i` ("Azerbaijani military forces", "Armenia",
    "Armenian and Azeri troops", "the armed forces of the Republic of Azerbaijan", "the Armenian side")."""
    n = len(toks)
    j = i
    while j < n and toks[j].lower in ("the", "a", "an"):
        j += 1
    parties: list[str] = []
    k = j
    while k < n:
        pw = _party_word(toks, k, lex)
        if pw is None:
            break
        parties.append(pw[0])
        k += pw[1]
        if k < n and toks[k].lower == "'s":
            k += 1
            break
        if k + 1 < n and toks[k].lower in ("and", ",") and _party_word(toks, k + 1, lex):
            k += 1
            continue
        break
    if parties:
        e = k
        while e < n and (ix.forces.match(toks, e) or toks[e].lower in ("military", "armed", "security", "missile",
                                                                        "artillery", "special", "ground")):
            m = ix.forces.match(toks, e)
            e += m[0] if m else 1
        return [_Actor(text[toks[i].start : toks[e - 1].end], p, i, e) for p in dict.fromkeys(parties)]
    # "the armed forces of (the Republic of) Azerbaijan"
    m = ix.forces.match(toks, j) if j < n else None
    if m and j + m[0] < n and toks[j + m[0]].lower == "of":
        k = j + m[0] + 1
        while k < n and toks[k].lower in ("the", "republic", "of", "kingdom", "state"):
            k += 1
        pw = _party_word(toks, k, lex) if k < n else None
        if pw is not None:
            return [_Actor(text[toks[i].start : toks[k + pw[1] - 1].end], pw[0], i, k + pw[1])]
    return []


def _with_conjuncts(toks: Sequence[Token], found: list[_Actor], lex: Lexicon, ix: _Indexes, text: str) -> list[_Actor]:
    """Earlier conjuncts of an actor phrase: "Azerbaijan and Armenia", "Armenian, Azeri shelling"."""
    k = found[0].start
    while k >= 2 and toks[k - 1].lower in ("and", ",", "&") and _party_word(toks, k - 2, lex):
        pw = _party_word(toks, k - 2, lex)
        assert pw is not None
        start = k - 2
        if toks[k - 1].lower == "and" and k - 3 >= 0 and toks[k - 3].text == "," and _party_word(toks, k - 4, lex):
            pass
        found = [_Actor(text[toks[start].start : toks[found[-1].end - 1].end], pw[0], start, found[-1].end), *found]
        k = start
    seen: dict[str, _Actor] = {}
    for a in found:
        seen.setdefault(a.party, a)
    return list(seen.values())


def _both_sides(toks: Sequence[Token], i: int, lex: Lexicon) -> int:
    """Tokens used by a "both sides" phrase at `i` (0 if none)."""
    for phrase in lex.both_sides:
        words = phrase.split()
        if i + len(words) <= len(toks) and all(toks[i + k].lower == w for k, w in enumerate(words)):
            return len(words)
    return 0


def document_parties(tokens: Sequence[Token], lex: Lexicon) -> tuple[str, ...]:
    """The parties a document is mostly about (for "both sides"): the two most named, in order of first mention."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i in range(len(tokens)):
        pw = _party_word(tokens, i, lex) if tokens[i].is_title else None
        if pw is not None:
            counts[pw[0]] += 1
            first.setdefault(pw[0], i)
    top = [p for p, _ in counts.most_common(2)]
    return tuple(sorted(top, key=lambda p: first[p]))


# -------------------------------------------------------------------------------------------------- triggers


@dataclass
class _Sentence:
    text: str
    toks: list[Token]
    lex: Lexicon
    ix: _Indexes
    context: EventContext
    speaker_party: str | None
    frame_verb: str | None  # the reporting verb of the statement the sentence is in ("deny", "accuse", …)
    frame_speaker_party: str | None
    frame_cue: int | None = None  # where that statement's attribution starts (a denial's "X denied")
    triggers: tuple[int, ...] = ()

    def low(self, i: int) -> str:
        return self.toks[i].lower if 0 <= i < len(self.toks) else ""


def _subject_before(s: _Sentence, i: int) -> list[_Actor]:
    """The armed actor that is the subject of the verb at `i` (searching back to the clause start)."""
    toks = s.toks
    k = i - 1
    while k >= 0 and toks[k].text not in (";", ":") and not (toks[k].text == "," and k < i - 8):
        if toks[k].lower in _POSSESSIVE_SPEAKER and k + 1 < len(toks) and (
            s.ix.forces.match(toks, k + 1) or toks[k].lower == "we"
        ):
            party = s.speaker_party
            if party:
                end = k + 1 + (s.ix.forces.match(toks, k + 1) or (1, True))[0]
                return [_Actor(s.text[toks[k].start : toks[end - 1].end], party, k, end)]
        found = _actor_at(toks, k, s.lex, s.ix, s.text)
        if found and found[0].end <= i + 1:
            return _with_conjuncts(toks, found, s.lex, s.ix, s.text)
        n_both = _both_sides(toks, k, s.lex)
        if n_both and len(s.context.parties) == 2:
            return [_Actor(s.text[toks[k].start : toks[k + n_both - 1].end], p, k, k + n_both)
                    for p in s.context.parties]
        k -= 1
    return []


def _agent_after(s: _Sentence, j: int) -> list[_Actor]:
    """ "… by Azerbaijani military forces": the agent of a passive verb ending at `j`."""
    toks = s.toks
    k = j
    while k < len(toks) and k - j < 8 and toks[k].lower != "by" and toks[k].text not in (";", "."):
        k += 1
    if k < len(toks) and toks[k].lower == "by":
        return _actor_at(toks, k + 1, s.lex, s.ix, s.text)
    return []


def _weapon_in(s: _Sentence, lo: int, hi: int) -> tuple[WeaponEntry, int, int] | None:
    toks = s.toks
    for k in range(max(0, lo), min(len(toks), hi)):
        m = s.ix.weapons.match(toks, k)
        if m:
            return m[1], k, k + m[0]
    return None


def _target_after(s: _Sentence, j: int) -> tuple[bool, int, str | None]:
    """(aimed at civilians?, end token, target words) of what follows an act."""
    toks = s.toks
    k = j
    n = len(toks)
    limit = min(n, j + 14)
    while k < limit and toks[k].text not in (";", ".", ",", "“", "”", '"') and toks[k].lower not in ("while", "but"):
        if toks[k].lower == "only":
            return False, k, None
        m = s.ix.civilian.match(toks, k)
        if m and (toks[k].lower not in ("people", "cities", "villages", "homes", "houses") or k > j):
            return True, k + m[0], s.text[toks[k].start : toks[k + m[0] - 1].end]
        k += 1
    return False, j, None


def _military_only(s: _Sentence, j: int) -> int | None:
    """End of "only (legitimate) military targets" after an act (a denial that civilians are targeted)."""
    toks = s.toks
    window = " ".join(t.lower for t in toks[j : j + 10])
    if "only" not in window:
        return None
    for phrase in s.lex.military_targets:
        if phrase in window:
            words = len(window[: window.index(phrase) + len(phrase)].split())
            return min(len(toks), j + words)
    return None


def _negated(s: _Sentence, i: int) -> bool:
    """Whether the verb at `i` is negated ("does not target", "never used", "are not fired upon")."""
    for k in range(i - 1, max(-1, i - 4), -1):
        low = s.toks[k].lower
        if low in s.lex.negations:
            return True
        if low not in _BE and not low.endswith("ly"):
            return False
    return False


def _modality(s: _Sentence, lo: int, hi: int) -> Modality:
    window = " ".join(t.lower for t in s.toks[max(0, lo - 6) : hi])
    if any(h in window for h in s.lex.hedges):
        return Modality.HEDGED
    if any(c in window for c in s.lex.confirmations) or (s.frame_verb in ("confirm", "verify", "establish", "find")):
        return Modality.CONFIRMED
    return Modality.ALLEGED


def _classify(s: _Sentence, cls: str, weapon: WeaponEntry | None, civilian: bool) -> ActionClass:
    if cls == "other":
        return ActionClass.OTHER
    if weapon is not None and (cls == "weapon_use" or weapon.category in _CONTROVERSIAL):
        return ActionClass.WEAPON_USE
    if civilian or cls == "killing":
        return ActionClass.TARGETING_CIVILIANS if civilian else ActionClass.ATTACK
    return ActionClass.ATTACK


def find_events(
    text: str,
    toks: Sequence[Token],
    lex: Lexicon,
    context: EventContext,
    *,
    speaker_party: Callable[[int], str | None],
    frame_at: Callable[[int], tuple[str | None, str | None, int | None]],
) -> list[EventFinding]:
    """Every event claim in one sentence.

    `speaker_party(offset)` is the party of whoever speaks at an offset (for "our forces", "his forces");
    `frame_at(offset)` is (reporting verb lemma, speaker party, cue offset) of the statement there (for denials).
    """
    toks = list(toks)
    if not toks:
        return []
    sentence_text = text[toks[0].start : toks[-1].end]
    if sentence_text.rstrip(" \"”’').").endswith("?") or toks[0].lower in ("if", "unless", "whether"):
        return []  # a question or a conditional asserts nothing
    ix = _indexes(lex)
    s = _Sentence(text, toks, lex, ix, context, speaker_party(toks[0].start), None, None)
    s.triggers = tuple(k for k in range(len(toks)) if ix.nouns.match(toks, k) or ix.verbs.match(toks, k))
    found: list[EventFinding] = []
    n = len(toks)
    i = 0
    while i < n:
        noun = ix.nouns.match(toks, i)
        vb = ix.verbs.match(toks, i)
        if noun is None and vb is None:
            i += 1
            continue
        s.frame_verb, s.frame_speaker_party, s.frame_cue = frame_at(toks[i].start)
        s.speaker_party = speaker_party(toks[i].start)
        if_clause = any(t.lower == "if" for t in toks[max(0, i - 12) : i])
        made = _nominal_event(s, i, noun) if noun else []
        if not made and vb is not None:
            made = _verbal_event(s, i, vb)
        if if_clause:
            made = []
        found.extend(made)
        i += max(noun[0] if noun else 1, vb[0] if vb else 1)
    found.extend(_avoidance(s))
    if not found:
        s.frame_verb, s.frame_speaker_party, s.frame_cue = frame_at(toks[0].start)
        found.extend(_rebuttal(s))
    out = _merged(found)
    for e in out:
        context.last_actor = (e.actor or e.actor_party or "", e.actor_party or "")
        if e.polarity == Polarity.ASSERTED:
            context.last_event = e
    return out


_CLASS_RANK = {ActionClass.WEAPON_USE: 0, ActionClass.TARGETING_CIVILIANS: 1, ActionClass.ATTACK: 2,
               ActionClass.OTHER: 3}


def _merged(found: list[EventFinding]) -> list[EventFinding]:
    """One event per act: findings of the same party and polarity whose evidence overlaps become one (the
    most specific class, the union of the evidence)."""
    out: list[EventFinding] = []
    for e in sorted(found, key=lambda e: (e.start, _CLASS_RANK[e.action_class])):
        for k, o in enumerate(out):
            if o.actor_party == e.actor_party and o.polarity == e.polarity and o.start < e.end and e.start < o.end:
                best = o if _CLASS_RANK[o.action_class] <= _CLASS_RANK[e.action_class] else e
                out[k] = EventFinding(min(o.start, e.start), max(o.end, e.end), best.trigger_start, best.actor,
                                      best.actor_party, best.action, best.action_class, best.polarity,
                                      best.modality, best.weapon or o.weapon or e.weapon, best.target or o.target)
                break
        else:
            out.append(e)
    return out


def _rebuttal(s: _Sentence) -> list[EventFinding]:
    """A speaker discrediting a report or an accusation denies what it alleged ("fake reports", "the report was
    full of distortions", "rejected a report by the OPCW"): a denial of the last act alleged, by the accused."""
    last = s.context.last_event
    party = s.frame_speaker_party or s.speaker_party
    if last is None or party is None or last.actor_party != party:
        return []
    toks = s.toks
    words = [t.lower for t in toks]
    noun_at = next((k for k, w in enumerate(words) if w in s.lex.report_nouns), None)
    if noun_at is None:
        return []
    low = " ".join(words)
    if not (s.frame_verb in _DENIAL_VERBS | {"slam", "dismiss", "criticize"} or any(
        re.search(rf"\b{re.escape(d)}\b", low) for d in s.lex.discrediting
    )):
        return []
    start = noun_at
    while start > 0 and words[start - 1] not in (",", ";", "“", '"', ":") and noun_at - start < 6:
        start -= 1
    if s.frame_cue is not None and toks[0].start <= s.frame_cue < toks[noun_at].start:
        start = next(k for k, t in enumerate(toks) if t.start >= s.frame_cue)
    end = min(len(toks), noun_at + 8)
    end = next((k for k in range(noun_at + 1, end) if toks[k].text in (",", ";", ".")), end)
    return [EventFinding(toks[start].start, toks[end - 1].end, toks[noun_at].start, last.actor, party, last.action,
                         last.action_class, Polarity.DENIED, Modality.ALLEGED, last.weapon, last.target)]


def _make(s: _Sentence, actors: list[_Actor], lo: int, hi: int, trigger: int, cls: str, *,
          weapon: tuple[WeaponEntry, int, int] | None, civilian: bool, polarity: Polarity,
          target: str | None = None) -> list[EventFinding]:
    toks = s.toks
    if any(lo < t < trigger for t in s.triggers):
        lo = trigger  # "… does not target civilians, facilities and does not use cluster bombs": its own clause
        while lo > 0 and (s.low(lo - 1) in _BE or s.low(lo - 1) in s.lex.negations or s.low(lo - 1).endswith("ly")):
            lo -= 1
    if weapon is not None:
        lo, hi = min(lo, weapon[1]), max(hi, weapon[2])
    if polarity == Polarity.DENIED and s.frame_cue is not None and s.frame_verb in _DENIAL_VERBS and (
        toks[0].start <= s.frame_cue < toks[min(lo, len(toks) - 1)].start
    ):
        lo = next(k for k, t in enumerate(toks) if t.start >= s.frame_cue)  # "the regime rejected a report …"
    lo, hi = max(0, lo), min(len(toks), hi)
    action = s.text[toks[trigger].start : toks[min(hi, trigger + 3) - 1].end] if hi > trigger else toks[trigger].text
    action_class = _classify(s, cls, weapon[0] if weapon else None, civilian)
    modality = _modality(s, lo, hi)
    return [
        EventFinding(toks[lo].start, toks[hi - 1].end, toks[trigger].start, a.text, a.party, action, action_class,
                     polarity, modality, weapon[0].category if weapon else None, target)
        for a in actors
    ]


def _nominal_event(s: _Sentence, i: int, noun: tuple[int, str]) -> list[EventFinding]:
    """ "Armenian missile strikes", "Armenia's attacks", "shelling by the Saudi coalition", "use of X by Y"."""
    toks = s.toks
    width, cls = noun
    j = i + width
    actors: list[_Actor] = []
    lo = i
    # a modifier before the noun: "Armenian missile strikes", "Israeli genocidal aggression", "Armenia's attacks"
    k = i - 1
    while k >= 0 and k >= i - 4:
        found = _actor_at(toks, k, s.lex, s.ix, s.text)
        if found and found[0].end <= i + 1:
            actors = _with_conjuncts(toks, found, s.lex, s.ix, s.text)
            lo = actors[0].start
            break
        if toks[k].text in (",", ";", "(") or toks[k].lower in ("by", "on", "of", "and", "or", "from", "that"):
            break
        k -= 1
    if not actors and j < len(toks):
        nxt = toks[j].lower
        if nxt in ("by", "of") or (nxt == "from" and j + 1 < len(toks) and toks[j + 1].lower == "the"):
            found = _actor_at(toks, j + 1, s.lex, s.ix, s.text)
            if found:
                actors = found
                j = found[-1].end
    weapon = _weapon_in(s, i - 3, j + 6)
    if cls == "weapon_use":
        if weapon is None:
            return []
        agent = _agent_after(s, weapon[2]) if not actors else actors
        actors = agent
        j = max(j, weapon[2], actors[-1].end if actors else j)
    if not actors and s.frame_verb in _DENIAL_VERBS and s.frame_speaker_party:
        actors = [_Actor(s.frame_speaker_party, s.frame_speaker_party, i, i)]  # "denied … the directed attacks"
    if not actors:
        return []
    civilian, t_end, target = _target_after(s, j)
    polarity = Polarity.DENIED if s.frame_verb in _DENIAL_VERBS and s.frame_speaker_party in {a.party for a in actors} else Polarity.ASSERTED
    return _make(s, actors, lo, max(j, t_end), i, cls, weapon=weapon, civilian=civilian, polarity=polarity,
                 target=target)


def _verbal_event(s: _Sentence, i: int, vb: tuple[int, str]) -> list[EventFinding]:
    """ "were bombed by X", "X fired rockets at Y", "does not target civilians", "accuses X of targeting …"."""
    toks = s.toks
    width, cls = vb
    j = i + width
    prev = s.low(i - 1)
    if cls != "killing" and (prev in _DETERMINERS or s.low(i - 2) in _DETERMINERS and prev not in _BE):
        return []  # a noun ("the strike", "the directed attacks"): nominal events handle it
    if toks[i].lower in ("using", "use") and (prev in ("full", "making") or toks[i].lower == "using") and any(
        s.ix.verbs.match(toks, k) and s.ix.verbs.match(toks, k)[1] in ("attack", "targeting")  # type: ignore[index]
        for k in range(max(0, i - 12), min(len(toks), i + 12)) if k != i
    ):
        return []  # "making full use of missiles … launched an attack": the weapons are the attack's instrument
    passive = prev in ("was", "were", "been", "be", "being", "is", "are") or (
        toks[i].lower.endswith(("ed", "ck", "ot", "it")) and s.low(j) == "by"
    )
    actors: list[_Actor] = []
    lo = i
    if passive:
        actors = _agent_after(s, j)
    if not actors and not passive:
        # the object of "accuse X of", "blame X for": the accused
        for k in range(i - 1, max(-1, i - 8), -1):
            if s.low(k) in ("of", "for") and k > 0:
                for a in range(k - 1, max(-1, k - 6), -1):
                    if s.lex.reporting_verbs.get(s.low(a)) in _ACCUSE_VERBS:
                        actors = _actor_at(toks, a + 1, s.lex, s.ix, s.text)
                        n_both = _both_sides(toks, a + 1, s.lex)
                        if not actors and n_both and len(s.context.parties) == 2:
                            actors = [_Actor("both sides", p, a + 1, a + 1 + n_both) for p in s.context.parties]
                        if not actors:
                            subj = _subject_before(s, a)
                            if subj and len(s.context.parties) == 2 and _both_sides(toks, subj[0].start, s.lex):
                                actors = subj
                        lo = a + 1
                        break
                break
        if not actors:
            actors = _subject_before(s, i)
            if actors:
                lo = actors[0].start
    weapon = _weapon_in(s, i - 3, j + 6)
    if not actors and passive:
        subject = [t.lower for t in toks[max(0, i - 4) : i]]
        last = s.context.last_event
        if last is not None and last.actor_party and any(w in ("these", "those", "such", "they") for w in subject):
            actors = [_Actor(last.actor or last.actor_party, last.actor_party, i, i)]  # "these bombs were used"
            if weapon is None and last.weapon:
                weapon = (WeaponEntry(last.weapon, last.weapon, ()), i, i)
        elif _negated(s, i) and s.speaker_party:
            actors = [_Actor(s.speaker_party, s.speaker_party, i, i)]  # "Civilian objects are not fired upon"
    if not actors and s.frame_verb in _DENIAL_VERBS and s.frame_speaker_party:
        actors = [_Actor(s.frame_speaker_party, s.frame_speaker_party, i, i)]  # "denied targeting civilians"
    if not actors:
        return []
    if cls == "weapon_use" and weapon is None:
        return []
    if cls == "other" and not _other_object_ok(s, i, j):
        return []
    civilian, t_end, target = _target_after(s, j)
    polarity = Polarity.ASSERTED
    hi = max(j, t_end)
    only_military = _military_only(s, j)
    if only_military is not None:
        polarity, civilian, hi = Polarity.DENIED, True, max(hi, only_military)
    elif _negated(s, i):
        polarity = Polarity.DENIED
    elif s.frame_verb in _DENIAL_VERBS and (s.frame_speaker_party in {a.party for a in actors}):
        polarity = Polarity.DENIED
    if cls == "killing" and not civilian:
        return []
    if passive and not civilian:
        # the subject of a passive act is its target: "Civilian objects are not fired upon"
        k = i - 1
        while k >= 0 and s.low(k) in _BE | {"not", "never", "n't"}:
            k -= 1
        if k >= 0 and any(s.ix.civilian.match(toks, m) for m in range(max(0, k - 2), k + 1)):
            civilian, lo = True, min(lo, max(0, k - 2))
    return _make(s, actors, min(lo, i), hi, i, cls, weapon=weapon, civilian=civilian, polarity=polarity,
                 target=target)


_OTHER_OBJECTS = re.compile(r"\b(?:law|laws|norms|principles|rules|conventions?|ceasefire|truce|crimes?|"
                            r"atrocities|violations?|genocide|massacres?|aggression|munitions|weapons|bombs)\b")


def _other_object_ok(s: _Sentence, i: int, j: int) -> bool:
    """ "violated the laws of war", "committed war crimes", "war crimes committed by", "produce or buy … munitions"."""
    window = " ".join(t.lower for t in s.toks[max(0, i - 5) : j + 10])
    return _OTHER_OBJECTS.search(window) is not None


def _avoidance(s: _Sentence) -> list[EventFinding]:
    """ "stopped firing in order to avoid civilian casualties": a denial that civilians were targeted."""
    toks = s.toks
    low = " ".join(t.lower for t in toks)
    for phrase in s.lex.avoidance:
        at = low.find(phrase + " civilian")
        if at < 0:
            continue
        k = len(low[:at].split())
        actors = _subject_before(s, k)
        if not actors:
            return []
        end = min(len(toks), k + len(phrase.split()) + 2)
        start = next((m for m in range(k - 1, -1, -1) if toks[m].text in (",", "“", '"')), -1) + 1
        return [EventFinding(toks[start].start, toks[end - 1].end, toks[k].start, a.text, a.party,
                             " ".join(t.text for t in toks[k:end]), ActionClass.TARGETING_CIVILIANS,
                             Polarity.DENIED, _modality(s, start, end)) for a in actors]
    return []
