"""A claim's content as JSON (`claims.data`), analyst corrections laid over it, the flat filter columns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from enum import Enum
from typing import Any

from audiatur.domain import (
    ActionClass,
    Actor,
    Attribution,
    Bound,
    Characterization,
    Claim,
    ClaimKind,
    ClaimStatus,
    Demand,
    Event,
    Evidence,
    Figure,
    Measure,
    Modality,
    Period,
    PlaceRef,
    Polarity,
    SubjectClass,
    Valence,
)

from .records import InvalidData

__all__ = [
    "COMMON_FIELDS",
    "KIND_FIELDS",
    "apply_override",
    "build_claim",
    "claim_columns",
    "claim_data",
    "clean",
    "clean_json",
    "clean_optional",
    "effective_places",
    "normalise_changes",
]

KIND_FIELDS: Mapping[ClaimKind, frozenset[str]] = {
    ClaimKind.FIGURE: frozenset(
        {"measure", "subject", "subject_class", "value", "low", "high", "bound", "quantity"}
        | {"victim_party", "perpetrator", "period", "places"}
    ),
    ClaimKind.EVENT: frozenset(
        {"actor", "actor_party", "action", "action_class", "weapon", "target", "places", "date"}
        | {"polarity", "modality"}
    ),
    ClaimKind.CHARACTERIZATION: frozenset({"target", "target_party", "words", "valence"}),
    ClaimKind.DEMAND: frozenset({"target", "target_party", "action"}),
}
# Fields of every claim an analyst may correct; `speaker_id` re-attributes the claim to another actor.
COMMON_FIELDS = frozenset({"speaker_id", "mention", "attribution"})


# ------------------------------------------------------------------------------------------- NUL stripping


def clean(value: str) -> str:
    """The string without NUL characters (PostgreSQL text and JSONB refuse them)."""
    return value.replace("\x00", "") if "\x00" in value else value


def clean_optional(value: str | None) -> str | None:
    """`clean` for an optional string."""
    return clean(value) if value is not None else None


def clean_json(value: Any) -> Any:
    """A JSON-ready structure with NUL characters stripped from every string, keys included."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, Mapping):
        return {clean(str(k)): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return value


# ------------------------------------------------------------------------------------------ domain → JSON


def _payload(claim: Claim) -> dict[str, Any]:
    part = {
        ClaimKind.FIGURE: claim.figure,
        ClaimKind.EVENT: claim.event,
        ClaimKind.CHARACTERIZATION: claim.characterization,
        ClaimKind.DEMAND: claim.demand,
    }[claim.kind]
    if part is None:
        raise InvalidData(f"claim {claim.id[:12]} is a {claim.kind} claim without its {claim.kind} part")
    return part.to_dict()


def claim_data(claim: Claim) -> dict[str, Any]:
    """What the extractor found, as stored in `claims.data`."""
    # NUL characters are dropped when this is written (the JSON serializer) and by the text columns.
    return {
        "speaker_id": claim.speaker.id if claim.speaker else None,
        "mention": claim.mention,
        "attribution": str(claim.attribution),
        "payload": _payload(claim),
    }


# ------------------------------------------------------------------------------------------ JSON → domain


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"not a number: {value!r}")
    return int(value)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _period(value: Any) -> Period | None:
    if value is None:
        return None
    return Period(start=_opt_date(value.get("start")), end=_opt_date(value.get("end")))


def _places(value: Any) -> tuple[PlaceRef, ...]:
    return tuple(
        PlaceRef(id=str(p["id"]), name=str(p["name"]), names=tuple(str(n) for n in p.get("names") or ()))
        for p in value or ()
    )


def _figure(d: Mapping[str, Any]) -> Figure:
    return Figure(
        measure=Measure(d["measure"]),
        subject=str(d.get("subject") or ""),
        subject_class=SubjectClass(d["subject_class"]),
        value=_opt_int(d.get("value")),
        low=_opt_int(d.get("low")),
        high=_opt_int(d.get("high")),
        bound=Bound(d["bound"]),
        quantity=str(d.get("quantity") or ""),
        victim_party=_opt_str(d.get("victim_party")),
        perpetrator=_opt_str(d.get("perpetrator")),
        period=_period(d.get("period")),
        places=_places(d.get("places")),
    )


def _event(d: Mapping[str, Any]) -> Event:
    return Event(
        actor=_opt_str(d.get("actor")),
        actor_party=_opt_str(d.get("actor_party")),
        action=str(d["action"]),
        action_class=ActionClass(d["action_class"]),
        polarity=Polarity(d.get("polarity") or Polarity.ASSERTED),
        modality=Modality(d.get("modality") or Modality.ALLEGED),
        weapon=_opt_str(d.get("weapon")),
        target=_opt_str(d.get("target")),
        places=_places(d.get("places")),
        date=_opt_date(d.get("date")),
    )


