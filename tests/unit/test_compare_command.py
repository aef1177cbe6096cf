"""`cyberread compare` as a process: Ctrl-C stops a long comparison at once with status 130 and one
line, no traceback; finished comparisons are kept unless --no-cache, and read back the same."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.app.test_compare import word_salad
from tests.conftest import seed_path


def _compare(*arguments: str, home: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cyberread", "compare", *arguments, "--format", "json"]
    environment = {**os.environ, "CYBERREAD_HOME": str(home)}
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=True)


def test_ctrl_c_stops_a_long_comparison_with_status_130_and_no_traceback(tmp_path: Path) -> None:
    for name, seed in (("a.txt", 1), ("b.txt", 2)):
        (tmp_path / name).write_text(f"Account {seed}\n\n" + word_salad(seed, paragraphs=2500), encoding="utf-8")
    command = [sys.executable, "-m", "cyberread", "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    environment = {**os.environ, "CYBERREAD_HOME": str(tmp_path / "home")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    time.sleep(2.5)  # well into the comparison (a 100,000-word pair)
    assert process.poll() is None, "the comparison ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)  # the rest of the comparison would take longer
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines() == ["cyberread: interrupted"]


def test_a_comparison_is_kept_and_read_back_the_same_unless_no_cache(tmp_path: Path) -> None:
    a, b = str(seed_path("001")), str(seed_path("004"))
    fresh = _compare(a, b, "--no-cache", home=tmp_path / "fresh")
    assert not (tmp_path / "fresh" / "comparisons.sqlite3").exists()
    first = _compare(a, b, home=tmp_path / "kept")
    assert (tmp_path / "kept" / "comparisons.sqlite3").exists()
    again = _compare(a, b, home=tmp_path / "kept")
    assert fresh.stdout == first.stdout == again.stdout
    swapped = _compare(b, a, home=tmp_path / "kept")
    assert swapped.stdout == _compare(b, a, "--no-cache", home=tmp_path / "fresh").stdout
