"""Stopping a long comparison: the engine calls a check between phases and every few hundred steps of
its loops; the check raises `Cancelled` when whoever asked no longer wants the result."""

from __future__ import annotations

from collections.abc import Callable

CancelCheck = Callable[[], None]
"""Returns when the work should go on; raises Cancelled when it should stop."""


class Cancelled(Exception):
    """The comparison was abandoned before it finished."""


def never() -> None:
    """The check of a comparison nobody cancels."""


def cancelled_when(is_cancelled: Callable[[], bool]) -> CancelCheck:
    """A check that raises Cancelled once `is_cancelled()` is true (a worker's flag, an Event's)."""

    def check() -> None:
        if is_cancelled():
            raise Cancelled

    return check
