"""Collation: three or more accounts of one event read against a base account, as textual scholars
collate witnesses. Every pair of accounts is aligned once (`align_pairs`, in parallel when given an
executor); `collate` then reads that table against any base without aligning again, so switching the
base is instant.

For each sentence of the base it says which other accounts carry it (verbatim or reworded, with their
passages and scores); it lists the passages the base lacks that two or more other accounts share, and
what each account alone carries. Every offset indexes the clean body of the account it belongs to.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Literal, Protocol

from ..align.compare import compare_texts
from ..align.relatedness import reports_one_event
from ..align.result import Comparison, Match, Quotation, QuoteAgreement, Span
from ..align.settings import MatchSettings
from ..align.spans import coverage as body_coverage
from ..align.spans import left_out_spans
from ..text.sentences import sentences
from ..text.words import WORD
from .given import CARRIED_SHARE, Given, covered_length
from .stories import MAX_DAYS_APART, day_number

Carriage = Literal["verbatim", "reworded", "absent"]
_SPACE = re.compile(r"\s")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_NAME_FILLERS = frozenset({"the", "a", "an", "of", "and", "for", "on", "in", "via"})


class Account(Protocol):
    """What collation needs of an account: an Article has all of it."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def outlet(self) -> str | None: ...
    @property
    def body(self) -> str: ...


PairKey = tuple[int, int]


class PairTable:
    """The comparison of every pair of accounts, stored once per pair (i < j): compare_texts mirrors
    exactly, so (j, i) is the mirror image of (i, j)."""

    def __init__(self, comparisons: dict[PairKey, Comparison]) -> None:
        self._comparisons = comparisons

    def __call__(self, i: int, j: int) -> Comparison:
        if i < j:
            return self._comparisons[(i, j)]
        return self._comparisons[(j, i)].mirrored()

    def with_each(self, change: Callable[[int, int, Comparison], Comparison]) -> PairTable:
        """The table with each pair's comparison (i < j) passed through `change` (the reader's verdicts
        applied, store/verdicts.py)."""
        return PairTable({(i, j): change(i, j, comparison) for (i, j), comparison in self._comparisons.items()})


def pairs_of(count: int) -> list[PairKey]:
    return list(itertools.combinations(range(count), 2))


def _align_pair(job: tuple[str, str, MatchSettings]) -> Comparison:
    body_a, body_b, settings = job
    comparison = compare_texts(body_a, body_b, settings)
    if reports_one_event(comparison, body_a, body_b):
        return comparison  # else the few sentences paired share stock phrases, not the story
    a_only, b_only = left_out_spans(body_a, []), left_out_spans(body_b, [])
    return Comparison(
        comparison.similarity, body_coverage(body_a, a_only), body_coverage(body_b, b_only), (), a_only, b_only
    )


def align_pairs(
    bodies: Sequence[str],
    settings: MatchSettings | None = None,
    executor: Executor | None = None,
    on_pair: Callable[[int, int], None] | None = None,
) -> PairTable:
    """Align every pair of `bodies`. With an executor (a process pool: the engine is CPU-bound Python)
    the pairs run in parallel; without one, one after another in this thread. `on_pair(done, total)`
    follows the progress."""
    settings = settings or MatchSettings()
    keys = pairs_of(len(bodies))
    jobs = [(bodies[i], bodies[j], settings) for i, j in keys]
    results: Iterable[Comparison] = executor.map(_align_pair, jobs) if executor else map(_align_pair, jobs)
    comparisons: dict[PairKey, Comparison] = {}
    for done, (key, comparison) in enumerate(zip(keys, results, strict=True), 1):
        comparisons[key] = comparison
        if on_pair is not None:
            on_pair(done, len(keys))
    return PairTable(comparisons)


