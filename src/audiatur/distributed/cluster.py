"""Connecting to a Dask cluster: a scheduler address, or `local:N` for N worker processes on this machine."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from audiatur.errors import ConfigError

from .runner import worker_threads
from .worker import ExtractorSpec

__all__ = ["LOCAL_PREFIX", "ExtractorPlugin", "local_workers", "open_client"]

log = logging.getLogger(__name__)

LOCAL_PREFIX = "local:"
_CONNECT_TIMEOUT = "30s"
# A local cluster's processes start on this machine, perhaps while it is busy (spaCy and the world data load as
# each worker starts): give their connections longer than Dask's 30 s before calling them dead. Its workers
# share this machine's cores with the client, so Dask's own housekeeping is turned down: event-loop health checks
# once a second instead of every 20 ms, no sampling profiler, no GIL or disk sampling, system and memory monitors
# once a second, no active memory manager (results are fetched as soon as they are ready). Idle, a 2-worker
# cluster then takes about 16 ms of CPU a second (client, scheduler and nannies 9, each worker 3.5) instead of 90.
_LOCAL_CONFIG = {
    "distributed.comm.timeouts.connect": "120s",
    "distributed.comm.timeouts.tcp": "120s",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.system-monitor.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.active-memory-manager.start": False,
    # Every task submitted goes to a worker at once (instead of 1.1 a worker): a worker goes from one task to the
    # next without waiting for the scheduler, which runs in the client's process and shares its GIL with the
    # writes. The client keeps only a few tasks a worker in flight.
    "distributed.scheduler.worker-saturation": "inf",
    "distributed.admin.tick.interval": "1s",
}

try:
    import dask
    from distributed import Client, LocalCluster, WorkerPlugin
except ModuleNotFoundError as _missing:  # pragma: no cover - the [dask] extra is part of the test setup
    raise ConfigError(
        f"distributed extraction needs Dask: pip install 'audiatur[dask]' ({_missing})"
    ) from None


class ExtractorPlugin(WorkerPlugin):
    """Builds the extraction pipeline as each worker starts, and on a worker that replaces a lost one."""

    name = "audiatur-extractor"

    def __init__(self, spec: ExtractorSpec) -> None:
        self.spec = spec

    def setup(self, worker: Any) -> None:
        """Build (and warm up) the pipeline before the worker's first task."""
        self.spec.warm_up()


def local_workers(address: str) -> int | None:
    """N for a `local:N` address, None for a scheduler address (ConfigError for a bad N)."""
    if not address.startswith(LOCAL_PREFIX):
        return None
    count = address.removeprefix(LOCAL_PREFIX)
    if not count.isdigit() or int(count) < 1:
        raise ConfigError(f"--dask {address!r}: write local:N with N worker processes (local:2)")
    return int(count)


@contextmanager
def open_client(address: str, *, spec: ExtractorSpec | None = None) -> Iterator[Client]:
    """A Dask client for `address` (closed, with any local cluster, on exit).

    `local:N` starts N single-threaded worker processes on this machine (spaCy holds the GIL, so a
    process per core is what scales); anything else is a scheduler address (`tcp://host:8786`). With
    `spec`, every worker builds that extraction pipeline once, now and whenever a worker is replaced.
    """
    workers = local_workers(address)
    with ExitStack() as stack:
        try:
            if workers is not None:
                stack.enter_context(dask.config.set(_LOCAL_CONFIG))
                cluster = stack.enter_context(
                    LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                )
                client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
            else:
                client = stack.enter_context(
                    Client(address, timeout=_CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
                )
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        if spec is not None:
            client.register_plugin(ExtractorPlugin(spec))
        log.info("Dask cluster %s with %d worker threads", client.scheduler.address, worker_threads(client))
        yield client
