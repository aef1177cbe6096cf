"""An import's worker processes live and die with it: kill -9 the import and none is left; Ctrl-C stops it
promptly, keeps what was written and prints the summary. Real subprocesses, read through /proc."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from cyberread.store.importing import _interrupts_deferred
from cyberread.store.library import Library
from reliability import alive, descendants, start_add  # bench/, on the path from tests/conftest.py

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

STORY = (
    "Story number {n} about the harbour\n\n"
    "The council of town {n} said on Monday that the harbour would reopen after repairs costing {n} thousand.\n\n"
    "Officials in town {n} expect the first ships within a week, the port authority said in a statement.\n"
)


# Enough files that an import is still running when the tests act on it: 4,000 took 0.7 s on an idle
# machine, and the import was over before the test's Ctrl-C or kill arrived.
FILES = 20_000


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    for n in range(FILES):
        (folder / f"story-{n:05}.txt").write_text(STORY.format(n=n), encoding="utf-8")
    return folder


def _start_import(folder: Path, home: Path) -> tuple[subprocess.Popen[bytes], set[int]]:
    """`cyberread add folder` in its own session, once its workers are cleaning files."""
    process = start_add(folder, home)
    deadline = time.monotonic() + 60
    children: set[int] = set()
    while time.monotonic() < deadline and len(children) < 2:
        assert process.poll() is None, process.communicate()
        children = descendants(process.pid)
        time.sleep(0.05)
    assert len(children) >= 2, "the import never started its workers"
    time.sleep(0.5)  # well into the import
    assert process.poll() is None, "the import ended before the test could act on it: give it more files"
    return process, children | descendants(process.pid)


def _wait_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(pids)


def _integrity(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def test_kill_9_mid_import_leaves_no_process_behind(big_folder: Path, tmp_path: Path) -> None:
    process, children = _start_import(big_folder, tmp_path)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    assert _wait_gone(children, 10) == set()
    assert _integrity(tmp_path / "library.sqlite3") == "ok"
    # The next import finishes the work and tidies what the killed one could not (its workers' slates).
    again = start_add(big_folder, tmp_path)
    out, _ = again.communicate(timeout=120)
    assert again.returncode == 0 and out.decode().endswith("0 failed\n")
    assert not list(Path(tempfile.gettempdir()).glob(f"cyberread-import-{process.pid}-*"))


@pytest.mark.usefixtures("ctrl_c_heard")
def test_ctrl_c_stops_promptly_keeps_what_was_written_and_prints_the_summary(big_folder: Path, tmp_path: Path) -> None:
    process, children = _start_import(big_folder, tmp_path)
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
    out, err = (stream.decode() for stream in process.communicate(timeout=30))
    assert time.monotonic() - started < 10
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "interrupted" in out and out.count("\n") == 1
    added = int(out.split(" added")[0])
    assert _wait_gone(children, 10) == set()
    database = tmp_path / "library.sqlite3"
    assert _integrity(database) == "ok"
    with sqlite3.connect(database) as connection:
        (stored,) = connection.execute(
            "SELECT count(*) FROM articles WHERE path LIKE ?", (f"{big_folder}%",)
        ).fetchone()
    assert stored == added  # what the summary acknowledges is exactly what is kept


def test_a_worker_that_dies_mid_import_costs_no_file(big_folder: Path, tmp_path: Path) -> None:
    process, children = _start_import(big_folder, tmp_path)
    workers = [pid for pid in children if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]
    os.kill(workers[0], signal.SIGKILL)  # as the out-of-memory killer would
    out, err = (stream.decode() for stream in process.communicate(timeout=120))
    assert process.returncode == 0, err
    # The files the dead worker's window held were cleaned again by new workers: none is lost.
    assert out == f"{FILES} added, 0 already in the library, 0 failed\n"
    assert _wait_gone(children | descendants(process.pid), 10) == set()


@pytest.mark.usefixtures("ctrl_c_heard")  # Python's own Ctrl-C handler, whatever was there before
def test_a_ctrl_c_while_a_batch_is_written_waits_for_its_commit(tmp_path: Path) -> None:
    with Library(tmp_path / "library.sqlite3") as library:
        with pytest.raises(KeyboardInterrupt), _interrupts_deferred(), library.writing() as connection:
            connection.execute("INSERT INTO meta (key, value) VALUES ('begun', 'yes')")
            os.kill(os.getpid(), signal.SIGINT)  # a Ctrl-C between a batch's BEGIN and its COMMIT
            time.sleep(0.05)  # Python acts on a signal at its next instruction: not here, it is held
            connection.execute("INSERT INTO meta (key, value) VALUES ('ended', 'yes')")
        # Raised once the transaction was committed, with both rows in it.
        assert library.get_meta("begun") == library.get_meta("ended") == "yes"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
