"""Neutral wording generated from the ledger: what a claim says, attributed, never judged.

Every sentence reports a claim as its speaker's ("X says …", "X denies …"); no function here states
whether a claim is true. Used by the CLI, the web app and reports.
"""

from __future__ import annotations

from audiatur.domain import Bound, Claim, ClaimKind, Figure, Polarity

__all__ = ["BANNED_WORDS", "claim_summary", "figure_phrase", "says"]

# Words that pass judgement: generated wording must never use them (tests check every template).
BANNED_WORDS = frozenset(
    """false falsely true truly lie lies lied liar lying propaganda fake hoax debunked disinformation
    misinformation fabricated fabrication correct incorrect wrong proven disproven baseless unfounded""".split()
)

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
