"""Cleaning and metadata on the five seeds, front matter, and the phrase checks of the reference."""

from __future__ import annotations

import pytest

from cyberread.engine.ingest.articles import ArticleError, load_article, parse_html, parse_text
from tests.conftest import seed_path

EXPECTED = {
    "000": (
        "Senior CPC official attends high-level int'l security meeting in Russia",
        "Xinhua",
        "2024-04-25",
        "St. Petersburg",
    ),
    "001": (
        "Networks should not be a new battlefield for digital iron curtain: senior Chinese diplomat",
        "Global Times",
        None,
        None,
    ),
    "002": ("China urge int'l co-op for network security", "Xinhua", "2011-09-30", "Beijing"),
    "003": ("The International Workshop on Cyber Security has opened in Beijing", None, None, None),
    "004": (
        "Chinese Central Foreign Affairs Office Director Wang Yi proposed on Monday",
        "Sputnik",
        "2023-07-25",
        "Beijing",
    ),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_metadata(seed: str) -> None:
    title, outlet, date, dateline = EXPECTED[seed]
    article = load_article(seed_path(seed))
    assert article.title.startswith(title)
    assert len(article.title) <= 101
    if outlet is None:
        assert article.outlet is None
    else:
        assert article.outlet is not None and article.outlet.startswith(outlet)
    assert article.date == date
    assert article.dateline == dateline


def test_sputnik_outlet_names_the_aggregator_too() -> None:
    assert load_article(seed_path("004")).outlet == "Sputnik via UrduPoint News"


@pytest.mark.parametrize(
    ("seed", "furniture"),
    [
        ("000", "中"),
        ("000", "News > Latest News"),
        ("000", "Share:"),
        ("000", "Source: Xinhua"),
        ("000", "8013945"),
        ("000", "(Xinhua) --"),
        ("001", "(Global Times)"),
        ("001", "Comments"),
        ("001", "No comments yet"),
        ("001", "Leave a Reply"),
        ("001", "Required fields"),
        ("002", "Updated:"),
        ("002", "||"),
        ("002", "Hot Topics"),
        ("002", "Editor's Picks"),
        ("002", "Mooncake tax"),
        ("002", "Kodak"),
        ("002", "(Xinhua)"),
        ("004", "\ufffd"),
        ("004", "UrduPoint"),
        ("004", "date 2023"),
    ],
)
def test_furniture_is_removed(seed: str, furniture: str) -> None:
    assert furniture not in load_article(seed_path(seed)).body


def test_repeated_title_line_is_removed() -> None:
    article = load_article(seed_path("001"))
    assert article.title not in article.body


@pytest.mark.parametrize(
    ("seed", "sentence"),
    [
        ("000", "Chen Wenqing, a member of the Political Bureau"),
        ("000", "so as to achieve long-term peace and stability in cyberspace."),
        ("002", "A senior Chinese official said Thursday"),
        ("002", "promote the safe and orderly transmission of information, Liu said."),
        ("003", "It is the second time for China and the U.N. to co-host such an event."),
        ("003", "safeguard cyber security."),
        ("004", "Chinese Central Foreign Affairs Office Director Wang Yi proposed on Monday"),
        ("004", "create a Community of united human destiny in cyberspace."),
    ],
)
def test_story_sentences_are_kept(seed: str, sentence: str) -> None:
    assert sentence in load_article(seed_path(seed)).body


def test_every_line_of_the_story_is_kept_in_003() -> None:
    raw = seed_path("003").read_text(encoding="utf-8")
    body = load_article(seed_path("003")).body
    for line in raw.splitlines():
        assert line.strip() in body


def test_reference_phrases_survive_and_furniture_does_not(johannesburg: dict) -> None:
    a = load_article(seed_path("001")).body
    b = load_article(seed_path("004")).body
    for pair in johannesburg["match"]:
        assert pair["a"] in a
        assert pair["b"] in b
    for item in johannesburg["a_only"]:
        assert item["text"] in a
    for item in johannesburg["b_only"]:
        assert item["text"] in b
    for item in johannesburg["boilerplate"]:
        assert item["text"] not in a and item["text"] not in b


def test_body_is_paragraphs_joined_by_blank_lines() -> None:
    article = load_article(seed_path("002"))
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 10
    assert all(p.strip() == p and p for p in paragraphs)


def test_id_is_stable_and_follows_content(tmp_path) -> None:
    first = load_article(seed_path("001"))
    copy = tmp_path / "copy.txt"
    copy.write_text("Share:\n\n" + seed_path("001").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_article(copy).id == first.id
    edited = tmp_path / "edited.txt"
    edited.write_text(seed_path("001").read_text(encoding="utf-8").replace("Monday", "Tuesday"), encoding="utf-8")
    assert load_article(edited).id != first.id


def test_front_matter_overrides_detection() -> None:
    text = '+++\ntitle = "Fixed title"\noutlet = "Reuters"\ndate = 2023-07-24\ndateline = "Johannesburg"\n+++\n'
    text += seed_path("004").read_text(encoding="utf-8")
    article = parse_text(text)
    assert (article.title, article.outlet, article.date, article.dateline) == (
        "Fixed title",
        "Reuters",
        "2023-07-24",
        "Johannesburg",
    )
    assert article.body == load_article(seed_path("004")).body


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ('title = "unterminated\n', "not valid TOML"),
        # The line is the file's (the title on its second), not the block's.
        ("title = bad value\n", r"not valid TOML: .*\(at line 2, column 9\)"),
        ('date = "yesterday"\n', "date must be a date"),
        ('colour = "red"\n', "unknown key 'colour'"),
    ],
)
def test_bad_front_matter_is_a_clear_error(front: str, reason: str) -> None:
    with pytest.raises(ArticleError, match=reason):
        parse_text(f"+++\n{front}+++\nA story that has a sentence or two in it, and ends.\n")


def test_markup_in_text_is_kept_as_text() -> None:
    article = parse_text(
        "Odd [bold]title[/] here\n\nThe [link=http://x]story[/link] has [@click=app.quit]words[/] in it.\n"
    )
    assert article.title == "Odd [bold]title[/] here"
    assert "[@click=app.quit]words[/]" in article.body


def test_html_goes_through_an_extractor() -> None:
    html = """<html><head><title>Talks resume in Geneva</title></head><body>
    <nav><a href="/">Home</a> &gt; <a href="/world">World</a></nav>
    <article><h1>Talks resume in Geneva</h1>
    <p>Delegates from both countries met again on Tuesday to discuss the draft agreement on trade.</p>
    <p>Officials said more work was needed on the text before it could be signed by the ministers.</p>
    </article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""
    from cyberread.engine.ingest.articles import parse_html

    article = parse_html(html)
    assert article.title == "Talks resume in Geneva"
    assert article.body.startswith("Delegates from both countries met again")
    assert "Home" not in article.body and "Copyright" not in article.body


@pytest.mark.parametrize("stated", ["iNews daily", "globaltimes.cn", "xinhua", "CGTN"])
def test_an_outlet_is_named_as_its_page_writes_it(stated: str) -> None:
    # trafilatura capitalises each word of the site's name: "iNews daily" became "Inews Daily".
    paragraph = "<p>" + "The ministers met in Geneva on Tuesday and agreed a framework for the talks. " * 4 + "</p>"
    page = (
        f'<html><head><title>Talks in Geneva</title><meta property="og:site_name" content="{stated}"></head>'
        f"<body><article><h1>Talks in Geneva</h1>{paragraph * 3}</article></body></html>"
    )
    assert parse_html(page).outlet == stated
