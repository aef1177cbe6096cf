"""A paragraph of thousands of links or bold words is read in linear time: its inline markup is merged into
text before trafilatura sees it (tui/engine/ingest/inline.py), and pages under the limit reach trafilatura
untouched."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import trafilatura
from hypothesis import given
from hypothesis import strategies as st

from cyberread.engine.ingest import inline
from cyberread.engine.ingest.articles import parse_html
from tests.conftest import REPO

WORDS = "officials said the talks would resume in geneva after the summit".split()


def _page(words: int, marked: int, tag: str = "a") -> str:
    """An article whose last paragraph has `words` words, the first `marked` of them each in a `tag`."""
    spans = [
        f'<{tag} href="https://example.com/{i}">{WORDS[i % len(WORDS)]}</{tag}>'
        if i < marked
        else WORDS[i % len(WORDS)]
        for i in range(words)
    ]
    return (
        "<html><head><title>Talks resume in Geneva</title></head><body><article>"
        "<p>Negotiators met again on Tuesday, the third round this year, and said more was to come.</p>"
        f"<p>{' '.join(spans)}.</p></article></body></html>"
    )


@pytest.fixture
def handed_over(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What parse_html hands the real trafilatura.bare_extraction."""
    seen: list[object] = []
    real = trafilatura.bare_extraction

    def spy(filecontent: object, **options: object) -> object:
        seen.append(filecontent)
        return real(filecontent, **options)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    return seen


@pytest.mark.parametrize("tag", ["a", "b", "span"])
def test_twenty_thousand_inline_words_reach_trafilatura_as_a_few_text_nodes(tag: str, handed_over: list) -> None:
    article = parse_html(_page(20_000, 20_000, tag))

    (tree,) = handed_over
    assert isinstance(tree, lxml.html.HtmlElement)
    assert len(tree.xpath("//p//text()")) == 2  # one per paragraph, not one per word
    # The same words as the page with a few links, which trafilatura reads unaided.
    assert article.body == parse_html(_page(20_000, 5, tag)).body
    assert article.words > 20_000


def test_nested_runs_count_together(handed_over: list) -> None:
    """100 spans of 100 bold words each: no element has over 1,000 children, but the paragraph would be left
    with 20,000 text nodes side by side once trafilatura strips both."""
    spans = " ".join(f"<span>{' '.join(f'<b>w{j}</b>' for j in range(100))}</span>" for _ in range(100))
    parse_html(f"<html><body><article><p>Intro words for the page.</p><p>{spans}.</p></article></body></html>")

    (tree,) = handed_over
    assert len(tree.xpath("//p//text()")) == 2


@pytest.mark.parametrize(
    "page",
    [REPO / "tests/golden/johannesburg.html", *sorted((REPO / "tests/web").glob("*.html"))],
    ids=lambda p: p.name,
)
def test_pages_under_the_limit_reach_trafilatura_as_they_are(page: Path, handed_over: list) -> None:
    parse_html(page.read_text(encoding="utf-8"))
    assert all(isinstance(content, str) for content in handed_over)
    assert handed_over


def test_a_run_at_the_limit_is_left_alone(handed_over: list) -> None:
    parse_html(_page(inline.MAX_INLINE_RUN, inline.MAX_INLINE_RUN))
    assert isinstance(handed_over[0], str)


_INLINE = st.sampled_from(["a", "b", "span", "em"])
_OTHER = st.sampled_from(["br", "img", "div", "code"])
_TEXT = st.text(alphabet="ab <&é", max_size=4).map(lambda text: text.replace("&", "&amp;").replace("<", "&lt;"))


@st.composite
def _fragment(draw: st.DrawFn, depth: int = 0) -> str:
    parts = [draw(_TEXT)]
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        tag = draw(st.one_of(_INLINE, _OTHER))
        parts.append(f"<{tag}>" if tag in ("br", "img") else f"<{tag}>{draw(_fragment(depth + 1))}</{tag}>")
        parts.append(draw(_TEXT))
    return "".join(parts)


@given(_fragment())
def test_merging_keeps_the_text_and_every_other_element_in_order(fragment: str) -> None:
    block = lxml.html.fragment_fromstring(f"<div>{fragment}</div>")
    text, others = (
        "".join(block.itertext()),
        [e.tag for e in block.iterdescendants() if e.tag not in inline.INLINE_TAGS],
    )

    inline.merge_inline_run(block)

    assert "".join(block.itertext()) == text
    assert [e.tag for e in block.iterdescendants() if e.tag not in inline.INLINE_TAGS] == others
    assert not any(child.tag in inline.INLINE_TAGS for child in block)
