"""A long pair compared in the app against the same pair on the command line, runs alternating: the
compare screen (headless, `App.run_test` at 140x40, a fresh library each run) timed from its worker's
start to the comparison shown on it, next to `cyberread compare A B --format json --no-cache` as a
whole process. The app compares in a worker thread, sharing the interpreter with the screen's thread.

    .venv/bin/python bench/app_compare.py [--words 100000] [--runs 3] [--against ../old/tui]

With `--against`, the app of another source tree (a checkout's `tui` folder, imported as `cyberread`)
is timed too, alternating with this one. The pair is bench/long_pair.py's.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from long_pair import write_pair

# Run in a fresh interpreter: the compare screen on files a.txt and b.txt of the folder given, timed
# from its worker's start (which first asks the screen's thread to watch the progress) to the
# comparison laid out on the screen.
_APP = """
import asyncio, json, sys, time
from pathlib import Path
from cyberread.app import CyberreadApp
from cyberread.engine.ingest.articles import load_article
from cyberread.screens.compare import CompareScreen
from cyberread.store.importing import open_library
from cyberread.store.paths import locations

marks = {}
watch, show = CompareScreen._watch_progress, CompareScreen._show_comparison

def watched(self):
    marks.setdefault("start", time.perf_counter())
    return watch(self)

def shown(self, comparison):
    marks["result"] = time.perf_counter()
    show(self, comparison)
    marks["shown"] = time.perf_counter()
    marks["pairs"] = len(comparison.matches)

CompareScreen._watch_progress, CompareScreen._show_comparison = watched, shown

async def main():
    folder = Path(sys.argv[1])
    a, b = load_article(folder / "a.txt"), load_article(folder / "b.txt")
    library = open_library(locations())
    app = CyberreadApp(library, compare=(a, b))
    async with app.run_test(size=(140, 40)) as pilot:
        for _ in range(3000):
            await pilot.pause(0.02)
            if "shown" in marks:
                break
    library.close()
    print(json.dumps({"seconds": marks["shown"] - marks["start"], "pairs": marks["pairs"]}))

asyncio.run(main())
"""


def _option(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def _in_app(folder: Path, tree: Path | None) -> tuple[float, int]:
    """The app's time from the compare worker's start to the comparison shown, and its pairs."""
    with tempfile.TemporaryDirectory(prefix="cyberread-app-") as home:
        env = {**os.environ, "CYBERREAD_HOME": home}
        if tree is not None:
            # The other tree's package under its import name, ahead of this install's.
            link = Path(home) / "path" / "cyberread"
            link.parent.mkdir()
            link.symlink_to(tree.resolve())
            env["PYTHONPATH"] = str(link.parent)
        done = subprocess.run(
            [sys.executable, "-c", _APP, str(folder)], check=True, capture_output=True, text=True, env=env
        )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return float(answer["seconds"]), int(answer["pairs"])


def _command_line(folder: Path) -> float:
    command = [sys.executable, "-m", "cyberread", "compare", str(folder / "a.txt"), str(folder / "b.txt")]
    started = time.perf_counter()
    subprocess.run([*command, "--format", "json", "--no-cache"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _median(times: list[float]) -> str:
    return f"median {statistics.median(times):.2f} s (" + ", ".join(f"{t:.2f}" for t in times) + ")"


def main(argv: list[str]) -> int:
    words, runs = int(_option(argv, "--words", "100000")), int(_option(argv, "--runs", "3"))
    against = Path(_option(argv, "--against", "")) if "--against" in argv else None
    with tempfile.TemporaryDirectory(prefix="cyberread-pair-") as temporary:
        folder = Path(temporary)
        print(write_pair(folder, words))
        app: list[float] = []
        other: list[float] = []
        command_line: list[float] = []
        pairs: set[int] = set()
        for _ in range(runs):
            seconds, found = _in_app(folder, None)
            app.append(seconds)
            pairs.add(found)
            if against is not None:
                seconds, found = _in_app(folder, against)
                other.append(seconds)
                pairs.add(found)
            command_line.append(_command_line(folder))
    print(f"app, worker start to comparison shown: {_median(app)}")
    if against is not None:
        print(f"app of {against}:  {_median(other)}")
    print(f"command line, whole process:          {_median(command_line)}")
    print(f"app / command line: {statistics.median(app) / statistics.median(command_line):.2f}")
    print(f"pairs shown: {sorted(pairs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
