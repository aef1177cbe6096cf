"""The same-event check reads the words `prepare` kept (compound splits and all) and finds the same
anchors as tokenizing the whole text again, which it did before."""

from __future__ import annotations

from cyberread.engine.align.evidence import anchors
from cyberread.engine.align.matching import prepare
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.articles import load_article
from tests.conftest import seed_path


def test_anchors_from_the_pieces_words_equal_a_fresh_tokenize() -> None:
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    for side in prepare(a.body, b.body, MatchSettings()):
        assert side.piece_tokens is not None
        tokens = [t for piece in side.piece_tokens for t in piece]
        found = anchors(side.text, tokens)
        assert found, "the seed names people and places"
        assert found == anchors(side.text)
