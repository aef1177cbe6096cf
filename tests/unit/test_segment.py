"""Segmentation: sentences through Punkt with news abbreviations, a long paragraph a window at a time,
list clauses and glued fragments (the tiling properties are in test_engine_properties.py)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import nltk.redos
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cyberread.engine.text import sentences as segment_module
from cyberread.engine.text.sentences import segment, sentences
from cyberread.engine.text.words import (
    _STEMS,
    _stemmer,
    compound_splits,
    count_tokens,
    stem,
    stem_ahead,
    term_list,
    terms_by_surface,
    tokenize,
)
from tests.conftest import SEEDS


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
        '"It works," she said.',
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


_TOKEN_TEXT = st.lists(
    st.sampled_from([*"ab .,'’$%-3", "14", " March ", " million ", " 2023", "Mr.", "four"]), max_size=30
).map("".join)


@given(_TOKEN_TEXT, st.integers(0, 60), st.integers(0, 60))
@example("It cost $3.2 million on 14 March 2023, he said.", 0, 47)
def test_counting_tokens_is_counting_what_tokenize_gives(text: str, start: int, end: int) -> None:
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    assert count_tokens(text, start, end) == len(tokenize(text, start, end))


def test_tokens_without_a_cache_of_their_own_are_the_tokens_with_one() -> None:
    text = "Cybersecurity talks: four ministers' talks on 14 March, the minister’s talks."
    assert tokenize(text) == tokenize(text) == tokenize(text, cache={})
    splits = compound_splits({"cybersecurity", "cyber", "security"})
    assert tokenize(text, splits=splits)[0].terms == (stem("cyber"), stem("security"))
    assert tokenize(text)[0].terms == (stem("cybersecurity"),)  # the remembered terms know no splits


def test_number_words_and_digits_share_a_term() -> None:
    assert stem("four") == stem("4") != stem("fourth")


def test_stems_made_ahead_in_one_batch_are_the_stems_made_one_by_one() -> None:
    words = ["running", "runs", "china’s", "don’t", "don't", "four", "007", "000", "negotiations", "ß", "über", "x"]
    words += ["four’s", "o‘neill", "rock‛n", "٣", "²", "twenty", "nine's", "ſtate", "İstanbul".casefold()]
    one_by_one = {}
    for word in words:
        _STEMS.clear()
        one_by_one[word] = stem(word)
    _STEMS.clear()
    stem_ahead(words)
    assert {word: stem(word) for word in words} == one_by_one
    assert one_by_one["running"] == one_by_one["runs"] == "run"
    assert one_by_one["china’s"] == "china" and one_by_one["don’t"] == one_by_one["don't"]
    assert one_by_one["007"] == "#7" and one_by_one["000"] == "#0"


def test_the_terms_of_many_surfaces_are_each_ones_term_list() -> None:
    surfaces = ["Cybersecurity", "cyber", "security", "China’s", "CHINA'S", "the", "The", "İstanbul", "Straße"]
    surfaces += ["four", "4", "Four’s", "٣", "x", "_", "don’t", "ſtate", "talks", "Talks’", "o‘neill", "Who’s"]
    surfaces += ["Cybersecurity’s"]
    splits = compound_splits({s.casefold() for s in surfaces})
    assert "cybersecurity" in splits
    # The cache answers first, an empty tuple (a function word's) included.
    cache: dict[str, tuple[str, ...]] = {"talks": ("remembered",), "x": ()}
    found = terms_by_surface(surfaces, splits, cache)
    assert found == {s: cache[s] if s in cache else term_list(s, splits) for s in surfaces}
    assert found["talks"] == ("remembered",) and found["x"] == () and found["the"] == ()
    assert found["Cybersecurity"] == (stem("cyber"), stem("security"))


def test_each_thread_stems_with_its_own_stemmer() -> None:
    # A PyStemmer instance keeps its working state between calls: threads must not share one.
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(lambda: (id(_stemmer()), _stemmer().stemWord("negotiations"))) for _ in range(2)]
        in_pool = [future.result() for future in futures]
    mine = _stemmer()
    assert all(stemmer_id != id(mine) for stemmer_id, _ in in_pool)
    assert {word for _, word in in_pool} == {mine.stemWord("negotiations")} == {"negoti"}


# --- Long paragraphs: Punkt sees them a window at a time --------------------------------------------


def _one_line_of_seeds() -> str:
    return " ".join(" ".join(path.read_text(encoding="utf-8").split()) for path in sorted(SEEDS.glob("*.txt")))


def test_windows_cut_a_long_paragraph_where_punkt_alone_cuts_it() -> None:
    text = _one_line_of_seeds()
    assert len(text) > 3 * segment_module.PUNKT_WINDOW
    whole = [start for start, _ in segment_module._sentence_tokenizer().span_tokenize(text)]
    assert [start for start, _ in sentences(text)] == whole


def test_a_long_period_dense_paragraph_never_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # nltk stops any Punkt regex after 5 s of wall clock; at a tenth of that, 120k characters of
    # one-word sentences fed whole ran out of time (a megabyte did so at the real limit).
    monkeypatch.setattr(nltk.redos, "DEFAULT_TIMEOUT", 0.5)
    text = "Word. " * 20_000
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == ["Word."] * 20_000


def test_a_word_longer_than_a_window_stays_inside_its_sentence() -> None:
    word = "Pneumono" + "x" * 2 * segment_module.PUNKT_WINDOW
    text = f"The longest word was {word} said the editors. " * 2 + "Then it ended."
    assert _sentences(text) == [f"The longest word was {word} said the editors."] * 2 + ["Then it ended."]


@pytest.mark.parametrize(
    "text",
    [
        "a. " * 3000,  # single letters are initials: one sentence Punkt never ends
        "Word. " * 2000,
        "Yes!? " * 2000,
        "x" * 9000 + " tail. " + "y" * 9000,
        "a.a." * 3000 + " " + "b. " * 2000,
        " " * 5000 + "Start here. " * 700,
        ("Short one. " * 40 + "long " * 300) * 10,
    ],
    ids=["initials", "words", "marks", "long-words", "dotted-word", "leading-space", "mixed"],
)
def test_punkt_reads_each_character_a_bounded_number_of_times(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The work stays linear: Punkt is handed at most about twice the paragraph, however it is made."""
    fed: list[int] = []
    tokenizer = segment_module._sentence_tokenizer()

    class Counting:
        def span_tokenize(self, window: str):
            fed.append(len(window))
            return tokenizer.span_tokenize(window)

    monkeypatch.setattr(segment_module, "PUNKT_WINDOW", 400)
    monkeypatch.setattr(segment_module, "_sentence_tokenizer", lambda: Counting())
    spans = sentences(text)
    assert max(fed, default=0) <= 400  # a window with no possible end is not handed over
    assert sum(fed) <= 2 * len(text) + 400
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


def test_a_short_part_closing_a_quotation_stays_with_the_words_said() -> None:
    """ "and for the whole country,” is too short to stand alone: glued to the attribution after it, the
    quote's last words were paired with the other account's "When the sitting resumed, he said"."""
    text = (
        '"What happened today is a disgrace for the parliament and for the whole country," he said after'
        " the session resumed."
    )
    assert [text[p.start : p.end] for p in segment(text)] == [
        '"What happened today is a disgrace for the parliament and for the whole country,"',
        "he said after the session resumed.",
    ]
    # A short part that closes no quotation still goes on to the next, as it did.
    plain = "Firstly, the ministers of the region met in the capital on Monday."
    assert [plain[p.start : p.end] for p in segment(plain)] == [plain]
