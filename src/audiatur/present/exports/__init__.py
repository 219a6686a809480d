"""Exports of the ledger in the formats the field uses."""

from __future__ import annotations

from audiatur.present.exports.csv import CSV_COLUMNS, write_csv
from audiatur.present.exports.jsonl import write_jsonl

FORMATS = ("jsonl", "csv")

__all__ = ["CSV_COLUMNS", "FORMATS", "write_csv", "write_jsonl"]
