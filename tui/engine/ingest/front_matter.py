"""Front matter: a leading `+++` TOML block that states an article's metadata, as `cyberread export`
writes it (article_markdown) and every import reads it (split_front_matter)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

from .clean import safe_line
from .record import Article, ArticleError

FRONT_MATTER_KEYS = ("title", "outlet", "date", "dateline", "author", "clean")
"""`clean = true` says the text after the front matter is an already clean body (as `cyberread export`
writes it): it is kept as it is, with nothing removed or detected, so an export added back loses nothing."""
_FRONT_MATTER = re.compile(r"\A\ufeff?\s*\+\+\+[ \t]*\n(?P<toml>.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)


_AT_LINE = re.compile(r"\(at line (\d+), ")


def split_front_matter(text: str) -> tuple[dict[str, str | bool | None], str]:
    """The metadata a leading `+++` TOML block sets, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        table = _front_matter_table(match["toml"])
    except tomllib.TOMLDecodeError as error:
        # tomllib counts lines from the block's first; the reader counts them from the file's.
        before = text.count("\n", 0, match.start("toml"))
        where = _AT_LINE.sub(lambda at: f"(at line {int(at[1]) + before}, ", str(error))
        raise ArticleError(f"front matter is not valid TOML: {where}") from None
    except RecursionError:
        raise ArticleError("front matter is not valid TOML: nested too deeply") from None
    overrides: dict[str, str | bool | None] = {}
    for key, value in table.items():
        if key not in FRONT_MATTER_KEYS:
            raise ArticleError(f"front matter has an unknown key {key!r:.60} (known: {', '.join(FRONT_MATTER_KEYS)})")
        if key == "clean":
            if not isinstance(value, bool):
                raise ArticleError("front matter clean must be true or false")
            overrides[key] = value
            continue
        if key == "date":
            value = _front_matter_date(value)
        elif not isinstance(value, str):
            raise ArticleError(f"front matter {key} must be a string")
        overrides[key] = value.strip() or None if isinstance(value, str) else value
    return overrides, text[match.end() :]


# What front matter almost always is: a bare key, then a string with no escapes or a date, one a line.
_SIMPLE_ENTRY = re.compile(
    r'[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"([^"\\\x00-\x1f\x7f]*)"|([0-9]{4}-[0-9]{2}-[0-9]{2}))[ \t]*'
)


def _front_matter_table(toml: str) -> dict[str, object]:
    """tomllib.loads(toml), read without tomllib where every line is blank or a _SIMPLE_ENTRY (tomllib
    reads a character at a time in Python: 0.05 ms for three lines); anything else goes to tomllib."""
    table: dict[str, object] = {}
    for line in toml.split("\n"):
        if not line.strip(" \t"):
            continue
        entry = _SIMPLE_ENTRY.fullmatch(line)
        if entry is None or entry[1] in table:
            return tomllib.loads(toml)
        if entry[2] is not None:
            table[entry[1]] = entry[2]
            continue
        try:
            table[entry[1]] = dt.date.fromisoformat(entry[3])
        except ValueError:
            return tomllib.loads(toml)  # no such day: tomllib says so in its words
    return table


def article_markdown(article: Article) -> str:
    """`article` as a Markdown file that parse_text reads back to the same article: its metadata in front
    matter marked `clean = true`, then the body. Where it was first read from stays as a comment: as a
    key it would make a file claim another's place in a library (see Library.add_many)."""
    lines = ["+++"]
    if article.path:
        lines.append(f"# source file: {safe_line(article.path)}")
    for key in ("title", "outlet", "date", "dateline", "author"):
        value = getattr(article, key)
        if value is None:
            continue
        if key == "date" and _is_iso_date(value):
            lines.append(f"date = {value}")
        else:
            lines.append(f"{key} = {_toml_string(value)}")
    lines += ["clean = true", "+++", article.body]
    return "\n".join(lines) + "\n"


def _is_iso_date(value: str) -> bool:
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped (TOML forbids them raw)."""
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            escaped.append("\ufffd")  # a lone surrogate is no character TOML (or UTF-8) can hold
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _front_matter_date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ArticleError(f"front matter date must be a date such as 2023-07-25, not {value!r:.60}")
