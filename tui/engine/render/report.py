"""A comparison as the command line prints it and the app exports it: a terminal report (ANSI colour only
on request), and the Markdown and CSV documents (HTML is in html.py, JSON in json_report.py), with the
user's notes."""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..align.alone import omission_summary
from ..align.relatedness import different_events_note
from ..align.result import Comparison, Differences, LeftOut, Match, Span
from ..ingest.articles import Article
from ..text.plural import counted
from ..text.safe import csv_cell, flat_line, markdown_item, markdown_text
from .common import PassageNote as PassageNote
from .common import difference_labels, labels, match_notes, verdict_counts, verdict_label
from .html import render_html
from .json_report import comparison_to_dict, json_document

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

    warning = different_events_note(comparison, a.body, b.body) or ""
    out = [
        paint(_BOLD, "A: ") + flat_line(_label(a)),
        paint(_BOLD, "B: ") + flat_line(_label(b)),
        f"similarity {comparison.similarity:.0%} · A covered {comparison.coverage_a:.0%} · "
        f"B covered {comparison.coverage_b:.0%} · {counted(len(comparison.matches), 'match', 'matches')}",
        *block("Note: ", warning, _YELLOW if warning else ""),
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
        *([f"- **Note:** {warning}"] if (warning := different_events_note(comparison, a.body, b.body)) else []),
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
