"""The bundled demo: a fictional conflict (Kestria and Velsaria) in 19 short texts, with its world data.

Written for this project; every state, person, organisation and outlet in it is invented.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEMO_CORPUS", "DEMO_GOLD", "DEMO_WORLD"]

HERE = Path(__file__).parent
DEMO_CORPUS = HERE / "corpus"
DEMO_WORLD = HERE / "world.yaml"
DEMO_GOLD = HERE / "gold.jsonl"
