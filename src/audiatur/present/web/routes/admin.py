"""User accounts, for admins: add a user, change a role, disable or enable."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from audiatur.errors import AudiaturError
from audiatur.present.api.deps import Admin, StoreDep
from audiatur.present.web.pages import render
from audiatur.store import Store
from audiatur.store.accounts import MIN_PASSWORD_LENGTH, Role

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _page(request: Request, store: Store, problem: str | None = None) -> Response:
    context = {
        "nav": "users",
        "users": store.list_users(),
        "tokens": store.list_api_tokens(),
        "roles": list(Role),
        "min_password": MIN_PASSWORD_LENGTH,
        "problem": problem,
    }
    return render(request, "users.html", context, status=422 if problem else 200)


@router.get("/admin/users")
def users(request: Request, store: StoreDep, _: Admin) -> Response:
    """Every user, with forms to add and change them."""
    return _page(request, store)


@router.post("/admin/users")
def add_user(
    request: Request,
    store: StoreDep,
    who: Admin,
    name: str = Form(""),
    password: str = Form(""),
    role: str = Form("viewer"),
) -> Response:
    """Add a user."""
    try:
        store.add_user(name, password, role=role, by=who.user)
    except AudiaturError as exc:
        return _page(request, store, str(exc))
    return RedirectResponse("/admin/users?done=user", status_code=303)


@router.post("/admin/users/{name}")
def change_user(
    name: str, request: Request, store: StoreDep, who: Admin, role: str = Form(""), disabled: str = Form("")
) -> Response:
    """Change a user's role and whether they are disabled."""
    try:
        if role:
            store.set_user_role(name, role, by=who.user)
        if disabled in ("yes", "no"):
            store.set_user_disabled(name, disabled == "yes", by=who.user)
    except AudiaturError as exc:
        return _page(request, store, str(exc))
    return RedirectResponse("/admin/users?done=user", status_code=303)
