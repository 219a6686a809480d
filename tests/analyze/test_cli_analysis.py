"""The analysis commands: JSON shapes scripts can rely on, tables otherwise, and help for every command."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from audiatur.present.cli.app import app

COMMANDS = ("analyze", "compare", "contradictions", "timeline", "incidents")
CLAIM_KEYS = {"id", "kind", "document", "speaker", "attribution", "evidence", "figure", "event", "status"}


def _run(demo_url: str, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--db", demo_url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def _json(demo_url: str, *args: str) -> Any:
    return json.loads(_run(demo_url, *args, "--json"))


def test_cli_compare_json_is_a_list_of_clusters(demo_url: str) -> None:
    clusters = _json(demo_url, "compare")
    assert clusters
    for cluster in clusters:
        assert {
            "id",
            "kind",
            "claims",
            "documents",
            "origins",
            "parties",
            "independent_origins",
        } <= cluster.keys()
        assert cluster["documents"] >= 2  # by default, only what several documents state
        assert all(claim.keys() >= CLAIM_KEYS for claim in cluster["claims"])
        assert all(isinstance(o, str) for o in cluster["origins"])
    figures = _json(demo_url, "compare", "--kind", "figure", "--min-documents", "1")
    assert {c["kind"] for c in figures} == {"figure"} and len(figures) > len(
        [c for c in clusters if c["kind"] == "figure"]
    )


def test_cli_contradictions_json_pairs_two_claims(demo_url: str) -> None:
    found = _json(demo_url, "contradictions")
    assert {c["kind"] for c in found} == {"event", "figure"}
    for c in found:
        assert len(c["claims"]) == 2 and all(claim.keys() >= CLAIM_KEYS for claim in c["claims"])
    events = _json(demo_url, "contradictions", "--kind", "event")
    assert {c["kind"] for c in events} == {"event"}
    assert {c["claims"][0]["event"]["polarity"] for c in events} == {"asserted"}
    assert {c["claims"][1]["event"]["polarity"] for c in events} == {"denied"}


def test_cli_timeline_json_points(demo_url: str) -> None:
    timelines = _json(demo_url, "timeline", "--measure", "killed")
    assert timelines
    for t in timelines:
        assert {"origin", "party", "measure", "subject_class", "places", "points"} <= t.keys()
        assert t["measure"] == "killed"
        assert len({p["date"] for p in t["points"]}) > 1  # by default, timelines that move over time
        for p in t["points"]:
            assert {"date", "value", "bound", "claim_id", "places"} <= p.keys()
            # Every point is for the timeline's place, or names none: a series never mixes places.
            assert p["places"] in ([], t["places"]), (t["origin"], t["places"], p)
    toll = next(t for t in timelines if "Prosecutor" in t["origin"] and t["subject_class"] == "civilians")
    assert [x["name"] for x in toll["places"]] == ["Kestria"]
    assert [p["value"] for p in toll["points"]] == [9, 14, 21]  # not the Harvik strike's 7 in between
    every = _json(demo_url, "timeline", "--measure", "killed", "--all")
    assert len(every) > len(timelines)
    harvik = [
        t for t in every if "Prosecutor" in t["origin"] and [x["id"] for x in t["places"]] == ["demo:harvik"]
    ]
    assert [[p["value"] for p in t["points"]] for t in harvik] == [[7]]
    # One series per origin, measure, subject class and scope.
    keys = [(t["origin"], t["subject_class"], tuple(x["id"] for x in t["places"])) for t in every]
    assert len(keys) == len(set(keys))


def test_cli_incidents_json_ranges(demo_url: str) -> None:
    incidents = _json(demo_url, "incidents", "--min-documents", "2")
    assert incidents and all(i["documents"] >= 2 for i in incidents)
    harvik = [i for i in incidents if i["place"] and i["place"]["id"] == "demo:harvik"]
    killed = [r for i in harvik for r in i["ranges"] if r["measure"] == "killed"]
    assert any((r["low"], r["high"]) == (5, 9) for r in killed)
    assert all({"party", "low", "high"} <= p.keys() for r in killed for p in r["by_party"])


def test_cli_tables_print(demo_url: str) -> None:
    assert "clusters in ≥ 2 documents" in _run(demo_url, "compare")
    assert "contradictions" in _run(demo_url, "contradictions", "--limit", "3")
    assert "timelines" in _run(demo_url, "timeline", "--origin", "prosecutor")
    assert "incidents" in _run(demo_url, "incidents", "--limit", "3")


def test_cli_analyze_reports_what_it_recomputed(demo_url: str) -> None:
    output = _run(demo_url, "analyze")
    assert "blocks recomputed" in output and "clusters" in output


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_analysis_command_has_help(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.split()) > 20
