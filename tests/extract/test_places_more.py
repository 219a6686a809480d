"""More places: common words and codes are not places, NFD names, the place of each claim, one build."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path
from typing import Literal

import pytest
import spacy

from audiatur.demo import DEMO_WORLD
from audiatur.errors import DataFileError
from audiatur.extract import Lexicon, load_lexicon
from audiatur.extract import places as places_module
from audiatur.extract.layout import tokenize
from audiatur.extract.places import Gazetteer, PlaceMention, gazetteer_for, places_for


@pytest.fixture(scope="module")
def world(lexicon: Lexicon) -> Gazetteer:
    """The package's places on the geonames world base (built once per process, then read from disk)."""
    return gazetteer_for(lexicon)


@pytest.fixture(scope="module")
def curated() -> Gazetteer:
    """The package's and the demo world's places only (no world base: fast)."""
    return gazetteer_for(load_lexicon((str(DEMO_WORLD),)), world_base=False)


def found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    """(name as written, place id) of every place in `text`."""
    return [(m.name, m.place_id) for m in gazetteer.find(tokenize(text), text)]


# ------------------------------------------------------------------------------------ not places


@pytest.mark.parametrize(
    "text",
    [
        "She added that 80 more were wounded.",  # "SHE": an airport code for a city of millions
        "For the second time this week, 6 people were killed.",
        "Can anyone confirm the figure?",
        "Officials met at the White House on Monday.",  # an alternate name made of ordinary words
        "In March, 5 soldiers were killed.",  # a town named March
        "He was taken to Police headquarters.",  # a small town named Police
        "The price of Mobile phones doubled.",  # a large town named Mobile, but "of" does not mark a place
        "Reporters told the Tamsk News Agency (SANA) that the road was cut.",  # an acronym, not Sanaa
        "Rescuers searched the Hillside districts.",  # an ordinary word (a small town elsewhere)
        "Later, SANA said the road was cut.",  # a world-base alternate of a data-file city, in capitals
    ],
)
def test_place_more_common_word_or_code_is_not_a_place(world: Gazetteer, text: str) -> None:
    assert found(world, text) == []


# guards: the word lists must not cost real short names (a stop list of every short word would)
@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("Shelling in Homs continued.", "Homs", "Homs"),
        ("Fighting near Aden resumed.", "Aden", "Aden"),
        ("Residents of Lod protested.", "Lod", "Lod"),
        ("The convoy drove to Bar at dawn.", "Bar", "Bar"),
        # a large town whose name is a common word, where the text marks a place
        ("Protests spread in Van province.", "Van", "Van"),
        ("Ferries to Split were cancelled.", "Split", "Split"),
    ],
)
def test_place_more_short_real_names_still_found(world: Gazetteer, text: str, name: str, place: str) -> None:
    ((written, place_id),) = found(world, text)
    assert written == name
    assert world.places[place_id].name == place


def test_place_more_dateline_in_capitals_is_a_place(world: Gazetteer) -> None:
    text = "ALEPPO, May 3 - Shelling resumed.\nBEIRUT (Reuters) - Talks stalled."
    assert [name for name, _ in found(world, text)] == ["ALEPPO", "BEIRUT"]


def test_place_more_country_name_is_the_country_not_a_town_of_that_name(world: Gazetteer) -> None:
    text = "Fighting between Armenia and Azerbaijan resumed."  # Armenia is also a town in Colombia
    assert found(world, text) == [("Armenia", "country:Armenia"), ("Azerbaijan", "country:Azerbaijan")]


def test_place_more_name_in_nfd_keeps_its_combining_mark(curated: Gazetteer) -> None:
    text = "Brenave\u0308 was shelled overnight."
    assert found(curated, text) == [("Brenave\u0308", "demo:brenovik")]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_place_more_marks_inside_a_name_match_in_both_forms(
    curated: Gazetteer, form: Literal["NFC", "NFD"]
) -> None:
    nfc = "Shells hit Fu\u0308zuli and Ag\u0306dam, officials in Gazimag\u0306usa said."
    text = unicodedata.normalize(form, nfc)
    hits = found(curated, text)
    written = [unicodedata.normalize(form, n) for n in ("Füzuli", "Ağdam", "Gazimağusa")]
    assert [name for name, _ in hits] == written
    assert all(text[text.index(name) :].startswith(name) for name, _ in hits)  # spans as written
    assert {curated.places[pid].name for _, pid in hits} == {"Fuzuli", "Agdam", "Famagusta"}


# ------------------------------------------------------------------------------- place of each claim


def _places_of(gazetteer: Gazetteer, text: str, anchors: list[str]) -> list[list[str]]:
    """The names of the places `places_for` gives each claim, the claims being where `anchors` are written."""
    mentions = gazetteer.find(tokenize(text), text)
    offsets = [text.index(a) for a in anchors]
    return [[m.name for m in places_for(text, mentions, o, offsets)] for o in offsets]


