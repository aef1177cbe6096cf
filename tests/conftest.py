"""Shared fixtures: every test gets its own data folder, so nothing touches a real library."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
EVAL_DIR = SHARED / "eval"
# The reference scorer is benchmark code (bench/evaluation.py), not part of the installed package.
sys.path.insert(0, str(REPO / "bench"))


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` ("000" ... "004")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(autouse=True)
def cyberread_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("cyberread-home")
    monkeypatch.setenv("CYBERREAD_HOME", str(home))
    return home


@pytest.fixture
def johannesburg() -> dict:
    """The reference alignment of the Global Times (a) and Sputnik (b) accounts."""
    path = EVAL_DIR / "johannesburg.toml"
    if not path.exists():
        pytest.skip(f"{path} is not beside the repository")
    with path.open("rb") as handle:
        return tomllib.load(handle)
