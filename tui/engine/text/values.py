"""Numbers and dates read as values, not digits: "3.2 million", "$1,500", "4.25 percent", "nine",
"13th", "14 March 2024". Each is one unit with a canonical key, so "3,200,000" and "3.2 million"
compare equal, "1,500" and "15,000" differ as wholes, and a change is reported as a whole unit."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import accumulate, compress, repeat
from typing import Literal, NamedTuple

from .checkpoints import CHECK_EVERY, check_in
from .patterns import alternation

ValueKind = Literal["number", "percent", "money", "ordinal", "date"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
_MAGNITUDES = {
    "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "mln": 10**6, "mn": 10**6, "bln": 10**9, "bn": 10**9, "tn": 10**12, "k": 10**3,
}  # fmt: skip
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "$", "us$": "$", "€": "€", "£": "£", "¥": "¥", "₹": "₹", "₽": "₽"}
_CURRENCY_WORDS = {
    "dollar": "$", "dollars": "$", "euro": "€", "euros": "€", "pound": "£", "pounds": "£", "yuan": "¥",
    "rupees": "₹", "rubles": "₽", "roubles": "₽",
}  # fmt: skip

_NUMBER_WORD = alternation([*_UNITS, *_TENS])
_SPELLED = rf"(?:{_NUMBER_WORD})(?:[-\s](?:{'|'.join(_UNITS)}))?(?:\s+hundred(?:\s+(?:and\s+)?(?:{_NUMBER_WORD}))?)?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# What may follow a one-letter magnitude ("3 m.", "5k)"), besides blank space and the end of the text.
_MAGNITUDE_ENDS = ".,;:)"
_MAGNITUDE = (
    r"(?:hundred|thousand|million|billion|trillion|mln|mn|bln|bn|tn)\b"
    rf"|[kmb]n?\b(?=\s|$|[{re.escape(_MAGNITUDE_ENDS)}])"
)
_MONTH = alternation(_MONTHS)

_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})\.?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    rf"(?P<cur>US\$|[$€£¥₹₽])?\s?"
    rf"(?:(?<![^\W_])(?P<num>{_DIGITS})|\b(?P<spelled>{_SPELLED})\b)"
    rf"(?:(?P<ord>st|nd|rd|th)\b)?"
    rf"(?:[\s-]?(?P<mag>{_MAGNITUDE}))?"
    rf"(?:\s?(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b))?"
    rf"(?:\s(?P<curword>dollars|dollar|euros|euro|pounds|pound|yuan|rupees|rubles|roubles)\b)?"
    # "0A", "4x4" and "3D" are words, not numbers; "9pm" is 9 as "9 p.m." is.
    r"(?:(?![^\W_])|(?=[ap]m\b))",
    re.IGNORECASE,
)
# Where a match of each pattern can begin, found first with a cheap search: tried at every position
# of a long text, _DATE and _QUANTITY (which may start with a sign and a space) cost a scan of the
# whole pattern per character, 0.4 s for 100,000 words.
_DIGIT = re.compile(r"\d")
_BLANK = re.compile(r"\s")
_DIGIT_RUN = re.compile(r"\d+")
_WORD_CHARACTER = re.compile(r"[^\W_]")
_DATE_START = rf"\b(?:\d|(?:{_MONTH}))"
# What every date holds: a month's name at a word's start, or the digits of 2024-03-14.
_DATE_ANCHOR = rf"\b(?:{_MONTH})|\d{{4}}-\d\d-\d\d"
_MONTH_PREFIXES = sorted({month[:3] for month in _MONTHS})
_QUANTITY_CORE = rf"\d|\b(?:{_NUMBER_WORD})"
_ORDINAL = rf"\b{alternation(_ORDINAL_WORDS)}\b"


class _Searches(NamedTuple):
    """The searches over a whole stretch: where a date or a quantity can begin, whether a date can be
    there at all, and ordinal words."""

    date_start: re.Pattern[str]
    date_anchor: re.Pattern[str]
    quantity_core: re.Pattern[str]
    ordinal: re.Pattern[str]


_ANY_CASE = _Searches(*(re.compile(p, re.IGNORECASE) for p in (_DATE_START, _DATE_ANCHOR, _QUANTITY_CORE, _ORDINAL)))


@lru_cache(maxsize=1)
def _as_written() -> _Searches:
    """The searches without IGNORECASE, for a lower-cased copy of the text: `re` compares each
    character as it is instead of lower-casing it first, 40% faster. Their letters are all lower-case
    ASCII, and in the copy every character `re` takes for one of them ignoring case is that letter
    (see _FOLDED), so they find the same places."""
    return _Searches(*(re.compile(p) for p in (_DATE_START, _DATE_ANCHOR, _QUANTITY_CORE, _ORDINAL)))


# The characters `re` takes for an ASCII letter ignoring case that lower() does not make that letter
# (dotted capital I, whose lower case is two characters; dotless i; long s), and that letter.
_FOLDED = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))
_TO_FOLD = re.compile("[\u0130\u0131\u017f]")


class _Scan:
    """The searches run over text[start:end] (or a lower-cased copy of it), answered in the offsets of
    `text`. The copy holds the character before `start` too: what a match's look-behind sees."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.shift = max(0, start - 1)
        copy = text[self.shift : end]
        if _TO_FOLD.search(copy):
            for character, letter in _FOLDED:
                copy = copy.replace(character, letter)
        self.copy = copy.lower()
        self.searches = _as_written()
        if len(self.copy) != len(copy):  # unreachable once folded; kept so offsets can never drift
            self.copy, self.shift, self.searches = text, 0, _ANY_CASE

    def search(self, pattern: re.Pattern[str], start: int, end: int) -> int | None:
        found = pattern.search(self.copy, start - self.shift, end - self.shift)
        return None if found is None else found.start() + self.shift

    def may_hold_date(self, start: int, end: int) -> bool:
        """Whether text[start:end] holds a month's name or an ISO date, which every date does. The
        names are looked for by the three letters each begins with first: the search for a word
        among two dozen tries them at every character (0.016 s over 100,000 words without one)."""
        lo, hi = max(0, start - self.shift), end - self.shift
        copy = self.copy
        if self.searches is not _ANY_CASE and all(copy.find(p, lo, hi) < 0 for p in (*_MONTH_PREFIXES, "-")):
            return False  # no month's first letters, nor the dashes of an ISO date
        return self.search(self.searches.date_anchor, start, end) is not None

    def spans(self, pattern: re.Pattern[str], start: int, end: int) -> Iterator[tuple[int, int]]:
        shift = self.shift
        return ((m.start() + shift, m.end() + shift) for m in pattern.finditer(self.copy, start - shift, end - shift))


