"""A saved note survives the app being killed, and two cyberread processes can save notes at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cyberread.store.importing import open_library
from cyberread.store.notes import NoteStore
from cyberread.store.paths import locations

# What the app does when the user saves a note: open the user's library, add the note.
_SAVE_THEN_HANG = """
import sys, time
from cyberread.store.importing import open_library
from cyberread.store.notes import NoteStore
from cyberread.store.paths import locations

library = open_library(locations())
note = NoteStore(library).add(library.rows()[0].id, sys.argv[1])
print("saved", note.id, flush=True)
time.sleep(30)
"""

_SAVE_FIFTY = """
import sys, time
from cyberread.store.importing import open_library
from cyberread.store.notes import NoteStore
from cyberread.store.paths import locations

library = open_library(locations())
store, article_id = NoteStore(library), library.rows()[0].id
print("ready", flush=True)
sys.stdin.readline()
for number in range(50):
    store.add(article_id, f"{sys.argv[1]} note {number}: " + "x" * number)
    time.sleep(0.002)  # a pause, so the two writers take turns rather than one finishing first
print("done", flush=True)
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CYBERREAD_HOME", str(tmp_path))
    # Seed the library here so the processes under test only save notes.
    open_library(locations()).close()
    return tmp_path


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def test_a_note_saved_just_before_the_app_is_killed_is_kept(home: Path) -> None:
    text = "Killed right after saving — «kept» [bold]?"
    process = _start(_SAVE_THEN_HANG, text)
    try:
        line = process.stdout.readline()
        assert line.startswith("saved"), process.stderr.read()
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=5) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    note_id = int(line.split()[1])

    with open_library(locations()) as library:
        note = NoteStore(library).get(note_id)
        assert library.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert note is not None and note.text == text


def test_two_processes_saving_notes_at_once_lose_nothing(home: Path) -> None:
    processes = [_start(_SAVE_FIFTY, name) for name in ("left", "right")]
    try:
        for process in processes:
            assert process.stdout.readline() == "ready\n", process.stderr.read()
        # Release both together so their writes interleave.
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        for process in processes:
            out, err = process.communicate(timeout=20)
            assert process.returncode == 0 and out == "done\n", err
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()

    with open_library(locations()) as library:
        texts = sorted(note.text for note in NoteStore(library).all())
        assert library.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    expected = sorted(f"{name} note {n}: " + "x" * n for name in ("left", "right") for n in range(50))
    assert texts == expected
