"""Matching accounts of one event: the reference pair, the sanity properties, the differences."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberread.engine.align.compare import Comparison, MatchSettings, compare_articles, compare_texts
from cyberread.engine.ingest.articles import load_article
from evaluation import default_eval_dir, score_reference

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
GLOBAL_TIMES, SPUTNIK = "001_1868b0e8e5cae7fd.txt", "004_defd70b08e64a075.txt"
ALL_SEEDS = sorted(p.name for p in SEEDS.glob("*.txt"))


def _body(name: str) -> str:
    return load_article(SEEDS / name).body


@pytest.fixture(scope="module")
def johannesburg() -> tuple[str, str, Comparison]:
    a, b = _body(GLOBAL_TIMES), _body(SPUTNIK)
    return a, b, compare_texts(a, b)


def _match_joining(comparison: Comparison, phrase_a: str, phrase_b: str):
    for m in comparison.matches:
        if phrase_a in " ".join(s.text for s in m.a) and phrase_b in " ".join(s.text for s in m.b):
            return m
    return None


def test_reference_alignment_floor() -> None:
    reference = default_eval_dir(REPO) / "johannesburg.toml"
    if not reference.exists():
        pytest.skip(f"no reference file at {reference}")
    score = score_reference(reference, SEEDS)
    assert len(score.matches_found) >= 11, score.matches_missed
    assert score.left_out_missed == []
    assert score.left_out_in_match == []


def test_one_long_sentence_pairs_with_several_partners(johannesburg) -> None:
    _, _, comparison = johannesburg
    # The "four suggestions" sentence of the Global Times is spread over separate Sputnik sentences.
    for phrase_a, phrase_b in [
        ("true multilateralism", "genuine multilateralism"),
        ("technological hegemony and cyber hegemony", "technological and cyberhegemony"),
        ("“color revolutions”", "'color revolutions'"),
        ("production and supply chains", "stability of global supply chains"),
    ]:
        assert _match_joining(comparison, phrase_a, phrase_b), (phrase_a, phrase_b)
    partners = {
        tuple(s.start for s in m.b)
        for m in comparison.matches
        if any("four suggestions" in s.text or "supply chains" in s.text or "“color" in s.text for s in m.a)
    }
    assert len(partners) >= 3


def test_attendee_list_is_not_matched_to_a_quote(johannesburg) -> None:
    a, _, comparison = johannesburg
    start = a.index("is being attended by Minister")
    assert not any(s.start <= start < s.end for m in comparison.matches for s in m.a)
    assert any("Khumbudzo Ntshavheni" in s.text for s in comparison.a_only)


def test_matches_are_consistent_and_spans_slice_the_bodies(johannesburg) -> None:
    a, b, comparison = johannesburg
    for body, side in ((a, "a"), (b, "b")):
        spans = sorted((s for m in comparison.matches for s in getattr(m, side)), key=lambda s: s.start)
        for span in spans:
            assert body[span.start : span.end] == span.text and span.text == span.text.strip()
        for left, right in itertools.pairwise(spans):
            assert left.end <= right.start  # no passage in two matches
        for gap in getattr(comparison, f"{side}_only"):
            assert body[gap.start : gap.end] == gap.text and gap.text.strip() == gap.text
            assert not any(s.start < gap.end and gap.start < s.end for s in spans)
    assert [m.a[0].start for m in comparison.matches] == sorted(m.a[0].start for m in comparison.matches)
    for m in comparison.matches:
        assert 0 < m.score <= 1 and m.kind in {"verbatim", "paraphrase"}


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_an_article_against_itself_is_all_verbatim(name: str) -> None:
    body = _body(name)
    comparison = compare_texts(body, body)
    assert (comparison.similarity, comparison.coverage_a, comparison.coverage_b) == (1.0, 1.0, 1.0)
    assert comparison.a_only == comparison.b_only == ()
    assert all(m.kind == "verbatim" and m.a == m.b for m in comparison.matches)


@pytest.mark.parametrize("first", ALL_SEEDS)
def test_comparing_the_other_way_round_mirrors(first: str) -> None:
    for second in ALL_SEEDS:
        a, b = _body(first), _body(second)
        assert compare_texts(b, a) == compare_texts(a, b).mirrored()


@pytest.mark.parametrize(
    "pair", [("000_afd296c38ccb180e.txt", "003_c9a38e311a6ab597.txt"), ("002_5e6f94ae22b80ef4.txt", SPUTNIK)]
)
def test_different_events_are_not_alike(pair: tuple[str, str], johannesburg) -> None:
    comparison = compare_texts(_body(pair[0]), _body(pair[1]))
    assert comparison.similarity < 0.1
    assert comparison.similarity < johannesburg[2].similarity / 2
    threshold = MatchSettings().verbatim_score
    assert all(m.kind == "paraphrase" and m.score < threshold for m in comparison.matches)


def test_differences_flag_numbers_and_names() -> None:
    a = "Delegates from a record 45 countries met Minister Khumbudzo Ntshavheni in Johannesburg on Monday."
    b = "Delegates from 40 countries met Minister Naledi Pandor in Johannesburg on Monday."
    comparison = compare_texts(a, b)
    assert len(comparison.matches) == 1
    d = comparison.matches[0].differences
    assert d.numbers == (("45", "40"),)
    assert d.names == (("Khumbudzo Ntshavheni", "Naledi Pandor"),)
    assert "record" in d.a_words and "Johannesburg" not in d.a_words + d.b_words


def test_paraphrase_and_verbatim_kinds() -> None:
    text = "China is ready to deepen cooperation with developing countries on cyber security."
    assert compare_texts(text, text + " ").matches[0].kind == "verbatim"
    reworded = "On cybersecurity, China stands ready to deepen its cooperation with the developing world."
    kinds = [m.kind for m in compare_texts(text, reworded).matches]
    assert kinds == ["paraphrase"]


def test_stricter_settings_find_fewer_matches() -> None:
    a, b = _body(GLOBAL_TIMES), _body(SPUTNIK)
    assert compare_texts(a, b, MatchSettings()).matches
    strict = compare_texts(a, b, MatchSettings(min_score=0.99, seed_score=0.99))
    assert strict.matches == () and strict.similarity == 0.0


def test_compare_articles_uses_the_clean_bodies() -> None:
    a, b = load_article(SEEDS / GLOBAL_TIMES), load_article(SEEDS / SPUTNIK)
    assert compare_articles(a, b) == compare_texts(a.body, b.body)


_WORDS = [
    "china",
    "russia",
    "cyber",
    "security",
    "network",
    "cooperation",
    "summit",
    "minister",
    "said",
    "the",
    "of",
    "and",
    "a",
    "in",
    "forty",
    "45",
    "Wang",
    "Yi",
]
_sentence = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
_body_text = st.lists(_sentence, max_size=8).map(lambda ss: " ".join(ss)) | st.text(max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_body_text, _body_text)
def test_any_text_compares_sanely_both_ways(a: str, b: str) -> None:
    comparison = compare_texts(a, b)
    for m in comparison.matches:
        for body, spans in ((a, m.a), (b, m.b)):
            assert spans and all(body[s.start : s.end] == s.text for s in spans)
        assert 0 <= m.score <= 1
    for body, spans in ((a, comparison.a_only), (b, comparison.b_only)):
        assert all(body[s.start : s.end] == s.text and s.text.strip() for s in spans)
    assert 0 <= comparison.similarity <= 1
    assert 0 <= comparison.coverage_a <= 1 and 0 <= comparison.coverage_b <= 1
    assert compare_texts(b, a) == comparison.mirrored()


@settings(max_examples=30, deadline=None)
@given(_body_text)
def test_any_text_against_itself_is_fully_covered(text: str) -> None:
    comparison = compare_texts(text, text)
    assert comparison.coverage_a == comparison.coverage_b == 1.0
    assert comparison.a_only == ()
