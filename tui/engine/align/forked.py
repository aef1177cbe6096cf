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
from typing import NoReturn, TypeVar

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
        _run_in_copy(there, read, write)
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


def _run_in_copy(there: Callable[[], object], read: int, write: int) -> NoReturn:
    """The forked copy: run `there`, write its pickled answer, exit without running this process's
    exit handlers or flushing its buffers (they are the parent's)."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to act on
        os.close(read)
        payload = pickle.dumps(there(), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)
