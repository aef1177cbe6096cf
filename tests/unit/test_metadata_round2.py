"""Metadata the first round missed, seen importing a realistic news page and a Markdown file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cyberread.engine.ingest.articles import ArticleError, load_article, parse_html, parse_text
from cyberread.engine.ingest.metadata import Metadata, take_dateline
from cyberread.store.sqlite_search import fts_query

WEB = Path(__file__).resolve().parent.parent / "web"
MARKDOWN = """# Ukraine says it downed 30 drones over Kyiv region overnight

*The Kyiv Independent* · March 14, 2024

KYIV, March 14 (WND) - Ukraine's air defences destroyed 30 of the 32 drones launched overnight, the air force said.

Debris damaged two houses in a village outside the capital.

(Reporting by Olena Harmash; Editing by Tom Balmforth)
"""


def test_a_markdown_byline_is_outlet_and_date_and_the_dateline_and_credit_are_taken_out() -> None:
    article = parse_text(MARKDOWN)
    assert (article.outlet, article.date, article.dateline) == ("The Kyiv Independent", "2024-03-14", "Kyiv")
    assert article.author == "Olena Harmash"
    assert article.body.startswith("Ukraine's air defences")
    assert "*" not in article.body and "Reporting by" not in article.body


def test_a_news_page_keeps_its_author_and_loses_its_repeated_headline() -> None:
    # Without og:title the title comes from <title> (site name cut) and the <h1> is in the text too.
    html = re.sub(r'<meta property="og:title"[^>]*>', "", (WEB / "drones.html").read_text())
    article = parse_html(html)
    assert article.title == "Ukraine says it downed 30 drones over Kyiv region overnight"
    assert article.author == "Olena Harmash" and article.dateline == "Kyiv"
    assert not article.body.startswith(article.title)
    assert "Editing by" not in article.body


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe", "Jane Doe, John Roe"),
        ("by Ana de la Cruz", "Ana de la Cruz"),
    ],
)
def test_bylines_become_the_author(byline: str, author: str) -> None:
    article = parse_text(
        f"A headline for the story\n\n{byline}\n\nThe minister said on Monday the talks would go on.\n"
    )
    assert article.author == author and byline not in article.body


def test_a_sentence_starting_with_by_stays() -> None:
    text = "A headline for the story\n\nBy the end of the day, the minister said, the talks would go on.\n"
    assert parse_text(text).author is None


def test_a_text_file_named_pdf_is_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_text("A headline\n\nSome text that is plainly text.\n")
    with pytest.raises(ArticleError, match=r"not an article file \(\.pdf\)"):
        load_article(path)


def test_search_fields_are_column_filters() -> None:
    assert fts_query("outlet:xinhua") == 'outlet : "xinhua"*'
    assert fts_query('date:2024-04 author:"jane doe" drones') == (
        'date : "2024"* date : "04"* author : "jane"* author : "doe"* "drones"*'
    )
    assert fts_query("title:") == '"title"*'


@pytest.mark.parametrize(
    ("opening", "place", "credit"),
    [
        ("BOGOTÁ, May 21 — Colombia's defence minister said", "Bogotá", None),
        ("GALAȚI, Romania, Sept 15 — At least six people", "Galați", None),
        ("Cairo, 4 March (MENA) – Egyptian President Abdel Fattah al-Sisi", "Cairo", "MENA"),
    ],
)
def test_a_dateline_of_any_script_or_an_agencys_title_case_is_taken_out(
    opening: str, place: str, credit: str | None
) -> None:
    # A place with a letter beyond ASCII, or in title case before a date and a dash, stayed in the text:
    # a left-out passage of its own, and a match opening with a stray dash.
    found = Metadata()
    rest = take_dateline(opening, found)
    assert rest[:1].isupper() and opening.endswith(rest)
    assert (found.dateline, found.outlet) == (place, credit)


@pytest.mark.parametrize("sentence", ["Smith, 45, said on Monday that the talks would go on.", "Paris said - no"])
def test_a_sentence_opening_with_a_name_keeps_it(sentence: str) -> None:
    found = Metadata()
    assert take_dateline(sentence, found) == sentence and found.dateline is None
