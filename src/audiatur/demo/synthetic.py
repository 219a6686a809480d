"""A synthetic corpus of any size in the demo corpus's patterns, for benchmarks and load tests.

    python -m audiatur.demo.synthetic --docs 100000 -o corpus.jsonl [--seed 7] [--duplicates 0.02]

Each line is a bulk-load record (`{text, url, title, published, publisher, side}`): a news item or statement
about the fictional Kestria–Velsaria war of the demo (`world.yaml`), written from sentence patterns the demo
corpus uses (direct and indirect speech, `according to`, casualty and damage figures in digits and words,
allegations, denials, characterisations, demands), with speakers, places, weapons and numbers drawn at
random: the demo's own actors and places and invented ones. The same seed gives the same corpus; a small
share of items are syndicated copies of a recent item (another outlet's headline over the same body), so
near-duplicate linking has work to do. Generation streams: memory stays flat at any size.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TextIO

import yaml

from audiatur.demo import DEMO_WORLD

__all__ = ["SyntheticItem", "generate", "main", "write_jsonl"]

_START = date(2027, 5, 2)
_DAYS = 240
_MONTHS = tuple(date(2027, m, 1).strftime("%B") for m in range(1, 13))
_WEEKDAYS = tuple(date(2027, 5, 3 + d).strftime("%A") for d in range(7))  # 3 May 2027 is a Monday
_WORDS: tuple[str, ...] = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_WORDS += ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen")
_WORDS += ("nineteen", "twenty")

# Invented people and villages beside the demo's own, so speakers and places vary at any corpus size.
_FIRST = {
    "Kestria": "Ansgar Birgit Eira Halvard Ingrid Jarle Kari Leif Maren Nils Oda Peder Ragna Sigurd Tove",
    "Velsaria": "Agron Besa Dardan Elira Fatos Gent Hana Ilir Jeta Kreshnik Liridona Mentor Nora Petrit Rina",
}
_LAST = {
    "Kestria": "Aasen Berglund Dahl Ekholm Falk Granlund Holm Lindqvist Moberg Nyvik Rosen Strand Tollef",
    "Velsaria": "Alushi Berisha Cela Dushku Gashi Hoxha Kelmendi Leka Marku Nikolla Prenga Shala Tahiri",
}
_VILLAGE = {
    "Kestria": ("Vik Lund Hol Strand Berg Dal Nes Fjell Mo Rud", "by heim stad vik sund"),
    "Velsaria": ("Bar Drin Kor Lez Mal Pesh Rug Shen Tir Vel", "ajë ishtë ovë aq ec"),
}
_ROLES = ("deputy mayor of {place}", "head of the {place} district administration", "police chief in {place}")
_SUBJECTS = (
    ("civilians", "killed"),
    ("civilians", "wounded"),
    ("servicemen", "killed"),
    ("soldiers", "wounded"),
    ("children", "injured"),
    ("people", "displaced"),
    ("houses", "destroyed"),
    ("houses", "damaged"),
    ("residential buildings", "damaged"),
    ("cars and tractors", "destroyed"),
)
_WEAPONS = (
    "artillery",
    "mortars",
    "multiple rocket launchers",
    "cluster munitions",
    "drones",
    "Grad rockets",
    "heavy artillery",
    "ballistic missiles",
)
_TARGETS = (
    "residential quarters",
    "the central market",
    "a school",
    "the hospital",
    "farms",
    "the water station",
)
_CAUSES = ("as a result of {enemy} shelling", "in a {enemy} rocket attack", "by {enemy} {weapon} fire")
_LABELS = ("a fabrication", "biased", "a mouthpiece of the war party", "a shameless lie", "pure propaganda")
_DEMANDS = (
    "condemn the attack without delay",
    "withdraw heavy weapons from populated areas",
    "open a humanitarian corridor",
    "investigate the strike",
    "stop shelling towns and villages",
)
_BACKGROUND = (
    "{place}, a {kind} of about {pop:,} people, lies {km} km from the line of contact.",
    "Residents reached by telephone said they were sheltering in basements.",
    "The claims could not be independently verified.",
    "Fighting along the Orlen line has continued for {weeks} weeks.",
    "Rescuers were still searching the rubble on {weekday} morning.",
)


@dataclass(frozen=True, slots=True)
class _Side:
    name: str
    adjective: str
    capital: str
    enemy: str
    enemy_adjective: str
    publisher: str
    ministries: tuple[str, ...]
    speakers: tuple[tuple[str, str], ...]  # (name, role as written before it)
    places: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SyntheticItem:
    """One generated document with its metadata (a bulk-load JSONL record)."""

    text: str
    url: str
    title: str
    published: date
    publisher: str
    side: str | None

    def to_record(self) -> dict[str, Any]:
        """The JSONL bulk-load record of this item."""
        return {
            "text": self.text,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat(),
            "publisher": self.publisher,
            "side": self.side,
        }


@cache
def _sides() -> tuple[_Side, _Side]:
    world = yaml.safe_load(DEMO_WORLD.read_text(encoding="utf-8"))
    countries = {c["name"]: c for c in world["countries"]}
    publishers = {"Kestria": "Kestpress", "Velsaria": "Velsarian Telegraph Agency"}
    sides = []
    for name, enemy in (("Kestria", "Velsaria"), ("Velsaria", "Kestria")):
        orgs = [o for o in world["organisations"] if o.get("party") == name]
        people = tuple(
            (o["name"], o["role"])
            for o in orgs
            if o["type"] == "person" and o.get("role") and "President" not in o["role"]
        )
        places = tuple(
            (p.get("names_by_party") or {}).get(name, p["names"][0])
            for p in world["places"]
            if p.get("country") in (name, None) and p.get("kind") != "region"
        )
        sides.append(
            _Side(
                name=name,
                adjective=countries[name]["adjectives"][0],
                capital=countries[name]["capital"],
                enemy=enemy,
                enemy_adjective=countries[enemy]["adjectives"][0],
                publisher=publishers[name],
                ministries=tuple(
                    o["name"] for o in orgs if o["type"] == "government" and "Ministry" in o["name"]
                ),
                speakers=people,
                places=places,
            )
        )
    return sides[0], sides[1]


class _Writer:
    """Draws the parts of one item; every choice goes through one seeded `random.Random`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: tuple[Any, ...] | list[Any]) -> Any:
        return options[self.rng.randrange(len(options))]

    def number(self, low: int, high: int) -> tuple[int, str]:
        value = self.rng.randint(low, high)
        style = self.rng.random()
        if value < len(_WORDS) and style < 0.4:
            return value, _WORDS[value]
        if style < 0.55:
            return value, f"at least {value:,}"
        if style < 0.65:
            return value, f"more than {value:,}"
        return value, f"{value:,}"

    def place(self, side: _Side) -> str:
        if self.rng.random() < 0.6:
            return str(self.pick(side.places))
        heads, tails = _VILLAGE[side.name]
        return str(self.pick(heads.split())) + str(self.pick(tails.split()))

    def person(self, side: _Side, place: str) -> tuple[str, str]:
        """(name, role) of a speaker: one of the demo's officials or an invented local one."""
        if self.rng.random() < 0.5:
            name, role = self.pick(side.speakers)
            return str(name), str(role)
        name = f"{self.pick(_FIRST[side.name].split())} {self.pick(_LAST[side.name].split())}"
        return name, str(self.pick(_ROLES)).format(place=place)

    def speaker(self, side: _Side, place: str) -> str:
        """A speaker as a sentence names one: "role Name" or "Name, role,"."""
        name, role = self.person(side, place)
        return f"{role} {name}" if self.rng.random() < 0.5 else f"{name}, {role},"

    def figure(self, side: _Side, place: str, weekday: str) -> str:
        subject, measure = self.pick(_SUBJECTS)
        _, n = self.number(2, 140)
        speaker = self.speaker(side, place)
        cause = str(self.pick(_CAUSES)).format(enemy=side.enemy_adjective, weapon=self.pick(_WEAPONS))
        forms = (
            f"{n} {subject} were {measure} in {place} on {weekday} {cause}, {speaker} said.",
            f"According to {speaker.rstrip(',')}, {n} {subject} have been {measure} in {place} "
            f"since {weekday}.",
            f"“{_capital(n)} {subject} were {measure} in {place} today. This is a deliberate crime,” "
            f"{speaker} told {side.publisher}.",
        )
        return _capital(str(self.pick(forms)))

    def event(self, side: _Side, place: str, weekday: str) -> str:
        ministry = self.pick(side.ministries)
        weapon, target = self.pick(_WEAPONS), self.pick(_TARGETS)
        enemy, own, label = side.enemy_adjective, side.adjective, self.pick(_LABELS)
        forms = (
            f"The {ministry} accused {enemy} forces of firing {weapon} at {target} of {place}.",
            f"{enemy} forces shelled {place} with {weapon} on {weekday}, the {ministry} said.",
            f"The {ministry} denied that {own} forces had used {weapon} in {place}, "
            f"calling the reports “{label}”.",
        )
        return str(self.pick(forms))

    def comment(self, side: _Side, place: str) -> str:
        name, role = self.person(side, place)
        speaker = _capital(f"{role} {name}")
        if self.rng.random() < 0.5:
            return (
                f"{speaker} called the {side.enemy_adjective} statement “{self.pick(_LABELS)}” and said "
                f"{side.name} would defend every village of the Orlen valley."
            )
        return f"{speaker} called on the international community to {self.pick(_DEMANDS)}."

    def background(self, place: str, weekday: str, serial: int) -> str:
        return str(self.pick(_BACKGROUND)).format(
            place=place,
            kind=self.pick(("village", "town", "settlement")),
            pop=self.rng.randrange(300, 90_000, 10),
            km=self.rng.randint(2, 150),
            weeks=self.rng.randint(1, 30),
            weekday=weekday,
            serial=serial,
        )


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _dateline(side: _Side | None, place: str, day: date, publisher: str) -> str:
    month = _MONTHS[day.month - 1]
    if side is None:
        return f"{place.upper()}, {month} {day.day} ({publisher}) —"
    if side.name == "Velsaria":
        return f"{side.capital}, {day.day} {month} /VTA/."
    return f"{side.capital}, {day.day} {month} ({publisher}) –"


