"""The ingest stage: files, folders, URLs and feeds to `Capture`s (text, metadata, hashes).

```python
from audiatur.ingest import IngestOptions, discover, read_source

options = IngestOptions.from_settings(get_settings())
for source in discover(["corpus/", "https://example.org/statement"]):
    try:
        for item in read_source(source, options):
            ...  # a Capture, or an InputError naming one bad line or feed entry
    except InputError as error:
        ...  # the whole source failed; error names it and says why
```

Near-duplicates: `minhash(text)` gives a signature and `band_keys(signature)` its LSH keys; documents
sharing a key are candidates, confirmed by `estimate_jaccard(a, b) >= NEAR_DUPLICATE_THRESHOLD`.
"""

from __future__ import annotations

from .dedup import NEAR_DUPLICATE_THRESHOLD, band_keys, estimate_jaccard, minhash
from .fetch import MAX_REDIRECTS, Fetched, fetch
from .hashing import sha256_hex
from .normalize import normalize_text
from .options import IngestOptions
from .sources import discover, read_source

__all__ = [
    "MAX_REDIRECTS",
    "NEAR_DUPLICATE_THRESHOLD",
    "Fetched",
    "IngestOptions",
    "band_keys",
    "discover",
    "estimate_jaccard",
    "fetch",
    "minhash",
    "normalize_text",
    "read_source",
    "sha256_hex",
]
