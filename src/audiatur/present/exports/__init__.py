"""Exports of the ledger in the formats the field uses: the claims export (JSON Lines, CSV), schema.org
ClaimReview (JSON-LD) and FollowTheMoney entities; and the reader that imports the claims export back."""

from __future__ import annotations

from audiatur.present.exports.claimreview import write_claimreview
from audiatur.present.exports.csv import CSV_COLUMNS, write_csv
from audiatur.present.exports.ftm import write_ftm
from audiatur.present.exports.jsonl import write_jsonl
from audiatur.present.exports.reader import read_claims

FORMATS = ("jsonl", "csv", "claimreview", "ftm")

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "read_claims",
    "write_claimreview",
    "write_csv",
    "write_ftm",
    "write_jsonl",
]
