"""Parties, actors and places: reading them, the upserts extraction needs, and the analyst's actor edits."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Row, Select, select, update
from sqlalchemy.orm import Session

from audiatur.domain import Actor, ActorType, Party, PartyKind, Place, PlaceRef, make_id
from audiatur.errors import Conflict, NotFound

from .audit import MERGE_ACTION, Audit
from .base import chunks, fold_name, like_pattern
from .cache import Mark, ReadMemo
from .mapping import actor_from_row, actor_values, party_from_row, place_from_row, place_values, unique
from .payloads import clean
from .records import InvalidData
from .tables import ActorRow, ClaimRow, PartyRow, PlaceRow, StatementRow

__all__ = ["Actors", "party_id"]

log = logging.getLogger(__name__)


_PARTIES = "audiatur_party_names"
_ACTOR_ROWS = select(ActorRow.__table__)
_MEMO_MARK = "audiatur_memo_mark"
T = TypeVar("T")


def _locked(query: Select[T]) -> Select[T]:
    """The query taking row locks in id order: concurrent PostgreSQL writers (a Dask cluster saving
    extractions) then queue on the same actor instead of losing each other's aliases, and cannot deadlock.
    SQLite ignores it (its writers already hold the database lock)."""
    return query.with_for_update()


def party_id(name: str) -> str:
    """The id a party of this name gets when the store creates it (case and spacing do not matter)."""
    return make_id("party", " ".join(name.casefold().split()))


class Actors(Audit):
    """Parties, actors and places."""

    _memo: ReadMemo | None = None

    # ------------------------------------------------------------------------------------------ parties

    def upsert_party(self, party: Party, *, user: str = "system") -> Party:
        """Store a party, matched by id or else by name (any case); returns it as stored."""
        name = clean(party.name).strip()
        if not name:
            raise InvalidData("a party needs a name")
        with self._writing() as s:
            row = (
                s.get(PartyRow, party.id)
                or s.scalars(
                    select(PartyRow).where(self._fold(PartyRow.name) == fold_name(name))
                ).one_or_none()
            )
            kind, aliases = str(party.kind), unique(party.aliases)
            values = {"name": name, "kind": kind, "aliases": aliases}
            before = (
                None if row is None else {"name": row.name, "kind": row.kind, "aliases": list(row.aliases)}
            )
            if row is None:
                row = PartyRow(id=party.id, name=name, kind=kind, aliases=aliases)
                s.add(row)
            elif before != values:
                clash = s.scalars(
                    select(PartyRow.id).where(
                        self._fold(PartyRow.name) == fold_name(name), PartyRow.id != row.id
                    )
                ).first()
                if clash is not None:
                    raise Conflict(f"another party is already named {name!r}")
                if row.name != name:
                    # Claims keep the speaker's party by name, to filter and sort on it.
                    s.execute(
                        update(ClaimRow).where(ClaimRow.speaker_party == row.name).values(speaker_party=name)
                    )
                row.name, row.kind, row.aliases = name, kind, aliases
            else:
                return party_from_row(row)
            s.info.pop(_PARTIES, None)
            s.flush()
            action = "party.create" if before is None else "party.update"
            self._audit(
                s,
                user=user,
                action=action,
                entity_type="party",
                entity_id=row.id,
                before=before,
                after=values,
            )
            return party_from_row(row)

    def list_parties(self) -> list[Party]:
        """Every party, by name."""
        with self._reading() as s:
            return [party_from_row(r) for r in s.scalars(select(PartyRow).order_by(PartyRow.name))]

    def _party_ids(self, s: Session, names: Iterable[str]) -> dict[str, str]:
        """Party name or alias (as written) → party id; parties never seen before are created."""
        wanted = {n for n in (clean(x).strip() for x in names) if n}
        if not wanted:
            return {}
        known: dict[str, str] = {}
        rows = list(s.scalars(select(PartyRow)))
        for row in rows:
            for alias in (row.name, *row.aliases):
                known.setdefault(fold_name(alias), row.id)
        s.info[_PARTIES] = {row.id: row.name for row in rows}
        result: dict[str, str] = {}
        for name in sorted(wanted):
            pid = known.get(fold_name(name))
            if pid is None:
                pid = party_id(name)
                kind = PartyKind.INDEPENDENT if fold_name(name) == "independent" else PartyKind.SIDE
                s.execute(
                    self._insert(PartyRow)
                    .values(id=pid, name=name, kind=str(kind), aliases=[])
                    .on_conflict_do_nothing(index_elements=["id"])
                )
                known[fold_name(name)] = pid
                s.info.pop(_PARTIES, None)
                log.info("new party %r", name)
            result[name] = pid
        return result

    def _party_names(self, s: Session) -> dict[str, str]:
        """Party id → name, read once per unit of work (parties change rarely; writers drop the copy)."""
        cached: dict[str, str] | None = s.info.get(_PARTIES)
        if cached is None:
            cached = dict(s.execute(select(PartyRow.id, PartyRow.name)).all())
            s.info[_PARTIES] = cached
        return cached

    # ------------------------------------------------------------------------------------------- actors

    def get_actor(self, actor_id: str) -> Actor:
        """The actor with this id; an actor merged away gives the actor it was merged into."""
        with self._reading() as s:
            actors = self._actors_by_id(s, [actor_id])
        if actor_id not in actors:
            raise NotFound(f"no actor {actor_id[:16]}")
        return actors[actor_id]

    def list_actors(
        self,
        *,
        name: str | None = None,
        party: str | None = None,
        include_merged: bool = False,
        limit: int = 1000,
    ) -> list[Actor]:
        """Actors by name: optionally those whose name or alias contains `name`, or of one party."""
        query = select(ActorRow).order_by(ActorRow.name, ActorRow.id).limit(limit)
        if not include_merged:
            query = query.where(ActorRow.merged_into.is_(None))
        if name:
            pattern = like_pattern(name)
            query = query.where(self._fold(ActorRow.name).like(pattern, escape="\\"))
        with self._reading() as s:
            parties = self._party_names(s)
            if party is not None:
                ids = [pid for pid, pname in parties.items() if fold_name(pname) == fold_name(party)]
                query = query.where(ActorRow.party_id.in_(ids))
            rows = list(s.scalars(query))
        return [actor_from_row(r, parties.get(r.party_id) if r.party_id else None) for r in rows]

    def cache_reads(self) -> None:
        """Remember actors and listed claims in this process (the server does; see `cache.ReadMemo`).

        Each read then checks the ledger's change mark and reads only what is not held as it now is.
        """
        self._memo = ReadMemo()

    def _read_memo(self, s: Session) -> tuple[ReadMemo, Mark] | None:
        """The memo and the mark `s` sees, or None when there is no memo or `s` is a unit of work's
        (which may hold changes of its own)."""
        memo = self._memo
        if memo is None or self._current.get() is not None:
            return None
        mark: Mark | None = s.info.get(_MEMO_MARK)
        if mark is None:  # once per session: its snapshot does not move
            mark = s.info[_MEMO_MARK] = memo.check(s)
        return memo, mark

    def _actors_by_id(self, s: Session, ids: Iterable[str]) -> dict[str, Actor]:
        """Requested id → Actor, following merges to the surviving actor; unknown ids are left out."""
        wanted = {i for i in ids if i}
        held = self._read_memo(s) if wanted else None
        if held is None:
            return self._read_actors(s, wanted)
        memo, mark = held
        found, missing = memo.actors(wanted, mark)
        if missing:
            fetched = self._read_actors(s, missing)
            memo.put_actors(fetched, mark)
            found |= fetched
        return found

    def _read_actors(self, s: Session, wanted: set[str]) -> dict[str, Actor]:
        rows: dict[str, Row[Any]] = {}
        todo = set(wanted)
        while todo:
            for part in chunks(sorted(todo)):
                # Plain rows, not ORM objects: this runs for every page of claims.
                for row in s.execute(_ACTOR_ROWS.where(ActorRow.id.in_(part))):
                    rows[row.id] = row
            todo = {r.merged_into for r in rows.values() if r.merged_into and r.merged_into not in rows}
        parties = self._party_names(s) if rows else {}
        result: dict[str, Actor] = {}
        for actor_id in wanted:
            root = self._root(rows, actor_id)
            if root is not None:
                result[actor_id] = actor_from_row(root, parties.get(root.party_id) if root.party_id else None)
        return result

    @staticmethod
    def _root(rows: Mapping[str, Row[Any]], actor_id: str) -> Row[Any] | None:
        row = rows.get(actor_id)
        seen: set[str] = set()
        while row is not None and row.merged_into and row.id not in seen:
            seen.add(row.id)
            row = rows.get(row.merged_into)
        return row

    def _upsert_actors(self, s: Session, actors: Sequence[Actor]) -> dict[str, Actor]:
        """Store what extraction found about actors; returns id → the actor as stored (merges followed).

        Extraction fills in and adds aliases but never overwrites a party an analyst set, nor undoes a merge.
        """
        if not actors:
            return {}
        by_id = {a.id: a for a in sorted(actors, key=lambda a: a.id)}
        party_ids = self._party_ids(s, (a.party for a in by_id.values() if a.party))
        existing = {
            r.id: r
            for part in chunks(list(by_id))
            for r in s.scalars(_locked(select(ActorRow).where(ActorRow.id.in_(part)).order_by(ActorRow.id)))
        }
        new = [
            actor_values(a, party_id=party_ids.get(clean(a.party).strip()) if a.party else None)
            for a in by_id.values()
            if a.id not in existing
        ]
        if new:
            s.execute(self._insert(ActorRow).on_conflict_do_nothing(index_elements=["id"]), new)
        party_changed: list[str] = []
        for actor_id, row in existing.items():
            actor = by_id[actor_id]
            aliases = unique([*row.aliases, *actor.aliases])
            if aliases != row.aliases:
                row.aliases = aliases
            if actor.type is not ActorType.UNKNOWN and row.type != actor.type:
                row.type = str(actor.type)
            for field in ("role", "affiliation"):
                value = getattr(actor, field)
                if value and getattr(row, field) != clean(value):
                    setattr(row, field, clean(value))
            pid = party_ids.get(clean(actor.party).strip()) if actor.party else None
            if pid is not None and row.party_set_by is None and row.party_id != pid:
                row.party_id = pid
                party_changed.append(actor_id)
        s.flush()
        for actor_id in party_changed:
            self._refresh_speaker_party(s, actor_id)
        if any(row.merged_into for row in existing.values()):
            return self._actors_by_id(s, by_id)
        # Nothing merged: the rows in hand are the answer, no need to read them back.
        parties = self._party_names(s)
        result = {
            i: actor_from_row(r, parties.get(r.party_id) if r.party_id else None) for i, r in existing.items()
        }
        for values in new:
            row = ActorRow(**values)
            result[row.id] = actor_from_row(row, parties.get(row.party_id) if row.party_id else None)
        return result

    def _refresh_speaker_party(self, s: Session, actor_id: str) -> None:
        actor = self._actors_by_id(s, [actor_id]).get(actor_id)
        s.execute(
            update(ClaimRow)
            .where(ClaimRow.speaker_actor_id == actor_id)
            .values(speaker_party=actor.party if actor else None)
        )

    def merge_actors(self, keep_id: str, drop_id: str, *, user: str) -> Actor:
        """Merge one actor into another: its claims, statements and aliases move to the kept actor."""
        if keep_id == drop_id:
            raise InvalidData("cannot merge an actor into itself")
        with self._writing() as s:
            keep, drop = self._live_actor(s, keep_id), self._live_actor(s, drop_id)
            before = {"merged_into": None, "survivor_aliases": list(keep.aliases)}
            keep.aliases = [a for a in unique([*keep.aliases, drop.name, *drop.aliases]) if a != keep.name]
            if keep.party_id is None and drop.party_id is not None:
                keep.party_id, keep.party_set_by = drop.party_id, drop.party_set_by or user
            drop.merged_into = keep.id
            # Actors merged into the dropped one now point straight at the survivor.
            s.execute(update(ActorRow).where(ActorRow.merged_into == drop.id).values(merged_into=keep.id))
            s.execute(update(StatementRow).where(StatementRow.actor_id == drop.id).values(actor_id=keep.id))
            s.execute(
                update(ClaimRow).where(ClaimRow.speaker_actor_id == drop.id).values(speaker_actor_id=keep.id)
            )
            s.flush()
            self._refresh_speaker_party(s, keep.id)
            after = {"merged_into": keep.id, "survivor_aliases": list(keep.aliases)}
            # One row, about the dropped actor; audit_trail shows it for the survivor too.
            self._audit(
                s,
                user=user,
                action=MERGE_ACTION,
                entity_type="actor",
                entity_id=drop.id,
                before=before,
                after=after,
            )
            return self._actors_by_id(s, [keep.id])[keep.id]

    @staticmethod
    def _live_actor(s: Session, actor_id: str) -> ActorRow:
        row = s.get(ActorRow, actor_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no actor {actor_id[:16]}")
        if row.merged_into is not None:
            raise Conflict(f"actor {row.name!r} was merged into another actor; use that one")
        return row

    def set_actor_party(self, actor_id: str, party_name: str | None, *, user: str) -> Actor:
        """An analyst sets (or, with None, clears) an actor's party; extraction will not overwrite it."""
        with self._writing() as s:
            row = self._live_actor(s, actor_id)
            parties = self._party_names(s)
            new_id: str | None = None
            if party_name is not None:
                matches = s.scalars(select(PartyRow)).all()
                found = [
                    p
                    for p in matches
                    if fold_name(party_name) in {fold_name(a) for a in (p.name, *p.aliases)}
                ]
                if not found:
                    raise NotFound(f"no party {party_name!r}")
                new_id = found[0].id
            before = {
                "party": parties.get(row.party_id) if row.party_id else None,
                "party_set_by": row.party_set_by,
            }
            row.party_id, row.party_set_by = new_id, user
            s.flush()
            self._refresh_speaker_party(s, actor_id)
            after = {"party": parties.get(new_id) if new_id else None, "party_set_by": user}
            self._audit(
                s,
                user=user,
                action="actor.set_party",
                entity_type="actor",
                entity_id=actor_id,
                before=before,
                after=after,
            )
            return self._actors_by_id(s, [actor_id])[actor_id]

    # ------------------------------------------------------------------------------------------- places

    def get_place(self, place_id: str) -> Place:
        """The place with this id."""
        with self._reading() as s:
            row = s.get(PlaceRow, place_id)
            if row is None:
                raise NotFound(f"no place {place_id!r}")
            return place_from_row(row)

    def list_places(self, *, name: str | None = None) -> list[Place]:
        """Every place by name, or those with a name containing `name` (any case)."""
        with self._reading() as s:
            places = [
                place_from_row(r) for r in s.scalars(select(PlaceRow).order_by(PlaceRow.name, PlaceRow.id))
            ]
        if name:
            needle = fold_name(name)
            places = [p for p in places if any(needle in fold_name(n) for n in (p.name, *p.names))]
        return places

    def _upsert_places(self, s: Session, places: Iterable[Place | PlaceRef]) -> None:
        """Store places (a bare PlaceRef only adds a place not known yet); names accumulate."""
        by_id: dict[str, Place] = {}
        for p in places:
            place = p if isinstance(p, Place) else Place(id=p.id, name=p.name, names=p.names)
            if place.id not in by_id or isinstance(p, Place):
                by_id[place.id] = place
        if not by_id:
            return
        ids = sorted(by_id)
        existing = {
            r.id: r
            for part in chunks(ids)
            for r in s.scalars(_locked(select(PlaceRow).where(PlaceRow.id.in_(part)).order_by(PlaceRow.id)))
        }
        new = [place_values(by_id[i]) for i in ids if i not in existing]
        if new:
            s.execute(self._insert(PlaceRow).on_conflict_do_nothing(index_elements=["id"]), new)
        for place_id, row in existing.items():
            place = by_id[place_id]
            names = unique([*row.names, place.name, *place.names])
            if names != row.names:
                row.names = names
            for field in ("country", "kind", "latitude", "longitude"):
                value = getattr(place, field)
                if value is not None and getattr(row, field) != value:
                    setattr(row, field, value)
        s.flush()

    def _place_ref(self, s: Session, place_id: str) -> PlaceRef:
        row = s.get(PlaceRow, place_id)
        if row is None:
            raise InvalidData(f"no place {place_id!r}")
        return PlaceRef(id=row.id, name=row.name, names=tuple(row.names))
