"""An import's worker processes live and die with it: kill -9 the import and none is left; Ctrl-C stops it
promptly, keeps what was written and prints the summary. Real subprocesses, read through /proc."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

STORY = (
    "Story number {n} about the harbour\n\n"
    "The council of town {n} said on Monday that the harbour would reopen after repairs costing {n} thousand.\n\n"
    "Officials in town {n} expect the first ships within a week, the port authority said in a statement.\n"
)


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    for n in range(4000):
        (folder / f"story-{n:05}.txt").write_text(STORY.format(n=n), encoding="utf-8")
    return folder


def _parents() -> dict[int, int]:
    """Every live (not zombie) process's parent, from /proc."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            found[int(entry)] = int(parent)
    return found


def _descendants(pid: int) -> set[int]:
    parents = _parents()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _start_import(folder: Path, home: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """`cyberread add folder` in its own session, once its workers are cleaning files."""
    process = subprocess.Popen(
        [sys.executable, "-m", "cyberread", "add", str(folder)],
        env={**os.environ, "CYBERREAD_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    children: set[int] = set()
    while time.monotonic() < deadline and len(children) < 2:
        assert process.poll() is None, process.communicate()
        children = _descendants(process.pid)
        time.sleep(0.05)
    assert len(children) >= 2, "the import never started its workers"
    time.sleep(0.5)  # well into the import
    return process, children | _descendants(process.pid)


def _wait_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = pids & set(_parents())
    return alive


def _integrity(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def test_kill_9_mid_import_leaves_no_process_behind(big_folder: Path, tmp_path: Path) -> None:
    process, children = _start_import(big_folder, tmp_path)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    assert _wait_gone(children, 10) == set()
    assert _integrity(tmp_path / "library.sqlite3") == "ok"


def test_ctrl_c_stops_promptly_keeps_what_was_written_and_prints_the_summary(big_folder: Path, tmp_path: Path) -> None:
    process, children = _start_import(big_folder, tmp_path)
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
    out, err = process.communicate(timeout=30)
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
