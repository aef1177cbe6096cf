"""What comparing two accounts yields — matches, left-out passages, similarity and coverage — and
`compare_texts`, which turns the aligner's piece ranges into character spans of each body."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from operator import add
from typing import TYPE_CHECKING, NamedTuple

from .aligning import Cut, align
from .cancel import CancelCheck, Cancelled, Progress, Stages, checked_within, never, quiet
from .differences import find_differences
from .forked import HERE_SHARE, Aside, can_fork, in_two, worth_splitting
from .matching import Segmented, Side
from .name_index import learn_names_given_by, names_given_by, offer_word_index, pickled_word_index
from .omissions import weigh_left_out
from .passages import Run
from .quote_agreement import Quoting, quoting
from .quotes import QUOTATION_MARKS, find_quotations
from .result import Comparison, Differences, LeftOut, Match, MatchKind, Quotation, Span, match_position
from .settings import MatchSettings
from .spans import (
    coverage,
    left_out_spans,
    match_parts,
    match_spans,
    same_words,
    word_counts,
)

if TYPE_CHECKING:
    from ..ingest.articles import Article

__all__ = [
    "ENGINE_VERSION",
    "Cancelled",
    "Comparison",
    "Progress",
    "Match",
    "MatchSettings",
    "Span",
    "compare_articles",
    "compare_texts",
    "similarity_of",
    "alikeness",
    "leave_work_for_exit",
    "left_for_exit",
]


SPLIT_RUNS = 64
"""Matches enough to share their diffs between two processes: fewer are few and long (one 100,000-word
match, whose diff would go back pickled whole), and sharing them out buys nothing; they are all diffed
in this process, while the other still weighs one side's left-out passages."""
SPLIT_LEFT_OUT = 75_000
"""Characters of b's left-out passages worth weighing in a forked copy (_work_for_a_copy): some 0.06 s
of work, what the copy costs."""
QUOTATION_MARK_WORK = 50
"""Characters of left-out passages that take as long to weigh as finding quotations takes a quotation
mark (the long pair: 1,750 marks in 0.065 s, 111,000 characters weighed in 0.09 s)."""
ENGINE_VERSION = "2.11"
"""Part of the key of every kept comparison (store/compare_cache.py): change it with any change to
what the engine finds, so that results kept by an older engine are computed again."""


_LEFT_FOR_EXIT: list[object] | None = None
"""Where each comparison leaves what it made on the way, once `leave_work_for_exit` is called."""


def leave_work_for_exit() -> None:
    """From now on, keep what each comparison makes on the way (both bodies' words, pieces and bags, the
    pairs and runs) rather than free it when the comparison returns. Only for a process that ends right
    after without freeing its objects (the command line's: `__main__.launch`): freeing them one at a time
    took 0.05 s of the long pair's 2 s, to give back memory to a process about to end. Never in the app,
    which compares again and again."""
    global _LEFT_FOR_EXIT
    if _LEFT_FOR_EXIT is None:
        _LEFT_FOR_EXIT = []


def left_for_exit(*made: object) -> None:
    """Keep `made` unfreed where `leave_work_for_exit` was called; otherwise nothing."""
    if _LEFT_FOR_EXIT is not None:
        _LEFT_FOR_EXIT.append(made)


def _work_for_a_copy(runs: int, b_only: tuple[Span, ...], body_b: str) -> bool:
    """Whether a forked copy would have enough of b's work to pay for it: diffs to share, or left-out
    passages to weigh and quotations to find. Forking a process that holds a long comparison costs
    0.05-0.1 s, as this one then writes to the pages it shares with the copy: 100,000 one-word lines
    against a copy with one line changed took 0.1 s longer with a copy that weighed one passage."""
    if runs >= SPLIT_RUNS:
        return True
    marks = sum(map(body_b.count, QUOTATION_MARKS))
    return sum(len(passage.text) for passage in b_only) + QUOTATION_MARK_WORK * marks >= SPLIT_LEFT_OUT


