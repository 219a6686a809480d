"""The parties book: packaged defaults, world data, the ledger's parties and a user file laid over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiatur.analyze import load_party_book
from audiatur.domain import Actor, Party, PartyKind
from audiatur.errors import DataFileError


def test_parties_packaged_sides_and_world_adjectives() -> None:
    book = load_party_book()
    assert book.of_side("international-ngo") == "independent"
    assert book.of_side("International NGO") == "independent"
    assert book.of_side("international-media") is None
    assert book.of_side("azerbaijani") == "Azerbaijan"
    assert book.of_side("Armenian") == "Armenia"
    assert book.of_side("nowhere") is None
    assert book.is_independent("independent") and not book.is_independent("Armenia")


def test_parties_ledger_parties_and_extra_world_files(tmp_path: Path) -> None:
    world = tmp_path / "world.yaml"
    world.write_text("countries:\n  - name: Northland\n    adjectives: [Northern]\n", encoding="utf-8")
    book = load_party_book(
        world=[world], parties=[Party(id="p", name="Monitors", kind=PartyKind.INDEPENDENT)]
    )
    assert book.of_side("northern") == "Northland"
    assert book.canonical("northland") == "Northland"
    assert book.is_independent("Monitors")


def test_parties_user_file_overrides_and_changes_the_fingerprint(tmp_path: Path) -> None:
    user = tmp_path / "parties.yaml"
    user.write_text(
        "sides:\n  international-media: independent\naffiliations:\n  Water Board: Northland\n"
        "actors:\n  Valley Wire: independent\n",
        encoding="utf-8",
    )
    book = load_party_book(parties_file=user)
    assert book.of_side("international-media") == "independent"
    assert book.of_affiliation("water board") == "Northland"
    assert book.of_actor(Actor(id="w", name="Other", aliases=("Valley Wire",))) == "independent"
    assert book.fingerprint != load_party_book().fingerprint


@pytest.mark.parametrize(
    ("content", "key"),
    [("sides: [1, 2]\n", "sides"), ("parties:\n  - kind: side\n", "parties.0.name"), ("x: 1\n", "x")],
)
def test_parties_bad_file_names_the_file_and_key(tmp_path: Path, content: str, key: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load_party_book(parties_file=bad)
    assert raised.value.path == str(bad) and raised.value.key == key


def test_parties_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_party_book(parties_file=tmp_path / "none.yaml")
