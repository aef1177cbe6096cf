"""Ctrl-C on the command line, made sure of. Python raises KeyboardInterrupt wherever the main thread
happens to be; where that is a finaliser (regex's, while nltk's modules load) the exception is printed
as "Exception ignored in ..." and lost, and the command runs to its end. Inside `interruptible()` a
Ctrl-C is also remembered, so the engine's next cancel check stops the work all the same, and the lost
exception's report is not printed."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .engine.align.cancel import CancelCheck, Cancelled, cancelled_when, never


@contextmanager
def interruptible() -> Iterator[CancelCheck]:
    """A cancel check that fails once Ctrl-C was pressed; leaving the block after a Ctrl-C (however
    the block ended) raises KeyboardInterrupt. Outside the main thread, or where SIGINT is ignored
    (`nohup`, a background job), Ctrl-C is left as it was."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) in (
        signal.SIG_IGN,
        None,
    ):
        yield never
        return
    pressed = threading.Event()

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        pressed.set()
        raise KeyboardInterrupt

    def unless_interrupt(unraisable: sys.UnraisableHookArgs) -> None:
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            previous_hook(unraisable)

    previous_handler = signal.signal(signal.SIGINT, on_interrupt)
    previous_hook, sys.unraisablehook = sys.unraisablehook, unless_interrupt
    try:
        yield cancelled_when(pressed.is_set)
    except Cancelled:
        raise KeyboardInterrupt from None
    finally:
        signal.signal(signal.SIGINT, previous_handler)
        sys.unraisablehook = previous_hook
    if pressed.is_set():
        raise KeyboardInterrupt