def _item(w: _Writer, serial: int) -> SyntheticItem:
    sides = _sides()
    side = w.pick(sides)
    neutral = w.rng.random() < 0.2
    published = _START + timedelta(days=w.rng.randrange(_DAYS))
    event_day = published - timedelta(days=w.rng.randint(0, 3))
    weekday = _WEEKDAYS[event_day.weekday()]
    place = w.place(side)
    publisher = "Meridian" if neutral else side.publisher
    lead = w.figure(side, place, weekday)
    paragraphs = [f"{_dateline(None if neutral else side, place, published, publisher)} {lead}"]
    for _ in range(w.rng.randint(4, 7)):
        speaking = w.pick(sides) if neutral else side
        other_place = w.place(speaking)
        part = w.rng.random()
        if part < 0.35:
            sentences = [w.figure(speaking, other_place, weekday), w.event(speaking, other_place, weekday)]
        elif part < 0.6:
            sentences = [w.event(speaking, other_place, weekday), w.figure(speaking, other_place, weekday)]
        elif part < 0.8:
            sentences = [w.comment(speaking, other_place), w.background(other_place, weekday, serial)]
        else:
            sentences = [w.background(other_place, weekday, serial), w.figure(speaking, other_place, weekday)]
        paragraphs.append(" ".join(sentences))
    paragraphs.append(f"The item was filed as bulletin No. {serial}.")
    title = f"{side.enemy_adjective} {w.pick(_WEAPONS)} hit {place}, {side.adjective} officials say"
    slug = f"{published:%Y/%m/%d}/item-{serial}"
    host = {"Meridian": "meridian.example", "Kestpress": "kestpress.example"}.get(publisher, "vta.example")
    return SyntheticItem(
        text="\n\n".join([title, *paragraphs]),
        url=f"https://{host}/news/{slug}",
        title=title,
        published=published,
        publisher=publisher,
        side=None if neutral else side.name.lower(),
    )


