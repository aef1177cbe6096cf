"""A comparison as the command line prints it and the app exports it: a terminal report (ANSI colour only
on request), and the Markdown, CSV and JSON documents (HTML is in html.py), with the user's notes."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from ..align.alone import omission_summary
from ..align.compare import collector_paused
from ..align.result import Carries, Comparison, Differences, FramingChange, LeftOut, Match, Span, ValueChange, WordOp
from ..ingest.articles import Article
from ..text.plural import counted
from ..text.safe import csv_cell, flat_line, markdown_item, markdown_text
from .common import PassageNote as PassageNote
from .common import difference_labels, labels, match_notes, verdict_counts, verdict_label
from .html import render_html

_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
_GREEN, _YELLOW, _RED, _CYAN = "\x1b[32m", "\x1b[33m", "\x1b[31m", "\x1b[36m"


@dataclass(frozen=True)
class ExportItem:
    """One entry of an export: a match (side "both") or a passage only one account carries (side "a" or
    "b", kind "left out"), with the notes on its passages."""

    side: str
    kind: str
    score: float | None
    a: tuple[Span, ...]
    b: tuple[Span, ...]
    differences: Differences | None
    notes: tuple[str, ...]
    match: Match | None = None
    weight: float | None = None


def export_items(comparison: Comparison, notes: Sequence[PassageNote] = ()) -> list[ExportItem]:
    """The matches in the order of a, then what only a carries, then what only b carries. A note belongs
    to every item one of its passages starts in."""

    def notes_in(a: tuple[Span, ...], b: tuple[Span, ...]) -> tuple[str, ...]:
        return tuple(note.signed for note in notes if _starts_in(note.a, a) or _starts_in(note.b, b))

    items = [
        ExportItem("both", m.kind, m.score, m.a, m.b, m.differences, notes_in(m.a, m.b), m) for m in comparison.matches
    ]
    items += [
        ExportItem("a", "left out", None, (s,), (), None, notes_in((s,), ()), weight=_weight(s))
        for s in comparison.a_only
    ]
    items += [
        ExportItem("b", "left out", None, (), (s,), None, notes_in((), (s,)), weight=_weight(s))
        for s in comparison.b_only
    ]
    return items


def _weight(span: Span) -> float:
    return span.weight if isinstance(span, LeftOut) else 0.0


def _starts_in(place: tuple[int, int] | None, spans: tuple[Span, ...]) -> bool:
    return place is not None and any(span.start <= place[0] < span.end for span in spans)


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date,
        "words": article.words,
    }


def _span(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _place(where: tuple[int, int], body: str) -> dict[str, Any]:
    """`_span` of the stretch `where` of `body`, without making the Span."""
    start, end = where
    return {"start": start, "end": end, "text": body[start:end]}


def _op(op: WordOp, body_a: str, body_b: str) -> dict[str, Any]:
    """One step of a match's word diff: its tag and the words it covers on each side."""
    return {"op": op.tag, "a": _place(op.a, body_a), "b": _place(op.b, body_b)}


def _change(change: ValueChange) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "a": None if change.a is None else _span(change.a),
        "b": None if change.b is None else _span(change.b),
    }


def _framing(change: FramingChange) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "a": None if change.a is None else _span(change.a),
        "b": None if change.b is None else _span(change.b),
    }


def _left_out(span: Span) -> dict[str, Any]:
    """A left-out passage: its place, what it carries and its weight (0 to 1)."""
    carries = span.carries if isinstance(span, LeftOut) else Carries()
    return {
        **_span(span),
        "weight": span.weight if isinstance(span, LeftOut) else 0.0,
        "carries": {
            "names": list(carries.names),
            "numbers": list(carries.numbers),
            "quotes": list(carries.quotes),
            "claims": list(carries.claims),
        },
    }


