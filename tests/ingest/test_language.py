"""Language identification on a prefix of the text."""

from __future__ import annotations

import pytest

from audiatur.ingest.language import detect_language

from .conftest import STATEMENT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (STATEMENT, "en"),
        ("Le ministère de la Défense a déclaré mardi que quatre civils avaient été tués à Kessel.", "fr"),
        ("Das Verteidigungsministerium erklärte am Dienstag, vier Zivilisten seien getötet worden.", "de"),
        ("Министерство обороны заявило во вторник, что четыре мирных жителя погибли.", "ru"),
        ("Müdafiə Nazirliyi çərşənbə axşamı dörd mülki şəxsin öldüyünü bildirib.", "az"),
        ("OK 12 34", None),  # too little text to tell
        ("", None),
    ],
)
def test_detect_language_iso_639_1(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def test_detect_language_reads_only_a_prefix() -> None:
    # An English report with a long non-English annex is English.
    assert detect_language(STATEMENT + "\n" + "Das Ministerium erklärte heute. " * 2000) == "en"
