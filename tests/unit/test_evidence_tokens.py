"""The same-event check reads the words `prepare` kept (compound splits and all) and finds the same
anchors as tokenizing the whole text again, which it did before."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.engine.align.evidence import anchors, value_pins_event
from cyberread.engine.align.matching import prepare
from cyberread.engine.align.names import NOT_NAMES
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.articles import load_article
from cyberread.engine.text.wordlists import FUNCTION_WORDS
from cyberread.engine.text.words import Token, compound_splits, term_list, tokenize
from tests.conftest import seed_path


def test_anchors_from_the_pieces_words_equal_a_fresh_tokenize() -> None:
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    for side in prepare(a.body, b.body, MatchSettings()):
        assert side.piece_tokens is not None
        tokens = [t for piece in side.piece_tokens for t in piece]
        found = anchors(side.text, tokens)
        assert found, "the seed names people and places"
        assert found == anchors(side.text)


def _plain_anchors(text: str, tokens: list[Token]) -> set[str]:
    """anchors() as it was for names: every word's spelling and place asked, the place by a pattern,
    the terms found again without compound splits. (Values are read as they were.)"""
    sentence_start = re.compile(r"(?:^|[.!?:\"“‘(\[])\s*$")
    words = [t for t in tokens if t.terms]
    values = {t.terms[0] for t in words if t.terms[0].startswith("#") and value_pins_event(t.terms[0])}
    names: set[str] = set()
    for token in (t for t in words if not t.terms[0].startswith("#")):
        surface = token.surface
        if len(surface) < 2 or not surface[0].isupper() or surface.casefold() in FUNCTION_WORDS | NOT_NAMES:
            continue
        if not sentence_start.search(text[max(0, token.start - 3) : token.start]):
            names.update(term_list(surface, {}))
    return values | names


_WORDS = ["Wang", "Yi", "met", "The", "MAY", "Monday", "14", "March", "1,500", "$5", "US", "A", "ok", "Lula's"]
_WORDS += ["Cybersecurity", "cyber", "security", "Cyber"]
_GAPS = [" ", "  ", ". ", '."', ': "', " (", "\n", "\u00a0", ", ", "? ", "“", "'", "\t "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=25))
def test_anchors_are_those_every_word_asked_for_finds(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in parts)
    splits = compound_splits({w.casefold() for w in _WORDS})
    assert anchors(text) == _plain_anchors(text, tokenize(text))
    # Tokens with compound splits, as prepare() keeps them: a name's terms are its own, unsplit.
    split_tokens = tokenize(text, splits=splits)
    assert anchors(text, split_tokens) == _plain_anchors(text, split_tokens)
