"""The claims export flattened to CSV: one row a claim, one column per contract field (dotted names)."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import Any, TextIO

from audiatur.store import ClaimFilter, Store

__all__ = ["CSV_COLUMNS", "flatten", "write_csv"]

CSV_COLUMNS: tuple[str, ...] = (
    "id", "kind", "status", "extractor_version",
    "document.id", "document.source", "document.title", "document.published",
    "speaker.name", "speaker.mention", "speaker.type", "speaker.party", "attribution",
    "evidence.start", "evidence.end", "evidence.text",
    "figure.measure", "figure.subject", "figure.subject_class", "figure.value", "figure.low", "figure.high",
    "figure.bound", "figure.quantity", "figure.victim_party", "figure.perpetrator",
    "figure.period.start", "figure.period.end", "figure.places",
    "event.actor", "event.actor_party", "event.action", "event.action_class", "event.weapon", "event.target",
    "event.places", "event.date", "event.polarity", "event.modality",
    "characterization.target", "characterization.target_party", "characterization.words",
    "characterization.valence",
    "demand.target", "demand.target_party", "demand.action",
)  # fmt: skip


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted keys for nested dicts; a list of places becomes "name (id); name (id)"."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(
                f"{p.get('name')} ({p.get('id')})" if isinstance(p, Mapping) else str(p) for p in value
            )
        else:
            flat[name] = value
    return flat


def write_csv(store: Store, out: TextIO, filter: ClaimFilter | None = None) -> int:
    """Write every claim as a CSV row (with a header); return how many rows were written."""
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for claim, document in store.iter_export(filter) if filter is not None else store.iter_export():
        writer.writerow(flatten(dict(claim.to_dict(document))))
        n += 1
    return n
