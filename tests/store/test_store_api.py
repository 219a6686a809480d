"""The store's public surface: what `__all__` promises exists, and the methods other stages call."""

from __future__ import annotations

import inspect

import pytest

import audiatur.store as store_package
from audiatur.store import Store, records

# The calls the CLI, the web app and analysis are written against.
API = {
    "atomic": [],
    "close": [],
    "has_raw": ["raw_sha256"],
    "has_document": ["document_id"],
    "add_capture": ["capture", "signature", "band_keys", "duplicate_of"],
    "near_duplicate_candidates": ["band_keys"],
    "get_document": ["id_or_prefix"],
    "list_documents": ["filter", "limit", "after"],
    "count_documents": ["filter"],
    "get_raw": ["raw_sha256"],
    "list_captures": ["document_id"],
    "search_documents": ["q", "limit"],
    "save_extraction": ["extraction"],
    "documents_to_extract": ["extractor_version", "all"],
    "get_statements": ["document_id"],
    "get_claim": ["claim_id", "original"],
    "get_claim_record": ["claim_id", "original"],
    "list_claims": ["filter", "limit", "after", "sort"],
    "count_claims": ["filter", "estimate"],
    "iter_export": ["filter", "batch_size"],
    "update_claim": ["claim_id", "changes", "user", "expected_version"],
    "set_claim_status": ["claim_id", "status", "user", "expected_version"],
    "revert_claim": ["claim_id", "user", "expected_version"],
    "merge_actors": ["keep_id", "drop_id", "user"],
    "set_actor_party": ["actor_id", "party_name", "user"],
    "audit_trail": ["entity_type", "entity_id"],
    "recent_audit": ["limit", "user"],
    "upsert_party": ["party", "user"],
    "list_parties": [],
    "get_actor": ["actor_id"],
    "list_actors": ["name", "party", "include_merged", "limit"],
    "list_places": ["name"],
    "get_place": ["place_id"],
    "summary": [],
    "verify": [],
}


def test_all_names_exist_and_every_value_type_is_exported() -> None:
    for name in store_package.__all__:
        assert hasattr(store_package, name), name
    assert set(records.__all__) <= set(store_package.__all__)
    assert store_package.__all__ == sorted(store_package.__all__, key=lambda n: (not n.isupper(), n))


@pytest.mark.parametrize(("method", "parameters"), sorted(API.items()))
def test_store_method_signature(method: str, parameters: list[str]) -> None:
    function = getattr(Store, method)
    assert function.__doc__, f"{method} has no docstring"
    names = [p for p in inspect.signature(function).parameters if p != "self"]
    assert names == parameters


def test_public_methods_are_documented() -> None:
    for name, member in inspect.getmembers(Store, inspect.isfunction):
        if not name.startswith("_"):
            assert member.__doc__ and "\n" not in member.__doc__.split("\n\n")[0].strip(), name
