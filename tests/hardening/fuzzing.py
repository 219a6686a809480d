"""Shared pieces of the fuzz tests: the one outcome allowed besides success, and the crasher corpus.

A parser given hostile bytes may return, or raise one of our `InputError`s: a single line naming the
source. Anything else is a crash. With `AUDIATUR_RECORD_CRASHERS=1` a crashing input is also written
to `tests/hardening/crashers/` (named by its hash, with the extension that picks its reader), to be
committed with the fix; `test_crashers.py` replays every file there.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from audiatur.errors import InputError

CRASHERS = Path(__file__).resolve().parent / "crashers"
T = TypeVar("T")


def record(data: bytes, suffix: str) -> Path:
    """Keep a crashing input in the regression corpus (only when recording is switched on)."""
    path = CRASHERS / f"{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    if os.environ.get("AUDIATUR_RECORD_CRASHERS"):
        path.write_bytes(data)
    return path


def only_input_errors(call: Callable[[], T], source: str, data: bytes, suffix: str) -> T | InputError:
    """Run `call`; an `InputError` naming `source` on one line is a result, any other exception a crash."""
    try:
        return call()
    except InputError as error:
        message = str(error)
        assert "\n" not in message, f"error is not one line: {message!r}"
        assert source in message, f"error does not name the source: {message!r}"
        return error
    except BaseException:
        record(data, suffix)
        raise
