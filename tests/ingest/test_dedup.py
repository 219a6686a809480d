"""Near-duplicate signatures: a syndicated copy is found through shared band keys; unrelated texts are not."""

from __future__ import annotations

import pytest
from datasketch import MinHashLSH

from audiatur.ingest import NEAR_DUPLICATE_THRESHOLD, band_keys, estimate_jaccard, minhash
from audiatur.ingest.dedup import BANDS, LSH_WEIGHTS, NUM_PERM, ROWS, shingles

from .conftest import STATEMENT, UNRELATED

WIRE_BODY = (
    "KESSEL, Oct 8 — Artillery fire struck the centre of Kessel for a fourth night, the Arvenian "
    "Ministry of Defence said on Thursday, killing four civilians and wounding eleven others, among "
    "them two children. The ministry said the shells were fired from positions held by Dalmor forces "
    "east of the river and that a covered market, a school and a water pumping station had been "
    "damaged. Ilsa Maren, a spokesperson for the ministry, told reporters that emergency crews had "
    "worked through the night to reach people trapped under collapsed roofs. The Dalmor Federation's "
    "defence ministry rejected the account, saying its units had returned fire only at artillery "
    "batteries that had shelled villages on its side of the line. Neither claim could be "
    "independently verified. The observer mission said its monitors had heard sustained shelling "
    "between midnight and four in the morning and would ask both sides for access to the town. "
    "Humanitarian groups said more than two thousand residents had left Kessel since the fighting "
    "resumed last week, most of them for shelters in the capital, and warned that water supplies were"
    " running low."
)
ORIGINAL = "Kessel shelled for fourth night, ministry says\nBy Arvenia Wire staff\n\n" + WIRE_BODY
SYNDICATED = (
    "Four civilians killed as shelling hits Kessel market\nReporting by Tomas Ebb; editing by K. Lind\n\n"
    + WIRE_BODY
)


def test_syndicated_copy_is_a_near_duplicate_found_by_band_keys() -> None:
    a, b = minhash(ORIGINAL), minhash(SYNDICATED)
    assert estimate_jaccard(a, b) >= NEAR_DUPLICATE_THRESHOLD
    assert set(band_keys(a)) & set(band_keys(b))


@pytest.mark.parametrize("other", [UNRELATED, STATEMENT], ids=["unrelated", "same-events-different-text"])
def test_different_texts_are_not_near_duplicates(other: str) -> None:
    a, b = minhash(ORIGINAL), minhash(other)
    assert estimate_jaccard(a, b) < NEAR_DUPLICATE_THRESHOLD
    assert not set(band_keys(a)) & set(band_keys(b))


def test_signatures_are_deterministic_and_text_only() -> None:
    assert minhash(ORIGINAL) == minhash(ORIGINAL)
    assert estimate_jaccard(minhash(ORIGINAL), minhash(ORIGINAL)) == 1.0
    # Case and punctuation do not make a copy different.
    assert minhash("Four civilians, killed!") == minhash("four civilians killed")
    assert band_keys(minhash(ORIGINAL)) == band_keys(minhash(ORIGINAL))


def test_band_keys_name_their_parameters() -> None:
    keys = band_keys(minhash(STATEMENT))
    assert len(keys) == BANDS == len(set(keys))
    assert all(key.startswith(f"m{NUM_PERM}b{BANDS}r{ROWS}k3:{band:02d}:") for band, key in enumerate(keys))


def test_band_parameters_are_datasketchs_optimum() -> None:
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)


@pytest.mark.parametrize(("text", "count"), [("", 0), ("Kessel", 1), ("Kessel shelled", 1), ("a b c d", 2)])
def test_short_texts_still_have_shingles(text: str, count: int) -> None:
    assert len(shingles(text)) == count
    assert len(band_keys(minhash(text))) == BANDS


@pytest.mark.slow
def test_minhash_keys_for_many_texts() -> None:
    texts = [f"Bulletin {n}. {STATEMENT} Casualty count {n * 7}." for n in range(3000)]
    keys = [band_keys(minhash(text)) for text in texts]  # speed is measured in `make bench`, not asserted
    assert len(keys) == 3000
    assert all(len(ks) == BANDS for ks in keys)
