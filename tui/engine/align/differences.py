"""What the two sides of one match say differently: the aligned word diff, the numbers, dates and
names that disagree as whole units ("3.2 million" -> "3.4 million", a minister named by one outlet
only), and the content words found on one side only."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Callable
from itertools import chain
from operator import attrgetter, methodcaller

from rapidfuzz import fuzz, process

from ..text.words import Token
from .counted import counted_alike
from .durations import same_durations
from .names import names_in
from .qualifiers import qualified_values
from .result import ChangeKind, Differences, Span, ValueChange, WordOp
from .word_diff import word_ops

# Two names on the two sides are one person or place spelled or styled differently from this likeness
# up; below it they are paired only when the word diff puts them in one step. The likeness is rapidfuzz's
# token set ratio: "Wang Yi" and "Wang" are one name (100), "Pandor" and "Pandors" (92); WRatio, which
# scores a part of the longer name, made "Office of the CPC Central Commission for Foreign Affairs" and
# "Chinese Foreign Ministry" one (85.5, on "Foreign"; token set: 54).
_NAME_VARIANT_RATIO = 80
_NAME_LIKENESS = fuzz.token_set_ratio
# Words spelled within this rapidfuzz ratio of each other are variants, not differences.
_WORD_VARIANT_RATIO = 88
# Values of these kinds may stand for each other in a change ("nine" -> "10", "4.5%" -> "4.25%").
_COMPATIBLE = {
    "number": {"number"},
    "percent": {"percent"},
    "money": {"money", "number"},
    "ordinal": {"ordinal"},
    "date": {"date"},
}
# Days of the week are dates a report gives as such ("inspect the bridge on Monday" / "on Tuesday"):
# a day changed is a date changed, though no number says so.
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_SURFACE, _TERMS = attrgetter("surface"), attrgetter("terms")
_IS_VALUE = methodcaller("startswith", "#")
"""Whether a term is a value's ("#3200000", "#date:03-14")."""


def _value_kind(token: Token) -> str | None:
    """The kind of a value token ("#date:03-14" is a date, and so is "Monday"), or None for a word."""
    if not token.terms or not token.terms[0].startswith("#"):
        return "date" if token.terms and token.terms[0] in _WEEKDAYS else None
    key = token.terms[0][1:]
    if key.startswith("date:"):
        return "date"
    if key.startswith("ord:"):
        return "ordinal"
    if key.endswith(("%", "pt")):
        return "percent"
    if not key[:1].isdigit() and key[:1] not in "-.":
        return "money"
    return "number"


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1] or span[0] == span[1] == other[0]


def _step_of(ops: tuple[WordOp, ...], side: str, place: tuple[int, int]) -> int | None:
    """The index of the diff step that holds `place` on one side, if it is not an equal step."""
    for index, op in enumerate(ops):
        where = op.a if side == "a" else op.b
        if op.tag != "equal" and where[0] <= place[0] and place[1] <= max(where[1], where[0]):
            return index
    return None


class _Steps:
    """The diff step of places on one side, found by bisection over the non-equal steps' start
    offsets: _step_of scans every step, and pairing asked it once per pair of odd values or names
    (minutes for a 100,000-word clause whose diff has a step per name)."""

    def __init__(self, ops: tuple[WordOp, ...], side: str) -> None:
        self.ops, self.side = ops, side
        wheres = [(op.a if side == "a" else op.b, index) for index, op in enumerate(ops) if op.tag != "equal"]
        # Empty ranges hold no token; the rest of a side's steps are in order and do not overlap, so
        # only the last step starting at or before a place can hold it.
        spans = [(where, index) for where, index in wheres if where[1] > where[0]]
        self.ordered = all(spans[k - 1][0][1] <= spans[k][0][0] for k in range(1, len(spans)))
        self.starts = [where[0] for where, _ in spans]
        self.spans = spans

    def of(self, place: tuple[int, int]) -> int | None:
        if not self.ordered or place[1] <= place[0]:
            return _step_of(self.ops, self.side, place)
        k = bisect_right(self.starts, place[0]) - 1
        if k < 0:
            return None
        (_, end), index = self.spans[k]
        return index if place[1] <= end else None


