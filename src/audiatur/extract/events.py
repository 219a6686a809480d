"""Event claims: an actor said to have done (or not done) a violent or unlawful act.

Triggers are verbs ("shelled", "fired rockets at", "does not target", "uses cluster munitions") and nouns
("Armenian missile strikes", "Armenia's attacks", "shelling by Armenian forces", "the use of cluster munitions
by Armenia", "subjected Tamesh to intensive shelling"). Each needs an actor a reader can name (see
`event_actors`): without one a sentence is not an event (statements of principle have none).

Polarity: negation of the act's own verb or subject ("does not target", "not a single shell has landed"), a
denial frame ("Armenia has denied …", "rejected a report that said …"), a self-description that excludes the
act ("strikes only legitimate military targets", "only returned fire"), an avoidance ("stopped firing to avoid
civilian casualties"), or a rebuttal of the report that alleged it ("Velsarian claims about Tamsk are a
fabrication"). Modality: hedged ("appear to have been fired", "reportedly"), confirmed ("confirms use of"),
else alleged. Questions, conditionals and what a demand asks for assert nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from audiatur.domain import ActionClass, Modality, Polarity
from audiatur.extract.event_actors import (
    EventActor,
    actor_at,
    both_sides_at,
    document_parties,
    enemy_at,
    party_word,
    with_conjuncts,
)
from audiatur.extract.layout import Token
from audiatur.extract.lexicon import Lexicon, WeaponEntry
from audiatur.extract.phrases import PhraseIndex

__all__ = ["EventContext", "EventFinding", "document_parties", "find_events", "rebuttals"]

_CONTROVERSIAL = frozenset(
    {
        "cluster",
        "phosphorus",
        "incendiary",
        "chemical",
        "chlorine",
        "sarin",
        "mustard",
        "thermobaric",
        "landmine",
        "barrel bomb",
        "nuclear",
        "depleted uranium",
    }
)
_BE = frozenset(
    """is are was were be been being has have had does do did will would shall should may might can
could also once again repeatedly reportedly allegedly continuously intentionally deliberately indiscriminately
systematically then later still now already""".split()
)
# Words a noun's modifiers never cross: prepositions, articles, copulas ("Kestria condemned the shelling",
# "X says soldiers are burning houses" name no side of the act by a modifier).
_NP_STOPS = frozenset(
    "by on of from that to against the a an this these those is are was were be been being".split()
)
_DENIAL_VERBS = frozenset({"deny", "reject", "refute", "dismiss"})
_MODALS = frozenset(
    {"will", "would", "shall", "should", "must", "can", "could", "may", "might", "'ll", "wo", "ca"}
)
_NEGATED_MODALS = frozenset(
    {"won't", "wouldn't", "shan't", "shouldn't", "mustn't", "can't", "cannot", "couldn't"}
)
_REALIS_AUXILIARIES = frozenset({"do", "does", "did", "have", "has", "had", "is", "are", "was", "were"})
_INTENT = frozenset(
    """threaten threatens threatened threatening plan plans planned planning intend intends intended
