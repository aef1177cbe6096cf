"""The processes that clean the files of a large import, on every core while the importing process
writes. Each dies with the import that started it, leaves Ctrl-C to it, and notes on its slate (a small
file of its own) the file it is reading: a worker that dies or overruns a file's time budget costs only
that file."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from itertools import repeat
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from ..engine.ingest.record import Article, ArticleError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

FILE_BUDGET_SECONDS = 20.0
"""The longest one file may take to read and clean; past it the file is given up with a line."""
_PR_SET_PDEATHSIG = 1


@contextmanager
def sigint_handled_by(handler: Callable[[int, FrameType | None], object] | int) -> Iterator[None]:
    """SIGINT handled by `handler` (or ignored: SIG_IGN) for the duration, then by what handled it before.
    Main thread only: elsewhere it cannot be set, and it is left as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class Workers:
    """The processes cleaning a large import. Each notes on its slate (a small file of its own) the file it
    is reading, so when one dies, killed for overrunning its budget or crashed, the file it held is known."""

    def __init__(self) -> None:
        import tempfile

        _remove_stale_slates()
        self.slates = Path(tempfile.mkdtemp(prefix=f"cyberread-import-{os.getpid()}-"))
        self.suspects: Counter[Path] = Counter()
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.spawned = False
        """Whether the workers were started: the first window handed out starts them all."""
        return ProcessPoolExecutor(
            worker_count(),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_prepare_worker,
            initargs=(os.getpid(), str(self.slates)),
        )

    def map(self, files: list[Path], max_bytes: int, budget: float) -> Iterator[Article | str]:
        # The first window handed out starts the workers; a Ctrl-C reaches the whole process group, and
        # a worker still importing Python before its initializer runs would print a traceback. Started
        # with SIGINT ignored, they inherit that from the first instruction on. Only then: a Ctrl-C
        # while later windows are handed out would be lost, and the import would run to its end.
        from concurrent.futures.process import BrokenProcessPool

        with sigint_handled_by(signal.SIG_IGN) if not self.spawned else nullcontext():
            try:
                loaded = self.executor.map(load_file, files, repeat(max_bytes), repeat(budget), chunksize=20)
            except BrokenProcessPool as broken:
                # A worker died before this window was handed out: the window fails as the windows in
                # flight do, when it is read, and is cleaned again with them by new workers.
                return _raising(broken)
        self.spawned = True
        return loaded

    def restart(self, unread: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
        """New workers after one died: the files to clean again, and the files held that fail, with why."""
        self.stop()
        failed: dict[Path, str] = {}
        for slate in self.slates.iterdir():
            held = slate.read_bytes().split(b"\0", 1)[0]
            slate.unlink()
            if not held:
                continue
            overran = held.startswith(b"!")
            path = Path(os.fsdecode(held[1:]))
            self.suspects[path] += 1
            if overran:
                failed[path] = "took far over its time budget to read; its reader was stopped"
            elif self.suspects[path] > 1:
                # Workers killed while cleaning up after the first death held files too: only a file held
                # at two deaths is taken for the cause.
                failed[path] = "the process reading it died (twice); not read"
        self.executor = self._start()
        return [path for path in unread if path not in failed], list(failed.items())

    def stop(self) -> None:
        """End the workers now, not after the files they hold: Ctrl-C should stop an import at once."""
        processes = list((self.executor._processes or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with suppress(Exception):
                process.kill()
        for process in processes:
            with suppress(Exception):
                process.join(5)

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)
        shutil.rmtree(self.slates, ignore_errors=True)


def _raising(error: Exception) -> Iterator[Article | str]:
    """Results that raise `error` when read (a generator: nothing is raised until then)."""
    yield from ()
    raise error


def _remove_stale_slates() -> None:
    """The slates of imports killed with -9 (which could not tidy up), named by their dead process."""
    import tempfile

    for folder in Path(tempfile.gettempdir()).glob("cyberread-import-*-*"):
        owner = folder.name.split("-")[2]
        if not owner.isdigit():
            continue
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass  # alive, someone else's


_slate: int | None = None
"""In a worker: the file descriptor of its slate, where it writes the path of the file it is reading."""
_reading: tuple[float, float] | None = None
"""In a worker: when it started the file it is reading, and that file's budget."""
_alarm_kept = False
"""In a worker: SIGALRM's handler is _expire for good, so a file's time limit only sets the timer."""


def _prepare_worker(parent: int, slates: str) -> None:
    """Run first in each worker: it dies with the import that started it, however that import ends (kill -9
    included), leaves Ctrl-C to the parent (which stops the workers itself), and keeps a slate."""
    global _slate, _alarm_kept
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "setitimer"):
        # Set once: setting and restoring the handler around every file cost 15 µs a file.
        signal.signal(signal.SIGALRM, _expire)
        _alarm_kept = True
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    _slate = os.open(os.path.join(slates, str(os.getpid())), os.O_CREAT | os.O_WRONLY, 0o600)
    # Where the kernel cannot be asked (macOS), a thread watches for the parent to go; the same thread
    # stops a file stuck where the time limit's signal cannot reach (inside a C extension).
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
        reading = _reading
        if reading is not None and time.monotonic() - reading[0] > 2 * reading[1] + 5 and _slate is not None:
            os.pwrite(_slate, b"!", 0)  # marks the file on the slate as the one that overran
            os._exit(3)
    os._exit(1)


def _note_reading(path: Path | None, budget: float = 0.0) -> None:
    global _reading
    if _slate is None:
        return
    if path is None:
        _reading = None
        os.pwrite(_slate, b"\0", 0)
        return
    # The first byte is the file's state ("!" once it overran), the path follows.
    os.pwrite(_slate, b" " + os.fsencode(path)[:4000] + b"\0", 0)
    _reading = (time.monotonic(), budget) if budget > 0 else None


def load_file(path: Path, max_bytes: int, budget: float = FILE_BUDGET_SECONDS) -> Article | str:
    """The clean article at `path`, or why it cannot be read (in one line, within `budget` seconds)."""
    from ..engine.ingest.articles import load_article

    _note_reading(path, budget)
    try:
        with _time_limit(budget):
            return load_article(path, max_bytes)
    except ArticleError as error:
        return str(error)
    except _OverBudget:
        return f"took over {budget:g} s to read; given up (pathological markup?)"
    except MemoryError:
        return "not enough memory to read it"
    except Exception as error:
        # A parser bug met on one hostile file must not cost the user the rest of a large import.
        return f"could not be read ({type(error).__name__}: {error})"
    finally:
        _note_reading(None)


class _OverBudget(BaseException):
    """Raised inside a file's reading when its time is up; a BaseException so no parser swallows it."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after `seconds` of wall time. Only the main thread receives signals: in
    another (the app's import thread) the markup checks of parse_html are the only limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    previous = None if _alarm_kept else signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if not _alarm_kept:
            signal.signal(signal.SIGALRM, previous)


def _expire(signum: int, frame: object) -> None:
    raise _OverBudget


def worker_count() -> int:
    return min(4, os.cpu_count() or 1)
