"""How cyberread holds up as the library grows: for 1,000, 10,000 and 100,000 generated articles
(bench/make_library.py), times the import (`cyberread add` on the folder), the start to a painted library
screen (next to a bare Textual app with one DataTable, the floor), a search keystroke, opening an
article, paging through the whole table, related accounts, and the app's peak memory. Each figure is the
median of several runs.

    .venv/bin/python bench/scale.py [--max 10000] [--runs 5] [--work /tmp/cyberread-scale]

UI figures run from a key sent to the first frame painted that shows its result (PaintClock): the
pilot's own waits are left out, Textual's frame timer is in. Generated folders are kept in --work and
reused by the next run (delete it to start over); the libraries are imported afresh every run.
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
    parser.add_argument(
        "--max", type=int, default=SIZES[-1], help="skip the sizes above this (they are reported as skipped)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--import-runs", type=int, default=3, help="imports timed at 1,000; larger sizes are imported once"
    )
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
    for _ in range(args.import_runs if n <= 1_000 else 1):
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        # The seeds go in first, so the timed import is only the folder.
        _cyberread(home, "list")
        started = time.perf_counter()
        _cyberread(home, "add", str(folder))
        rates.append(n / (time.perf_counter() - started))
    start = [_timed_process([sys.executable, __file__, "_paint", "app", str(home)]) for _ in range(args.runs)]
    floor = [_timed_process([sys.executable, __file__, "_paint", "bare", str(home)]) for _ in range(args.runs)]
    ui = json.loads(
        subprocess.run(
            [sys.executable, __file__, "_ui", str(home), str(args.runs)],
            check=True,
            capture_output=True,
            text=True,
            env=dict(os.environ, CYBERREAD_HOME=str(home)),
        ).stdout.splitlines()[-1]
    )
    return {
        "import_per_s": round(statistics.median(rates)),
        "import_runs": len(rates),
        "start_s": round(statistics.median(start), 3),
        "floor_s": round(statistics.median(floor), 3),
        **ui,
    }


def _cyberread(home: Path, *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "cyberread", *arguments],
        check=True,
        capture_output=True,
        env=dict(os.environ, CYBERREAD_HOME=str(home)),
    )


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


class PaintClock:
    """Times a key from the moment it is sent to the first frame painted in the state it leads to.
    The pilot's own waits (it sleeps 20 ms at a time until the app is idle) are not in the figure;
    Textual's frame timer, which a person waits for too, is."""

    def __init__(self, pilot) -> None:  # type: ignore[no-untyped-def]
        self.pilot = pilot
        self.paints: list[tuple[float, bool]] = []
        self._reached = lambda: False
        app = pilot.app
        display = app._display

        def timed_display(screen, renderable):  # type: ignore[no-untyped-def]
            display(screen, renderable)
            if renderable is not None:
                self.paints.append((time.perf_counter(), self._reached()))

        app._display = timed_display

    async def key(self, key: str, reached) -> float:  # type: ignore[no-untyped-def]
        """Seconds from pressing `key` to the first frame painted once `reached()` holds."""
        from textual import events

        self._reached = reached
        self.paints.clear()
        started = time.perf_counter()
        # Sent as the pilot sends it, without the pilot's waits after it.
        self.pilot.app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
        while time.perf_counter() - started < 30:
            painted = next((at for at, done in self.paints if done), None)
            if painted is not None:
                return painted - started
            await asyncio.sleep(0.001)
        raise TimeoutError(f"no frame painted after {key!r}")


