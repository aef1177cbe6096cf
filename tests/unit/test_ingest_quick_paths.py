"""The quick paths of cleaning give what the plain code they replace gave: normalising, splitting lines,
counting words and scripts, removing furniture, on text made of what real pages hold (curly quotes,
no-break and other spaces, accents, other scripts, controls, line separators) and on the generated
library. The plain versions are kept here, as the reference."""

from __future__ import annotations

import re
import tomllib
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.engine.ingest import clean, scripts
from cyberread.engine.ingest.articles import (
    ArticleError,
    article_id,
    count_words,
    lead_sentence,
    lead_title,
    parse_text,
)
from cyberread.engine.ingest.front_matter import _front_matter_table
from cyberread.engine.ingest.metadata import title_from_lead
from cyberread.engine.text.safe import invisible_ranges
from tests.conftest import SEEDS

import make_library  # bench/, on the path from conftest  # isort: skip

_LINE_BREAKS = {ord(char): "\n" for char in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
_INVISIBLE = re.compile(f"[{invisible_ranges()}\\ufffd]")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def reference_normalise(text: str) -> str:
    if "\x1b" in text or "\x9b" in text:
        text = clean._TERMINAL_ESCAPE.sub("", text)
    return _INVISIBLE.sub("", text.replace("\r\n", "\n").translate(_LINE_BREAKS))


def reference_split_lines(text: str) -> list[str]:
    return [line for raw in text.split("\n") if (line := clean._SPACES.sub(" ", raw).strip())]


def reference_script_counts(line: str) -> Counter[str]:
    counts = Counter(s for s in map(scripts._char_script, line) if s)
    return counts


def reference_remove_furniture(lines: list[str]) -> list[str]:
    """remove_furniture as it was: every line's script checked, every key folded with split()."""
    script = scripts._dominant(reference_script_counts("\n".join(lines)))
    kept: list[str] = []
    seen: set[str] = set()
    in_link_block = False
    for line in lines:
        if clean._COMMENT_HEADING.match(line):
            if any(clean.is_prose(k) for k in kept):
                break
            continue
        if clean._LINK_BLOCK_HEADING.match(line):
            in_link_block = True
            continue
        if in_link_block:
            if not clean.is_prose(line) or line.rstrip().endswith("|"):
                continue
            in_link_block = False
        if clean.is_furniture_line(line):
            continue
        if script and scripts.line_script(line) not in (script, None):
            continue
        key = " ".join(line.casefold().split())
        if key in seen:
            continue
        seen.add(key)
        kept.append(line)
    return kept


CHARACTERS = [
    *"ab Zé?.,'_-1\n\t",
    *"\u0301²٣½€",  # a combining accent (no letter), digits and numbers of other kinds (letters)
    *"’“”—–…\u00a0\u2009\u3000\u202f",
    *"ßŁłΣσЖж中文",
    "\r",
    "\r\n",
    "\x0b",
    "\x1c",
    "\x1f",
    "\x85",
    "\u2028",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "\x1b[2J",
    "\U0001f600",
    "\U000e0041",
    "\U0010fffd",
    "\ud800",
]
texts = st.lists(st.sampled_from(CHARACTERS), max_size=60).map("".join)
QUICK = settings(max_examples=1500, deadline=None)


@QUICK
@given(texts)
def test_normalising_is_what_it_was(text: str) -> None:
    assert clean.normalise_text(text) == reference_normalise(text)


@QUICK
@given(texts)
def test_splitting_lines_is_what_it_was(text: str) -> None:
    assert clean.split_lines(text) == reference_split_lines(text)
    normalised = clean.normalise_text(text)
    assert clean.split_lines(normalised) == reference_split_lines(normalised)


def reference_count_words(text: str) -> int:
    """The words of the regex, each character of a script written without spaces one of them."""
    return len(_WORD.findall(_UNSPACED.sub(r" \g<0> ", text)))


@QUICK
@given(texts)
def test_counting_words_and_scripts_is_what_it_was(text: str) -> None:
    assert count_words(text) == reference_count_words(text)
    assert scripts._script_counts(text) == reference_script_counts(text)
    counts = reference_script_counts(text)
    assert scripts.document_script(text) == (scripts._dominant(counts), len(counts) > 1)


@QUICK
@given(texts)
def test_normalised_lines_are_the_split_lines_of_the_normalised_text(text: str) -> None:
    assert clean.normalised_lines(text) == reference_split_lines(reference_normalise(text))


@QUICK
@given(texts, st.lists(st.sampled_from(CHARACTERS), max_size=5))
def test_the_characters_passed_along_are_all_the_lines_hold(text: str, more: list[str]) -> None:
    lines, characters = clean.lines_and_characters(text)
    assert {char for line in lines for char in line if not char.isascii()} <= characters
    # Later steps given those (or more) answer as they answer alone.
    characters = characters | set(more)
    assert clean.remove_furniture_keyed(lines, True, characters) == clean.remove_furniture_keyed(lines)
    body = "\n\n".join(lines)
    assert count_words(body, characters) == count_words(body) == reference_count_words(body)
    counts = reference_script_counts("\n".join(lines))
    assert scripts.document_script("\n".join(lines), characters) == (scripts._dominant(counts), len(counts) > 1)


# Front matter as files state it, and what tomllib alone must read: escapes, tabs, comments, a key twice,
# quoted and dotted keys, dates that are not days, times, digits of other scripts, carriage returns.
front_matter_keys = st.sampled_from(["title", "outlet", "date", "author", "a-b_1", '"title"', "x.y", "Title"])
front_matter_values = st.one_of(
    st.text(alphabet=st.sampled_from([*'ab ’é\\"\t#=\x7f', "\x00", "中"]), max_size=8).map(lambda v: f'"{v}"'),
    st.sampled_from(["2019-07-28", "2019-02-30", "2019-7-28", "２０１９-07-28", "1979-05-27 07:32:00", "true", "'x'"]),
)
front_matter_lines = st.builds(
    lambda key, gap, value, tail: f"{key}{gap}={gap}{value}{tail}",
    front_matter_keys,
    st.sampled_from(["", " ", "\t", "  "]),
    front_matter_values,
    st.sampled_from(["", " ", " # note", "\r"]),
)
front_matter = st.lists(st.one_of(front_matter_lines, st.sampled_from(["", "  ", "# c", "[t]"])), max_size=5)


@QUICK
@given(front_matter)
def test_front_matter_reads_as_tomllib_reads_it(given_lines: list[str]) -> None:
    toml = "\n".join(given_lines)
    try:
        expected: object = tomllib.loads(toml)
    except tomllib.TOMLDecodeError as error:
        expected = error.args
    try:
        found: object = _front_matter_table(toml)
    except tomllib.TOMLDecodeError as error:
        found = error.args
    assert found == expected


lines = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Related articles",
                "Share this article",
                "Comments",
                "Advertisement",
                "中文新闻标题在这里",
                "Москва сегодня",
            ]
        ),
        texts.map(lambda text: " ".join(text.split())),
    ),
    max_size=12,
)


