"""A comparison as the command line prints it: the JSON document of `cyberread compare --format
json`, a terminal report (ANSI colour only on request) and Markdown."""

from __future__ import annotations

import textwrap
from typing import Any

from .align import Comparison, Match, Span
from .articles import Article

_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
_GREEN, _YELLOW, _RED, _CYAN = "\x1b[32m", "\x1b[33m", "\x1b[31m", "\x1b[36m"


def _article(article: Article) -> dict[str, Any]:
    return {"id": article.id, "title": article.title, "outlet": article.outlet, "date": article.date, "words": article.words}


def _span(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def comparison_to_dict(comparison: Comparison, a: Article, b: Article) -> dict[str, Any]:
    """The JSON schema of `cyberread compare A B --format json`; offsets index each article's body."""
    return {
        "a": _article(a),
        "b": _article(b),
        "similarity": comparison.similarity,
        "coverage": {"a": comparison.coverage_a, "b": comparison.coverage_b},
        "matches": [
            {
                "score": m.score,
                "kind": m.kind,
                "a": [_span(s) for s in m.a],
                "b": [_span(s) for s in m.b],
                "differences": {
                    "a_words": list(m.differences.a_words),
                    "b_words": list(m.differences.b_words),
                    "numbers": [list(pair) for pair in m.differences.numbers],
                    "names": [list(pair) for pair in m.differences.names],
                },
            }
            for m in comparison.matches
        ],
        "a_only": [_span(s) for s in comparison.a_only],
        "b_only": [_span(s) for s in comparison.b_only],
    }


def _label(article: Article) -> str:
    details = ", ".join(x for x in (article.outlet, article.date) if x)
    return f"{article.title} ({details})" if details else article.title


def _flat(text: str) -> str:
    """Article text on one logical line: its own line breaks must not break the report's layout,
    and control characters (an escape in a body) must not reach the terminal."""
    cleaned = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(cleaned.split())


def _pairs(pairs: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{x or '—'} ≠ {y or '—'}" for x, y in pairs)


def render_text(comparison: Comparison, a: Article, b: Article, color: bool) -> str:
    """A readable terminal report; ANSI colour only when `color` is true."""

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    def block(prefix: str, text: str, code: str) -> list[str]:
        lines = textwrap.wrap(_flat(text), width=96, initial_indent=prefix, subsequent_indent=" " * len(prefix))
        return [paint(code, line) for line in lines]

    out = [
        paint(_BOLD, "A: ") + _flat(_label(a)),
        paint(_BOLD, "B: ") + _flat(_label(b)),
        f"similarity {comparison.similarity:.0%} · A covered {comparison.coverage_a:.0%} · "
        f"B covered {comparison.coverage_b:.0%} · {len(comparison.matches)} matches",
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
        out.append("")
    for title, spans, code in (("Only in A", comparison.a_only, _YELLOW), ("Only in B", comparison.b_only, _RED)):
        out.append(paint(_BOLD, f"{title} ({len(spans)})"))
        for span in spans:
            out += block("  • ", span.text, code)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _difference_lines(match: Match, paint) -> list[str]:
    d = match.differences
    lines = []
    if d.numbers:
        lines.append(paint(_YELLOW, "    numbers: " + _flat(_pairs(d.numbers))))
    if d.names:
        lines.append(paint(_YELLOW, "    names: " + _flat(_pairs(d.names))))
    if d.a_words:
        lines.append(paint(_DIM, "    only A: " + _flat(" ".join(d.a_words))))
    if d.b_words:
        lines.append(paint(_DIM, "    only B: " + _flat(" ".join(d.b_words))))
    return lines


def _md(text: str) -> str:
    """Text safe inside Markdown: characters that would start markup are escaped."""
    escaped = "".join("\\" + c if c in "\\`*_[]<>#|~" else c for c in _flat(text))
    return escaped


def render_markdown(comparison: Comparison, a: Article, b: Article) -> str:
    out = [
        "# Comparison",
        "",
        f"- **A:** {_md(_label(a))}",
        f"- **B:** {_md(_label(b))}",
        f"- **Similarity:** {comparison.similarity:.0%}; A covered {comparison.coverage_a:.0%}, "
        f"B covered {comparison.coverage_b:.0%}",
        "",
        f"## Matches ({len(comparison.matches)})",
        "",
    ]
    for number, match in enumerate(comparison.matches, 1):
        out += [f"### {number}. {match.kind}, score {match.score:.2f}", ""]
        out += [f"> **A:** {_md(span.text)}" for span in match.a]
        out.append(">")
        out += [f"> **B:** {_md(span.text)}" for span in match.b]
        out.append("")
        d = match.differences
        for label, value in (
            ("Numbers", _pairs(d.numbers)),
            ("Names", _pairs(d.names)),
            ("Only in A", " ".join(d.a_words)),
            ("Only in B", " ".join(d.b_words)),
        ):
            if value:
                out.append(f"- {label}: {_md(value)}")
        out.append("")
    for title, spans in (("Only in A", comparison.a_only), ("Only in B", comparison.b_only)):
        out += [f"## {title} ({len(spans)})", ""]
        out += [f"- {_md(span.text)}" for span in spans]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
