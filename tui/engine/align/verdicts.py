"""The reader's verdicts on a comparison, applied on top of the engine's result: a match accepted, a
match rejected (its passages go back among the left-out ones), or two passages linked by hand. The
engine stays deterministic; this is a pure function of its result and the verdicts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..text.words import tokenize
from .differences import find_differences
from .omissions import weigh_left_out
from .quote_agreement import quote_match
from .result import Comparison, Match, MatchKind, MatchPart, Span, match_position
from .spans import coverage, left_out_spans

VerdictKind = Literal["accepted", "rejected", "linked"]


@dataclass(frozen=True)
class Verdict:
    """The reader's word on the passages `a` and `b` ((start, end) offsets into each body): the match
    there stands, is wrong, or is made. `detached` when an edit of an article lost its passage."""

    kind: VerdictKind
    a: tuple[int, int]
    b: tuple[int, int]
    id: int | None = None
    detached: bool = False
    author: str | None = None
    """Who gave it, where known (verdicts older than authors have none)."""

    def mirrored(self) -> Verdict:
        return replace(self, a=self.b, b=self.a)


def _overlap(spans: Sequence[Span], place: tuple[int, int]) -> int:
    return sum(max(0, min(place[1], s.end) - max(place[0], s.start)) for s in spans)


def match_for(matches: Sequence[Match], verdict: Verdict) -> int | None:
    """The match the verdict is about: the one sharing most of its passages on both sides."""
    best, most = None, 0
    for index, match in enumerate(matches):
        a, b = _overlap(match.a, verdict.a), _overlap(match.b, verdict.b)
        if a and b and a + b > most:
            best, most = index, a + b
    return best


def _line_spans(body: str, start: int, end: int) -> tuple[Span, ...]:
    """The passage as spans cut at line breaks, trimmed, as the engine gives a match's sides."""
    spans = []
    position = start
    for line in body[start:end].split("\n"):
        s, e = position, position + len(line)
        position = e + 1
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append(Span(s, e, body[s:e]))
    return tuple(spans)


def linked_match(body_a: str, a: tuple[int, int], body_b: str, b: tuple[int, int]) -> Match:
    """A match the reader made between two passages, with its word diff and the share of terms they share
    as its score."""
    tokens_a, tokens_b = tokenize(body_a, *a), tokenize(body_b, *b)
    terms_a = {t for tok in tokens_a for t in tok.terms}
    terms_b = {t for tok in tokens_b for t in tok.terms}
    score = 2 * len(terms_a & terms_b) / (len(terms_a) + len(terms_b)) if terms_a or terms_b else 0.0
    same = [t.surface.casefold() for t in tokens_a] == [t.surface.casefold() for t in tokens_b]
    kind: MatchKind = "verbatim" if same else "paraphrase"
    differences = find_differences(body_a, tokens_a, body_b, tokens_b)
    return Match(
        round(score, 4),
        kind,
        _line_spans(body_a, *a),
        _line_spans(body_b, *b),
        differences,
        (MatchPart(round(score, 4), a, b),),
        verdict="linked",
    )


def _touches(match: Match, place: tuple[int, int], side: str) -> bool:
    return _overlap(match.side("a" if side == "a" else "b"), place) > 0


def apply_verdicts(comparison: Comparison, verdicts: Sequence[Verdict], body_a: str, body_b: str) -> Comparison:
    """The comparison as the reader judged it. Verdicts apply in order (a later one on the same passages
    wins); a detached verdict, or one about a match no longer found, is passed over."""
    matches = list(comparison.matches)
    rejected = list(comparison.rejected)
    for verdict in verdicts:
        if verdict.detached:
            continue
        if verdict.kind == "linked":
            if verdict.a[1] <= verdict.a[0] or verdict.b[1] <= verdict.b[0]:
                continue
            # Passages belong to one match: any match holding either goes, its rest back to the left-out.
            matches = [m for m in matches if not (_touches(m, verdict.a, "a") or _touches(m, verdict.b, "b"))]
            made = replace(linked_match(body_a, verdict.a, body_b, verdict.b), judged_by=verdict.author)
            matches.append(quote_match(made, body_a, body_b, comparison.quotes_a, comparison.quotes_b))
            continue
        index = match_for(matches, verdict)
        if index is None:
            continue
        if verdict.kind == "accepted":
            matches[index] = replace(matches[index], verdict="accepted", judged_by=verdict.author)
        else:
            rejected.append(replace(matches.pop(index), verdict=None, judged_by=verdict.author))
    matches.sort(key=match_position)
    rejected.sort(key=match_position)
    a_only = left_out_spans(body_a, [(s.start, s.end) for m in matches for s in m.a])
    b_only = left_out_spans(body_b, [(s.start, s.end) for m in matches for s in m.b])
    return replace(
        comparison,
        matches=tuple(matches),
        rejected=tuple(rejected),
        coverage_a=coverage(body_a, a_only),
        coverage_b=coverage(body_b, b_only),
        a_only=weigh_left_out(body_a, a_only, comparison.quotes_a, body_b),
        b_only=weigh_left_out(body_b, b_only, comparison.quotes_b, body_a),
    )
