"""Reports: a neutral brief for a topic, an incident or a place, as one self-contained HTML file (and PDF).

```python
from audiatur.present.reports import Scope, make_brief, render_html, write_pdf

brief = make_brief(store, Scope(place="Harvik"))
html = render_html(brief)          # inline CSS, charts as inline SVG (matplotlib), nothing to fetch
write_pdf(html, Path("brief.pdf"))  # WeasyPrint, the `pdf` extra
```
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlsplit

from audiatur.present.reports.brief import Brief, build_brief
from audiatur.present.reports.render import render_html, write_pdf
from audiatur.present.reports.scope import Progress, Scope, Selection, select
from audiatur.store import Store

__all__ = [
    "Brief",
    "Scope",
    "Selection",
    "build_brief",
    "ledger_name",
    "make_brief",
    "render_html",
    "select",
    "write_pdf",
]


def make_brief(store: Store, scope: Scope, *, limit: int = 2000, progress: Progress | None = None) -> Brief:
    """Read what the scope brings in and build its brief (at most `limit` claims of the scope itself)."""
    selection = select(store, scope, limit=limit, progress=progress)
    parties = [(p.name, p.kind) for p in store.list_parties()]
    return build_brief(selection, parties=parties, ledger=ledger_name(store.url), progress=progress)


def ledger_name(url: str) -> str:
    """How a brief names its ledger: a SQLite file by its name (no local path travels with the brief), a
    server database by its name and host (never a user or password)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return PurePath(url.partition(":///")[2] or parts.path).name or "an in-memory ledger"
    database = parts.path.lstrip("/")
    return f"{database} on {parts.hostname}" if parts.hostname else database or "an unnamed ledger"
