"""Whether two accounts report one event: the rule collation, story grouping (both engines) and the
related accounts share."""

from __future__ import annotations

from .compare import alikeness
from .result import Comparison
from .settings import MatchSettings

RELATED_SIMILARITY = 0.18
"""Two accounts less alike than this report different events: the few sentences the engine pairs
between them share stock phrases, not the story (unrelated seeds score 0.02 to 0.12, accounts of one
event 0.25 and more) ..."""
BRIEF_COVERAGE = 0.75
"""... unless the shorter one's matches cover this share of it: a 69-word brief of a court ruling is
0.15-0.27 alike the full accounts, which carry 0.89-1.0 of it; of the seeds, accounts of different
events on one topic carry at most half the shorter one."""


def one_event(body_a: str, body_b: str, settings: MatchSettings | None = None) -> bool:
    """Whether two accounts report one event, aligning them as `similarity_of` does (no differences,
    quotations or weighing: the callers ask only this)."""
    return _one_event(*alikeness(body_a, body_b, settings))


def reports_one_event(comparison: Comparison, body_a: str, body_b: str) -> bool:
    """Whether the accounts a comparison compared report one event."""
    shorter_coverage = comparison.coverage_a if len(body_a) <= len(body_b) else comparison.coverage_b
    return _one_event(comparison.similarity, shorter_coverage)


def different_events_note(comparison: Comparison, body_a: str, body_b: str) -> str | None:
    """A warning for a comparison of accounts that look like reports of different events (the rule
    collation and the stories follow), else None: `compare` still pairs what they share, and two floods
    a year apart read as one death toll changed ("six → three")."""
    if reports_one_event(comparison, body_a, body_b):
        return None
    return (
        f"these look like reports of different events (similarity {comparison.similarity:.0%}, under"
        f" {RELATED_SIMILARITY:.0%}): what they share may be a copied passage or stock phrases, and a figure"
        " or name 'changed' may belong to another event"
    )


def _one_event(similarity: float, shorter_coverage: float) -> bool:
    """Alike enough, or the shorter account (a brief of the story) mostly carried by the other."""
    return similarity >= RELATED_SIMILARITY or shorter_coverage >= BRIEF_COVERAGE
