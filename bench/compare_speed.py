"""`cyberread compare A B --format json` against text-matcher (PyPI `text-matcher`, its CLI) on the
same two files, runs alternating, medians and their ratio; then the engine alone (compare_texts) at
2k, 10k, 50k and 200k words a side and the exponent of a power law fitted to those times.

    .venv/bin/python bench/compare_speed.py [--words 100000] [--runs 3] [--peer PATH] [--no-scaling]

The pair is bench/long_pair.py's (order-2 chain over the repository's real copy, names and numbers
redrawn). text-matcher is installed apart from the project, e.g.
`python3.11 -m venv /tmp/tm && /tmp/tm/bin/pip install text-matcher`; it reads nltk's English
stopword list, which this script writes into a private NLTK_DATA folder (nltk's own list, 179
words) so nothing is downloaded. Its log file is fresh each run: it skips pairs its log has seen.
"""

from __future__ import annotations

import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from long_pair import generate_pair, write_pair

REPO = Path(__file__).resolve().parents[1]
NLTK_STOPWORDS = """i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves
he him his himself she she's her hers herself it it's its itself they them their theirs themselves what which who whom
this that that'll these those am is are was were be been being have has had having do does did doing a an the and but
if or because as until while of at by for with about against between into through during before after above below to
from up down in out on off over under again further then once here there when where why how all any both each few
more most other some such no nor not only own same so than too very s t can will just don don't should should've now
d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn
isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won
won't wouldn wouldn't""".split()


def _option(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def _peer(argv: list[str]) -> str | None:
    found = _option(argv, "--peer", "") or shutil.which("text-matcher")
    return found if found and Path(found).exists() else None


def _timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def _listed(times: list[float]) -> str:
    return "(" + ", ".join(f"{t:.2f}" for t in times) + ")"


def side_by_side(folder: Path, runs: int, peer: str | None) -> None:
    a, b = str(folder / "a.txt"), str(folder / "b.txt")
    ours_command = [sys.executable, "-m", "cyberread", "compare", a, b, "--format", "json", "--no-cache"]
    nltk_data = folder / "nltk_data" / "corpora" / "stopwords"
    nltk_data.mkdir(parents=True, exist_ok=True)
    (nltk_data / "english").write_text("\n".join(NLTK_STOPWORDS) + "\n", encoding="utf-8")
    peer_env = {**os.environ, "NLTK_DATA": str(folder / "nltk_data")}
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):
        ours.append(_timed(ours_command))
        if peer:
            log = folder / "text-matcher-log.txt"
            log.unlink(missing_ok=True)
            theirs.append(_timed([peer, "-l", str(log), a, b], peer_env))
    print(f"cyberread compare --format json: median {statistics.median(ours):.2f} s {_listed(ours)}")
    if theirs:
        print(f"text-matcher:                    median {statistics.median(theirs):.2f} s {_listed(theirs)}")
        print(f"ratio (text-matcher / cyberread): {statistics.median(theirs) / statistics.median(ours):.1f}x")
    else:
        print("text-matcher: not found (--peer PATH or on PATH); no ratio")


def scaling(sizes: list[int], runs: int) -> None:
    from cyberread.engine.align.compare import compare_texts

    compare_texts("Mr. Smith went home. He said so.", "Mr. Jones went home. She said so.")  # imports
    times = []
    for words in sizes:
        a, b = generate_pair(words)
        taken = []
        for _ in range(runs):
            started = time.perf_counter()
            compare_texts(a, b)
            taken.append(time.perf_counter() - started)
        times.append(statistics.median(taken))
        print(f"engine, {words:>7,} words a side: {times[-1]:7.3f} s")
    xs, ys = [math.log(n) for n in sizes], [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    print(f"fitted exponent (time ~ words^k): k = {slope:.2f}")


def main(argv: list[str]) -> int:
    words = int(_option(argv, "--words", "100000"))
    runs = int(_option(argv, "--runs", "3"))
    with tempfile.TemporaryDirectory(prefix="cyberread-speed-") as temporary:
        folder = Path(temporary)
        print(write_pair(folder, words))
        side_by_side(folder, runs, _peer(argv))
    if "--no-scaling" not in argv:
        scaling([2000, 10000, 50000, 200000], max(1, runs // 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
