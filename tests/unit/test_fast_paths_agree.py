"""The quick ways of answering four questions of a long pair give what the plain loops they replaced
gave (kept here as the reference): does the other account give a name, what each account alone
reports, which stretches of a match are the reporter's own words, and how a match would score grown
by a few pieces."""

from __future__ import annotations

from bisect import bisect_left
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align import omissions
from cyberread.engine.align.growing import Sums
from cyberread.engine.align.matching import add_bags, dice
from cyberread.engine.align.omissions import _ALNUM, _Other, account_alone
from cyberread.engine.align.quote_agreement import _outside, quotes_touching
from cyberread.engine.align.quotes import TITLES
from cyberread.engine.align.result import Carries, Comparison, LeftOut, Quotation, Span

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Few letters, so that names and bodies share words, prefixes and suffixes; characters that casefold
# to more than one ("ß" to "ss") or are not word characters ("-", "’", "_").
_LETTERS = "abAB ßẞ-’_.,\n1"
bodies = st.text(alphabet=_LETTERS, max_size=60)
names = st.text(alphabet=_LETTERS, min_size=1, max_size=12)


class _PlainOther:
    """_Other as it was: the body searched for each name."""

    def __init__(self, other_body: str) -> None:
        self.folded = other_body.casefold()
        self.words = sorted(set(_ALNUM.findall(self.folded)))

    def gives(self, item: str) -> bool:
        folded = item.casefold()

        def starts_a_word(word: str) -> bool:
            at = bisect_left(self.words, word)
            return at < len(self.words) and self.words[at].startswith(word)

        return all(starts_a_word(word) for word in _ALNUM.findall(folded)) and folded in self.folded


@QUICK
@given(
    bodies,
    st.lists(names, max_size=6),
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12))),
    st.sampled_from([0, 1, 2000]),
    st.sampled_from([0, 1, 64]),
)
@example("Kordorros met Yi and then Wang", ["Dorros", "Wang Yi", "met Yi", "-Yi and", "ros met"], [], 2000, 64)
@example("a b a b-a ab ba", ["b a", "a b-", " a", "a b a", "b a b"], [], 0, 64)
@example("ab xab b b", ["ab b", "xab b", "b b"], [], 2000, 64)  # a name's first word ending a body word
@example("ab xab b b", ["ab b", "xab b", "b b", "b bb", "b, b"], [], 2000, 0)  # the same, read by pairs
@example("a b  b-a, ab.ba", ["b a", "b  b-a", "a, ab", "b-a,", "ab.b"], [], 1, 0)
def test_whether_the_other_account_gives_a_name_is_answered_as_a_search_of_its_body_would(
    body: str, items: list[str], cuts: list[tuple[int, int]], limit: int, pairs_from: int
) -> None:
    items += [body[start : start + length] for start, length in cuts]  # names the body holds
    plain, quick = _PlainOther(body), _Other(body)
    kept = omissions._MAX_PLACES, omissions._PAIRS_FROM, omissions._PAIR_INDEX_AFTER
    # Past the limit the body is searched, past pairs_from pairs are read (at once, or once names
    # have cost as many checks as the body has words): each way is checked.
    omissions._MAX_PLACES, omissions._PAIRS_FROM = limit, pairs_from
    omissions._PAIR_INDEX_AFTER = 0.0 if pairs_from < 64 else 1.0
    try:
        assert [quick.gives(item) for item in items] == [plain.gives(item) for item in items]
    finally:
        omissions._MAX_PLACES, omissions._PAIRS_FROM, omissions._PAIR_INDEX_AFTER = kept


def _plain_account_alone(comparison: Comparison, other_body: str) -> str:
    """account_alone as plainly as it can be written (side a): lists asked whether they hold an item,
    every name asked for."""
    other = _PlainOther(other_body)
    other_values = {v.text.casefold() for v in omissions._body_values(other_body)}
    found: list[str] = []
    numbers: list[str] = []
    speakers: list[str] = []
    passages, quotes = comparison.a_only, comparison.quotes_a
    for index in omissions.heaviest_first(passages):
        passage = passages[index]
        carries = passage.carries if isinstance(passage, LeftOut) else Carries()
        for name in carries.names:
            short = omissions._short_name(name)
            if not other.gives(name) and short.casefold() not in TITLES and short not in found:
                found.append(short)
        numbers += [n for n in carries.numbers if n.split()[0].casefold() not in other_values and n not in numbers]
        for q in quotes_touching(quotes, passage.start, passage.end):
            who = quotes[q].speaker or "a speaker"
            if who not in speakers:
                speakers.append(who)
    phrases = []
    if found:
        phrases.append(f"names {omissions._listed(found)}")
    if numbers:
        phrases.append(f"gives {omissions._listed(numbers)}")
    if speakers:
        phrases.append(f"quotes {omissions._listed(speakers)}")
    return omissions._listed(phrases, 3) if phrases else ""


_NAMES = ["Wang Yi", "Minister Wang Yi", "Yi", "Brazil", "Secretary of the Council Yi", "Minister", "Lula"]
_NUMBERS = ["45", "45 countries", "$3 million", "12", "1999"]
carries = st.builds(
    Carries,
    st.lists(st.sampled_from(_NAMES), max_size=4).map(tuple),
    st.lists(st.sampled_from(_NUMBERS), max_size=3).map(tuple),
)


