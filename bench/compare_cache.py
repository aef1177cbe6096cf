"""A pair compared before against the same pair compared afresh, side by side, runs alternating:
`cyberread compare A B --format json` as a whole process with the kept comparison (comparisons.sqlite3)
and with --no-cache; then, in this process, reading the kept comparison back against the engine alone.

    .venv/bin/python bench/compare_cache.py [--words-a 13700] [--words-b 87200] [--runs 5]

The pair is bench/long_pair.py's. Every run's output is checked equal to the fresh one: a cache that is
fast and wrong would show here first.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cyberread.engine.align.compare import compare_texts
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.articles import load_article
from cyberread.store.compare_cache import ComparisonCache
from long_pair import write_pair


def _option(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def _run(command: list[str], home: Path) -> tuple[float, bytes]:
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, env={**os.environ, "CYBERREAD_HOME": str(home)})
    return time.perf_counter() - started, done.stdout


def _median(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (" + ", ".join(f"{t:.3f}" for t in times) + ")"


def main(argv: list[str]) -> int:
    words_a, words_b = int(_option(argv, "--words-a", "13700")), int(_option(argv, "--words-b", "87200"))
    runs = int(_option(argv, "--runs", "5"))
    with tempfile.TemporaryDirectory(prefix="cyberread-cache-") as temporary:
        folder = Path(temporary)
        print(write_pair(folder, words_a, words_b))
        command = [sys.executable, "-m", "cyberread", "compare", str(folder / "a.txt"), str(folder / "b.txt")]
        command += ["--format", "json"]
        _, fresh = _run([*command, "--no-cache"], folder / "home")
        _, kept = _run(command, folder / "home")  # computes and keeps it
        assert kept == fresh, "the first run with the cache printed another result"
        cold: list[float] = []
        warm: list[float] = []
        for _ in range(runs):
            seconds, output = _run([*command, "--no-cache"], folder / "home")
            cold.append(seconds)
            assert output == fresh
            seconds, output = _run(command, folder / "home")
            warm.append(seconds)
            assert output == fresh, "the kept comparison printed another result"
        print(f"cyberread compare --no-cache (whole process): {_median(cold)}")
        print(f"cyberread compare, kept     (whole process): {_median(warm)}")
        print(f"ratio: {statistics.median(cold) / statistics.median(warm):.1f}x")

        # Read back (the file, the checks against both bodies, mirrored or not) against computed.
        settings = MatchSettings()
        cache = ComparisonCache(folder / "home")
        body_a, body_b = load_article(folder / "a.txt").body, load_article(folder / "b.txt").body  # as kept
        engine: list[float] = []
        read: list[float] = []
        for _ in range(runs):
            started = time.perf_counter()
            computed = compare_texts(body_a, body_b, settings)
            engine.append(time.perf_counter() - started)
            started = time.perf_counter()
            found = cache.get(body_a, body_b, settings)
            read.append(time.perf_counter() - started)
            assert found == computed, "the kept comparison is not the one computed"
        print(f"engine alone (compare_texts):       {_median(engine)}")
        print(f"kept comparison read back (get):    {_median(read)}")
        print(
            f"ratio: {statistics.median(engine) / statistics.median(read):.0f}x; "
            f"file {(folder / 'home' / 'comparisons.sqlite3').stat().st_size / 1e6:.2f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