intending vow vows vowed promise promises promised prepare prepares prepared preparing want wants wanted seek
seeks sought ready going about set poised decided decide decides order ordered""".split()
)
_VERB_CONTEXT = frozenset(
    {
        "not",
        "n't",
        "never",
        "did",
        "do",
        "does",
        "to",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "should",
        "must",
        "also",
        "repeatedly",
        "allegedly",
        "reportedly",
    }
)
_DEMAND_VERBS = frozenset({"call", "urge", "demand", "appeal", "ask"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our"})
_SPEAKER_POSSESSIVES = frozenset({"our", "we", "my"})
_THIRD_POSSESSIVES = frozenset({"its", "their", "his", "her"})
_AGENT_CUES = re.compile(
    r"^(?:\(\w+\) )?(?:(?:that|which) (?:\S+ ){1,4}?)?(?:bore the hallmarks of|bears the hallmarks of|attributed to|"
    r"blamed on|carried out by|claimed by|by)\b"
)
# "blamed <the act> on X", "attributed <the act> to X": the preposition that names the agent after such a verb
_BLAME_VERBS = {
    "on": frozenset({"blame", "blames", "blamed", "blaming", "pinned", "pins", "pin"}),
    "to": frozenset(
        {"attribute", "attributes", "attributed", "attributing", "ascribed", "ascribes", "ascribe"}
    ),
}
_BARE_CUE = re.compile(r"^\S+\b")
_CLASS_RANK = {
    ActionClass.WEAPON_USE: 0,
    ActionClass.TARGETING_CIVILIANS: 1,
    ActionClass.ATTACK: 2,
    ActionClass.OTHER: 3,
}
_OTHER_LAW = re.compile(
    r"\b(?:law|laws|norms|principles|rules|conventions?|ceasefire|truce|crimes?|atrocities|"
    r"violations?|genocide|massacres?|aggression)\b"
)
_PEOPLE = re.compile(
    r"\b(?:civilians?|people|men|women|children|pupils|residents|villagers|them|journalists|"
    r"nurse|teachers?|workers|citizens|families|sons|detainees|prisoners)\b"
)
_NONE_OF = re.compile(r"\s(?:not a single|not one|none of the|no unit|no shell|no rocket|no missile)\s")
_PRONOUN_LIE = re.compile(
    r"\b(?:this|that|it) (?:is|was) (?:a |an )?(?:\w+ )?(?:lie|false|fabrication|fiction|fantasy|"
    r"nonsense|slander)"
)
_PLACES = re.compile(
    r"\b(?:populated|residential|homes|houses|hospitals?|schools?|school yards|markets?|villages?|"
    r"towns?|cit(?:y|ies)|neighbourhoods?|apartment|among|inside|next to|near|within)\b"
)


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
    last_event: EventFinding | None = None  # the last asserted act ("these bombs were used", rebuttals)
    asserted: list[EventFinding] = field(default_factory=list)  # every asserted act, for rebuttals


@dataclass(frozen=True, slots=True)
class _Indexes:
    verbs: PhraseIndex[str]
    nouns: PhraseIndex[str]
    weapons: PhraseIndex[WeaponEntry]
    civilian: PhraseIndex[bool]
    forces: PhraseIndex[bool]
    discrediting: re.Pattern[str]


@lru_cache(maxsize=8)
def _indexes(lex: Lexicon) -> _Indexes:
    discrediting = "|".join(re.escape(d) for d in sorted(lex.discrediting, key=len, reverse=True)) or "(?!)"
    return _Indexes(
        PhraseIndex(lex.event_verbs.items()),
        PhraseIndex(lex.event_nouns.items()),
        PhraseIndex(lex.weapons.items()),
        PhraseIndex((w, True) for w in lex.civilian_targets),
        PhraseIndex((w, True) for w in lex.force_nouns),
        re.compile(rf"\b(?:{discrediting})\b"),
    )


@dataclass
class _Sentence:
    text: str
    toks: list[Token]
    lex: Lexicon
    ix: _Indexes
    context: EventContext
    speaker_party: str | None = None
    frame_verb: str | None = None  # the reporting verb of the statement at the trigger ("deny", "accuse", …)
    frame_party: str | None = None
    frame_cue: int | None = None  # where that statement's attribution starts
    triggers: tuple[int, ...] = ()
    found: list[EventFinding] = field(default_factory=list)  # this sentence's events so far

    def low(self, i: int) -> str:
        return self.toks[i].lower if 0 <= i < len(self.toks) else ""

    def actor_at(self, i: int, *, modifier: bool = False) -> list[EventActor]:
        if not 0 <= i < len(self.toks):
            return []
        return actor_at(
            self.toks, i, self.lex, self.ix.forces, self.text, modifier=modifier, weapons=self.ix.weapons
        )


# -------------------------------------------------------------------------------------------------- actors


def _other_side(s: _Sentence) -> str | None:
    parties = s.context.parties
    if s.speaker_party in parties and len(parties) == 2:
        return parties[1] if parties[0] == s.speaker_party else parties[0]
    return None


_LIGHT_VERBS = frozenset(
    "opened open opens unleashed unleash carried conducted conduct conducts mounted mount staged stage".split()
)
_INSTRUMENT = frozenset({"using", "use", "uses", "used", "with", "employing", "deploying"})
_PREPOSITIONS = frozenset("into of about on for to in at by from with over after before against".split())
_RETURNED = frozenset({"returned", "return", "returns", "returning"})
_VERB_ADVERBS = frozenset(
    {"only", "exclusively", "solely", "purely", "never", "deliberately", "indiscriminately"}
)


_DEMAND_FORMS = frozenset(
    "call calls called calling urge urges urged urging demand demands demanded demanding appeal appeals "
    "appealed appealing ask asks asked asking".split()
)
_CLAIM_VERBS = frozenset("claim say allege insist argue pretend assert".split())


def _demanded(s: _Sentence, i: int) -> bool:
    """The act at `i` is what a call asks for: "call on X to stop all attacks", "urged Y to release abducted …"."""
    toks = s.toks
    to = next((k for k in range(i - 1, max(-1, i - 6), -1) if s.low(k) == "to"), None)
    if to is None or to + 1 >= len(toks) or s.ix.verbs.match(toks, to + 1):
        return False  # "called on them to shell …" would be odd; "to" + an act verb is the act itself
    return any(s.low(k) in _DEMAND_FORMS for k in range(to))


def _predicted_claim(s: _Sentence, i: int) -> bool:
    """The act is inside a claim someone is expected to make: "will claim (again) that it struck …"."""
    for k in range(i - 1, max(-1, i - 10), -1):
        if s.low(k) in _CLAIM_VERBS and (
            s.low(k - 1) in ("will", "would", "'ll") or s.low(k - 2) in ("will", "would", "'ll")
        ):
            return True
    return False


def _relative_actor(s: _Sentence, k: int) -> EventActor | None:
    """ "our artillery", "we" (the speaker's side); "its forces" (the clause's actor, else the speaker's);
    "the enemy's warplanes", "occupation forces" (the other side as the speaker sees it)."""
    toks = s.toks
    low = toks[k].lower
    force = s.ix.forces.match(toks, k + 1) if k + 1 < len(toks) else None
    if low in _SPEAKER_POSSESSIVES and (low == "we" or force) and s.speaker_party:
        end = k + 1 + (force[0] if force and low != "we" else 0)
        return EventActor(s.text[toks[k].start : toks[end - 1].end], s.speaker_party, k, end)
    if low in _THIRD_POSSESSIVES and force:
        end = k + 1 + force[0]
        for m in range(k - 1, -1, -1):  # "Dravon … to hide its own attacks": the clause's actor
            found = s.actor_at(m)
            if found:
                return EventActor(s.text[toks[k].start : toks[end - 1].end], found[0].party, k, end)
        if s.speaker_party:
            return EventActor(s.text[toks[k].start : toks[end - 1].end], s.speaker_party, k, end)
    n_enemy = enemy_at(toks, k, s.lex)
    if n_enemy:
        other = _other_side(s) or ""  # the other side, when the document names exactly two; else unresolved
        end = k + n_enemy
        if end < len(toks) and toks[end].lower == "'s":
            end += 1
        more = s.ix.forces.match(toks, end) if end < len(toks) else None
        end += more[0] if more else 0
        return EventActor(s.text[toks[k].start : toks[end - 1].end], other, k, end)
    return None


_CLAUSE_GLUE = _BE | {
    "not",
    "never",
    "n't",
    "that",
    "it",
    "they",
    "he",
    "she",
    "we",
    "its",
    "their",
    "had",
    "has",
    "have",
}


def _own_subject(s: _Sentence, lo: int, hi: int) -> bool:
    """Whether the words between a reporting verb and an act name a subject of their own ("says soldiers are
    burning", not "said they had destroyed", "denied targeting")."""
    return any(
        s.low(k) not in _CLAUSE_GLUE and not s.low(k).endswith("ly") and s.toks[k].text[:1].isalnum()
        for k in range(lo, hi)
    )


def _subject_before(s: _Sentence, i: int) -> list[EventActor]:
    """The armed actor that is the subject of the verb at `i` (searching back to the clause start)."""
    toks = s.toks
    k = i - 1
    while k >= 0 and toks[k].text not in (";", ":") and not (toks[k].text == "," and k < i - 8):
        if toks[k].lower in s.lex.reporting_verbs and _own_subject(s, k + 1, i):
            break  # "the TLA says soldiers are burning houses": the speaker is not the verb's subject
        rel = _relative_actor(s, k)
        if rel is not None:
            return [rel]
        found = s.actor_at(k)
        if found and found[0].end <= i + 1:
            return with_conjuncts(toks, found, s.lex, s.text)
        n_both = both_sides_at(toks, k, s.lex)
        if n_both and len(s.context.parties) == 2:
            return [
                EventActor(s.text[toks[k].start : toks[k + n_both - 1].end], p, k, k + n_both)
                for p in s.context.parties
            ]
        k -= 1
    return []


def _agent_after(s: _Sentence, j: int) -> list[EventActor]:
    """The agent of a passive act ending at `j`: "… by Azerbaijani military forces", "fired from Kestrian
    positions", "launched from the area of Kavrel in Velsaria"."""
    toks = s.toks
    for k in range(j, min(len(toks), j + 9)):
        if toks[k].text in (";", ".") or (k in s.triggers and k > j):
            break  # "killed … in artillery shelling by Armenian forces": the agent is the shelling's
        if toks[k].lower == "by":
            found = s.actor_at(k + 1)
            if found:
                return found
        if toks[k].lower == "from":
            for m in range(k + 1, min(len(toks), k + 9)):
                if toks[m].text in (",", ";", "."):
                    break
                found = s.actor_at(m, modifier=True)
                if found and (
                    s.low(found[0].end) in ("positions", "territory", "side", "soil", "lines")
                    or s.low(m - 1) == "in"
                ):
                    return found
    return []


# ---------------------------------------------------------------------------------------------- qualities


def _weapon_in(s: _Sentence, lo: int, hi: int) -> tuple[WeaponEntry, int, int] | None:
    toks = s.toks
    for k in range(max(0, lo), min(len(toks), hi)):
        m = s.ix.weapons.match(toks, k)
        if m:
            return m[1], k, k + m[0]
    return None


def _target_after(s: _Sentence, j: int) -> tuple[bool, int, str | None]:
    """(aimed at civilians?, end token, target words) of what follows an act (to the next comma)."""
    toks = s.toks
    k = j
    limit = min(len(toks), j + 14)
    while (
        k < limit
        and toks[k].text not in (";", ".", ",", "“", "”", '"')
        and toks[k].lower not in ("while", "but")
    ):
        if toks[k].lower in ("only", "exclusively", "solely"):
            return False, k, None
        m = s.ix.civilian.match(toks, k)
        if m and (toks[k].lower not in ("people", "cities", "villages", "homes", "houses") or k > j):
            return True, k + m[0], s.text[toks[k].start : toks[k + m[0] - 1].end]
        k += 1
    return False, j, None


def _only_military(s: _Sentence, i: int, j: int) -> int | None:
    """End of "only (legitimate) military targets", "exclusively at military targets", "only to the sources of
    fire" around an act: a self-description that denies targeting civilians."""
    toks = s.toks
    for k in range(max(0, i - 6), min(len(toks), j + 6)):
        if toks[k].lower not in ("only", "exclusively", "solely", "purely"):
            continue
        for m in range(k + 1, min(len(toks), k + 7)):
            if toks[m].text in (",", ";", ".") or toks[m].lower in ("and", "but"):
                break
            width = next(
                (
                    w
                    for w in (3, 2, 1)
                    if " ".join(t.lower for t in toks[m : m + w]) in s.lex.military_after_only
                ),
                0,
            )  # "military", "sources of fire"
            if width:
                end = m + width
                while (
                    end < len(toks)
                    and toks[end].text.isalpha()
                    and toks[end].lower not in ("and", "but", "with")
                ):
                    end += 1
                return min(len(toks), end)
    return None


def _negated(s: _Sentence, i: int) -> bool:
    """The act's own verb or its subject is negated ("does not target", "not a single shell has landed")."""
    for k in range(i - 1, max(-1, i - 4), -1):
        low = s.toks[k].lower
        if low in s.lex.negations:
            return True
        if low not in _BE and not low.endswith("ly"):
            break
    window = " " + " ".join(t.lower for t in s.toks[max(0, i - 8) : i])
    return _NONE_OF.search(window) is not None


def _modality(s: _Sentence, lo: int, hi: int) -> Modality:
    window = " ".join(t.lower for t in s.toks[max(0, lo - 6) : hi])
    if any(h in window for h in s.lex.hedges):
        return Modality.HEDGED
    if any(c in window for c in s.lex.confirmations) or s.frame_verb in (
        "confirm",
        "verify",
        "establish",
        "find",
    ):
        return Modality.CONFIRMED
    return Modality.ALLEGED


def _classify(cls: str, weapon: WeaponEntry | None, civilian: bool) -> ActionClass:
    if cls == "other":
        return ActionClass.OTHER
    if weapon is not None and (cls == "weapon_use" or weapon.category in _CONTROVERSIAL):
        return ActionClass.WEAPON_USE
    return ActionClass.TARGETING_CIVILIANS if civilian else ActionClass.ATTACK


def _other_object_ok(s: _Sentence, i: int, j: int) -> bool:
    """An unlawful act needs its object: "violated the laws of war", "abducted five pupils", "placed artillery
    among homes", "burned the houses", "planting mines"."""
    verb = s.low(i)
    window = " ".join(t.lower for t in s.toks[max(0, i - 5) : j + 10])
    after = " ".join(t.lower for t in s.toks[j : j + 10])
    if verb.startswith(("violat", "breach", "commit")) or verb in ("made", "caused"):
        return _OTHER_LAW.search(window) is not None or (
            verb == "caused" and _weapon_in(s, j, j + 8) is not None
        )
    if verb.startswith(
        (
            "abduct",
            "kidnap",
            "tortur",
            "beat",
            "blindfold",
            "drag",
            "forc",
            "drive",
            "drov",
            "expel",
            "held",
            "took",
            "taken",
            "endanger",
            "execut",
        )
    ):
        return _PEOPLE.search(after) is not None
    if verb.startswith(("burn", "raz", "loot")):
        return (
            re.search(r"\b(?:houses?|homes?|villages?|shops?|crops|fields|propert(?:y|ies))\b", after)
            is not None
        )
    if verb.startswith(("position", "placed", "station", "use", "using", "shields")):
        return _PLACES.search(after) is not None
    if verb.startswith(("produce", "buy", "possess")):
        return _weapon_in(s, j, j + 8) is not None
    return True  # "planting mines", "lay mines"


def _irrealis(s: _Sentence, i: int) -> bool:
    """The act at `i` is only intended, threatened, possible or future ("will shell", "would never use",
    "should not use", "threatened to strike", "plans to attack"); "may have shelled" is a hedged past act."""
    k = i - 1
    while (
        k >= 0
        and s.low(k) not in _NEGATED_MODALS
        and (s.low(k) in s.lex.negations or s.low(k).endswith("ly") or s.low(k) in ("be", "again", "also"))
    ):
        k -= 1
    if s.low(k) in _MODALS or s.low(k) in _NEGATED_MODALS:
        # "we do not and will not fire on …": the present (or past) conjunct states the act as it is
        return not (
            s.low(k - 1) in ("and", "or", ",")
            and s.low(k - 2) in s.lex.negations
            and s.low(k - 3) in _REALIS_AUXILIARIES
        )
    if s.low(k) == "to":
        k -= 1
        while k >= 0 and (s.low(k).endswith("ly") or s.low(k) in s.lex.negations):
            k -= 1
        return s.low(k) in _INTENT
    return False


# ---------------------------------------------------------------------------------------------- triggers


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

    `speaker_party(offset)` is the party of whoever speaks at an offset (for "our forces", "the enemy");
    `frame_at(offset)` is (reporting verb lemma, speaker party, cue offset) of the statement there.
    """
    toks = list(toks)
    if not toks:
        return []
    sentence = text[toks[0].start : toks[-1].end]
    if sentence.rstrip(" \"”’').").endswith("?") or toks[0].lower in ("if", "unless", "whether"):
        return []  # a question or a conditional asserts nothing
    ix = _indexes(lex)
    s = _Sentence(text, toks, lex, ix, context)
    in_weapon: set[int] = set()
    for k in ix.weapons.starts(toks):
        m = ix.weapons.match(toks, k)
        if m and m[0] > 1:
            # "multiple launch rocket systems" is a weapon, not an act; "machine-gun fire" ends in one
            last = k + m[0] - 1
            instrument = any(t.lower in _INSTRUMENT for t in toks[max(0, k - 4) : k])  # "using … shelling to"
            act_noun = not instrument and ix.nouns.match(toks, last)
            in_weapon.update(range(k + 1, last if act_noun else last + 1))
    s.triggers = tuple(
        k
        for k in sorted({*ix.nouns.starts(toks), *ix.verbs.starts(toks)})
        if k not in in_weapon and (ix.nouns.match(toks, k) or ix.verbs.match(toks, k))
    )
    if not s.triggers and "civilian" not in sentence.lower():
        return []  # no act named, and no avoidance ("… to avoid civilian casualties") either
    found = s.found
    for i in s.triggers:
        s.frame_verb, s.frame_party, s.frame_cue = frame_at(toks[i].start)
        s.speaker_party = speaker_party(toks[i].start)
        if s.frame_verb in _DEMAND_VERBS and not (s.low(i + 1) == "by" or s.low(i - 1) in ("were", "was")):
            continue  # "urged both parties to spare civilians", "called on Kestria to stop the shelling"
        if any(t.lower == "if" for t in toks[max(0, i - 12) : i]) or any(t.text == "?" for t in toks[i:]):
            continue  # a conditional or a question asserts nothing
        if _irrealis(s, i):
            continue  # "will shell", "should not use", "threatened to strike": no act is said to have happened
        if _demanded(s, i):
            continue  # "We call on X to stop all attacks on …": a call to act, not an allegation
        if _predicted_claim(s, i):
            continue  # "X will claim again that it struck militants": a claim foretold, not made
        noun = (
            ix.nouns.match(toks, i) if s.low(i - 1) not in _VERB_CONTEXT or _subjected_to(s, i) else None
        )  # "did not use cluster …"
        if noun and s.low(i + noun[0]) in _VERB_ADVERBS:
            noun = None  # "the army strikes only military targets": a verb
        made = _nominal_event(s, i, noun) if noun else []
        if not made:
            vb = ix.verbs.match(toks, i)
            if vb is not None:
                made = _verbal_event(s, i, vb)
        found.extend(made)
    s.frame_verb, s.frame_party, s.frame_cue = frame_at(toks[0].start)
    s.speaker_party = speaker_party(toks[0].start)
    found.extend(_avoidance(s))
    out = _merged(found, text)
    for e in out:
        if e.polarity == Polarity.ASSERTED:
            context.last_event = e
            context.asserted.append(e)
    return out


def _make(
    s: _Sentence,
    actors: list[EventActor],
    lo: int,
    hi: int,
    trigger: int,
    cls: str,
    *,
    weapon: tuple[WeaponEntry, int, int] | None,
    civilian: bool,
    polarity: Polarity,
    target: str | None = None,
) -> list[EventFinding]:
    toks = s.toks
    if any(lo < t < trigger for t in s.triggers):
        lo = trigger  # "… does not target civilians, facilities and does not use cluster bombs": its own clause
        while lo > 0 and (
            s.low(lo - 1) in _BE or s.low(lo - 1) in s.lex.negations or s.low(lo - 1).endswith("ly")
        ):
            lo -= 1
    if weapon is not None:
        lo, hi = min(lo, weapon[1]), max(hi, weapon[2])
    if hi < len(toks) and s.low(hi) in (
        "on",
        "in",
        "at",
        "against",
        "towards",
        "toward",
        "targeting",
        "near",
    ):
        end = hi + 1
        while (
            end < len(toks)
            and end - hi < 6
            and toks[end].text not in (",", ";", ".", "(")
            and s.low(end)
            not in ("and", "while", "which", "but", "after", "as", "since", "when", "that", "who")
        ):
            end += 1
        hi = end  # "artillery shelling by the Saudi coalition on Shada"
    if (
        polarity == Polarity.DENIED
        and s.frame_cue is not None
        and s.frame_verb in _DENIAL_VERBS
        and (toks[0].start <= s.frame_cue < toks[min(lo, len(toks) - 1)].start)
    ):
        lo = next(k for k, t in enumerate(toks) if t.start >= s.frame_cue)  # "the regime rejected a report …"
    lo, hi = max(0, lo), min(len(toks), max(hi, trigger + 1))
    action = s.text[toks[trigger].start : toks[min(hi, trigger + 3) - 1].end]
    action_class = _classify(cls, weapon[0] if weapon else None, civilian)
    modality = _modality(s, lo, hi)
    return [
        EventFinding(
            toks[lo].start,
            toks[hi - 1].end,
            toks[trigger].start,
            a.text,
            a.party,
            action,
            action_class,
            polarity,
            modality,
            weapon[0].category if weapon else None,
            target,
        )
        for a in actors
    ]


def _denied_by_frame(s: _Sentence, actors: list[EventActor]) -> bool:
    """Inside a denial, an act is denied unless it is someone else's the speaker names."""
    return s.frame_verb in _DENIAL_VERBS and (
        s.frame_party is None or s.frame_party in {a.party for a in actors}
    )


def _subjected_to(s: _Sentence, i: int) -> bool:
    """ "subjected Kolmo, Pellin and … to shelling": the act after "to" is a noun, not an infinitive."""
    return s.low(i - 1) == "to" and any(
        s.low(k) in ("subjected", "subjects", "subjecting", "subject") for k in range(max(0, i - 18), i - 1)
    )


def _nominal_event(s: _Sentence, i: int, noun: tuple[int, str]) -> list[EventFinding]:
    """ "Armenian missile strikes", "Armenia's attacks", "shelling by the Saudi coalition", "the use of X by Y",
    "subjected Tamesh to intensive shelling", "the attack bore the hallmarks of X"."""
    toks = s.toks
    width, cls = noun
    j = i + width
    if cls == "involvement":
        return _involvement(s, i, j)
    actors: list[EventActor] = []
    lo = i
    # a modifier before the noun: "Armenian missile strikes", "Israeli genocidal aggression", "the enemy's jets"
    for k in range(i - 1, max(-1, i - 6), -1):
        rel = _relative_actor(s, k)
        found = [rel] if rel is not None else s.actor_at(k, modifier=True)
        if found and found[0].end <= i + 1:
            actors = with_conjuncts(toks, found, s.lex, s.text) if rel is None else found
            lo = actors[0].start
            break
        low = toks[k].lower
        if toks[k].text in (",", ";", "(") or low in _NP_STOPS or low in s.lex.reporting_verbs:
            break  # the noun phrase starts here: "Kestria condemned the shelling" names no shelling side
    if not actors:
        # an agent after the noun: "shelling of Pellin and Kolmo by Velsarian artillery", "blamed on Velsaria"
        for k in range(j, min(len(toks), j + 8)):
            if toks[k].text in (";", "."):
                break
            window = " ".join(t.lower for t in toks[k : k + 7])
            m = _AGENT_CUES.match(window)
            if m is None and not _BLAME_VERBS.get(toks[k].lower, frozenset()).isdisjoint(
                t.lower for t in toks[max(0, i - 4) : i]
            ):
                m = _BARE_CUE.match(window)  # "blamed the bombing of the market on X", "attributed it to X"
            if m or (k == j and toks[k].lower in ("of", "from")):
                start = k + (len(m.group(0).split()) if m else 1)
                if toks[k].lower == "from" and s.low(start) == "the":
                    start += 1
                found = s.actor_at(start, modifier=s.low(k) == "from")
                n_both = both_sides_at(toks, start, s.lex) if not found else 0
                if n_both and len(s.context.parties) == 2:
                    # "each side reported drone strikes by the other": the strikes of both
                    both = s.text[toks[start].start : toks[start + n_both - 1].end]
                    found = [EventActor(both, p, start, start + n_both) for p in s.context.parties]
                if found:
                    actors, j = found, found[-1].end
                    break
    if not actors:
        # the object of a light verb: "X subjected Tamesh to intensive shelling", "X carried out strikes"
        for k in range(i - 1, max(-1, i - 18), -1):
            if toks[k].text in (";", ".") or (s.ix.nouns.match(toks, k) and k != i):
                break
            if toks[k].lower in s.lex.light_verbs:
                actors = _subject_before(s, k)
                lo = actors[0].start if actors else lo
                break
    if not actors:
        # "accused Velsaria of the shelling", "Velsaria was blamed for the shelling"
        actors, accused_at = _accused(s, i)
        lo = min(lo, accused_at) if actors else lo
    weapon = _weapon_in(s, i - 3, j + 6)
    if not actors and cls == "attack":
        # the object of a light verb: "X opened mortar and heavy machine-gun fire on …", "X carried out strikes"
        for v in range(i - 1, max(-1, i - 7), -1):
            if toks[v].text in (",", ";", ":", "(", "“", '"') or s.low(v) in _PREPOSITIONS:
                break  # "opened an investigation into the attack": the act is not the verb's object
            if s.low(v) in _LIGHT_VERBS:
                actors = _subject_before(s, v)
                if actors:
                    lo = actors[0].start
                break
    if cls == "weapon_use":
        if weapon is None:
            return []
        if not actors:
            actors = _agent_after(s, weapon[2])
        j = max(j, weapon[2], actors[-1].end if actors else j)
    if not actors and s.frame_verb in _DENIAL_VERBS and s.frame_party:
        actors = [EventActor(s.frame_party, s.frame_party, i, i)]  # "denied … the directed attacks"
    if not actors:
        return []
    civilian, t_end, target = _target_after(s, j)
    back = " ".join(t.lower for t in toks[max(0, i - 6) : i])
    if re.search(r"\b(?:subjected to|victims of|targeted by|hit by)\b", back):
        start = i
        while start > 0 and toks[start - 1].text not in (",", ";", ".", ":", "“", '"'):
            start -= 1
        if any(s.ix.civilian.match(toks, m) for m in range(start, i)):
            civilian, lo = True, start  # "Yemeni civilians … are subjected to almost daily attacks by …"
    polarity = Polarity.DENIED if _denied_by_frame(s, actors) or _negated(s, lo) else Polarity.ASSERTED
    hi = max(j, t_end)
    if any(s.low(k) in _RETURNED for k in range(max(0, i - 2), i)):
        polarity = Polarity.DENIED  # "its forces had only returned fire": a response, not an attack
    only = _only_military(s, max(0, i - 3), j)  # "responds only to the sources of fire"
    if only is not None and polarity == Polarity.ASSERTED:
        polarity, civilian, hi = Polarity.DENIED, True, max(hi, only)
    return _make(
        s,
        actors,
        lo,
        hi,
        i,
        cls,
        weapon=weapon,
        civilian=civilian,
        polarity=polarity,
        target=target,
    )


def _verbal_event(s: _Sentence, i: int, vb: tuple[int, str]) -> list[EventFinding]:
    """ "were bombed by X", "X fired rockets at Y", "does not target civilians", "accuses X of targeting …"."""
    toks = s.toks
    width, cls = vb
    j = i + width
    prev = s.low(i - 1)
    if cls == "light":
        launched = _weapon_in(
            s, j, j + 4
        )  # "launched ballistic missiles at Dravon": the launch is the attack
        if launched is None or any(
            s.ix.nouns.match(toks, k) for k in range(j, min(len(toks), launched[2] + 3))
        ):
            return []  # "launched artillery and rocket fire": the noun is the act
        cls = "attack"
    if cls != "killing" and (
        prev in _DETERMINERS | {"'s"}
        or (
            s.low(i - 2) in _DETERMINERS
            and prev not in _BE
            and not s.ix.forces.match(toks, i - 1)
            and not enemy_at(toks, i - 1, s.lex)  # "the enemy shelled"
        )
    ):
        return []  # a noun ("the strike", "the directed attacks", "Sunday's attack"), not "its forces used"
    if (
        toks[i].lower in ("targets", "target")
        and prev not in ("to", "and", "or")
        and any(
            (m := s.ix.verbs.match(toks, k)) is not None and m[1] == "attack" for k in range(max(0, i - 3), i)
        )
    ):
        return []  # "struck Hamas targets": the object of the strike, not an act of targeting
    if prev in ("stopped", "ceased", "halted", "suspended", "stop", "cease"):
        return []  # "stopped firing …": no act asserted
    if (
        s.found
        and toks[i].lower.endswith("ing")
        and (prev == "," or prev == "to" or s.low(i - 2) == "," or prev in ("and", "while"))
    ) or (prev == "to" and s.found):
        # "… launched an attack …, targeting civilian settlements", "… to target civilians": the same act
        civilian, t_end, target = _target_after(s, j)
        if civilian:
            last = s.found[-1]
            s.found[-1] = EventFinding(
                last.start,
                max(last.end, toks[t_end - 1].end),
                last.trigger_start,
                last.actor,
                last.actor_party,
                last.action,
                ActionClass.WEAPON_USE
                if last.action_class == ActionClass.WEAPON_USE
                else ActionClass.TARGETING_CIVILIANS,
                last.polarity,
                last.modality,
                last.weapon,
                target,
            )
        return []
    if (
        toks[i].lower in ("using", "use")
        and (prev in ("full", "making") or toks[i].lower == "using")
        and any(
            (m := s.ix.verbs.match(toks, k)) and m[1] in ("attack", "targeting")
            for k in range(max(0, i - 12), min(len(toks), i + 12))
            if k != i and s.low(k - 1) not in _DETERMINERS  # "using cluster munitions in the attack": a noun
        )
    ):
        return []  # "making full use of missiles … launched an attack": the weapons are the attack's instrument
    b = i - 1
    while b >= 0 and (s.low(b) in ("not", "never", "n't") or s.low(b).endswith("ly")):
        b -= 1
    passive = (
        s.low(b) in ("was", "were", "been", "be", "being", "is", "are") and not toks[i].lower.endswith("ing")
    ) or (  # "is bombing" is active
        toks[i].lower.endswith(("ed", "ck", "ot", "it", "wn")) and s.low(j) in ("by", "from")
    )
    actors: list[EventActor] = []
    lo = i
    if passive:
        actors = _agent_after(s, j)
    if not actors and not passive:
        actors, lo = _accused(s, i)
        if not actors:
            actors = _subject_before(s, i)
            if actors:
                lo = actors[0].start
    weapon = _weapon_in(s, i - 3, j + 6)
    if not actors and passive:
        subject = [t.lower for t in toks[max(0, i - 4) : i]]
        antecedent = s.context.last_event
        if (
            antecedent is not None
            and antecedent.actor_party
            and any(w in ("these", "those", "such", "they") for w in subject)
        ):
            actors = [
                EventActor(antecedent.actor or antecedent.actor_party, antecedent.actor_party, i, i)
            ]  # "these bombs were used"
            if weapon is None and antecedent.weapon:
                weapon = (WeaponEntry(antecedent.weapon, antecedent.weapon, ()), i, i)
        elif _negated(s, i) and s.speaker_party:
            actors = [
                EventActor(s.speaker_party, s.speaker_party, i, i)
            ]  # "Civilian objects are not fired upon"
        elif cls == "weapon_use" and s.found:
            actors = [EventActor(e.actor or "", e.actor_party or "", i, i) for e in s.found if e.actor_party]
            actors = list({a.party: a for a in actors}.values())  # "…, noting cluster munitions were used"
    if not actors and s.frame_verb in _DENIAL_VERBS and s.frame_party:
        actors = [EventActor(s.frame_party, s.frame_party, i, i)]  # "denied targeting civilians"
    if not actors:
        return []
    if cls == "weapon_use" and weapon is None:
        prior = s.context.last_event
        if prior is not None and prior.weapon and s.low(j) in ("them", "it", "these", "such", "those"):
            weapon = (WeaponEntry(prior.weapon, prior.weapon, ()), j, j + 1)  # "has never used them"
        else:
            return []
    if cls == "other" and not _other_object_ok(s, i, j):
        return []
    civilian, t_end, target = _target_after(s, j)
    hi = max(j, t_end)
    polarity = Polarity.ASSERTED
    returned = s.low(i) in ("returned", "return", "returns")
    only = _only_military(s, i, j)
    if only is not None and not returned:
        polarity, civilian, hi = Polarity.DENIED, True, max(hi, only)
    elif returned or _negated(s, i) or _denied_by_frame(s, actors):
        polarity = Polarity.DENIED
    if cls == "killing" and not civilian and not _victims_named(s, j):
        return []
    if passive and not civilian:
        # the subject of a passive act is its target: "Civilian objects are not fired upon"
        k = i - 1
        while k >= 0 and s.low(k) in _BE | {"not", "never", "n't"}:
            k -= 1
        if k >= 0 and any(s.ix.civilian.match(toks, m) for m in range(max(0, k - 2), k + 1)):
            civilian, lo = True, min(lo, max(0, k - 2))
    return _make(
        s, actors, min(lo, i), hi, i, cls, weapon=weapon, civilian=civilian, polarity=polarity, target=target
    )


def _accused(s: _Sentence, i: int) -> tuple[list[EventActor], int]:
    """The object of "accuse X of", "blame X for": the accused (both sides for "each side … the other")."""
    toks = s.toks
    for k in range(i - 1, max(-1, i - 8), -1):
        if s.low(k) not in ("of", "for"):
            continue
        for a in range(k - 1, max(-1, k - 6), -1):
            if s.lex.reporting_verbs.get(s.low(a)) in ("accuse", "blame", "charge"):
                actors = s.actor_at(a + 1)
                if actors:
                    return actors, a + 1
                if s.low(a - 1) in (
                    "is",
                    "are",
                    "was",
                    "were",
                    "been",
                    "being",
                ):  # "the RSF has been accused of …": the subject is the accused
                    actors = _subject_before(s, a)
                    if actors:
                        return actors, actors[0].start
                if len(s.context.parties) == 2 and (
                    both_sides_at(toks, a + 1, s.lex)
                    or any(both_sides_at(toks, m, s.lex) for m in range(max(0, a - 4), a))
                ):
                    return [EventActor("both sides", p, a + 1, a + 2) for p in s.context.parties], a + 1
                return [], i
        return [], i
    return [], i


def _victims_named(s: _Sentence, j: int) -> bool:
    """Whether a killing names who was killed ("killed 14 militants", "kill four in Tresk")."""
    return any(
        t.text[:1].isdigit()
        or t.lower in s.lex.number_words
        or s.ix.civilian.match(s.toks, k)
        or t.lower in s.lex.subject_nouns
        for k, t in enumerate(s.toks[j : j + 5], start=j)
    )


def _involvement(s: _Sentence, i: int, j: int) -> list[EventFinding]:
    """ "denied any involvement", "has denied responsibility": the denier denies the act reported."""
    if s.frame_verb not in _DENIAL_VERBS or not s.frame_party:
        return []
    toks = s.toks
    last = s.context.last_event
    start = next((k for k, t in enumerate(toks) if s.frame_cue is not None and t.start >= s.frame_cue), i)
    return [
        EventFinding(
            toks[start].start,
            toks[j - 1].end,
            toks[i].start,
            s.frame_party,
            s.frame_party,
            last.action if last else toks[i].text,
            last.action_class if last else ActionClass.ATTACK,
            Polarity.DENIED,
            Modality.ALLEGED,
            last.weapon if last else None,
        )
    ]


def _avoidance(s: _Sentence) -> list[EventFinding]:
    """ "stopped firing in order to avoid civilian casualties": a denial that civilians were targeted."""
    toks = s.toks
    if s.frame_verb in _DEMAND_VERBS:
        return []
    low = " ".join(t.lower for t in toks)
    demand_at = next(
        (k for k, t in enumerate(toks) if s.lex.reporting_verbs.get(t.lower) in _DEMAND_VERBS), None
    )
    for phrase in s.lex.avoidance:
        at = low.find(phrase + " civilian")
        if at < 0:
            continue
        k = len(low[:at].split())
        if demand_at is not None and demand_at < k:
            return []  # "urged both parties to spare civilians": what is asked for, not what was done
        actors = _subject_before(s, k)
        if not actors:
            return []
        end = min(len(toks), k + len(phrase.split()) + 2)
        start = next((m for m in range(k - 1, -1, -1) if toks[m].text in (",", "“", '"')), -1) + 1
        return [
            EventFinding(
                toks[start].start,
                toks[end - 1].end,
                toks[k].start,
                a.text,
                a.party,
                " ".join(t.text for t in toks[k:end]),
                ActionClass.TARGETING_CIVILIANS,
                Polarity.DENIED,
                _modality(s, start, end),
            )
            for a in actors
        ]
    return []


def _merged(found: list[EventFinding], text: str = "") -> list[EventFinding]:
    """One event per act: findings of the same party and polarity whose evidence overlaps, or that only a
    conjunction separates ("for targeting cities and endangering civilians"), become one (the most specific
    class, the union of the evidence)."""
    out: list[EventFinding] = []
    for e in sorted(found, key=lambda e: (e.start, _CLASS_RANK[e.action_class])):
        for k, o in enumerate(out):
            joined = (
                bool(text)
                and o.end <= e.start
                and re.fullmatch(r"[\s,]*(?:and|or|as well as|and of)?[\s,]*", text[o.end : e.start])
                is not None
            )
            if (
                o.actor_party == e.actor_party
                and o.polarity == e.polarity
                and ((o.start < e.end and e.start < o.end) or joined)
            ):
                best = o if _CLASS_RANK[o.action_class] <= _CLASS_RANK[e.action_class] else e
                out[k] = EventFinding(
                    min(o.start, e.start),
                    max(o.end, e.end),
                    best.trigger_start,
                    best.actor,
                    best.actor_party,
                    best.action,
                    best.action_class,
                    best.polarity,
                    best.modality,
                    best.weapon or o.weapon or e.weapon,
                    best.target or o.target,
                )
                break
        else:
            out.append(e)
    return out


# ------------------------------------------------------------------------------------------------- rebuttals


def _party_before(toks: Sequence[Token], end: int, lex: Lexicon) -> str | None:
    """The party named by the subject before a verb at `end` ("Velsaria denied …", "the Velsarian foreign
    ministry rejected …"): the last party word in the clause."""
    found = None
    for k in range(end):
        pw = party_word(toks, k, lex, capitals=True)
        if pw is not None:
            found = pw[0]
        elif toks[k].text in (",", ";", ":"):
            found = None
    return found


def rebuttals(
    text: str,
    sentences: Sequence[Sequence[Token]],
    lex: Lexicon,
    context: EventContext,
    existing: Sequence[EventFinding],
    *,
    speaker_party: Callable[[int], str | None],
    frame_at: Callable[[int], tuple[str | None, str | None, int | None]],
) -> list[EventFinding]:
    """A speaker who discredits a report or an accusation denies what it alleged ("Velsarian claims about
    Tamsk are a fabrication", "fake reports which don't enjoy any credibility", "This is a lie", "Both
    governments rejected its conclusions"): a denial of the nearest act alleged against the speaker's side.
    A document-wide pass, because a headline rebuts an allegation the body reports later."""
    out: list[EventFinding] = []
    covered = {e.start for e in existing}
    for toks in sentences:
        if not toks or any(toks[0].start <= e.start < toks[-1].end for e in existing):
            continue
        verb, frame_party, cue = frame_at(toks[0].start)
        words = [t.lower for t in toks]
        low = " ".join(words)
        noun_at = next((k for k, w in enumerate(words) if w in lex.report_nouns), None)
        pronoun_lie = _PRONOUN_LIE.search(low)
        if noun_at is None and not pronoun_lie:
            continue
        if verb is None and noun_at is not None:
            # "In comments carried by SANA, a Foreign Ministry spokesman slammed the fake reports": the statement
            # begins after the sentence does
            at_noun = frame_at(toks[noun_at].start)
            if at_noun[2] is not None and at_noun[2] < toks[noun_at].start:  # not the report's own frame
                verb, frame_party, cue = at_noun
        deny_at = next((k for k, w in enumerate(words) if lex.reporting_verbs.get(w) in _DENIAL_VERBS), None)
        if deny_at is not None and noun_at is not None and deny_at > noun_at:
            deny_at = None  # "the report, which X denied": the denial is not of the report
        discredited = (
            verb in _DENIAL_VERBS
            or deny_at is not None
            or pronoun_lie is not None
            or _indexes(lex).discrediting.search(low) is not None
        )
        if not discredited:
            continue
        both = (
            any(both_sides_at(toks, k, lex) for k in range(min(4, len(toks)))) and len(context.parties) == 2
        )
        denier = (
            _party_before(toks, deny_at, lex) if deny_at is not None and verb not in _DENIAL_VERBS else None
        )
        parties = list(context.parties) if both else [denier or frame_party or speaker_party(toks[0].start)]
        anchor = noun_at if noun_at is not None else 0
        for party in parties:
            if party is None:
                continue
            target = _nearest_allegation(context.asserted, party, toks[anchor].start) or _nearest_allegation(
                [e for e in existing if e.polarity == Polarity.DENIED], party, toks[anchor].start
            )
            if target is None:
                continue
            start = anchor
            while start > 0 and words[start - 1] not in (",", ";", "“", '"', ":") and anchor - start < 6:
                start -= 1
            if cue is not None and toks[0].start <= cue < toks[anchor].start:
                start = next(k for k, t in enumerate(toks) if t.start >= cue)
            end = next(
                (
                    k
                    for k in range(anchor + 1, min(len(toks), anchor + 10))
                    if toks[k].text in (",", ";", ".")
                ),
                min(len(toks), anchor + 10),
            )
            if toks[start].start in covered:
                continue
            out.append(
                EventFinding(
                    toks[start].start,
                    toks[end - 1].end,
                    toks[anchor].start,
                    target.actor,
                    party,
                    target.action,
                    target.action_class,
                    Polarity.DENIED,
                    Modality.ALLEGED,
                    target.weapon,
                    target.target,
                )
            )
    return out


def _nearest_allegation(asserted: Sequence[EventFinding], party: str, at: int) -> EventFinding | None:
    best: tuple[int, EventFinding] | None = None
    for e in asserted:
        if e.actor_party == party and (best is None or abs(e.start - at) < best[0]):
            best = (abs(e.start - at), e)
    return best[1] if best else None
