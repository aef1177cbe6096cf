"""`cyberread compare` as a process: Ctrl-C stops a long comparison at once with status 130 and one
line, no traceback; finished comparisons are kept unless --no-cache, and read back the same."""

from __future__ import annotations

import gc
import os
import pty
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from cyberread import cli
from cyberread.__main__ import run
from cyberread.cli import main
from cyberread.engine.align.cancel import CancelCheck
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.articles import Article, load_article
from cyberread.store import comparing
from tests.app.test_compare import word_salad
from tests.conftest import seed_path
from tests.terminal import read_terminal


def _compare(*arguments: str, home: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cyberread", "compare", *arguments, "--format", "json"]
    environment = {**os.environ, "CYBERREAD_HOME": str(home)}
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=True)


@pytest.mark.usefixtures("ctrl_c_heard")
def test_ctrl_c_stops_a_long_comparison_with_status_130_and_no_traceback(tmp_path: Path) -> None:
    # 300,000 words a side: still comparing when the progress line appears, however fast the engine.
    for name, seed in (("a.txt", 1), ("b.txt", 2)):
        (tmp_path / name).write_text(f"Account {seed}\n\n" + word_salad(seed, paragraphs=7500), encoding="utf-8")
    command = [sys.executable, "-m", "cyberread", "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    environment = {**os.environ, "CYBERREAD_HOME": str(tmp_path / "home")}
    terminal, stderr = pty.openpty()  # stderr a terminal: the progress line says when the engine is at work
    process = subprocess.Popen(
        [*command, "--format", "json"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, env=environment
    )
    os.close(stderr)
    try:
        shown = read_terminal(terminal, lambda seen: b"comparing: " in seen, 120)
        assert b"comparing: " in shown, f"no progress line before the comparison ended: {shown!r}"
        process.send_signal(signal.SIGINT)
        stdout, _ = process.communicate(timeout=20)  # the rest of the comparison would take far longer
        shown += read_terminal(terminal, seconds=5)
    finally:
        process.kill()
        os.close(terminal)
    assert process.returncode == 130
    assert stdout == b""  # no half a JSON document
    lines = [line.replace("\x1b[K", "") for line in re.split(r"[\r\n]+", shown.decode("utf-8"))]
    assert [line for line in lines if line and not line.startswith("comparing: ")] == ["cyberread: interrupted"]


@pytest.mark.usefixtures("ctrl_c_heard")
def test_a_ctrl_c_lost_in_a_finaliser_still_stops_the_comparison(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python raises KeyboardInterrupt where the main thread is; inside a finaliser (regex's, while nltk
    loads) it is printed as 'Exception ignored' and lost. The comparison must stop all the same."""
    assert threading.current_thread() is threading.main_thread()  # else the signal would end the test run
    checks: list[str] = []
    real = comparing.compare_articles

    class Finaliser:
        def __del__(self) -> None:
            checks.append("finaliser")
            os.kill(os.getpid(), signal.SIGINT)  # KeyboardInterrupt is raised here, in the finaliser
            checks.append("finaliser went on")

    def compare_articles(a: Article, b: Article, settings: MatchSettings, cancel: CancelCheck, *rest, **named):
        def check() -> None:
            checks.append("check")
            if checks.count("check") == 2:
                Finaliser()  # dropped at once: its __del__ runs
            cancel()

        return real(a, b, settings, check, *rest, **named)

    monkeypatch.setattr(comparing, "compare_articles", compare_articles)
    status = main(["--home", str(tmp_path), "compare", str(seed_path("001")), str(seed_path("004")), "--no-cache"])
    assert checks == ["check", "check", "finaliser"]  # the interrupt came, and was lost, in the finaliser
    assert status == 130  # and the engine stopped at the check it was in
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "cyberread: interrupted\n"  # no 'Exception ignored' report either


def test_ctrl_c_while_the_command_line_loads_is_as_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def pressed() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", pressed)  # before main's own handling begins
    assert run() == 130
    assert capsys.readouterr().err == "cyberread: interrupted\n"


def test_a_comparison_is_kept_and_read_back_the_same_unless_no_cache(tmp_path: Path) -> None:
    a, b = str(seed_path("001")), str(seed_path("004"))
    fresh = _compare(a, b, "--no-cache", home=tmp_path / "fresh")
    assert not (tmp_path / "fresh" / "comparisons.sqlite3").exists()
    first = _compare(a, b, home=tmp_path / "kept")
    assert first.stderr == ""  # no progress line where stderr is not a terminal
    assert (tmp_path / "kept" / "comparisons.sqlite3").exists()
    again = _compare(a, b, home=tmp_path / "kept")
    assert fresh.stdout == first.stdout == again.stdout
    swapped = _compare(b, a, home=tmp_path / "kept")
    assert swapped.stdout == _compare(b, a, "--no-cache", home=tmp_path / "fresh").stdout


def test_a_comparison_whose_reader_went_away_is_kept_all_the_same(tmp_path: Path) -> None:
    # `cyberread compare A B | head -1`: the pipe closed while the report was written, and the comparison,
    # kept only once printed, was not kept at all.
    from cyberread.store.compare_cache import ComparisonCache

    # A report longer than a pipe holds, so that writing it meets the closed pipe.
    for name, seed in (("a.txt", 1), ("b.txt", 2)):
        (tmp_path / name).write_text(f"Account {seed}\n\n" + word_salad(seed, paragraphs=300), encoding="utf-8")
    a, b = load_article(tmp_path / "a.txt"), load_article(tmp_path / "b.txt")
    command = [sys.executable, "-m", "cyberread", "compare", str(a.path), str(b.path)]
    environment = {**os.environ, "CYBERREAD_HOME": str(tmp_path / "home")}
    with subprocess.Popen(command, stdout=subprocess.PIPE, env=environment) as process:
        assert process.stdout is not None
        process.stdout.readline()
        process.stdout.close()
        assert process.wait() == 0
    assert ComparisonCache(tmp_path / "home").get(a.body, b.body, MatchSettings()) is not None


def test_what_a_command_made_is_frozen_before_the_interpreter_frees_it(tmp_path: Path) -> None:
    # The exit handler registered first runs last: by then the command's objects are out of the
    # collector's reach, so the interpreter's exit frees them without walking them first.
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "from cyberread.__main__ import run\n"
        "sys.argv = ['cyberread', 'compare', sys.argv[1], sys.argv[2], '--no-cache']\n"
        "print('status', run())\n"
    )
    environment = {**os.environ, "CYBERREAD_HOME": str(tmp_path)}
    command = [sys.executable, "-c", script, str(seed_path("001")), str(seed_path("004"))]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
    assert done.stdout.splitlines()[-2:] == ["status 0", "frozen True"]


def test_the_command_ends_its_process_after_the_exit_handlers_with_its_output_written(tmp_path: Path) -> None:
    # launch() ends the process without the interpreter's teardown: what ran at exit still runs, the
    # export is whole, and the status is the command's.
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('exit handler ran'))\n"
        "from cyberread.__main__ import launch\n"
        "sys.argv = ['cyberread', 'compare', *sys.argv[1:], '--format', 'json', '--no-cache']\n"
        "launch()\n"
        "print('never')\n"
    )
    environment = {**os.environ, "CYBERREAD_HOME": str(tmp_path)}
    pair = [str(seed_path("001")), str(seed_path("004"))]
    done = subprocess.run([sys.executable, "-c", script, *pair], capture_output=True, text=True, env=environment)
    assert done.returncode == 0
    document, handler = done.stdout.rsplit("\n", 2)[:2]
    assert handler == "exit handler ran"
    assert document + "\n" == _compare(*pair, "--no-cache", home=tmp_path).stdout
    failed = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "missing.txt"), pair[0]],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert failed.returncode == 1
    assert failed.stdout == "exit handler ran\n"
    assert "missing.txt" in failed.stderr


def test_a_process_with_a_thread_still_at_work_takes_the_interpreters_own_exit() -> None:
    # Ending at once would stop the thread mid-work: the interpreter's exit waits for it instead.
    script = (
        "import threading, time\n"
        "from cyberread.__main__ import _end\n"
        "def work():\n"
        "    time.sleep(0.3)\n"
        "    print('thread done', flush=True)\n"
        "threading.Thread(target=work).start()\n"
        "_end(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (3, "thread done\n")


def test_work_left_for_the_exit_is_kept_only_where_asked_and_changes_no_result(tmp_path: Path) -> None:
    # In a process of its own: a process that leaves its work unfreed never frees it.
    script = (
        "import sys\n"
        "from cyberread.engine.align import compare\n"
        "a, b = (open(path, encoding='utf-8').read() for path in sys.argv[1:])\n"
        "before = repr(compare.compare_texts(a, b))\n"
        "print(compare._LEFT_FOR_EXIT is None)\n"
        "compare.leave_work_for_exit()\n"
        "after = repr(compare.compare_texts(a, b))\n"
        "print(len(compare._LEFT_FOR_EXIT), before == after)\n"
    )
    pair = [str(seed_path("001")), str(seed_path("004"))]
    done = subprocess.run([sys.executable, "-c", script, *pair], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "1", "True"]


def test_the_collector_rests_through_a_printed_comparison_and_wakes_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Paused only inside the engine and the export, it woke between them and walked all they kept.
    from cyberread.cli import compare as command
    from cyberread.engine.render import json_report

    awake: dict[str, bool] = {}

    def watched(name: str, original: Callable[..., object]) -> Callable[..., object]:
        def call(*arguments: object, **keywords: object) -> object:
            awake.setdefault(name, gc.isenabled())
            return original(*arguments, **keywords)

        return call

    monkeypatch.setattr(command, "resolve_article", watched("reading", command.resolve_article))
    monkeypatch.setattr(command, "_compared", watched("comparing", command._compared))
    monkeypatch.setattr(json_report, "comparison_to_dict", watched("exporting", json_report.comparison_to_dict))
    monkeypatch.setenv("CYBERREAD_HOME", str(tmp_path))
    assert gc.isenabled()
    assert main(["compare", str(seed_path("001")), str(seed_path("004")), "--format", "json", "--no-cache"]) == 0
    assert '"similarity"' in capsys.readouterr().out
    assert awake == {"reading": False, "comparing": False, "exporting": False}
    assert gc.isenabled()


def test_what_a_comparison_keeps_goes_to_the_oldest_generation_unwalked() -> None:
    from cyberread.engine.align.compare import collector_paused

    gc.unfreeze()  # whatever an app started by an earlier test froze
    with collector_paused():
        kept = [[n] for n in range(10_000)]
        cycle: list[object] = []
        cycle.append(cycle)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    # In the oldest generation at once, not walked by a young collection on its way to the next one.
    assert any(item is kept for item in gc.get_objects(generation=2))
    del cycle
    assert gc.collect() >= 1 and len(kept) == 10_000  # a full collection still finds the cycle


def test_objects_a_caller_froze_stay_frozen_through_a_comparison() -> None:
    from cyberread.engine.align.compare import collector_paused

    gc.unfreeze()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            made = [[n] for n in range(1_000)]
        # Still frozen (a few may have died meanwhile: death takes an object out of the count).
        assert gc.isenabled() and gc.get_freeze_count() > frozen // 2 and made
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("output", ["json", "text"])
def test_a_fresh_comparison_is_kept_once_it_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    from cyberread.store.compare_cache import ComparisonCache

    printed_when_kept: list[str] = []
    keep = ComparisonCache.put

    def put(cache: ComparisonCache, *args: object) -> None:
        printed_when_kept.append(capsys.readouterr().out)
        keep(cache, *args)

    monkeypatch.setattr(ComparisonCache, "put", put)
    monkeypatch.setenv("CYBERREAD_HOME", str(tmp_path))
    pair = [str(seed_path("001")), str(seed_path("004"))]
    assert main(["compare", *pair, "--format", output]) == 0
    assert len(printed_when_kept) == 1 and "Johannesburg" in printed_when_kept[0]
    assert main(["compare", *pair, "--format", output]) == 0  # read back: nothing more to keep
    assert len(printed_when_kept) == 1
    assert capsys.readouterr().out == printed_when_kept[0]