# A quantity starts at most this many characters before its number: "US$ " and a "." before digits.
_QUANTITY_LEAD = 5
_AFTER_ALL = 1 << 62


def _dates(text: str, start: int, end: int, scan: _Scan) -> Iterator[re.Match[str]]:
    """_DATE.finditer(text, start, end), trying only where a date can begin (a digit or a month)."""
    position = start
    while True:
        candidate = scan.search(scan.searches.date_start, position, end)
        if candidate is None:
            return
        found = _DATE.match(text, candidate, end)
        if found is None:
            position = candidate + 1
            continue
        yield found
        position = found.end()


def _quantities(text: str, start: int, end: int, scan: _Scan) -> Iterator[re.Match[str]]:
    """_QUANTITY.finditer(text, start, end), trying only the few positions before a digit or a number
    word, leftmost first, as finditer would."""
    position = tried = start
    while True:
        core = scan.search(scan.searches.quantity_core, position, end)
        if core is None:
            return
        digits = _DIGIT_RUN.match(text, core, end) if core and _WORD_CHARACTER.match(text, core - 1) else None
        if digits is not None:
            # A digit after a letter or digit ("Blinken99347") begins no number, nor does any digit
            # of its run, and no match before it can reach past it: skipped at once, not tried at
            # each of its digits from five places back (100,000 such names: 0.3 s).
            position = tried = digits.end()
            continue
        # Before its number a match holds only a currency ("US$", "€"), one blank and the point of
        # ".5": it starts no further back than those run, and no earlier than `tried`.
        first = core
        while first > tried and first > core - _QUANTITY_LEAD and _can_lead(text[first - 1]):
            first -= 1
        found = None
        for at in range(first, core + 1):
            found = _QUANTITY.match(text, at, end)
            if found is not None:
                break
        if found is None:
            position = tried = core + 1
            continue
        yield found
        position = tried = found.end()


