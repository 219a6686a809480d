"""The extractor's knowledge: linguistic lexicons and world data, loaded from data files.

Nothing about any party, country or organisation lives in code. `Lexicon.load()` reads the package's
`data/lexicon/*.yaml` (how texts say things) and `data/world/*.yaml` (countries, organisations, armed groups,
weapons, places), then any user files given (same schemas), validating each with pydantic so that a bad
file fails at load with a `DataFileError` naming the file and key.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from audiatur.domain import ActorType, Bound, Measure, SubjectClass
from audiatur.errors import DataFileError

__all__ = [
    "CountryEntry",
    "Lexicon",
    "OrgEntry",
    "PlaceEntry",
    "WeaponEntry",
    "load_lexicon",
    "norm",
]

log = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2013": "-", "\u2014": "-"})


@lru_cache(maxsize=1 << 16)
def norm(s: str) -> str:
    """Lower-case, straight apostrophes, single spaces: the key every lexicon lookup uses (memoised: the
    same words are looked up again and again)."""
    return _SPACE.sub(" ", s.translate(_APOS).casefold()).strip()


# ------------------------------------------------------------------------------------------- file schemas


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Country(_Strict):
    name: str
    iso2: str | None = None
    aliases: list[str] = []
    adjectives: list[str] = []
    demonyms: list[str] = []
    capital: str | None = None
    de_facto: bool = False
    note: str | None = None


class _Organisation(_Strict):
    name: str
    aliases: list[str] = []
    type: ActorType = ActorType.ORGANIZATION
    kind: str | None = None
    party: str | None = None
    country: str | None = None
    role: str | None = None
    affiliation: str | None = None
    note: str | None = None


class _Group(_Strict):
    name: str
    aliases: list[str] = []
    party: str | None = None
    country: str | None = None
    note: str | None = None


class _Weapon(_Strict):
    name: str
    category: str
    terms: list[str] = []
    models: list[str] = []
    note: str | None = None


class _Place(_Strict):
    id: str
    name: str
    names: list[str] = []
    names_by_party: dict[str, str] = {}
    country: str | None = None
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    note: str | None = None


class _WorldFile(_Strict):
    countries: list[_Country] = []
    organisations: list[_Organisation] = []
    armed_groups: list[_Group] = []
    weapons: list[_Weapon] = []
    places: list[_Place] = []


# ------------------------------------------------------------------------------------------------- entries


@dataclass(frozen=True, slots=True)
class CountryEntry:
    """A state or de-facto entity: its name is the party name."""

    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None = None


@dataclass(frozen=True, slots=True)
class OrgEntry:
    """A named organisation, outlet, armed group or person from a data file."""

    name: str
    type: ActorType
    kind: str | None
    party: str | None
    aliases: tuple[str, ...] = ()
    role: str | None = None
    affiliation: str | None = None

    @property
    def is_media(self) -> bool:
        """Whether this is a news outlet (its reports relay others unless it speaks in its own voice)."""
        return self.type == ActorType.MEDIA or (self.kind or "") in {"media", "wire", "state_media"}


@dataclass(frozen=True, slots=True)
class WeaponEntry:
    """A weapon category and the words that name it."""

    name: str
    category: str
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """A gazetteer place: one id, every name, and which party uses which name."""

    id: str
    name: str
    names: tuple[str, ...]
    names_by_party: Mapping[str, str]
    country: str | None
    kind: str | None
    lat: float | None
    lon: float | None


# ------------------------------------------------------------------------------------------------ lexicon


@dataclass(eq=False)
class Lexicon:
    """Everything the extractor looks words up in (all keys normalised with `norm`)."""

    # quantities
    bounds: dict[str, Bound] = field(default_factory=dict)
    trailing_bounds: dict[str, Bound] = field(default_factory=dict)
    vague: dict[str, int] = field(default_factory=dict)
    number_words: dict[str, int] = field(default_factory=dict)
    scale_words: dict[str, int] = field(default_factory=dict)
    scale_abbreviations: dict[str, int] = field(default_factory=dict)
    not_counts: frozenset[str] = frozenset()
    not_count_prefixes: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()
    # measures: phrase -> measure, by how the phrase attaches
    passive: dict[str, Measure] = field(default_factory=dict)
    intransitive: dict[str, Measure] = field(default_factory=dict)
    measure_nouns: dict[str, Measure] = field(default_factory=dict)
    measure_adjectives: dict[str, Measure] = field(default_factory=dict)
    active: dict[str, Measure] = field(default_factory=dict)
    nominals: dict[str, Measure] = field(default_factory=dict)
    toll_heads: tuple[str, ...] = ()
    tolls: dict[str, Measure] = field(default_factory=dict)
    objects_only: frozenset[Measure] = frozenset()
    not_measures: frozenset[str] = frozenset()
    # subjects
    subject_nouns: dict[str, SubjectClass] = field(default_factory=dict)
    subject_modifiers: dict[str, SubjectClass] = field(default_factory=dict)
    noun_modifiers: frozenset[str] = frozenset()
    # speech
    reporting_verbs: dict[str, str] = field(default_factory=dict)  # form -> lemma
    reporting_cues: frozenset[str] = frozenset()
    agentless_first: frozenset[str] = frozenset()
    cue_pattern: re.Pattern[str] = re.compile(
        r"(?!)"
    )  # any word that can open a reporting frame  # first words of every reporting phrase, "according", …
    needs_complement: frozenset[str] = frozenset()
    statement_nouns: frozenset[str] = frozenset()
    statement_openers: tuple[str, ...] = ()
    signatory_openers: tuple[str, ...] = ()
    agentless: tuple[str, ...] = ()
    agentless_sources: frozenset[str] = frozenset()
    relay_verbs: frozenset[str] = frozenset()
    # actors
    roles: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    bodies: dict[str, str] = field(default_factory=dict)  # variant -> canonical
    person_anaphors: frozenset[str] = frozenset()
    org_anaphors: frozenset[str] = frozenset()
    org_anaphor_words: frozenset[str] = frozenset()  # the anaphors and their head nouns ("ministry")
    media_nouns: frozenset[str] = frozenset()
    collective_speakers: frozenset[str] = frozenset()
    collective_bodies: frozenset[str] = frozenset()
    # events
    event_verbs: dict[str, str] = field(
        default_factory=dict
    )  # form -> class (attack, targeting, weapon_use, …)
    event_nouns: dict[str, str] = field(default_factory=dict)  # noun phrase -> class
    light_verbs: frozenset[str] = frozenset()  # "subjected", "carried out": their object names the act
    civilian_targets: frozenset[str] = frozenset()
    military_targets: tuple[str, ...] = ()
    negations: frozenset[str] = frozenset()
    avoidance: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    confirmations: tuple[str, ...] = ()
    both_sides: tuple[str, ...] = ()
    force_nouns: frozenset[str] = frozenset()
    discrediting: tuple[str, ...] = ()
    enemy_words: tuple[str, ...] = ()
    military_after_only: frozenset[str] = frozenset()
    report_nouns: frozenset[str] = frozenset()
    # characterisations
    evaluations: dict[str, str] = field(default_factory=dict)  # phrase -> valence
    # world
    countries: dict[str, CountryEntry] = field(default_factory=dict)  # name/alias -> entry
    adjectives: dict[str, CountryEntry] = field(default_factory=dict)
    demonyms: dict[str, CountryEntry] = field(default_factory=dict)
    capitals: dict[str, CountryEntry] = field(default_factory=dict)
    organisations: dict[str, OrgEntry] = field(default_factory=dict)  # name/alias -> entry
    acronyms: dict[str, str] = field(default_factory=dict)  # lower-cased acronym -> the case it must have
    weapons: dict[str, WeaponEntry] = field(default_factory=dict)  # term -> entry
    places: dict[str, PlaceEntry] = field(default_factory=dict)  # id -> entry
    place_names: dict[str, str] = field(default_factory=dict)  # name -> id
    independent_party: str = "independent"
    sources: tuple[str, ...] = ()

    # ---------------------------------------------------------------------------------------- lookups

    def country_of(self, word: str) -> CountryEntry | None:
        """The country a name, alias, adjective or demonym refers to."""
        key = word if word.islower() and word.isascii() and " " not in word else norm(word)
        return self.countries.get(key) or self.adjectives.get(key) or self.demonyms.get(key)

    def capital_of(self, word: str) -> CountryEntry | None:
        """The country whose capital is named ("Moscow said", "Dravon inflates …": a government by metonymy)."""
        return self.capitals.get(norm(word))

    def organisation(self, name: str) -> OrgEntry | None:
        """The data-file organisation known by this name or alias (an acronym only in its own case)."""
        key = norm(name)
        written = self.acronyms.get(key)
        if written is not None and " ".join(name.split()) != written:
            return None
        return self.organisations.get(key)

    def party_names(self) -> set[str]:
        """Every party name the data knows (countries, groups with their own party, independent)."""
        names = {c.name for c in self.countries.values()}
        names.update(o.party for o in self.organisations.values() if o.party)
        names.add(self.independent_party)
        return names

    # ---------------------------------------------------------------------------------------- loading

    def add_world(self, data: Mapping[str, Any], source: str) -> None:
        """Merge one world file (countries, organisations, armed groups, weapons, places)."""
        try:
            world = _WorldFile.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(p) for p in err["loc"])
            raise DataFileError(source, key, err["msg"]) from exc
        for c in world.countries:
            entry = CountryEntry(c.name, tuple(c.aliases), tuple(c.adjectives), tuple(c.demonyms), c.capital)
            for n in (c.name, *c.aliases):
                self.countries[norm(n)] = entry
            for a in c.adjectives:
                self.adjectives[norm(a)] = entry
            for d in c.demonyms:
                self.demonyms[norm(d)] = entry
            if c.capital:
                self.capitals.setdefault(norm(c.capital), entry)
        for o in world.organisations:
            # a group that is a party of its own (an insurgency listed among organisations) acts as an armed group
            own_party = o.type == ActorType.GROUP and o.party == o.name
            kind = o.kind or ("armed_group" if own_party else None)
            org = OrgEntry(o.name, o.type, kind, o.party, tuple(o.aliases), o.role, o.affiliation)
            self._add_names(org, (o.name, *o.aliases))
        for g in world.armed_groups:
            grp = OrgEntry(g.name, ActorType.GROUP, "armed_group", g.party or g.name, tuple(g.aliases))
            self._add_names(grp, (g.name, *g.aliases))
        for w in world.weapons:
            weapon = WeaponEntry(w.name, w.category, tuple(w.terms) + tuple(w.models))
            for t in (w.name, *w.terms, *w.models):
                self.weapons[norm(t)] = weapon
        for p in world.places:
            names = tuple(dict.fromkeys([p.name, *p.names]))
            place = PlaceEntry(p.id, p.name, names, dict(p.names_by_party), p.country, p.kind, p.lat, p.lon)
            self.places[p.id] = place
            for n in names:
                self.place_names[norm(n)] = p.id
        self.sources = (*self.sources, source)

    def _add_names(self, entry: OrgEntry, names: Iterable[str]) -> None:
        for n in names:
            key = norm(n)
            self.organisations[key] = entry
            if n.isupper() and len(n) <= 6:
                self.acronyms[key] = n

    def _add_language(self, name: str, data: Mapping[str, Any]) -> None:
        try:
            _LANGUAGE_LOADERS[name](self, data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataFileError(f"data/lexicon/{name}.yaml", None, f"{type(exc).__name__}: {exc}") from exc


def _phrases(items: Iterable[Any]) -> list[str]:
    return [norm(str(i)) for i in items]


def _load_quantities(lex: Lexicon, d: Mapping[str, Any]) -> None:
    for bound, phrases in d["bounds"].items():
        for p in _phrases(phrases):
            lex.bounds[p] = Bound(bound)
    for bound, phrases in d["trailing_bounds"].items():
        for p in _phrases(phrases):
            lex.trailing_bounds[p] = Bound(bound)
    lex.vague = {norm(k): int(v) for k, v in d["vague"].items()}
    units = d["units"]
    lex.number_words = {norm(k): int(v) for k, v in {**units["ones"], **units["tens"]}.items()}
    lex.scale_words = {norm(k): int(v) for k, v in units["scales"].items()}
    lex.scale_abbreviations = {norm(k): int(v) for k, v in units["scale_abbreviations"].items()}
    lex.not_counts = frozenset(_phrases(d["not_counts"]))
    lex.not_count_prefixes = frozenset(_phrases(d["not_count_prefixes"]))
    lex.months = frozenset(_phrases(d["months"]))


def _load_measures(lex: Lexicon, d: Mapping[str, Any]) -> None:
    objects_only = set()
    for measure_name, spec in d["measures"].items():
        m = Measure(measure_name)
        for p in _phrases(spec.get("passive", [])):
            lex.passive[p] = m
        for p in _phrases(spec.get("intransitive", [])):
            lex.intransitive[p] = m
        for p in _phrases(spec.get("nouns", [])):
            lex.measure_nouns.setdefault(p, m)
        for p in _phrases(spec.get("adjectives", [])):
            lex.measure_adjectives[p] = m
        for p in _phrases(spec.get("active", [])):
            lex.active[p] = m
        for p in _phrases(spec.get("nominals", [])):
            lex.nominals.setdefault(p, m)
        for p in _phrases(spec.get("tolls", [])):
            lex.tolls[p] = m
        if spec.get("objects_only"):
            objects_only.add(m)
    lex.objects_only = frozenset(objects_only)
    lex.not_measures = frozenset(_phrases(d.get("not_measures", [])))
    lex.toll_heads = tuple(sorted(_phrases(d.get("toll_heads", [])), key=len, reverse=True))


def _load_subjects(lex: Lexicon, d: Mapping[str, Any]) -> None:
    for cls_name, spec in d["classes"].items():
        c = SubjectClass(cls_name)
        for p in _phrases(spec.get("nouns", [])):
            lex.subject_nouns.setdefault(p, c)
        for p in _phrases(spec.get("modifiers", [])):
            lex.subject_modifiers.setdefault(p, c)
    lex.noun_modifiers = frozenset(_phrases(d.get("noun_modifiers", [])))


def _load_speech(lex: Lexicon, d: Mapping[str, Any]) -> None:
    for lemma, forms in d["reporting_verbs"].items():
        for f in _phrases(forms):
            lex.reporting_verbs[f] = str(lemma)
    lex.needs_complement = frozenset(str(x) for x in d["needs_complement"])
    lex.statement_nouns = frozenset(_phrases(d["statement_nouns"]))
    lex.statement_openers = tuple(_phrases(d["statement_openers"]))
    lex.signatory_openers = tuple(_phrases(d["signatory_openers"]))
    lex.agentless = tuple(_phrases(d["agentless"]))
    lex.agentless_sources = frozenset(_phrases(d["agentless_sources"]))
    lex.relay_verbs = frozenset(_phrases(d["relay_verbs"]))
    first_words = {p.split()[0] for p in lex.reporting_verbs} | {p.split()[0] for p in lex.agentless}
    lex.reporting_cues = frozenset(first_words | {"according", "citing", "quoting"})
    lex.agentless_first = frozenset(p.split()[0] for p in lex.agentless)


def _load_actors(lex: Lexicon, d: Mapping[str, Any]) -> None:
    lex.roles = frozenset(_phrases(d["roles"]))
    lex.title_words = frozenset(_phrases(d["title_words"]))
    lex.honorifics = frozenset(_phrases(d["honorifics"]))
    for canonical, variants in d["bodies"].items():
        for v in _phrases([canonical, *variants]):
            lex.bodies.setdefault(v, str(canonical))
    lex.person_anaphors = frozenset(_phrases(d["anaphors"]["person"]))
    lex.org_anaphors = frozenset(_phrases(d["anaphors"]["organization"]))
    lex.org_anaphor_words = lex.org_anaphors | {w.split()[-1] for w in lex.org_anaphors}
    lex.media_nouns = frozenset(_phrases(d["media_nouns"]))
    lex.collective_speakers = frozenset(_phrases(d["collective_speakers"]))
    lex.collective_bodies = frozenset(_phrases(d["collective_bodies"]))


def _load_events(lex: Lexicon, d: Mapping[str, Any]) -> None:
    for cls, forms in d["verbs"].items():
        for f in _phrases(forms):
            lex.event_verbs.setdefault(f, str(cls))
    lex.light_verbs = frozenset(_phrases(d["verbs"].get("light", [])))
    for cls, forms in d["nouns"].items():
        for f in _phrases(forms):
            lex.event_nouns.setdefault(f, str(cls))
    lex.civilian_targets = frozenset(_phrases(d["civilian_targets"]))
    lex.military_targets = tuple(sorted(_phrases(d["military_targets"]), key=len, reverse=True))
    lex.negations = frozenset(_phrases(d["negations"]))
    lex.avoidance = tuple(_phrases(d["avoidance"]))
    lex.hedges = tuple(_phrases(d["hedges"]))
    lex.confirmations = tuple(_phrases(d["confirmations"]))
    lex.both_sides = tuple(sorted(_phrases(d["both_sides"]), key=len, reverse=True))
    lex.force_nouns = frozenset(_phrases(d["force_nouns"]))
    lex.discrediting = tuple(_phrases(d.get("discrediting", [])))
    lex.enemy_words = tuple(sorted(_phrases(d.get("enemy_words", [])), key=len, reverse=True))
    lex.military_after_only = frozenset(_phrases(d.get("military_after_only", [])))
    lex.report_nouns = frozenset(_phrases(d.get("report_nouns", [])))


def _load_evaluations(lex: Lexicon, d: Mapping[str, Any]) -> None:
    for valence in ("negative", "positive", "neutral"):
        for p in _phrases(d.get(valence, [])):
            lex.evaluations.setdefault(p, valence)


_LANGUAGE_LOADERS = {
    "events": _load_events,
    "evaluations": _load_evaluations,
    "quantities": _load_quantities,
    "measures": _load_measures,
    "subjects": _load_subjects,
    "speech": _load_speech,
    "actors": _load_actors,
}


def _read_yaml(path: Path | str, text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), None, f"invalid YAML: {str(exc).splitlines()[0]}") from exc


def _package_files(folder: str) -> list[tuple[str, str]]:
    root = resources.files("audiatur") / "data" / folder
    if not root.is_dir():
        return []
    return sorted(
        (f"data/{folder}/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in root.iterdir()
        if entry.name.endswith((".yaml", ".yml"))
    )


@lru_cache(maxsize=8)
def load_lexicon(extra: Sequence[str] = ()) -> Lexicon:
    """The package's lexicons and world data, plus user world files (paths); cached per set of files."""
    lex = Lexicon()
    for name, text in _package_files("lexicon"):
        stem = Path(name).stem
        if stem not in _LANGUAGE_LOADERS:
            continue
        data = _read_yaml(name, text)
        if not isinstance(data, Mapping):
            raise DataFileError(name, None, "expected a mapping at the top level")
        lex._add_language(stem, data)
    for name, text in _package_files("world"):
        data = _read_yaml(name, text)
        if isinstance(data, Mapping):
            lex.add_world(data, name)
    for path in extra:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(str(p), None, f"cannot read: {exc.strerror or exc}") from exc
        data = _read_yaml(p, text)
        if not isinstance(data, Mapping):
            raise DataFileError(str(p), None, "expected a mapping at the top level")
        lex.add_world(data, str(p))
    log.debug("lexicon loaded from %s", ", ".join(lex.sources) or "package data")
    return lex
