"""The cheap check that lets clean text skip ftfy: what it calls clean, ftfy would leave as it is (a property
test over text made of the very characters mojibake is made of); real mojibake, found in the wild or made
from generated articles in every code page ftfy reads, is all caught and repaired; real typography is
not sent to ftfy; and an imported article damaged by mojibake reads as its clean original."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

import ftfy
import ftfy.bad_codecs
import pytest
from ftfy.chardata import CHARMAP_ENCODINGS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberread.engine.ingest import mojibake
from cyberread.engine.ingest.articles import parse_text
from cyberread.engine.ingest.decode import decode_bytes
from cyberread.engine.ingest.mojibake import MOJIBAKE_CODE_PAGES, looks_broken

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import make_library

# ftfy's names for the code pages (its "sloppy" ones read unassigned bytes as Latin-1).
FTFY_NAMES = {
    "latin-1": "latin-1",
    "cp1252": "sloppy-windows-1252",
    "cp1251": "sloppy-windows-1251",
    "cp1250": "sloppy-windows-1250",
    "cp1253": "sloppy-windows-1253",
    "cp1254": "sloppy-windows-1254",
    "cp1257": "sloppy-windows-1257",
    "iso8859_2": "iso-8859-2",
    "mac_roman": "macroman",
    "cp437": "cp437",
}


def ftfy_repair(text: str) -> str:
    return ftfy.fix_text(text, mojibake._ftfy_config())


def misread(text: str, page: str) -> str:
    """`text`'s UTF-8 read in `page` as ftfy reads it."""
    return text.encode("utf-8").decode(FTFY_NAMES[page])


def test_the_code_pages_are_the_ones_ftfy_repairs_and_read_as_it_reads_them() -> None:
    assert [FTFY_NAMES[page] for page in MOJIBAKE_CODE_PAGES] == CHARMAP_ENCODINGS
    for page in MOJIBAKE_CODE_PAGES:
        assert mojibake._page_characters(range(0x80, 0x100), page) == bytes(range(0x80, 0x100)).decode(FTFY_NAMES[page])


# Every character a code page gives a byte, and the ones mojibake leaves behind, with the text around them.
CODE_PAGE_CHARACTERS = sorted({char for page in CHARMAP_ENCODINGS for char in bytes(range(0x80, 0x100)).decode(page)})
TEXT_CHARACTERS = [
    *"aeiouAEIOU st?.,-'\"\n",
    *"’‘“”–—…\u00a0éüöñçłşřžÉÖÜ€£°«»",
    "\ufffd",
    "\x1a",
    "\r",
    "\u2028",
    "\u0301",  # a combining accent: text not in NFC
    "\x85",
]


def damaged(mojibake: str, damage: str) -> str:
    """Mojibake as it is often found: unassigned bytes lost (to `�` or `?`), no-break spaces made spaces."""
    if damage == "space":
        return mojibake.replace("\u00a0", " ")
    if damage:
        lost = "\ufffd" if damage == "lost" else "?"
        return "".join(lost if 0x80 <= ord(char) < 0xA0 else char for char in mojibake[:-1]) + lost
    return mojibake


# Mojibake itself: a few characters' UTF-8 read in one of the code pages, some of it damaged again.
# (à, †, 㠀 and 𠀀 have a byte 0xA0 in their UTF-8, which a no-break space became in the misreading.)
misread_pieces = st.builds(
    lambda chars, page, damage: damaged("".join(chars).encode("utf-8").decode(page), damage),
    st.lists(
        st.sampled_from([*TEXT_CHARACTERS, "😀", "Київ", "à", "†", "\u3800", "\U00020000"]), min_size=1, max_size=4
    ),
    st.sampled_from(CHARMAP_ENCODINGS),
    st.sampled_from(["", "lost", "?", "space"]),
)
pieces = st.one_of(
    st.text(alphabet=st.sampled_from(CODE_PAGE_CHARACTERS + TEXT_CHARACTERS), max_size=6),
    st.text(alphabet=st.sampled_from(TEXT_CHARACTERS), max_size=12),
    misread_pieces,
)
texts = st.lists(pieces, max_size=8).map("".join)
# One piece of mojibake in plain words, where ftfy's repair of the whole line can succeed.
plain = st.text(alphabet=st.sampled_from([*"abxy ’“”.é—"]), max_size=4)
misread_in_words = st.builds(lambda before, piece, after: before + piece + after, plain, misread_pieces, plain)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(misread_in_words)
def test_what_the_check_calls_clean_ftfy_leaves_as_it_is_mojibake_in_words(text: str) -> None:
    assert looks_broken(text) or ftfy_repair(text) == mojibake.repair(text)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_what_the_check_calls_clean_ftfy_leaves_as_it_is(text: str) -> None:
    assert looks_broken(text) or ftfy_repair(text) == mojibake.repair(text)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(texts, misread_in_words))
