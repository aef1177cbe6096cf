"""Work split across a forked copy of the process (engine/align/forked.py): the same answer as in one
process, whatever the copy does. Forking is tried in a fresh interpreter (a test worker has threads,
where `can_fork` refuses unless the thread says it may fork)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import pytest

from cyberread.engine.align import forked

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2, reason="forks on Linux with two cores"
)


# Given to every script: whether a copy outlived the call that made it.
_CHILDREN_LEFT = """
def children_left():
    import os
    try:
        os.waitpid(-1, os.WNOHANG)
        return "a child left"
    except ChildProcessError:
        return "no child left"
"""


def _run(script: str) -> str:
    """The script's stdout, run alone in a fresh interpreter (one thread, so it may fork)."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILDREN_LEFT + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_comparison_split_across_two_processes_is_the_one_made_in_one() -> None:
    out = _run(
        """
        import os
        from pathlib import Path
        from cyberread.engine.align import aligning, alone, compare, forked, name_index, selection
        from cyberread.engine.ingest.articles import load_article

        forks = []
        real_fork = os.fork
        def counted():
            forks.append(1)
            return real_fork()
        os.fork = counted
        answered = []
        asked = forked.Aside.result
        def waited(self, wait=False):
            answer = asked(self, wait=True)  # the copy's answer, waited for, not the work left to the caller
            answered.append(answer is not None)
            return answer
        forked.Aside.result = waited
        indexed = []  # bodies whose words this process indexed, rather than took from the aside
        built = name_index._BodyIndex.__init__
        def counted_index(self, body):
            indexed.append(1)
            built(self, body)
        name_index._BodyIndex.__init__ = counted_index
        pairs = [("tests/eval/wire_trial_a.txt", "tests/eval/wire_trial_b.txt"),
                 ("tests/eval/translation_flood_a.txt", "tests/eval/translation_flood_b.txt"),
                 ("tests/eval/reuse_water_a.txt", "tests/eval/reuse_water_b.txt")]
        for a, b in pairs:
            body_a, body_b = load_article(Path(a)).body, load_article(Path(b)).body
            forked.SPLIT_CHARACTERS = 10**12
            name_index.other_account.cache_clear()
            before = len(indexed)
            alone = compare.compare_texts(body_a, body_b)
            assert len(indexed) > before, a  # the weighing asks for names: an index is made
            name_index.other_account.cache_clear()
            forked.SPLIT_CHARACTERS = 0
            aligning.SPLIT_LINE = compare.SPLIT_RUNS = compare.SPLIT_LEFT_OUT = 0  # every split, however small
            selection._SPLIT_CANDIDATES = 0
            before = len(indexed)
            split = compare.compare_texts(body_a, body_b)
            assert len(indexed) == before, a  # both word indexes taken from the aside's answer
            compare.SPLIT_RUNS = 10**9  # the diffs all here, b's left-out passages weighed in the copy
            left_out_apart = compare.compare_texts(body_a, body_b)
            for other in (split, left_out_apart):
                assert other == alone, a
                assert repr(other) == repr(alone), a
            assert alone.matches and any(m.differences.ops for m in alone.matches)
        print(len(forks), forked.can_fork(), answered.count(True))
        """
    )
    # Four forks a pair and split: the quotations found aside, cutting the pieces (while this process
    # reads the words), scoring the candidates, the diffs and left-out passages.
    assert out.split() == ["24", "True", "6"]


def test_the_summary_asks_nothing_the_copy_already_asked() -> None:
    # b's left-out passages are weighed in the copy, which asks a for their names; the summary of what
    # b alone reports asks the same names here, answered without asking a's words again. (A name a
    # does not give is then looked for spelled otherwise, "Al-Sisi" / "el-Sissi", which reads a's words
    # through its index: 6 ms of the long pair's summary.)
    out = _run(
        """
        from pathlib import Path
        from cyberread.engine.align import aligning, alone, compare, forked, name_index, selection
        from cyberread.engine.ingest.articles import load_article

        body_a, body_b = (load_article(Path(f"tests/eval/wire_trial_{s}.txt")).body for s in "ab")
        forked.SPLIT_CHARACTERS = 0
        aligning.SPLIT_LINE = compare.SPLIT_RUNS = selection._SPLIT_CANDIDATES = 0
        comparison = compare.compare_texts(body_a, body_b)
        named = [name for passage in comparison.b_only for name in passage.carries.names]
        print(bool(named), sorted(name_index.other_account(body_a).given) == sorted(set(named)))
        asked = dict(name_index.other_account(body_a).given)
        summary = alone.omission_summary(comparison, body_a, body_b, "A", "B")
        print("only B names" in summary, name_index.other_account(body_a).given == asked)
        """
    )
    assert out.split() == ["True", "True", "True", "True"]