@QUICK
@given(
    st.lists(st.tuples(st.integers(0, 3), carries), max_size=8),
    st.lists(st.sampled_from(["Wang", "Lula", None]), max_size=4),
    st.sampled_from(["", "Wang Yi gave 45 to Brazil.", "In 1999, $3 million; Yi spoke."]),
)
def test_what_an_account_alone_reports_is_what_the_plain_lists_gave(
    weighed: list[tuple[int, Carries]], speakers: list[str | None], other_body: str
) -> None:
    passages = tuple(LeftOut(10 * i, 10 * i + 8, "x" * 8, weight / 4, c) for i, (weight, c) in enumerate(weighed))
    quotes = tuple(Quotation((Span(25 * i + 3, 25 * i + 12, "q" * 9),), who) for i, who in enumerate(speakers))
    comparison = Comparison(0.0, 0.0, 0.0, (), passages, (), quotes_a=quotes)
    assert account_alone(comparison, "a", other_body) == _plain_account_alone(comparison, other_body)


def test_two_names_that_shorten_alike_are_listed_once() -> None:
    passages = (LeftOut(0, 8, "x" * 8, 0.5, Carries(("Minister Wang Yi", "Wang Yi", "Lula"), ())),)
    comparison = Comparison(0.0, 0.0, 0.0, (), passages, ())
    assert account_alone(comparison, "a", "Nobody here.") == "names Wang Yi and Lula"


def test_an_account_alone_asks_the_other_of_no_more_names_than_it_lists() -> None:
    passages = tuple(LeftOut(10 * i, 10 * i + 8, "x" * 8, 0.5, Carries((f"Name{i}",), ())) for i in range(1000))
    comparison = Comparison(0.0, 0.0, 0.0, (), passages, ())
    asked: list[str] = []

    def gives(other: _Other, item: str) -> bool:
        asked.append(item)
        return False

    with mock.patch.object(_Other, "gives", gives):
        summary = account_alone(comparison, "a", "Nobody here.")
    assert summary == "names Name0, Name1 and Name2"
    assert asked == ["Name0", "Name1", "Name2"]


def _plain_outside(spans: tuple[Span, ...], quoted: list[Span]) -> list[Span]:
    """_outside as it was: every span against every quoted stretch."""
    out = []
    for span in spans:
        position = span.start
        for part in quoted:
            if part.start >= span.end or part.end <= span.start:
                continue
            if part.start > position:
                out.append(Span(position, part.start, span.text[position - span.start : part.start - span.start]))
            position = max(position, part.end)
        if position < span.end:
            out.append(Span(position, span.end, span.text[position - span.start :]))
    return out


_BODY = "".join(chr(ord("a") + i % 26) for i in range(80))
stretches = st.lists(st.tuples(st.integers(0, 79), st.integers(0, 20)), max_size=8).map(
    lambda pairs: [Span(s, min(80, s + n), _BODY[s : min(80, s + n)]) for s, n in pairs]
)


@QUICK
@given(stretches, stretches, st.booleans())
def test_the_reporters_own_words_are_what_every_span_against_every_quote_gave(
    spans: list[Span], quoted: list[Span], in_order: bool
) -> None:
    if in_order:
        quoted = sorted(quoted, key=lambda s: s.start)
    assert _outside(tuple(spans), quoted) == _plain_outside(tuple(spans), quoted)


_terms = st.sampled_from("abcdefgh")
_bags = st.dictionaries(_terms, st.floats(0.01, 9.0), max_size=6)


@QUICK
@given(_bags, _bags, _bags, _bags)
@example({"a": 1.0}, {}, {}, {})  # nothing shared: nothing added
@example({}, {}, {}, {})  # two empty bags score 0
def test_a_way_to_grow_a_match_scores_as_dice_of_the_bags_it_would_make(
    x: dict[str, float], y: dict[str, float], to_x: dict[str, float], to_y: dict[str, float]
) -> None:
    quick = Sums([x, y]).with_added(to_x, to_y)
    plain = dice(add_bags(x, to_x), add_bags(y, to_y))
    assert abs(quick - plain) <= 1e-11  # the same to the 12 places both round to, bar the last
    assert Sums([x, y]).with_added({}, {}) == dice(x, y)  # nothing added: the very same number


@QUICK
@given(_bags, _bags, st.lists(st.tuples(_bags, _bags), max_size=8))
def test_a_matchs_sums_kept_step_by_step_are_those_of_its_bags(
    x: dict[str, float], y: dict[str, float], steps: list[tuple[dict[str, float], dict[str, float]]]
) -> None:
    kept = Sums([x, y])
    for to_x, to_y in steps:
        x, y = add_bags(x, to_x), add_bags(y, to_y)
        kept = kept.grown(to_x, to_y, [x, y])
        summed = Sums([x, y])
        assert abs(kept.total - summed.total) <= 1e-9 and abs(kept.shared - summed.shared) <= 1e-9
        assert abs(kept.with_added({}, {}) - dice(x, y)) <= 1e-11
