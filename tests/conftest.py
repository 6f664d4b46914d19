"""Shared fixtures: the real Dezhou briefing and the synthetic set, built once per session into tmp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dzkg import api

ROOT = Path(__file__).resolve().parent.parent
DEZHOU_DIR = ROOT / "data" / "briefings"
DEZHOU = DEZHOU_DIR / "dezhou-2025-09-03.txt"
SYNTHETIC_DIR = ROOT / "tests" / "briefings"
HELDOUT_DIR = SYNTHETIC_DIR / "heldout"
GOLD_DIR = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def dezhou_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dezhou") / "dzkg.trig"
    api.build([DEZHOU_DIR], output=out)
    return out


@pytest.fixture(scope="session")
def synthetic_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "dzkg.trig"
    api.build([SYNTHETIC_DIR], output=out)
    return out


@pytest.fixture(scope="session")
def heldout_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("heldout") / "dzkg.trig"
    api.build([HELDOUT_DIR], output=out)
    return out
