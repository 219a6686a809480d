"""`audiatur analyze`, `compare`, `contradictions`, `timeline`, `incidents`: the cross-source analysis.

Thin commands over `Ledger.analyze` and the store's stored results; `--json` prints shapes stable enough for
scripts (claims in the export contract's shape).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from audiatur.domain import Bound, Claim, ClaimExport, ClaimKind, Document, Measure, Timeline, TimelinePoint
from audiatur.errors import NotFound
from audiatur.ledger import Ledger
from audiatur.present.cli.app import app, err
from audiatur.present.cli.options import DataFiles, open_ledger
from audiatur.present.cli.progress import progress_bar
from audiatur.store import Store

__all__ = ["analyze_cli", "compare_cli", "contradictions_cli", "incidents_cli", "timeline_cli"]

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (claims in the export contract's shape).")]
Limit = Annotated[int, typer.Option(help="Show at most this many.", min=1, max=10_000)]
Parties = Annotated[
    Path | None,
    typer.Option(
        "--parties",
        envvar="AUDIATUR_PARTIES_FILE",
        show_envvar=True,
        exists=True,
        dir_okay=False,
        help="A parties file (YAML) laid over the packaged one: sides, affiliations, actors → parties.",
    ),
]


@app.command("analyze")
def analyze_cli(
    full: Annotated[
        bool, typer.Option("--full", help="Recompute everything, not only what changed.")
    ] = False,
    parties: Parties = None,
    data: DataFiles = None,
) -> None:
    """Recompute clusters, independence, contradictions, timelines and incidents (only what changed)."""
    with open_ledger(data=data) as ledger, progress_bar("analyze") as progress:
        report = ledger.analyze(full=full, parties_file=parties, progress=progress)
    table = Table(
        title=f"analysis ({'full' if report.full else 'changes'})", title_justify="left", show_header=False
    )
    table.add_column(style="bold")
    table.add_column(justify="right")
    for name, value in (
        ("changed documents", report.documents),
        ("blocks recomputed", report.blocks),
        ("claims analysed", report.claims),
        ("clusters", report.clusters),
        ("contradictions", report.contradictions),
        ("timelines", report.timelines),
        ("incidents", report.incidents),
        ("seconds", f"{report.seconds:.2f}"),
    ):
        table.add_row(name, str(value))
    Console(highlight=False).print(table)


@app.command("compare")
def compare_cli(
    kind: Annotated[ClaimKind | None, typer.Option(help="Only clusters of figures, or of events.")] = None,
    min_documents: Annotated[
        int, typer.Option(help="Only clusters stated in at least this many documents.", min=1)
    ] = 2,
    limit: Limit = 50,
    as_json: AsJson = False,
) -> None:
    """Claims repeated across documents: in how many, from which origins, how many of them independent.

    Ten outlets quoting one ministry are ten documents and one origin; independent origins count distinct
    parties, each independent monitor on its own.
    """
    with open_ledger() as ledger:
        _ensure_analysed(ledger)
        store = ledger.store
        clusters = store.list_clusters(kind, limit=limit, min_documents=min_documents)
        if as_json:
            claims = _exports(store, (i for c in clusters for i in c.claim_ids))
            out = [
                {
                    "id": c.id,
                    "kind": str(c.kind),
                    "claims": [claims[i] for i in c.claim_ids if i in claims],
                    "documents": c.documents,
                    "origins": list(c.origins),
                    "parties": list(c.parties),
                    "independent_origins": c.independent_origins,
                    "label": c.label,
                    "low": c.low,
                    "high": c.high,
                }
                for c in clusters
            ]
            typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
            return
    table = Table(title=f"{len(clusters)} clusters in ≥ {min_documents} documents", title_justify="left")
    for col, kw in (
        ("id", {"style": "cyan", "no_wrap": True}),
        ("what is stated", {"overflow": "fold"}),
        ("docs", {"justify": "right"}),
        ("origins", {"overflow": "fold"}),
        ("independent", {"justify": "right"}),
        ("parties", {}),
    ):
        table.add_column(col, **kw)
    for c in clusters:
        table.add_row(
            c.id[:10],
            Text(c.label),
            str(c.documents),
            Text("; ".join(c.origins)),
            str(c.independent_origins),
            Text(", ".join(c.parties)),
        )
    Console(highlight=False).print(table)


@app.command("contradictions")
def contradictions_cli(
    kind: Annotated[
        ClaimKind | None, typer.Option(help="Only contradictions between figures, or events.")
    ] = None,
    limit: Limit = 100,
    as_json: AsJson = False,
) -> None:
    """Claims that cannot both hold: an act asserted and denied, or figures for the same thing that disagree.

    A figure that grows over time from the same origin is an update (see `audiatur timeline`), not a
    contradiction.
    """
    with open_ledger() as ledger:
        _ensure_analysed(ledger)
        store = ledger.store
        found = store.list_contradictions(kind, limit=limit)
        claims = _exports(store, (i for c in found for i in c.claim_ids))
    if as_json:
        out = [
            {
                "kind": str(c.kind),
                "claims": [claims[i] for i in c.claim_ids if i in claims],
                "id": c.id,
                "reason": c.reason,
                "parties": list(c.parties),
                "origins": list(c.origins),
            }
            for c in found
        ]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(found)} contradictions", title_justify="left")
    for col in ("kind", "what each side says", "one side's words", "the other side's words"):
        table.add_column(col, overflow="fold")
    for c in found:
        a, b = (claims.get(i) for i in c.claim_ids)
        table.add_row(str(c.kind), Text(c.reason), Text(_evidence(a)), Text(_evidence(b)))
    Console(highlight=False).print(table)


@app.command("timeline")
def timeline_cli(
    measure: Annotated[
        Measure | None, typer.Option(help="Only figures of this measure (e.g. killed).")
    ] = None,
    origin: Annotated[
        str | None, typer.Option(help="Only origins whose name contains this (any case).")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Also timelines whose figures all have one date.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """How each origin's figures moved over time ("civilians killed: 9 → 14 → 21"): updates, not conflicts.

    One timeline per origin, measure, subject class and scope: a toll for one place is never a step of the same
    origin's toll for another (a figure naming no place joins the origin's one country- or region-wide series,
    if it has exactly one). JSON: `places` is the scope ([] when no place is given), each point keeps its own.
    """
    with open_ledger() as ledger:
        _ensure_analysed(ledger)
        timelines = ledger.store.list_timelines(measure, origin=origin)
    if not all_:
        timelines = [t for t in timelines if len({p.date for p in t.points if p.date is not None}) > 1]
    if as_json:
        out = [
            {
                "origin": t.origin,
                "party": t.party,
                "measure": str(t.measure),
                "subject_class": str(t.subject_class),
                "places": [x.to_dict() for x in t.places],
                "points": [
                    {
                        "date": p.date.isoformat() if p.date else None,
                        "value": p.value,
                        "bound": str(p.bound),
                        "claim_id": p.claim_id,
                        "low": p.low,
                        "high": p.high,
                        "places": [x.to_dict() for x in p.places],
                    }
                    for p in t.points
                ],
            }
            for t in timelines
        ]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(timelines)} timelines", title_justify="left")
    for col in ("origin", "party", "figure", "place", "values over time"):
        table.add_column(col, overflow="fold")
    for t in timelines:
        values = " → ".join(_point(p, t) for p in t.points)
        where = ", ".join(x.name for x in t.places) or "no place given"
        table.add_row(
            Text(t.origin), Text(t.party or ""), f"{t.subject_class} {t.measure}", Text(where), Text(values)
        )
    Console(highlight=False).print(table)


@app.command("incidents")
def incidents_cli(
    min_documents: Annotated[
        int, typer.Option(help="Only incidents reported in at least this many documents.", min=1)
    ] = 1,
    limit: Limit = 100,
    as_json: AsJson = False,
) -> None:
    """Claims grouped by place, date and act, with the casualty range across sources (never a sum)."""
    with open_ledger() as ledger:
        _ensure_analysed(ledger)
        store = ledger.store
        incidents = [i for i in store.list_incidents(limit=limit) if i.documents >= min_documents]
        claims = _exports(store, (c for i in incidents for c in i.claim_ids)) if as_json else {}
    if as_json:
        out = [
            {
                "id": i.id,
                "label": i.label,
                "place": i.place.to_dict() if i.place else None,
                "date_start": i.date_start.isoformat() if i.date_start else None,
                "date_end": i.date_end.isoformat() if i.date_end else None,
                "action_class": str(i.action_class) if i.action_class else None,
                "documents": i.documents,
                "parties": list(i.parties),
                "actor_parties": list(i.actor_parties),
                "ranges": [
                    {
                        "measure": str(r.measure),
                        "subject_class": str(r.subject_class) if r.subject_class else None,
                        "low": r.low,
                        "high": r.high,
                        "by_party": [{"party": p, "low": lo, "high": hi} for p, lo, hi in r.by_party],
                    }
                    for r in i.ranges
                ],
                "claims": [claims[c] for c in i.claim_ids if c in claims],
            }
            for i in incidents
        ]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(incidents)} incidents", title_justify="left")
    for col, kw in (
        ("id", {"style": "cyan", "no_wrap": True}),
        ("incident", {"overflow": "fold"}),
        ("docs", {"justify": "right"}),
        ("claims", {"justify": "right"}),
        ("casualty ranges across sources", {"overflow": "fold"}),
    ):
        table.add_column(col, **kw)
    for i in incidents:
        ranges = "; ".join(
            f"{r.subject_class or 'people'} {r.measure}: {_span(r.low, r.high)} ("
            + ", ".join(f"{p} {_span(lo, hi)}" for p, lo, hi in r.by_party)
            + ")"
            for r in i.ranges
        )
        table.add_row(i.id[:10], Text(i.label), str(i.documents), str(len(i.claim_ids)), Text(ranges))
    Console(highlight=False).print(table)


# ---------------------------------------------------------------------------------------------- helpers


def _ensure_analysed(ledger: Ledger) -> None:
    """A ledger never analysed (built before this version) is analysed once, with a note on stderr."""
    store = ledger.store
    if store.analysis_state() is None and store.count_claims() > 0:
        err.print("analysing the ledger for the first time …")
        ledger.analyze(full=True)


def _exports(store: Store, claim_ids: Iterable[str]) -> dict[str, ClaimExport]:
    """Claims by id in the export contract's shape (claims gone since the analysis are left out)."""
    claims: dict[str, Claim] = {}
    for claim_id in dict.fromkeys(claim_ids):
        try:
            claims[claim_id] = store.get_claim(claim_id)
        except NotFound:
            continue
    infos = store.get_document_infos(sorted({c.document_id for c in claims.values()}))
    documents = {
        i.id: Document(
            id=i.id,
            raw_sha256=i.raw_sha256,
            source=i.source,
            text="",
            retrieved_at=i.retrieved_at,
            url=i.url,
            publisher=i.publisher,
            title=i.title,
            author=i.author,
            published=i.published,
            language=i.language,
            side=i.side,
            media_type=i.media_type,
            duplicate_of=i.duplicate_of,
        )
        for i in infos.values()
    }
    return {k: c.to_dict(documents.get(c.document_id)) for k, c in claims.items()}


def _evidence(claim: ClaimExport | None) -> str:
    if claim is None:
        return "—"
    speaker = claim["speaker"]["name"] or "the document"
    return f"{speaker}: “{claim['evidence']['text']}” ({(claim['document']['title'] or '')[:60]})"


def _span(low: int | None, high: int | None) -> str:
    if low is None:
        return "?"
    return f"{low:,}" if high is None or high == low else f"{low:,}–{high:,}"


def _point(p: TimelinePoint, timeline: Timeline) -> str:
    prefix = {Bound.AT_LEAST: "≥", Bound.AT_MOST: "≤", Bound.APPROX: "~"}.get(p.bound, "")
    value = f"{p.low}–{p.high}" if p.bound is Bound.RANGE and p.low != p.high else f"{prefix}{p.value}"
    # A point's own place only where it differs from the timeline's (a figure that named none).
    where = (
        f" {', '.join(x.name for x in p.places) or 'no place given'}" if p.places != timeline.places else ""
    )
    return f"{value} ({p.date.isoformat() if p.date else 'undated'}{where})"