@dataclass(frozen=True)
class Reading:
    """How another account carries a passage: its words for it, how alike they are, and which match of
    the pairwise comparison (passage's account first) holds them."""

    account: int
    kind: Literal["verbatim", "reworded"]
    score: float
    spans: tuple[Span, ...]
    match: int
    quote: QuoteAgreement = "none"
    """How the two quote each other in this passage ("none" where neither quotes in it)."""
    changes: tuple[str, ...] = ()
    """The numbers, dates and names the passage and this reading give differently ("Four → —")."""
    quote_cut: bool = False
    """The misquote only leaves words out (Match.quote_cut)."""

    @property
    def notes(self) -> str:
        """What the account changes in the passage it carries, in a few words: a quote it gives otherwise,
        the numbers and names it gives otherwise or leaves out ("≠ misquote · Four → —"); "" for none."""
        quote = [_QUOTE_NOTES[self.quote]] if self.quote in _QUOTE_NOTES else []
        if self.quote_cut:
            quote = ["≠ quote cut short"]
        return " · ".join([*quote, *self.changes])


_QUOTE_NOTES = {"misquote": "≠ misquote", "reworded": "quote in other words", "one_side": "quote against a paraphrase"}


@dataclass(frozen=True)
class CollatedPassage:
    """A sentence of one account (`account`, the base for the base's passages) and the other accounts
    that carry it; an account not among `readings` does not carry it."""

    account: int
    span: Span
    readings: tuple[Reading, ...]

    def reading(self, account: int) -> Reading | None:
        return next((r for r in self.readings if r.account == account), None)

    def carriage(self, account: int) -> Carriage:
        reading = self.reading(account)
        return "absent" if reading is None else reading.kind


@dataclass(frozen=True)
class AccountSummary:
    """One account in the collation.

    `coverage`: the share of its body that at least one other account carries; `base_coverage`: the
    share of the base's body it carries; `story_coverage`: the share of the story (the passages that two
    or more accounts tell, as collated here) it carries; `alone`: the passages no other account carries.
    """

    index: int
    coverage: float
    base_coverage: float
    story_coverage: float
    alone: tuple[Span, ...]


@dataclass(frozen=True)
class Collation:
    base: int
    passages: tuple[CollatedPassage, ...]
    """Every sentence of the base, in order."""
    shared: tuple[CollatedPassage, ...]
    """Passages the base lacks that two or more other accounts share, each once, told by the first of them."""
    accounts: tuple[AccountSummary, ...]
    pairs: PairTable

    def story_share(self, summary: AccountSummary) -> str:
        """An account's share of the story, as a percentage; "—" for two accounts, whose story (what two
        or more tell) is what both tell, 100% of each by definition."""
        return f"{summary.story_coverage:.0%}" if len(self.accounts) > 2 else "—"


def _visible(text: str) -> int:
    return len(text) - len(_SPACE.findall(text))


def _same_words(x: str, y: str) -> bool:
    return [w.casefold() for w in WORD.findall(x)] == [w.casefold() for w in WORD.findall(y)]


