"""Untrusted text (article bodies, titles, notes, file names) made safe for the place it is going: one
function per destination, so every output that shows such text goes through this module.

- a terminal: `terminal_text` (a body or title the app draws), `terminal_line` (a one-line message
  printed by the command line), `printed_text` (a stored body or note the command line prints, its
  lines kept), `terminal_json` / `json_for_terminal` / `json_utf8_for_terminal` (JSON printed to a terminal),
  `terminal_excerpt` (a capped single-line excerpt in a table or bar), `flat_line` (article text on
  one line of a printed report);
- Markdown: `markdown_text` (one line, every markup character literal), `markdown_lines` (text whose
  line breaks matter: a passage, a note);
- HTML: `html_text`;
- a CSV cell a spreadsheet opens: `csv_cell`.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import lru_cache

# A terminal acts on C0 controls (ESC starts every escape sequence, OSC 52 writes the clipboard) and DEL;
# each is drawn as its Unicode control picture (ESC as ␛), so the user sees that it is there.
_CONTROL_PICTURES = {chr(code): chr(0x2400 + code) for code in range(32)} | {"\x7f": "␡"}


def terminal_text(text: str) -> str:
    """`text` with every control character shown as a visible symbol, so nothing reaches the terminal:
    C0 controls and DEL as their control pictures (␛, ␡), anything else unprintable (C1 controls such as
    CSI U+009B, bidi overrides such as U+202E, zero-width characters) as �. Line breaks are kept."""
    if text.replace("\n", "").isprintable():
        return text
    return "".join(char if char.isprintable() or char == "\n" else _CONTROL_PICTURES.get(char, "�") for char in text)


def terminal_excerpt(text: str, limit: int = 300) -> str:
    """`text` as one line of at most `limit` visible characters: control characters as symbols, line
    breaks and runs of spaces as one space, cut with … when longer."""
    line = " ".join(terminal_text(text[: limit * 2]).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def terminal_line(text: str) -> str:
    """Untrusted text (a file name, a reason) for a one-line message a terminal shows literally: line
    breaks, controls and invisible characters written as escapes (\\x1b, \\u202e), and a name's
    undecodable bytes as \\xff rather than a crash when printing."""
    return "".join(char if char.isprintable() or char == " " else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    point = ord(char)
    if 0xDC80 <= point <= 0xDCFF:
        return f"\\x{point - 0xDC00:02x}"  # os.fsdecode()'s stand-in for a byte that is not UTF-8
    return ascii(char)[1:-1]


# What Unicode calls a control, format, surrogate or private-use character: invisible, and what a
# terminal acts on (escape sequences) or shows deceptively (bidi overrides, zero-width characters).
INVISIBLE_CATEGORIES = ("Cc", "Cf", "Cs", "Co")


BLANKS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
"""Every blank character: what `\\s` matches, str.isspace() accepts and str.split() splits at."""


@lru_cache(maxsize=1)
def invisible_ranges() -> str:
    """The invisible characters (line feed and tab aside) as the inside of one regex character class."""
    # One character class is far faster than a Python call per character on a 50 MB file.
    return "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in invisible_spans())


@lru_cache(maxsize=1)
def invisible_spans() -> tuple[tuple[int, int], ...]:
    """The invisible characters (line feed and tab aside) as spans of code points: those kept for this
    Python's Unicode data, or scanned where none are."""
    known = _INVISIBLE_SPANS.get(unicodedata.unidata_version)
    return tuple(scanned_invisible_spans() if known is None else map(_span, known.split()))


def scanned_invisible_spans() -> list[tuple[int, int]]:
    """The invisible characters (line feed and tab aside) as spans of code points, read from the Unicode
    data of this Python. Planes 2-13 hold only letters and unassigned points, 15-16 only private use:
    scanning the rest takes 25 ms, of the first article a process reads."""
    spans: list[tuple[int, int]] = []
    for first, last in ((0, 0x1FFFF), (0xE0000, 0xEFFFF)):
        for point in range(first, last + 1):
            char = chr(point)
            if unicodedata.category(char) in INVISIBLE_CATEGORIES and char not in "\n\t":
                if spans and spans[-1][1] == point - 1:
                    spans[-1] = (spans[-1][0], point)
                else:
                    spans.append((point, point))
    spans.append((0xF0000, 0x10FFFF))
    return spans


def _span(text: str) -> tuple[int, int]:
    first, last = text.split("-")
    return int(first, 16), int(last, 16)


