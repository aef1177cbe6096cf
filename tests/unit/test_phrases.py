"""Talking points: the recurring phrases of the seeds, and planted phrases and boilerplate in generated
articles, found as a researcher would trace them; the Spark engine gives the same answer."""

from __future__ import annotations

import json
import random
from array import array
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.cli import main
from cyberread.engine.corpus.phrase_record import Phrase
from cyberread.engine.corpus.phrases import (
    ArticleRecord,
    GramJudge,
    KeptGrams,
    PhraseSettings,
    RawPhrase,
    _chains,
    _maximal,
    find_phrases,
    find_phrases_streamed,
    in_window,
    merge_phrases,
    phrases_of,
)
from cyberread.engine.corpus.shingles import Postings, add_postings, found_in, part_bounds, shingles
from cyberread.engine.ingest.articles import load_article
from tests.conftest import SEEDS

SHARED_FUTURE = {"37dd875e45a4", "8cc9172e3082", "7113c9066d3b"}  # seeds 000, 001 and 003
PLANTED = "the international community must build a fair and just digital order for developing nations"
VARIANT = "the international community must build a fair and equitable digital order for developing nations"
SIGN_OFF = "Follow Harbour Daily on every platform for breaking news alerts and exclusive coverage"
SYLLABLES = "ba ko ri ten sul mar vi do gel han pra tor eth lum nes quo ran sti ve zan".split()
WORDS = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES})
"""8,000 invented words: filler that repeats no four-word run by chance."""


def seed_records() -> list[ArticleRecord]:
    articles = [load_article(path) for path in sorted(SEEDS.glob("*.txt"))]
    return in_window([ArticleRecord(a.id, a.outlet, a.date, a.body) for a in articles], None, None)


def filler(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) + ("." if rng.random() < 0.1 else "") for _ in range(count))


def generated_records() -> list[ArticleRecord]:
    """24 articles of 4 outlets: a talking point planted in five of them across three outlets (one with
    a changed word), Harbour Daily's sign-off in every one of its six articles."""
    rng = random.Random(5)
    outlets = ["Harbour Daily", "Valley Post", "Copper Wire", "Meadow Times"]
    records = []
    for number in range(24):
        outlet = outlets[number % 4]
        parts = [filler(rng, 120)]
        if number in (1, 2, 5, 10):
            parts.append(PLANTED.capitalize() + ".")
        if number == 12:
            parts.append(VARIANT.capitalize() + ".")
        parts.append(filler(rng, 120))
        if outlet == "Harbour Daily":
            parts.append(SIGN_OFF + ".")
        date = f"202{number % 3}-0{1 + number % 9}-1{number % 10}"
        records.append(ArticleRecord(f"g{number:02d}", outlet, date, "\n\n".join(parts)))
    return in_window(records, None, None)


def test_no_talking_point_reads_developing_as_developed() -> None:
    # The seeds' Xinhua says "developed countries should make", the Global Times "developing countries,
    # and make": the stemmer made both "develop", and a talking point joined them.
    for phrase in find_phrases(seed_records()):
        bodies = {r.id: r.body.casefold() for r in seed_records()}
        for word in ("developed", "developing"):
            if word in phrase.text.casefold():
                assert all(word in bodies[article] for article in phrase.articles), phrase


def test_the_seeds_share_a_future_in_cyberspace() -> None:
    phrases = find_phrases(seed_records())
    found = [p for p in phrases if "shared future in cyberspace" in p.text]
    assert len(found) == 1
    (phrase,) = found
    assert set(phrase.articles) == SHARED_FUTURE
    assert phrase.text == "building a community with a shared future in cyberspace"
    assert phrase.outlets == ("Global Times", "Xinhua")
    assert (phrase.first, phrase.last) == ("2024-04-25", "2024-04-25")
    assert not phrase.boilerplate
    # Each occurrence points at the words in its own article, 003's "community of shared future" too.
    bodies = {r.id: r.body for r in seed_records()}
    for occurrence in phrase.occurrences:
        quoted = bodies[occurrence.article_id][occurrence.start : occurrence.end]
        assert quoted.startswith(("building", "build")) and quoted.endswith("cyberspace")


def test_a_planted_phrase_with_a_changed_word_is_one_phrase_and_the_sign_off_is_boilerplate() -> None:
    records = generated_records()
    phrases = find_phrases(records)
    talking = [p for p in phrases if not p.boilerplate]
    assert [set(p.articles) for p in talking] == [{"g01", "g02", "g05", "g10", "g12"}]
    (point,) = talking
    # Worded as its first use, g12 (2020-04) with its changed word, from the "The" every use opens with.
    assert point.text == VARIANT.replace("the", "The", 1)
    assert point.outlets == ("Copper Wire", "Harbour Daily", "Valley Post")
    assert point.per_outlet == {"Copper Wire": 2, "Harbour Daily": 1, "Valley Post": 2}
    assert sum(point.per_month.values()) == 5
    furniture = [p for p in phrases if p.boilerplate]
    assert len(furniture) == 1
    assert furniture[0].outlets == ("Harbour Daily",)
    assert len(furniture[0].articles) == 6
    assert "breaking news alerts" in furniture[0].text