def _halfway(sizes: list[int], share: float = 0.5) -> int:
    """The index that splits `sizes` into two runs, the first holding about `share` of their sum."""
    total, running = sum(sizes), 0
    for index, size in enumerate(sizes):
        if running + size > share * total:
            return index
        running += size
    return len(sizes)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for one comparison: it makes hundreds of thousands of small
    objects and no cycles, and the collector's passes over them cost a tenth of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                # What the comparison made and keeps (its result, the bodies' values and pieces) goes to
                # the oldest generation as it is, not through a young collection that walks every object
                # of it once the collector is back (0.1-0.17 s after a comparison of 100,000 words). A
                # full collection still looks at it. Where the caller froze objects of its own (the app
                # does, once started), thawing them would undo that: there the young collection runs.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def compare_texts(
    body_a: str,
    body_b: str,
    settings: MatchSettings | None = None,
    cancel: CancelCheck = never,
    segmented: Segmented = (None, None),
    progress: Progress = quiet,
    cut: Cut | None = None,
) -> Comparison:
    """Align two bodies: which passages report the same thing, and what each leaves out. `cancel` is
    called between phases and every few hundred steps; it raises Cancelled to stop the work.
    `segmented`: either body's pieces, where the caller keeps them (the store does, by body).
    `progress` hears the stage and the fraction done, at the same places. `cut` is given both bodies'
    pieces once they are cut (a caller that keeps them lets the engine cut them while it reads the
    words, rather than cut them first)."""
    if body_b == body_a:
        # One string for both: what is read of a body is kept by the body (its values, its pieces), and
        # finding a second, equal body there compares every character, once for each of its thousands
        # of lookups (an article against a copy of itself: 0.2 s of its quotations).
        body_b = body_a
    settings = settings or MatchSettings()
    stages = Stages(progress, _SHARES)
    with collector_paused(), _read_aside(body_a, body_b) as aside, checked_within(partial(_check, cancel, stages)):
        return _compare_texts(body_a, body_b, settings, cancel, segmented, stages, cut, aside)


def _check(cancel: CancelCheck, stages: Stages) -> None:
    """The check the loops deep in a comparison ask for (`check_in`): stop if cancelled, and tell the
    listener the stage again, which a stretch of millions of words reads long without news."""
    cancel()
    stages.again()


class _ReadAside(NamedTuple):
    """What each body gives on its own, read aside (forked.Aside), in the order `_compare_texts` aligns
    them (the lesser body first): its quotations, and the index of its words that weighing the other
    body's left-out passages asks of it (pickled: only the process that weighs unpickles it)."""

    quotes: tuple[tuple[Quotation, ...], tuple[Quotation, ...]]
    word_indexes: tuple[bytes, bytes]


def _read_aside(body_a: str, body_b: str) -> AbstractContextManager[Aside[_ReadAside] | None]:
    """Each body's quotations and index of words, read aside where the bodies are long enough for their
    comparison to be split: while this process reads, pairs and joins alone, on the core it leaves
    idle. Inside the last split they took 0.05-0.1 s and 0.037 s a side of the long pair."""
    if not worth_splitting(body_a, body_b):
        return nullcontext()
    first, second = (body_b, body_a) if body_b < body_a else (body_a, body_b)

    def read() -> _ReadAside:
        if first is second:
            quotes, index = find_quotations(first), pickled_word_index(first)
            return _ReadAside((quotes, quotes), (index, index))
        quotes_pair = (find_quotations(first), find_quotations(second))
        return _ReadAside(quotes_pair, (pickled_word_index(first), pickled_word_index(second)))

    return Aside(read)


def _around(a: Side, b: Side, run: Run) -> tuple[set[str], set[str]]:
    """What the sentences a run's sides begin and end in say besides the run, on each side."""
    return a.terms_around(*run.a), b.terms_around(*run.b)


# Each stage's rough share of a long comparison's time (bench/compare_speed.py's pair, profiled).
_SHARES = {
    "reading the texts": 0.25,
    "pairing passages": 0.3,
    "joining neighbours": 0.07,
    "diffing pairs": 0.2,
    "what each left out": 0.18,
}


