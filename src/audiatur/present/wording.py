"""Neutral wording generated from the ledger: what a claim says, attributed, never judged.

Every sentence reports a claim as its speaker's ("X says …", "X denies …"); no function here states
whether a claim is true. Used by the CLI, the web app and reports.
"""

from __future__ import annotations

import re

from audiatur.domain import (
    ActionClass,
    ActorType,
    Bound,
    Claim,
    ClaimKind,
    Event,
    Figure,
    Measure,
    Modality,
    Polarity,
)

__all__ = [
    "BANNED_WORDS",
    "amount_phrase",
    "attributed",
    "claim_summary",
    "event_clause",
    "figure_clause",
    "figure_phrase",
    "says",
    "speaker_name",
    "uses_banned_words",
]

# Words that pass judgement: generated wording must never use them (tests check every template).
BANNED_WORDS = frozenset(
    {
        "false", "falsely", "true", "truly", "lie", "lies", "lied", "liar", "lying", "propaganda", "fake",
        "hoax", "debunked", "disinformation", "misinformation", "fabricated", "fabrication", "correct",
        "incorrect", "wrong", "proven", "disproven", "baseless", "unfounded",
    }
)  # fmt: skip

_BOUND_WORDS = {
    Bound.AT_LEAST: "at least ",
    Bound.AT_MOST: "up to ",
    Bound.APPROX: "about ",
}
_MEASURE_VERBS = {
    "killed": "killed", "injured": "injured", "missing": "missing", "displaced": "displaced",
    "detained": "detained", "destroyed": "destroyed", "damaged": "damaged",
}  # fmt: skip


def figure_phrase(figure: Figure) -> str:
    """ "at least 21 civilians killed", "dozens of houses destroyed", "10–15 people displaced"."""
    subject = figure.subject or figure.subject_class.value
    if figure.bound == Bound.VAGUE:
        amount = f"{figure.quantity or 'an unstated number of'}"
        if not amount.endswith(" of"):
            amount += " of" if amount.lower() in ("dozens", "hundreds", "thousands", "scores") else ""
    elif figure.bound == Bound.RANGE:
        amount = f"{figure.low}–{figure.high}"
    else:
        amount = f"{_BOUND_WORDS.get(figure.bound, '')}{figure.value:,}"
    return f"{amount} {subject} {_MEASURE_VERBS[figure.measure.value]}".replace("  ", " ")


def claim_summary(claim: Claim) -> str:
    """What a claim states, in a few neutral words (without the speaker)."""
    if claim.kind == ClaimKind.FIGURE and claim.figure is not None:
        f = claim.figure
        extra = []
        if f.perpetrator:
            extra.append(f"attributed to {f.perpetrator}")
        if f.period and f.period.start:
            extra.append(f"since {f.period.start.isoformat()}")
        if f.places:
            extra.append("in " + ", ".join(p.name for p in f.places))
        return figure_phrase(f) + (f" ({'; '.join(extra)})" if extra else "")
    if claim.kind == ClaimKind.EVENT and claim.event is not None:
        e = claim.event
        what = e.action + (f" with {e.weapon}" if e.weapon else "")
        where = f" in {', '.join(p.name for p in e.places)}" if e.places else ""
        verb = "did not" if e.polarity == Polarity.DENIED else "did"
        return f"{e.actor or e.actor_party or 'unnamed actor'} {verb}: {what}{where} ({e.modality.value})"
    if claim.kind == ClaimKind.CHARACTERIZATION and claim.characterization is not None:
        c = claim.characterization
        return f"{c.target}: “{c.words}” ({c.valence.value})"
    if claim.kind == ClaimKind.DEMAND and claim.demand is not None:
        d = claim.demand
        return f"calls on {d.target or 'unnamed'} to {d.action}"
    return claim.evidence.text


def says(claim: Claim) -> str:
    """One neutral sentence: "Hikmet Hajiyev (Azerbaijan) says 27 civilians killed." / "… denies …"."""
    who = claim.speaker.name if claim.speaker else "The document"
    party = f" ({claim.speaker.party})" if claim.speaker and claim.speaker.party else ""
    if claim.kind == ClaimKind.EVENT and claim.event is not None:
        e = claim.event
        verb = "denies that" if e.polarity == Polarity.DENIED else "says"
        actor = e.actor or e.actor_party or "an unnamed actor"
        what = e.action + (f" with {e.weapon}" if e.weapon else "")
        return f"{who}{party} {verb} {actor} carried out {what}."
    if claim.kind == ClaimKind.CHARACTERIZATION and claim.characterization is not None:
        c = claim.characterization
        return f"{who}{party} calls {c.target} “{c.words}”."
    if claim.kind == ClaimKind.DEMAND and claim.demand is not None:
        return f"{who}{party} calls on {claim.demand.target or 'others'} to {claim.demand.action}."
    return f"{who}{party} says {claim_summary(claim)}."


