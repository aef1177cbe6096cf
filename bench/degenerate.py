"""Degenerate input at 100,000 words a side: how long a whole `cyberread compare` takes, and the engine
alone (compare_texts, in this process), for each kind, against a real article, against itself and against
a copy of itself with its middle line changed.
The issue's bound is 2 s a pair; the table prints it beside each time.

    .venv/bin/python bench/degenerate.py [--words 100000] [--runs 1] [--engine-only]

The kinds: thousands of one-word lines, runs of periods, an "abbreviation storm", one sentence
repeated, one word repeated, words drawn at random from a ten-word list, and one run of capitalised
words (a name that never ends, or one name said over and over), and text without white space. The article is seed 001.
"""

from __future__ import annotations

import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cyberread.engine.align.compare import compare_texts
from cyberread.engine.ingest.articles import load_article

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "seeds" / "001_1868b0e8e5cae7fd.txt"
BOUND = 2.0
_WORDS = ["security", "talks", "Geneva", "a", "the", "minister", "x", "4.5", "Mr", "union"]
_SENTENCE = "The minister said on Monday that talks with the union would resume in Geneva next week. "


def kinds(words: int) -> dict[str, str]:
    rng = random.Random(1)
    return {
        "one-word lines": "\n".join(rng.choice(_WORDS) for _ in range(words)),
        "runs of periods": "a. " * words,
        "abbreviation storm": "Mr. Dr. U.S. e.g. Gen. St. Jan. No. " * (words // 8),
        "one sentence repeated": _SENTENCE * (words // 16),
        "one word repeated": " ".join(["security"] * words),
        "ten-word vocabulary": " ".join(rng.choice(_WORDS) for _ in range(words)) + ".",
        # One name run of every word: name finding once trimmed its ends a word at a time (51 s).
        "capitalised joiners": "Minister " + "Of The " * (words // 2) + "the end.",
        "one name repeated": " ".join(["Wang Yi Of The Republic Of Naledi Pandor"] * (words // 8)) + ".",
        # No white space at all: every cut of a word was once tried as a compound (quadratic).
        "one 600,000-letter word": "x" * (words * 6),
        "CJK without spaces": "中国外交部长王毅在约翰内斯堡发表讲话" * (words // 4),
    }


def _option(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def whole_command(a: Path, b: Path, check: bool = True, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of a whole `cyberread compare`: on a shared machine the CPU time is the
    figure other programs do not inflate. `check=False` times an input the command refuses too; `env`
    is the command's environment (another source tree on PYTHONPATH, say)."""
    command = [sys.executable, "-m", "cyberread", "compare", str(a), str(b), "--format", "json", "--no-cache"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=check, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main(argv: list[str]) -> int:
    words = int(_option(argv, "--words", "100000"))
    runs = int(_option(argv, "--runs", "1"))
    article = load_article(ARTICLE).body
    compare_texts("Mr. A went. He said.", "Mr. B went. She said.")  # imports, first Punkt
    heading = f"input ({words:,} words)"
    print(f"{heading:42} {'engine s':>9} {'process s':>10} {'CPU s':>6}  within {BOUND} s")
    with tempfile.TemporaryDirectory(prefix="cyberread-degenerate-") as temporary:
        folder = Path(temporary)
        for name, text in kinds(words).items():
            path, changed_path = folder / "degenerate.txt", folder / "changed.txt"
            path.write_text(text, encoding="utf-8")
            changed = changed_copy(text)
            changed_path.write_text(changed, encoding="utf-8")
            others = (
                ("an article", article, ARTICLE),
                ("itself", text, path),
                ("a changed copy", changed, changed_path),
            )
            for other_name, other, other_path in others:
                engine = statistics.median(_engine(text, other) for _ in range(runs))
                whole_runs = runs if "--engine-only" not in argv else 0
                times = [whole_command(path, other_path) for _ in range(whole_runs)] or [(0.0, 0.0)]
                whole = statistics.median(wall for wall, _ in times)
                cpu = statistics.median(cpu for _, cpu in times)
                verdict = "yes" if max(engine, whole) <= BOUND else "NO"
                print(f"{name + ' vs ' + other_name:42} {engine:9.2f} {whole:10.2f} {cpu:6.2f}  {verdict}", flush=True)
    return 0


def changed_copy(text: str) -> str:
    """The text with its middle line (or, in a text of one line, a few words at its middle) changed: an
    equal copy is read once, a near one is the honest measure of a text against its edited version."""
    lines = text.split("\n")
    if len(lines) > 2:
        lines[len(lines) // 2] = "Johannesburg speech 12.5 percent"
        return "\n".join(lines)
    middle = len(text) // 2
    return text[:middle] + " Johannesburg speech 12.5 percent " + text[middle:]


def _engine(a: str, b: str) -> float:
    started = time.perf_counter()
    compare_texts(a, b)
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