def _match(m: Match, a: Article, b: Article) -> dict[str, Any]:
    return {
        "score": m.score,
        "kind": m.kind,
        "a": [_span(s) for s in m.a],
        "b": [_span(s) for s in m.b],
        "differences": {
            "a_words": list(m.differences.a_words),
            "b_words": list(m.differences.b_words),
            "numbers": [list(pair) for pair in m.differences.numbers],
            "names": [list(pair) for pair in m.differences.names],
            "ops": [_op(op, a.body, b.body) for op in m.differences.ops],
            "changes": [_change(change) for change in m.differences.changes],
        },
        "quote": m.quote,
        "quoted_ops": [_op(op, a.body, b.body) for op in m.quoted],
        "speakers": {"a": m.speakers[0], "b": m.speakers[1]},
        "framing": [_framing(change) for change in m.framing],
        "verdict": m.verdict,
        "verdict_by": m.judged_by,
    }


# Where orjson writes a float as the standard library does not: from 1e-5 to 1e-4 (0.00005 vs 5e-05)
# and a one-digit exponent (1e-7 vs 1e-07); the rest are the same digits in the same form. A match
# anywhere (in article text too) only costs the slower path; a regex over the whole text cost 170 ms.
_SMALL_FLOAT = b"0.0000"
_SHORT_EXPONENT = re.compile(rb"e-[0-9](?![0-9])")


