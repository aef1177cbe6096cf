"""Two halves of a long comparison's work at once: one in this process, the other in a forked copy of
it that sends its answer back pickled. A copy made by fork shares the prepared texts without
sending them, and starts in a millisecond where a fresh interpreter takes a quarter of a second.

Used only where a fork is safe and pays: on Linux (macOS's system libraries do not survive a fork
without exec), with a second core to run on, and from a process with one thread, since a lock that
another thread held at the fork would never be released in the copy. The Textual app compares in a
worker thread, so it always works in one process; the command line forks. Whatever goes wrong in
the copy, its half is done again here: the answer never depends on whether the work was split.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

_Here = TypeVar("_Here")
_There = TypeVar("_There")


SPLIT_CHARACTERS = 200_000
"""Two bodies this long together (some 30,000 words) have their comparison's larger stages split across
two processes; below it, starting the second one costs more than it saves."""


HERE_SHARE = 0.55
"""The share of split work the parent keeps: the copy works slower (each page it writes to, reference
counts included, is copied first) and pickles its answer back; with half each it finished 0.05-0.1 s
after its parent on bench/long_pair.py's pair."""


def worth_splitting(*bodies: str) -> bool:
    """Whether a comparison of these bodies is long enough for `in_two` to pay."""
    return sum(len(body) for body in bodies) >= SPLIT_CHARACTERS


def can_fork() -> bool:
    """Whether `in_two` would split its work. Not in a worker of a process pool (collate's): the pool
    already has a process for each core."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    import multiprocessing  # 8 ms, for long comparisons only

    return multiprocessing.parent_process() is None and len(os.sched_getaffinity(0)) > 1


def in_two(here: Callable[[], _Here], there: Callable[[], _There]) -> tuple[_Here, _There]:
    """`here()` and `there()`, the second in a forked copy of this process where `can_fork()`.

    Whatever `here` raises (a Cancelled, Ctrl-C's KeyboardInterrupt) stops the copy at once. A copy
    that fails or dies leaves its work to this process."""
    if not can_fork():
        return here(), there()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        _run_in_copy(there, write, unused=read)
    os.close(write)
    try:
        mine = here()
        with os.fdopen(read, "rb") as pipe:
            read = -1
            payload = pipe.read()
    except BaseException:
        os.kill(child, signal.SIGKILL)
        raise
    finally:
        if read >= 0:
            os.close(read)
        _, status = os.waitpid(child, 0)
    if status != 0 or not payload:
        return mine, there()
    theirs: _There = pickle.loads(payload)
    return mine, theirs


class Aside(Generic[_There]):
    """`work()` done aside, in a forked copy of this process that runs only on a core nothing else wants,
    from now until `result()` asks for its answer: a comparison leaves the second core idle in the
    stretches where one process works alone (a third of the long pair's time), and work that needs
    only the bodies can be done there.

    The copy never holds this process up. It writes its answer to a memory file and exits; `result()`
    takes the answer where the copy has ended, and otherwise (still at work on a busy machine, failed,
    or never made where `can_fork()` is false) stops it and leaves the work to the caller. Used as a
    context manager: leaving it with the answer not asked for (a cancelled comparison) stops the copy."""

    def __init__(self, work: Callable[[], _There]) -> None:
        self._child = 0
        self._answer = -1
        if not can_fork():
            return
        try:
            self._answer = os.memfd_create("cyberread-aside", os.MFD_CLOEXEC)
            child = os.fork()
        except OSError:  # no memory files (a kernel before 3.17), or no process to spare: no copy
            self._stop()
            return
        if child == 0:
            _run_in_copy(work, self._answer, idle=True)
        self._child = child

    def result(self, wait: bool = False) -> _There | None:
        """The copy's answer where it has ended with one; otherwise None, and the work is the caller's.
        `wait`: wait for the copy to end (for a caller with nothing else to do)."""
        if not self._child:
            return None
        child, status = os.waitpid(self._child, 0 if wait else os.WNOHANG)
        if child == 0:  # still at work
            self._stop()
            return None
        self._child = 0
        with os.fdopen(self._answer, "rb") as answer:
            self._answer = -1
            answer.seek(0)  # the copy's writes moved the offset the two processes share
            payload = answer.read()
        if status != 0 or not payload:
            return None
        found: _There = pickle.loads(payload)
        return found

    def __enter__(self) -> Aside[_There]:
        return self

    def __exit__(self, *_: object) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._child:
            os.kill(self._child, signal.SIGKILL)
            os.waitpid(self._child, 0)
            self._child = 0
        if self._answer >= 0:
            os.close(self._answer)
            self._answer = -1


def _run_in_copy(there: Callable[[], object], write: int, unused: int = -1, idle: bool = False) -> NoReturn:
    """The forked copy: run `there`, write its pickled answer to `write` (a pipe, or `Aside`'s memory
    file), exit without running this process's exit handlers or flushing its buffers (they are the
    parent's). `unused`: the parent's end of the pipe, closed here. `idle`: at Linux's idle priority
    (SCHED_IDLE, below the lowest nice level), for `Aside`."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to act on
        if unused >= 0:
            os.close(unused)
        if idle:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        payload = pickle.dumps(there(), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as file:
            file.write(payload)
        status = 0
    finally:
        os._exit(status)
