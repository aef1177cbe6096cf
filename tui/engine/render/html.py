"""A comparison as one self-contained HTML page: the two accounts side by side, each matched pair in one
colour on both sides and left-out passages marked as the compare screen marks them; printable, and with
no request to anywhere (inline CSS, no scripts, fonts or images, and a policy that forbids them)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..align.alone import omission_summary
from ..align.compare import Comparison
from ..align.relatedness import different_events_note
from ..ingest.articles import Article
from ..text.plural import counted
from ..text.safe import html_text
from .common import PassageNote, difference_labels, labels, match_notes, verdict_counts

# The compare screen's pair colours (cyberread.widgets.palette.PAIR_COLOURS, which the engine cannot import
# as it is built on Textual's colours; a test keeps the two lists equal): Okabe & Ito's colour-blind safe set.
PAIR_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#D55E00")
LEFT_OUT_COLOUR = "#6A4C93"
"""The screen's left-out hue on a light theme."""
# The screen's tint of a pair colour behind its text on a light theme.
_TINT = 0.35
# Every article text, title and note on the page goes through the one HTML escape.
escape = html_text


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _tint(colour: str, share: float) -> str:
    """`colour` blended into white, as the screen blends a pair colour into a light background."""
    return "#" + "".join(f"{round(255 + (c - 255) * share):02x}" for c in _channels(colour))


def _ink(colour: str) -> str:
    """Black or white, whichever reads on `colour` (the match numbers sit on the full pair colour)."""
    red, green, blue = _channels(colour)
    return "#000" if (299 * red + 587 * green + 114 * blue) / 255_000 > 0.5 else "#fff"


@dataclass(frozen=True)
class _Region:
    """A marked stretch of one body: a match (`pair` its index) or a left-out passage (`pair` None)."""

    start: int
    end: int
    pair: int | None


def render_html(comparison: Comparison, a: Article, b: Article, notes: Sequence[PassageNote] = ()) -> str:
    """The page. Every article text, title and note is escaped: a body holding `<script>` shows it."""
    regions = {side: _regions(comparison, side) for side in ("a", "b")}
    coverage = {"a": comparison.coverage_a, "b": comparison.coverage_b}
    columns = "".join(
        _account(side, article, regions[side], coverage[side], notes) for side, article in (("a", a), ("b", b))
    )
    confirmed, linked = verdict_counts(comparison)
    summary = (
        f"similarity {comparison.similarity:.2f} · {counted(len(comparison.matches), 'match', 'matches')} · left out: "
        f"{len(comparison.a_only)} in A only, {len(comparison.b_only)} in B only"
        f" · {confirmed} confirmed by hand, "
        + (f"{linked} linked by hand, " if linked else "")
        + f"{len(comparison.rejected)} rejected"
    )
    if warning := different_events_note(comparison, a.body, b.body):
        summary += f" · {warning}"
    alone = omission_summary(comparison, a.body, b.body, *labels(a, b))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        # Even if something slipped through the escaping, the page may load nothing and run nothing.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(f'{a.title} — {b.title}')}</title>\n"
        f"<style>{_stylesheet()}</style>\n</head>\n<body>\n"
        "<header>\n<h1>Comparison</h1>\n"
        f'<p class="summary">{escape(summary)}</p>\n'
        f'<p class="summary">Left out that matters: {escape(alone)}</p>\n'
        '<p class="legend">Each matched pair has one colour and number in both accounts. '
        '<span class="left-out">Italic passages with »</span> are ones the other account left out. '
        '<span class="noted" data-note="">Underlined</span> passages carry a note.</p>\n'
        f'</header>\n<main class="accounts">\n{columns}</main>\n'
        f"{_match_table(comparison, a.body, b.body)}{_notes_section(a, b, notes)}"
        "</body>\n</html>\n"
    )


def _regions(comparison: Comparison, side: str) -> list[_Region]:
    found = [
        _Region(span.start, span.end, index)
        for index, match in enumerate(comparison.matches)
        for span in getattr(match, side)
    ]
    found += [_Region(span.start, span.end, None) for span in getattr(comparison, f"{side}_only")]
    return sorted(found, key=lambda r: (r.start, r.end))


def _account(side: str, article: Article, regions: list[_Region], coverage: float, notes: Sequence[PassageNote]) -> str:
    facts = (article.outlet, article.date, article.dateline, f"{article.words} words", f"{coverage:.0%} matched")
    details = " · ".join(v for v in facts if v)
    noted = [(number, place) for number, note in enumerate(notes, 1) if (place := note.on(side))]
    return (
        f'<article class="account" id="account-{side}">\n'
        f'<h2><span class="side">{side.upper()}</span> {escape(article.title)}</h2>\n'
        f'<p class="details">{escape(details)}</p>\n'
        f'<div class="body">\n{_body(article.body, regions, noted)}</div>\n</article>\n'
    )


def _body(body: str, regions: list[_Region], noted: list[tuple[int, tuple[int, int]]]) -> str:
    """The body's paragraphs, cut wherever a region or noted passage starts or ends; each piece carries
    its region's class, the first piece of a region its number and the last of a noted passage its note's."""
    bounds = sorted({edge for r in regions for edge in (r.start, r.end)} | {e for _, p in noted for e in p})
    starts = [r.start for r in regions]
    paragraphs = []
    position = 0
    for paragraph in body.split("\n\n"):
        start, end = position, position + len(paragraph)
        position = end + 2
        cuts = [start, *bounds[bisect.bisect_right(bounds, start) : bisect.bisect_left(bounds, end)], end]
        pieces = [
            _piece(body, s, e, _region_at(regions, starts, s, e), noted) for s, e in itertools.pairwise(cuts) if s < e
        ]
        paragraphs.append(f"<p>{''.join(pieces)}</p>\n")
    return "".join(paragraphs)


