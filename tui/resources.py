"""Finds the folders shipped with cyberread (stylesheets, seed articles) in a wheel and in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def bundled_dir(name: str) -> Path:
    """The shipped folder `name`: inside the installed package, or beside `tui/` in an editable checkout."""
    for candidate in (_HERE / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cyberread is installed without its {name}/ folder")


def styles_dir() -> Path:
    return bundled_dir("styles")


def seeds_dir() -> Path:
    return bundled_dir("seeds")
