"""`/api/me` and `/api/users`: who the API takes you for, and (admins) the user accounts."""

from __future__ import annotations

from fastapi import APIRouter

from audiatur.present.api.deps import Admin, CurrentPrincipal, StoreDep
from audiatur.present.api.schemas import MeOut, UserCreateIn, UserOut, UserUpdateIn
from audiatur.store.accounts import User

__all__ = ["router"]

router = APIRouter(tags=["users"])


def _user_out(user: User) -> UserOut:
    return UserOut(name=user.name, role=str(user.role), disabled=user.disabled, created_at=user.created_at)


@router.get("/me", response_model=MeOut, summary="Who you are")
def me(who: CurrentPrincipal) -> MeOut:
    """The requester's name and role, how they were recognised, and the CSRF token for cookie sessions."""
    return MeOut(
        name=who.name, role=str(who.role) if who.role else None, via=str(who.via), csrf_token=who.csrf_token
    )


@router.get("/users", response_model=list[UserOut], summary="List users")
def list_users(store: StoreDep, _: Admin) -> list[UserOut]:
    """Every user account (admins only)."""
    return [_user_out(u) for u in store.list_users()]


@router.post("/users", response_model=UserOut, status_code=201, summary="Add a user")
def add_user(body: UserCreateIn, store: StoreDep, who: Admin) -> UserOut:
    """Create a user account (admins only); 409 if the name is taken."""
    return _user_out(store.add_user(body.name, body.password, role=body.role, by=who.user))


@router.patch("/users/{name}", response_model=UserOut, summary="Change a user")
def update_user(name: str, body: UserUpdateIn, store: StoreDep, who: Admin) -> UserOut:
    """Change a user's role, or disable / enable them (admins only)."""
    user = store.get_user(name)
    if body.role is not None:
        user = store.set_user_role(name, body.role, by=who.user)
    if body.disabled is not None:
        user = store.set_user_disabled(name, body.disabled, by=who.user)
    return _user_out(user)