def _pair_values(
    body_a: str,
    odd_a: list[Token],
    body_b: str,
    odd_b: list[Token],
    ops: tuple[WordOp, ...],
) -> list[ValueChange]:
    """Disagreeing values paired when the diff puts them in one step and their kinds agree; the rest
    stand alone. Order follows a, then b."""
    if not odd_a and not odd_b:
        return []
    changes: list[tuple[int, int, ValueChange]] = []
    taken_b: set[int] = set()
    steps_a, steps_b = _Steps(ops, "a"), _Steps(ops, "b")
    # b's values in b's order by (step, kind): a value of a takes the first untaken one of a kind
    # it agrees with in its own step, and only that group's first is ever untaken.
    waiting: dict[tuple[int, str], deque[int]] = defaultdict(deque)
    for k, y in enumerate(odd_b):
        step_y = steps_b.of((y.start, y.end))
        if step_y is not None:
            waiting[step_y, _value_kind(y) or "number"].append(k)
    for x in odd_a:
        kind_x = _value_kind(x) or "number"
        step = steps_a.of((x.start, x.end))
        partner = None
        if step is not None:
            heads = [group for kind in _COMPATIBLE[kind_x] if (group := waiting.get((step, kind)))]
            if heads:
                partner = min(heads, key=lambda group: group[0]).popleft()
        span_x = Span(x.start, x.end, body_a[x.start : x.end])
        if partner is None:
            changes.append((x.start, -1, ValueChange(_change_kind(kind_x), span_x, None)))
            continue
        taken_b.add(partner)
        y = odd_b[partner]
        changes.append((x.start, y.start, ValueChange(_change_kind(kind_x), span_x, Span(y.start, y.end, y.surface))))
    for k, y in enumerate(odd_b):
        if k not in taken_b:
            kind_y = _value_kind(y) or "number"
            changes.append((1 << 60, y.start, ValueChange(_change_kind(kind_y), None, Span(y.start, y.end, y.surface))))
    changes.sort(key=lambda c: (c[0], c[1]))
    return [c for _, _, c in changes]


def _change_kind(kind: str) -> ChangeKind:
    return "date" if kind == "date" else "number"


def _name_changes(
    body_a: str,
    tokens_a: list[Token],
    body_b: str,
    tokens_b: list[Token],
    ops: tuple[WordOp, ...],
    terms: tuple[set[str], set[str]] | None = None,
    given: tuple[set[str], set[str]] | None = None,
) -> list[ValueChange]:
    """Names on one side that the other does not carry, paired with the other side's odd name when
    they are spellings of one name or the diff replaces one with the other. `terms`: the terms of
    each side's tokens, when the caller has them; `given`: the terms each side's sentences give
    (its tokens' and those around them), which carry a name of the other side's."""
    if terms is None:
        terms = {t for tok in tokens_a for t in tok.terms}, {t for tok in tokens_b for t in tok.terms}
    terms_a, terms_b = terms
    given_a, given_b = terms if given is None else given

    def odd(text: str, tokens: list[Token], mine: set[str], theirs: set[str]) -> list[Span]:
        found: dict[str, Span] = {}
        if theirs.issuperset(mine):
            return []  # the other side carries every word of every name
        for run in names_in(text, tokens):
            # A name the other side carries in most of its words is the same name ("Wang Yi" and
            # "Wang"); a shared leading title is dropped ("Minister Naledi Pandor" keeps the name).
            content = [t for tok in run for t in tok.terms]
            if sum(t in theirs for t in content) * 2 >= len(content):
                continue
            lead = 0
            while lead < len(run) - 1 and all(t in theirs for t in run[lead].terms):
                if not run[lead + 1].surface[:1].isupper():
                    break  # bound to the rest by "of" or "and": "Disaster and Emergency Management Authority"
                lead += 1
            run = run[lead:]
            if run and any(tok.terms for tok in run):
                span = Span(run[0].start, run[-1].end, text[run[0].start : run[-1].end])
                found.setdefault(span.text, span)
        return list(found.values())

    names_a, names_b = odd(body_a, tokens_a, terms_a, given_b), odd(body_b, tokens_b, terms_b, given_a)
    if not names_a and not names_b:
        return []
    candidates = _name_candidates(names_a, names_b, _Steps(ops, "a"), _Steps(ops, "b"))
    candidates.sort()
    taken_a: dict[int, int] = {}
    taken_b: set[int] = set()
    for _, _, i, j in candidates:
        if i not in taken_a and j not in taken_b:
            taken_a[i] = j
            taken_b.add(j)
    changes = [
        (x.start, ValueChange("name", x, names_b[taken_a[i]] if i in taken_a else None)) for i, x in enumerate(names_a)
    ]
    changes += [(1 << 60, ValueChange("name", None, y)) for j, y in enumerate(names_b) if j not in taken_b]
    return [c for _, c in sorted(changes, key=lambda c: (c[0], c[1].b.start if c[1].b else -1))]


