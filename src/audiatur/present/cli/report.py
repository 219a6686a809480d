"""`audiatur report`: a neutral brief on a topic, an incident or a place, as self-contained HTML (and PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from audiatur.present.cli.app import app, fail
from audiatur.present.cli.options import open_ledger
from audiatur.present.cli.progress import progress_bar
from audiatur.present.reports import Scope, make_brief, render_html, write_pdf

__all__ = ["report_cli"]


@app.command("report")
def report_cli(
    topic: Annotated[
        str | None, typer.Option(help="Brief on claims whose words match this search (and a place so named).")
    ] = None,
    incident: Annotated[
        str | None, typer.Option(help="Brief on one incident (its id or a unique prefix; see `incidents`).")
    ] = None,
    place: Annotated[
        str | None, typer.Option(help="Brief on the claims about a place (any of its names, any side's).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the HTML brief here.", dir_okay=False)
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option("--pdf", help="Also render the brief to this PDF (needs WeasyPrint).", dir_okay=False),
    ] = None,
    limit: Annotated[int, typer.Option(help="Take at most this many claims of the scope.", min=1)] = 2000,
) -> None:
    """Write a neutral brief: who says what, party by party, in wording generated from the ledger.

    Per figure and per act: each party's sources in turn ("X says …; Y denies …; Z, an independent monitor,
    reports …") with the exact words and their source, the range of figures across sources, each origin's
    timeline chart, single-origin figures flagged; then the contradictions, incidents, and every source with
    its date and hashes. The HTML file is self-contained (inline CSS, charts as inline SVG) and fetches
    nothing. Without --topic, --incident or --place the brief covers the whole ledger.
    """
    if output is None and pdf is None:
        raise fail("say where to write the brief: -o brief.html and/or --pdf brief.pdf", code=2)
    if sum(x is not None for x in (topic, incident, place)) > 1:
        raise fail("give only one of --topic, --incident and --place", code=2)
    scope = Scope(topic=topic, incident=incident, place=place)
    with open_ledger() as ledger, progress_bar("brief") as progress:
        brief = make_brief(ledger.store, scope, limit=limit, progress=progress)
    html = render_html(brief)
    out = Console(stderr=True, highlight=False)
    if output is not None:
        tmp = output.with_name(output.name + ".part")
        try:
            tmp.write_text(html, encoding="utf-8")
            tmp.replace(output)
        finally:
            tmp.unlink(missing_ok=True)
        out.print(f"brief written to {output}")
    if pdf is not None:
        with out.status("rendering the PDF…"):
            write_pdf(html, pdf)
        out.print(f"PDF written to {pdf}")
    counts = brief.counts
    out.print(
        f"{brief.title}: {_n(counts['claims'], 'claim')} from {_n(counts['documents'], 'document')}, "
        f"{_n(counts['contradictions'], 'contradiction')}, "
        f"{_n(brief.single_origin, 'single-origin figure or act', 'single-origin figures and acts')}"
    )


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"
