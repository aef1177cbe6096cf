"""What each account alone reports that matters, in one line ("only Xinhua names Brazil and gives 45;
only Sputnik quotes Wang Yi"): from the heaviest of its left-out passages (omissions.py weighs them),
the names the other account never gives (a person's without the office before it), the figures it
never gives, and the speakers it alone quotes."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence, Set

from ..text.values import Value, find_values
from .attribution import TITLES
from .name_index import OtherAccount, other_account
from .names import BODY_ENDS
from .omissions import body_values_of, heaviest_first
from .quote_agreement import overlapping_parts
from .result import Carries, Comparison, LeftOut, Quotation, Side, Span

_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_RANGE = re.compile(r"(?P<first>.*?\w)(?:\s+(?:to|through|until|till)\s+|\s*[-–—]\s*)(?P<last>\w.*)")
"""A range of days as omissions._figures writes it ("August 22 to 24", "3-5 May"): its two ends."""


def figures_of(values: Sequence[Value]) -> set[str]:
    """The figures of these values that count or measure: "6" of "six", of "6%" and of "six percentage
    points" (key "6pt"); not of money or dates."""
    return {v.key.rstrip("%").removesuffix("pt") for v in values if v.kind in ("number", "percent")}


def _bare_figure(number: str) -> str | None:
    """The figure of a number written alone ("six", "1,200"), or None for one with a unit or a word."""
    # Read afresh, not through body_values' cache: a few hundred short numbers pushed the bodies' values
    # out of it, and each body was read again (0.33 s a side of 100,000 words of money).
    values = find_values(number)
    return values[0].key if len(values) == 1 and values[0].kind == "number" and values[0].text == number else None


def _given(number: str, other_values: set[str], other_figures: Set[str] = frozenset()) -> bool:
    """Whether the other account gives a number as omissions.carried lists it, `other_values` being the texts
    of its values, case-folded: the value as written ("$5 million", "14 March"), or its figure where
    omissions._counted added the word it counts or orders ("45 countries", "13th Meeting"), or both ends of a
    range of days ("August 22 to 24"). Its first word alone ("$5", "14") was never the other's value,
    and the summary said each account alone gave the very figures both gave. A number written alone
    ("six") is given by any count or share of the other's with its figure (`other_figures`: "almost six
    percentage points")."""
    folded = number.casefold()
    if folded in other_values:
        return True
    days = _RANGE.fullmatch(folded)
    if days and days["first"] in other_values and days["last"] in other_values:
        return True
    value, _, words = folded.partition(" ")
    counted = value.replace(",", "").isdigit() or _ORDINAL.fullmatch(value) is not None
    if bool(words) and counted and words.replace(" ", "").isalpha() and value in other_values:
        return True
    return bool(other_figures) and _bare_figure(number) in other_figures


def _short_name(name: str, stands_alone: Callable[[str, str], bool] = lambda _name, _then: False) -> str:
    """A name without what leads it: the titles and the body a person speaks for. "Secretary of the
    Security Council of the Russian Federation Nikolai Patrushev" -> "Nikolai Patrushev", "Chinese
    Central Foreign Affairs Office Director Wang Yi" -> "Wang Yi" (not "Affairs Office Wang Yi", its
    titles taken out of the middle). `stands_alone(words, then)`: whether the accounts give `words` as
    a name where `then` does not follow, which parts a place from the person named after it ("Minister
    in the Presidency of South Africa Khumbudzo Ntshavheni" -> "Khumbudzo Ntshavheni")."""
    words = name.split()
    if words and words[-1].casefold() in BODY_ENDS:
        # A body's name is the body: "Chinese Foreign Ministry" is not "Chinese Ministry", its title
        # word taken out of the middle; less a word that opened its sentence before "of" ("Delegates
        # of the United Nations General Assembly"), unless that word is a body's or an office's own.
        lead = words[0].casefold()
        if len(words) > 3 and words[1] == "of" and lead not in BODY_ENDS and lead not in TITLES:
            rest = words[2:] if words[2] not in ("the", "The") else words[3:]
            return " ".join(rest) if len(rest) >= 2 else name
        return name
    # Two words or more after the last joiner, title or body's end, none of them one: a person's name.
    for i in range(len(words) - 3, -1, -1):
        if _leads(words[i]):
            rest = words[i + 1 :]
            if not any(map(_leads, rest)):
                # The longest leading part named on its own elsewhere, leaving two words or more.
                for k in range(len(rest) - 2, 0, -1):
                    if stands_alone(" ".join(rest[:k]), rest[k]):
                        rest = rest[k:]
                        break
                return " ".join(rest[-4:])
            break
    joiners = [i for i, word in enumerate(words) if word.islower()]
    tail = words[joiners[-1] + 1 :] if joiners else words
    tail = [w for w in tail if w.casefold() not in TITLES] or tail
    return " ".join(tail[-4:])


# Bodies searched, per summary, for a place named before a person (`_NamesAlone`): a long list of
# names, each with a place before it, is not a search of the whole text for each.
_ALONE_SEARCHES = 64


class _NamesAlone:
    """Whether the texts give words as a name on their own: somewhere not followed by the word that
    follows them in the name asked about ("South Africa" in "in Johannesburg, South Africa", not only in
    "South Africa Khumbudzo Ntshavheni"). Each answer is searched for once, and at most
    _ALONE_SEARCHES are; past them, none stands alone."""

    def __init__(self, bodies: tuple[str, ...]) -> None:
        self.bodies = bodies
        self.answers: dict[tuple[str, str], bool] = {}

    def __call__(self, words: str, then: str) -> bool:
        answer = self.answers.get((words, then))
        if answer is None:
            if len(self.answers) >= _ALONE_SEARCHES:
                return False
            alone = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)(?!\s+{re.escape(then)}(?!\w))")
            answer = self.answers[words, then] = any(alone.search(body) for body in self.bodies)
        return answer