def _compare_texts(
    body_a: str,
    body_b: str,
    settings: MatchSettings,
    cancel: CancelCheck,
    segmented: Segmented,
    stages: Stages,
    cut: Cut | None = None,
    aside: Aside[_ReadAside] | None = None,
) -> Comparison:
    if body_b < body_a:
        # Each step breaks its ties by position in a: aligning in one fixed order makes
        # compare(a, b) and compare(b, a) mirror images by construction.
        swapped = (segmented[1], segmented[0])
        cut_swapped = None if cut is None else lambda pieces_b, pieces_a: cut(pieces_a, pieces_b)
        return _compare_texts(body_b, body_a, settings, cancel, swapped, stages, cut_swapped, aside).mirrored()
    aligned = align(body_a, body_b, settings, cancel, segmented, stages, cut)
    a, b, runs = aligned.a, aligned.b, aligned.runs
    spans = [(match_spans(a, *run.a), match_spans(b, *run.b)) for run in runs]
    a_only = left_out_spans(body_a, [(s.start, s.end) for spans_a, _ in spans for s in spans_a])
    b_only = left_out_spans(body_b, [(s.start, s.end) for _, spans_b in spans for s in spans_b])

    # Read aside (while this process read, paired and joined alone), both sides' quotations are here
    # before the work is shared out, and each half also reads what the quotations of its matches say;
    # each body's index of words waits for the weighing that asks it. Otherwise each half finds its
    # own side's quotations and indexes the other's words, and the matches' quotations are read after.
    read_aside = None if aside is None else aside.result()
    if read_aside is not None:
        offer_word_index(body_a, read_aside.word_indexes[0])
        offer_word_index(body_b, read_aside.word_indexes[1])

    def diffed(lo: int, hi: int, report: bool) -> tuple[list[Differences], list[MatchKind], list[Quoting]]:
        """The differences of runs lo..hi, whether each is word for word, and what their quotations say
        where both sides' are found already. Their words are read here, in the process that diffs
        them, not for all runs before the work is shared out."""
        out: list[Differences] = []
        kinds: list[MatchKind] = []
        quoted: list[Quoting] = []
        for number in range(lo, hi):
            if number % 256 == 255:
                cancel()
                if report:
                    stages.at("diffing pairs", (number - lo) / (hi - lo))
            run = runs[number]
            tokens_a, tokens_b = a.tokens(*run.a), b.tokens(*run.b)
            out.append(find_differences(body_a, tokens_a, body_b, tokens_b, partial(_around, a, b, run)))
            kinds.append("verbatim" if same_words(tokens_a, tokens_b) else "paraphrase")
            if read_aside is not None:
                quoted.append(quoting(*spans[number], body_a, body_b, *read_aside.quotes))
        return out, kinds, quoted

    def side_a(
        upto: int,
    ) -> tuple[list[Differences], list[MatchKind], list[Quoting], tuple[Quotation, ...], tuple[LeftOut, ...], float]:
        differences, kinds, quoted = diffed(0, upto, report=True)
        cancel()
        stages.at("what each left out")
        quotes = find_quotations(body_a) if read_aside is None else read_aside.quotes[0]
        left_out = weigh_left_out(body_a, a_only, quotes, body_b)
        return differences, kinds, quoted, quotes, left_out, coverage(body_a, a_only)

    def side_b(
        since: int,
    ) -> tuple[
        list[Differences],
        list[MatchKind],
        list[Quoting],
        tuple[Quotation, ...],
        tuple[LeftOut, ...],
        float,
        dict[str, bool],
    ]:
        """Also which names a gives: asked while weighing, asked again by the summary of what b alone
        reports, which would index a's words to answer (0.05 s of the long pair) where b's were weighed
        in the forked copy."""
        quotes = find_quotations(body_b) if read_aside is None else read_aside.quotes[1]
        differences, kinds, quoted = diffed(since, len(runs), report=False)
        left_out = weigh_left_out(body_b, b_only, quotes, body_a)
        return differences, kinds, quoted, quotes, left_out, coverage(body_b, b_only), names_given_by(body_a)

    if worth_splitting(body_a, body_b) and _work_for_a_copy(len(runs), b_only, body_b) and can_fork():
        # Each process finds one side's quotations, weighs what that side left out and counts how much
        # of it the matches cover; the diffs split where half the words are, where they are many (a
        # few long ones stay here).
        half = len(runs)
        if len(runs) >= SPLIT_RUNS:
            sizes = map(add, word_counts(a, [run.a for run in runs]), word_counts(b, [run.b for run in runs]))
            half = _halfway(list(sizes), HERE_SHARE)
        here, there = in_two(lambda: side_a(half), lambda: side_b(half), cancel)
        differences, kinds, quoted, quotes_a, left_a, coverage_a = here
        more_differences, more_kinds, more_quoted, quotes_b, left_b, coverage_b, answers = there
        learn_names_given_by(body_a, answers)
        differences += more_differences
        kinds += more_kinds
        quoted += more_quoted
    else:
        differences, kinds, quoted, quotes_a, left_a, coverage_a = side_a(len(runs))
        _, _, _, quotes_b, left_b, coverage_b, _ = side_b(len(runs))
    if read_aside is None:
        quoted = [quoting(spans_a, spans_b, body_a, body_b, quotes_a, quotes_b) for spans_a, spans_b in spans]
    matches = []
    earned = 0.0
    for run, (spans_a, spans_b), found_differences, kind, quotations_say in zip(
        runs, spans, differences, kinds, quoted, strict=True
    ):
        part_earned, weights, parts = match_parts(a, b, run)
        score = part_earned / sum(weights) if sum(weights) else run.parts[0].score
        matches.append(Match(round(score, 4), kind, spans_a, spans_b, found_differences, parts, *quotations_say))
        earned += part_earned
    matches.sort(key=match_position)
    cancel()
    comparison = Comparison(
        similarity=_similarity(body_a, body_b, earned, a.total_weight + b.total_weight),
        coverage_a=coverage_a,
        coverage_b=coverage_b,
        matches=tuple(matches),
        a_only=left_a,
        b_only=left_b,
        quotes_a=quotes_a,
        quotes_b=quotes_b,
    )
    stages.done()
    left_for_exit(aligned, spans)
    return comparison


