"""A comparison's piece ranges as what it gives: the character spans of a match's sides, its parts
and their weights, what each body leaves out and the share it covers, and a text with stretches
blanked out (offsets kept) for the passes that must not see them."""

from __future__ import annotations

import re
from itertools import accumulate
from operator import add, attrgetter, mul

from ..text.safe import BLANKS
from ..text.words import WORD, Token
from .matching import Side
from .passages import Run
from .result import MatchPart, Span

_SCORE, _SURFACE = attrgetter("score"), attrgetter("surface")


def match_spans(side: Side, lo: int, hi: int) -> tuple[Span, ...]:
    """The pieces lo..hi as spans, one per line of the body, so no span holds a paragraph break."""
    pieces = side.pieces
    if lo < hi and pieces[lo].block == pieces[hi - 1].block:
        first, last = pieces[lo], pieces[hi - 1]
        # Pieces number their lines in order: the first and last on one line, the whole range is one
        # span. So are 8,510 of the long pair's 8,644 sides of matches: 14 ms for them all, 19 ms
        # reading the pieces one by one.
        return (Span(first.start, last.end, side.text[first.start : last.end]),)
    # Each line's extent first, its text sliced once: slicing it again for each piece it grew by was
    # quadratic in a match over one long line (100,000 words of names in one list: 0.25 s a side).
    starts, ends = [], []
    line = None
    for piece in pieces[lo:hi]:
        if piece.block == line:
            ends[-1] = piece.end
        else:
            starts.append(piece.start)
            ends.append(piece.end)
            line = piece.block
    # The spans are made in C from the lines' extents, kept as numbers (a match of 100,000 one-word
    # lines: 0.05 s a side instead of 0.057 s).
    return tuple(map(Span, starts, ends, map(side.text.__getitem__, map(slice, starts, ends))))


def left_out_spans(text: str, covered: list[tuple[int, int]]) -> tuple[Span, ...]:
    """Every stretch outside the matches that holds a word, cut at line breaks, trimmed."""
    gaps, position = [], 0
    for start, end in sorted(covered):
        if start > position:
            gaps.append((position, start))
        if end > position:
            position = end
    gaps.append((position, len(text)))
    spans = []
    for start, end in gaps:
        stretch = text[start:end]
        if stretch.isspace():
            # No line of it holds a word. Most gaps are the line break between two matched lines,
            # 100,000 of them in a match of one-word lines: looking for lines in each took 0.05 s a side.
            continue
        for line in re.finditer(r"[^\n]+", stretch):
            s, e = start + line.start(), start + line.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if WORD.search(text, s, e):
                spans.append(Span(s, e, text[s:e]))
    return tuple(spans)


def coverage(text: str, left_out: tuple[Span, ...]) -> float:
    """Share of the body's visible characters inside matches (blank space is neither in nor out)."""
    visible = len(text) - _blanks(text)
    if not visible:
        return 1.0
    # Counted in all the passages at once, as many as their characters: a call for each passage cost
    # more than reading them.
    left_out_text = "".join(span.text for span in left_out)
    missing = len(left_out_text) - _blanks(left_out_text)
    return round(1 - missing / visible, 6)


def _blanks(text: str) -> int:
    """How many characters of the text `\\s` matches. Each blank counted in C, a pass over the text
    each (none for one wider than the text's widest): 6 ms for a 620,000-character body with curly
    quotes, where making a string of each blank (re.findall) took 15 ms."""
    return sum(map(text.count, BLANKS))


def same_words(tokens_a: list[Token], tokens_b: list[Token]) -> bool:
    """`verbatim` means the words are the same: case, punctuation and spacing aside."""
    # Words spelled alike are folded alike, and most verbatim matches are spelled alike: folding every
    # word of a 100,000-word match took 0.01 s, comparing the spellings takes 0.004 s. Lists of words of
    # other lengths differ however they are folded.
    if len(tokens_a) != len(tokens_b):
        return False
    surfaces_a, surfaces_b = list(map(_SURFACE, tokens_a)), list(map(_SURFACE, tokens_b))
    return surfaces_a == surfaces_b or list(map(str.casefold, surfaces_a)) == list(map(str.casefold, surfaces_b))


def without(side: Side, ranges: list[tuple[int, int]]) -> str:
    """The side's text with the pieces of these ranges blanked out (offsets kept)."""
    pieces = side.pieces
    return blanked(side.text, [(pieces[lo].start, pieces[hi - 1].end) for lo, hi in ranges])


