"""Fixtures for pilot tests: an app on a fresh library holding the five seeds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cyberread.app import CyberreadApp
from cyberread.store.importing import open_library
from cyberread.store.library import Library
from cyberread.store.paths import locations

from .typists import TYPISTS, Typing


@pytest.fixture
def library() -> Iterator[Library]:
    library = open_library(locations())
    yield library
    library.close()


@pytest.fixture
def app(library: Library) -> CyberreadApp:
    return CyberreadApp(library)


@pytest.fixture(params=TYPISTS, ids=lambda typing: typing.__name__)
def typing(request: pytest.FixtureRequest) -> Typing:
    """Each way of typing a test's keys: all at once, a turn of the event loop apart, with pauses."""
    typist: Typing = request.param
    return typist
