"""The quick ways of building a comparison's matches from the aligner's pairs give what the plain loops
they replaced gave (kept here as the reference): pairs taken in order and their gaps filled, runs of
copied pairs, each match's spans, parts and weights, what lies outside the matches, a text with its
copies blanked out, whether a match is word for word, and the word diff of a match whose words are
spelled alike."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align import spans as match_building
from cyberread.engine.align.differences import find_differences
from cyberread.engine.align.leftovers import STRONG_SCORE
from cyberread.engine.align.matching import Found, Side, add_bags, dice, prepare
from cyberread.engine.align.passages import Run, fill_gaps, merge_runs
from cyberread.engine.align.result import MatchPart, Span
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.align.word_diff import word_ops
from cyberread.engine.text.words import WORD, Token, tokenize

QUICK = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words of a few letters (some in either case), values, speech tags; lines of one word or several,
# blank lines and lines of spaces, so that pieces share lines, sentences and blocks in every way.
_WORDS = ["alpha", "Alpha", "beta", "gamma", "said", "and", "the", "3", "40,000", "Wang", "wang", "—", "-"]
_line = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=5).map(" ".join)
_ends = st.sampled_from([". ", ", ", "; ", " ", ".", ""])
_body = st.lists(st.tuples(_line, _ends, st.sampled_from(["\n", "\n\n", "\n \n", " "])), min_size=1, max_size=12).map(
    lambda lines: "".join(line + end + brk for line, end, brk in lines)
)
# Scores of copies (0.8 and up) that round to four digits in different ways.
_SCORES = [0.1, 0.35, 0.4, 0.6, 0.8, 0.83337, 0.912345678, 1.0]


@st.composite
def _sides(draw: st.DrawFn) -> tuple[Side, Side]:
    """Two prepared bodies, the second often the first with a line changed."""
    text_a = draw(_body)
    text_b = draw(st.sampled_from([text_a, text_a.replace("beta", "Beta", 1), "gamma. " + text_a, ""]))
    if not text_b or draw(st.booleans()):
        text_b = draw(_body)
    return prepare(text_a, text_b, MatchSettings())


@st.composite
def _founds(draw: st.DrawFn, a: Side, b: Side) -> list[Found]:
    """Pairs of piece ranges, none empty: runs of one piece a side following each other (the pairs of
    a text copied line by line), longer ones, and a few anywhere (crossing over, sharing a start)."""
    found: list[Found] = []
    n_a, n_b = len(a.pieces), len(b.pieces)
    if not n_a or not n_b:
        return found
    lo_a, lo_b = draw(st.integers(0, n_a - 1)), draw(st.integers(0, n_b - 1))
    copied = draw(st.booleans())  # a run of copies, or pairs of any score
    for k in range(draw(st.integers(0, min(n_a - lo_a, n_b - lo_b)))):
        score = draw(st.sampled_from(_SCORES[4:] if copied else _SCORES))
        found.append(Found(score, (lo_a + k, lo_a + k + 1), (lo_b + k, lo_b + k + 1)))
    for _ in range(draw(st.integers(0, 4))):
        ranges = []
        for n in (n_a, n_b):
            lo = draw(st.integers(0, n - 1))
            ranges.append((lo, draw(st.integers(lo + 1, min(n, lo + 3)))))
        found.append(Found(draw(st.sampled_from(_SCORES)), ranges[0], ranges[1]))
    return draw(st.permutations(found))


def _plain_fill_gaps(a: Side, b: Side, found: list[Found], settings: MatchSettings) -> list[Found]:
    """fill_gaps as it was: the pairs sorted by a key made by a lambda, each pair's checks in their
    first order."""
    ordered = sorted(found, key=lambda f: (f.a, f.b))
    used = ([False] * len(a.pieces), [False] * len(b.pieces))
    for f in found:
        for s, (lo, hi) in enumerate((f.a, f.b)):
            used[s][lo:hi] = [True] * (hi - lo)
    extra = []
    for first, second in zip(ordered, ordered[1:], strict=False):
        if not (first.b[1] <= second.b[0]):
            continue
        if min(first.score, second.score) < settings.gap_anchor_score:
            continue
        gap_a, gap_b = (first.a[1], second.a[0]), (first.b[1], second.b[0])
        if gap_a[0] >= gap_a[1] or gap_b[0] >= gap_b[1]:
            continue
        if (
            _plain_sentences_in(a, gap_a) > settings.gap_sentences
            or _plain_sentences_in(b, gap_b) > settings.gap_sentences
        ):
            continue
        if any(used[0][gap_a[0] : gap_a[1]]) or any(used[1][gap_b[0] : gap_b[1]]):
            continue
        options_a, options_b = _plain_sentence_runs(a, gap_a), _plain_sentence_runs(b, gap_b)
        best: tuple[float, tuple[int, int], tuple[int, int]] | None = None
        for run_a in [*options_a, gap_a] if len(options_a) > 1 else options_a:
            bag_a = add_bags(*a.bags[run_a[0] : run_a[1]])
            for run_b in [*options_b, gap_b] if len(options_b) > 1 else options_b:
                bag_b = add_bags(*b.bags[run_b[0] : run_b[1]])
                if not bag_a.keys() & bag_b.keys():
                    continue
                score = dice(bag_a, bag_b)
                if best is None or (score, run_a, run_b) > best:
                    best = (score, run_a, run_b)
        if best is not None and best[0] >= settings.gap_score:
            extra.append(Found(*best))
    return found + extra + _plain_beside_pairs(a, b, ordered, used, settings, extra)


def _plain_beside_pairs(
    a: Side,
    b: Side,
    ordered: list[Found],
    used: tuple[list[bool], list[bool]],
    settings: MatchSettings,
    extra: list[Found],
) -> list[Found]:
    """passages._beside_pairs as first written: the whole free sentence next to a reworded match in its
    paragraph, on both sides, paired when they share two terms and score enough."""
    if not settings.gap_sentences:
        return []
    for f in extra:
        for s, (lo, hi) in enumerate((f.a, f.b)):
            used[s][lo:hi] = [True] * (hi - lo)
    pairs = []
    for f in ordered:
        if not STRONG_SCORE <= f.score < settings.verbatim_score:
            continue
        for step in (-1, 1):
            run_a, run_b = _plain_sentence_beside(a, f.a, step, used[0]), _plain_sentence_beside(b, f.b, step, used[1])
            if run_a is None or run_b is None:
                continue
            bag_a, bag_b = add_bags(*a.bags[run_a[0] : run_a[1]]), add_bags(*b.bags[run_b[0] : run_b[1]])
            if len(bag_a.keys() & bag_b.keys()) < 2 or dice(bag_a, bag_b) < settings.gap_score:
                continue
            pairs.append(Found(dice(bag_a, bag_b), run_a, run_b))
            for s, (lo, hi) in enumerate((run_a, run_b)):
                used[s][lo:hi] = [True] * (hi - lo)
    return pairs


def _plain_sentence_beside(side: Side, span: tuple[int, int], step: int, used: list[bool]) -> tuple[int, int] | None:
    pieces = side.pieces
    edge = span[0] if step < 0 else span[1] - 1
    k = edge + step
    if not 0 <= k < len(pieces) or pieces[k].block != pieces[edge].block or pieces[k].sentence == pieces[edge].sentence:
        return None
    members = [i for i, piece in enumerate(pieces) if piece.sentence == pieces[k].sentence]
    lo, hi = min(members), max(members) + 1
    if any(pieces[i].block != pieces[edge].block for i in members) or any(used[lo:hi]):
        return None
    return lo, hi


def _plain_sentences_in(side: Side, gap: tuple[int, int]) -> int:
    return side.pieces[gap[1] - 1].sentence - side.pieces[gap[0]].sentence + 1


def _plain_sentence_runs(side: Side, gap: tuple[int, int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for k in range(*gap):
        if runs and side.pieces[k].sentence == side.pieces[runs[-1][0]].sentence:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    return runs


def _plain_merge_runs(found: list[Found], copy_score: float) -> list[tuple[Found, ...]]:
    """merge_runs as it was, its runs' parts."""
    runs: list[list[Found]] = []
    for f in sorted(found, key=lambda f: (f.a, f.b)):
        last = runs[-1][-1] if runs else None
        follows = last is not None and last.a[1] == f.a[0] and last.b[1] == f.b[0]
        if follows and last is not None and min(last.score, f.score) >= copy_score:
            runs[-1].append(f)
        else:
            runs.append([f])
    return [tuple(parts) for parts in runs]


