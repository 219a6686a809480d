"""Rendering pages: the Jinja environment (autoescaped, strict), its helpers, and `render`.

Every value reaches HTML through autoescaping; no helper here returns markup. Ingested text is shown as
text, with marked stretches as `Segment`s the templates wrap in `<mark>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response

from audiatur.present.api.auth import CSRF_FIELD, Principal
from audiatur.present.api.memo import ByIdentity
from audiatur.present.wording import claim_summary, says
from audiatur.store.accounts import Role

from .marking import evidence_in_paragraph, mark_terms, snippet_segments
from .review import current_values

__all__ = ["MESSAGES", "TEMPLATES", "error_page", "query_link", "render"]

HERE = Path(__file__).parent

# What a redirect after a change may announce (`?done=…`): fixed texts, never text from the request.
MESSAGES = {
    "accepted": "Claim accepted.",
    "rejected": "Claim rejected.",
    "corrected": "Changes saved: the claim is now as the analyst edited it.",
    "reverted": "Review undone: the claim is again as extracted.",
    "extracted": "Claim returned to extracted.",
    "merged": "Actors merged.",
    "party": "Party set.",
    "user": "User saved.",
    "signed-out": "Signed out.",
}


def _date(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def _short(value: str | None, n: int = 12) -> str:
    return (value or "")[:n]


def _number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def audit_changes(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[tuple[str, Any, Any]]:
    """What an audit entry changed, field by field (an `override` opened up into the fields it sets);
    the lock `version` is left out (it changes every time)."""

    def flat(values: Mapping[str, Any] | None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in (values or {}).items():
            if key == "override" and (value is None or isinstance(value, Mapping)):
                result |= {f"edited {k}": v for k, v in (value or {}).items()}
            elif key != "version":
                result[key] = value
        return result

    old, new = flat(before), flat(after)
    keys = list(dict.fromkeys([*old, *new]))
    return [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]


def query_link(request: Request, **changes: Any) -> str:
    """The current path and query with some parameters changed (None removes one); for sort and page links."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes and k != "done"]
    for key, value in changes.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        params.extend((key, str(v)) for v in values)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals |= {
        "says": says,
        "summary": claim_summary,
        "in_paragraph": evidence_in_paragraph,
        "mark_terms": mark_terms,
        "snippet": snippet_segments,
        "query_link": query_link,
        "Role": Role,
        "current_values": current_values,
        "audit_changes": audit_changes,
        "csrf_field": CSRF_FIELD,
    }
    env.filters |= {"date": _date, "short": _short, "number": _number}

    def ledger_row(record: Any, document: Any, terms: str | None) -> Markup:
        row: Markup = env.get_template("_ledger_row.html").module.row(record, document, terms)  # type: ignore[attr-defined]
        return row

    env.globals["ledger_row"] = ByIdentity(ledger_row)  # each row rendered once per claim record
    return env


TEMPLATES = Jinja2Templates(env=_environment())


def render(
    request: Request, template: str, context: Mapping[str, Any] | None = None, *, status: int = 200
) -> Response:
    """A page: the template with the request's principal, CSRF token and announced message."""
    principal: Principal = request.state.principal
    done = request.query_params.get("done")
    values = {
        "principal": principal,
        "csrf_token": principal.csrf_token or "",
        "message": MESSAGES.get(done or ""),
        "public": request.app.state.auth.public,
        "nav": "",
        **(context or {}),
    }
    return TEMPLATES.TemplateResponse(request, template, values, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    """The error page (its message is a one-line error from our code, escaped like everything else)."""
    return render(request, "error.html", {"status": status, "error": message}, status=status)