def _leads(word: str) -> bool:
    """Whether a word of a name may lead a person's name: a joiner ("of"), a title, a body's last word."""
    folded = word.casefold()
    return word.islower() or folded in TITLES or folded in BODY_ENDS


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


def account_alone(comparison: Comparison, side: Side, body: str, other_body: str) -> str:
    """What only `side` (whose text is `body`) reports that matters, as a phrase ("names Brazil, gives 45
    and quotes Wang Yi"), from its heaviest left-out passages; "" when it alone carries nothing of weight."""
    phrase = known_alone(comparison, side, other_body)
    if phrase is None:
        phrase = _account_alone(comparison, side, body, other_body)
        know_alone(comparison, side, other_body, phrase)
    return phrase


def _account_alone(comparison: Comparison, side: Side, body: str, other_body: str) -> str:
    other = other_account(other_body)
    stands_alone = _NamesAlone((body, other_body))
    values = body_values_of(other_body)
    other_values, other_figures = {v.text.casefold() for v in values}, figures_of(values)
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
            short = _short_name(name, stands_alone)
            if short != name and other.gives(short):
                continue
            if _spelled_otherwise(short, other):
                continue
            if short.casefold() not in TITLES and short not in seen_names:
                names.append(short)
                seen_names.add(short)
        if len(numbers) < _SHOWN:
            new_numbers = [n for n in carries.numbers if not _given(n, other_values, other_figures)]
            new_numbers = [n for n in new_numbers if n not in seen_numbers]
            numbers += new_numbers
            seen_numbers.update(new_numbers)
        # Quoted words left out, not words between a quotation's parts: "speaking on condition of
        # anonymity" between two parts both accounts quote is no more of the official's words.
        for q in dict.fromkeys(q for q, _ in overlapping_parts(quotes, passage.start, passage.end)):
            speaker = quotes[q].speaker
            # A speaker the other account quotes too, whose words here it leaves out: "more of" them
            # ("neither account left out ... a quotation" was said over a quotation left out).
            again = speaker is not None and not quoted_there.isdisjoint(speaker.casefold().split())
            who = f"more of {speaker}" if again else speaker or "a speaker"
            if who not in seen_speakers:
                seen_speakers.add(who)
                speakers.append(who)
    phrases = []
    if names:
        phrases.append(f"names {_listed(names)}")
    if numbers:
        phrases.append(f"gives {_listed(numbers)}")
    if speakers:
        phrases.append(f"quotes {_listed(_one_each(speakers))}")
    return _listed(phrases, 3) if phrases else ""


_SPELLING_RATIO = 85
"""How alike two spellings of a word of a name are, as rapidfuzz's ratio: "Zelenskyy" and "Zelensky"
94, "Sisi" and "Sissi" 89, "Fahmy" and "Fahmi" 80 (not enough alone: short words are more often other
names)."""


def _spelled_otherwise(name: str, other: OtherAccount) -> bool:
    """Whether the other account gives the name spelled otherwise, as translations and transliterations
    do ("Al-Sisi" / "el-Sissi", "Zelenskyy" / "Zelensky"): each word of four letters or more of the name
    has a spelling of its own there, written with a capital. The summary said "only A names Al-Sisi;
    only B names Sissi" of one president."""
    words = [word.casefold() for word in re.findall(r"[^\W\d_]+", name) if len(word) >= 4]
    return bool(words) and all(other.spells(word, _SPELLING_RATIO) for word in words)


def _one_each(speakers: list[str]) -> list[str]:
    """The speakers less those another entry names more fully: "quotes Wang and Wang Yi" is one person."""
    words = [set(who.removeprefix("more of ").casefold().split()) for who in speakers]
    return [who for who, mine in zip(speakers, words, strict=True) if not any(mine < other for other in words)]


def ready_to_summarise(comparison: Comparison, body_a: str, body_b: str) -> None:
    """Read what `omission_summary` asks of each account now, from the caller's thread: the other
    body's values, and where a left-out passage names someone, where the other body's words start. A
    comparison read back from the cache has read neither, and the app's first summary of a long pair
    then held its screen still for 0.4 s. Read even where the summary came with the comparison
    (compare_cache.py): the reader's verdicts weigh left-out passages again, on the screen's thread."""
    for passages, other_body in ((comparison.a_only, body_b), (comparison.b_only, body_a)):
        if any(isinstance(passage, LeftOut) and passage.carries.names for passage in passages):
            _ = other_account(other_body).index  # made here, off the screen's thread
        body_values_of(other_body)


def omission_summary(comparison: Comparison, body_a: str, body_b: str, label_a: str, label_b: str) -> str:
    """One line: what each account alone reports that matters ("only Xinhua names Brazil and gives 45;
    only Sputnik quotes Wang Yi"), or that neither left out anything of weight."""
    parts = []
    sides: tuple[tuple[Side, str, str, str], ...] = (("a", label_a, body_a, body_b), ("b", label_b, body_b, body_a))
    for side, label, body, other_body in sides:
        alone = account_alone(comparison, side, body, other_body)
        if alone:
            parts.append(f"only {label} {alone}")
    return "; ".join(parts) if parts else "neither account left out a name, a figure or a quotation"
