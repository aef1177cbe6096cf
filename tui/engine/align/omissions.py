"""Left-out passages by weight: what each carries (names, numbers and dates, quotations, claims
attributed to someone), a weight from those, and the one line saying what each account alone reports
that matters."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from ..text.values import find_values
from ..text.words import is_function_word, tokenize
from .differences import name_places
from .quotes import TITLES, attributions
from .result import Carries, Comparison, LeftOut, Quotation, Side, Span

# What one of each adds to a passage's weight; a name or figure the other account never gives counts
# fully, one it gives elsewhere less: the reader already has it.
_NEW_NAME, _KNOWN_NAME = 1.0, 0.35
_NEW_NUMBER, _KNOWN_NUMBER = 1.2, 0.35
_QUOTE, _CLAIM = 1.5, 0.8
_PER_WORD = 0.02
# The weight is 1 - exp(-raw / _SCALE): a passage with a new name, a new figure and a quote is near 0.7.
_SCALE = 3.0


def carried(body: str, span: Span, quotes: Sequence[Quotation]) -> Carries:
    """What a passage of `body` carries, each thing once, in order."""
    tokens = tokenize(body, span.start, span.end)
    names = _unique(body[s:e] for s, e in name_places(body, tokens))
    numbers = _unique(_counted(body, v.text, v.end) for v in find_values(body, span.start, span.end))
    quoted = _unique(
        part.text for quote in quotes for part in quote.parts if part.start < span.end and span.start < part.end
    )
    return Carries(names, numbers, quoted, _unique(attributions(span.text)))


_COUNTED = re.compile(r"\s+([a-z]{3,})\b")


def _counted(body: str, value: str, end: int) -> str:
    """A bare number with the word it counts ("45 countries"); other values as written."""
    following = _COUNTED.match(body, end)
    if value.replace(",", "").isdigit() and following and not is_function_word(following.group(1)):
        return f"{value} {following.group(1)}"
    return value


def _short_name(name: str) -> str:
    """A name without the titles before it: "Secretary of the Council Nikolai Patrushev" -> "Nikolai Patrushev"."""
    words = name.split()
    joiners = [i for i, word in enumerate(words) if word.islower()]
    tail = words[joiners[-1] + 1 :] if joiners else words
    tail = [w for w in tail if w.casefold() not in TITLES] or tail
    return " ".join(tail[-4:])


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        key = " ".join(item.split())
        seen.setdefault(key.casefold(), key)
    return tuple(seen.values())


def _new(item: str, other_body: str) -> bool:
    return item.casefold() not in other_body


def weigh(body: str, span: Span, quotes: Sequence[Quotation], other: str, other_values: set[str]) -> LeftOut:
    """The passage with what it carries and its weight (0 to 1) for a reader of the other account, whose
    body (case-folded) is `other` and whose values' terms are `other_values`."""
    carries = carried(body, span, quotes)
    values = find_values(body, span.start, span.end)
    raw = sum(_NEW_NAME if _new(name, other) else _KNOWN_NAME for name in carries.names)
    raw += sum(_NEW_NUMBER if v.term not in other_values else _KNOWN_NUMBER for v in values)
    raw += _QUOTE * min(2, len(carries.quotes)) + _CLAIM * min(2, len(carries.claims))
    raw += _PER_WORD * sum(1 for t in tokenize(body, span.start, span.end) if t.terms)
    weight = round(1 - math.exp(-raw / _SCALE), 4)
    return LeftOut(span.start, span.end, span.text, weight, carries)


def weigh_left_out(
    body: str, spans: Sequence[Span], quotes: Sequence[Quotation], other_body: str
) -> tuple[LeftOut, ...]:
    other_values = {v.term for v in find_values(other_body)}
    # Once, not once per passage: 2,212 passages each case-folded the other 100k-word body again.
    other = other_body.casefold()
    return tuple(weigh(body, span, quotes, other, other_values) for span in spans)


def heaviest_first(passages: Sequence[Span]) -> list[int]:
    """Indices of the passages, heaviest first; equal weights in document order."""
    return sorted(range(len(passages)), key=lambda i: (-getattr(passages[i], "weight", 0.0), i))


def _listed(items: Sequence[str], limit: int = 3) -> str:
    items = list(items[:limit])
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def account_alone(comparison: Comparison, side: Side, other_body: str) -> str:
    """What only `side` reports that matters, as a phrase ("names Brazil, gives 45 and quotes Wang Yi"),
    from its heaviest left-out passages; "" when it alone carries nothing of weight."""
    other = other_body.casefold()
    other_values = {v.text.casefold() for v in find_values(other_body)}
    names: list[str] = []
    numbers: list[str] = []
    speakers: list[str] = []
    passages = comparison.left_out(side)
    for index in heaviest_first(passages):
        passage = passages[index]
        carries = passage.carries if isinstance(passage, LeftOut) else Carries()
        fresh = (_short_name(n) for n in carries.names if _new(n, other))
        names += [n for n in fresh if n.casefold() not in TITLES and n not in names]
        numbers += [n for n in carries.numbers if n.split()[0].casefold() not in other_values and n not in numbers]
        for quote in comparison.quotes(side):
            inside = quote.start < passage.end and passage.start < quote.end
            who = quote.speaker or "a speaker"
            if inside and who not in speakers:
                speakers.append(who)
    phrases = []
    if names:
        phrases.append(f"names {_listed(names)}")
    if numbers:
        phrases.append(f"gives {_listed(numbers)}")
    if speakers:
        phrases.append(f"quotes {_listed(speakers)}")
    return _listed(phrases, 3) if phrases else ""


def omission_summary(comparison: Comparison, body_a: str, body_b: str, label_a: str, label_b: str) -> str:
    """One line: what each account alone reports that matters ("only Xinhua names Brazil and gives 45;
    only Sputnik quotes Wang Yi"), or that neither left out anything of weight."""
    parts = []
    sides: tuple[tuple[Side, str, str], ...] = (("a", label_a, body_b), ("b", label_b, body_a))
    for side, label, other_body in sides:
        alone = account_alone(comparison, side, other_body)
        if alone:
            parts.append(f"only {label} {alone}")
    return "; ".join(parts) if parts else "neither account left out a name, a figure or a quotation"
