"""The store keeps each body's pieces (store/segments.py): a second comparison, in this session or the
next, does not segment again; changed text, damaged entries and unreadable files are segmented afresh."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cyberread.engine.align.compare import compare_texts
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.articles import load_article
from cyberread.engine.text import sentences
from cyberread.engine.text.sentences import segment
from cyberread.store.comparing import compare_pair
from cyberread.store.segments import CACHE_NAME, SegmentCache

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _body(index: int) -> str:
    return SEEDS[index].read_text(encoding="utf-8")


def _bodies_cut(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The bodies segmented from now on (none remembered from before)."""
    sentences._segment_once.cache_clear()
    cut: list[str] = []
    original = sentences._segment

    def counting(text: str) -> list[sentences.Piece]:
        cut.append(text)
        return original(text)

    monkeypatch.setattr(sentences, "_segment", counting)
    return cut


def test_pieces_are_read_back_the_next_session_without_segmenting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = _body(1)
    first = SegmentCache(tmp_path)
    assert first.pieces(body) == segment(body)
    assert first.computed == 1
    segmented = _bodies_cut(monkeypatch)
    again = SegmentCache(tmp_path)
    assert again.pieces(body) == first.pieces(body)
    assert again.computed == 0 and segmented == []


def test_a_changed_body_is_segmented_afresh(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    body = _body(1)
    cache.pieces(body)
    changed = body.replace("Johannesburg", "Pretoria, the capital,")
    assert cache.pieces(changed) == segment(changed)
    assert cache.computed == 2


def test_damaged_entries_and_files_cost_a_segmentation_not_an_error(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    body = _body(0)
    cache.pieces(body)
    with sqlite3.connect(tmp_path / CACHE_NAME) as connection:
        connection.execute("UPDATE segments SET pieces = ?", (b"\x01" * 40,))
    assert cache.pieces(body) == segment(body)
    assert cache.computed == 2
    (tmp_path / CACHE_NAME).write_bytes(b"not a database, just bytes" * 100)
    assert SegmentCache(tmp_path).pieces(body) == segment(body)


def test_the_least_recently_used_bodies_go_past_the_limit(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path, max_bodies=2)
    bodies = [_body(k) for k in range(3)]
    cache.pieces(bodies[0])
    cache.pieces(bodies[1])
    cache.pieces(bodies[0])  # used again: bodies[1] is now the oldest
    cache.pieces(bodies[2])
    with sqlite3.connect(tmp_path / CACHE_NAME) as connection:
        keys = {key for (key,) in connection.execute("SELECT key FROM segments")}
    assert keys == {SegmentCache.key(bodies[0]), SegmentCache.key(bodies[2])}


def test_a_comparison_from_kept_pieces_is_the_same_comparison(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    a, b = _body(1), _body(4)
    kept = (cache.pieces(a), cache.pieces(b))
    assert compare_texts(a, b, segmented=kept) == compare_texts(a, b)
    assert compare_texts(b, a, segmented=(kept[1], kept[0])) == compare_texts(b, a)


@pytest.mark.parametrize("swapped", [False, True])
def test_the_pieces_the_engine_cut_are_given_in_the_order_of_the_bodies(swapped: bool) -> None:
    # compare_texts aligns in one fixed order (the smaller body first): what it gives back must be
    # each body's own pieces, whichever order the caller named them in.
    a, b = (_body(1), _body(4)) if swapped else (_body(4), _body(1))
    assert (b < a) is swapped
    given: list[tuple[list[sentences.Piece], list[sentences.Piece]]] = []
    comparison = compare_texts(a, b, cut=lambda pieces_a, pieces_b: given.append((pieces_a, pieces_b)))
    assert given == [(segment(a), segment(b))]
    assert comparison == compare_texts(a, b)
    kept = segment(a)
    given.clear()
    compare_texts(a, b, segmented=(kept, None), cut=lambda pieces_a, pieces_b: given.append((pieces_a, pieces_b)))
    assert given == [(kept, segment(b))]  # one kept, one cut


def test_a_comparison_keeps_the_pieces_the_engine_cut_and_the_next_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = load_article(SEEDS[1]), load_article(SEEDS[4])
    comparison = compare_pair(tmp_path, a, b, MatchSettings())
    assert comparison == compare_texts(a.body, b.body)
    assert SegmentCache(tmp_path).kept(a.body, b.body) == (segment(a.body), segment(b.body))
    cut = _bodies_cut(monkeypatch)
    other = MatchSettings(min_score=0.31)  # not the kept comparison, but the kept pieces
    again = compare_pair(tmp_path, a, b, other)
    assert cut == []
    assert again == compare_texts(a.body, b.body, other)