def _characterization(d: Mapping[str, Any]) -> Characterization:
    return Characterization(
        target=str(d["target"]),
        target_party=_opt_str(d.get("target_party")),
        words=str(d["words"]),
        valence=Valence(d["valence"]),
    )


def _demand(d: Mapping[str, Any]) -> Demand:
    return Demand(
        target=_opt_str(d.get("target")),
        target_party=_opt_str(d.get("target_party")),
        action=str(d["action"]),
    )


def build_claim(
    *,
    id: str,
    kind: ClaimKind,
    evidence: Evidence,
    extractor_version: str,
    statement_id: str | None,
    status: ClaimStatus,
    data: Mapping[str, Any],
    speaker: Actor | None,
) -> Claim:
    """A domain claim from (effective) stored data; raises ValueError/KeyError/TypeError on bad data."""
    payload = data["payload"]
    return Claim(
        id=id,
        kind=kind,
        document_id=evidence.document_id,
        speaker=speaker,
        mention=_opt_str(data.get("mention")),
        attribution=Attribution(data["attribution"]),
        evidence=evidence,
        extractor_version=extractor_version,
        statement_id=statement_id,
        figure=_figure(payload) if kind is ClaimKind.FIGURE else None,
        event=_event(payload) if kind is ClaimKind.EVENT else None,
        characterization=_characterization(payload) if kind is ClaimKind.CHARACTERIZATION else None,
        demand=_demand(payload) if kind is ClaimKind.DEMAND else None,
        status=status,
    )


# -------------------------------------------------------------------------------------------- corrections


def apply_override(data: Mapping[str, Any], override: Mapping[str, Any] | None) -> dict[str, Any]:
    """The extracted data with an analyst's corrections laid over it."""
    result = dict(data)
    if not override:
        return result
    payload = dict(data["payload"])
    for key, value in override.items():
        if key in COMMON_FIELDS:
            result[key] = value
        else:
            payload[key] = value
    result["payload"] = payload
    return result


def _json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Period):
        return value.to_dict()
    if isinstance(value, PlaceRef):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def normalise_changes(
    kind: ClaimKind,
    data: Mapping[str, Any],
    override: Mapping[str, Any] | None,
    changes: Mapping[str, Any],
    place_ref: Callable[[str], PlaceRef],
) -> dict[str, Any]:
    """The new override: `changes` checked, made JSON-ready and merged over the old override.

    `places` may be given as place ids (or `PlaceRef`s); `place_ref` resolves an id. Changing a figure's
    `value` alone also moves `low` and `high` when its bound is exact, so the figure stays consistent.
    """
    if not changes:
        raise InvalidData("no changes given")
    allowed = KIND_FIELDS[kind] | COMMON_FIELDS
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InvalidData(
            f"a {kind} claim has no field {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
        )
    new = dict(override or {})
    for key, value in changes.items():
        if key == "places":
            refs = [v if isinstance(v, PlaceRef) else place_ref(str(v)) for v in value or ()]
            new[key] = [r.to_dict() for r in refs]
        else:
            new[key] = _json_value(value)
    if kind is ClaimKind.FIGURE and "value" in changes and not {"low", "high"} & set(changes):
        bound = new.get("bound", data["payload"].get("bound"))
        if bound == Bound.EXACT:
            new["low"] = new["high"] = new["value"]
    cleaned: dict[str, Any] = clean_json(new)
    return cleaned


def effective_places(claim: Claim) -> tuple[PlaceRef, ...]:
    """The places a claim names."""
    if claim.figure is not None:
        return claim.figure.places
    if claim.event is not None:
        return claim.event.places
    return ()


def claim_columns(claim: Claim) -> dict[str, Any]:
    """The flat, indexed columns of a claim (from its effective content)."""
    figure, event = claim.figure, claim.event
    target_party = (
        claim.characterization.target_party
        if claim.characterization
        else claim.demand.target_party
        if claim.demand
        else None
    )
    return {
        "mention": clean_optional(claim.mention),
        "attribution": str(claim.attribution),
        "speaker_actor_id": claim.speaker.id if claim.speaker else None,
        "measure": str(figure.measure) if figure else None,
        "subject_class": str(figure.subject_class) if figure else None,
        "value": figure.value if figure else None,
        "low": figure.low if figure else None,
        "high": figure.high if figure else None,
        "bound": str(figure.bound) if figure else None,
        "victim_party": clean_optional(figure.victim_party) if figure else None,
        "polarity": str(event.polarity) if event else None,
        "action_class": str(event.action_class) if event else None,
        "actor_party": clean_optional(event.actor_party if event else target_party),
    }
