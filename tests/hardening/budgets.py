"""Budgets of the hardening tests: small by default, raised by environment for a long run.

`AUDIATUR_FUZZ_EXAMPLES` (Hypothesis examples per property, default 60), `AUDIATUR_CRASH_RUNS` (SIGKILL
runs, default 10); `AUDIATUR_HARDENING_SLOW=1` raises both tenfold and lets Hypothesis explore freely.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SLOW = bool(os.environ.get("AUDIATUR_HARDENING_SLOW"))
FUZZ_EXAMPLES = int(os.environ.get("AUDIATUR_FUZZ_EXAMPLES", "600" if SLOW else "60"))
CRASH_RUNS = int(os.environ.get("AUDIATUR_CRASH_RUNS", "100" if SLOW else "10"))

fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # parser time varies with machine load; time bounds are asserted where they matter
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
    derandomize=not SLOW,  # the default run is reproducible; the long run explores
    database=None,
)
