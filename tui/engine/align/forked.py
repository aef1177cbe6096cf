"""Two halves of a long comparison's work at once: one in this process, the other in a forked copy of
it that sends its answer back pickled. A copy made by fork shares the prepared texts without
sending them, and starts in a millisecond where a fresh interpreter takes a quarter of a second.

Used only where a fork is safe and pays: on Linux (macOS's system libraries do not survive a fork
without exec), with a second core to run on, and from a process with one thread, or from a thread
that says it may (`forking_from_this_thread`: the compare screen's worker). A lock that another thread
held at the fork is never released in the copy, which has only the thread that forked. The copy runs
the engine alone, whose caches take no lock (`cached_property` below; `lru_cache` is C), writes its
answer and exits; where other threads ran at the fork, it is not waited for past `_patience`, in case
it waits for such a lock all the same. Whatever goes wrong in the copy, its half is done again here:
the answer never depends on whether the work was split.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Generic, NoReturn, TypeVar, overload

from ..text.checkpoints import for_this_thread
from .cancel import checked_within, never

_Here = TypeVar("_Here")
_There = TypeVar("_There")
_Value = TypeVar("_Value")


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


_THIS_THREAD = threading.local()


def forking_from_this_thread() -> AbstractContextManager[None]:
    """Within it, this thread's comparisons split their work across two processes even where other
    threads run: the app's compare screen aligns in a worker thread, where the long pair took 3.6-5.0 s
    in one process and takes 2.7-3.0 s split (bench/app_compare.py; bench/README.md, round 19)."""
    return for_this_thread(_THIS_THREAD, "may_fork", True, False)


def can_fork() -> bool:
    """Whether `in_two` would split its work. Not in a worker of a process pool (collate's): the pool
    already has a process for each core."""
    if not sys.platform.startswith("linux"):
        return False
    if threading.active_count() != 1 and not getattr(_THIS_THREAD, "may_fork", False):
        return False
    import multiprocessing  # 8 ms, for long comparisons only

    return multiprocessing.parent_process() is None and len(os.sched_getaffinity(0)) > 1


def in_two(
    here: Callable[[], _Here], there: Callable[[], _There], cancel: Callable[[], None] = lambda: None
) -> tuple[_Here, _There]:
    """`here()` and `there()`, the second in a forked copy of this process where `can_fork()`.

    Whatever `here` raises (a Cancelled, Ctrl-C's KeyboardInterrupt) stops the copy at once. A copy
    that fails or dies leaves its work to this process. Where other threads run (the app), `cancel`
    is also asked while the copy is waited for, which no key can interrupt there."""
    if not can_fork():
        return here(), there()
    threads = threading.active_count() > 1
    read = write = -1
    try:
        read, write = os.pipe()
        child = _fork()
    except OSError:  # no process or descriptor to spare: all the work is done here
        for end in (read, write):
            if end >= 0:
                os.close(end)
        return here(), there()
    if child == 0:
        _run_in_copy(there, write, unused=read)
    os.close(write)
    try:
        started = time.monotonic()
        mine = here()
        payload = b""
        if not threads or _answers_within(read, _patience(time.monotonic() - started), cancel):
            with os.fdopen(read, "rb") as pipe:
                read = -1
                payload = pipe.read()
        else:
            os.kill(child, signal.SIGKILL)  # no word from it: its half is done here
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


def _answers_within(pipe: int, seconds: float, cancel: Callable[[], None]) -> bool:
    """Whether the copy starts its answer on `pipe` within `seconds` (or ends without one), asking
    `cancel` every tenth of a second meanwhile."""
    poll = select.poll()
    poll.register(pipe, select.POLLIN)
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if poll.poll(min(left, _CANCEL_EVERY) * 1000):
            return True
        cancel()
    return False


def _fork() -> int:
    """os.fork(), with the signals the copy puts back to their defaults (`_run_in_copy`) held back in
    this thread until it has: a handler of this process's never runs in the copy, even in the
    moment after the fork. 0 in the copy, which leaves them held back for `_run_in_copy`."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    child = -1
    try:
        child = os.fork()
    finally:
        if child != 0:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    if child == 0:
        _THIS_THREAD.held_signals = held
    return child


_CANCEL_EVERY = 0.1
"""Seconds between the checks of `cancel` while a copy is waited for."""


def _patience(here: float) -> float:
    """How long to wait for a copy made where other threads ran, once this process's half (`here`
    seconds) is done: the halves are about even, so twice that, and at least two seconds."""
    return max(2.0, 2 * here)


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
            child = _fork()
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
        # No collection here: the collector's switch is the whole process's, and another thread of it
        # may have turned it on at the fork; a collection would run the finalisers of its garbage
        # (connections, files), which are the parent's. The copy lives for one stretch of work.
        gc.disable()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to act on
        # A terminal's resizes and job control are the parent's too: the app's handlers would run here,
        # in a copy of the app with no thread to read its screen, and write to its wake-up pipe.
        for name in _HOST_SIGNALS:
            signal.signal(getattr(signal, name), signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        signal.pthread_sigmask(signal.SIG_SETMASK, getattr(_THIS_THREAD, "held_signals", ()))
        if unused >= 0:
            os.close(unused)
        if idle:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        # The copy's loops ask no check: its parent stops it, and a listener told the stage from here
        # would hear it twice (the command line's line on stderr drawn by both).
        with checked_within(never):
            answer = there()
        payload = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as file:
            file.write(payload)
        status = 0
    finally:
        os._exit(status)


_HOST_SIGNALS = ("SIGWINCH", "SIGTSTP", "SIGCONT", "SIGTTIN", "SIGTTOU")
_HELD_SIGNALS = {signal.SIGINT, *(getattr(signal, name) for name in _HOST_SIGNALS)}


class cached_property(Generic[_Value]):
    """`functools.cached_property` without the lock Python 3.11 takes around each first reading: one
    lock for every instance of the class, which a copy forked while another thread held it would
    wait for forever (Python 3.12 dropped it). The value is computed on first reading and kept in the
    instance, where later readings find it; two threads reading one instance at once may both compute
    it, as in 3.12 (the index of an other account, `name_index.other_account`, is asked by the worker
    and by the screen's thread: either may make it, and both make the same)."""

    def __init__(self, compute: Callable[[Any], _Value]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[_Value]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _Value: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> _Value | cached_property[_Value]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value