def ui(home: str, runs: int) -> dict[str, object]:
    """Search, open, scroll and related accounts on the library, each timed from the key to the frame
    that shows its result."""
    from cyberread.app import CyberreadApp
    from cyberread.screens.library import LibraryScreen
    from cyberread.screens.reader import ReaderScreen
    from cyberread.store.importing import open_library
    from cyberread.store.paths import locations
    from cyberread.store.related import related_articles
    from cyberread.widgets.article_table import ArticleTable

    library = open_library(locations())
    figures: dict[str, object] = {}
    vocabulary = make_library._Vocabulary(make_library.random.Random(make_library.SEED))

    async def drive() -> None:
        app = CyberreadApp(library)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            table = screen.query_one(ArticleTable)
            clock = PaintClock(pilot)
            # A family's name, typed a key at a time: the first keys match most of the library.
            word = make_library.make_article(0, vocabulary).title.split()[0].lower()
            keystrokes = []
            for _ in range(runs):
                await pilot.press("slash")
                for typed in range(1, len(word) + 1):
                    keystrokes.append(
                        await clock.key(
                            word[typed - 1],
                            lambda typed=typed: screen.search_text == word[:typed] and table.rows is screen.rows,
                        )
                    )
                figures["search_hits"] = table.row_count
                await pilot.press("escape", "escape")
                await pilot.pause()
            figures["search_ms_median"] = _ms(statistics.median(keystrokes))
            figures["search_ms_worst"] = _ms(max(keystrokes))
            opens = []
            for step in range(runs):
                table.cursor_row = step * (table.row_count // max(1, runs))
                await pilot.pause()
                opens.append(
                    await clock.key(
                        "enter", lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.view._lines)
                    )
                )
                await pilot.press("escape")
                await pilot.pause()
            figures["open_ms"] = _ms(statistics.median(opens))
            await pilot.press("g")
            await pilot.pause()
            # Page by page from the top to the bottom: every page of rows is fetched on the way.
            pages = []
            while table.cursor_row < table.row_count - 1:
                target = min(table.row_count - 1, table.cursor_row + table._visible_rows())
                pages.append(await clock.key("pagedown", lambda target=target: table.cursor_row == target))
            figures["scroll_top_to_bottom_s"] = round(sum(pages), 1)
            figures["page_down_ms_median"] = _ms(statistics.median(pages))
            figures["page_down_ms_worst"] = _ms(max(pages))
            await pilot.press("g")
            await pilot.pause()
            figures["jump_to_bottom_ms"] = _ms(await clock.key("G", lambda: table.cursor_row == table.row_count - 1))

    asyncio.run(drive())
    related, found = [], 0
    for family in range(runs):
        members = [
            _article_at(library, family * make_library.FAMILY_SPACING + k) for k in range(make_library.FAMILY_SIZE)
        ]
        started = time.perf_counter()
        ranked = related_articles(library, members[0])
        related.append(time.perf_counter() - started)
        top = {row.id for _, row in ranked[: make_library.FAMILY_SIZE - 1]}
        found += len(top & {member.id for member in members[1:]})
    figures["related_ms"] = _ms(statistics.median(related))
    figures["related_family_found"] = f"{found}/{runs * (make_library.FAMILY_SIZE - 1)}"
    figures["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def _article_at(library, index: int):  # type: ignore[no-untyped-def]
    """The library's copy of generated article `index`, found by its file name."""
    (article_id,) = library.connection.execute(
        "SELECT id FROM articles WHERE path LIKE ?", (f"%/{index:06d}.txt",)
    ).fetchone()
    return library.get(article_id)


def _ms(seconds: float) -> float:
    return round(1000 * seconds, 1)


def print_table(results: dict[int, dict[str, object]]) -> None:
    rows = [
        ("import (articles/s)", "import_per_s", TARGETS["import"]),
        ("start to painted library (s)", "start_s", TARGETS["start"]),
        ("bare Textual DataTable app (s)", "floor_s", "the floor"),
        ("search keystroke to painted table, median (ms)", "search_ms_median", TARGETS["search"]),
        ("search keystroke to painted table, worst (ms)", "search_ms_worst", TARGETS["search"]),
        ("articles the search word matches", "search_hits", ""),
        ("open an article, key to painted reader (ms)", "open_ms", TARGETS["open"]),
        ("page down, median / worst (ms)", ("page_down_ms_median", "page_down_ms_worst"), ""),
        ("table top to bottom, page by page (s)", "scroll_top_to_bottom_s", ""),
        ("jump to the bottom, G (ms)", "jump_to_bottom_ms", ""),
        ("related accounts (ms)", "related_ms", TARGETS["related"]),
        ("family members ranked top 3 by related", "related_family_found", "all"),
        ("peak RSS of the app (MB)", "rss_mb", TARGETS["rss"]),
    ]
    sizes = list(results)
    print()
    print("| measure | " + " | ".join(f"{n:,}" for n in sizes) + " | target (100k) |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for label, key, target in rows:
        keys = key if isinstance(key, tuple) else (key,)
        cells = [" / ".join(str(results[n].get(k, "")) for k in keys) for n in sizes]
        print(f"| {label} | " + " | ".join(cells) + f" | {target} |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["_paint"]:
        paint(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["_ui"]:
        print(json.dumps(ui(sys.argv[2], int(sys.argv[3]))))
    else:
        sys.exit(main())
