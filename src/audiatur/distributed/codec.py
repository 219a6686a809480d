"""Extractions as JSON and back, for Parquet files (no pickle: a file read back cannot run code).

The encoding follows the domain dataclasses field by field: enums as their contract strings, dates in
ISO format, tuples as lists. Decoding is guided by the dataclasses' type hints, so a field added to a
domain type round-trips without a change here.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from audiatur.domain import Extraction
from audiatur.errors import ParseFailed

__all__ = ["decode_extraction", "encode_extraction"]


class _Undecodable(ValueError):
    """A value the type hints do not say how to build (the message says where)."""


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def encode_extraction(extraction: Extraction) -> str:
    """One extraction as a JSON text."""
    return json.dumps(_plain(extraction), ensure_ascii=False, separators=(",", ":"))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        if len(arms) != 1:
            raise _Undecodable(f"{where}: cannot decode a value of type {hint}")
        return _build(arms[0], value, where)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_build(item, v, f"{where}[{i}]") for i, v in enumerate(value))
    if hint is Any or origin is dict or value is None:
        return value
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        known = {f.name for f in dataclasses.fields(hint)}
        fields = {k: _build(hints[k], v, f"{where}.{k}") for k, v in value.items() if k in known}
        return hint(**fields)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, Enum | str | int | float | bool):
        return hint(value)
    raise _Undecodable(f"{where}: cannot decode a value of type {hint}")


def decode_extraction(text: str | bytes, source: str) -> Extraction:
    """The extraction a JSON text made by `encode_extraction` holds (ParseFailed naming `source` if none)."""
    try:
        result: Extraction = _build(Extraction, json.loads(text), "extraction")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ParseFailed(source, f"not a stored extraction: {exc}") from exc
    return result