_LEADS = frozenset("$€£¥₹₽.USusſ")  # ſ: re takes the long s for "S", ignoring case


def _can_lead(character: str) -> bool:
    """Whether `character` can stand in a quantity's match before its number."""
    return character in _LEADS or character.isspace()


@dataclass(frozen=True)
class Value:
    """A number or date in a text: `text[start:end]`, its kind and a canonical `key`."""

    start: int
    end: int
    kind: ValueKind
    key: str
    text: str

    @property
    def term(self) -> str:
        """The comparison term: equal values share it, whatever their wording."""
        return "#" + self.key


def _folded(word: str) -> str:
    """A word the patterns matched ignoring case, as the tables below spell it. `re` also takes the
    Turkish dotless ı and dotted İ for i (and ſ for s, the Kelvin sign for k, which casefold already
    turns into them): "Aprıl" is April, not a KeyError that stopped the whole comparison."""
    return word.casefold().replace("ı", "i").replace("i\u0307", "i")


def _spelled_value(words: str) -> int:
    total = 0
    for word in re.split(r"[-\s]+", _folded(words)):
        if word in _UNITS:
            total += _UNITS[word]
        elif word in _TENS:
            total += _TENS[word]
        elif word == "hundred":
            total = max(total, 1) * 100
    return total


def _canonical(number: Decimal) -> str:
    """ "3200000" for 3.2 million and 3,200,000; "4.25" for 4.250."""
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def find_values(text: str, start: int = 0, end: int | None = None) -> list[Value]:
    """Every number and date in text[start:end], left to right, none overlapping."""
    return _read(text, start, len(text) if end is None else end)[0]


def _read(text: str, start: int, end: int) -> tuple[list[Value], list[tuple[int, int]]]:
    """find_values(text, start, end), and the stretch every match of the three patterns covers (blank
    space before a quantity aside), kept or not: where the reading of a longer text may differ from
    the reading of a part of it."""
    found: list[Value] = []
    read: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []
    scan = _Scan(text, start, end)
    # Every digit may begin a date, and each is tried (a text of prices: 200,000 tries, 0.04 s), but
    # a date needs a month's name or the ISO form: without either, none is tried.
    has_date = _DIGIT.search(text, start, end) is not None and scan.may_hold_date(start, end)
    for match in _dates(text, start, end, scan) if has_date else ():
        read.append((match.start(), match.end()))
        if not len(read) % CHECK_EVERY:
            check_in()  # a long text's values take seconds: the comparison reading it may stop
        month = match["m1"] or match["m2"]
        day = int(match["d1"] or match["d2"] or match["d3"])
        year = match["y1"] or match["y2"] or match["y3"]
        month_number = _MONTHS[_folded(month)] if month and not month.isdigit() else int(match["m3"])
        if not 1 <= day <= 31 or not 1 <= month_number <= 12:
            continue
        key = f"date:{year + '-' if year else ''}{month_number:02d}-{day:02d}"
        found.append(Value(match.start(), match.end(), "date", key, match.group()))
        taken.append((match.start(), match.end()))
    for match in _quantities(text, start, end, scan):
        s, e = match.start(), match.end()
        while s < e and text[s].isspace():
            s += 1
        read.append((s, e))
        if not len(read) % CHECK_EVERY:
            check_in()
        if not (match["num"] or match["spelled"]):
            continue
        if _overlaps(taken, s, e):
            continue
        value = _quantity(match)
        if value is None:
            continue
        kind, key = value
        found.append(Value(s, e, kind, key, text[s:e]))
    # Dates and quantities do not overlap one another, so sorted by start their ends are sorted too.
    held = sorted([(v.start, v.end) for v in found]) if found else []
    for s, e in scan.spans(scan.searches.ordinal, start, end):
        read.append((s, e))
        if _overlaps(held, s, e):
            continue
        number = _ORDINAL_WORDS[_folded(text[s:e])]
        found.append(Value(s, e, "ordinal", f"ord:{number}", text[s:e]))
    if len(found) > 1:
        found.sort(key=lambda v: v.start)
    return found, read


