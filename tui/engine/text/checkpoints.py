"""Checkpoints in the loops that read a text (its words, values, sentences): they lie many calls below
a comparison, and serve the import and the corpus too, where nothing is cancelled, so they ask for the
check of the comparison running on their thread (align/cancel.py) rather than take one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

CHECK_EVERY = 4096
"""Steps of a loop between two checkpoints."""

_WITHIN = threading.local()


def _unchecked() -> None:
    """The check where no comparison runs."""


@contextmanager
def for_this_thread(local: threading.local, name: str, value: object, default: object) -> Iterator[None]:
    """`local.<name>` is `value` on this thread while inside, and again what it was (or `default`) after."""
    before = getattr(local, name, default)
    setattr(local, name, value)
    try:
        yield
    finally:
        setattr(local, name, before)


def checked_within(check: Callable[[], None]) -> AbstractContextManager[None]:
    """While inside, `check_in()` on this thread calls `check` (which raises to stop the work). Without
    it a text of millions of words was read for half a minute after its screen was left, and the
    command line showed nothing meanwhile."""
    return for_this_thread(_WITHIN, "check", check, _unchecked)


def check_in() -> None:
    """The check of the comparison running on this thread (`checked_within`), or nothing: cheap enough
    to call every CHECK_EVERY steps of a loop."""
    getattr(_WITHIN, "check", _unchecked)()