def test_the_pattern_tried_where_it_can_start_finds_what_a_search_finds(text: str) -> None:
    assert mojibake._holds_mojibake(text) == bool(mojibake._mojibake_pattern().search(text))


def test_the_pattern_can_start_only_at_the_characters_its_quick_path_looks_for() -> None:
    keys = mojibake._mojibake_keys()
    assert {char for char in keys if char.isascii()} == set(mojibake._ASCII_KEYS)
    leading = mojibake._mojibake_pattern().pattern.split("(?:", 1)[0]
    assert set(re.findall(r"\\?.", leading[1:-1])) <= {*keys, *(f"\\{char}" for char in keys)}
    assert all(re.fullmatch(leading, char) for char in keys)


REAL_MOJIBAKE = {
    "Itâ€™s": "It’s",
    "â€œHello,â€\x9d she said": "“Hello,” she said",
    "cafÃ©": "café",
    "MÃ¼ller": "Müller",
    "SÃ£o Paulo": "São Paulo",
    "voilÃ  tout": "voilà tout",  # the no-break space of à saved as a space
    "a â€” b": "a — b",
    "2010â€“11": "2010–11",
    "waitâ€¦": "wait…",
    "Â£100": "£100",
    "20Â°C": "20°C",
    "Ã¢â‚¬â„¢": "’",  # twice misread
    "Ð¡Ð¾Ð±Ð°ÐºÐ°": "Собака",
    "ÐšÐ¸Ñ—Ð²": "Київ",
    "Ã…ngstrÃ¶m": "Ångström",
    "Å\x81Ã³dÅº": "Łódź",
    "Ä°stanbul": "İstanbul",
    "caf√©": "café",  # Mac Roman
    "caf├⌐": "café",  # the DOS code page
    "Ξ‘ΞΈΞ®Ξ½Ξ±": "Αθήνα",
    "â€œQuoteâ€\ufffd": "“Quote\ufffd",  # a byte lost: the quote cannot come back
    "the â€? thing": "the \ufffd thing",
    "the â€ x": "the †x",  # ftfy reads a lost byte of ” as a no-break space: wrong, but not ours to change
    "ZoÃ« said": "Zoë said",
    "ðŸ˜€": "😀",
}


@pytest.mark.parametrize(("broken", "meant"), REAL_MOJIBAKE.items())
def test_mojibake_found_in_the_wild_is_caught_and_repaired(broken: str, meant: str) -> None:
    assert looks_broken(broken)
    assert mojibake.repair(broken) == meant == ftfy_repair(broken)


def test_a_thousand_misread_paragraphs_are_all_caught() -> None:
    # Paragraphs of generated articles set as web pages set them, misread in every code page ftfy
    # reads: wherever ftfy would repair one, the check sends it there.
    vocabulary = make_library._Vocabulary(random.Random(make_library.SEED))
    paragraphs = [
        paragraph
        for index in range(60)
        for paragraph in make_library.make_article(index, vocabulary, damaged=False).body.split("\n\n")
        if not paragraph.isascii()
    ]
    rng = random.Random(5)
    samples = [misread(rng.choice(paragraphs), rng.choice(MOJIBAKE_CODE_PAGES)) for _ in range(1000)]
    repaired = [sample for sample in samples if ftfy_repair(sample) != sample]
    assert len(repaired) > 900
    assert all(looks_broken(sample) for sample in repaired)
    # Windows-1252 and Latin-1, the misreadings of the web, come back exactly as they were written.
    for paragraph in paragraphs[:200]:
        for page in ("cp1252", "latin-1"):
            assert mojibake.repair(misread(paragraph, page)) == paragraph


