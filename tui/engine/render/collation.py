"""A collation of three or more accounts as the command line prints it and the app exports it: a
terminal report, Markdown, one self-contained HTML page with the presence matrix, and JSON, each with
the user's notes on the accounts' passages."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..align.result import Span
from ..corpus.collate import CollatedPassage, Collation, Reading, days_from_base, far_dated, initials
from ..ingest.articles import Article
from ..text.plural import counted
from ..text.safe import csv_cell, flat_line, html_text, in_quotes, markdown_item, markdown_text
from .common import signed
from .html import PAIR_COLOURS, _ink, _tint

COLLATION_FORMATS = ("text", "md", "html", "csv", "json")
PRESENCE_SYMBOLS = {"verbatim": "■", "reworded": "◧", "absent": "·"}
"""The presence matrix's marks: verbatim, reworded, not carried — told apart by shape, not colour alone."""


@dataclass(frozen=True)
class AccountNote:
    """A note the user wrote on one account of the collation: on a passage ((start, end) into its body)
    or on the whole article (None)."""

    account: str
    text: str
    place: tuple[int, int] | None = None
    author: str | None = None
    """Who wrote it (a desk shares one library), where known."""

    @property
    def signed(self) -> str:
        """The note as an export shows it: "Ana Lima: …" where its author is known."""
        return signed(self.text, self.author)


def account_colour(index: int) -> str:
    return PAIR_COLOURS[index % len(PAIR_COLOURS)]