@pytest.mark.parametrize(
    ("text", "anchors", "expected"),
    [
        (
            "Two civilians were killed in Khankendi and three in Shushi.",
            ["Two", "three"],
            [["Khankendi"], ["Shushi"]],
        ),
        (
            "Two civilians were killed in Khankendi, and in Shushi three were wounded.",
            ["Two", "three"],
            [["Khankendi"], ["Shushi"]],
        ),
        (
            "In Khankendi, two civilians were killed and three were wounded.",
            ["two", "three"],
            [["Khankendi"], ["Khankendi"]],
        ),
        (
            "Two civilians were killed and three were wounded in Khankendi.",
            ["Two", "three"],
            [["Khankendi"], ["Khankendi"]],
        ),
        (
            "Artillery shelled Khankendi and Shushi, killing two and wounding three.",
            ["two", "three"],
            [["Khankendi", "Shushi"], ["Khankendi", "Shushi"]],
        ),
        # "while", "whereas", "but" and "and that" open another clause
        (
            "The toll in Tamsk has reached 12, while the toll in Pellin rose to 4.",
            ["12", "4"],
            [["Tamsk"], ["Pellin"]],
        ),
        (
            "Rockets killed six people in the Kestrian city of Harvik, and that shells fired at Tamsk hit a school.",
            ["six", "fired"],
            [["Harvik"], ["Tamsk"]],
        ),
        # a colon: the total takes every place, each part its own
        (
            "Nine civilians died in the shelling: five in Tamsk and four in Pellin.",
            ["Nine", "five", "four"],
            [["Tamsk", "Pellin"], ["Tamsk"], ["Pellin"]],
        ),
        # a dateline is no clause's place: the clause with a place keeps it alone
        (
            "Harvik, 5 May – Nine civilians were killed and 38 were wounded in Pellin, the office said.",
            ["Nine", "38"],
            [["Harvik", "Pellin"], ["Pellin"]],
        ),
        # a list of places after one preposition stays together; "and" before a verb does not cut
        (
            "Two were wounded by fire in Tamsk and Kolmo, and shelling destroyed 5 houses near Pellin.",
            ["Two", "5"],
            [["Tamsk", "Kolmo"], ["Pellin"]],
        ),
        (
            "Troops killed 14 fighters and detained 46 people around the village of Kolmo in Tamsk.",
            ["14", "46"],
            [["Kolmo", "Tamsk"], ["Kolmo", "Tamsk"]],
        ),
    ],
)
def test_place_more_each_claim_gets_the_place_of_its_clause(
    curated: Gazetteer, text: str, anchors: list[str], expected: list[list[str]]
) -> None:
    assert _places_of(curated, text, anchors) == expected


def test_place_more_places_for_with_no_place_is_empty() -> None:
    assert places_for("Two were killed.", [], 0, [0]) == []


def test_place_more_places_for_keeps_mention_objects(curated: Gazetteer) -> None:
    text = "Two were killed in Khankendi."
    (mention,) = curated.find(tokenize(text), text)
    assert places_for(text, [mention], 0, [0]) == [mention]
    assert isinstance(mention, PlaceMention)


# -------------------------------------------------------------------------------------- one build


def test_place_more_gazetteer_for_shares_one_build_for_equal_arguments() -> None:
    lex = load_lexicon((str(DEMO_WORLD),))
    assert gazetteer_for(lex, False) is gazetteer_for(lex, world_base=False)
    assert gazetteer_for(lex, 0) is gazetteer_for(lex, world_base=False)  # type: ignore[arg-type]


def test_place_more_default_world_base_is_the_same_gazetteer(lexicon: Lexicon, world: Gazetteer) -> None:
    assert gazetteer_for(lexicon) is gazetteer_for(lexicon, True) is gazetteer_for(lexicon, world_base=True)


def test_place_more_world_base_is_built_once_for_every_lexicon(world: Gazetteer) -> None:
    misses = places_module._world_base.cache_info().misses
    other = Gazetteer(load_lexicon((str(DEMO_WORLD),)))
    assert places_module._world_base.cache_info().misses == misses
    assert other.places["gn:169577"] == world.places["gn:169577"]


def test_place_more_component_without_world_base_or_spans() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("audiatur_places", config={"data": [str(DEMO_WORLD)], "world_base": False, "spans": False})
    doc = nlp("Shells fell on Homs and on Tamsk.")
    assert "audiatur_places" not in doc.spans
    state = doc._.audiatur
    assert state.gazetteer is gazetteer_for(load_lexicon((str(DEMO_WORLD),)), world_base=False)
    assert [p.name for p in state.ensure_places(state.text)] == ["Tamsk"]  # Homs is a world-base city


# ---------------------------------------------------------------------------------- disk cache