def blanked(text: str, stretches: list[tuple[int, int]]) -> str:
    """The text with each stretch (start, end) overwritten by as many spaces, every other character
    where it was: what lies outside matches, or outside quotations. Built in one pass from the
    stretches in order: re-slicing the whole text once per stretch was quadratic in a long text, and
    writing into a list of its characters took 5.5 ms of a 620,000-character body. Each stretch
    without a call to max() or a list made to add it: 0.015 s a side of 100,000 stretches, not 0.027 s."""
    parts, position = [], 0
    for start, end in sorted(stretches):
        if start < position:
            start = position
        if end <= start:
            continue  # empty, or within stretches already blanked
        parts.append(text[position:start])
        parts.append(" " * (end - start))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def tokens_without(side: Side, ranges: list[tuple[int, int]]) -> list[Token] | None:
    """The words `prepare` kept of the pieces outside these ranges, in order: the words of `_without`'s
    text without tokenizing it again (None when `prepare` kept none)."""
    if side.piece_tokens is None:
        return None
    kept = [True] * len(side.pieces)
    for lo, hi in ranges:
        kept[lo:hi] = [False] * (hi - lo)
    return [t for keep, tokens in zip(kept, side.piece_tokens, strict=True) if keep for t in tokens]


def word_counts(side: Side, ranges: list[tuple[int, int]]) -> list[int]:
    """How many words `side.tokens` gives for each range, without making the lists: how much diffing
    each match is, to share it out between two processes (compare.py)."""
    if side.piece_tokens is None:
        return [len(side.tokens(lo, hi)) for lo, hi in ranges]
    before = list(accumulate(map(len, side.piece_tokens), initial=0))
    return [before[hi] - before[lo] for lo, hi in ranges]


def extent(side: Side, lo: int, hi: int) -> tuple[int, int]:
    return side.pieces[lo].start, side.pieces[hi - 1].end


def weight(side: Side, lo: int, hi: int) -> float:
    return sum(side.weights[lo:hi])


def match_parts(a: Side, b: Side, run: Run) -> tuple[float, list[float], tuple[MatchPart, ...]]:
    """A run's parts as a match gives them, with the weight of each (its pieces' on both sides) and
    the score they earn together, each part's score times its weight.

    Made part by part, this took 0.19 s of a match of 100,000 one-word lines, one piece a part. A run
    of several parts with as many parts as pieces on each side is one piece a part (its parts follow
    each other, and none is empty): its weights are its pieces' (sum() of one weight gives it back)
    and its extents its pieces', read at once, and each score is rounded once (round() to four digits
    takes 0.23 us, and the parts of a copied block score alike): 0.07 s."""
    if len(run.parts) == 1:
        # Most runs are one pair (4,121 of a long pair's 4,322): read its ranges once, without the
        # run's properties, the helpers and a generator for one part (25 ms for all runs, 14 ms so).
        # The score earned is summed as for several parts: sum() gives 0.0 for -0.0.
        (found,) = run.parts
        (lo_a, hi_a), (lo_b, hi_b) = found.a, found.b
        part_weight = sum(a.weights[lo_a:hi_a]) + sum(b.weights[lo_b:hi_b])
        part = MatchPart(
            round(found.score, 4),
            (a.pieces[lo_a].start, a.pieces[hi_a - 1].end),
            (b.pieces[lo_b].start, b.pieces[hi_b - 1].end),
        )
        return sum((found.score * part_weight,)), [part_weight], (part,)
    (lo_a, hi_a), (lo_b, hi_b) = run.a, run.b
    if 1 < len(run.parts) == hi_a - lo_a == hi_b - lo_b:
        scores = list(map(_SCORE, run.parts))
        distinct = set(scores)
        if 0 in distinct:
            shown = [round(score, 4) for score in scores]  # a dict takes 0.0 and -0.0 for one score
        else:
            rounded = {score: round(score, 4) for score in distinct}
            shown = list(map(rounded.__getitem__, scores))
        weights = list(map(add, a.weights[lo_a:hi_a], b.weights[lo_b:hi_b]))
        extents_a = [(piece.start, piece.end) for piece in a.pieces[lo_a:hi_a]]
        extents_b = [(piece.start, piece.end) for piece in b.pieces[lo_b:hi_b]]
        parts = tuple(map(MatchPart, shown, extents_a, extents_b))
        return sum(map(mul, scores, weights)), weights, parts
    weights = [weight(a, *f.a) + weight(b, *f.b) for f in run.parts]
    parts = tuple(MatchPart(round(f.score, 4), extent(a, *f.a), extent(b, *f.b)) for f in run.parts)
    return sum(f.score * w for f, w in zip(run.parts, weights, strict=True)), weights, parts