def _plain_spans(side: Side, lo: int, hi: int) -> tuple[Span, ...]:
    extents: list[list[int]] = []
    last_block = None
    for piece in side.pieces[lo:hi]:
        if extents and piece.block == last_block:
            extents[-1][1] = piece.end
        else:
            extents.append([piece.start, piece.end])
        last_block = piece.block
    return tuple(Span(start, end, side.text[start:end]) for start, end in extents)


def _plain_left_out(text: str, covered: list[tuple[int, int]]) -> tuple[Span, ...]:
    gaps, position = [], 0
    for start, end in sorted(covered):
        if start > position:
            gaps.append((position, start))
        position = max(position, end)
    gaps.append((position, len(text)))
    spans = []
    for start, end in gaps:
        for line in re.finditer(r"[^\n]+", text[start:end]):
            s, e = start + line.start(), start + line.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if WORD.search(text, s, e):
                spans.append(Span(s, e, text[s:e]))
    return tuple(spans)


def _plain_without(side: Side, ranges: list[tuple[int, int]]) -> str:
    text, parts, position = side.text, [], 0
    for lo, hi in sorted(ranges):
        start, end = max(side.pieces[lo].start, position), side.pieces[hi - 1].end
        if end <= start:
            continue
        parts += [text[position:start], " " * (end - start)]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _plain_parts(a: Side, b: Side, run: Run) -> tuple[float, list[float], tuple[MatchPart, ...]]:
    """A match's weights, parts and earned score as _compare_texts made them, part by part."""

    def extent(side: Side, lo: int, hi: int) -> tuple[int, int]:
        return side.pieces[lo].start, side.pieces[hi - 1].end

    def weight(side: Side, lo: int, hi: int) -> float:
        return sum(side.weights[lo:hi])

    weights = [weight(a, *f.a) + weight(b, *f.b) for f in run.parts]
    part_earned = sum(f.score * w for f, w in zip(run.parts, weights, strict=True))
    parts = tuple(MatchPart(round(f.score, 4), extent(a, *f.a), extent(b, *f.b)) for f in run.parts)
    return part_earned, weights, parts