def _reading(
    body: str, other_body: str, start: int, end: int, comparison: Comparison, other: int, gives: tuple[Given, Given]
) -> Reading | None:
    """How the account `other` carries body[start:end], from the comparison of the two (body first);
    `gives`: what each of the two gives anywhere in its body."""
    best: tuple[int, int, Match] | None = None
    covered = 0
    partners: list[tuple[int, int]] = []
    for index, match in enumerate(comparison.matches):
        first, last = match.extent("a")
        if last <= start or first >= end:
            continue
        overlap = sum(max(0, min(end, s.end) - max(start, s.start)) for s in match.a)
        covered += overlap
        partners += [p.b for p in match.parts if start <= p.a[0] and p.a[1] <= end]
        if best is None or overlap > best[0]:
            best = (overlap, index, match)
    if best is None:
        return None
    # A long sentence may carry the other's whole sentence in a small part of it ("The senior Chinese
    # diplomat put forward four suggestions ..., and ..." against "The Chinese diplomat made a
    # four-point proposal"): the other carries it there, as the passages the base lacks take it to.
    if covered < CARRIED_SHARE * (end - start) and not gives[1].holds_a_sentence(partners):
        return None
    _, index, match = best
    parts = [p for p in match.parts if p.a[0] < end and p.a[1] > start] or list(match.parts)
    if parts:
        # Every passage of the other that a part of this sentence is paired with, the best match's
        # and those of other matches the sentence holds whole: a long sentence may carry several.
        places = sorted({p.b for p in parts} | set(partners))
        spans = tuple(Span(lo, hi, other_body[lo:hi]) for lo, hi in places)
        score = max(p.score for p in parts)
    else:
        spans, score = match.b, match.score
    verbatim = match.kind == "verbatim" or (
        len(parts) == len(spans) == 1 and _same_words(body[parts[0].a[0] : parts[0].a[1]], spans[0].text)
    )
    kind: Literal["verbatim", "reworded"] = "verbatim" if verbatim else "reworded"
    # The match's quotations say how this passage quotes only where the passage quotes: a match of
    # three sentences, the last quoting the minister on both sides, said its first, which quotes
    # nobody, gave the quote "in other words". (The other side's spans may be the whole match's, more
    # than this passage's partner: a quotation there is not known to be this passage's.)
    quote: QuoteAgreement = "none"
    if _overlaps(_quote_parts(comparison.quotes_a), [(start, end)]) and match.quote != "none":
        quoted_there = _overlaps(_quote_parts(comparison.quotes_b), [(s.start, s.end) for s in spans])
        quote = match.quote if quoted_there else "one_side"
    changes = _changes(match, start, end, spans, gives)
    return Reading(other, kind, round(score, 4), spans, index, quote, changes, quote == "misquote" and match.quote_cut)


def _quote_parts(quotes: tuple[Quotation, ...]) -> list[tuple[int, int]]:
    return [(part.start, part.end) for quote in quotes for part in quote.parts]


def _overlaps(these: list[tuple[int, int]], those: list[tuple[int, int]]) -> bool:
    return any(s < e2 and s2 < e for s, e in these for s2, e2 in those)


def _changes(
    match: Match, start: int, end: int, spans: tuple[Span, ...], gives: tuple[Given, Given]
) -> tuple[str, ...]:
    """The match's changed numbers, dates and names that lie in this passage (start..end of the
    passage's account), or in the reading's spans where the passage gives none. A figure or name one
    side gives and the other's passage does not is left out where the other gives it elsewhere in its
    body: "140 → —" said of an account that gives the 140 passengers a sentence later."""
    reading = [(s.start, s.end) for s in spans]
    said = []
    for change in match.differences.changes:
        if change.a is not None and _overlaps([(change.a.start, change.a.end)], [(start, end)]):
            if change.b is None and (change.kind, change.a) in gives[1]:
                continue
        elif change.a is None and change.b is not None and _overlaps([(change.b.start, change.b.end)], reading):
            if (change.kind, change.b) in gives[0]:
                continue
        else:
            continue
        said.append(change.label)
    return tuple(said)


def _passages(
    accounts: Sequence[Account], pairs: PairTable, owner: int, others: Iterable[int], gives: Sequence[Given]
) -> list[CollatedPassage]:
    body = accounts[owner].body
    others = list(others)
    found = []
    for start, end in sentences(body):
        if not WORD.search(body, start, end):
            continue
        readings = []
        for other in others:
            both = (gives[owner], gives[other])
            reading = _reading(body, accounts[other].body, start, end, pairs(owner, other), other, both)
            if reading is not None:
                readings.append(reading)
        found.append(CollatedPassage(owner, Span(start, end, body[start:end]), tuple(readings)))
    return found


