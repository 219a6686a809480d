"""Party resolution: which party a name, a sidecar side, an affiliation or an actor stands for.

A `PartyBook` is built from the packaged `data/parties.yaml`, an optional user parties file laid over it, the
parties the ledger knows (names, aliases, kinds) and the countries of the world data (names, aliases,
adjectives, demonyms: "kestrian" → Kestria). Nothing here knows any particular conflict: parties are data.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from audiatur.domain import Actor, Party, PartyKind
from audiatur.errors import DataFileError

__all__ = ["PartyBook", "fold", "load_party_book"]

log = logging.getLogger(__name__)

_PACKAGED = "data/parties.yaml"


def fold(name: str) -> str:
    """A name compared without regard to case, spacing, or `-`/`_` between words."""
    return " ".join(name.replace("_", " ").replace("-", " ").casefold().split())


class _PartyEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: PartyKind = PartyKind.SIDE
    aliases: list[str] = []


class _PartiesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    independent: str | None = None
    parties: list[_PartyEntry] = []
    sides: dict[str, str | None] = {}
    affiliations: dict[str, str] = {}
    actors: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class PartyBook:
    """Resolves names, sides, affiliations and actors to party names (and tells independent parties apart)."""

    independent: str
    fingerprint: str  # of the parties files: a different configuration means a full re-analysis
    names: Mapping[str, str]  # folded name, alias, adjective or demonym → party name
    kinds: Mapping[str, PartyKind]  # party name → kind
    sides: Mapping[str, str | None]  # folded side → party name, or None (no party)
    affiliations: Mapping[str, str]  # folded affiliation → party name
    actors: Mapping[str, str]  # folded actor name → party name

    def canonical(self, name: str | None) -> str | None:
        """The party a written party name stands for (itself when unknown)."""
        if name is None or not name.strip():
            return None
        return self.names.get(fold(name), " ".join(name.split()))

    def is_independent(self, party: str | None) -> bool:
        """Whether this party is the independent monitors' (each of whose origins counts on its own)."""
        if party is None:
            return False
        return self.kinds.get(party) is PartyKind.INDEPENDENT or fold(party) == fold(self.independent)

    def of_side(self, side: str | None) -> str | None:
        """The party a document's sidecar `side` stands for (None: no party, or unknown)."""
        if side is None or not side.strip():
            return None
        key = fold(side)
        if key in self.sides:
            return self.sides[key]
        return self.names.get(key)

    def of_affiliation(self, affiliation: str | None) -> str | None:
        """The party the parties file gives an affiliation."""
        return self.affiliations.get(fold(affiliation)) if affiliation else None

    def of_actor(self, actor: Actor) -> str | None:
        """The party the parties file gives this actor (by name or alias), if any."""
        for name in (actor.name, *actor.aliases):
            party = self.actors.get(fold(name))
            if party is not None:
                return party
        return None


def load_party_book(
    *,
    parties_file: str | Path | None = None,
    world: Sequence[str | Path] = (),
    parties: Iterable[Party] = (),
) -> PartyBook:
    """The party book from the packaged parties file, a user file, world data and the ledger's parties."""
    packaged_text = (resources.files("audiatur") / _PACKAGED).read_text(encoding="utf-8")
    files: list[tuple[str, str]] = [(_PACKAGED, packaged_text)]
    if parties_file is not None:
        path = Path(parties_file)
        try:
            files.append((str(path), path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise DataFileError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    digest = hashlib.sha256()
    for _, text in files:
        digest.update(text.encode("utf-8"))
        digest.update(b"\x1f")
    independent = "independent"
    names: dict[str, str] = {}
    kinds: dict[str, PartyKind] = {}
    sides: dict[str, str | None] = {}
    affiliations: dict[str, str] = {}
    actors: dict[str, str] = {}
    # World countries first, so that the ledger's parties and the parties files override them.
    for country, aliases in _world_countries(tuple(str(p) for p in world)):
        for alias in (country, *aliases):
            names[fold(alias)] = country
    for party in parties:
        kinds[party.name] = party.kind
        for alias in (party.name, *party.aliases):
            names[fold(alias)] = party.name
    for source, text in files:
        data = _parse(source, text)
        independent = data.independent or independent
        for entry in data.parties:
            kinds[entry.name] = entry.kind
            for alias in (entry.name, *entry.aliases):
                names[fold(alias)] = entry.name
        sides.update({fold(k): v for k, v in data.sides.items()})
        affiliations.update({fold(k): v for k, v in data.affiliations.items()})
        actors.update({fold(k): v for k, v in data.actors.items()})
    kinds.setdefault(independent, PartyKind.INDEPENDENT)
    names.setdefault(fold(independent), independent)

    def canon(value: str | None) -> str | None:
        return names.get(fold(value), value) if value else None

    return PartyBook(
        independent=independent,
        fingerprint=digest.hexdigest(),
        names=names,
        kinds=kinds,
        sides={k: canon(v) for k, v in sides.items()},
        affiliations={k: v for k, v in ((k, canon(v)) for k, v in affiliations.items()) if v},
        actors={k: v for k, v in ((k, canon(v)) for k, v in actors.items()) if v},
    )


def _parse(source: str, text: str) -> _PartiesFile:
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise DataFileError(source, None, f"invalid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(raw, Mapping):
        raise DataFileError(source, None, "expected a mapping at the top level")
    try:
        return _PartiesFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise DataFileError(source, ".".join(str(p) for p in err["loc"]), err["msg"]) from exc


@lru_cache(maxsize=8)
def _world_countries(extra: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(country, its other names) from the packaged world data and extra world files."""
    texts: list[tuple[str, str]] = []
    root = resources.files("audiatur") / "data" / "world"
    if root.is_dir():
        texts += [
            (f"data/world/{entry.name}", entry.read_text(encoding="utf-8"))
            for entry in sorted(root.iterdir(), key=lambda e: e.name)
            if entry.name.endswith((".yaml", ".yml"))
        ]
    for path in extra:
        try:
            texts.append((path, Path(path).read_text(encoding="utf-8")))
        except OSError as exc:
            raise DataFileError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    found: list[tuple[str, tuple[str, ...]]] = []
    for source, text in texts:
        if "countries" not in text:
            continue
        try:
            data: Any = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DataFileError(source, None, f"invalid YAML: {str(exc).splitlines()[0]}") from exc
        for entry in (data or {}).get("countries") or () if isinstance(data, Mapping) else ():
            if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
                other = [
                    str(x)
                    for key in ("aliases", "adjectives", "demonyms")
                    for x in entry.get(key) or ()
                    if isinstance(x, str)
                ]
                found.append((entry["name"], tuple(other)))
    return tuple(found)
