"""A comparison as JSON: `cyberread compare A B --format json` and the app's JSON export, written by
orjson where it writes what the standard library would, byte for byte."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import orjson

from ..align.alone import omission_summary
from ..align.compare import collector_paused
from ..align.relatedness import reports_one_event
from ..align.result import Carries, Comparison, FramingChange, LeftOut, Match, Span, ValueChange, WordOp
from ..ingest.articles import Article
from .common import PassageNote, labels


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
            "one_event": reports_one_event(comparison, a.body, b.body),
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
