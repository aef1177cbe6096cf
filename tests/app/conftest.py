"""Fixtures for pilot tests: an app on a fresh library holding the five seeds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cyberread.app import CyberreadApp
from cyberread.store.importing import open_library
from cyberread.store.library import Library
from cyberread.store.paths import locations


@pytest.fixture
def library() -> Iterator[Library]:
    library = open_library(locations())
    yield library
    library.close()


@pytest.fixture
def app(library: Library) -> CyberreadApp:
    return CyberreadApp(library)
