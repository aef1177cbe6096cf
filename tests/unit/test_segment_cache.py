"""The store keeps each body's pieces (store/segments.py): a second comparison, in this session or the
next, does not segment again; changed text, damaged entries and unreadable files are segmented afresh."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cyberread.engine.align.compare import compare_texts
from cyberread.engine.text import sentences
from cyberread.engine.text.sentences import segment
from cyberread.store.segments import CACHE_NAME, SegmentCache

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _body(index: int) -> str:
    return SEEDS[index].read_text(encoding="utf-8")


def test_pieces_are_read_back_the_next_session_without_segmenting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = _body(1)
    first = SegmentCache(tmp_path)
    assert first.pieces(body) == segment(body)
    assert first.computed == 1
    sentences._segment_once.cache_clear()
    segmented: list[str] = []
    original = sentences._segment

    def counting(text: str) -> list[sentences.Piece]:
        segmented.append(text)
        return original(text)

    monkeypatch.setattr(sentences, "_segment", counting)
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