# Spelling comparisons (_NAME_LIKENESS) the names of a match may spend: two 100,000-word clauses
# naming a different person every 16 words are 39 million pairs of names (102 s). Within it every
# pair is compared, as it always was; past it names pair only within a step of the word diff, and a
# step whose names would pass it too pairs them in order (the first of a's with the first of b's).
NAME_WORK = 1_000_000


def _name_candidates(
    names_a: list[Span], names_b: list[Span], steps_a: _Steps, steps_b: _Steps
) -> list[tuple[float, int, int, int]]:
    """(-ratio, -same step, i, j) for every pair of names that may pair: spellings of one name by
    _NAME_VARIANT_RATIO, or names the diff puts in one step."""
    where_a = [steps_a.of((x.start, x.end)) for x in names_a]
    where_b = [steps_b.of((y.start, y.end)) for y in names_b]
    in_step_b: dict[int, list[int]] = defaultdict(list)
    for j, step in enumerate(where_b):
        if step is not None:
            in_step_b[step].append(j)
    candidates: list[tuple[float, int, int, int]] = []
    if len(names_a) * len(names_b) <= NAME_WORK:
        texts_b = [y.text for y in names_b]
        for i, x in enumerate(names_a):
            found = process.extract(
                x.text, texts_b, scorer=_NAME_LIKENESS, score_cutoff=_NAME_VARIANT_RATIO, limit=None
            )
            variants = {j: ratio for _, ratio, j in found}
            step = where_a[i]
            for j in in_step_b.get(step, []) if step is not None else []:
                ratio = variants.pop(j) if j in variants else _NAME_LIKENESS(x.text, names_b[j].text)
                candidates.append((-ratio, -1, i, j))
            candidates += [(-ratio, 0, i, j) for j, ratio in variants.items()]
        return candidates
    in_step_a: dict[int, list[int]] = defaultdict(list)
    for i, step in enumerate(where_a):
        if step is not None and step in in_step_b:
            in_step_a[step].append(i)
    spent = 0
    for step, group_a in sorted(in_step_a.items()):
        group_b = in_step_b[step]
        if spent + len(group_a) * len(group_b) <= NAME_WORK:
            spent += len(group_a) * len(group_b)
            pairs = [(i, j) for i in group_a for j in group_b]
        else:
            pairs = list(zip(group_a, group_b, strict=False))
        for i, j in pairs:
            candidates.append((-_NAME_LIKENESS(names_a[i].text, names_b[j].text), -1, i, j))
    return candidates


