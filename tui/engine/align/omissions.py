"""Left-out passages by weight: what each carries (names, numbers and dates, quotations, claims
attributed to someone), and a weight from those. What each account alone reports, in one line, is read
from them (alone.py)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence

from ..text.checkpoints import check_in
from ..text.values import Value, body_values, find_values
from ..text.words import Token, is_function_word, tokenize
from .attribution import attributions
from .name_index import OtherAccount, other_account
from .names import name_places
from .quote_agreement import overlapping_parts
from .result import Carries, LeftOut, Quotation, Span

# What one of each adds to a passage's weight; a name or figure the other account never gives counts
# fully, one it gives elsewhere less: the reader already has it.
_NEW_NAME, _KNOWN_NAME = 1.0, 0.35
_NEW_NUMBER, _KNOWN_NUMBER = 1.2, 0.35
_QUOTE, _CLAIM = 1.5, 0.8
_PER_WORD = 0.02
# The weight is 1 - exp(-raw / _SCALE): a passage with a new name, a new figure and a quote is near 0.7.
_SCALE = 3.0


def carried(
    body: str,
    span: Span,
    quotes: tuple[Quotation, ...],
    tokens: list[Token] | None = None,
    values: list[Value] | None = None,
) -> Carries:
    """What a passage of `body` carries, each thing once, in order (`tokens` and `values`: the
    passage's, when the caller has them already)."""
    tokens = tokenize(body, span.start, span.end) if tokens is None else tokens
    values = find_values(body, span.start, span.end) if values is None else values
    names = _unique(body[s:e] for s, e in name_places(body, tokens))
    numbers = _unique(_figures(body, values))
    parts = (quotes[q].parts[p] for q, p in overlapping_parts(quotes, span.start, span.end))
    quoted = _unique(filter(None, (_quoted_within(body, part, span) for part in parts)))
    return Carries(names, numbers, quoted, _unique(attributions(span.text)))


def _quoted_within(body: str, part: Span, span: Span) -> str:
    """The words of a quoted part that lie in the passage, with "…" where the part runs on past it: a
    passage that holds the end of a quotation carries that end, not the words a match holds."""
    start, end = max(part.start, span.start), min(part.end, span.end)
    words = body[start:end].strip()
    if not words:
        return ""
    return ("…" if start > part.start else "") + words + ("…" if end < part.end else "")


_COUNTED = re.compile(r"\s+([a-z]{3,})\b")
# What an ordinal orders: a word ("34th minute"), or the capitalised words of a name, up to three
# ("12th International Meeting" of "the 12th International Meeting of High Representatives").
_ORDERED = re.compile(r"\s+((?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]{2,}|[a-z]{3,})\b")
_RANGE_JOINER = re.compile(r"\s*(?:to|through|until|till|-|–|—)\s*")


def _figures(body: str, values: list[Value]) -> Iterator[str]:
    """The values as a reader lists them: a day that closes a range of dates with the date that opens
    it ("from August 22 to 24" is "August 22 to 24", not "August 22" and "24"), a bare number with the
    word it counts (`_counted`), others as written. An ordinal in words is no figure of the account's
    ("the first day", "the second half", "the Second World War"): one in digits is ("13th Meeting")."""
    k = 0
    phones = [m.span() for m in _PHONE.finditer(body)] if "+" in body or "(" in body else []
    while k < len(values):
        value = values[k]
        if value.kind == "ordinal" and not any(map(str.isdigit, value.text)):
            k += 1
            continue
        if any(start <= value.start and value.end <= end for start, end in phones):
            k += 1  # a telephone number's groups ("+44 1223 000 000") are no figures of the story
            continue
        after = values[k + 1] if k + 1 < len(values) else None
        if after is not None and _RANGE_JOINER.fullmatch(body, value.end, after.start) and _days(value, after):
            yield body[value.start : after.end]
            k += 2
            continue
        yield _counted(body, value)
        k += 1


_PHONE = re.compile(r"(?:\+\d{1,3}|\(\d{2,5}\))(?:[\s.\-]?\(?\d{1,5}\)?){2,6}")
"""A telephone number as press releases and contact lines write it: a country code or an area code in
brackets, then groups of digits."""


def _days(first: Value, last: Value) -> bool:
    """Whether two values joined by "to" or a dash are a range of days: a date and the day it runs to
    ("August 22 to 24"), or a day and the date it runs to ("3-5 May")."""
    if first.kind == "date" and last.text.isdigit():
        return 1 <= int(last.text) <= 31
    return last.kind == "date" and first.text.isdigit() and 1 <= int(first.text) <= 31


_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_MONTHS = frozenset("january february march april may june july august september october november december".split())


def _month_before(body: str, value: Value) -> bool:
    """Whether a month's name comes right before the value ("February 2023")."""
    words = body[max(0, value.start - 12) : value.start].split()
    return bool(words) and words[-1].casefold() in _MONTHS


def _counted(body: str, value: Value) -> str:
    """A bare number with the word it counts ("45 countries"), an ordinal with the word it orders
    ("13th Meeting"); other values as written."""
    text = value.text
    if value.kind == "ordinal":
        following = _ORDERED.match(body, value.end)
    elif _YEAR.fullmatch(text):
        # A year counts nothing: "the February 2023 earthquakes", "in January 2020 killed 41 people".
        return (
            f"{body[max(0, value.start - 12) : value.start].split()[-1]} {text}" if _month_before(body, value) else text
        )
    elif text.replace(",", "").isdigit():
        following = _COUNTED.match(body, value.end)
    else:
        return text
    if following and not is_function_word(following.group(1)):
        return f"{text} {following.group(1)}"
    return text


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        key = " ".join(item.split())
        seen.setdefault(key.casefold(), key)
    return tuple(seen.values())


def weigh(
    body: str,
    span: Span,
    quotes: tuple[Quotation, ...],
    other: OtherAccount,
    other_values: set[str],
    terms: dict[str, tuple[str, ...]] | None = None,
) -> LeftOut:
    """The passage with what it carries and its weight (0 to 1) for a reader of the other account,
    `other`, whose values' terms are `other_values`. `terms`: the terms of words (no compound split)
    met in other passages of the body, filled in as words are met."""
    values = body_values(body).within(span.start, span.end)
    tokens = tokenize(body, span.start, span.end, cache=terms, values=values)
    carries = carried(body, span, quotes, tokens, values)
    raw = sum(_KNOWN_NAME if other.gives(name) else _NEW_NAME for name in carries.names)
    raw += sum(_NEW_NUMBER if v.term not in other_values else _KNOWN_NUMBER for v in values)
    raw += _QUOTE * min(2, len(carries.quotes)) + _CLAIM * min(2, len(carries.claims))
    raw += _PER_WORD * sum(1 for t in tokens if t.terms)
    weight = round(1 - math.exp(-raw / _SCALE), 4)
    return LeftOut(span.start, span.end, span.text, weight, carries)


def body_values_of(body: str) -> list[Value]:
    """The values of a whole body, read once (the aligner read them already): weighing the left-out
    passages of a pair and summing up what each account alone gives ask for them twice a side."""
    return body_values(body).values


def weigh_left_out(
    body: str, spans: Sequence[Span], quotes: tuple[Quotation, ...], other_body: str
) -> tuple[LeftOut, ...]:
    if not spans:
        return ()  # nothing to weigh, and no values of the other body to read for it
    other_values = {v.term for v in body_values_of(other_body)}
    other = other_account(other_body)
    # A passage outside quotations weighs what any passage of the same words does, given the few
    # characters around it that names and counts look at: thousands of repeated lines are weighed once.
    alike: dict[tuple[str, str, str], LeftOut] = {}
    terms: dict[str, tuple[str, ...]] = {}
    weighed = []
    for span in spans:
        check_in()
        if overlapping_parts(quotes, span.start, span.end):
            weighed.append(weigh(body, span, quotes, other, other_values, terms))
            continue
        following = _COUNTED.match(body, span.end)
        key = (body[max(0, span.start - 3) : span.start], span.text, following.group() if following else "")
        known = alike.get(key)
        if known is None:
            known = alike[key] = weigh(body, span, quotes, other, other_values, terms)
        weighed.append(LeftOut(span.start, span.end, span.text, known.weight, known.carries))
    return tuple(weighed)


def heaviest_first(passages: Sequence[Span]) -> list[int]:
    """Indices of the passages, heaviest first; equal weights in document order."""
    return sorted(range(len(passages)), key=lambda i: (-getattr(passages[i], "weight", 0.0), i))