def _span(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _reading(reading: Reading, articles: Sequence[Article]) -> dict[str, Any]:
    return {
        "account": articles[reading.account].id,
        "kind": reading.kind,
        "score": reading.score,
        "spans": [_span(s) for s in reading.spans],
        "quote": reading.quote,
        "quote_cut": reading.quote_cut,
        "changes": list(reading.changes),
    }


def _passage(passage: CollatedPassage, articles: Sequence[Article]) -> dict[str, Any]:
    return {
        "account": articles[passage.account].id,
        **_span(passage.span),
        "readings": [_reading(r, articles) for r in passage.readings],
    }


def collation_to_dict(
    collation: Collation, articles: Sequence[Article], notes: Sequence[AccountNote] = ()
) -> dict[str, Any]:
    """The JSON schema of `cyberread collate --format json` (README.md describes it); every offset
    indexes the clean body of the account named beside it."""
    letters = initials(articles)
    return {
        "accounts": [
            {
                "id": article.id,
                "title": article.title,
                "outlet": article.outlet,
                "coverage": summary.coverage,
                "date": article.date,
                "initial": letters[summary.index],
                "base_coverage": summary.base_coverage,
                "story_coverage": summary.story_coverage,
                "alone": [_span(s) for s in summary.alone],
            }
            for article, summary in zip(articles, collation.accounts, strict=True)
        ],
        "base": articles[collation.base].id,
        "passages": [_passage(p, articles) for p in collation.passages],
        "shared": [_passage(p, articles) for p in collation.shared],
        "notes": [
            {
                "account": note.account,
                "text": note.text,
                "author": note.author,
                "start": None if note.place is None else note.place[0],
                "end": None if note.place is None else note.place[1],
            }
            for note in notes
        ],
    }


def presence(passage: CollatedPassage, accounts: Sequence[int], letters: Sequence[str]) -> str:
    """`S■ W◧ X·`: each account's letter and whether it carries the passage."""
    return " ".join(letters[i] + PRESENCE_SYMBOLS[passage.carriage(i)] for i in accounts)


def _label(article: Article, articles: Sequence[Article]) -> str:
    """ "Title (Outlet, date)", with the article's id where another account reads the same (the versions
    of one story, fetched as it was edited, have one title, outlet and date)."""
    details = [x for x in (article.outlet, article.date) if x]
    same = (article.title, article.outlet, article.date)
    if sum(1 for other in articles if (other.title, other.outlet, other.date) == same) > 1:
        details.append(article.id)
    return f"{article.title} ({', '.join(details)})" if details else article.title


def _others(collation: Collation) -> list[int]:
    return [s.index for s in collation.accounts if s.index != collation.base]


def _notes_in(notes: Sequence[AccountNote], article: Article, span: Span) -> list[str]:
    return [n.signed for n in notes if n.account == article.id and n.place and span.start <= n.place[0] < span.end]


def render_collation_text(collation: Collation, articles: Sequence[Article], width: int = 100) -> str:
    """The collation for a terminal (the caller makes the texts terminal-safe): plain text, no colour."""
    letters = initials(articles)
    others = _others(collation)
    lines = [f"Collation of {len(articles)} accounts · base {letters[collation.base]}", ""]
    far = days_from_base([a.date for a in articles], collation.base)
    for summary in collation.accounts:
        article = articles[summary.index]
        role = "base" if summary.index == collation.base else f"{summary.base_coverage:.0%} of the base"
        lines.append(f"{letters[summary.index]}  {flat_line(_label(article, articles))}")
        lines.append(
            f"   {role} · {collation.story_share(summary)} of the story · {summary.coverage:.0%} carried by others"
            f" · {counted(len(summary.alone), 'passage')} alone"
        )
        if summary.index in far:
            lines.append(f"   {far_dated(far[summary.index])}")
    lines += [
        "",
        f"Legend: {PRESENCE_SYMBOLS['verbatim']} verbatim · {PRESENCE_SYMBOLS['reworded']} reworded ·"
        f" {PRESENCE_SYMBOLS['absent']} not carried",
        "",
    ]

    def block(marks: str, text: str, gap: str = "  ") -> None:
        wrapped = textwrap.wrap(flat_line(text), max(20, width - len(marks) - len(gap))) or [""]
        lines.append(f"{marks}{gap}{wrapped[0]}")
        lines.extend(" " * (len(marks) + len(gap)) + line for line in wrapped[1:])

    lines.append(f"The base ({letters[collation.base]}), passage by passage")
    for passage in collation.passages:
        marks = presence(passage, others, letters)
        block(marks, passage.span.text)
        # What each account that carries it gives otherwise: a misquote, a figure or name changed.
        for reading in passage.readings:
            if said := reading.notes:
                block(" " * len(marks) + f"  {letters[reading.account]}:", said, gap=" ")
    if collation.shared:
        lines += ["", "Passages the base lacks that two or more others share"]
        for passage in collation.shared:
            tellers = sorted([passage.account, *(r.account for r in passage.readings)])
            block(" ".join(letters[i] for i in tellers), passage.span.text)
    lines += ["", "What each account alone carries"]
    for summary in collation.accounts:
        lines.append(f"{letters[summary.index]}  {counted(len(summary.alone), 'passage')}")
        for span in summary.alone:
            block("   »", span.text)
    return "\n".join(lines) + "\n"


def render_collation_markdown(
    collation: Collation, articles: Sequence[Article], notes: Sequence[AccountNote] = ()
) -> str:
    letters = initials(articles)
    others = _others(collation)
    base = articles[collation.base]
    out = [
        f"# Collation of {len(articles)} accounts",
        "",
        f"Base: **{letters[collation.base]}** {markdown_text(_label(base, articles))}",
        "",
    ]
    out += [
        "| | Account | Of the base | Of the story | Carried by others | Alone |",
        "|---|---|---|---|---|---|",
    ]
    for summary in collation.accounts:
        out.append(
            f"| {letters[summary.index]} | {markdown_text(_label(articles[summary.index], articles))} "
            f"| {summary.base_coverage:.0%} | {collation.story_share(summary)} | {summary.coverage:.0%} "
            f"| {len(summary.alone)} |"
        )
    far = days_from_base([a.date for a in articles], collation.base)
    if far:
        out += [""] + [f"- **{letters[index]}** is {far_dated(days)}" for index, days in far.items()]
    legend = ", ".join(f"{symbol} {kind}" for kind, symbol in PRESENCE_SYMBOLS.items())
    out += ["", "## The base, passage by passage", "", f"Each passage is marked for every other account: {legend}.", ""]
    for number, passage in enumerate(collation.passages, 1):
        out += _markdown_passage(number, passage, articles, letters, presence(passage, others, letters), notes)
    if collation.shared:
        out += ["## Passages the base lacks that two or more others share", ""]
        for number, passage in enumerate(collation.shared, 1):
            tellers = " ".join(letters[i] for i in sorted([passage.account, *(r.account for r in passage.readings)]))
            out += _markdown_passage(number, passage, articles, letters, tellers, notes)
    out += ["## What each account alone carries", ""]
    for summary in collation.accounts:
        article = articles[summary.index]
        out += [f"### {letters[summary.index]} {markdown_text(article.outlet or article.title)}", ""]
        for span in summary.alone:
            out += [f"> {markdown_text(span.text)}", ""]
            out += [line for text in _notes_in(notes, article, span) for line in markdown_item("- **Note:** ", text)]
        if not summary.alone:
            out += ["Nothing: other accounts carry all of it.", ""]
    by_id = {a.id: i for i, a in enumerate(articles)}
    if any(n.account in by_id for n in notes):
        out += ["## Notes", ""]
        for note in notes:
            if note.account not in by_id:
                continue
            index = by_id[note.account]
            quote = f" on {markdown_text(in_quotes(articles[index].body[slice(*note.place)]))}" if note.place else ""
            out.append(f"- **{letters[index]}**{quote}: {markdown_text(note.signed)}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _markdown_passage(
    number: int,
    passage: CollatedPassage,
    articles: Sequence[Article],
    letters: Sequence[str],
    marks: str,
    notes: Sequence[AccountNote],
) -> list[str]:
    owner = articles[passage.account]
    out = [f"### {number}. {letters[passage.account]} · `{marks}`", "", f"> {markdown_text(passage.span.text)}", ""]
    out += [line for text in _notes_in(notes, owner, passage.span) for line in markdown_item("- **Note:** ", text)]
    for reading in passage.readings:
        text = " … ".join(s.text for s in reading.spans)
        said = f" · {markdown_text(changed)}" if (changed := reading.notes) else ""
        out.append(
            f"- **{letters[reading.account]}** {reading.kind} ({reading.score:.2f}){said}: {markdown_text(text)}"
        )
        out += [
            line
            for span in reading.spans
            for t in _notes_in(notes, articles[reading.account], span)
            for line in markdown_item("  - **Note:** ", t)
        ]
    if passage.readings or any(n.account == owner.id for n in notes):
        out.append("")
    return out


def render_collation_html(collation: Collation, articles: Sequence[Article], notes: Sequence[AccountNote] = ()) -> str:
    """One page with no request to anywhere: the accounts, then the presence matrix (a row per passage of
    the base, a coloured cell per other account), the passages the base lacks, and what each carries alone."""
    escape = html_text
    letters = initials(articles)
    others = _others(collation)
    base = articles[collation.base]

    def badge(index: int, kind: str = "verbatim") -> str:
        symbol = "" if kind == "verbatim" else PRESENCE_SYMBOLS[kind]
        title = f"{articles[index].outlet or articles[index].title}: {kind if kind != 'absent' else 'not carried'}"
        classes = f"mark a{index % len(PAIR_COLOURS)} {kind}"
        return f'<span class="{classes}" title="{escape(title)}">{letters[index]}{symbol}</span>'

    account_rows = "".join(
        f"<tr><td>{badge(s.index)}</td><td>{escape(_label(articles[s.index], articles))}</td>"
        f"<td>{s.base_coverage:.0%}</td><td>{collation.story_share(s)}</td><td>{s.coverage:.0%}</td>"
        f"<td>{len(s.alone)}</td></tr>\n"
        for s in collation.accounts
    )

    def readings(passage: CollatedPassage) -> str:
        items = "".join(
            f"<li>{badge(r.account, r.kind)} {r.kind} {r.score:.2f}"
            + (f' <span class="changed">· {escape(changed)}</span>' if (changed := r.notes) else "")
            + f": {escape(' … '.join(s.text for s in r.spans))}</li>"
            for r in passage.readings
        )
        owner = articles[passage.account]
        noted = "".join(
            f'<li class="note-text">✎ {escape(text)}</li>' for text in _notes_in(notes, owner, passage.span)
        )
        return f"<ul>{items}{noted}</ul>" if items or noted else ""

    matrix = "".join(
        f"<tr><td>{number}</td>"
        + "".join(f"<td>{badge(i, passage.carriage(i))}</td>" for i in others)
        + f"<td>{escape(passage.span.text)}{readings(passage)}</td></tr>\n"
        for number, passage in enumerate(collation.passages, 1)
    )
    heads = "".join(f"<th>{badge(i)}</th>" for i in others)
    shared = "".join(f"<li>{badge(p.account)} {escape(p.span.text)}{readings(p)}</li>\n" for p in collation.shared)
    alone = "".join(
        f"<h3>{badge(s.index)} {escape(articles[s.index].outlet or articles[s.index].title)}</h3>\n"
        + "".join(f'<p class="alone">» {escape(span.text)}</p>\n' for span in s.alone)
        for s in collation.accounts
    )
    by_id = {a.id: i for i, a in enumerate(articles)}
    noted = "".join(
        f"<li>{badge(by_id[n.account])} "
        + (f"<blockquote>{escape(articles[by_id[n.account]].body[slice(*n.place)])}</blockquote>" if n.place else "")
        + f'<p class="note-text">{escape(n.signed)}</p></li>\n'
        for n in notes
        if n.account in by_id
    )
    colours = "".join(
        f".a{i}.verbatim, th .a{i}, td:first-child .a{i} {{ background: {c}; color: {_ink(c)}; }}\n"
        f".a{i}.reworded {{ background: {_tint(c, 0.35)}; border: 2px solid {c}; }}\n"
        for i, c in enumerate(PAIR_COLOURS)
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape('Collation: ' + base.title)}</title>\n"
        f"<style>{_STYLE}{colours}</style>\n</head>\n<body>\n"
        f"<h1>Collation of {len(articles)} accounts</h1>\n"
        f"<p>Base: {badge(collation.base)} {escape(_label(base, articles))}</p>\n"
        '<table class="accounts"><thead><tr><th></th><th>Account</th><th>Of the base</th><th>Of the story</th>'
        f"<th>Carried by others</th><th>Alone</th></tr></thead>\n<tbody>\n{account_rows}</tbody></table>\n"
        '<p class="legend">Beside each passage of the base, one mark per other account: a full colour when it'
        f" carries the passage verbatim, a tint with {PRESENCE_SYMBOLS['reworded']} when reworded,"
        f" {PRESENCE_SYMBOLS['absent']} when it does not carry it.</p>\n"
        f'<section><h2>The base, passage by passage</h2>\n<table class="matrix"><thead><tr><th>#</th>{heads}'
        f"<th>Passage</th></tr></thead>\n<tbody>\n{matrix}</tbody></table></section>\n"
        + (
            f"<section><h2>Passages the base lacks that two or more others share</h2>\n<ol>\n{shared}</ol></section>\n"
            if shared
            else ""
        )
        + f"<section><h2>What each account alone carries</h2>\n{alone}</section>\n"
        + (f'<section class="notes"><h2>Notes</h2>\n<ol>{noted}</ol></section>\n' if noted else "")
        + "</body>\n</html>\n"
    )


