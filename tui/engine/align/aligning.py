"""Aligning two bodies: reading them (their words, and their pieces, cut in a forked copy where both are
long), pairing their passages and joining neighbours, up to the runs of matched pieces that a comparison
reports on (compare.py) or only weighs (`similarity_of`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NamedTuple

from ..text.sentences import Piece, pieces_to_bytes, ready_to_segment, segment, unpacked_pieces
from .cancel import CancelCheck, Stages
from .evidence import report_different_events
from .forked import can_fork, in_two, worth_splitting
from .leftovers import absorb_leftovers
from .matching import Found, Segmented, Side, prepare
from .passages import Run, fill_gaps, merge_runs
from .reading import BodyWords, read_words
from .selection import select_matches
from .settings import MatchSettings
from .spans import tokens_without, without

Cut = Callable[[list[Piece], list[Piece]], None]
"""Given a comparison's pieces of each body (compare_texts' `cut`)."""
SPLIT_LINE = 100
"""Characters a line, on average, for bodies to be cut in a second process (_cut_elsewhere)."""


def _cut_elsewhere(body_a: str, body_b: str) -> bool:
    """Whether a forked copy of this process should cut these bodies into pieces. Not a body compared
    with itself (it is cut once), nor one of short lines: its pieces are many and small, and sending
    them back (some 2.5 us a piece) costs more than cutting them (100,000 one-word lines: 0.28 s to
    cut, 0.18 s to send)."""
    return (
        worth_splitting(body_a, body_b)
        and body_a != body_b
        and min(map(_line_length, (body_a, body_b))) >= SPLIT_LINE
        and can_fork()
    )


def _read(
    body_a: str, body_b: str, segmented: Segmented, cancel: CancelCheck
) -> tuple[BodyWords, tuple[list[Piece], list[Piece]]]:
    """Both bodies' words and pieces, cut where the caller has none. Two long bodies are cut in a
    forked copy of this process while this one reads their words (which takes longer than cutting
    both: 0.5 s against 0.3 s of 100,000 words a side)."""
    if segmented == (None, None) and _cut_elsewhere(body_a, body_b):
        if threading.active_count() > 1:
            # Where other threads run (the app), the copy imports nothing: an import another thread
            # was making at the fork holds its module's lock in the copy for good.
            ready_to_segment()
        words, cut = in_two(
            lambda: read_words(body_a, body_b),
            lambda: (pieces_to_bytes(segment(body_a)), pieces_to_bytes(segment(body_b))),
            cancel,
        )
        return words, (unpacked_pieces(cut[0]), unpacked_pieces(cut[1]))
    words = read_words(body_a, body_b)
    known_a, known_b = segmented
    return words, (segment(body_a) if known_a is None else known_a, segment(body_b) if known_b is None else known_b)


def _line_length(body: str) -> float:
    """The mean length of the body's lines, in characters."""
    return len(body) / (body.count("\n") + 1)


class Aligned(NamedTuple):
    """Both bodies prepared, and the runs of matched pieces the aligner settled on (its own work only:
    no differences, quotations or left-out passages yet)."""

    a: Side
    b: Side
    runs: list[Run]
    words: BodyWords
    pieces: tuple[list[Piece], list[Piece]]
    found: list[Found]


def align(
    body_a: str,
    body_b: str,
    settings: MatchSettings,
    cancel: CancelCheck,
    segmented: Segmented,
    stages: Stages,
    cut: Cut | None,
) -> Aligned:
    """Read, pair and join: a comparison up to the runs it diffs (compare.py), with body_a not after
    body_b, as the comparison aligns them."""
    stages.at("reading the texts")
    cancel()
    body_words, pieces = _read(body_a, body_b, segmented, cancel)
    stages.at("reading the texts", 0.7)  # weighing the pieces' terms is the rest
    if cut is not None:
        cut(*pieces)
    a, b = prepare(body_a, body_b, settings, pieces, body_words)
    stages.at("pairing passages")
    cancel()
    found = select_matches(a, b, settings, cancel, lambda fraction: stages.at("pairing passages", fraction))
    stages.at("joining neighbours")
    cancel()
    copies = [f for f in found if f.score >= settings.verbatim_score]
    # Names inside copied passages say nothing of the rest: a paragraph pasted into an unrelated
    # article brings its names along.
    rest_a, rest_b = without(a, [f.a for f in copies]), without(b, [f.b for f in copies])
    tokens_a, tokens_b = tokens_without(a, [f.a for f in copies]), tokens_without(b, [f.b for f in copies])
    if report_different_events(rest_a, rest_b, settings.related_anchors, tokens_a, tokens_b):
        # Two accounts of different events: only copies count, not passages that merely share the
        # topic's words ("early in the second half", "he said").
        found = copies
    found = absorb_leftovers(a, b, found)
    # The pairs fill_gaps adds are the only ones the second pass has to extend.
    found = absorb_leftovers(a, b, fill_gaps(a, b, found, settings), settled=len(found))
    stages.at("diffing pairs")
    cancel()
    return Aligned(a, b, merge_runs(found, settings.verbatim_score), body_words, pieces, found)