def test_pieces_cut_in_the_copy_are_kept_as_cut_here() -> None:
    # With no pieces kept, the store lets the engine cut both bodies in the copy while it reads their
    # words here, and keeps what the copy cut.
    out = _run(
        """
        import tempfile
        from pathlib import Path
        from cyberread.engine.align import aligning, compare, forked, selection
        from cyberread.engine.align.settings import MatchSettings
        from cyberread.engine.ingest.articles import load_article
        from cyberread.engine.text.sentences import segment
        from cyberread.store.comparing import compare_pair
        from cyberread.store.segments import SegmentCache

        a, b = (load_article(Path(f"tests/eval/wire_trial_{s}.txt")) for s in "ab")
        forked.SPLIT_CHARACTERS = 0
        aligning.SPLIT_LINE = compare.SPLIT_RUNS = selection._SPLIT_CANDIDATES = 0
        folder = Path(tempfile.mkdtemp())
        forks = []
        real_in_two = forked.in_two
        aligning.in_two = lambda *work: forks.append(1) or real_in_two(*work)  # the read's fork
        comparison = compare_pair(folder, a, b, MatchSettings())
        print(len(forks) > 0, SegmentCache(folder).kept(a.body, b.body) == (segment(a.body), segment(b.body)))
        print(comparison == compare.compare_texts(a.body, b.body))
        """
    )
    assert out.split() == ["True", "True", "True"]


def test_a_copy_that_fails_leaves_its_work_to_this_process() -> None:
    out = _run(
        """
        import os
        from cyberread.engine.align.forked import in_two
        parent = os.getpid()
        def there():
            if os.getpid() != parent:
                raise RuntimeError("the copy fails")
            return "done here"
        def dies():
            if os.getpid() != parent:
                os._exit(3)
            return "done here too"
        print(in_two(lambda: 1, there), in_two(lambda: 2, dies), in_two(lambda: 3, lambda: os.getpid() != parent))
        """
    )
    assert out.strip() == "(1, 'done here') (2, 'done here too') (3, True)"


def test_what_stops_this_process_stops_the_copy_at_once() -> None:
    out = _run(
        """
        import os, time
        from cyberread.engine.align.forked import in_two
        def here():
            raise KeyboardInterrupt
        started = time.monotonic()
        try:
            in_two(here, lambda: time.sleep(60))
        except KeyboardInterrupt:
            pass
        print(children_left(), time.monotonic() - started < 10)
        """
    )
    assert out.strip() == "no child left True"


def test_a_process_with_threads_forks_only_from_a_thread_that_says_it_may() -> None:
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        assert not forked.can_fork()
        assert forked.in_two(os.getpid, os.getpid) == (os.getpid(), os.getpid())
        with forked.forking_from_this_thread():
            assert forked.can_fork()
            here, there = forked.in_two(os.getpid, os.getpid)
        assert here == os.getpid() != there
        assert not forked.can_fork()
    finally:
        stop.set()
        helper.join()


def test_a_copy_waiting_for_a_lock_another_thread_held_is_stopped_and_its_half_done_here() -> None:
    out = _run(
        """
        import os, threading, time
        from cyberread.engine.align.forked import forking_from_this_thread, in_two
        parent = os.getpid()
        lock, taken, release = threading.Lock(), threading.Event(), threading.Event()
        def holder():
            with lock:
                taken.set()
                release.wait()
        helper = threading.Thread(target=holder)
        helper.start()
        taken.wait()
        def there():
            if os.getpid() == parent:
                return "done here"
            with lock:  # held in the copy by a thread the copy does not have: never released
                return "done in the copy"
        def here():
            threading.Timer(0.5, release.set).start()  # released here, never in the copy
            return "mine"
        started = time.monotonic()
        with forking_from_this_thread():
            print(in_two(here, there), time.monotonic() - started < 60)
        helper.join()
        print(children_left())
        """
    )
    assert out.splitlines() == ["('mine', 'done here') True", "no child left"]