@QUICK
@given(_sides(), st.data())
def test_matches_are_ordered_gaps_filled_and_runs_merged_as_by_the_plain_loops(
    sides: tuple[Side, Side], data: st.DataObject
) -> None:
    a, b = sides
    found = data.draw(_founds(a, b))
    settings = MatchSettings()
    filled = fill_gaps(a, b, found, settings)
    assert filled == _plain_fill_gaps(a, b, found, settings)
    for copy_score in (settings.verbatim_score, 0.0):
        assert [run.parts for run in merge_runs(filled, copy_score)] == _plain_merge_runs(filled, copy_score)


@QUICK
@given(_sides(), st.data())
def test_a_comparisons_matches_are_built_as_part_by_part(sides: tuple[Side, Side], data: st.DataObject) -> None:
    a, b = sides
    found = data.draw(_founds(a, b))
    runs = merge_runs(found, MatchSettings().verbatim_score)
    for run in runs:
        # repr: the same floats to the last digit, the same parts
        assert repr(match_building.match_parts(a, b, run)) == repr(_plain_parts(a, b, run))
        for side, (lo, hi) in ((a, run.a), (b, run.b)):
            assert match_building.match_spans(side, lo, hi) == _plain_spans(side, lo, hi)
    for side, ranges in ((a, [f.a for f in found]), (b, [f.b for f in found])):
        assert match_building.without(side, ranges) == _plain_without(side, ranges)
        covered = [(s.start, s.end) for lo, hi in ranges for s in _plain_spans(side, lo, hi)]
        assert match_building.left_out_spans(side.text, covered) == _plain_left_out(side.text, covered)