def test_a_phrase_articles_without_an_outlet_share_is_a_talking_point() -> None:
    # Files and pages that name no outlet counted as no outlet at all, so a phrase only they shared
    # (accounts of one earthquake imported as files) was never listed, however many used it.
    rng = random.Random(7)
    records = in_window(
        [
            ArticleRecord(
                f"n{number}", None, None, f"{filler(rng, 100)}\n\n{PLANTED.capitalize()}.\n\n{filler(rng, 100)}"
            )
            for number in range(3)
        ],
        None,
        None,
    )
    (point,) = find_phrases(records)
    assert point.text.casefold() == PLANTED and set(point.articles) == {"n0", "n1", "n2"}
    assert point.outlets == () and not point.boilerplate


def test_a_phrase_reads_in_whole_words_from_the_determiner_every_use_shares() -> None:
    first = "Officials praised the well-designed digital order for developing nations in the U.S. yesterday."
    second = "Critics mocked the badly-designed digital order for developing nations in the U.S., they said."
    third = "Nobody wanted a badly-designed digital order for developing nations in the U.S. either."
    records = [
        ArticleRecord("x1", "Valley Post", "2021-05-01", first),
        ArticleRecord("x2", "Copper Wire", "2022-05-01", second),
    ]
    (phrase,) = find_phrases(records)
    # Not "designed digital order ... in the U.S": the earliest use, in whole words, with its "the".
    assert phrase.text == "the well-designed digital order for developing nations in the U.S."
    quoted = [second[o.start : o.end] for o in phrase.occurrences if o.article_id == "x2"]
    assert quoted == ["the badly-designed digital order for developing nations in the U.S."]
    # With "a" in the third use, no determiner is shared; two of them share "badly-designed" too.
    phrases = find_phrases([*records, ArticleRecord("x3", "Meadow Times", "2023-05-01", third)])
    assert [(p.text, len(p.articles)) for p in phrases] == [
        ("well-designed digital order for developing nations in the U.S.", 3),
        ("badly-designed digital order", 2),
    ]


def test_a_phrase_stays_in_its_sentence_and_never_starts_inside_a_figure() -> None:
    """Two wire stories share the end of one sentence and the start of the next, and the words after a
    price each gives differently: no talking point runs over the full stop, "U.S." is no sentence's end,
    and none starts at the "000" of "65,000"."""
    first = (
        "The record leaves no dispute that the plant leaked, Judge Patricia Whitfield wrote. A damages trial"
        " is set for March in Columbus, the U.S. District Court said. Diesel traded at 65,000 roubles per"
        " tonne on the St Petersburg exchange last week."
    )
    second = (
        "The plant leaked, Judge Patricia Whitfield wrote. A damages trial is set for March in Columbus, the"
        " U.S. District Court said. Diesel traded at 66,000 roubles per tonne on the St Petersburg exchange"
        " last week."
    )
    records = [ArticleRecord("w1", "Reuters", "2024-03-14", first), ArticleRecord("w2", "AP", "2024-03-14", second)]
    texts = sorted(p.text for p in find_phrases(records))
    assert texts == [
        "A damages trial is set for March in Columbus, the U.S. District Court said",
        "roubles per tonne on the St Petersburg exchange last week",
        "the plant leaked, Judge Patricia Whitfield wrote",
    ]


def test_thresholds_and_the_date_window_narrow_the_answer() -> None:
    records = generated_records()
    assert not [p for p in find_phrases(records, PhraseSettings(min_articles=6)) if not p.boilerplate]
    assert not [p for p in find_phrases(records, PhraseSettings(min_outlets=4)) if not p.boilerplate]
    window = in_window(records, "2021", "2021")
    assert {r.date[:4] for r in window if r.date} == {"2021"}


def test_phrases_survive_the_cache_round_trip() -> None:
    phrases = find_phrases(generated_records())
    assert [Phrase.from_dict(json.loads(json.dumps(p.as_dict()))) for p in phrases] == phrases