def test_a_copy_reads_the_engines_cached_values_while_another_thread_computes_one() -> None:
    """Python 3.11's functools.cached_property holds one lock a class while it computes: a copy forked
    then waited for it forever. The engine's own takes none."""
    out = _run(
        """
        import os, threading
        from cyberread.engine.align.forked import cached_property, forking_from_this_thread, in_two
        computing, release = threading.Event(), threading.Event()
        class Slow:
            def __init__(self, wait):
                self.wait = wait
            @cached_property
            def value(self):
                if self.wait:
                    computing.set()
                    release.wait()
                return os.getpid()
        mine = Slow(False)
        print(mine.value == os.getpid(), mine.__dict__["value"] == mine.value)  # kept in the instance
        helper = threading.Thread(target=lambda: Slow(True).value)
        helper.start()
        computing.wait()
        def here():
            threading.Timer(0.5, release.set).start()  # the helper's computing ends here, not in the copy
            return mine.value
        with forking_from_this_thread():
            here, there = in_two(here, lambda: Slow(False).value)
        helper.join()
        print(here == os.getpid(), there != here)  # the copy computed its own
        """
    )
    assert out.split() == ["True", "True", "True", "True"]


def test_a_worker_of_a_process_pool_never_forks() -> None:
    out = _run(
        """
        from concurrent.futures import ProcessPoolExecutor
        from cyberread.engine.align.forked import can_fork
        with ProcessPoolExecutor(max_workers=1) as pool:
            print(can_fork(), pool.submit(can_fork).result())
        """
    )
    assert out.split() == ["True", "False"]


def test_work_done_aside_is_taken_where_the_copy_has_ended_and_left_to_the_caller_otherwise() -> None:
    out = _run(
        """
        import os, time
        from cyberread.engine.align.forked import Aside
        parent = os.getpid()

        def work():
            return ["done aside", os.getpid() != parent, os.sched_getscheduler(0) == os.SCHED_IDLE]

        def fails():
            raise RuntimeError("the copy fails")

        with Aside(work) as aside:
            print(aside.result(wait=True))
        with Aside(fails) as aside:
            print(aside.result(wait=True))
        started = time.monotonic()
        with Aside(lambda: time.sleep(60)) as aside:
            print(aside.result())  # still at work: stopped, and the work is the caller's
        with Aside(lambda: time.sleep(60)):
            pass  # left without asking (a cancelled comparison): stopped
        def refused(*_):
            raise OSError("no memory files here")
        made, os.memfd_create = os.memfd_create, refused
        with Aside(work) as aside:
            print(aside.result(wait=True))  # no copy made: the work is the caller's
        os.memfd_create = made
        print(children_left(), time.monotonic() - started < 10)
        """
    )
    assert out.splitlines() == ["['done aside', True, True]", "None", "None", "None", "no child left True"]


def test_work_is_done_aside_in_a_process_with_threads_only_from_a_thread_that_says_it_may() -> None:
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        with forked.Aside(os.getpid) as aside:
            assert aside.result(wait=True) is None
        with forked.forking_from_this_thread(), forked.Aside(os.getpid) as aside:
            answer = aside.result(wait=True)
        assert answer is not None and answer != os.getpid()
    finally:
        stop.set()
        helper.join()


def test_no_process_to_spare_leaves_all_the_work_here_and_no_descriptor_open() -> None:
    out = _run(
        """
        import os
        from cyberread.engine.align import forked
        def refused():
            raise BlockingIOError(11, "Resource temporarily unavailable")
        os.fork = refused
        before = len(os.listdir("/proc/self/fd"))
        print(forked.in_two(lambda: "here", lambda: "there"), len(os.listdir("/proc/self/fd")) == before)
        """
    )
    assert out.strip() == "('here', 'there') True"


def test_the_copy_neither_collects_nor_runs_this_processs_signal_handlers() -> None:
    out = _run(
        """
        import gc, os, signal, time
        from cyberread.engine.align.forked import in_two
        handled = []
        signal.signal(signal.SIGWINCH, lambda *_: handled.append(os.getpid()))
        parent = os.getpid()
        def there():
            os.kill(os.getpid(), signal.SIGWINCH)
            time.sleep(0.05)
            return os.getpid() != parent, gc.isenabled(), handled
        gc.enable()
        print(in_two(lambda: None, there), gc.isenabled())
        """
    )
    assert out.strip() == "(None, (True, False, [])) True"


def test_a_copy_waited_for_where_other_threads_run_is_stopped_when_the_work_is_cancelled() -> None:
    out = _run(
        """
        import os, threading, time
        from cyberread.engine.align.forked import forking_from_this_thread, in_two
        class Left(Exception):
            pass
        stop = threading.Event()
        helper = threading.Thread(target=stop.wait)
        helper.start()
        started = time.monotonic()
        def cancel():  # the screen is left a moment after this process's half is done
            if time.monotonic() - started > 0.3:
                raise Left
        with forking_from_this_thread():
            try:
                in_two(lambda: None, lambda: time.sleep(60), cancel)
            except Left:
                print("cancelled after", round(time.monotonic() - started), "s")
        stop.set()
        helper.join()
        print(children_left())
        """
    )
    assert out.splitlines() == ["cancelled after 0 s", "no child left"]