def _region_at(regions: list[_Region], starts: list[int], start: int, end: int) -> _Region | None:
    # Matches and left-out passages never overlap on one side: the last region to start is the only candidate.
    index = bisect.bisect_right(starts, start) - 1
    return regions[index] if index >= 0 and end <= regions[index].end else None


def _piece(body: str, start: int, end: int, region: _Region | None, noted: list[tuple[int, tuple[int, int]]]) -> str:
    text = escape(body[start:end]).replace("\n", "<br>")
    classes, attributes = [], ""
    if region is not None and region.pair is not None:
        classes.append(f"pair p{region.pair % len(PAIR_COLOURS)}")
        if start == region.start:
            classes.append("first")
            attributes += f' data-match="{region.pair + 1}"'
    elif region is not None:
        classes.append("left-out" + (" first" if start == region.start else ""))
    notes_here = [number for number, (s, e) in noted if s <= start and end <= e]
    if notes_here:
        classes.append("noted")
        ending = [str(number) for number, (s, e) in noted if e == end and s <= start]
        if ending:
            attributes += f' data-note="{" ".join(ending)}"'
    if not classes:
        return text
    return f'<span class="{" ".join(classes)}"{attributes}>{text}</span>'


def _match_table(comparison: Comparison, body_a: str, body_b: str) -> str:
    if not comparison.matches:
        return ""
    rows = []
    for index, match in enumerate(comparison.matches):
        labelled = difference_labels(match.differences) + match_notes(match, body_a, body_b)
        differences = "; ".join(f"{label}: {value}" for label, value in labelled)
        rows.append(
            f'<tr><td><span class="pair p{index % len(PAIR_COLOURS)} first" data-match="{index + 1}"></span></td>'
            f"<td>{match.kind}</td><td>{match.score:.2f}</td><td>{escape(differences) or '—'}</td></tr>\n"
        )
    return (
        '<section class="matches">\n<h2>Matches</h2>\n<table>\n'
        "<thead><tr><th>#</th><th>Kind</th><th>Score</th><th>Differences</th></tr></thead>\n"
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n</section>\n"
    )


def _notes_section(a: Article, b: Article, notes: Sequence[PassageNote]) -> str:
    if not notes:
        return ""
    items = []
    for note in notes:
        quotes = "".join(
            f'<blockquote><span class="side">{side.upper()}</span> {escape(article.body[slice(*place)])}</blockquote>'
            for side, article in (("a", a), ("b", b))
            if (place := note.on(side))
        )
        items.append(f'<li>{quotes}<p class="note-text">{escape(note.signed)}</p></li>\n')
    return f'<section class="notes">\n<h2>Notes</h2>\n<ol>\n{"".join(items)}</ol>\n</section>\n'


def _stylesheet() -> str:
    pairs = "".join(
        f".p{i} {{ background: {_tint(colour, _TINT)}; }}\n"
        f".p{i}.first::before {{ background: {colour}; color: {_ink(colour)}; }}\n"
        for i, colour in enumerate(PAIR_COLOURS)
    )
    return f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0 auto; max-width: 1500px; padding: 1.5rem; font: 16px/1.55 Georgia, "Times New Roman", serif;
  color: #1a1a1a; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
h1 {{ margin: 0 0 .25rem; font-size: 1.6rem; }}
h2 {{ font-size: 1.2rem; margin: 0 0 .25rem; }}
header, .details, .legend, table, .notes {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }}
.summary {{ font-weight: bold; margin: 0; }}
.legend, .details {{ color: #555; font-size: .9rem; margin: .25rem 0 1rem; }}
.accounts {{ display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; }}
.account {{ min-width: 0; border-top: 3px solid #ccc; padding-top: .5rem; overflow-wrap: anywhere; }}
.side {{ display: inline-block; min-width: 1.6em; text-align: center; border-radius: 3px; background: #333;
  color: #fff; font: bold .8rem system-ui, sans-serif; padding: 0 .3em; vertical-align: middle; }}
.body p {{ margin: 0 0 .9em; }}
.pair {{ border-radius: 2px; padding: 0 1px; }}
.pair.first::before {{ content: attr(data-match); display: inline-block; min-width: 1.3em; margin-right: .2em;
  border-radius: 3px; font: bold .7rem/1.4 system-ui, sans-serif; text-align: center;
  vertical-align: .15em; }}
{pairs}.left-out {{ font-style: italic; color: {LEFT_OUT_COLOUR}; }}
.left-out.first::before {{ content: "» "; font-weight: bold; font-style: normal; }}
.noted {{ text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 3px; }}
.noted[data-note]::after {{ content: "✎" attr(data-note); font: bold .7rem system-ui, sans-serif;
  vertical-align: super; margin-left: 1px; }}
section {{ margin-top: 2rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; }}
th, td {{ text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid #ddd; }}
td:first-child .pair {{ background: none; }}
.notes ol {{ padding-left: 2.2rem; }}
.notes li {{ margin-bottom: 1rem; }}
blockquote {{ margin: .25rem 0; padding-left: .75rem; border-left: 3px solid #ccc; font-style: italic; }}
.note-text {{ margin: .25rem 0; white-space: pre-wrap; }}
@media screen and (max-width: 760px) {{
  body {{ padding: .75rem; }}
  .accounts {{ grid-template-columns: 1fr; }}
}}
@media print {{
  @page {{ margin: 1.5cm; }}
  body {{ max-width: none; padding: 0; font-size: 9.5pt; }}
  .accounts {{ gap: 1.2rem; }}
  .body p {{ orphans: 3; widows: 3; }}
  tr, .notes li {{ break-inside: avoid; }}
  h2 {{ break-after: avoid; }}
}}
"""