def test_real_typography_skips_ftfy_and_reads_as_ftfy_would_read_it() -> None:
    articles = [article for article in make_library.iter_articles(300) if article.damage is None]
    texts = [article.text() for article in articles]
    clean = [text for text in texts if not looks_broken(text)]
    assert all(not text.isascii() for text in texts)
    assert len(clean) >= 0.97 * len(texts)
    assert all(mojibake.repair(text) == ftfy_repair(text) for text in texts)


def test_line_breaks_are_made_one_kind_on_the_quick_path_too() -> None:
    text = "“One”\r\ntwo\rthree\u2028four\u2029five — six"
    assert not looks_broken(text)
    assert mojibake.repair(text) == "“One”\ntwo\nthree\nfour\nfive — six" == ftfy_repair(text)


# Characters NFC changes, joins or reorders, around characters it never touches: combining marks, a
# singleton (Ohm), an exclusion (Devanagari qa), Hangul syllables and jamo, Indic vowel signs and their
# consonants, precomposed letters and what they decompose to.
NFC_PARTS = [*"aeé\u0301\u0327\u0323Å\u2126\u0958ê\u1100\u1161\u11a8가\u0b47\u0b3e\u0b15\u0bc6\u0bbe’— ", "e\u0301"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(NFC_PARTS), max_size=12).map("".join))
def test_nfc_told_from_the_characters_is_what_unicodedata_says(text: str) -> None:
    assert mojibake._in_nfc(text, mojibake._beyond_ascii(text, None)) == unicodedata.is_normalized("NFC", text)


def test_the_starters_nfc_joins_to_the_character_before_are_those_the_unicode_data_gives() -> None:
    seconds = set()
    for point in range(0x110000):
        parts = unicodedata.decomposition(chr(point)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    assert {char for char in seconds if unicodedata.combining(char) == 0} == mojibake._COMPOSED_AFTER_A_STARTER


def test_text_not_in_nfc_goes_to_ftfy_which_composes_it() -> None:
    assert looks_broken("Cafe\u0301")
    assert mojibake.repair("Cafe\u0301 — “ok”") == "Café — “ok”"


@pytest.mark.parametrize("kind", ["windows-1252", "latin-1"])
def test_an_article_with_a_misread_paragraph_imports_as_its_clean_original(kind: str) -> None:
    vocabulary = make_library._Vocabulary(random.Random(make_library.SEED))
    original = make_library.make_article(3, vocabulary, damaged=False)
    paragraphs = original.body.split("\n\n")
    paragraphs[1] = make_library.mojibake(paragraphs[1], kind)
    damaged = make_library.GeneratedArticle(
        original.index,
        make_library.mojibake(original.title, kind),
        original.outlet,
        original.date,
        "\n\n".join(paragraphs),
        original.family,
    )
    assert damaged.body != original.body and not damaged.title.isascii()
    assert parse_text(decode_bytes(damaged.text().encode("utf-8"))) == parse_text(
        decode_bytes(original.text().encode("utf-8"))
    )


def test_the_generated_library_has_damaged_articles_that_read_back_clean() -> None:
    articles = {article.index: article for article in make_library.iter_articles(1000)}
    vocabulary = make_library._Vocabulary(random.Random(make_library.SEED))
    misread_ones = [
        article for article in articles.values() if article.damage and article.damage.startswith("mojibake")
    ]
    assert misread_ones
    for article in misread_ones:
        clean = make_library.make_article(article.index, vocabulary, damaged=False)
        body = parse_text(decode_bytes(article.text().encode("utf-8"))).body
        expected = parse_text(decode_bytes(clean.text().encode("utf-8"))).body
        # A lost byte stays lost (cleaning drops the replacement character); everything else comes back.
        assert body == expected or "\ufffd" in make_library.mojibake(clean.body, "lossy")