_BASE = places_module._WorldBase(
    names={"kolvar": "gn:1\t120000\t0", "colvar": "gn:1\t120000\t0", "van dorn": "gn:2\t150000\t1"},
    places={
        "gn:1": '["Kolvar",["Kolvar","Colvar"],"XX",1.5,2.5]',
        "gn:2": '["Van Dorn",["Van Dorn"],"XX",null,null]',
    },
    first=frozenset({"kolvar", "colvar", "van"}),
)


def test_place_more_disk_cache_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "audiatur" / "world-base-k.json"
    places_module._write_cache(path, "k", _BASE)
    assert places_module._read_cache(path, "k") == _BASE
    assert [p.name for p in path.parent.iterdir()] == ["world-base-k.json"]  # no temporary file left


def test_place_more_disk_cache_removes_older_versions(tmp_path: Path) -> None:
    old = tmp_path / "world-base-old.json"
    old.write_text("{}", encoding="utf-8")
    places_module._write_cache(tmp_path / "world-base-new.json", "new", _BASE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["world-base-new.json"]


def _damage(data: bytes) -> list[bytes]:
    head, _, body = data.partition(b"\n")
    return [
        data[: len(data) // 2],  # cut short
        head + b"\n" + body.replace(b"Kolvar", b"Kolvaz"),  # changed after it was written
        b"{not json\n" + body,
        b"[1, 2]\n" + body,
        head.replace(b'"k"', b'"other"') + b"\n" + body,  # another version's
        b"",
        b"\xff\xfe\n",
    ]


@pytest.mark.parametrize("case", range(7))
def test_place_more_disk_cache_corrupt_is_ignored(
    tmp_path: Path, case: int, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "world-base-k.json"
    places_module._write_cache(path, "k", _BASE)
    path.write_bytes(_damage(path.read_bytes())[case])
    with caplog.at_level(logging.WARNING, logger="audiatur.extract.places"):
        assert places_module._read_cache(path, "k") is None
    assert "ignoring the world gazetteer cache" in caplog.text


@pytest.mark.parametrize(
    "base",
    [
        places_module._WorldBase([], {}, frozenset()),  # type: ignore[arg-type]
        places_module._WorldBase({"kolvar": ["gn:1", 1, 0]}, {}, frozenset()),  # type: ignore[dict-item]
        places_module._WorldBase({}, {"gn:1": ["Kolvar"]}, frozenset()),  # type: ignore[dict-item]
    ],
)
def test_place_more_disk_cache_with_bad_rows_is_ignored(tmp_path: Path, base: object) -> None:
    path = tmp_path / "world-base-k.json"
    places_module._write_cache(path, "k", base)  # type: ignore[arg-type]
    assert places_module._read_cache(path, "k") is None


def test_place_more_gazetteer_reads_world_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places_module, "_world_base", lambda: _BASE)
    gazetteer = Gazetteer(load_lexicon(()))
    text = "Shelling in Colvar and near Van Dorn; Van Dorn drivers fled, as did Kolvar drivers."
    # a common-word town only after "near", "in" …; a town of fewer than a million people not without a cue
    assert found(gazetteer, text) == [("Colvar", "gn:1"), ("Van Dorn", "gn:2")]
    place = gazetteer.places["gn:1"]
    assert (place.name, place.names, place.country, place.latitude) == (
        "Kolvar",
        ("Kolvar", "Colvar"),
        "XX",
        1.5,
    )
    assert "gn:2" in set(gazetteer.places)


def test_place_more_disk_cache_missing_is_quiet(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="audiatur.extract.places"):
        assert places_module._read_cache(tmp_path / "absent.json", "k") is None
    assert caplog.text == ""


def test_place_more_disk_cache_unwritable_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    places_module._write_cache(blocker / "world-base-k.json", "k", _BASE)  # a file where a folder should be
    assert blocker.read_text(encoding="utf-8") == ""


def test_place_more_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert places_module._cache_dir() == tmp_path / "audiatur"


# ------------------------------------------------------------------------------------ word lists


def test_place_more_word_lists_sort_never_from_common() -> None:
    words = places_module._not_places(places_module._not_places_text())
    assert {"she", "for", "march", "no", "on"} <= words.never
    assert {"van", "split", "mobile"} <= words.common
    assert not words.never & words.common


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a: [b\n", "invalid YAML"),
        ("- a\n- b\n", "mapping of word lists"),
        ("frequent_words: [a, [b]]\n", "list of words"),
        ("frequent_words: [a, no]\n", "quote yes, no"),  # unquoted `no` is a boolean
    ],
)
def test_place_more_bad_word_list_names_the_file(text: str, reason: str) -> None:
    with pytest.raises(DataFileError, match=r"not_places\.yaml") as exc:
        places_module._not_places(text)
    assert reason in str(exc.value)