# What scanned_invisible_spans finds in the Unicode data of Pythons 3.10 to 3.13 (first-last code point,
# in hex), so that a process need not scan it; another version scans. A test checks the running
# version's spans against the scan.
_INVISIBLE_SPANS = {
    "13.0.0": (
        "0-8 b-1f 7f-9f ad-ad 600-605 61c-61c 6dd-6dd 70f-70f 8e2-8e2 "
        "180e-180e 200b-200f 202a-202e 2060-2064 2066-206f d800-f8ff feff-feff fff9-fffb 110bd-110bd "
        "110cd-110cd 13430-13438 1bca0-1bca3 1d173-1d17a e0001-e0001 e0020-e007f f0000-10ffff"
    ),
    "14.0.0": (
        "0-8 b-1f 7f-9f ad-ad 600-605 61c-61c 6dd-6dd 70f-70f 890-891 "
        "8e2-8e2 180e-180e 200b-200f 202a-202e 2060-2064 2066-206f d800-f8ff feff-feff fff9-fffb "
        "110bd-110bd 110cd-110cd 13430-13438 1bca0-1bca3 1d173-1d17a e0001-e0001 e0020-e007f f0000-10ffff"
    ),
    "15.0.0": (
        "0-8 b-1f 7f-9f ad-ad 600-605 61c-61c 6dd-6dd 70f-70f 890-891 "
        "8e2-8e2 180e-180e 200b-200f 202a-202e 2060-2064 2066-206f d800-f8ff feff-feff fff9-fffb "
        "110bd-110bd 110cd-110cd 13430-1343f 1bca0-1bca3 1d173-1d17a e0001-e0001 e0020-e007f f0000-10ffff"
    ),
    "15.1.0": (
        "0-8 b-1f 7f-9f ad-ad 600-605 61c-61c 6dd-6dd 70f-70f 890-891 "
        "8e2-8e2 180e-180e 200b-200f 202a-202e 2060-2064 2066-206f d800-f8ff feff-feff fff9-fffb "
        "110bd-110bd 110cd-110cd 13430-1343f 1bca0-1bca3 1d173-1d17a e0001-e0001 e0020-e007f f0000-10ffff"
    ),
}


@lru_cache(maxsize=1)
def _terminal_unsafe() -> re.Pattern[str]:
    # The invisible characters, and line and paragraph separators; line feed and tab are text.
    return re.compile(f"[{invisible_ranges()}\\u2028\\u2029]")


def printed_text(text: str) -> str:
    """Untrusted text of many lines (an article body read back from the library, a note, a CSV row) that
    the command line prints: escape sequences, controls, bidi overrides and other invisible characters
    written as escapes (\\x1b, \\u202e); line feeds and tabs kept."""
    return _terminal_unsafe().sub(lambda match: _escaped(match[0]), text)


def terminal_json(value: object) -> str:
    """`value` as indented JSON, non-ASCII text kept readable, but every character a terminal would act
    on (C0 and C1 controls, DEL, bidi overrides) written as a \\u escape: the same JSON to a parser."""
    return json_for_terminal(json.dumps(value, ensure_ascii=False, indent=2))


# Every character _terminal_unsafe() matches lies outside printable ASCII, line feed and tab: these.
_PLAIN_BYTES = bytes([0x09, 0x0A, *range(0x20, 0x7F)])


def _not_plain(encoded: bytes) -> set[str]:
    """The distinct characters outside printable ASCII, line feed and tab of the text whose UTF-8 is
    `encoded`. With the plain bytes deleted it is those characters' own UTF-8 (a byte below 0x80 is never
    part of another character's), so two C loops find them: 0.013 s for a 10 MB export where a regex's
    findall took 0.04 s."""
    return set(encoded.translate(None, _PLAIN_BYTES).decode("utf-8", "surrogatepass"))


def _terminal_safe(characters: set[str]) -> bool:
    # The class of unsafe characters holds hundreds of ranges, slow to try at every character of a
    # 10 MB export (0.25 s); the few distinct characters outside plain ASCII are tried instead.
    return _terminal_unsafe().search("".join(characters)) is None


def json_for_terminal(text: str) -> str:
    """JSON text with the characters a terminal would act on written as \\u escapes. Outside its strings
    JSON holds only ASCII punctuation and blank space, so every such character is inside a string."""
    if _terminal_safe(_not_plain(text.encode("utf-8", "surrogatepass"))):
        return text
    return _terminal_unsafe().sub(lambda match: _json_escape(match[0]), text)


