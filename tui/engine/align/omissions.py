"""Left-out passages by weight: what each carries (names, numbers and dates, quotations, claims
attributed to someone), a weight from those, and the one line saying what each account alone reports
that matters."""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from ..text.values import Value, body_values, find_values
from ..text.words import Token, is_function_word, tokenize
from .name_index import OtherAccount, other_account
from .names import name_places
from .quote_agreement import overlapping_parts, quotes_touching
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
    numbers = _unique(_counted(body, v.text, v.end) for v in values)
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


def _counted(body: str, value: str, end: int) -> str:
    """A bare number with the word it counts ("45 countries"); other values as written."""
    following = _COUNTED.match(body, end)
    if value.replace(",", "").isdigit() and following and not is_function_word(following.group(1)):
        return f"{value} {following.group(1)}"
    return value


# The last word of a body's name, after which a person's name often follows with nothing between
# ("Secretary of the Security Council of the Russian Federation Nikolai Patrushev").
_BODY_ENDS = frozenset(
    "office council ministry presidency committee commission federation republic kingdom union nations"
    " party department agency bureau government administration parliament assembly senate court bank"
    " fund forum organization organisation institute university association academy army navy"
    " forces service affairs".split()
)


def _given(number: str, other_values: set[str]) -> bool:
    """Whether the other account gives a number as `carried` lists it, `other_values` being the texts
    of its values, case-folded: the value as written ("$5 million", "14 March"), or its figure where
    `_counted` added the word it counts ("45 countries"). Its first word alone ("$5", "14") was never
    the other's value, and the summary said each account alone gave the very figures both gave."""
    folded = number.casefold()
    if folded in other_values:
        return True
    value, _, word = folded.rpartition(" ")
    return bool(value) and value.replace(",", "").isdigit() and word.isalpha() and value in other_values


def _short_name(name: str) -> str:
    """A name without what leads it: the titles and the body a person speaks for. "Secretary of the
    Security Council of the Russian Federation Nikolai Patrushev" -> "Nikolai Patrushev", "Chinese
    Central Foreign Affairs Office Director Wang Yi" -> "Wang Yi" (not "Affairs Office Wang Yi", its
    titles taken out of the middle)."""
    words = name.split()
    # Two words or more after the last joiner, title or body's end, none of them one: a person's name.
    for i in range(len(words) - 3, -1, -1):
        if _leads(words[i]):
            rest = words[i + 1 :]
            if not any(map(_leads, rest)):
                return " ".join(rest[-4:])
            break
    joiners = [i for i, word in enumerate(words) if word.islower()]
    tail = words[joiners[-1] + 1 :] if joiners else words
    tail = [w for w in tail if w.casefold() not in TITLES] or tail
    return " ".join(tail[-4:])


def _leads(word: str) -> bool:
    """Whether a word of a name may lead a person's name: a joiner ("of"), a title, a body's last word."""
    folded = word.casefold()
    return word.islower() or folded in TITLES or folded in _BODY_ENDS


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


def _body_values(body: str) -> list[Value]:
    """The values of a whole body, read once (the aligner read them already): weighing the left-out
    passages of a pair and summing up what each account alone gives ask for them twice a side."""
    return body_values(body).values


def weigh_left_out(
    body: str, spans: Sequence[Span], quotes: tuple[Quotation, ...], other_body: str
) -> tuple[LeftOut, ...]:
    if not spans:
        return ()  # nothing to weigh, and no values of the other body to read for it
    other_values = {v.term for v in _body_values(other_body)}
    other = other_account(other_body)
    # A passage outside quotations weighs what any passage of the same words does, given the few
    # characters around it that names and counts look at: thousands of repeated lines are weighed once.
    alike: dict[tuple[str, str, str], LeftOut] = {}
    terms: dict[str, tuple[str, ...]] = {}
    weighed = []
    for span in spans:
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


_SHOWN = 3
"""Names, figures and speakers a summary lists of each kind."""


def _listed(items: Sequence[str], limit: int = _SHOWN) -> str:
    items = list(items[:limit])
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_AloneKey = tuple[int, int, int]
# What `account_alone` said lately, by the very passages, quotations and other body it read, which are
# held so that their ids stay theirs: the compare screen's status asks again on every redraw, each
# export asks, and a kept comparison (compare_cache.py) comes with its answers. Verdicts that put a
# rejected match's passages back make new passages, so they are asked afresh.
_ALONE_SAID: OrderedDict[_AloneKey, tuple[tuple[Span, ...], tuple[Quotation, ...], str, str]] = OrderedDict()
_ALONE_KEPT = 8
_ALONE_LOCK = threading.Lock()


def _alone_key(comparison: Comparison, side: Side, other_body: str) -> _AloneKey:
    return id(comparison.left_out(side)), id(comparison.quotes(side)), id(other_body)