_STYLE = """
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; font: 16px/1.5 Georgia, serif; color: #1a1a1a;
  background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1, h2, h3, table, .legend { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .4rem; border-bottom: 1px solid #ddd; }
.matrix td:not(:last-child), .matrix th:not(:last-child) { width: 2.2em; text-align: center; }
.mark { display: inline-block; min-width: 1.8em; text-align: center; border-radius: 3px; font: bold .8rem/1.5
  system-ui, sans-serif; padding: 0 .2em; }
.mark.absent { color: #999; background: none; }
.legend { color: #555; font-size: .9rem; }
ul { margin: .25rem 0; padding-left: 1.2rem; font-size: .9rem; color: #333; }
.alone { font-style: italic; color: #6A4C93; margin: .25rem 0; }
.note-text { white-space: pre-wrap; list-style: none; }
blockquote { margin: .25rem 0; padding-left: .75rem; border-left: 3px solid #ccc; font-style: italic; }
@media print { tr { break-inside: avoid; } }
"""


def render_collation_csv(collation: Collation, articles: Sequence[Article]) -> str:
    """A row per passage (the base's, those the base lacks, then what each account alone carries): whose
    it is, where, its text, for every account whether it carries it, and what each gives otherwise there
    (a misquote, a figure or name changed or left out), as the text report says it."""
    letters = initials(articles)
    output = io.StringIO()
    writer = csv.writer(output)
    names = [f"{letters[i]} {a.outlet or a.id}" for i, a in enumerate(articles)]
    writer.writerow(["section", "account", "start", "end", "text", *names, *(f"{name}: otherwise" for name in names)])
    for section, passages in (("base", collation.passages), ("shared", collation.shared)):
        for passage in passages:
            cells = ["own" if i == passage.account else passage.carriage(i) for i in range(len(articles))]
            readings = [passage.reading(i) for i in range(len(articles))]
            said = ["" if reading is None else reading.notes for reading in readings]
            span = passage.span
            row = [section, articles[passage.account].id, str(span.start), str(span.end), span.text, *cells, *said]
            writer.writerow([csv_cell(cell) for cell in row])
    for summary in collation.accounts:
        for span in summary.alone:
            cells = ["own" if i == summary.index else "absent" for i in range(len(articles))]
            row = ["alone", articles[summary.index].id, str(span.start), str(span.end), span.text, *cells]
            writer.writerow([csv_cell(cell) for cell in [*row, *[""] * len(articles)]])
    return output.getvalue()


def render_collation(
    format_name: str, collation: Collation, articles: Sequence[Article], notes: Sequence[AccountNote] = ()
) -> str:
    """The collation as a document in one of COLLATION_FORMATS."""
    if format_name == "md":
        return render_collation_markdown(collation, articles, notes)
    if format_name == "html":
        return render_collation_html(collation, articles, notes)
    if format_name == "json":
        return json.dumps(collation_to_dict(collation, articles, notes), ensure_ascii=False, indent=2) + "\n"
    if format_name == "csv":
        return render_collation_csv(collation, articles)
    if format_name == "text":
        return render_collation_text(collation, articles)
    raise ValueError(f"no collation format {format_name!r}")
