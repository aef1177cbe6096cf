"""Adversarial pairs that once made `cyberread compare` grow faster than their length, each run as a
whole command at two or more sizes; prints the child's CPU seconds (wall time on a shared machine is
inflated by whatever else runs) and how much it grew against how much the text grew.

    .venv/bin/python bench/stalls.py [--words 5000,25000] [--kinds a,b]
    .venv/bin/python bench/stalls.py --against ../old/tui [--words 100000] [--runs 3] [--kinds a,b]

Each kind names the step it stalled (see bench/README.md, "Round 4"). A kind that grows about as
much as its text is bounded; the issue's bound is 2 s a pair at 100,000 words a side.

With `--against`, each kind at the (first) size is run by this install and by another source tree
(a checkout's `tui` folder, imported as `cyberread`), alternating, `--runs` times each: the medians
and ranges of the whole command's wall time side by side. A change is measured so; this machine's
speed drifts by a quarter over minutes, and two tables made at different times do not compare.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from degenerate import whole_command

REPO = Path(__file__).resolve().parents[1]
START_UP = 0.45  # CPU seconds of the command on two ten-word texts, taken off before the ratio
_ARTICLES = [path.read_text(encoding="utf-8") for path in sorted((REPO / "seeds").glob("*.txt"))]
_VOCABULARY = sorted({w for text in _ARTICLES for w in re.findall(r"[A-Za-z]+", text)})
LOWER = [w for w in _VOCABULARY if w.islower() and len(w) > 3]
CAPITALISED = [w for w in _VOCABULARY if w[0].isupper() and len(w) > 3]
MONTHS = "January February March April May June July August September October November December".split()
FRAME = "in Geneva with Paris and Berlin envoys the minister {} near the old harbour bridge"

Pair = tuple[str, str, str]  # a, b, file suffix
Kind = Callable[[int, random.Random], Pair]


def syllables(i: int, count: int = 3) -> str:
    """A distinct pronounceable pseudo-word for each i."""
    word = ""
    for _ in range(count):
        word += "bcdfghklmnprstvz"[i % 16] + "aeiou"[(i // 16) % 5]
        i //= 80
    return word


def _word(i: int, salt: int) -> str:
    return syllables(i * 5 + salt, 4)


def _name(i: int) -> str:
    return f"{syllables(i).capitalize()} {syllables(i * 7919 + 13).capitalize()}"


def run_on_sentence_split(n: int, rng: random.Random) -> Pair:
    """One account's run-on sentence, cut into sentences by the other (selection: trim, free runs)."""
    words = [_word(i, 2) for i in range(n)]
    parts = [" ".join(words[i : i + 8]) for i in range(0, n, 8)]
    return "Officials said " + ", ".join(parts) + ".", " ".join(p.capitalize() + "." for p in parts), ".txt"


def shifted_sentence_ends(n: int, rng: random.Random) -> Pair:
    """The same words, every sentence end three words apart (selection: one match grew over all)."""
    words = [_word(i, 3) for i in range(n)]
    a = [" ".join(words[i : i + 6]) for i in range(0, n, 6)]
    b = [" ".join(words[:3])] + [" ".join(words[i : i + 6]) for i in range(3, n, 6)]
    return " ".join(s.capitalize() + "." for s in a), " ".join(s.capitalize() + "." for s in b), ".txt"


