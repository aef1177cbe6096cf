"""Finished comparisons kept in comparisons.sqlite3 (store/compare_cache.py, store/comparing.py): read
back equal, field by field, either way round; missed when a text, a setting or the engine changes;
bounded; a damaged entry or file is computed again, never a wrong result or a crash."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from cyberread.engine.align import compare as compare_module
from cyberread.engine.align.alone import account_alone, omission_summary
from cyberread.engine.align.compare import Comparison, compare_texts
from cyberread.engine.align.name_index import other_account
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.articles import load_article
from cyberread.engine.text.values import body_values
from cyberread.store import compare_cache
from cyberread.store.compare_cache import CACHE_NAME, ComparisonCache, comparison_from_bytes, comparison_to_bytes
from cyberread.store.comparing import compare_pair

ROOT = Path(__file__).resolve().parents[2]
SEED_A, SEED_B = ROOT / "seeds" / "001_1868b0e8e5cae7fd.txt", ROOT / "seeds" / "004_defd70b08e64a075.txt"
PAIRS = [(SEED_A, SEED_B)] + [
    (path, path.with_name(path.name.replace("_a.txt", "_b.txt")))
    for path in sorted((ROOT / "tests" / "eval").glob("*_a.txt"))
]


@pytest.mark.parametrize(("path_a", "path_b"), PAIRS, ids=[a.stem for a, _ in PAIRS])
def test_a_kept_comparison_reads_back_equal_either_way_round(tmp_path: Path, path_a: Path, path_b: Path) -> None:
    a, b = load_article(path_a), load_article(path_b)
    settings = MatchSettings()
    fresh = compare_texts(a.body, b.body, settings)
    kept = compare_pair(tmp_path, a, b, settings)
    assert kept == fresh
    cache = ComparisonCache(tmp_path)
    assert cache.get(a.body, b.body, settings) == fresh
    assert cache.get(b.body, a.body, settings) == compare_texts(b.body, a.body, settings)


@pytest.mark.parametrize(("path_a", "path_b"), PAIRS, ids=[a.stem for a, _ in PAIRS])
def test_a_kept_comparison_comes_with_its_summary(tmp_path: Path, path_a: Path, path_b: Path) -> None:
    """What each account alone reports is kept with the comparison: read back, either way round, the
    summary is the one the fresh comparison gives, and neither body is read again for it (its values
    were 0.27 s and the index of its words 0.16 s of the long pair's 1 s from the cache)."""
    a, b = load_article(path_a), load_article(path_b)
    settings = MatchSettings()
    ComparisonCache(tmp_path).put(a.body, b.body, settings, compare_texts(a.body, b.body, settings))
    for first, second in ((a.body, b.body), (b.body, a.body)):
        fresh = omission_summary(compare_texts(first, second, settings), first, second, "A", "B")
        # As in a new process: other copies of the bodies (what was said of these is not asked), and
        # nothing read of them yet.
        first, second = "".join(list(first)), "".join(list(second))
        body_values.cache_clear()
        other_account.cache_clear()
        kept = ComparisonCache(tmp_path).get(first, second, settings)
        assert kept is not None
        assert omission_summary(kept, first, second, "A", "B") == fresh
        assert body_values.cache_info().currsize == 0
        assert other_account.cache_info().currsize == 0


def test_an_entry_without_the_summary_is_computed_again(tmp_path: Path) -> None:
    a, b = load_article(SEED_A), load_article(SEED_B)
    settings = MatchSettings()
    comparison = compare_pair(tmp_path, a, b, settings)
    entry = {"comparison": _plain_encoding(comparison)}
    with sqlite3.connect(tmp_path / CACHE_NAME) as connection:
        connection.execute("UPDATE comparisons SET value = ?", (zlib.compress(json.dumps(entry).encode()),))
    with pytest.raises(ValueError, match="alone"):
        comparison_from_bytes(zlib.compress(json.dumps({**entry, "alone": ["x"]}).encode()), *sorted((a.body, b.body)))
    assert ComparisonCache(tmp_path).get(a.body, b.body, settings) is None
    assert compare_pair(tmp_path, a, b, settings) == comparison
    assert ComparisonCache(tmp_path).get(a.body, b.body, settings) == comparison


def test_a_changed_text_a_changed_setting_or_a_new_engine_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = load_article(SEED_A), load_article(SEED_B)
    settings = MatchSettings()
    cache = ComparisonCache(tmp_path)
    cache.put(a.body, b.body, settings, compare_texts(a.body, b.body, settings))
    assert cache.get(a.body, b.body, settings) is not None
    assert cache.get(a.body.replace("Johannesburg", "Pretoria"), b.body, settings) is None
    assert cache.get(a.body, b.body, dataclasses.replace(settings, min_score=0.3)) is None
    monkeypatch.setattr(compare_cache, "ENGINE_VERSION", compare_module.ENGINE_VERSION + "-next")
    assert cache.get(a.body, b.body, settings) is None


def _plain_encoding(value: Any) -> Any:
    """Result objects as {"@": class name, "f": [field values, in order]}, tuples as lists: the entry's
    shape, walked in Python."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {"@": type(value).__name__, "f": [_plain_encoding(getattr(value, f.name)) for f in fields]}
    if isinstance(value, tuple | list):
        return [_plain_encoding(item) for item in value]
    return value


def _alone(comparison: Comparison, body_a: str, body_b: str) -> tuple[str, str]:
    return account_alone(comparison, "a", body_a, body_b), account_alone(comparison, "b", body_b, body_a)


def test_an_entry_is_the_plain_encoding_written_faster() -> None:
    a, b = load_article(SEED_A), load_article(SEED_B)
    comparison = compare_texts(a.body, b.body)
    alone = _alone(comparison, a.body, b.body)
    plain = json.dumps({"comparison": _plain_encoding(comparison), "alone": alone}, separators=(",", ":"))
    assert json.loads(zlib.decompress(comparison_to_bytes(comparison, alone))) == json.loads(plain)
    # An entry the standard library wrote (as kept before orjson wrote them) reads back as well.
    assert comparison_from_bytes(zlib.compress(plain.encode()), a.body, b.body) == comparison


def test_a_text_orjson_refuses_is_kept_all_the_same() -> None:
    # A lone surrogate is no UTF-8: orjson will not write it, the standard library escapes it.
    body_a = "The minister met the envoy in Geneva \ud800 on Monday, officials said."
    body_b = "The minister met the envoy in Geneva on Monday, officials said. Then he left."
    comparison = compare_texts(body_a, body_b)
    assert comparison.matches
    assert (
        comparison_from_bytes(comparison_to_bytes(comparison, _alone(comparison, body_a, body_b)), body_a, body_b)
        == comparison
    )


def test_the_least_recently_used_go_past_the_size_limit(tmp_path: Path) -> None:
    settings = MatchSettings()
    bodies = [f"Talks resumed in Geneva on day {n}. The minister said so on Monday." for n in range(4)]
    other = "The minister said on Monday that talks resumed in Geneva."
    first = compare_texts(bodies[0], other, settings)
    size = len(comparison_to_bytes(first, _alone(first, bodies[0], other)))
    cache = ComparisonCache(tmp_path, max_bytes=int(size * 2.5))
    for body in bodies[:2]:
        cache.put(body, other, settings, compare_texts(body, other, settings))
    assert cache.get(bodies[0], other, settings) is not None  # used: bodies[1] is now the oldest
    cache.put(bodies[2], other, settings, compare_texts(bodies[2], other, settings))
    assert cache.get(bodies[1], other, settings) is None
    assert cache.get(bodies[0], other, settings) is not None
    assert cache.get(bodies[2], other, settings) is not None


def test_an_entry_that_is_not_these_texts_comparison_is_dropped(tmp_path: Path) -> None:
    a, b = load_article(SEED_A), load_article(SEED_B)
    settings = MatchSettings()
    comparison = compare_texts(a.body, b.body, settings)
    cache = ComparisonCache(tmp_path)
    cache.put(a.body, b.body, settings, comparison)
    first, second = sorted((a.body, b.body))
    with pytest.raises(ValueError):
        comparison_from_bytes(comparison_to_bytes(comparison, ("", "")), first.replace("e", "E"), second)
    in_order = compare_texts(first, second, settings)
    tampered = json.loads(zlib.decompress(comparison_to_bytes(in_order, _alone(in_order, first, second))))
    tampered["comparison"]["@"] = "Popen"  # only the engine's result classes are ever made
    with sqlite3.connect(tmp_path / CACHE_NAME) as connection:
        connection.execute("UPDATE comparisons SET value = ?", (zlib.compress(json.dumps(tampered).encode()),))
    assert cache.get(a.body, b.body, settings) is None
    assert compare_pair(tmp_path, a, b, settings) == comparison


def test_a_file_that_is_not_a_cache_is_set_aside_with_one_warning(tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_bytes(b"this is not a SQLite database at all " * 200)
    warnings: list[str] = []
    a, b = load_article(SEED_A), load_article(SEED_B)
    comparison = compare_pair(tmp_path, a, b, MatchSettings(), warn=warnings.append)
    assert comparison == compare_texts(a.body, b.body, MatchSettings())
    assert len(warnings) == 1 and "not a comparison cache" in warnings[0]
    assert (tmp_path / (CACHE_NAME + ".damaged")).exists()
    assert ComparisonCache(tmp_path).get(a.body, b.body, MatchSettings()) is not None


def test_an_edit_to_the_engines_files_changes_its_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = tmp_path / "engine"
    for folder in ("align", "text"):
        shutil.copytree(ROOT / "tui" / "engine" / folder, engine / folder)
    before = compare_cache._engine_files_digest(engine)
    with (engine / "align" / "selection.py").open("a", encoding="utf-8") as file:
        file.write("# an edit that forgot to change ENGINE_VERSION\n")
    compare_cache._engine_files_digest.cache_clear()
    assert compare_cache._engine_files_digest(engine) != before

    a, b = load_article(SEED_A), load_article(SEED_B)
    cache = ComparisonCache(tmp_path / "cache")
    cache.put(a.body, b.body, MatchSettings(), compare_texts(a.body, b.body, MatchSettings()))
    monkeypatch.setattr(compare_cache, "engine_fingerprint", lambda: compare_module.ENGINE_VERSION + ":edited")
    assert cache.get(a.body, b.body, MatchSettings()) is None


@pytest.mark.parametrize("library", ["nltk", "pystemmer", "rapidfuzz"])
def test_an_upgrade_of_a_library_the_engine_reads_with_changes_its_fingerprint(
    library: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The stemmer's rules decide which words are one term: Snowball 3 stems "added" as "add", 2 as "ad".
    engine = ROOT / "tui" / "engine"
    compare_cache._engine_files_digest.cache_clear()
    before = compare_cache._engine_files_digest(engine)
    real_version = compare_cache.importlib.metadata.version
    monkeypatch.setattr(
        compare_cache.importlib.metadata,
        "version",
        lambda name: "999.0" if name == library else real_version(name),
    )
    compare_cache._engine_files_digest.cache_clear()
    try:
        assert compare_cache._engine_files_digest(engine) != before
    finally:
        compare_cache._engine_files_digest.cache_clear()


def test_where_one_body_ends_and_the_other_begins_is_part_of_the_key() -> None:
    settings = MatchSettings()
    assert ComparisonCache.key("one\x00two", "three", settings) != ComparisonCache.key("one", "two\x00three", settings)


def test_another_programs_database_is_set_aside_with_one_warning(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / CACHE_NAME)) as connection:
        connection.execute("CREATE TABLE comparisons (id INTEGER PRIMARY KEY, title TEXT)")
        connection.execute("INSERT INTO comparisons (title) VALUES ('kept by someone else')")
        connection.commit()
    warnings: list[str] = []
    a, b = load_article(SEED_A), load_article(SEED_B)
    comparison = compare_pair(tmp_path, a, b, MatchSettings(), warn=warnings.append)
    assert comparison == compare_texts(a.body, b.body, MatchSettings())
    assert len(warnings) == 1 and "another program" in warnings[0]
    with closing(sqlite3.connect(tmp_path / (CACHE_NAME + ".damaged"))) as connection:
        assert connection.execute("SELECT title FROM comparisons").fetchall() == [("kept by someone else",)]
    assert ComparisonCache(tmp_path).get(a.body, b.body, MatchSettings()) == comparison


def test_a_cut_short_cache_file_costs_a_comparison_never_a_wrong_result(tmp_path: Path) -> None:
    settings = MatchSettings()
    pairs = [(load_article(a), load_article(b)) for a, b in PAIRS[:4]]
    for a, b in pairs:
        compare_pair(tmp_path, a, b, settings)
    path = tmp_path / CACHE_NAME
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    warnings: list[str] = []
    for a, b in pairs:
        assert compare_pair(tmp_path, a, b, settings, warn=warnings.append) == compare_texts(a.body, b.body, settings)
    assert len(warnings) == 1 and "malformed" in warnings[0]
