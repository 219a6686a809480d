"""Characterisations: what a speaker calls another actor, with a valence.

Shapes: a copula ("your statement is biased and unjustified", "it is only on paper an independent organization,
but in fact - pro-Armenian organization"), a demonstrative ("This fake organization evokes …"), naming
("called the monitor a mouthpiece of Ostrell", "described X as biased"), and apposition ("ICHO, a mouthpiece
of …"). The target must resolve to an actor: a name, an anaphor ("it", "this organization", "the
Observatory") or a possessive of one ("your statement" → the addressee, "its update" → the last organisation).
Partiality charges ("pro-Armenian organization") are negative. Valences come from `data/lexicon/evaluations.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from audiatur.domain import Actor, Valence
from audiatur.extract.layout import Token
from audiatur.extract.lexicon import Lexicon
from audiatur.extract.phrases import PhraseIndex
from audiatur.extract.targets import ORG_NOUNS

__all__ = ["CharacterizationFinding", "find_characterizations"]

_COPULA = frozenset({"is", "are", "was", "were", "remains", "remain", "has been", "have been"})
_NAMING = frozenset(
    {
        "called",
        "calls",
        "described",
        "describes",
        "branded",
        "brands",
        "labelled",
        "labeled",
        "labels",
        "dubbed",
        "termed",
        "considers",
        "considered",
        "regards",
        "regarded",
    }
)
_QUOTE_MARKS = frozenset({'"', "“", "”", "«", "»"})
# verbs that are themselves a positive evaluation of their object ("praised the Observatory for …")
_PRAISING = frozenset(
    "praised praises praise commended commends commend hailed hails applauded applauds lauded lauds".split()
)
# what a description may call an actor ("a pro-Velsarian regime", "this outlet"): an anaphor's nouns and more
_ORG_NOUNS = ORG_NOUNS | {"regime", "government", "side", "ministry", "outlet", "channel", "newspaper"}
_PARTISAN = re.compile(r"^(?:pro|anti)-([A-Z][a-z]+)$")


@dataclass(frozen=True, slots=True)
class CharacterizationFinding:
    """A characterisation found in a sentence, before it becomes a `Claim`."""

    start: int
    end: int
    target: Actor
    words: str
    valence: Valence


@lru_cache(maxsize=8)
def _evaluations(lex: Lexicon) -> PhraseIndex[str]:
    return PhraseIndex(lex.evaluations.items())


def _evaluation_at(toks: Sequence[Token], i: int, lex: Lexicon) -> tuple[int, Valence] | None:
    """(length, valence) of an evaluative phrase at `i` ("biased", "pro-Armenian", "a mouthpiece")."""
    m = _partisan(toks, i, lex)
    if m is not None:
        return m
    hit = _evaluations(lex).match(toks, i)
    return (hit[0], Valence(hit[1])) if hit else None


def _partisan(toks: Sequence[Token], i: int, lex: Lexicon) -> tuple[int, Valence] | None:
    m = _PARTISAN.match(toks[i].text)
    if m and lex.country_of(m.group(1)) is not None:
        return 1, Valence.NEGATIVE  # "pro-Armenian": a charge of partiality
    return None


def find_characterizations(
    text: str,
    toks: Sequence[Token],
    lex: Lexicon,
    *,
    resolve: Callable[[Sequence[Token], int, int], Actor | None],
) -> list[CharacterizationFinding]:
    """Every characterisation in one sentence. `resolve(tokens, start, end)` names the actor a phrase refers to
    (a name, an anaphor, "your statement"), or None."""
    toks = [t for t in toks if t.text not in _QUOTE_MARKS]  # 'called the Observatory "a mouthpiece of …"'

    n = len(toks)
    out: list[CharacterizationFinding] = [*_praise(text, toks, resolve)]
    i = 0
    while i < n:
        ev = _evaluation_at(toks, i, lex)
        if ev is None:
            i += 1
            continue
        width, valence = ev
        end = i + width
        # the rest of the description: "biased and unjustified", "pro-Armenian organization"
        while end < n and (
            toks[end].lower in _ORG_NOUNS
            or (toks[end].lower in ("and", ",") and end + 1 < n and _evaluation_at(toks, end + 1, lex))
        ):
            end += (
                1 + (_evaluation_at(toks, end + 1, lex) or (0, valence))[0]
                if toks[end].lower in ("and", ",")
                else 1
            )
        target = _target(toks, i, lex, resolve)
        if target is not None:
            actor, t_start = target
            lo = min(t_start, i)
            words = text[toks[i].start : toks[end - 1].end]
            out.append(CharacterizationFinding(toks[lo].start, toks[end - 1].end, actor, words, valence))
        i = end
    return _one_per_target(out)


def _praise(
    text: str, toks: list[Token], resolve: Callable[[Sequence[Token], int, int], Actor | None]
) -> list[CharacterizationFinding]:
    """ "Kestria praised the Observatory for its impartial work": the verb is the evaluation, its object the
    target, and the words run to the end of the clause."""
    out: list[CharacterizationFinding] = []
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.lower not in _PRAISING or (i > 0 and toks[i - 1].lower in ("be", "been", "was", "were", "is")):
            continue
        stop = next(
            (k for k in range(i + 1, n) if toks[k].text in (",", ";", ".") or toks[k].lower in ("for", "'s")),
            n,
        )  # "praised the Observatory's work": its owner is praised
        for end in range(min(stop, i + 8), i + 1, -1):  # the longest phrase that names an actor
            actor = resolve(toks, i + 1, end)
            if actor is not None:
                last = next((k for k in range(end, n) if toks[k].text in (",", ";", ".")), n)
                words = text[tok.start : toks[last - 1].end]
                out.append(
                    CharacterizationFinding(tok.start, toks[last - 1].end, actor, words, Valence.POSITIVE)
                )
                break
    return out


def _target(
    toks: list[Token], i: int, lex: Lexicon, resolve: Callable[[Sequence[Token], int, int], Actor | None]
) -> tuple[Actor, int] | None:
    """Who an evaluation at `i` is about, and where that phrase starts."""
    n = len(toks)
    # a demonstrative: "This fake organization", "the biased monitor"
    if i > 0 and toks[i - 1].lower in ("this", "that", "the", "such", "these"):
        k = i + 1
        while k < n and k < i + 3 and toks[k].lower not in _ORG_NOUNS:
            k += 1
        if k < n and toks[k].lower in _ORG_NOUNS:
            actor = resolve(toks, i - 1, k + 1)
            if actor is not None:
                return actor, i - 1
    # a copula, going back over "only on paper an independent organization, but in fact -"
    k = i - 1
    while k >= 0 and toks[k].lower in (
        "a",
        "an",
        "the",
        "only",
        "just",
        "merely",
        "also",
        "now",
        "clearly",
        "simply",
        "nothing",
        "but",
        "in",
        "fact",
        "-",
        "–",
        "—",
        "completely",
        "totally",
        "deeply",
        "so",
        "very",
        "entirely",
        "however",
        ",",
    ):
        k -= 1
    naming = k >= 0 and toks[k].lower == "as" and k > 0
    if k >= 0 and (toks[k].lower in _COPULA or naming):
        verb_at = k if not naming else k - 1
        # the subject: the noun phrase ending before the copula (or the object of "described … as")
        if naming:
            s_end = k
            s_start = s_end - 1
            while s_start > 0 and (
                toks[s_start - 1].is_title or toks[s_start - 1].lower in ("the", "its", "'s")
            ):
                s_start -= 1
            while s_start > 0 and toks[s_start - 1].lower not in _NAMING and s_end - s_start < 6:
                s_start -= 1
            if s_start > 0 and toks[s_start - 1].lower in _NAMING:
                actor = resolve(toks, s_start, s_end)
                return (actor, s_start) if actor is not None else None
            return None
        s_end = verb_at
        while s_end > 0 and toks[s_end - 1].lower in ("has", "have", "had", "also", "still", "now"):
            s_end -= 1
        s_start = s_end - 1
        while (
            s_start > 0
            and toks[s_start - 1].text not in (",", ";", ":", "that", "—")
            and s_end - s_start < 8
            and (toks[s_start - 1].lower not in ("and", "but", "while", "because", "however"))
        ):
            s_start -= 1
        if s_start >= 0 and s_end > s_start:
            actor = resolve(toks, s_start, s_end)
            if actor is not None:
                return actor, s_start
    # naming: "called the monitor a mouthpiece of Ostrell", "called X biased"
    for k in range(i - 1, max(-1, i - 8), -1):
        if toks[k].lower in _NAMING:
            actor = resolve(toks, k + 1, i - (1 if toks[i - 1].lower in ("a", "an") else 0))
            return (actor, k + 1) if actor is not None else None
    return None


def _one_per_target(found: list[CharacterizationFinding]) -> list[CharacterizationFinding]:
    """Consecutive descriptions of the same target with the same valence become one ("biased and unjustified")."""
    out: list[CharacterizationFinding] = []
    for f in found:
        if (
            out
            and out[-1].target.id == f.target.id
            and out[-1].valence == f.valence
            and f.start <= out[-1].end + 40
        ):
            prev = out[-1]
            out[-1] = CharacterizationFinding(
                prev.start, max(prev.end, f.end), prev.target, f"{prev.words}; {f.words}", prev.valence
            )
        else:
            out.append(f)
    return out