def json_document(value: object) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2) + "\\n"`, byte for byte, several times faster."""
    return json_utf8(value).decode("utf-8", "surrogatepass")


def json_utf8(value: object) -> bytes:
    """The UTF-8 of `json_document(value)` (lone surrogates passed through), as orjson writes it: orjson
    escapes and indents as the standard library does with those options. What it writes otherwise (the
    floats above) or refuses (lone surrogates, int keys, ints past 64 bits) goes to `json`. NaN and
    infinities, which orjson writes as null, never occur in an export."""
    try:
        encoded = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # orjson.JSONEncodeError
        encoded = b""
    if not encoded or _SMALL_FLOAT in encoded or _SHORT_EXPONENT.search(encoded):
        return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "surrogatepass")
    return encoded


def comparison_to_dict(
    comparison: Comparison, a: Article, b: Article, notes: Sequence[PassageNote] = ()
) -> dict[str, Any]:
    """The JSON schema of `cyberread compare A B --format json`; offsets index each article's body."""

    def place(article: Article, where: tuple[int, int] | None) -> dict[str, Any] | None:
        return None if where is None else _place(where, article.body)

    # A long pair's document is hundreds of thousands of small dicts and lists and no cycle: the
    # collector's passes over them cost more than building them.
    with collector_paused():
        return {
            "a": _article(a),
            "b": _article(b),
            "similarity": comparison.similarity,
            "coverage": {"a": comparison.coverage_a, "b": comparison.coverage_b},
            "matches": [_match(m, a, b) for m in comparison.matches],
            "a_only": [_left_out(s) for s in comparison.a_only],
            "b_only": [_left_out(s) for s in comparison.b_only],
            "rejected": [_match(m, a, b) for m in comparison.rejected],
            "quotes": {
                side: [{"speaker": q.speaker, "parts": [_span(p) for p in q.parts]} for q in comparison.quotes(side)]
                for side in ("a", "b")
            },
            "left_out_summary": omission_summary(comparison, a.body, b.body, *labels(a, b)),
            "notes": [
                {"text": note.text, "author": note.author, "a": place(a, note.a), "b": place(b, note.b)}
                for note in notes
            ],
        }


def _label(article: Article) -> str:
    details = ", ".join(x for x in (article.outlet, article.date) if x)
    return f"{article.title} ({details})" if details else article.title


def render_text(comparison: Comparison, a: Article, b: Article, color: bool, notes: Sequence[PassageNote] = ()) -> str:
    """A readable terminal report, with the notes on its passages as the other formats have them; ANSI
    colour only when `color` is true."""
    items = export_items(comparison, notes)
    noted = iter(item.notes for item in items)

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    def block(prefix: str, text: str, code: str) -> list[str]:
        lines = textwrap.wrap(flat_line(text), width=96, initial_indent=prefix, subsequent_indent=" " * len(prefix))
        return [paint(code, line) for line in lines]

    out = [
        paint(_BOLD, "A: ") + flat_line(_label(a)),
        paint(_BOLD, "B: ") + flat_line(_label(b)),
        f"similarity {comparison.similarity:.0%} · A covered {comparison.coverage_a:.0%} · "
        f"B covered {comparison.coverage_b:.0%} · {counted(len(comparison.matches), 'match', 'matches')}",
        *block("Left out: ", omission_summary(comparison, a.body, b.body, *labels(a, b)), ""),
        "",
    ]
    for number, match in enumerate(comparison.matches, 1):
        kind_colour = _GREEN if match.kind == "verbatim" else _CYAN
        out.append(paint(_BOLD + kind_colour, f"Match {number} · {match.kind} · score {match.score:.2f}"))
        for span in match.a:
            out += block("  A │ ", span.text, "")
        for span in match.b:
            out += block("  B │ ", span.text, "")
        out += _difference_lines(match, paint)
        for label, value in match_notes(match, a.body, b.body):
            out += block(f"    {label.lower()}: ", value, _RED if match.quote == "misquote" else _BOLD)
        out += _text_notes(next(noted), "    ", paint)
        out.append("")
    for title, spans, code in (("Only in A", comparison.a_only, _YELLOW), ("Only in B", comparison.b_only, _RED)):
        out.append(paint(_BOLD, f"{title} ({len(spans)})"))
        for span in spans:
            out += block(f"  • [{_weight(span):.2f}] ", span.text, code)
            out += _text_notes(next(noted), "      ", paint)
        out.append("")
    if comparison.rejected:
        out.append(paint(_BOLD, f"Rejected by the reader ({len(comparison.rejected)})"))
        for match in comparison.rejected:
            if match.judged_by:
                out.append(paint(_DIM, f"  by {match.judged_by}"))
            out += block("  ✗ A │ ", " ".join(s.text for s in match.a), _DIM)
            out += block("    B │ ", " ".join(s.text for s in match.b), _DIM)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _text_notes(notes: tuple[str, ...], indent: str, paint: Callable[[str, str], str]) -> list[str]:
    """The notes on a passage, each "✎ " and its text, its own line breaks kept (each line on one line
    of the report, made safe for a terminal)."""
    lines = []
    for note in notes:
        first, *rest = note.splitlines() or [""]
        lines.append(paint(_BOLD, f"{indent}✎ ") + flat_line(first))
        lines += [f"{indent}  {flat_line(line)}" for line in rest]
    return lines


def _difference_lines(match: Match, paint: Callable[[str, str], str]) -> list[str]:
    # Disagreeing numbers and names are what a reader checks first; loose words are dimmed.
    return [
        paint(
            _YELLOW if label in ("Numbers", "Names") else _DIM, f"    {label[0].lower()}{label[1:]}: {flat_line(value)}"
        )
        for label, value in difference_labels(match.differences)
    ]


def _details_table(a: Article, b: Article) -> list[str]:
    rows = [
        ("Title", a.title, b.title),
        ("Outlet", a.outlet, b.outlet),
        ("Date", a.date, b.date),
        ("Dateline", a.dateline, b.dateline),
        ("Words", str(a.words), str(b.words)),
        ("Id", a.id, b.id),
    ]
    lines = ["| | A | B |", "|---|---|---|"]
    lines += [f"| {name} | {markdown_text(x or '—')} | {markdown_text(y or '—')} |" for name, x, y in rows]
    return lines


def _note_lines(item: ExportItem, indent: str = "") -> list[str]:
    return [line for text in item.notes for line in markdown_item(f"{indent}- ✎ *Note:* ", text)]


def render_markdown(comparison: Comparison, a: Article, b: Article, notes: Sequence[PassageNote] = ()) -> str:
    """Both accounts' details, the summary, every match with both passages quoted, what each account
    alone carries, and the notes on those passages."""
    items = export_items(comparison, notes)
    confirmed, linked = verdict_counts(comparison)
    out = [
        "# Comparison",
        "",
        f"- **A:** {markdown_text(_label(a))}",
        f"- **B:** {markdown_text(_label(b))}",
        f"- **Similarity:** {comparison.similarity:.0%}; A covered {comparison.coverage_a:.0%}, "
        f"B covered {comparison.coverage_b:.0%}",
        f"- **Matches:** {len(comparison.matches)}; left out: {len(comparison.a_only)} only in A, "
        f"{len(comparison.b_only)} only in B",
        f"- **Left out that matters:** {markdown_text(omission_summary(comparison, a.body, b.body, *labels(a, b)))}",
        f"- **Confirmed by hand:** {counted(confirmed, 'match', 'matches')};"
        + (f" linked by hand: {linked};" if linked else "")
        + f" rejected: {len(comparison.rejected)}",
        "",
        "## Accounts",
        "",
        *_details_table(a, b),
        "",
        f"## Matches ({len(comparison.matches)})",
        "",
    ]
    matches = [item for item in items if item.side == "both"]
    for number, item in enumerate(matches, 1):
        out += [f"### {number}. {item.kind}, score {item.score:.2f}", ""]
        out += [f"> **A:** {markdown_text(span.text)}" for span in item.a]
        out.append(">")
        out += [f"> **B:** {markdown_text(span.text)}" for span in item.b]
        out.append("")
        out += [f"- {label}: {markdown_text(value)}" for label, value in difference_labels(item.differences)]
        if item.match is not None:
            out += [f"- {label}: {markdown_text(value)}" for label, value in match_notes(item.match, a.body, b.body)]
        out += _note_lines(item)
        out.append("")
    for side, title, count in (("a", "Only in A", len(comparison.a_only)), ("b", "Only in B", len(comparison.b_only))):
        out += [f"## {title} ({count})", ""]
        for item in items:
            if item.side == side:
                out += [
                    f"- {markdown_text(span.text)} *(weight {item.weight or 0:.2f})*" for span in getattr(item, side)
                ]
                out += _note_lines(item, indent="  ")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = ("pair", "side", "kind", "score", "text a", "text b", "note", "quote", "reader", "weight")
# The guard against a cell a spreadsheet would run as a formula lives with the other text made safe.
spreadsheet_cell = csv_cell


def render_csv(comparison: Comparison, notes: Sequence[PassageNote] = ()) -> str:
    """One row a match or left-out passage, for a spreadsheet: a match's number (the pair's number in the
    app and in the other exports; none for a left-out passage), side (both, a, b), kind, score, the
    passage in each account (a match's spans a line each), and its notes (a line each)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for number, item in enumerate(export_items(comparison, notes), 1):
        cells = (
            str(number) if item.side == "both" else "",
            item.side,
            item.kind,
            "" if item.score is None else f"{item.score:.4f}",
            "\n".join(span.text for span in item.a),
            "\n".join(span.text for span in item.b),
            "\n".join(item.notes),
            "" if item.match is None else item.match.quote,
            "" if item.match is None else verdict_label(item.match),
            "" if item.weight is None else f"{item.weight:.4f}",
        )
        writer.writerow([spreadsheet_cell(cell) for cell in cells])
    return buffer.getvalue()


@dataclass(frozen=True)
class ExportFormat:
    """A format a comparison can be exported in: its name in menus and the suffix of its files."""

    label: str
    suffix: str


EXPORT_FORMATS = {
    "md": ExportFormat("Markdown", ".md"),
    "html": ExportFormat("HTML (side by side, printable)", ".html"),
    "csv": ExportFormat("CSV (for a spreadsheet)", ".csv"),
    "json": ExportFormat("JSON", ".json"),
}


def render_export(
    format_name: str, comparison: Comparison, a: Article, b: Article, notes: Sequence[PassageNote] = ()
) -> str:
    """The comparison as a document in one of EXPORT_FORMATS."""
    if format_name == "md":
        return render_markdown(comparison, a, b, notes)
    if format_name == "html":
        return render_html(comparison, a, b, notes)
    if format_name == "csv":
        return render_csv(comparison, notes)
    if format_name == "json":
        return json_document(comparison_to_dict(comparison, a, b, notes))
    raise ValueError(f"no export format {format_name!r}")
