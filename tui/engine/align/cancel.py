"""Stopping a long comparison and saying how far it has got: the two hooks every stage of the engine
calls, side by side.

The contract, for whoever writes a stage:
- `cancel()` between phases and every few hundred steps of a loop, so that no stretch of work between
  two checks is long (a screen left, a Ctrl-C, waits for the next check). It raises `Cancelled`; let
  it propagate.
- At the same places, `stages.at(stage, fraction)`: which stage is running (a name in the stage
  table, compare.py's `_SHARES`, in running order: add a stage there with its rough share of the
  time, or Stages raises KeyError) and the share of that stage done, 0 to 1. `stages.done()` once,
  when the result is ready. Stage names are shown to the reader as they are: plain lowercase words.
- A loop many calls below the comparison (reading a text's words, values and sentences; weighing a
  left-out passage), which also serves callers that cancel nothing, calls `check_in()` every few
  thousand steps instead: `compare_texts` makes it stop a cancelled comparison and tell the listener
  the stage again (text/checkpoints.py).
- The listener (`Progress`) hears the stage and the share of the whole comparison done, 0 to 1,
  never going backwards. It is called on the working thread, must be cheap and must not raise or
  block: a screen stores the pair for its timer to read, the command line redraws at most ten
  times a second.
"""

from __future__ import annotations

from collections.abc import Callable

from ..text.checkpoints import check_in, checked_within

CancelCheck = Callable[[], None]
"""Returns when the work should go on; raises Cancelled when it should stop."""

__all__ = [
    "CancelCheck",
    "Cancelled",
    "Progress",
    "Stages",
    "cancelled_when",
    "check_in",
    "checked_within",
    "never",
    "quiet",
]


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
        self.reached = 0.0
        """The share of the whole reported so far: a stage whose estimate drops does not move it back."""
        self.stage = next(iter(shares), "")

    def at(self, stage: str, fraction: float = 0.0) -> None:
        start, end = self.spans[stage]
        self.stage = stage
        self.reached = max(self.reached, start + (end - start) * min(1.0, max(0.0, fraction)))
        self.progress(stage, self.reached)

    def again(self) -> None:
        """Tell the listener the stage and share once more: a long stretch with no news of its own (a
        listener may show nothing until a comparison has run a while, as the command line does)."""
        self.progress(self.stage, self.reached)

    def done(self) -> None:
        self.progress("done", 1.0)
