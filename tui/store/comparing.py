"""A comparison as the app and the command line ask for one: from the kept results when the pair was
compared before (compare_cache.py), else by the engine, with each body's pieces from the segment
cache (segments.py), then kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..engine.align.cancel import CancelCheck, Progress, never, quiet
from ..engine.align.compare import Comparison, compare_articles
from ..engine.align.settings import MatchSettings
from ..engine.ingest.articles import Article
from ..engine.text.sentences import Piece
from .compare_cache import ComparisonCache
from .segments import SegmentCache


def now(step: Callable[[], None]) -> None:
    """Run a step at once (compare_pair's `later` by default)."""
    step()


def compare_pair(
    cache_folder: Path | None,
    a: Article,
    b: Article,
    settings: MatchSettings,
    cancel: CancelCheck = never,
    progress: Progress = quiet,
    warn: Callable[[str], None] = lambda _: None,
    later: Callable[[Callable[[], None]], None] = now,
) -> Comparison:
    """The comparison of a with b; `cache_folder` None compares afresh and keeps nothing. `later` is
    handed the step that keeps a fresh comparison, to run it when the caller has shown it: keeping the
    long pair's (its JSON, compressed, written) took 0.09 s before the app or the command line showed
    it. By default the step runs at once."""
    if cache_folder is None:
        return compare_articles(a, b, settings, cancel, progress=progress)
    kept = ComparisonCache(cache_folder, warn=warn)
    found = kept.get(a.body, b.body, settings)
    if found is not None:
        progress("done", 1.0)
        return found
    progress("reading the texts", 0.0)
    segments = SegmentCache(cache_folder)
    segmented = segments.kept(a.body, b.body)
    cancel()

    def keep(pieces_a: list[Piece], pieces_b: list[Piece]) -> None:
        # Those the engine cut: where neither was kept, it cut both in a second process while it read
        # their words, not before (0.2 s of two bodies of 100,000 words).
        given = zip((a.body, b.body), (pieces_a, pieces_b), segmented, strict=True)
        segments.keep(*((body, pieces) for body, pieces, kept in given if kept is None))

    comparison = compare_articles(a, b, settings, cancel, segmented, progress, keep)
    later(lambda: kept.put(a.body, b.body, settings, comparison))
    return comparison
