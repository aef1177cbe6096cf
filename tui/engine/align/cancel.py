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


Progress = Callable[[str, float], None]
"""Told which stage a comparison is in and how far the whole has got (0 to 1). Called from the thread
doing the work: a screen hands the news to its own thread (`call_from_thread`)."""


def quiet(stage: str, fraction: float) -> None:
    """The progress of a comparison nobody watches."""


class Stages:
    """The stages of a comparison as parts of the whole, each reporting its own fraction (0 to 1)."""

    def __init__(self, progress: Progress, shares: dict[str, float]) -> None:
        self.progress = progress
        total = sum(shares.values())
        self.spans: dict[str, tuple[float, float]] = {}
        start = 0.0
        for stage, share in shares.items():
            self.spans[stage] = (start, start + share / total)
            start += share / total

    def at(self, stage: str, fraction: float = 0.0) -> None:
        start, end = self.spans[stage]
        self.progress(stage, start + (end - start) * min(1.0, max(0.0, fraction)))

    def done(self) -> None:
        self.progress("done", 1.0)
