"""How cyberread holds up as the library grows: for 1,000, 10,000 and 100,000 generated articles
(bench/make_library.py, set as web pages set them: curly quotes, dashes, accented names, some mojibake),
times the import (`cyberread add` on the folder), the start to a painted library screen (the `cyberread`
command, next to a bare Textual app with one DataTable, the floor), a search keystroke, opening an
article, paging through the whole table, related accounts, and the app's peak memory. Each figure is the
median of several runs; start and floor runs alternate.

    .venv/bin/python bench/scale.py [--max 10000] [--runs 5] [--work /tmp/cyberread-scale] [--ascii]

UI figures run from a key sent to the first frame painted that shows its result (PaintClock): the
pilot's own waits are left out, Textual's frame timer is in. Generated folders are kept in --work and
reused by the next run (delete it to start over); the libraries are imported afresh every run. The
import is also given as CPU time an article, in the writing process and in its workers, with the load
average of the machine before and after (the machine is shared).
"""

from __future__ import annotations

# The start figures time whole processes of this script: it imports only what both kinds of start need
# before it knows which it is (the rest is imported where it is used).
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

BENCH = Path(__file__).resolve().parent
SIZES = (1_000, 10_000, 100_000)
TARGETS = {
    "import": "≥ 2,000 articles/s",
    "start": "< 1 s and < 1.2× floor",
    "search": "< 50 ms",
    "open": "< 100 ms",
    "related": "< 300 ms",
    "rss": "< 250 MB",
}


def main() -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--max", type=int, default=SIZES[-1], help="skip the sizes above this (they are reported as skipped)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--import-runs", type=int, default=3, help="imports timed at 1,000; larger sizes are imported once"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/cyberread-scale"))
    parser.add_argument("--ascii", action="store_true", help="plain ASCII articles, as the generator wrote before")
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
    import json
    import shutil
    import statistics
    import subprocess

    sys.path.insert(0, str(BENCH))
    import make_library

    folder = args.work / f"{'ascii' if args.ascii else 'typeset'}-{n}"
    make_library.write_articles(n, folder, typeset=not args.ascii)
    home = args.work / f"home-{n}"
    rates, main_cpu, worker_cpu, loads = [], [], [], []
    for _ in range(args.import_runs if n <= 1_000 else 1):
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        # The seeds go in first, so the timed import is only the folder.
        _cyberread(home, "list")
        before = os.getloadavg()[0]
        seconds, cpu = _timed_import(home, folder)
        loads.append(f"{before:.1f}-{os.getloadavg()[0]:.1f}")
        rates.append(n / seconds)
        main_cpu.append(cpu[0] / n * 1000)
        worker_cpu.append(cpu[1] / n * 1000)
    start, floor = [], []
    for _ in range(args.runs):
        start.append(_timed_process([sys.executable, __file__, "_paint", "app", str(home)]))
        floor.append(_timed_process([sys.executable, __file__, "_paint", "bare", str(home)]))
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
        "import_cpu_ms": f"{statistics.median(main_cpu):.2f} + {statistics.median(worker_cpu):.2f}",
        "import_load": ", ".join(loads),
        "start_s": round(statistics.median(start), 3),
        "floor_s": round(statistics.median(floor), 3),
        "start_ratio": round(statistics.median(start) / statistics.median(floor), 2),
        **ui,
    }


def _cyberread(home: Path, *arguments: str) -> None:
    import subprocess

    subprocess.run(
        [sys.executable, "-m", "cyberread", *arguments],
        check=True,
        capture_output=True,
        env=dict(os.environ, CYBERREAD_HOME=str(home)),
    )


def _timed_import(home: Path, folder: Path) -> tuple[float, tuple[float, float]]:
    """Wall seconds of `cyberread add folder`, and the CPU seconds of the command's process and of the
    worker processes it started."""
    import subprocess

    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, __file__, "_add", str(home), str(folder)], check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    own, workers = (float(value) for value in completed.stdout.split()[-2:])
    return seconds, (own, workers)


def add(home: str, folder: str) -> None:
    """`cyberread add folder` in this process, then its CPU seconds and its workers'."""
    import resource

    os.environ["CYBERREAD_HOME"] = home
    from cyberread.cli import main

    status = main(["add", folder])
    own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime)
    sys.exit(status)


def _timed_process(command: list[str]) -> float:
    """Seconds from starting `command` (a _paint process) to the first frame it painted (it prints the
    time of that frame, then ends without tidying up: both kinds of start alike)."""
    import subprocess

    started = time.time()
    environment = dict(os.environ, CYBERREAD_HOME=command[-1])
    # As installed: byte code is cached, not compiled from the source at every start.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    completed = subprocess.run(command, check=True, capture_output=True, text=True, env=environment)
    return float(completed.stdout.split()[-1]) - started


def _stop_at_first_frame() -> None:
    """When the app paints its first whole frame (its footer showing its keys too), print the time and
    end the process."""
    from textual.app import App
    from textual.widgets._footer import FooterKey

    display = App._display

    def first_frame(app: App[None], screen: object, renderable: object) -> None:
        display(app, screen, renderable)  # type: ignore[arg-type]
        if renderable is not None and app.screen.query(FooterKey):
            print(time.time(), flush=True)
            os._exit(0)

    App._display = first_frame  # type: ignore[method-assign, assignment]


def paint(kind: str, home: str) -> None:
    """Start an app headless and end at its first frame (see _timed_process). The app starts as the
    `cyberread` command starts it (its arguments, config and library, then the app); only App.run is told
    to draw headless; the floor is a bare Textual app with one DataTable."""
    from textual.app import App

    _stop_at_first_frame()
    if kind == "bare":
        from textual.widgets import DataTable, Footer

        class Bare(App[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield DataTable()
                yield Footer()

        Bare().run(headless=True, size=(120, 40))
        return
    run = App.run

    def headless_run(app: App[None], *args: object, **kwargs: object) -> None:
        run(app, headless=True, size=(120, 40))

    App.run = headless_run  # type: ignore[method-assign, assignment]
    from cyberread.cli import main

    os.environ["CYBERREAD_HOME"] = home
    sys.exit(main([]))


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
        import asyncio

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
    import asyncio
    import resource
    import statistics

    sys.path.insert(0, str(BENCH))
    import make_library
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
            # The first page is shown before the whole order is read; the rest is read a moment after.
            await pilot.pause(0.5)
            figures["rows_after_start"] = table.row_count
            figures["articles"] = len(library)
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
        ("import CPU an article, writer + workers (ms)", "import_cpu_ms", ""),
        ("load average before-after the import", "import_load", ""),
        ("start to painted library, `cyberread` (s)", "start_s", TARGETS["start"]),
        ("bare Textual DataTable app (s)", "floor_s", "the floor"),
        ("start / floor", "start_ratio", "< 1.2"),
        ("rows in the table once started / articles", ("rows_after_start", "articles"), "all"),
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
    elif sys.argv[1:2] == ["_add"]:
        add(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["_ui"]:
        import json

        print(json.dumps(ui(sys.argv[2], int(sys.argv[3]))))
    else:
        sys.exit(main())