@QUICK
@given(lines)
def test_removing_furniture_is_what_it_was(given_lines: list[str]) -> None:
    assert clean.remove_furniture(given_lines) == reference_remove_furniture(given_lines)
    # Lines already folded (all of these are) keep the keys they would get folded again.
    assert clean.remove_furniture_keyed(given_lines, folded=True) == clean.remove_furniture_keyed(given_lines)


def test_case_folding_makes_no_character_a_blank() -> None:
    # What lets remove_furniture_keyed take a folded line's key as the line case-folded.
    blanks = {chr(point) for point in range(0x110000) if chr(point).isspace()}
    assert not [char for char in map(chr, range(0x110000)) if char not in blanks and blanks & set(char.casefold())]
    assert blanks - {" ", "\n"} == clean._BLANKS


def test_the_generated_library_cleans_as_it_did() -> None:
    for article in make_library.iter_articles(200):
        text = article.text()
        assert clean.normalise_text(text) == reference_normalise(text)
        split = clean.split_lines(clean.normalise_text(text))
        assert split == reference_split_lines(reference_normalise(text))
        assert clean.remove_furniture(split) == reference_remove_furniture(split)
        assert count_words(article.body) == len(_WORD.findall(article.body))


def test_ids_made_from_the_line_keys_are_the_ids_of_the_body() -> None:
    # parse_text builds the id from the keys remove_furniture made; article_id reads the body again.
    for article in make_library.iter_articles(200):
        parsed = parse_text(article.text())
        assert parsed.id == article_id(parsed.title, parsed.body)
    for seed in sorted(SEEDS.glob("*.txt")):
        parsed = parse_text(seed.read_text(encoding="utf-8"))
        assert parsed.id == article_id(parsed.title, parsed.body)


@QUICK
@given(
    st.lists(
        st.one_of(texts, st.sampled_from(["BEIJING, May 4 -- Talks ended.", "Headline Here", "# Title"])), max_size=8
    )
)
def test_ids_are_those_of_the_body_on_any_text(pieces: list[str]) -> None:
    try:
        parsed = parse_text("\n".join(pieces))
    except ArticleError:
        return
    assert parsed.id == article_id(parsed.title, parsed.body)


# A lead line without sentence ends up to about where a title is cut, then anything: blank space, what
# a title drops, the ends Punkt breaks at, an abbreviation, a new line or paragraph.
_LEAD_START = st.text(st.sampled_from('Abc dé9 \t\u00a0…:;,’"-'), min_size=95, max_size=106)
_LEAD_REST = st.text(st.sampled_from("ab c.?!…:;,\n \u00a0\"'’)Mr. U.S."), max_size=60)


@settings(max_examples=1000)
@given(_LEAD_START, _LEAD_REST)
def test_a_title_from_the_lead_is_the_one_punkt_gives(start: str, rest: str) -> None:
    body = start + rest
    assert lead_title(body) == title_from_lead(lead_sentence(body))