def known_alone(comparison: Comparison, side: Side, other_body: str) -> str | None:
    """What `account_alone` said of this side and other body, if it said it lately or was told."""
    key = _alone_key(comparison, side, other_body)
    with _ALONE_LOCK:
        said = _ALONE_SAID.get(key)
        if said is None:
            return None
        _ALONE_SAID.move_to_end(key)  # the open screen's, asked at every redraw, are kept longest
    passages, quotes, body, phrase = said
    if passages is comparison.left_out(side) and quotes is comparison.quotes(side) and body is other_body:
        return phrase
    return None


def know_alone(comparison: Comparison, side: Side, other_body: str, phrase: str) -> None:
    """`account_alone(comparison, side, other_body)` is `phrase` (said before, and kept)."""
    key = _alone_key(comparison, side, other_body)
    with _ALONE_LOCK:
        _ALONE_SAID[key] = (comparison.left_out(side), comparison.quotes(side), other_body, phrase)
        _ALONE_SAID.move_to_end(key)
        while len(_ALONE_SAID) > _ALONE_KEPT:
            _ALONE_SAID.popitem(last=False)


def account_alone(comparison: Comparison, side: Side, other_body: str) -> str:
    """What only `side` reports that matters, as a phrase ("names Brazil, gives 45 and quotes Wang Yi"),
    from its heaviest left-out passages; "" when it alone carries nothing of weight."""
    phrase = known_alone(comparison, side, other_body)
    if phrase is None:
        phrase = _account_alone(comparison, side, other_body)
        know_alone(comparison, side, other_body, phrase)
    return phrase


def _account_alone(comparison: Comparison, side: Side, other_body: str) -> str:
    other = other_account(other_body)
    other_values = {v.text.casefold() for v in _body_values(other_body)}
    names: list[str] = []
    numbers: list[str] = []
    speakers: list[str] = []
    # The same lists as sets: asking a list whether it holds an item was quadratic in long accounts.
    seen_names: set[str] = set()
    seen_numbers: set[str] = set()
    seen_speakers: set[str] = set()
    passages = comparison.left_out(side)
    quotes = comparison.quotes(side)
    # A speaker the other account quotes too is not one this account alone quotes, whatever the words,
    # and "Wang" there is "Wang Yi" here: the words of the names the other account quotes.
    other_side: Side = "b" if side == "a" else "a"
    quoted_there = {
        word for quote in comparison.quotes(other_side) for word in (quote.speaker or "").casefold().split()
    }
    for index in heaviest_first(passages):
        # Only the first few of each kind are listed: once they are found, the rest is not asked for
        # (asking the other account for every name of 100,000 words of names took 0.3 s).
        if min(len(names), len(numbers), len(speakers)) >= _SHOWN:
            break
        passage = passages[index]
        carries = passage.carries if isinstance(passage, LeftOut) else Carries()
        for name in carries.names:
            if len(names) >= _SHOWN:
                break
            if other.gives(name):
                continue
            # Two names may shorten alike ("Minister Wang Yi", "Wang Yi"), in one passage or two. The
            # other account may give the name as listed without the office before it ("Chinese Central
            # Foreign Affairs Office Director Wang Yi" here, "senior diplomat Wang Yi" there).
            short = _short_name(name)
            if short != name and other.gives(short):
                continue
            if short.casefold() not in TITLES and short not in seen_names:
                names.append(short)
                seen_names.add(short)
        if len(numbers) < _SHOWN:
            new_numbers = [n for n in carries.numbers if not _given(n, other_values)]
            new_numbers = [n for n in new_numbers if n not in seen_numbers]
            numbers += new_numbers
            seen_numbers.update(new_numbers)
        for q in quotes_touching(quotes, passage.start, passage.end):
            speaker = quotes[q].speaker
            if speaker is not None and not quoted_there.isdisjoint(speaker.casefold().split()):
                continue
            who = speaker or "a speaker"
            if who not in seen_speakers:
                seen_speakers.add(who)
                speakers.append(who)
    phrases = []
    if names:
        phrases.append(f"names {_listed(names)}")
    if numbers:
        phrases.append(f"gives {_listed(numbers)}")
    if speakers:
        phrases.append(f"quotes {_listed(speakers)}")
    return _listed(phrases, 3) if phrases else ""


def ready_to_summarise(comparison: Comparison, body_a: str, body_b: str) -> None:
    """Read what `omission_summary` asks of each account now, from the caller's thread: the other
    body's values, and where a left-out passage names someone, where the other body's words start. A
    comparison read back from the cache has read neither, and the app's first summary of a long pair
    then held its screen still for 0.4 s. Read even where the summary came with the comparison
    (compare_cache.py): the reader's verdicts weigh left-out passages again, on the screen's thread."""
    for passages, other_body in ((comparison.a_only, body_b), (comparison.b_only, body_a)):
        if any(isinstance(passage, LeftOut) and passage.carries.names for passage in passages):
            _ = other_account(other_body).index  # made here, off the screen's thread
        _body_values(other_body)


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
