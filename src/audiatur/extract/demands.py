"""Demands: a speaker calling on an actor to do something.

Shapes: "calls on all sides to …", "urged both parties to spare civilians", "appealed to the OPCW to …",
"calling you to condemn …", "demanded that Kestria stop …", "asked the Council to …", and an undirected
"called for the protection of civilians". The target resolves to an actor where the text names one ("both
countries" gives both parties); the action is the words of what is demanded, up to the end of the clause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from audiatur.domain import Actor
from audiatur.extract.layout import Token

__all__ = ["DemandFinding", "find_demands"]

_DEMAND_VERBS = frozenset(
    """call calls called calling urge urges urged urging demand demands demanded demanding appeal appeals appealed
    appealing ask asks asked asking press presses pressed pressing implore implored exhort exhorted""".split()
)
_CLAUSE_END = frozenset({";", ".", "!", "?", "but", "while", "whereas"})


@dataclass(frozen=True, slots=True)
class DemandFinding:
    """A demand found in a sentence, before it becomes a `Claim`."""

    start: int
    end: int
    trigger_start: int
    targets: tuple[Actor | None, ...]  # one per actor called on (None: addressed to no one in particular)
    target_text: str | None
    action: str


_SUBJECT_WORDS = frozenset(
    {"the", "all", "both", "sides", "parties", "of", "and", "government", "authorities"}
)
_SAID = frozenset({"said", "says", "added", "told", "stressed", "insisted", "wrote", "declared", "stated"})
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "«", "»"})
_NEGATIONS = frozenset({"not", "never", "n't"})


def find_demands(
    text: str,
    toks: Sequence[Token],
    *,
    resolve: Callable[[Sequence[Token], int, int], list[Actor]],
) -> list[DemandFinding]:
    """Every demand in one sentence. `resolve(tokens, start, end)` names the actors a phrase refers to
    (several for "both sides"; empty if none)."""
    toks = list(toks)
    n = len(toks)
    out: list[DemandFinding] = []
    if toks and "?" in text[toks[0].start : toks[-1].end]:
        return out  # a question demands nothing
    for i, tok in enumerate(toks):
        if tok.lower not in _DEMAND_VERBS:
            continue
        prev = toks[i - 1] if i else None
        p = prev.lower if prev is not None else ""
        if p in ("the", "a", "an", "this", "its", "their", "so-") or (
            tok.lower == "called" and p in ("is", "was", "so")
        ):
            continue  # "the calls for", "so-called", "is called"
        if (
            tok.lower in ("calls", "demands", "appeals")
            and prev is not None
            and prev.text.islower()
            and p
            not in ("who", "which", "that", "also", "now", "again", "repeatedly", "it", "he", "she", "and")
        ):
            continue  # "growing international calls for a ceasefire": a noun
        k = i + 1
        target_start = target_end = -1
        if k < n and toks[k].lower in ("on", "upon", "to"):
            k += 1
        if k < n and toks[k].lower == "for":
            # "called for the protection of civilians (to be prioritised)": no one in particular
            action_start = k + 1
        elif k < n and toks[k].lower == "that" and k == i + 1:
            # "demanded that Velsaria release the detainees": the clause's subject is the one called on
            target_start = k + 1
            target_end = target_start
            while (
                target_end < n
                and target_end - target_start < 8
                and (
                    toks[target_end].is_title
                    or toks[target_end].text.isupper()
                    or toks[target_end].lower in _SUBJECT_WORDS
                    or (toks[target_end].lower == "'s" and target_end > target_start)
                )
            ):
                target_end += 1
            if target_end == target_start or target_end >= n:
                continue
            action_start = target_end
        else:
            target_start = k
            while (
                k < n
                and toks[k].lower not in ("to", "that", "for")
                and toks[k].text not in (",", ";", ".")
                and k - target_start < 10
            ):
                k += 1
            target_end = k
            if k >= n or toks[k].lower not in ("to", "that"):
                continue
            action_start = k + 1
            while target_end > target_start and (
                toks[target_end - 1].text in _QUOTES or toks[target_end - 1].lower in _NEGATIONS
            ):
                target_end -= (
                    1  # "urged X not to use …", "called on X “to come …”": not part of the addressee
                )
        e = action_start
        opened = 0
        if e < n and toks[e].text in ('"', "“", "«"):  # to "stop the shelling"
            opened, e = 1, e + 1
        while (
            e < n and toks[e].lower not in _CLAUSE_END and not (toks[e].text == "," and e > action_start + 12)
        ):
            if toks[e].text in ("”", "»") or (toks[e].text == '"' and not opened):
                break  # the end of the quote the demand is in
            if toks[e].text == "," and any(t.lower in _SAID for t in toks[e + 1 : e + 7]):
                break  # "…, Teodor Brask said": the attribution is not part of what is demanded
            if toks[e].text in ("“", "«", '"'):
                opened += 1 if toks[e].text != '"' or not opened else -1
            e += 1
        if e <= action_start:
            continue
        action = text[toks[action_start].start : toks[e - 1].end].strip(' ,"“”')
        if target_start >= 0 and any(t.lower in _NEGATIONS for t in toks[target_end:action_start]):
            action = "not " + action  # "urged Velsaria not to use cluster munitions"
        targets: tuple[Actor | None, ...] = (None,)
        target_text = None
        if target_start >= 0 and target_end > target_start:
            target_text = text[toks[target_start].start : toks[target_end - 1].end]
            resolved = resolve(toks, target_start, target_end)
            targets = tuple(resolved) if resolved else (None,)
        out.append(DemandFinding(tok.start, toks[e - 1].end, tok.start, targets, target_text, action))
    return out
