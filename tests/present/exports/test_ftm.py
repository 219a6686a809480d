"""`audiatur export --format ftm`: FollowTheMoney entities that followthemoney itself accepts.

Every line is re-read with followthemoney's model from untrusted input (values re-cleaned), must come back
unchanged (nothing was written that its types would drop or alter), pass its schema validation with the
required properties present, have an id its entity type accepts, and point only at entities in the file.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model
from followthemoney.types import registry
from typer.testing import CliRunner

from audiatur.errors import ConfigError
from audiatur.present.cli.app import app
from audiatur.present.exports import write_ftm
from audiatur.store import Store, open_store
from demo_ledger import demo_ledger_copy
from present.exports.reviewed import Reviewed, review

SCHEMATA = {"Person", "Organization", "Document", "Mention", "Documentation", "Note"}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Reviewed]:
    db = demo_ledger_copy(tmp_path_factory, "ftm")
    with open_store(f"sqlite:///{db}") as store:
        return db, review(store)


@pytest.fixture(scope="module")
def store(ledger: tuple[Path, Reviewed]) -> Any:
    with open_store(f"sqlite:///{ledger[0]}") as opened:
        yield opened


@pytest.fixture(scope="module")
def entities(ledger: tuple[Path, Reviewed], tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("ftm") / "entities.ftm.json"
    result = CliRunner().invoke(app, ["--db", str(ledger[0]), "export", "--format", "ftm", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_ftm_entities_pass_followthemoneys_validation(entities: list[dict[str, Any]]) -> None:
    assert entities
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # re-clean every value, as for untrusted input
        assert proxy.schema.name in SCHEMATA
        assert proxy.id and registry.entity.validate(proxy.id), proxy.id
        assert proxy.to_dict()["properties"] == data["properties"], "no value dropped or altered by cleaning"
        proxy.schema.validate(data)  # raises followthemoney.exc.InvalidData on a bad value
        missing = [p for p in proxy.schema.required if not proxy.get(p)]
        assert not missing, (proxy.schema.name, proxy.id, missing)


def test_ftm_references_point_at_entities_in_the_file(entities: list[dict[str, Any]]) -> None:
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities), "each entity once"
    for data in entities:
        proxy = model.get_proxy(data)
        for prop, value in proxy.itervalues():
            if prop.type == registry.entity:
                assert value in ids, (proxy.schema.name, prop.name, value)


def test_ftm_gives_speakers_documents_mentions_and_one_entity_per_claim(
    entities: list[dict[str, Any]], store: Store
) -> None:
    schemata = Counter(e["schema"] for e in entities)
    claims = {c.id: (c, d) for c, d in store.iter_export()}
    per_claim = [e for e in entities if e["schema"] in ("Documentation", "Note")]
    assert len(per_claim) == len(claims)
    assert schemata["Document"] == len({d.id for _, d in claims.values()})
    assert schemata["Person"] and schemata["Organization"] and schemata["Mention"]
    by_id = {e["id"]: e for e in entities}
    for e in per_claim:
        props = e["properties"]
        if e["schema"] == "Documentation":
            claim, document = claims[props["recordId"][0]]
            assert props["status"] == [str(claim.status)]
            assert claim.speaker is not None
            assert by_id[props["entity"][0]]["properties"]["name"] == [claim.speaker.name]
            doc = by_id[props["document"][0]]["properties"]
            assert document.id in doc["description"][0] and document.raw_sha256 in doc["description"][0]
            assert claim.evidence.text in props["description"][0]


def test_ftm_without_followthemoney_is_one_clear_error(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "followthemoney", None)  # as if the `ftm` extra were not installed

    class Out:
        written = ""

        def write(self, text: str) -> None:
            self.written += text

    out = Out()
    with pytest.raises(ConfigError, match=r"pip install 'audiatur\[ftm\]'"):
        write_ftm(store, out)  # type: ignore[arg-type]
    assert out.written == ""


def test_ftm_validate_command_reads_the_file_back_unchanged(
    entities: list[dict[str, Any]], tmp_path: Path
) -> None:
    """followthemoney's own `ftm validate` (re-parse and re-clean every value) keeps every entity whole."""
    from click.testing import CliRunner as ClickRunner
    from followthemoney.cli.cli import cli as ftm

    source, checked = tmp_path / "in.ftm.json", tmp_path / "out.ftm.json"
    source.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    result = ClickRunner().invoke(ftm, ["validate", "-i", str(source), "-o", str(checked)])
    assert result.exit_code == 0, result.output
    back = {e["id"]: e for e in map(json.loads, checked.read_text(encoding="utf-8").splitlines())}
    assert len(back) == len(entities)
    for e in entities:
        assert back[e["id"]]["schema"] == e["schema"]
        assert back[e["id"]]["properties"] == e["properties"], e["id"]