# Spelling comparisons one side's word list may spend on the other's variants: a match of two long
# unpunctuated texts, each with thousands of words of its own, compared every pair (3 s at 10,000
# words). Past this, a word counts as the side's own without the check. The long pair's costliest
# match spends 485; a million (0.4 s a side, the whole of it spent by "minister Wang1234 met" said
# 33,000 times with new numbers) bought nothing a real match asks for.
VARIANT_WORK = 200_000


class _Spellings:
    """The other side's own words, asked whether one of them is a spelling of a term ("pandor" and
    "pandors"): only words whose length allows fuzz.ratio >= _WORD_VARIANT_RATIO are compared, each
    term once."""

    def __init__(self, variants: list[str]) -> None:
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for variant in variants:
            self.by_length[len(variant)].append(variant)
        self._within_ratio: dict[int, list[str]] = {}
        self.answers: dict[str, bool] = {}
        self.work = 0

    def has_variant(self, term: str) -> bool:
        answer = self.answers.get(term)
        if answer is None:
            choices = self._within_ratio.get(len(term))
            if choices is None:
                lengths = _lengths_within_ratio(len(term))
                choices = self._within_ratio[len(term)] = [v for n in lengths for v in self.by_length.get(n, ())]
            self.work += len(choices)
            answer = self.work <= VARIANT_WORK and (
                process.extractOne(term, choices, scorer=fuzz.ratio, score_cutoff=_WORD_VARIANT_RATIO) is not None
            )
            self.answers[term] = answer
        return answer