# ------------------------------------------------------------------------------------ attributed sentences
# Used by reports and exports: one sentence per claim, in the speaker's voice ("X says …", "Y denies …",
# "Z, an independent monitor, reports …"). Names and numbers come from the ledger; every other word is here.

_DEEDS = {
    ActionClass.ATTACK: "carried out an attack",
    ActionClass.WEAPON_USE: "used weapons",
    ActionClass.TARGETING_CIVILIANS: "targeted civilians",
}
_PASSIVE = {
    "killed": "killed", "injured": "injured", "missing": "missing", "displaced": "displaced",
    "detained": "detained", "destroyed": "destroyed", "damaged": "damaged",
}  # fmt: skip
_INDEPENDENT_ROLES = {ActorType.MEDIA: "an independent outlet", ActorType.PERSON: "an independent observer"}


def amount_phrase(figure: Figure) -> str:
    """A figure's number as stated: "7", "at least 5", "up to 200", "about 20", "6–9", "dozens of"."""
    if figure.bound == Bound.VAGUE or (figure.value is None and figure.low is None):
        stated = (figure.quantity or "an unstated number").strip()
        stated = stated[:1].lower() + stated[1:] if stated[:1].isupper() and stated.isalpha() else stated
        return stated if stated.endswith(" of") else f"{stated} of"
    if figure.bound == Bound.RANGE and figure.low is not None and figure.high is not None:
        return f"{figure.low:,}–{figure.high:,}"
    number = figure.value if figure.value is not None else figure.low
    return f"{_BOUND_WORDS.get(figure.bound, '')}{number:,}"


def figure_clause(figure: Figure) -> str:
    """ "at least 21 civilians were killed in Harvik", "dozens of houses were damaged"."""
    subject = figure.subject or figure.subject_class.value
    plural = not (figure.bound == Bound.EXACT and figure.value == 1)
    if figure.measure == Measure.MISSING:
        verb = "are" if plural else "is"
    else:
        verb = "were" if plural else "was"
    clause = f"{amount_phrase(figure)} {subject} {verb} {_PASSIVE[figure.measure.value]}"
    if figure.places:
        clause += " in " + ", ".join(p.name for p in figure.places)
    if figure.period and figure.period.start:
        clause += f" since {figure.period.start.isoformat()}"
    if figure.perpetrator:
        clause += f", attributing the harm to {figure.perpetrator}"
    return clause.replace("  ", " ")


def event_clause(event: Event) -> str:
    """ "Velsaria carried out an attack (rocket) in Harvik on 2027-05-09" ("… may have …" when hedged)."""
    actor = event.actor_party or event.actor or "an unnamed actor"
    deed = _DEEDS.get(event.action_class) or f"carried out the act described as “{event.action}”"
    if event.weapon:
        deed += f" ({event.weapon})"
    if event.modality == Modality.HEDGED:
        deed = "may have " + deed
    where = f" in {', '.join(p.name for p in event.places)}" if event.places else ""
    when = f" on {event.date.isoformat()}" if event.date else ""
    return f"{actor} {deed}{where}{when}"


def speaker_name(claim: Claim, *, independent: bool = False) -> str:
    """Who speaks, with their party: "Dren Sabatari (Velsaria)"; "ICHO, an independent monitor,"."""
    if claim.speaker is None:
        return f"An unattributed passage ({claim.mention})" if claim.mention else "An unattributed passage"
    if independent:
        return (
            f"{claim.speaker.name}, {_INDEPENDENT_ROLES.get(claim.speaker.type, 'an independent monitor')},"
        )
    party = claim.speaker.party
    return f"{claim.speaker.name} ({party})" if party and party != claim.speaker.name else claim.speaker.name


def attributed(claim: Claim, *, independent: bool = False) -> str:
    """One sentence in the speaker's voice: "X (P) says …", "Y (Q) denies that …", "Z, an independent
    monitor, reports …". `independent`: the speaker's party is an independent one (a monitor, not a side)."""
    who = speaker_name(claim, independent=independent)
    says_verb = "reports" if independent else "says"
    if claim.kind == ClaimKind.FIGURE and claim.figure is not None:
        return f"{who} {says_verb} {figure_clause(claim.figure)}."
    if claim.kind == ClaimKind.EVENT and claim.event is not None:
        verb = "denies" if claim.event.polarity == Polarity.DENIED else says_verb
        return f"{who} {verb} that {event_clause(claim.event)}."
    if claim.kind == ClaimKind.CHARACTERIZATION and claim.characterization is not None:
        c = claim.characterization
        return f"{who} describes {c.target} as “{c.words}”."
    if claim.kind == ClaimKind.DEMAND and claim.demand is not None:
        return f"{who} calls on {claim.demand.target or 'others'} to “{claim.demand.action}”."
    return f"{who} {says_verb}: “{claim.evidence.text}”."


def uses_banned_words(text: str) -> list[str]:
    """The verdict words (BANNED_WORDS) a text uses, each once, in order of appearance."""
    found: dict[str, None] = {}
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        if word in BANNED_WORDS:
            found.setdefault(word, None)
    return list(found)
