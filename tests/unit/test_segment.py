"""Segmentation: sentences through Punkt with news abbreviations, list clauses, tiled pieces."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.engine.normalize import compound_splits, stem, tokenize
from cyberread.engine.segment import segment, sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text)]


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Mr. Kim met officials in St. Petersburg on Monday. The U.N. Under-Secretary-General spoke "
        "next. ST. PETERSBURG, April 24 (Xinhua) -- Chen attended."
    )
    assert _sentences(text) == [
        "Mr. Kim met officials in St. Petersburg on Monday.",
        "The U.N. Under-Secretary-General spoke next.",
        "ST. PETERSBURG, April 24 (Xinhua) -- Chen attended.",
    ]


def test_sentence_ending_inside_closing_quotes_keeps_the_quote() -> None:
    text = "“Cyber security is built and shared by all.” He left. \"It works,\" she said. 'Yes.' Done."
    assert _sentences(text) == [
        "“Cyber security is built and shared by all.”",
        "He left.",
        "\"It works,\" she said.",
        "'Yes.'",
        "Done.",
    ]


def test_lines_are_hard_sentence_breaks() -> None:
    assert _sentences("Hot Topics\nLibya conflict, Gaddafi") == ["Hot Topics", "Libya conflict, Gaddafi"]


def test_list_clauses_split_at_semicolons_and_including() -> None:
    text = (
        "He put forward four suggestions for maintaining network security, including the practicing of "
        "true multilateralism; opposing any form of technological hegemony to build an open cyberspace; "
        "ensuring openness and stability of global supply chains."
    )
    pieces = segment(text)
    clauses: dict[int, list[str]] = {}
    for piece in pieces:
        clauses.setdefault(piece.clause, []).append(text[piece.start : piece.end])
    firsts = [" ".join(parts) for parts in clauses.values()]
    assert firsts[0] == "He put forward four suggestions for maintaining network security,"
    assert firsts[1].startswith("including the practicing")
    assert firsts[2].startswith("opposing any form")
    assert firsts[3].startswith("ensuring openness")
    assert len({p.sentence for p in pieces}) == 1


def test_short_fragments_are_glued_to_a_neighbour() -> None:
    text = "Firstly, fair and reasonable cyberspace must be created, he said."
    assert [text[p.start : p.end] for p in segment(text)] == [text]


def test_compounds_split_only_into_words_the_texts_use() -> None:
    splits = compound_splits({"cybersecurity", "cyber", "security", "cyberspace", "together", "her"})
    assert splits["cybersecurity"] == ("cyber", "security")
    assert "cyberspace" not in splits and "together" not in splits
    terms = [t.terms for t in tokenize("Cybersecurity of the network", splits=splits)]
    assert terms == [(stem("cyber"), stem("security")), (), (), (stem("network"),)]


def test_number_words_and_digits_share_a_term() -> None:
    assert stem("four") == stem("4") != stem("fourth")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("ab .,;:\n\"“”'’()-—_") + ["Mr. ", "U.N. ", " including ", " and ", "word", "St. "]),
        max_size=80,
    ).map("".join)
    | st.text(max_size=200)
)
def test_pieces_tile_the_text_in_order(text: str) -> None:
    pieces = segment(text)
    position = 0
    for piece in pieces:
        assert text[position : piece.start].strip() == ""  # only whitespace between pieces
        assert piece.start < piece.end
        assert text[piece.start : piece.end] == text[piece.start : piece.end].strip()
        position = piece.end
    assert text[position:].strip() == ""
    assert [p.clause for p in pieces] == sorted(p.clause for p in pieces)
