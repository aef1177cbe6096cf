"""Where two panes showing a pair of accounts should scroll: a selected pair level in both, and the
other pane following the one being scrolled, interpolated between matched anchors as meld does."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

Anchor = tuple[float, float]
"""(top line in pane a, top line in pane b) at which a pair sits level in both panes."""


def level_tops(
    lines: tuple[int, int], lengths: tuple[int, int], heights: tuple[int, int], lasts: tuple[int, int]
) -> tuple[int, int]:
    """The top lines that put a pair starting at `lines` (a, b) on the same screen row in both panes,
    a third of the way down (higher when the longer half would not fit below it), within each pane's
    scroll range `lasts`. Where one pane cannot reach that row, the other takes the row it reached."""
    height = min(heights)
    row = max(0, min(height // 3, height - max(lengths)))
    tops = [max(0, min(last, line - row)) for line, last in zip(lines, lasts, strict=False)]
    rows = [line - top for line, top in zip(lines, tops, strict=False)]
    for side in (0, 1):
        if rows[side] != row:  # clamped: the other pane follows to the row this one could reach
            other = 1 - side
            tops[other] = max(0, min(lasts[other], lines[other] - rows[side]))
            break
    # Being in full view comes before being level: a pair that would run off the bottom moves up.
    for side in (0, 1):
        bottom = lines[side] + min(lengths[side], heights[side]) - heights[side]
        tops[side] = max(0, min(lasts[side], lines[side], max(tops[side], bottom)))
    return tops[0], tops[1]


def sync_anchors(pairs: Iterable[tuple[int, int]], lasts: tuple[int, int], row: int) -> list[Anchor]:
    """Monotonic anchors for scrolling together: for each matched (line in a, line in b), the tops
    that show both at `row`, clamped to the scroll ranges, plus both ends. Matches out of order in b
    would make the mapping run backwards; the longest run of anchors increasing on both sides is kept."""
    points = sorted({(max(0, min(lasts[0], a - row)), max(0, min(lasts[1], b - row))) for a, b in pairs})
    points = [p for p in points if 0 < p[0] < lasts[0] and 0 < p[1] < lasts[1]]
    kept = _increasing(points)
    return [(0.0, 0.0), *((float(a), float(b)) for a, b in kept), (float(lasts[0]), float(lasts[1]))]


def _increasing(points: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `points` (sorted by a) strictly increasing in both a and b."""
    tails: list[int] = []  # tails[k]: index of the smallest b ending an increasing run of length k+1
    previous: list[int] = [-1] * len(points)
    for index, (a, b) in enumerate(points):
        # Equal a values cannot both be kept; processing them with a strict bisect on b does that
        # unless their b values increase, which the check below rejects.
        position = bisect.bisect_left([points[t][1] for t in tails], b)
        if position > 0 and points[tails[position - 1]][0] == a:
            continue
        previous[index] = tails[position - 1] if position > 0 else -1
        if position == len(tails):
            tails.append(index)
        else:
            tails[position] = index
    run: list[tuple[int, int]] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        run.append(points[index])
        index = previous[index]
    return run[::-1]


def follow(anchors: Sequence[Anchor], top: float, source: int) -> float:
    """The other pane's top for `top` in pane `source` (0 for a, 1 for b): piecewise-linear between the
    anchors, so it moves monotonically and both panes reach both ends together."""
    target = 1 - source
    xs = [anchor[source] for anchor in anchors]
    if top <= xs[0]:
        return anchors[0][target]
    if top >= xs[-1]:
        return anchors[-1][target]
    right = bisect.bisect_right(xs, top)
    (x0, y0), (x1, y1) = (
        (anchors[right - 1][source], anchors[right - 1][target]),
        (anchors[right][source], anchors[right][target]),
    )
    if x1 == x0:
        return y1
    return y0 + (y1 - y0) * (top - x0) / (x1 - x0)
