"""Reports: a neutral brief for a topic, an incident or a place, as one self-contained HTML file (and PDF).

```python
from audiatur.present.reports import Scope, make_brief, render_html, write_pdf

brief = make_brief(store, Scope(place="Harvik"))
html = render_html(brief)          # inline CSS, charts as inline SVG (matplotlib), nothing to fetch
write_pdf(html, Path("brief.pdf"))  # WeasyPrint, the `pdf` extra
```
"""

from __future__ import annotations

from audiatur.present.reports.brief import Brief, build_brief
from audiatur.present.reports.render import render_html, write_pdf
from audiatur.present.reports.scope import Progress, Scope, Selection, select
from audiatur.store import Store

__all__ = ["Brief", "Scope", "Selection", "build_brief", "make_brief", "render_html", "select", "write_pdf"]


def make_brief(store: Store, scope: Scope, *, limit: int = 2000, progress: Progress | None = None) -> Brief:
    """Read what the scope brings in and build its brief (at most `limit` claims of the scope itself)."""
    selection = select(store, scope, limit=limit, progress=progress)
    parties = [(p.name, p.kind) for p in store.list_parties()]
    return build_brief(selection, parties=parties, ledger=store.url, progress=progress)
