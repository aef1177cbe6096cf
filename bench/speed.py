"""Times the comparison engine on the seed pair and on generated pairs of 2k, 10k and 50k words a
side (shared, reworded and fresh passages, seeded random), next to difflib's word-level
SequenceMatcher on the same inputs. Prints the median of several runs.

    .venv/bin/python bench/speed.py [--runs N]
"""

from __future__ import annotations

import difflib
import functools
import random
import re
import statistics
import sys
import time
from pathlib import Path

import make_library
from cyberread.engine.align.compare import compare_texts
from cyberread.engine.ingest.articles import load_article

REPO = Path(__file__).resolve().parents[1]
SEED_PAIR = ("001_1868b0e8e5cae7fd.txt", "004_defd70b08e64a075.txt")
# The generated pairs draw on the first words of the library generator's lists (the numbers in
# bench/README.md were measured with these).
_FUNCTION = make_library.FUNCTION_WORDS[:23]
_SYLLABLES = make_library.SYLLABLES[:20]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _sentence(rng: random.Random, vocabulary: list[str], weights: list[float]) -> list[str]:
    length = rng.randint(10, 30)
    words = [
        rng.choice(_FUNCTION) if rng.random() < 0.4 else rng.choices(vocabulary, weights)[0] for _ in range(length)
    ]
    for k in range(5, length - 3, rng.randint(6, 12)):
        words[k] += ","
    return words


def _render(sentences: list[list[str]], rng: random.Random) -> str:
    paragraphs, current = [], []
    for words in sentences:
        text = " ".join(words)
        current.append(text[0].upper() + text[1:] + ".")
        if len(current) >= rng.randint(2, 6):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def generate_pair(words_per_side: int, seed: int = 7) -> tuple[str, str]:
    """Two bodies of about `words_per_side` words: b copies a third of a's sentences verbatim,
    rewords another third (synonyms swapped in, words dropped, clauses reordered) and fills the
    rest with fresh sentences; paragraphs of b are shuffled locally."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, 12000)
    # Zipf-Mandelbrot over content words (function words are drawn apart): a few words everywhere,
    # a long tail of rare ones, as in a year of news copy.
    weights = [1 / (rank + 10) for rank in range(len(vocabulary))]
    synonyms = {w: rng.choice(vocabulary) for w in vocabulary}
    a_sentences, count = [], 0
    while count < words_per_side:
        a_sentences.append(_sentence(rng, vocabulary, weights))
        count += len(a_sentences[-1])
    b_sentences = []
    for words in a_sentences:
        roll = rng.random()
        if roll < 0.33:
            b_sentences.append(list(words))
        elif roll < 0.66:
            reworded = [synonyms.get(w, w) if rng.random() < 0.25 else w for w in words if rng.random() > 0.1]
            cut = len(reworded) // 2
            b_sentences.append(reworded[cut:] + reworded[:cut] if rng.random() < 0.5 else reworded)
        else:
            b_sentences.append(_sentence(rng, vocabulary, weights))
    for start in range(0, len(b_sentences), 8):
        window = b_sentences[start : start + 8]
        rng.shuffle(window)
        b_sentences[start : start + 8] = window
    return _render(a_sentences, rng), _render(b_sentences, rng)


def _median_time(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _difflib(a: str, b: str) -> None:
    words = re.compile(r"\w+")
    difflib.SequenceMatcher(None, words.findall(a), words.findall(b)).get_matching_blocks()


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    cases = [
        (
            "seed pair",
            load_article(REPO / "seeds" / SEED_PAIR[0]).body,
            load_article(REPO / "seeds" / SEED_PAIR[1]).body,
        )
    ]
    cases += [(f"{n // 1000}k words", *generate_pair(n)) for n in (2000, 10000, 50000)]
    print(f"{'case':<12} {'words a/b':>15} {'engine':>10} {'difflib':>10}  matches")
    for name, a, b in cases:
        engine = _median_time(functools.partial(compare_texts, a, b), runs)
        baseline = _median_time(functools.partial(_difflib, a, b), max(1, runs // 2))
        matches = len(compare_texts(a, b).matches)
        sizes = f"{len(a.split())}/{len(b.split())}"
        print(f"{name:<12} {sizes:>15} {engine * 1000:>8.1f}ms {baseline * 1000:>8.1f}ms  {matches}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
