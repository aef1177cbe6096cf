"""A word list as a trie pattern matches exactly what the longest-first alternation matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.engine.text.patterns import alternation

_WORDS = st.lists(st.text("abcdeé -", min_size=1, max_size=6), min_size=1, max_size=12, unique=True)


@settings(max_examples=400, deadline=None)
@given(_WORDS, st.text("abcdeéABC -.", max_size=60))
def test_the_trie_finds_what_the_longest_first_alternation_finds(words: list[str], text: str) -> None:
    plain = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    for shape in (r"\b(?:{})", r"\b(?:{})\b", r"(?:{})"):
        expected = re.compile(shape.format(plain), re.IGNORECASE)
        ours = re.compile(shape.format(alternation(words)[3:-1]), re.IGNORECASE)
        assert [m.span() for m in ours.finditer(text)] == [m.span() for m in expected.finditer(text)]


def test_number_words_as_a_trie() -> None:
    pattern = re.compile(alternation(["seven", "seventeen", "seventy", "six"]))
    assert pattern.pattern.count("|") == 2  # one branch per fork of the trie, not one per word
    assert [pattern.match(text).group() for text in ("seventeen", "seventy", "sevent", "sixty")] == [
        "seventeen",
        "seventy",
        "seven",
        "six",
    ]