def test_the_command_lists_the_shared_future_phrase(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["phrases", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    (entry,) = [e for e in listed if "shared future in cyberspace" in e["phrase"]]
    assert set(entry["articles"]) == SHARED_FUTURE
    assert entry["first"] == "2024-04-25" and entry["boilerplate"] is False
    assert set(entry) >= {"phrase", "articles", "outlets", "first", "last", "boilerplate"}
    assert main(["phrases"]) == 0
    text = capsys.readouterr().out
    assert "building a community with a shared future in cyberspace" in text


@pytest.mark.parametrize(
    ("dates", "error"),
    [
        (["--since", "2025-13-01"], "cyberread: 2025-13-01: not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        (["--until", "2024-02-30"], "cyberread: 2024-02-30: not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        (
            ["--since", "2025-01", "--until", "2024"],
            "cyberread: --since 2025-01 is after --until 2024: no day is in both",
        ),
    ],
)
def test_dates_outside_the_calendar_or_a_backward_window_are_refused(
    dates: list[str], error: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["phrases", *dates]) == 1
    assert capsys.readouterr().err.strip() == error
    assert main(["phrases", "--since", "2024-06", "--until", "2024"]) == 0  # June to December 2024


def planted_corpus(count: int) -> list[ArticleRecord]:
    """`count` articles of five outlets: every 20 articles a talking point planted in four of them (one
    with a changed word), filler sentences copied between neighbours, and a sign-off in every Harbour
    Daily article."""
    rng = random.Random(11)
    outlets = ["Harbour Daily", "Valley Post", "Copper Wire", "Meadow Times", "Iron Gazette"]
    copied = [filler(rng, 30) for _ in range(count // 3 + 1)]
    records = []
    for number in range(count):
        family, place = divmod(number, 20)
        parts = [filler(rng, 150), copied[number // 3]]
        if place in (0, 3, 7, 12):
            words = [WORDS[(family * 37 + k * 11) % len(WORDS)] for k in range(10)]
            if place == 7:
                words[4] = "changed"
            parts.append("The " + " ".join(words) + ".")
        parts.append(filler(rng, 100))
        if outlets[number % 5] == "Harbour Daily":
            parts.append(SIGN_OFF + ".")
        date = None if number % 17 == 0 else f"20{10 + number % 12}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        records.append(ArticleRecord(f"p{number:04d}", outlets[number % 5], date, "\n\n".join(parts)))
    return in_window(records, None, None)


def phrases_the_plain_way(records: list[ArticleRecord], settings: PhraseSettings) -> list[Phrase]:
    """The finder as it was before its postings were streamed: every posting of the corpus in one dict."""
    grams = [shingles(r.body, settings.gram) for r in records]
    holders: dict[int, set[int]] = defaultdict(set)
    for number, article in enumerate(grams):
        for key in article:
            holders[key].add(number)
    judge = GramJudge([r.outlet for r in records], settings)
    kept = KeptGrams()
    for key, found in holders.items():
        if len(found) >= max(2, settings.min_articles):
            articles = tuple(sorted(found))
            verdict = judge.is_boilerplate(articles)
            if verdict is not None:
                (kept.furniture if verdict else kept.talking)[key] = articles
    wanted = kept.talking.keys() | kept.furniture.keys()
    found = {n: where for n, r in enumerate(records) if (where := found_in(r.body, settings.gram, wanted)).positions}
    return phrases_of(kept, found, records, lambda numbers: ((n, records[n].body) for n in numbers), settings)


@pytest.mark.parametrize("settings", [PhraseSettings(), PhraseSettings(gram=3, min_articles=3, common_floor=4)])
def test_streamed_postings_give_the_phrases_that_all_postings_at_once_give(
    tmp_path: Path, settings: PhraseSettings
) -> None:
    records = planted_corpus(400)
    expected = phrases_the_plain_way(records, settings)
    assert sum(not p.boilerplate for p in expected) >= 20 and any(p.boilerplate for p in expected)
    spill = tmp_path / "spill"
    spill.mkdir()
    # Postings split by key into seven parts, a few thousand held in memory at a time, the rest on disk.
    streamed = find_phrases_streamed(
        records,
        reversed(list(enumerate(r.body for r in records))),
        lambda numbers: ((n, records[n].body) for n in reversed(numbers)),
        settings,
        spill_folder=spill,
        held_postings=5_000,
        parts=7,
    )
    assert streamed == expected
    assert find_phrases(records, settings) == expected
    assert not list(spill.iterdir()), "the postings' files are removed"


def test_postings_are_split_by_key_range_each_article_posting_a_key_once() -> None:
    parts = [Postings() for _ in range(4)]
    bounds = part_bounds(4)
    keys = [-(1 << 63), -5, -5, 0, 3, (1 << 62), (1 << 63) - 1]
    add_postings(parts, bounds, 9, array("q", keys))
    assert [list(p.keys) for p in parts] == [[-(1 << 63)], [-5], [0, 3], [1 << 62, (1 << 63) - 1]]
    assert [list(p.articles) for p in parts] == [[9], [9], [9, 9], [9, 9]]


def test_the_library_is_read_page_by_page_into_the_same_phrases(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyberread.store import corpus_cache
    from cyberread.store.corpus_jobs import library_phrases, phrases_key
    from cyberread.store.importing import open_library
    from cyberread.store.paths import locations

    monkeypatch.setattr(corpus_cache, "_CHUNK", 2)  # five seeds: three pages, and bodies asked two at a time
    with open_library(locations()) as library:
        found = library_phrases(library, PhraseSettings())
        assert len(corpus_cache.article_metas(library)) == 5
        assert [p.as_dict() for p in found] == [p.as_dict() for p in find_phrases(seed_records())]
        assert corpus_cache.CorpusCache(library).phrases(phrases_key(PhraseSettings(), None, None)) == found


def test_talking_points_an_older_engine_found_are_found_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyberread.store import corpus_jobs
    from cyberread.store.corpus_cache import CorpusCache
    from cyberread.store.importing import open_library
    from cyberread.store.paths import locations

    with open_library(locations()) as library:
        monkeypatch.setattr(corpus_jobs, "engine_fingerprint", lambda folders: "an older stemmer")
        kept = corpus_jobs.library_phrases(library, PhraseSettings())
        assert CorpusCache(library).phrases(corpus_jobs.phrases_key(PhraseSettings(), None, None)) == kept
        monkeypatch.undo()
        assert CorpusCache(library).phrases(corpus_jobs.phrases_key(PhraseSettings(), None, None)) is None


def _plain_maximal(phrases: list[RawPhrase]) -> list[RawPhrase]:
    """_maximal as it was: every phrase against every phrase of its first article."""
    kept = []
    for phrase in phrases:
        spans = dict(zip(phrase.articles, phrase.spans, strict=True))
        covered = False
        for other in phrases:
            if other is phrase or phrase.articles[0] not in other.articles:
                continue
            other_spans = dict(zip(other.articles, other.spans, strict=True))
            if len(other.articles) < len(phrase.articles) or (
                other.articles == phrase.articles and other_spans == spans
            ):
                continue
            if all(
                n in other_spans and other_spans[n][0] <= s and e <= other_spans[n][1] for n, (s, e) in spans.items()
            ):
                covered = True
                break
        if not covered:
            kept.append(phrase)
    return kept


_SPAN = st.tuples(st.integers(0, 30), st.integers(0, 8)).map(lambda s: (s[0], s[0] + s[1]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 3), _SPAN), min_size=1, max_size=3, unique_by=lambda a: a[0]).map(
            lambda held: RawPhrase(tuple(sorted(a for a, _ in held)), tuple(s for _, s in sorted(held)), False)
        ),
        max_size=30,
    )
)
def test_the_phrases_kept_are_those_no_phrase_in_as_many_articles_holds(phrases: list[RawPhrase]) -> None:
    assert _maximal(phrases) == _plain_maximal(phrases)


def _plain_merge_phrases(
    grams: dict[int, tuple[int, ...]], occurrences: dict[int, list[tuple[int, int]]], gram: int
) -> list[RawPhrase]:
    """merge_phrases as it was: each run's keys found by asking every key whether a place of it lies in
    the run."""
    reach = gram + 1
    found: dict[tuple[tuple[int, ...], tuple[tuple[int, int], ...]], None] = {}
    for articles in sorted(set(grams.values())):
        keys = {key for key, held in grams.items() if held == articles}
        places = {n: [(p, key) for p, key in occurrences.get(n, ()) if key in keys] for n in articles}
        for run in _chains(sorted(p for p, _ in places[articles[0]]), reach):
            run_keys = {key for p, key in places[articles[0]] if run[0] <= p <= run[-1]}
            chosen = []
            for number in articles:
                positions = sorted({p for p, key in places[number] if key in run_keys})
                if not positions:
                    break
                best = max(_chains(positions, reach), key=lambda chain: (len(chain), -chain[0]))
                chosen.append((best[0], best[-1] + gram - 1))
            else:
                found.setdefault((articles, tuple(chosen)))
    return _plain_maximal([RawPhrase(articles, spans, False) for articles, spans in found])


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_phrases_merged_from_repeated_grams_are_the_plain_ones(data: st.DataObject) -> None:
    """Articles of a few grams, each at many places (an article of repeated words)."""
    keys = data.draw(st.integers(1, 6))
    grams = {key: data.draw(st.sampled_from([(0, 1), (0, 2), (1, 2), (0, 1, 2)])) for key in range(keys)}
    occurrences = {
        number: sorted(
            data.draw(
                st.lists(st.tuples(st.integers(0, 60), st.integers(0, keys - 1)), max_size=25, unique_by=lambda o: o[0])
            )
        )
        for number in range(3)
    }
    assert merge_phrases(grams, occurrences, 3) == _plain_merge_phrases(grams, occurrences, 3)