@QUICK
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=12), _body)
@example([], "")
@example([(0, 3)], "a \n \n\n b")
def test_what_lies_outside_the_matches_is_what_the_plain_walk_found(spans: list[tuple[int, int]], text: str) -> None:
    covered = [(start, start + length) for start, length in spans if start + length <= len(text)]
    assert match_building.left_out_spans(text, covered) == _plain_left_out(text, covered)


_surfaces = st.lists(st.sampled_from(["Said", "said", "SAID", "ß", "ss", "Wang", "3"]), max_size=6)


@QUICK
@given(_surfaces, _surfaces)
def test_a_match_is_word_for_word_as_when_every_word_was_folded(words_a: list[str], words_b: list[str]) -> None:
    tokens_a = [Token(k, k + 1, word, (word.casefold(),)) for k, word in enumerate(words_a)]
    tokens_b = [Token(k, k + 1, word, (word.casefold(),)) for k, word in enumerate(words_b)]
    plain = [t.surface.casefold() for t in tokens_a] == [t.surface.casefold() for t in tokens_b]
    assert match_building.same_words(tokens_a, tokens_b) == plain


@QUICK
@given(_body, st.sampled_from([None, ("beta", "Beta"), ("beta", "BETA"), ("the", "a"), ("and", "or")]))
def test_the_diff_of_words_spelled_alike_is_the_one_read_from_their_folded_words(
    text: str, change: tuple[str, str] | None
) -> None:
    # Another case, or another function word (a word without terms): the same terms, other words.
    other = text if change is None else text.replace(*change)
    tokens_a, tokens_b = tokenize(text), tokenize(other)
    differences = find_differences(text, tokens_a, other, tokens_b)
    # What the diff was before the caller told it the words are spelled alike: folded and compared.
    surfaces_a, surfaces_b = [t.surface for t in tokens_a], [t.surface for t in tokens_b]
    if surfaces_b < surfaces_a:
        tokens_a, tokens_b = tokens_b, tokens_a
    if [t.terms for t in tokens_a] == [t.terms for t in tokens_b]:
        plain = word_ops(tokens_a, tokens_b, same_terms=True)
        assert (differences.ops if surfaces_b >= surfaces_a else differences.mirrored().ops) == plain


@QUICK
@given(st.lists(st.sampled_from(_SCORES[4:]), min_size=2, max_size=30), st.integers(0, 3), st.integers(0, 3))
@example([0.0, -0.0, 0.0], 0, 0)
@example([-0.0, 0.0, 1.0], 1, 2)
def test_a_run_of_lines_copied_one_by_one_is_built_as_part_by_part(
    scores: list[float], skip_a: int, skip_b: int
) -> None:
    # One piece a part on each side, the parts of a run following each other: read at once.
    lines = ["alpha", "Beta beta", "3", "gamma said", "Wang", "the", "40,000"]
    text_a = "\n".join(lines[k % len(lines)] for k in range(len(scores) + skip_a))
    text_b = "\n\n".join(["the gamma"] * skip_b + [lines[k % len(lines)] for k in range(len(scores))])
    a, b = prepare(text_a, text_b, MatchSettings())
    found = [Found(score, (skip_a + k, skip_a + k + 1), (skip_b + k, skip_b + k + 1)) for k, score in enumerate(scores)]
    (run,) = merge_runs(found, 0.0)  # all joined, whatever they score
    assert repr(match_building.match_parts(a, b, run)) == repr(_plain_parts(a, b, run))
