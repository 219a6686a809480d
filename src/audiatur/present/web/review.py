"""The claim correction form: which fields each kind of claim has, their current values, and the changes sent.

Only fields whose submitted value differs from the claim's current value become changes, so a correction
overrides what the analyst changed and nothing else (later re-extraction keeps the rest up to date).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from audiatur.domain import (
    ActionClass,
    Attribution,
    Bound,
    Claim,
    ClaimKind,
    Measure,
    Modality,
    Polarity,
    SubjectClass,
    Valence,
)

__all__ = ["FIELDS", "Field", "changes_from_form", "current_values"]


@dataclass(frozen=True, slots=True)
class Field:
    """One editable field of a claim."""

    name: str
    label: str
    type: str = "text"  # text, number, date, select, or actor (a select of the ledger's actors)
    choices: tuple[str, ...] = ()
    optional: bool = True  # may be left empty (cleared)


def _choice(name: str, label: str, enum: type[StrEnum], optional: bool = False) -> Field:
    return Field(name, label, "select", tuple(e.value for e in enum), optional)


_COMMON = (
    Field("speaker_id", "Speaker", "actor"),
    Field("mention", "Speaker as written"),
    _choice("attribution", "Attribution", Attribution),
)
FIELDS: Mapping[ClaimKind, tuple[Field, ...]] = {
    ClaimKind.FIGURE: (
        _choice("measure", "Measure", Measure),
        Field("subject", "Who or what is counted", optional=False),
        _choice("subject_class", "Class", SubjectClass),
        Field("value", "Number", "number"),
        Field("low", "Low", "number"),
        Field("high", "High", "number"),
        _choice("bound", "Bound", Bound),
        Field("victim_party", "Victims' party"),
        Field("perpetrator", "Attributed to"),
        *_COMMON,
    ),
    ClaimKind.EVENT: (
        Field("actor", "Actor said to act"),
        Field("actor_party", "Actor's party"),
        Field("action", "Action", optional=False),
        _choice("action_class", "Action class", ActionClass),
        Field("weapon", "Weapon"),
        Field("target", "Target"),
        Field("date", "Date", "date"),
        _choice("polarity", "Polarity", Polarity),
        _choice("modality", "Modality", Modality),
        *_COMMON,
    ),
    ClaimKind.CHARACTERIZATION: (
        Field("target", "About", optional=False),
        Field("target_party", "Their party"),
        Field("words", "Words used", optional=False),
        _choice("valence", "Tone", Valence),
        *_COMMON,
    ),
    ClaimKind.DEMAND: (
        Field("target", "Called on"),
        Field("target_party", "Their party"),
        Field("action", "To do", optional=False),
        *_COMMON,
    ),
}


def _part(claim: Claim) -> Any:
    return {
        ClaimKind.FIGURE: claim.figure,
        ClaimKind.EVENT: claim.event,
        ClaimKind.CHARACTERIZATION: claim.characterization,
        ClaimKind.DEMAND: claim.demand,
    }[claim.kind]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def current_values(claim: Claim) -> dict[str, str]:
    """Each editable field's current value as the form shows it."""
    part = _part(claim)
    values: dict[str, str] = {}
    for field in FIELDS[claim.kind]:
        if field.name == "speaker_id":
            values[field.name] = claim.speaker.id if claim.speaker else ""
            continue
        source = claim if field.name in ("attribution", "mention") else part
        values[field.name] = _text(getattr(source, field.name, None))
    return values


def _parse(field: Field, raw: str) -> Any:
    """The value a submitted string stands for; ValueError with a readable reason if it is not one."""
    raw = raw.strip()
    if not raw:
        if not field.optional:
            raise ValueError(f"{field.label} cannot be empty")
        return None
    if field.type == "number":
        try:
            number = int(raw.replace(",", "").replace("\u202f", "").replace(" ", ""))
        except ValueError:
            raise ValueError(f"{field.label} must be a whole number, not {raw!r}") from None
        if number < 0:
            raise ValueError(f"{field.label} cannot be negative")
        return number
    if field.type == "date":
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ValueError(f"{field.label} must be a date (YYYY-MM-DD), not {raw!r}") from None
    if field.type == "select" and raw not in field.choices:
        raise ValueError(f"{field.label} must be one of {', '.join(field.choices)}")
    return raw


def changes_from_form(claim: Claim, form: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The changed fields (name → new value) of a submitted correction form, and what was invalid."""
    current = current_values(claim)
    changes: dict[str, Any] = {}
    problems: list[str] = []
    for field in FIELDS[claim.kind]:
        if field.name not in form:
            continue
        submitted = form[field.name]
        if submitted.strip() == current[field.name]:
            continue
        try:
            changes[field.name] = _parse(field, submitted)
        except ValueError as exc:
            problems.append(str(exc))
    return changes, problems