def json_utf8_for_terminal(encoded: bytes) -> bytes:
    """`json_for_terminal` of the JSON text whose UTF-8 is `encoded`, as UTF-8: a document printed as
    the encoder wrote it, never decoded to be checked and encoded again to be written (0.03 s of a
    10 MB export)."""
    if _terminal_safe(_not_plain(encoded)):
        return encoded
    return json_for_terminal(encoded.decode("utf-8", "surrogatepass")).encode("utf-8", "surrogatepass")


def _json_escape(char: str) -> str:
    units = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def flat_line(text: str) -> str:
    """Article text on one logical line of a printed report: its own line breaks must not break the
    report's layout, and control characters (an escape in a body) must not reach the terminal."""
    # Most passages are one printable line: asked of the whole string at once, not a character at a time.
    cleaned = text if text.isprintable() else "".join(c if c.isprintable() else " " for c in text)
    return " ".join(cleaned.split())


# Characters that start CommonMark or GitHub markup anywhere in a line: code spans, emphasis, links and
# images, raw HTML and autolinks (<), entity references (&), headings, table cells, strikethrough.
_MARKDOWN_MARKUP = frozenset("\\`*_[]<>&#|~")
# At the start of a line (or of a list item's text) these make a list item or a block quote.
_MARKDOWN_BULLET = re.compile(r"^([-+])")
_MARKDOWN_NUMBERED = re.compile(r"^(\d{1,9})([.)])")


def markdown_text(text: str) -> str:
    """`text` as literal Markdown text on one line: every character that could start markup is
    backslash-escaped, so no CommonMark renderer turns it into raw HTML, a link or formatting."""
    escaped = "".join("\\" + c if c in _MARKDOWN_MARKUP else c for c in flat_line(text))
    return _MARKDOWN_NUMBERED.sub(r"\1\\\2", _MARKDOWN_BULLET.sub(r"\\\1", escaped))


def markdown_lines(text: str) -> list[str]:
    """`text` (a note, a quoted passage) as literal Markdown lines: its line breaks kept, each line made
    safe as `markdown_text` makes it; a line that was blank stays blank, so paragraphs survive, and a line
    another follows ends in a hard break (a backslash), which a renderer would otherwise join to the next
    ("Check the figure" and "against AFAD's" on lines of their own read as one)."""
    lines = [markdown_text(line) for line in text.splitlines()]
    return [line + "\\" if line and k + 1 < len(lines) and lines[k + 1] else line for k, line in enumerate(lines)]


_OPENING_MARKS = '"“‘«„'
_CLOSING_MARKS = '"”’»“'


def in_quotes(text: str) -> str:
    """`text` between curly quotation marks, unless it begins or ends with quotation marks of its own,
    which then mark where it begins or ends (a passage that opens a quotation was shown as ““The water
    rose…”)."""
    if text.startswith(tuple(_OPENING_MARKS)) or text.rstrip(".,;:!?…").endswith(tuple(_CLOSING_MARKS)):
        return text
    return f"“{text}”"


def markdown_item(lead: str, text: str) -> list[str]:
    """A Markdown list item (`lead` ends in its "- " and a label) holding `text` made safe as
    `markdown_lines` makes it: its line breaks kept, each later line indented under the item's first
    character after the marker, so that a note of several paragraphs stays one item."""
    lines = markdown_lines(text) or [""]
    indent = " " * (len(lead) - len(lead.lstrip()) + 2)
    return [lead + lines[0], *(indent + line if line else "" for line in lines[1:])]


# Characters no page should carry: C0/C1 controls (tab and line feed aside) and lone surrogates, which
# would not even encode. Article text is cleaned already; titles and notes may still hold them.
_HTML_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def html_text(text: str) -> str:
    """Untrusted text as HTML text or attribute value: markup characters escaped, controls replaced."""
    return html.escape(_HTML_UNSAFE.sub("\ufffd", text), quote=True)


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd|...); an
# apostrophe in front makes it text, which is what OWASP's CSV-injection advice says to do.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """`text` as a cell no spreadsheet will take for a formula (a leading apostrophe when it would), and
    no terminal that prints the file acts on: controls written as escapes (\\x1b), as `printed_text`
    writes them (a note's author named "Eve \\x1b[31m" reached the terminal raw)."""
    text = printed_text(text)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