def similarity_of(body_a: str, body_b: str, settings: MatchSettings | None = None) -> float:
    """`compare_texts(body_a, body_b, settings).similarity`, the same number, without what only the
    whole comparison reports (each pair's differences and quotations, the weighing of what each body
    left out; a seed pair takes 8 ms instead of 12-13, a reference pair 6-7 ms instead of 10-18): for
    the callers that ask only whether two accounts report one event (related accounts, story grouping)."""
    return alikeness(body_a, body_b, settings)[0]


def alikeness(body_a: str, body_b: str, settings: MatchSettings | None = None) -> tuple[float, float]:
    """The similarity of two bodies (`similarity_of`) and the share of the shorter one their matches
    cover: what `relatedness.one_event` asks."""
    if body_b == body_a:
        body_b = body_a
    if body_b < body_a:
        body_a, body_b = body_b, body_a  # as _compare_texts aligns them; a mirror has the same similarity
    settings = settings or MatchSettings()
    with collector_paused():
        aligned = align(body_a, body_b, settings, never, (None, None), Stages(quiet, _SHARES), None)
        earned = 0.0
        for run in aligned.runs:  # in the order _compare_texts sums them: the same float
            earned += match_parts(aligned.a, aligned.b, run)[0]
        shorter, side = (body_a, aligned.a) if len(body_a) <= len(body_b) else (body_b, aligned.b)
        covered = [
            (span.start, span.end)
            for run in aligned.runs
            for span in match_spans(side, *(run.a if side is aligned.a else run.b))
        ]
        left_for_exit(aligned)
    similarity = _similarity(body_a, body_b, earned, aligned.a.total_weight + aligned.b.total_weight)
    return similarity, coverage(shorter, left_out_spans(shorter, covered))


def _similarity(body_a: str, body_b: str, earned: float, total: float) -> float:
    """The share of both bodies' weight their matches earn, to four places."""
    similarity = round(earned / total, 4) if total else (1.0 if body_a.strip() == body_b.strip() else 0.0)
    return min(1.0, similarity)


def compare_articles(
    a: Article,
    b: Article,
    settings: MatchSettings | None = None,
    cancel: CancelCheck = never,
    segmented: Segmented = (None, None),
    progress: Progress = quiet,
    cut: Cut | None = None,
) -> Comparison:
    return compare_texts(a.body, b.body, settings, cancel, segmented, progress, cut)