def names_in_one_list(n: int, rng: random.Random) -> Pair:
    """One sentence listing distinct names, in another order on the other side (the order ratio)."""
    names = [f"{syllables(i).capitalize()} {syllables(i * 7 + 3).capitalize()}" for i in range(n // 2)]
    a = "Those present included " + ", ".join(names) + "."
    rng.shuffle(names)
    return a, "Those present included " + ", ".join(names) + ".", ".txt"


def different_names_one_clause(n: int, rng: random.Random) -> Pair:
    """One long clause, a different name in each unit on each side (the name changes)."""
    units = n // 16
    a = "Reports say " + ", ".join(FRAME.format("met " + _name(i)) for i in range(units)) + "."
    b = "Reports say " + ", ".join(FRAME.format("met " + _name(i + 10**6)) for i in range(units)) + "."
    return a, b, ".txt"


def dates_against_numbers(n: int, rng: random.Random) -> Pair:
    """One long clause, dates on one side where the other has counts (the value changes)."""
    units = n // 16
    a = ", ".join(FRAME.format(f"counted on {i % 28 + 1} {MONTHS[i % 12]} {1000 + i}") for i in range(units))
    b = ", ".join(FRAME.format(f"counted exactly {100000 + 7 * i} boats") for i in range(units))
    return "Reports say " + a + ".", "Reports say " + b + ".", ".txt"


def framed_names_with_numbers(n: int, rng: random.Random) -> Pair:
    """'minister Wang1234 met' repeated with a new number each time (word diff, spelling variants)."""
    names = ["Wang", "Pandor", "Lavrov", "Blinken", "Patrushev"]

    def text() -> str:
        return " ".join(f"minister {rng.choice(names)}{rng.randint(1, 99999)} Met" for _ in range(n // 3)) + "."

    return text(), text(), ".txt"


def capitalised_runs(n: int, rng: random.Random) -> Pair:
    """Sentences opening with runs of capitalised words (names weighed in what each left out)."""

    def text(source: random.Random) -> str:
        return " ".join(
            " ".join(source.choice(CAPITALISED) for _ in range(source.randint(2, 6)))
            + " "
            + " ".join(source.choice(LOWER) for _ in range(4))
            + "."
            for _ in range(n // 8)
        )

    return text(rng), text(random.Random(9)), ".txt"


def money(n: int, rng: random.Random) -> Pair:
    """Sums of money, percentages and currencies (what each account alone gives)."""

    def amount() -> str:
        return rng.choice(
            [
                f"${rng.randint(1, 999)} million",
                f"€{rng.randint(1, 99)}.{rng.randint(0, 9)} billion",
                f"{rng.randint(1, 99)}%",
                f"US${rng.randint(1, 999)},{rng.randint(0, 999):03d}",
            ]
        )

    def text() -> str:
        return " ".join(f"It cost {amount()} and {amount()}." for _ in range(n // 6))

    return text(), text(), ".txt"


def quotations_on_lines(n: int, rng: random.Random) -> Pair:
    """A quotation on every line, the same on both sides (framing: every span against every quote)."""
    speakers = ["John Smith", "Maria Garcia", "Wei Wang", "Olga Petrova"]
    lines = [
        f"\u201c{' '.join(rng.choice(LOWER) for _ in range(8)).capitalize()},\u201d {rng.choice(speakers)} said."
        for _ in range(n // 11)
    ]
    return "\n".join(lines), "\n".join(lines), ".txt"


def stray_quotation_marks(n: int, rng: random.Random) -> Pair:
    """Quotation marks scattered through one long line (a quotation's frame read to the line's ends)."""

    def text(source: random.Random) -> str:
        return " ".join(source.choice(['"', "\u201c", "\u201d", "'", "word", "said"]) for _ in range(n))

    return text(rng), text(random.Random(2)), ".txt"


def links_in_one_paragraph(n: int, rng: random.Random) -> Pair:
    """A web page with one paragraph of thousands of links (the HTML reader). At most 40,000 of them, a
    few words each past that: a page of over 50,000 elements is refused before it is read
    (ingest/articles.py, MAX_ELEMENTS), and a bench of that refusal measures nothing."""
    count = min(n, 40_000)
    words = -(-n // count)
    texts = (" ".join(rng.choice(LOWER) for _ in range(words)) for _ in range(count))
    links = " ".join(f'<a href="https://example.com/{i}">{text}</a>' for i, text in enumerate(texts))
    page = f"<html><body><article><p>{links}.</p></article></body></html>"
    return page, page, ".html"


KINDS: dict[str, Kind] = {
    kind.__name__.replace("_", " "): kind
    for kind in (
        run_on_sentence_split,
        shifted_sentence_ends,
        names_in_one_list,
        different_names_one_clause,
        dates_against_numbers,
        framed_names_with_numbers,
        capitalised_runs,
        money,
        quotations_on_lines,
        stray_quotation_marks,
        links_in_one_paragraph,
    )
}


def _option(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def side_by_side(folder: Path, chosen: list[str], size: int, runs: int, other_tree: Path) -> None:
    """Each kind run by this install and by `other_tree`, alternating; wall s, median (range)."""
    imports = folder / "against"
    imports.mkdir()
    (imports / "cyberread").symlink_to(other_tree.resolve(), target_is_directory=True)
    # Both trees keep their byte code (an environment that forbids writing it would have one tree
    # compiled on every run), and each runs once on a small pair first, uncounted.
    ours_env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    theirs_env = {**ours_env, "PYTHONPATH": str(imports)}
    small_a, small_b = folder / "small_a.txt", folder / "small_b.txt"
    small_a.write_text("Mr. Smith went to Geneva. He met the minister.", encoding="utf-8")
    small_b.write_text("Mr. Jones went to Paris. She met the minister.", encoding="utf-8")
    for env in (ours_env, theirs_env):
        whole_command(small_a, small_b, env=env)
    print(f"{'kind (wall s, ' + format(size, ',') + ' words)':36}{'this':>22}{str(other_tree):>24}   change")
    for name in chosen:
        a, b, suffix = KINDS[name](size, random.Random(0))
        path_a, path_b = folder / f"a{suffix}", folder / f"b{suffix}"
        path_a.write_text(a, encoding="utf-8")
        path_b.write_text(b, encoding="utf-8")
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(runs):
            ours.append(whole_command(path_a, path_b, check=False, env=ours_env)[0])
            theirs.append(whole_command(path_a, path_b, check=False, env=theirs_env)[0])
        mine, other = statistics.median(ours), statistics.median(theirs)
        print(
            f"{name:36}{_cell(ours):>22}{_cell(theirs):>24}   {100 * (mine - other) / other:+5.0f}%",
            flush=True,
        )


def _cell(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} ({min(times):.2f}-{max(times):.2f})"


def main(argv: list[str]) -> int:
    sizes = [int(size) for size in _option(argv, "--words", "5000,25000").split(",")]
    chosen = _option(argv, "--kinds", ",".join(KINDS)).split(",")
    if "--against" in argv:
        with tempfile.TemporaryDirectory(prefix="cyberread-stalls-") as temporary:
            other_tree = Path(_option(argv, "--against", ""))
            side_by_side(Path(temporary), chosen, sizes[0], int(_option(argv, "--runs", "3")), other_tree)
        return 0
    heading = "kind (CPU s / wall s)"
    print(f"{heading:30}" + "".join(f"{size:>18,}" for size in sizes) + "   growth / text growth")
    with tempfile.TemporaryDirectory(prefix="cyberread-stalls-") as temporary:
        folder = Path(temporary)
        for name in chosen:
            cpu = []
            cells = ""
            for size in sizes:
                a, b, suffix = KINDS[name](size, random.Random(0))
                path_a, path_b = folder / f"a{suffix}", folder / f"b{suffix}"
                path_a.write_text(a, encoding="utf-8")
                path_b.write_text(b, encoding="utf-8")
                wall, seconds = whole_command(path_a, path_b, check=False)  # a refused page still counts
                cpu.append(seconds)
                cells += f"{seconds:10.2f} /{wall:6.2f}"
            growth = (cpu[-1] - START_UP) / max(0.05, cpu[0] - START_UP)
            print(f"{name:30}{cells}   {growth:5.1f} / {sizes[-1] / sizes[0]:.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