class BodyValues:
    """The values of a whole text, read once, and those of any stretch of it taken from them: the
    aligner reads the values of every piece of a body, and the weighing of what each account left out
    those of its passages and of the whole other body (0.1 s a read of 100,000 words).

    A stretch's own reading (find_values(text, start, end)) sees no character past its end, so it
    matches the whole text's wherever no match of the whole text runs over one of the stretch's ends
    and every look the patterns take at the character after it (`_ends_alike`) sees what it sees at
    the end of a text: then every match in the stretch is the one the whole text finds there.
    Elsewhere the stretch is read on its own.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.values, read = _read(text, 0, len(text))
        self.starts = [value.start for value in self.values]
        read.sort()
        self.read_starts = [s for s, _ in read]
        self.read_reach = list(accumulate((e for _, e in read), max))
        # Only a stretch read that holds blank space can run over an end of a stretch that blank space
        # stands at, as the ends of a body's pieces do (words.TextTokens.each).
        blank = map(_BLANK.search, repeat(text), self.read_starts, [e for _, e in read])
        self.blank_reads = list(compress(read, blank))

    def _runs_over(self, at: int) -> bool:
        k = bisect.bisect_left(self.read_starts, at)
        return k > 0 and self.read_reach[k - 1] > at

    def within(self, start: int, end: int) -> list[Value]:
        """find_values(self.text, start, end)."""
        text = self.text
        if not _ends_alike(text, end) or self._runs_over(start) or self._runs_over(end):
            return find_values(text, start, end)
        return self.values[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]


def _ends_alike(text: str, end: int) -> bool:
    """Whether the patterns' looks past `end` (a word boundary, "not a letter or digit next", and the
    lookahead of a one-letter magnitude) find at text[end] what they find at the end of a text: they do
    at blank space, and at any other character but a letter, a digit or "_", unless it fails the
    magnitude's lookahead right after a letter that may end one ("3 m" before a closing quote). The
    patterns' steps that would take text[end] into a match make one that runs over `end`, which
    `within` looks for. Quoted passages end at a quotation mark: read again each, quote_match took
    0.3 s of a text of 20,000 short quotes."""
    if end >= len(text):
        return True
    after = text[end]
    if after.isspace():
        return True
    if after.isalnum() or after == "_":
        return False
    before = text[end - 1] if end else ""
    return after in _MAGNITUDE_ENDS or (before.isascii() and before.lower() not in "kmbn")


@lru_cache(maxsize=8)
def body_values(text: str) -> BodyValues:
    """The values of `text` (the bodies of the last few comparisons), read once."""
    return BodyValues(text)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start..end overlaps one of `spans`: sorted, non-overlapping (start, end) pairs."""
    k = bisect.bisect_right(spans, (start, _AFTER_ALL))
    # Only the span starting at or before `start` and the one after it can reach into start..end.
    return (k > 0 and spans[k - 1][1] > start and spans[k - 1][0] < end) or (k < len(spans) and spans[k][0] < end)


def _quantity(match: re.Match[str]) -> tuple[ValueKind, str] | None:
    if match["num"]:
        try:
            number = Decimal(match["num"].replace(",", ""))
        except InvalidOperation:
            return None
    else:
        spelled = match["spelled"]
        if spelled.casefold() == "one" and not (match["mag"] or match["pct"] or match["cur"]):
            # "one of the", "no one": a pronoun far more often than a count.
            return None
        number = Decimal(_spelled_value(spelled))
    if match["ord"] and match["num"] and "." not in match["num"]:
        return "ordinal", f"ord:{_canonical(number)}"
    magnitude = _folded(match["mag"] or "").strip()
    if magnitude in ("m", "b"):
        magnitude = {"m": "mln", "b": "bln"}[magnitude]
    if magnitude:
        number *= _MAGNITUDES.get(magnitude, 1)
    if match["pct"]:
        points = "pt" if "point" in _folded(match["pct"]) else "%"
        return "percent", f"{_canonical(number)}{points}"
    currency = match["cur"] or match["curword"]
    if currency:
        sign = _CURRENCY_SIGNS.get(_folded(currency)) or _CURRENCY_WORDS.get(_folded(currency), currency)
        return "money", f"{sign}{_canonical(number)}"
    return "number", _canonical(number)
