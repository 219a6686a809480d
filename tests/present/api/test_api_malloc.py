"""A server process limits glibc's malloc arenas (a long-running server's RSS crept up with one per thread)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from audiatur.present.api.app import MALLOC_ARENAS, limit_malloc_arenas


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt arenas are glibc's")
def test_limit_malloc_arenas_is_taken_by_glibc() -> None:
    assert MALLOC_ARENAS >= 1
    assert limit_malloc_arenas() is True
    # Where the C library is not found, there is nothing to do, and it says so.
    code = (
        "import ctypes.util; ctypes.util.find_library = lambda name: None; "
        "from audiatur.present.api.app import limit_malloc_arenas; print(limit_malloc_arenas())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
