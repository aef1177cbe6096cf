"""How cyberread holds up as the library grows: for 1,000, 10,000 and 100,000 generated articles
(bench/make_library.py), times the import, the start to a painted library screen (next to a bare Textual
app with one DataTable, the floor), a search keystroke, opening an article, scrolling the table, related
accounts, and the app's peak memory. Each figure is the median of several runs.

    .venv/bin/python bench/scale.py [--max 10000] [--runs 5] [--work /tmp/cyberread-scale]

Generated folders and libraries are kept in --work and reused by the next run (delete it to start over).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import make_library  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
TARGETS = {
    "import": "≥ 1,000 articles/s",
    "start": "< 1 s and < 1.5× floor",
    "search": "< 50 ms",
    "open": "< 100 ms",
    "related": "< 300 ms",
    "rss": "< 250 MB",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="skip the sizes above this (they are reported as skipped)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-runs", type=int, default=3, help="imports timed at 1,000; larger sizes are imported once")
    parser.add_argument("--work", type=Path, default=Path("/tmp/cyberread-scale"))
    args = parser.parse_args()
    results: dict[int, dict[str, object]] = {}
    for n in SIZES:
        if n > args.max:
            print(f"N={n:,}: skipped (--max {args.max:,})", flush=True)
            continue
        results[n] = measure(n, args)
        print(f"N={n:,}: {json.dumps(results[n])}", flush=True)
    print_table(results)
    return 0


def measure(n: int, args: argparse.Namespace) -> dict[str, object]:
    folder = args.work / f"articles-{n}"
    make_library.write_articles(n, folder)
    home = args.work / f"home-{n}"
    rates = []
    for run in range(args.import_runs if n <= 1_000 else 1):
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        # The seeds go in first, so the timed import is only the folder.
        _cyberread(home, "list")
        started = time.perf_counter()
        _cyberread(home, "add", str(folder))
        rates.append(n / (time.perf_counter() - started))
    start = [_timed_process([sys.executable, __file__, "_paint", "app", str(home)]) for _ in range(args.runs)]
    floor = [_timed_process([sys.executable, __file__, "_paint", "bare", str(home)]) for _ in range(args.runs)]
    ui = json.loads(subprocess.run(
        [sys.executable, __file__, "_ui", str(home), str(args.runs)], check=True, capture_output=True, text=True,
        env=dict(os.environ, CYBERREAD_HOME=str(home)),
    ).stdout.splitlines()[-1])
    return {
        "import_per_s": round(statistics.median(rates)), "import_runs": len(rates),
        "start_s": round(statistics.median(start), 3), "floor_s": round(statistics.median(floor), 3), **ui,
    }


def _cyberread(home: Path, *arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "cyberread", *arguments], check=True, capture_output=True,
                   env=dict(os.environ, CYBERREAD_HOME=str(home)))


def _timed_process(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=dict(os.environ, CYBERREAD_HOME=command[-1]))
    return time.perf_counter() - started


async def _until_painted(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.exit()


def paint(kind: str, home: str) -> None:
    """Start an app headless and exit once its first screen is painted: the wall clock around this
    process is the start time."""
    if kind == "bare":
        from textual.app import App
        from textual.widgets import DataTable, Footer

        class Bare(App[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield DataTable()
                yield Footer()

        Bare().run(headless=True, size=(120, 40), auto_pilot=_until_painted)
        return
    from cyberread.app import CyberreadApp
    from cyberread.store.importing import open_library
    from cyberread.store.paths import locations

    library = open_library(locations())
    CyberreadApp(library).run(headless=True, size=(120, 40), auto_pilot=_until_painted)
    library.close()


def ui(home: str, runs: int) -> dict[str, object]:
    """Search, open, scroll and related accounts, timed in a pilot run of the app on the library."""
    from cyberread.app import CyberreadApp
    from cyberread.screens.library import LibraryScreen
    from cyberread.screens.reader import ReaderScreen
    from cyberread.store.importing import open_library
    from cyberread.store.paths import locations
    from cyberread.store.related import related_articles
    from cyberread.widgets.article_table import ArticleTable

    library = open_library(locations())
    figures: dict[str, object] = {}

    async def drive() -> None:
        app = CyberreadApp(library)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            table = screen.query_one(ArticleTable)
            # What the pilot itself costs a key press: a key bound to nothing.
            idle = []
            for _ in range(10 * runs):
                started = time.perf_counter()
                await pilot.press("f12")
                await pilot.pause()
                idle.append(time.perf_counter() - started)
            figures["idle_key_ms"] = round(1000 * statistics.median(idle), 1)
            # A family's name, typed a key at a time: the first keys match most of the library.
            family = make_library.make_article(0, make_library._Vocabulary(make_library.random.Random(make_library.SEED)))
            word = family.title.split()[0].lower()
            keystrokes = []
            await pilot.press("slash")
            for _ in range(runs):
                for char in word:
                    started = time.perf_counter()
                    await pilot.press(char)
                    await pilot.pause()
                    keystrokes.append(time.perf_counter() - started)
                figures["search_hits"] = table.row_count
                await pilot.press("escape")
                await pilot.pause()
                await pilot.press("slash")
            await pilot.press("escape")
            await pilot.pause()
            figures["search_ms_median"] = round(1000 * statistics.median(keystrokes), 1)
            figures["search_ms_worst"] = round(1000 * max(keystrokes), 1)
            opens = []
            for step in range(runs):
                table.cursor_row = step * (table.row_count // max(1, runs))
                await pilot.pause()
                started = time.perf_counter()
                await pilot.press("enter")
                await pilot.pause()
                assert isinstance(app.screen, ReaderScreen)
                opens.append(time.perf_counter() - started)
                await pilot.press("escape")
                await pilot.pause()
            figures["open_ms"] = round(1000 * statistics.median(opens), 1)
            await pilot.press("g")
            await pilot.pause()
            pages = []
            for _ in range(20 * runs):
                started = time.perf_counter()
                await pilot.press("pagedown")
                await pilot.pause()
                pages.append(time.perf_counter() - started)
            figures["page_down_ms"] = round(1000 * statistics.median(pages), 1)
            started = time.perf_counter()
            await pilot.press("G")
            await pilot.pause()
            figures["jump_to_bottom_ms"] = round(1000 * (time.perf_counter() - started), 1)
            pages_total = table.row_count / max(1, table.scrollable_content_region.height - 1)
            figures["scroll_top_to_bottom_s"] = round(pages_total * statistics.median(pages), 1)

    asyncio.run(drive())
    related = []
    for family in range(runs):
        article = library.get(library.search(make_library.make_article(
            family * make_library.FAMILY_SPACING,
            make_library._Vocabulary(make_library.random.Random(make_library.SEED)),
        ).title)[0].id)
        started = time.perf_counter()
        related_articles(library, article)
        related.append(time.perf_counter() - started)
    figures["related_ms"] = round(1000 * statistics.median(related), 1)
    figures["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def print_table(results: dict[int, dict[str, object]]) -> None:
    rows = [
        ("import (articles/s)", "import_per_s", TARGETS["import"]),
        ("start to painted library (s)", "start_s", TARGETS["start"]),
        ("bare Textual DataTable app (s)", "floor_s", "the floor"),
        ("pilot key press doing nothing (ms)", "idle_key_ms", "overhead in the figures below"),
        ("search keystroke, median (ms)", "search_ms_median", TARGETS["search"]),
        ("search keystroke, worst (ms)", "search_ms_worst", TARGETS["search"]),
        ("open an article (ms)", "open_ms", TARGETS["open"]),
        ("page down (ms)", "page_down_ms", ""),
        ("jump to the bottom, G (ms)", "jump_to_bottom_ms", ""),
        ("page down top to bottom (s)", "scroll_top_to_bottom_s", ""),
        ("related accounts (ms)", "related_ms", TARGETS["related"]),
        ("peak RSS (MB)", "rss_mb", TARGETS["rss"]),
    ]
    sizes = list(results)
    print()
    print("| measure | " + " | ".join(f"{n:,}" for n in sizes) + " | target (100k) |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for label, key, target in rows:
        print(f"| {label} | " + " | ".join(str(results[n].get(key, "")) for n in sizes) + f" | {target} |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["_paint"]:
        paint(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["_ui"]:
        print(json.dumps(ui(sys.argv[2], int(sys.argv[3]))))
    else:
        sys.exit(main())
