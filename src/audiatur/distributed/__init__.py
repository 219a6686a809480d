"""Scale-out: batch extraction on Dask distributed, bulk ingest, and extractions in Parquet.

```python
from audiatur.distributed import ExtractorSpec, extract_batched, open_client

spec = ExtractorSpec(model=None, data=("world.yaml",))
with open_client("local:2", spec=spec) as client:   # or "tcp://scheduler:8786"
    report = extract_batched(store, spec, client=client)
```

The workers run the same extractor as a single process (`ExtractorSpec`, built once per worker); the
client reads documents, hands them out in batches and writes the results in bulk, idempotently per
document and extractor version. `ingest_bulk` reads JSONL and Parquet corpora the same way (MinHash and
extraction on the workers, batched inserts and near-duplicate links on the client). Only `open_client`
needs Dask; without a client everything runs in this process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .extraction import extract_batched, load_parquet
from .ingest import ingest_bulk
from .worker import DocumentFailure, ExtractorSpec

if TYPE_CHECKING:
    from .cluster import open_client

__all__ = [
    "DocumentFailure",
    "ExtractorSpec",
    "extract_batched",
    "ingest_bulk",
    "load_parquet",
    "open_client",
]


def __getattr__(name: str) -> object:
    # Dask is imported only when a cluster is asked for.
    if name == "open_client":
        from .cluster import open_client

        return open_client
    raise AttributeError(name)