def _syndicated(w: _Writer, original: SyntheticItem, serial: int) -> SyntheticItem:
    """Another outlet's copy of a recent item: a new headline over the same body."""
    title = f"{original.title.split(',')[0]} (report)"
    body = original.text.split("\n\n", 1)[1]
    publisher = w.pick(("Meridian", "Orlen Daily", "Regional Wire"))
    return SyntheticItem(
        text=f"{title}\n\n{body}",
        url=f"https://syndication.example/{publisher.lower().replace(' ', '-')}/{serial}",
        title=title,
        published=original.published + timedelta(days=w.rng.randint(0, 1)),
        publisher=publisher,
        side=None,
    )


def generate(docs: int, *, seed: int = 7, duplicates: float = 0.02) -> Iterator[SyntheticItem]:
    """`docs` synthetic items, streamed; the same arguments always give the same items."""
    w = _Writer(random.Random(seed))
    recent: deque[SyntheticItem] = deque(maxlen=64)
    for serial in range(1, docs + 1):
        if recent and w.rng.random() < duplicates:
            item = _syndicated(w, w.pick(list(recent)), serial)
        else:
            item = _item(w, serial)
            recent.append(item)
        yield item


def write_jsonl(out: TextIO, docs: int, *, seed: int = 7, duplicates: float = 0.02) -> int:
    """Write `docs` items as JSON Lines; returns the number of words written."""
    words = 0
    for item in generate(docs, seed=seed, duplicates=duplicates):
        out.write(json.dumps(item.to_record(), ensure_ascii=False))
        out.write("\n")
        words += len(item.text.split())
    return words


def main(argv: list[str] | None = None) -> None:
    """Command line: write a synthetic corpus as JSON Lines."""
    parser = argparse.ArgumentParser(
        prog="python -m audiatur.demo.synthetic", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--docs", type=int, default=1000, help="how many documents (default 1000)")
    parser.add_argument(
        "-o", "--output", type=Path, help="the JSONL file to write (default: standard output)"
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (the same seed, the same corpus)")
    parser.add_argument("--duplicates", type=float, default=0.02, help="share of syndicated copies (0.02)")
    args = parser.parse_args(argv)
    if args.docs < 0 or not 0 <= args.duplicates < 1:
        parser.error("--docs must be >= 0 and --duplicates in [0, 1)")
    if args.output is None:
        write_jsonl(sys.stdout, args.docs, seed=args.seed, duplicates=args.duplicates)
        return
    with args.output.open("w", encoding="utf-8") as out:
        words = write_jsonl(out, args.docs, seed=args.seed, duplicates=args.duplicates)
    print(f"{args.docs:,} documents, {words:,} words written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
