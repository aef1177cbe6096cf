"""Property tests: arbitrary text through cleaning, metadata and article parsing (and arbitrary bytes
through decoding) fails only with ArticleError and never puts words into a body that were not there."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.engine.ingest.articles import ArticleError, parse_text
from cyberread.engine.ingest.clean import normalise_text, remove_furniture, split_lines
from cyberread.engine.ingest.decode import decode_bytes
from cyberread.engine.ingest.metadata import Metadata, parse_credit, parse_date, take_dateline, title_from_lead

QUICK = settings(max_examples=200, deadline=None)

# Pieces real pages are made of, hostile ones included, so examples reach past the first checks.
FRAGMENTS = [
    "BEIJING, July 24 (Xinhua) -- ",
    "ST. PETERSBURG, April 24 (Xinhua) -- ",
    "Source: Xinhua | Updated: 2011-09-30 11:52",
    "(Global Times)",
    "(UrduPoint News / Sputnik - 25th July, 2023)",
    "date 2023-07-25 BEIJING ",
    "Published on July 25, 2023",
    "Home > News > World",
    "Share on Facebook | Twitter | Email",
    "Comments (3)",
    "Related articles:",
    "© 2024 All rights reserved.",
    "# A markdown heading",
    '+++\ntitle = "x"\n+++\n',
    "[bold red]alarm[/]",
    "[link=https://phish.example]x[/link]",
    "[@click=app.quit]",
    "\x1b[2J",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;https://evil.example/\x1b\\",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "\x00\x07\x85\x9b",
    "Officials said on Monday that the talks in Geneva would continue for another week.",
    "The minister’s remarks — “a new era” — were welcomed.",
    "St. Petersburg",
    "\n",
    "\n\n",
]
pages = st.lists(st.one_of(st.text(max_size=80), st.sampled_from(FRAGMENTS)), max_size=25).map("".join)


def fold(text: str) -> str:
    return " ".join(text.split())


def is_plain(text: str) -> bool:
    """No character a terminal acts on or that hides itself; line breaks and tabs are spacing."""
    return all(char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co") for char in text) and (
        "\ufffd" not in text
    )


@QUICK
@given(st.text())
def test_normalising_only_removes_characters_and_marks_line_breaks(text: str) -> None:
    clean = normalise_text(text)
    assert set(clean) <= set(text) | {"\n"}
    assert is_plain(clean)
    assert normalise_text(clean) == clean


@QUICK
@given(pages)
def test_furniture_removal_keeps_a_subsequence_of_the_lines(text: str) -> None:
    lines = split_lines(normalise_text(text))
    kept = remove_furniture(lines)
    position = 0
    for line in kept:
        position = lines.index(line, position) + 1  # raises if a kept line is not among the input's, in order


@QUICK
@given(st.one_of(st.text(), pages))
def test_parse_text_fails_only_with_article_error_and_adds_no_words(text: str) -> None:
    try:
        article = parse_text(text)
    except ArticleError as error:
        assert "\n" not in str(error)
        return
    source = fold(normalise_text(text))
    for paragraph in article.body.split("\n\n"):
        assert paragraph and fold(paragraph) in source
    if not text.lstrip("\ufeff \t\r\n").startswith("+++"):  # front matter may spell its title with escapes
        assert fold(article.title).removesuffix("…") in source
        assert article.dateline is None or article.dateline.casefold() in source.casefold()
    for field in (article.title, article.outlet, article.dateline):
        assert field is None or (field.strip() and is_plain(field) and not set(field) & set("\n\t"))
    assert is_plain(article.body)
    assert article.date is None or dt.date.fromisoformat(article.date)


@QUICK
@given(st.binary(max_size=3000))
def test_decoding_arbitrary_bytes_fails_only_with_article_error(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except ArticleError as error:
        assert "\n" not in str(error)
    else:
        assert text.strip()


words = st.lists(
    st.sampled_from(
        ["café", "Zürich", "naïve", "it’s", "“quoted”", "façade", "São", "—", "the", "minister", "said", "talks"]
    ),
    min_size=1,
    max_size=30,
).map(" ".join)


@QUICK
@given(words, st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_western_text_decodes_exactly_from_any_common_encoding(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


@QUICK
@given(words)
def test_utf8_read_as_windows_1252_is_repaired(text: str) -> None:
    mojibake = "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in text.encode("utf-8"))
    assert decode_bytes(mojibake.encode("utf-8")) == text


@QUICK
@given(st.text(max_size=300))
def test_dates_found_are_real_dates(text: str) -> None:
    date = parse_date(text)
    assert date is None or dt.date.fromisoformat(date).isoformat() == date


@QUICK
@given(st.text(max_size=200))
def test_credits_and_datelines_never_raise_and_only_cut_a_prefix(text: str) -> None:
    outlet, date = parse_credit(text)
    assert outlet is None or outlet.strip()
    found = Metadata()
    rest = take_dateline(text, found)
    assert text.endswith(rest)


@QUICK
@given(st.text(min_size=1, max_size=400))
def test_titles_from_the_lead_are_short_prefixes(sentence: str) -> None:
    title = title_from_lead(sentence)
    assert len(title) <= 101
    assert sentence.strip().startswith(title.removesuffix("…"))