def _lengths_within_ratio(n: int) -> range:
    """Lengths a word may have and still reach _WORD_VARIANT_RATIO with one of n letters: the ratio is
    2 * common / (n + m), and common <= min(n, m). Rounded outwards; the ratio itself decides."""
    ratio = _WORD_VARIANT_RATIO
    return range(n * ratio // (200 - ratio), -(-n * (200 - ratio) // ratio) + 1)


def _words_only_here(tokens: list[Token], theirs: set[str], their_variants: list[str]) -> list[str]:
    seen, out = set(), []
    spellings = _Spellings(their_variants)
    for token in tokens:
        if not token.terms or theirs.issuperset(token.terms) or _value_kind(token) is not None:
            continue
        if len(token.surface) == 1 and token.surface.isalpha():
            continue  # a letter of "U.S." or "a.m.", or an initial: no word of its own
        missing = [t for t in token.terms if t not in theirs]
        if all(spellings.has_variant(t) for t in missing):
            continue
        key = token.surface.casefold()
        if key not in seen:
            seen.add(key)
            out.append(token.surface)
    return out


Around = Callable[[], tuple[set[str], set[str]]]
"""The terms of the rest of the sentences a match's sides begin and end in, on each side (asked only
where a side has terms the other lacks: only then can a name or value be its own)."""


def _nothing_around() -> tuple[set[str], set[str]]:
    return set(), set()


def find_differences(
    body_a: str, tokens_a: list[Token], body_b: str, tokens_b: list[Token], around: Around = _nothing_around
) -> Differences:
    """The differences of a match whose sides hold these tokens (offsets into each body). A name or
    value one side's passage gives is its own only if the other side's sentences do not give it
    either: a passage that starts within its sentence ("... and also director of the Office, said")
    leaves its subject ("Wang, member of the Political Bureau") out of the match, not out of the
    account."""
    surfaces_a, surfaces_b = list(map(_SURFACE, tokens_a)), list(map(_SURFACE, tokens_b))
    if surfaces_b < surfaces_a:
        # Ties in the diff and in pairing go by position in the first sequence: one fixed order keeps
        # (a, b) and (b, a) mirror images of each other.
        def around_swapped() -> tuple[set[str], set[str]]:
            terms_a, terms_b = around()
            return terms_b, terms_a

        return find_differences(body_b, tokens_b, body_a, tokens_a, around_swapped).mirrored()
    terms_in_order = list(map(_TERMS, tokens_a)), list(map(_TERMS, tokens_b))
    if terms_in_order[0] == terms_in_order[1]:
        # The same terms in the same order (more than half the matches of a long pair): neither side
        # has a word, value or name of its own, and the words can differ only in case or in function
        # words. Both sides' sets of terms took 0.07 s of a 100,000-word match of distinct words.
        ops = word_ops(tokens_a, tokens_b, same_terms=True, same_words=surfaces_a == surfaces_b)
        qualified = qualified_values(body_a, tokens_a, body_b, tokens_b, ops) if len(ops) > 1 else []
        return Differences((), (), _texts(qualified), (), ops, tuple(qualified))
    terms_a, terms_b = set(chain.from_iterable(terms_in_order[0])), set(chain.from_iterable(terms_in_order[1]))
    # A side none of whose terms is a value's holds no value: its diff keys are its folded words, not
    # read from each token's first term. A side of 100,000 distinct words, in a comparison, read its
    # keys token by token in 0.045 s (its terms lie all over memory); its folded words and this look
    # at the terms the sets have just read take 0.015 s. (Terms laid out in the tokens' order, as
    # unpickled, read token by token in 0.012 s, and the look there costs more than it saves.)
    ops = word_ops(tokens_a, tokens_b, values=(any(map(_IS_VALUE, terms_a)), any(map(_IS_VALUE, terms_b))))
    only_a = sorted(terms_a - terms_b)
    only_b = sorted(terms_b - terms_a)
    # A side whose every term the other has holds no word, value or name of its own.
    a_words = _words_only_here(tokens_a, terms_b, only_b) if only_a else []
    b_words = _words_only_here(tokens_b, terms_a, only_a) if only_b else []

    def odd_values(tokens: list[Token], own: list[str], theirs: set[str]) -> list[Token]:
        seen: set[str] = set()
        out: list[Token] = []
        if not any(term.startswith("#") or term in _WEEKDAYS for term in own):
            # An odd value's term is one of the side's own terms: where none is a value's, no token
            # need be read (reading each one's first term took 0.03 s of a 100,000-word match).
            return out
        for token in tokens:
            if _value_kind(token) is not None and token.terms[0] not in theirs and token.terms[0] not in seen:
                seen.add(token.terms[0])
                out.append(token)
        return out

    # What each side's sentences give besides its passage, read only where a value or name may be odd.
    around_a, around_b = around() if only_a or only_b else (set(), set())
    with_a, with_b = (terms_a | around_a, terms_b | around_b) if around_a or around_b else (terms_a, terms_b)
    # "both deputies" gives the two of "the two deputies" ("both" is a function word, with no term).
    with_a, with_b = (_with_both(surfaces_a, with_a), _with_both(surfaces_b, with_b))
    values = _pair_values(
        body_a, odd_values(tokens_a, only_a, with_b), body_b, odd_values(tokens_b, only_b, with_a), ops
    )
    values = counted_alike(same_durations(values, body_a, tokens_a, body_b, tokens_b), tokens_a, tokens_b)
    if len(ops) > 1:
        values = sorted(
            values + qualified_values(body_a, tokens_a, body_b, tokens_b, ops),
            key=lambda c: (c.a.start if c.a else 1 << 60, c.b.start if c.b else -1),
        )
    names = _name_changes(body_a, tokens_a, body_b, tokens_b, ops, (terms_a, terms_b), (with_a, with_b))
    return Differences(tuple(a_words), tuple(b_words), _texts(values), _texts(names), ops, tuple(values + names))


def _with_both(surfaces: list[str], terms: set[str]) -> set[str]:
    """`terms`, and the figure two where the words say "both"."""
    return terms | {"#2"} if "both" in surfaces or "Both" in surfaces or "BOTH" in surfaces else terms


def _texts(changes: list[ValueChange]) -> tuple[tuple[str, str], ...]:
    return tuple((c.a.text if c.a else "", c.b.text if c.b else "") for c in changes)
