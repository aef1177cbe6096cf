"""The shape of the code, proved on every run of the suite: ruff (lint and format), mypy in strict mode
and the import-linter layer contracts, each run as the developer would run it from the repository root.

They are marked `shape`, so `pytest -m 'not shape'` leaves them out while iterating; the README's one
command runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The tools of the environment running the tests (installed by the `test` extra), not whatever is on PATH.
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.shape


def _run(tool: str, *arguments: str) -> None:
    executable = BIN / tool
    assert executable.exists(), f"{executable} is missing: install the test extra (pip install -e '.[test]')"
    result = subprocess.run(
        [str(executable), *arguments], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, f"`{tool} {' '.join(arguments)}` exited {result.returncode}:\n{output}"


def test_ruff_finds_nothing_to_lint() -> None:
    _run("ruff", "check", "--no-cache", "tui", "tests", "bench")


def test_ruff_would_reformat_nothing() -> None:
    _run("ruff", "format", "--check", "--no-cache", "tui", "tests", "bench")


def test_mypy_strict_passes_on_the_package() -> None:
    # pyproject.toml sets strict mode and the files (tui/).
    _run("mypy")


def test_import_contracts_are_kept() -> None:
    # The layers (cli > app > screens > widgets > store > engine), the engine's rooms, and no Textual
    # or Rich in the engine and the store.
    _run("lint-imports", "--no-cache")
