"""Text read back from the library is untrusted: another tool may have written escape sequences into it.
No output of any command lets a terminal obey them, and the notes' Markdown carries no raw HTML."""

from __future__ import annotations

import io
import json
import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cyberread.cli import main
from cyberread.cli.compare import _write_all
from cyberread.store.importing import open_library
from cyberread.store.notes import NoteStore, Passage
from cyberread.store.paths import locations
from tests.terminal import read_terminal

ATTACK = "\x1b]0;pwned\x07 \x1b[2J \u202eevil\u202c \x9b31m \x7f \x85 \u2028"
RAW = ("\x1b", "\x07", "\u202e", "\u202c", "\x9b", "\x7f", "\x85", "\u2028")
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def tampered() -> tuple[str, str]:
    """The ids of two seed articles whose title and body another tool has filled with escapes."""
    with open_library(locations()) as library:
        first, second = (row.id for row in library.rows()[:2])
        article = library.get(first)
        assert article is not None
        NoteStore(library).add(first, f"note {SCRIPT} {ATTACK}", Passage.of(article, 0, 30))
    with sqlite3.connect(locations().database) as connection:
        connection.execute(
            "UPDATE articles SET title = ?, outlet = ?, body = ? || body WHERE id = ?",
            (f"Title {SCRIPT} {ATTACK}", f"Outlet {ATTACK}", f"{ATTACK} ", first),
        )
    return first, second


def assert_terminal_safe(text: str) -> None:
    for char in RAW:
        assert char not in text, repr(char)


def output(capsys: pytest.CaptureFixture[str], ids: tuple[str, str], argv: list[str]) -> str:
    """What `cyberread argv` prints, {a} and {b} in argv standing for the two tampered articles."""
    assert main([arg.format(a=ids[0], b=ids[1]) for arg in argv]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--search", "pwned"],
        ["show", "{a}"],
        ["notes"],
        ["compare", "{a}", "{b}"],
    ],
)
def test_text_outputs_show_escapes_instead_of_obeying_them(
    argv: list[str], tampered: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = output(capsys, tampered, argv)
    assert_terminal_safe(out)
    # The notes report is Markdown: its escape written out is itself escaped, to render as \x1b]0;pwned.
    assert "\\x1b]0;pwned" in out or "\\\\x1b\\]0;pwned" in out or "pwned" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--json"],
        ["show", "{a}", "--json"],
        ["notes", "--format", "json"],
        ["compare", "{a}", "{b}", "--format", "json"],
    ],
)
def test_json_outputs_escape_controls_and_still_parse_to_the_stored_text(
    argv: list[str], tampered: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = output(capsys, tampered, argv)
    assert_terminal_safe(out)
    assert "\\u001b" in out and "\\u202e" in out
    assert any(ATTACK in text for text in _strings(json.loads(out)))  # the data itself is unchanged


def test_the_json_comparison_is_the_same_written_as_utf8_or_through_the_text_stream(
    tampered: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where stdout writes UTF-8 to a byte stream, buffered or raw (python -u), whatever its error handler,
    # the export goes to that stream as the encoder wrote it; elsewhere through the text stream. The same
    # bytes, escapes included, every way.
    command = [sys.executable, "-m", "cyberread", "compare", *tampered, "--format", "json", "--no-cache"]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    setups = [
        {**buffered, "PYTHONIOENCODING": "utf-8:strict"},
        {**buffered, "PYTHONIOENCODING": "utf-8:surrogateescape"},
        {**buffered, "PYTHONIOENCODING": "utf-8:strict", "PYTHONUNBUFFERED": "1"},
        {**buffered, "PYTHONIOENCODING": "utf-8:surrogateescape", "PYTHONUNBUFFERED": "1"},
    ]
    written = [subprocess.run(command, capture_output=True, env=env, check=True).stdout for env in setups]
    direct = written[0]
    assert written == [direct] * len(setups)
    text_stream = io.StringIO()  # no byte stream under it
    monkeypatch.setattr(sys, "stdout", text_stream)
    assert main(["compare", *tampered, "--format", "json", "--no-cache"]) == 0
    assert text_stream.getvalue().encode("utf-8") == direct
    assert_terminal_safe(direct.decode("utf-8"))
    assert b"\\u001b]0;pwned" in direct


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [text for item in value for text in _strings(item)] if isinstance(value, list) else []


def test_notes_markdown_carries_no_raw_html(tampered: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    out = output(capsys, tampered, ["notes"])
    # Every markup character is escaped: the heading (the article's title) and the note show it as text.
    assert out.count("\\<script\\>alert(1)\\</script\\>") == 2
    assert out.count("<script") == out.count("\\<script")


def _run_in_terminal(argv: list[str]) -> str:
    """Run cyberread with its stdout a terminal (a pseudo-terminal), and return what it wrote there."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cyberread", *argv], stdout=follower, stderr=subprocess.PIPE, env=os.environ.copy()
    )
    os.close(follower)
    shown = read_terminal(leader)
    os.close(leader)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return shown.decode("utf-8")


@pytest.mark.parametrize("form", ["text", "csv", "md", "html"])
def test_compare_to_a_terminal_never_passes_stored_escapes(form: str, tampered: tuple[str, str]) -> None:
    a, b = tampered
    out = _run_in_terminal(["compare", a, b, "--format", form])
    # The text format colours its own output; what came from the library is written out, not obeyed.
    assert "\x1b]0;pwned" not in out and "\x1b[2J" not in out and "\u202e" not in out and "\x9b" not in out
    assert "pwned" in out  # the attack's text is there, shown rather than obeyed


def test_a_config_file_named_by_the_environment_must_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CYBERREAD_CONFIG", str(tmp_path / "missing.toml"))
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert err == f"cyberread: {tmp_path / 'missing.toml'}: no such config file\n"


def test_writing_output_to_a_full_disk_is_one_line(tampered: tuple[str, str]) -> None:
    a, b = tampered
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "cyberread", "compare", a, b, "--format", "md"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr == "cyberread: cannot write the output: No space left on device\n"


class _Trickle(io.RawIOBase):
    """A raw stream that takes at most 1,000 bytes a write, as a pipe may when a signal comes mid-write."""

    def __init__(self) -> None:
        self.taken = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        chunk = bytes(memoryview(data)[:1000])  # type: ignore[arg-type]
        self.taken += chunk
        return len(chunk)


def test_an_export_written_to_a_raw_stream_is_written_whole_and_the_stream_stays_open() -> None:
    stream = _Trickle()
    data = bytes(range(256)) * 100
    _write_all(stream, data)
    assert bytes(stream.taken) == data
    assert not stream.closed