def collate(accounts: Sequence[Account], pairs: PairTable, base: int = 0) -> Collation:
    """Read the aligned accounts against `accounts[base]`."""
    count = len(accounts)
    gives = [Given(account.body) for account in accounts]
    others = [i for i in range(count) if i != base]
    passages = _passages(accounts, pairs, base, others, gives)
    # What of each account the base carries: what the base's passages show as its readings (a
    # sentence half of which a match held, whose base side was too small a part of a long base
    # sentence to be read there, was shown nowhere: Wire Desk's and Sputnik's word-for-word four-point
    # proposal), and what the pair's matches hold (a clause the base's sentence carries within a
    # sentence read against another account was listed as lacked by the base).
    shown: dict[int, list[tuple[int, int]]] = {
        owner: [(span.start, span.end) for match in pairs(owner, base).matches for span in match.a] for owner in others
    }
    for passage in passages:
        for reading in passage.readings:
            shown[reading.account] += [(span.start, span.end) for span in reading.spans]
    shared: list[CollatedPassage] = []
    # Which account's sentence stands for a passage several tell does not hang on the order the
    # accounts were given in: the same accounts and base collate alike from the command line, the
    # library's marks and a story.
    others = sorted(others, key=lambda i: (accounts[i].id, i))
    for position, owner in enumerate(others):
        for passage in _passages(accounts, pairs, owner, others[position + 1 :] + others[:position], gives):
            span = passage.span
            if covered_length(shown[owner], span.start, span.end) >= CARRIED_SHARE * (span.end - span.start):
                continue
            # Told first by an earlier account: listed there already.
            if passage.readings and all(r.account in others[position + 1 :] for r in passage.readings):
                shared.append(passage)
    story = [p for p in passages if p.readings] + shared
    story_weight = sum(_visible(p.span.text) for p in story)
    summaries = []
    for index, account in enumerate(accounts):
        covered = [
            (span.start, span.end)
            for other in range(count)
            if other != index
            for match in pairs(index, other).matches
            for span in match.a
        ]
        alone = left_out_spans(account.body, covered)
        carried = sum(_visible(p.span.text) for p in story if p.account == index or p.reading(index) is not None)
        summaries.append(
            AccountSummary(
                index=index,
                coverage=body_coverage(account.body, alone),
                base_coverage=1.0 if index == base else pairs(base, index).coverage_a,
                story_coverage=round(carried / story_weight, 6) if story_weight else 0.0,
                alone=alone,
            )
        )
    return Collation(base, tuple(passages), tuple(shared), tuple(summaries), pairs)


def days_from_base(dates: Sequence[str | None], base: int) -> dict[int, int]:
    """The accounts dated further from the base than the stories allow one event (MAX_DAYS_APART), by
    how many days: a collation of accounts the reader chose may hold another event told alike (the same
    ferry's second accident, a year on), which the alignment alone takes for the same story."""
    anchor = day_number(dates[base])
    far = {}
    for index, date in enumerate(dates):
        day = day_number(date)
        if index != base and anchor is not None and day is not None and abs(day - anchor) > MAX_DAYS_APART:
            far[index] = day - anchor
    return far


def far_dated(days: int) -> str:
    """What days_from_base found, said: "dated 448 days after the base: another event told alike?"."""
    return f"dated {abs(days):,} days {'after' if days > 0 else 'before'} the base: another event told alike?"


def collate_accounts(
    accounts: Sequence[Account],
    base: int = 0,
    settings: MatchSettings | None = None,
    executor: Executor | None = None,
) -> Collation:
    """Align every pair of `accounts` and read them against `accounts[base]`."""
    return collate(accounts, align_pairs([a.body for a in accounts], settings, executor), base)


def initials(accounts: Sequence[Account]) -> list[str]:
    """One letter for each account, from its outlet (else its title), unique within the collation: the
    first letter of a word of the name that says something ("The Daily Courier" is D, not T), else of
    another of its words (a second Continental Wire is W, not O), else another letter of it, else a digit."""
    taken: set[str] = set()
    letters = []
    for number, account in enumerate(accounts, 1):
        name = account.outlet or account.title
        words = _ASCII_WORD.findall(name)
        telling = [w for w in words if w.casefold() not in _NAME_FILLERS]
        candidates = [w[0].upper() for w in [*telling, *words]]
        candidates += [c.upper() for c in name if c.isalpha() and c.isascii()] + [str(number % 10)]
        letter = next((c for c in candidates if c not in taken), "?")
        taken.add(letter)
        letters.append(letter)
    return letters
