"""The comparison as JSON, terminal text and Markdown."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from cyberread.engine.align.compare import compare_articles
from cyberread.engine.ingest.articles import load_article
from cyberread.engine.render.report import comparison_to_dict, render_markdown, render_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def pair():
    a = load_article(SEEDS / "001_1868b0e8e5cae7fd.txt")
    b = load_article(SEEDS / "004_defd70b08e64a075.txt")
    return a, b, compare_articles(a, b)


def test_json_has_exactly_the_documented_keys(pair) -> None:
    a, b, comparison = pair
    document = json.loads(json.dumps(comparison_to_dict(comparison, a, b)))
    assert set(document) == {
        *("a", "b", "similarity", "one_event", "coverage", "matches", "a_only", "b_only", "notes"),
        *("rejected", "quotes", "left_out_summary"),
    }
    assert document["rejected"] == []
    for side in ("a", "b"):
        for left_out in document[f"{side}_only"]:
            assert set(left_out) == {"start", "end", "text", "weight", "carries"}
            assert 0 <= left_out["weight"] <= 1
            assert set(left_out["carries"]) == {"names", "numbers", "quotes", "claims"}
        assert all(set(q) == {"speaker", "parts"} for q in document["quotes"][side])
    assert document["notes"] == []
    for side in ("a", "b"):
        assert set(document[side]) == {"id", "title", "outlet", "date", "words"}
    assert document["a"]["id"] == a.id and document["b"]["words"] == b.words
    assert set(document["coverage"]) == {"a", "b"}
    assert document["matches"], "the seed pair has matches"
    for match in document["matches"]:
        assert set(match) == {
            *("score", "kind", "a", "b", "differences"),
            *("quote", "quoted_ops", "speakers", "framing", "verdict", "verdict_by"),
        }
        assert match["quote"] in {"same", "misquote", "reworded", "one_side", "none"} and match["verdict"] is None
        assert 0 <= match["score"] <= 1 and match["kind"] in {"verbatim", "paraphrase"}
        assert set(match["differences"]) == {"a_words", "b_words", "numbers", "names", "ops", "changes"}
        for op in match["differences"]["ops"]:
            assert op["op"] in {"equal", "replace", "insert", "delete"}
            for side, article in (("a", a), ("b", b)):
                assert article.body[op[side]["start"] : op[side]["end"]] == op[side]["text"]
        for pair_ in match["differences"]["numbers"] + match["differences"]["names"]:
            assert isinstance(pair_, list) and len(pair_) == 2
        for side, article in (("a", a), ("b", b)):
            for span in match[side]:
                assert set(span) == {"start", "end", "text"}
                assert article.body[span["start"] : span["end"]] == span["text"]
    for side, article in (("a_only", a), ("b_only", b)):
        for span in document[side]:
            assert set(span) == {"start", "end", "text", "weight", "carries"}
            assert article.body[span["start"] : span["end"]] == span["text"]


def test_text_report_is_plain_unless_colour_is_asked_for(pair) -> None:
    a, b, comparison = pair
    plain = render_text(comparison, a, b, color=False)
    coloured = render_text(comparison, a, b, color=True)
    assert "\x1b[" not in plain and "\x1b[" in coloured
    assert "Only in A" in plain and "Khumbudzo Ntshavheni" in plain
    assert f"{len(comparison.matches)} matches" in plain


def test_untrusted_text_cannot_drive_the_terminal_or_the_markdown(pair) -> None:
    a, b, comparison = pair
    hostile = "[bold]evil[/] \x1b[2J *star* # not a heading"
    a = replace(a, title=hostile)
    plain = render_text(comparison, a, b, color=False)
    assert "\x1b" not in plain and "[bold]evil[/]" in plain
    markdown = render_markdown(comparison, a, b)
    assert "\\*star\\*" in markdown and "\x1b" not in markdown


def test_markdown_lists_every_match_and_left_out_passage(pair) -> None:
    a, b, comparison = pair
    markdown = render_markdown(comparison, a, b)
    assert markdown.count("\n### ") == len(comparison.matches)
    assert f"## Only in A ({len(comparison.a_only)})" in markdown
    assert f"## Only in B ({len(comparison.b_only)})" in markdown
