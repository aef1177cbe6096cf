"""Hostile files through `cyberread add` and `show`: each bad one refused in one line that names it, the
library untouched; text that attacks the screen cleaned to plain text (bench/hostile_corpus.py)."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from cyberread import cli
from cyberread.engine.ingest.articles import ArticleError, load_article, parse_html, parse_text
from cyberread.engine.ingest.clean import safe_line
from cyberread.engine.ingest.decode import DEFAULT_MAX_BYTES, read_text
from cyberread.store.importing import ARTICLE_SUFFIXES
from tests.conftest import REPO


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("hostile_corpus", REPO / "bench" / "hostile_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    corpus.write_hostile_corpus(folder)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def library_json(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    status, out, _ = run(capsys, "list", "--json")
    assert status == 0
    return json.loads(out)


def assert_plain_text(text: str) -> None:
    """Nothing a terminal or the screen would act on: no escapes, controls or invisible characters."""
    for char in text:
        assert char == "\n" or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co"), repr(char)
    assert "\ufffd" not in text
    for tail in corpus.ESCAPE_TAILS:
        assert tail not in text


# --- Files that must be refused -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(corpus.REFUSED))
def test_add_refuses_a_bad_file_in_one_line_and_leaves_the_library_alone(
    name: str, hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile / corpus.BAD / name
    if not os.path.lexists(path):
        pytest.skip(f"this file system could not hold {safe_line(name)}")
    before = library_json(capsys)
    status, out, err = run(capsys, "add", str(path))
    assert status == 1
    assert err.splitlines() == [f"cyberread: {safe_line(str(path))}: {err.split(': ', 2)[2].rstrip()}"]
    assert corpus.REFUSED[name] in err
    assert "\x1b" not in err
    assert "0 added" in out
    assert library_json(capsys) == before


@pytest.mark.parametrize("name", sorted(set(corpus.REFUSED) - {"dangling-link.txt"}))
def test_show_refuses_a_bad_file_with_the_same_reason(
    name: str, hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile / corpus.BAD / name
    if not os.path.lexists(path):
        pytest.skip(f"this file system could not hold {safe_line(name)}")
    status, out, err = run(capsys, "show", str(path))
    assert (status, out) == (1, "")
    assert len(err.splitlines()) == 1
    assert err.startswith(f"cyberread: {safe_line(str(path))}: ")
    assert corpus.REFUSED[name] in err


UNKNOWN = "no such file, and no article in the library has that id"


def test_a_path_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.txt"
    status, _, err = run(capsys, "add", str(missing))
    assert (status, err) == (1, f"cyberread: {missing}: no such file or folder\n")
    status, _, err = run(capsys, "show", str(missing))
    assert (status, err) == (1, f"cyberread: {missing}: {UNKNOWN}\n")


def test_a_folder_without_article_files_is_said_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    status, out, err = run(capsys, "add", str(tmp_path))
    assert status == 1 and out.startswith("0 added")
    kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
    assert err == f"cyberread: {tmp_path}: no article files in this folder or below it ({kinds})\n"


def test_an_id_prefix_of_several_articles_is_said_to_be_one(capsys: pytest.CaptureFixture[str]) -> None:
    ids = [article["id"] for article in library_json(capsys)]
    shared = next(prefix for prefix in "0123456789abcdef" if sum(i.startswith(prefix) for i in ids) > 1)
    starting = sorted(i for i in ids if i.startswith(shared))
    named = ", ".join(starting[:3]) + (f" and {len(starting) - 3} more" if len(starting) > 3 else "")
    commands = (["show", shared], ["compare", shared, ids[0]], ["versions", shared], ["notes", "--article", shared])
    for command in commands:
        status, _, err = run(capsys, *command)
        assert status == 1
        assert err == f"cyberread: {shared}: starts {len(starting)} articles' ids ({named}): give more of it\n"


def test_the_list_marks_a_cut_outlet_and_says_when_nothing_matches(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list")
    assert status == 0 and err == ""
    (sputnik,) = [line for line in out.splitlines() if "Sputnik" in line]
    assert "Sputnik via UrduP…" in sputnik
    status, out, err = run(capsys, "list", "--search", "zzzzqx")
    assert (status, out, err) == (0, "", "cyberread: no article matches 'zzzzqx'\n")


def test_a_file_without_read_permission_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    # The tests run as root in CI, where chmod 000 stops nothing: make the system say no instead.
    locked = tmp_path / "locked.txt"
    locked.write_text("Locked story title\nOfficials said on Monday that nobody may read this file at all.\n")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    before = library_json(capsys)
    status, _, err = run(capsys, "add", str(locked))
    assert (status, err) == (1, f"cyberread: {locked}: permission denied\n")
    status, _, err = run(capsys, "show", str(locked))
    assert (status, err) == (1, f"cyberread: {locked}: permission denied\n")
    assert library_json(capsys) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_with_mode_000_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Locked story title\nOfficials said on Monday that nobody may read this file at all.\n")
    locked.chmod(0)
    try:
        with pytest.raises(ArticleError, match="^permission denied$"):
            read_text(locked)
    finally:
        locked.chmod(0o644)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = b"Officials said on Monday that the meeting would go on for another week.\n"
    with big.open("wb") as handle:
        for _ in range(DEFAULT_MAX_BYTES // (len(line) * 1000) + 20):
            handle.write(line * 1000)
    assert 50 * 1024 * 1024 < big.stat().st_size < 52 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ArticleError, match=r"^too large: 51\.\d MB, over the 50 MB limit$"):
            load_article(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # refused from its size alone: not one block of it was read


def test_a_file_of_several_read_blocks_is_read_whole(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    text = "Talks went on.\n" + "Officials said on Monday that the meeting would go on. " * 60_000
    story.write_text(text, encoding="utf-8")
    assert story.stat().st_size > 3 << 20
    assert read_text(story) == text
    with pytest.raises(ArticleError, match=r"^too large: 3\.\d MB, over the 3 MB limit$"):
        read_text(story, max_bytes=3 << 20)


def test_max_size_sets_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "story.txt"
    story.write_text("A story of some length\n" + "Officials said on Monday that talks went on. " * 500)
    status, _, err = run(capsys, "add", "--max-size", "0.01", str(story))
    assert (status, err) == (1, f"cyberread: {story}: too large: 22 KB, over the 10 KB limit\n")
    assert run(capsys, "add", "--max-size", "1", str(story))[0] == 0
    for bad in ("0", "-1", "nan", "inf", "1e308", "2049", "1e5"):
        status, _, err = run(capsys, "add", "--max-size", bad, str(story))
        assert status == 1 and err.startswith("cyberread: --max-size must be more than 0 and at most 2048 megabytes")
        assert err.count("\n") == 1


def test_a_folder_of_thousands_shows_progress_and_one_bad_file_stops_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(1200):
        (folder / f"story-{number:04d}.txt").write_text(
            f"Story number {number} of the batch\nOfficials said on Monday that item {number} was discussed.\n"
        )
    (folder / "story-0600-broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    before = len(library_json(capsys))

    class Terminal:
        """stderr as a person watching it: a TTY, so progress is drawn."""

        def __init__(self) -> None:
            self.written: list[str] = []

        def write(self, text: str) -> int:
            self.written.append(text)
            return len(text)

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    with monkeypatch.context() as patch:  # undo only this: the data folder must stay the test's own
        patch.setattr(sys, "stderr", terminal)
        status = cli.main(["add", str(folder)])
    out = capsys.readouterr().out
    shown = "".join(terminal.written)
    assert status == 1
    # The progress bar counted the files first: a total and the share done, redrawn in place.
    assert "\rreading [####################] 1201/1201 100%" in shown
    assert f"cyberread: {folder / 'story-0600-broken.txt'}: not text (looks like a PNG image)\n" in shown
    assert out.startswith("1200 added, 0 already in the library")
    assert len(library_json(capsys)) == before + 1200


def test_without_a_terminal_stderr_gets_only_the_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "some"
    folder.mkdir()
    for number in range(120):
        (folder / f"story-{number}.txt").write_text(f"Story {number} title\nOfficials said item {number} was fine.\n")
    (folder / "empty.txt").write_bytes(b"")
    status, _, err = run(capsys, "add", str(folder))
    assert (status, err) == (1, f"cyberread: {folder / 'empty.txt'}: empty file\n")


def test_a_whole_folder_of_bad_files_adds_the_good_one_and_names_every_bad_one(
    hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The one good story\nOfficials said on Monday that this file is fine to import.\n")
    before = library_json(capsys)
    status, out, err = run(capsys, "add", str(hostile / corpus.BAD), str(good))
    present = [name for name in corpus.REFUSED if os.path.lexists(hostile / corpus.BAD / name)]
    assert status == 1
    assert out.startswith("1 added")
    assert len(err.splitlines()) == len(present)
    for name in present:
        (line,) = [
            line
            for line in err.splitlines()
            if line.startswith(f"cyberread: {safe_line(str(hostile / corpus.BAD / name))}: ")
        ]
        assert corpus.REFUSED[name] in line
    after = library_json(capsys)
    assert [row for row in after if row["title"] != "The one good story"] == before


@pytest.mark.skipif(
    sys.platform == "win32" or sys.platform == "darwin", reason="needs a file system that takes any bytes"
)
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"bad\xff\n.txt"), "wb"):
        pass
    status, _, err = run(capsys, "add", str(folder))
    assert (status, err) == (1, f"cyberread: {folder}/bad\\xff\\n.txt: empty file\n")


def test_safe_line_escapes_what_a_terminal_would_obey() -> None:
    assert (
        safe_line("a\nb\x1b]52;c;aGk=\x07\u202e\udcff ok [bold]") == "a\\nb\\x1b]52;c;aGk=\\x07\\u202e\\xff ok [bold]"
    )


# --- Articles whose text attacks the screen -------------------------------------------------------


@pytest.fixture(scope="module")
def attack_articles(hostile: Path) -> dict:
    return {name: load_article(hostile / corpus.ARTICLES / name) for name in corpus.TITLES}


def test_every_attack_article_imports_under_its_title(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "add", str(hostile / corpus.ARTICLES))
    assert (status, err) == (0, "")
    assert out.startswith(f"{len(corpus.TITLES)} added")
    titles = {row["title"] for row in library_json(capsys)}
    assert set(corpus.TITLES.values()) <= titles


@pytest.mark.parametrize("name", sorted(corpus.TITLES))
def test_attack_text_reaches_the_screen_as_plain_text(name: str, attack_articles: dict) -> None:
    article = attack_articles[name]
    assert article.title == corpus.TITLES[name]
    for field in (article.title, article.outlet or "", article.dateline or "", article.body):
        assert_plain_text(field)


def test_markup_survives_cleaning_literally(attack_articles: dict) -> None:
    body = attack_articles["markup.txt"].body
    for markup in corpus.MARKUP:
        assert markup in body
    assert "[bold red]ALERT[/]" in body and "[@click=app.quit]here[/]" in body
    front = attack_articles["front-matter.md"]
    assert (front.outlet, front.date) == ("The Daily [italic]Example[/]", "2024-05-01")
    html = attack_articles["attack.html"]
    assert "[bold red]its warning[/]" in html.body and "never shown" not in html.body


def test_escape_sequences_go_whole_and_leave_the_words_around_them(attack_articles: dict) -> None:
    body = attack_articles["escapes.txt"].body
    assert "It can carry a hyperlink to a harmless-looking name too." in body
    assert "Switching to the alternate screen or clearing it" in body
    assert "pwned" not in body and "ZWNobyBwd25lZA" not in body and "evil.example" not in body


def test_invisible_characters_are_removed(attack_articles: dict) -> None:
    body = attack_articles["bidi.txt"].body
    assert "a file named invoicefdp.exe" in body
    assert "A right-to-left override reverses what follows it, and isolates do the same." in body
    controls = attack_articles["controls.txt"].body
    assert "The bell rang, a backspace ate nothing and a delete vanished, it said." in controls


def test_long_words_and_wide_lines_survive(attack_articles: dict) -> None:
    body = attack_articles["long-lines.txt"].body
    assert corpus.LONG_WORD in body
    assert corpus.WIDE_LINE in body.split("\n\n")


@pytest.mark.parametrize("name", sorted(corpus.DECODED_PHRASES))
def test_legacy_encodings_and_mojibake_decode_to_the_right_characters(name: str, attack_articles: dict) -> None:
    article = attack_articles[name]
    for phrase in corpus.DECODED_PHRASES[name]:
        assert phrase in article.body
    assert "â€" not in article.body and "Ã" not in article.body


# --- Inputs that could make a regex or parser hang or crash -----------------------------------------

MEGABYTE = 1024 * 1024


@pytest.mark.parametrize(
    "text",
    [
        "a" * MEGABYTE,
        "(" * MEGABYTE,
        ">" * MEGABYTE,
        "[" * MEGABYTE,
        "A title line\n" + "a. " * (MEGABYTE // 3),
        "BEIJING (" + "(" * MEGABYTE,
        "\x1b[" + "0" * MEGABYTE,
        "Share " * (MEGABYTE // 6),
        "A" * MEGABYTE,
    ],
    ids=["letters", "parens", "angles", "brackets", "punkt-dots", "dateline", "open-escape", "share", "capitals"],
)
def test_a_megabyte_on_one_line_is_cleaned_in_well_under_two_seconds(text: str) -> None:
    started = time.perf_counter()
    try:
        article = parse_text(text)
    except ArticleError:
        pass
    else:
        assert len(article.title) <= 301
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    "text",
    ["+++\ntitle = " + "[" * 100_000 + "\n+++\nThe body.\n", "+++\ntitle = " + "{a=" * 100_000 + "\n+++\nThe body.\n"],
)
def test_deeply_nested_front_matter_is_an_article_error(text: str) -> None:
    with pytest.raises(ArticleError, match="nested too deeply"):
        parse_text(text)


def test_deeply_nested_html_is_at_worst_an_article_error() -> None:
    html = "<html><body>" + "<div>" * 100_000 + "Some words here for you." + "</div>" * 100_000 + "</body></html>"
    with pytest.raises(ArticleError):
        parse_html(html)
