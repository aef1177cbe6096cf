"""What comparing two accounts yields: matched pairs with their word-level differences, the passages
each account alone carries, similarity and coverage. Every offset indexes the clean body of its side."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

OpTag = Literal["equal", "replace", "insert", "delete"]
Side = Literal["a", "b"]
ChangeKind = Literal["number", "date", "name"]
MatchKind = Literal["verbatim", "paraphrase"]
# How the two sides of a match quote: the same words; one quote changed (a misquote: most of its words
# the same, some swapped, cut or added); each in words of its own (reworded: another translation of the
# remark, or another remark); one side quoting what the other reports in its own words; or neither.
QuoteAgreement = Literal["same", "misquote", "reworded", "one_side", "none"]
FramingKind = Literal["verb", "qualifier"]
# A reader's verdict that a match stands: confirmed as the engine found it, or linked by hand.
MatchVerdict = Literal["accepted", "linked"]


@dataclass(frozen=True)
class Span:
    """A stretch of one body: `text == body[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class WordOp:
    """One step of the aligned word diff that turns a match's words in a into its words in b.

    `a` and `b` are (start, end) offsets into each body; the side an insert or delete lacks is an
    empty range at the place the words would go, so a view can still put a caret there.
    """

    tag: OpTag
    a: tuple[int, int]
    b: tuple[int, int]

    def mirrored(self) -> WordOp:
        tag: OpTag = {"insert": "delete", "delete": "insert"}.get(self.tag, self.tag)  # type: ignore[assignment]
        return WordOp(tag, self.b, self.a)


@dataclass(frozen=True)
class ValueChange:
    """A number or a name that the two sides of a match give differently, as whole units:
    "3.2 million" -> "3.4 million", "14 March" -> "15 March", a minister named on one side only."""

    kind: ChangeKind
    a: Span | None
    b: Span | None

    def mirrored(self) -> ValueChange:
        return ValueChange(self.kind, self.b, self.a)

    @property
    def label(self) -> str:
        return f"{self.a.text if self.a else '—'} → {self.b.text if self.b else '—'}"


@dataclass(frozen=True)
class Differences:
    """What the two sides of a match say differently.

    `ops` is the aligned word diff; `changes` the numbers, dates and names that disagree, with their
    places; `numbers` and `names` the same changes as (a, b) text pairs ("" where one side has none),
    and `a_words` / `b_words` the content words found on one side only.
    """

    a_words: tuple[str, ...]
    b_words: tuple[str, ...]
    numbers: tuple[tuple[str, str], ...]
    names: tuple[tuple[str, str], ...]
    ops: tuple[WordOp, ...] = ()
    changes: tuple[ValueChange, ...] = ()

    def mirrored(self) -> Differences:
        return Differences(
            self.b_words,
            self.a_words,
            tuple((y, x) for x, y in self.numbers),
            tuple((y, x) for x, y in self.names),
            tuple(op.mirrored() for op in self.ops),
            tuple(change.mirrored() for change in self.changes),
        )


@dataclass(frozen=True)
class FramingChange:
    """How the reporter frames what a speaker said, given differently by the two sides: a reporting
    verb ("said" -> "claimed") or a qualifier one side adds ("so-called"). Either side may be None."""

    kind: FramingKind
    a: Span | None
    b: Span | None

    def mirrored(self) -> FramingChange:
        return FramingChange(self.kind, self.b, self.a)

    @property
    def label(self) -> str:
        return f"{self.a.text if self.a else '—'} → {self.b.text if self.b else '—'}"


@dataclass(frozen=True)
class Carries:
    """What a left-out passage holds that a reader weighs: names, numbers and dates, quotations, and
    claims attributed to someone ("Wang said")."""

    names: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class LeftOut(Span):
    """A passage one account carries and the other left out, with what it carries and a weight from 0
    (nothing a reader would miss) to 1 (names, figures and quotations)."""

    weight: float = 0.0
    carries: Carries = field(default_factory=Carries)


@dataclass(frozen=True)
class MatchPart:
    """One sentence-level pair inside a match: a run of copied sentences is one match made of parts."""

    score: float
    a: tuple[int, int]
    b: tuple[int, int]

    def mirrored(self) -> MatchPart:
        return MatchPart(self.score, self.b, self.a)


@dataclass(frozen=True)
class Match:
    """Passages of a and b that report the same thing; either side may span several passages.

    `kind` is "verbatim" when the words are the same (case, punctuation and spacing aside) and
    "paraphrase" otherwise. `parts` are the sentence pairs the match was built from.
    """

    score: float
    kind: MatchKind
    a: tuple[Span, ...]
    b: tuple[Span, ...]
    differences: Differences
    parts: tuple[MatchPart, ...] = field(default=())
    quote: QuoteAgreement = "none"
    """Whether both sides quote, and the same words; `quoted` is the word diff of the quoted words only."""
    quoted: tuple[WordOp, ...] = ()
    framing: tuple[FramingChange, ...] = ()
    speakers: tuple[str | None, str | None] = (None, None)
    """Who each side quotes in this match (the attribution, or the last speaker named before it)."""
    verdict: MatchVerdict | None = None
    """Set when the reader confirmed the match (or made it): never by the engine."""
    judged_by: str | None = None
    """Who gave the verdict (a confirmation, a link, or for a rejected match its rejection), where known."""

    def mirrored(self) -> Match:
        return Match(
            self.score,
            self.kind,
            self.b,
            self.a,
            self.differences.mirrored(),
            tuple(part.mirrored() for part in self.parts),
            self.quote,
            tuple(op.mirrored() for op in self.quoted),
            tuple(change.mirrored() for change in self.framing),
            (self.speakers[1], self.speakers[0]),
            self.verdict,
            self.judged_by,
        )

    @property
    def quote_cut(self) -> bool:
        """A misquote that only leaves words out (or adds some), none changed: a shortened quotation,
        which reads as an accusation of changed words when called a misquote alone."""
        changes = [op for op in self.quoted if op.tag != "equal"]
        return self.quote == "misquote" and bool(changes) and all(op.tag in ("insert", "delete") for op in changes)

    def side(self, side: Side) -> tuple[Span, ...]:
        return self.a if side == "a" else self.b

    def extent(self, side: Side) -> tuple[int, int]:
        """(start, end) of the whole match on one side."""
        spans = self.side(side)
        return spans[0].start, spans[-1].end


@dataclass(frozen=True)
class Comparison:
    """Two accounts side by side. `matches` are in the order of a; `a_only` / `b_only` are the
    passages each account carries that the other does not."""

    similarity: float
    coverage_a: float
    coverage_b: float
    matches: tuple[Match, ...]
    a_only: tuple[Span, ...]
    b_only: tuple[Span, ...]
    quotes_a: tuple[Quotation, ...] = ()
    """The direct quotations in each account, in order."""
    quotes_b: tuple[Quotation, ...] = ()
    rejected: tuple[Match, ...] = ()
    """Matches the reader rejected (apply_verdicts): their passages are back among the left-out ones."""

    def mirrored(self) -> Comparison:
        """The same comparison with a and b swapped, as `compare_texts(b, a)` gives it."""
        matches = sorted((m.mirrored() for m in self.matches), key=match_position)
        return replace(
            self,
            coverage_a=self.coverage_b,
            coverage_b=self.coverage_a,
            matches=tuple(matches),
            a_only=self.b_only,
            b_only=self.a_only,
            quotes_a=self.quotes_b,
            quotes_b=self.quotes_a,
            rejected=tuple(sorted((m.mirrored() for m in self.rejected), key=match_position)),
        )

    def quotes(self, side: Side) -> tuple[Quotation, ...]:
        return self.quotes_a if side == "a" else self.quotes_b

    def left_out(self, side: Side) -> tuple[Span, ...]:
        return self.a_only if side == "a" else self.b_only

    def coverage(self, side: Side) -> float:
        return self.coverage_a if side == "a" else self.coverage_b


@dataclass(frozen=True)
class Quotation:
    """Words an account puts inside quotation marks: `parts` are the quoted stretches (several when the
    quote is broken by "he said" or runs over paragraphs), and who is quoted, when the text says."""

    parts: tuple[Span, ...]
    speaker: str | None = None

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    @property
    def text(self) -> str:
        return " … ".join(part.text for part in self.parts)


def match_position(match: Match) -> tuple[int, int]:
    return (match.a[0].start, match.b[0].start) if match.a and match.b else (0, 0)
