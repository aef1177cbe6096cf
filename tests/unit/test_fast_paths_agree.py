"""The quick ways of answering five questions of a long pair give what the plain loops they replaced
gave (kept here as the reference): does the other account give a name, what each account alone
reports, which stretches of a match are the reporter's own words, how a match would score grown by a
few pieces and how it grows, and which leftovers join their match."""

from __future__ import annotations

import re
from bisect import bisect_left
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align import alone, growing, leftovers, name_index, omissions
from cyberread.engine.align.alone import account_alone
from cyberread.engine.align.attribution import TITLES
from cyberread.engine.align.bag_sums import Sums, unrounded_dice
from cyberread.engine.align.growing import Growing, Range
from cyberread.engine.align.leftovers import _set_off, absorb_leftovers
from cyberread.engine.align.matching import Bag, Found, Side, add_bags, clause_bags_of, dice, prepare
from cyberread.engine.align.name_index import _ALNUM, OtherAccount
from cyberread.engine.align.passages import fill_gaps
from cyberread.engine.align.quote_agreement import _outside
from cyberread.engine.align.result import Carries, Comparison, LeftOut, Quotation, Span
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.text.values import find_values

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Few letters, so that names and bodies share words, prefixes and suffixes; characters that casefold
# to more than one ("ß" to "ss") or are not word characters ("-", "’", "_").
_LETTERS = "abAB ßẞ-’_.,\n1"
bodies = st.text(alphabet=_LETTERS, max_size=60)
names = st.text(alphabet=_LETTERS, min_size=1, max_size=12)


class _PlainOther:
    """OtherAccount as it was: the body searched for each name."""

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
    plain, quick = _PlainOther(body), OtherAccount(body)
    kept = name_index._MAX_PLACES, name_index._PAIRS_FROM, name_index._PAIR_INDEX_AFTER
    # Past the limit the body is searched, past pairs_from pairs are read (at once, or once names
    # have cost as many checks as the body has words): each way is checked.
    name_index._MAX_PLACES, name_index._PAIRS_FROM = limit, pairs_from
    name_index._PAIR_INDEX_AFTER = 0.0 if pairs_from < 64 else 1.0
    try:
        assert [quick.gives(item) for item in items] == [plain.gives(item) for item in items]
    finally:
        name_index._MAX_PLACES, name_index._PAIRS_FROM, name_index._PAIR_INDEX_AFTER = kept


def _plain_account_alone(comparison: Comparison, body: str, other_body: str) -> str:
    """account_alone as plainly as it can be written (side a): lists asked whether they hold an item,
    every name asked for, every body searched for a place before a person's name."""
    other = _PlainOther(other_body)

    def stands_alone(words: str, then: str) -> bool:
        for text in (body, other_body):
            for found in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text):
                if not re.match(rf"\s+{re.escape(then)}(?!\w)", text[found.end() :]):
                    return True
        return False

    other_values = {v.text.casefold() for v in omissions.body_values_of(other_body)}
    other_figures = [
        re.sub(r"(%|pt)$", "", v.key) for v in omissions.body_values_of(other_body) if v.kind in ("number", "percent")
    ]
    found: list[str] = []
    numbers: list[str] = []
    speakers: list[str] = []
    passages, quotes = comparison.a_only, comparison.quotes_a
    quoted_there = [quote.speaker.casefold() for quote in comparison.quotes_b if quote.speaker]
    for index in omissions.heaviest_first(passages):
        passage = passages[index]
        carries = passage.carries if isinstance(passage, LeftOut) else Carries()
        for name in carries.names:
            short = alone._short_name(name, stands_alone)
            given = other.gives(name) or (short != name and other.gives(short))
            if not given and short.casefold() not in TITLES and short not in found:
                found.append(short)
        numbers += [
            n for n in carries.numbers if not _plainly_given(n, other_values, other_figures) and n not in numbers
        ]
        touched = [
            q
            for q, quote in enumerate(quotes)
            if any(p.start < passage.end and passage.start < p.end for p in quote.parts)
        ]
        for q in touched:
            who = quotes[q].speaker or "a speaker"
            quoted_too = any(word in there.split() for word in who.casefold().split() for there in quoted_there)
            if quotes[q].speaker is not None and quoted_too:
                who = f"more of {who}"  # the other quotes them too, not these words
            if who not in speakers:
                speakers.append(who)
    phrases = []
    if found:
        phrases.append(f"names {alone._listed(found)}")
    if numbers:
        phrases.append(f"gives {alone._listed(numbers)}")
    if speakers:
        fuller = [
            who
            for who in speakers
            if not any(
                set(who.removeprefix("more of ").lower().split()) < set(other.removeprefix("more of ").lower().split())
                for other in speakers
            )
        ]
        phrases.append(f"quotes {alone._listed(fuller)}")
    return alone._listed(phrases, 3) if phrases else ""


def _plainly_given(number: str, other_values: set[str], other_figures: list[str]) -> bool:
    """The other account gives the number as written, the figure of a count or an ordinal ("45
    countries", "13th Meeting"), both ends of a range of days ("August 22 to 24"), or, for a number
    written alone ("six"), a count or share of that figure."""
    alone = [v for v in find_values(number) if v.kind == "number" and v.text == number]
    if alone and alone[0].key in other_figures:
        return True
    figure, _, words = number.casefold().partition(" ")
    counted = (figure.replace(",", "").isdigit() or re.fullmatch(r"\d+(st|nd|rd|th)", figure)) and all(
        word.isalpha() for word in words.split()
    )
    for joiner in (" to ", "-"):
        first, _, last = number.casefold().partition(joiner)
        if last and first in other_values and last in other_values:
            return True
    return number.casefold() in other_values or bool(counted and figure in other_values)


_NAMES = [
    "Wang Yi",
    "Minister Wang Yi",
    "Yi",
    "Brazil",
    "Secretary of the Council Yi",
    "Minister",
    "Lula",
    "Adviser of Brazil Celso Amorim",
    "Adviser of the Presidency of Brazil Celso Luiz Amorim",
]
_NUMBERS = ["45", "45 countries", "$3 million", "12", "1999", "14 March", "2,500 people", "14 March to 16"]
_NUMBERS += ["13th Meeting", "3-5 May", "12th International Meeting"]
carries = st.builds(
    Carries,
    st.lists(st.sampled_from(_NAMES), max_size=4).map(tuple),
    st.lists(st.sampled_from(_NUMBERS), max_size=3).map(tuple),
)


@QUICK
@given(
    st.lists(st.tuples(st.integers(0, 3), carries), max_size=8),
    st.lists(st.sampled_from(["Wang", "Lula", None]), max_size=4),
    st.sampled_from(
        [
            "",
            "Wang Yi gave 45 to Brazil.",
            "In 1999, $3 million; Yi spoke.",
            "On 14 March 2,500 came.",
            "The 13th Meeting from 14 March to 16.",
            "The 12th International Meeting opened.",
        ]
    ),
    st.sampled_from(["", "Brazil Celso Amorim spoke.", "In Brazil Celso Amorim and Brazil agreed."]),
    st.lists(st.sampled_from(["Wang", "Naledi Pandor", "Yi Wang", None]), max_size=2),
)
def test_what_an_account_alone_reports_is_what_the_plain_lists_gave(
    weighed: list[tuple[int, Carries]],
    speakers: list[str | None],
    other_body: str,
    body: str,
    theirs: list[str | None],
) -> None:
    passages = tuple(LeftOut(10 * i, 10 * i + 8, "x" * 8, weight / 4, c) for i, (weight, c) in enumerate(weighed))
    quotes = tuple(Quotation((Span(25 * i + 3, 25 * i + 12, "q" * 9),), who) for i, who in enumerate(speakers))
    quotes_b = tuple(Quotation((Span(25 * i + 3, 25 * i + 12, "q" * 9),), who) for i, who in enumerate(theirs))
    comparison = Comparison(0.0, 0.0, 0.0, (), passages, (), quotes_a=quotes, quotes_b=quotes_b)
    assert account_alone(comparison, "a", body, other_body) == _plain_account_alone(comparison, body, other_body)


def test_two_names_that_shorten_alike_are_listed_once() -> None:
    passages = (LeftOut(0, 8, "x" * 8, 0.5, Carries(("Minister Wang Yi", "Wang Yi", "Lula"), ())),)
    comparison = Comparison(0.0, 0.0, 0.0, (), passages, ())
    assert account_alone(comparison, "a", "", "Nobody here.") == "names Wang Yi and Lula"


def test_an_account_alone_asks_the_other_of_no_more_names_than_it_lists() -> None:
    passages = tuple(LeftOut(10 * i, 10 * i + 8, "x" * 8, 0.5, Carries((f"Name{i}",), ())) for i in range(1000))
    comparison = Comparison(0.0, 0.0, 0.0, (), passages, ())
    asked: list[str] = []

    def gives(other: OtherAccount, item: str) -> bool:
        asked.append(item)
        return False

    with mock.patch.object(OtherAccount, "gives", gives):
        summary = account_alone(comparison, "a", "", "Nobody here.")
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
    quick = round(unrounded_dice(*Sums([x, y]).after(to_x, to_y)), 12)
    plain = dice(add_bags(x, to_x), add_bags(y, to_y))
    assert abs(quick - plain) <= 1e-11  # the same to the 12 places both round to, bar the last
    # Nothing added: the very same number.
    assert round(unrounded_dice(*Sums([x, y]).after({}, {})), 12) == dice(x, y)


def _plain_dice(x: Bag, y: Bag) -> float:
    """dice as it was, without the shortcut for twins."""
    total = sum(x.values()) + sum(y.values())
    if total <= 0:
        return 0.0
    small, large = (x, y) if len(x) <= len(y) else (y, x)
    shared = sum([w if w < large[t] else large[t] for t, w in small.items() if t in large])
    return round(2 * shared / total, 12)


@QUICK
@given(_bags, _bags)
@example({"a": 0.1, "b": 0.2, "c": 0.3}, {})  # summed the other way round, 0.6 is not 0.6000000000000001
def test_dice_of_twin_bags_is_the_number_the_plain_sum_gave(x: Bag, y: Bag) -> None:
    assert dice(x, y) == _plain_dice(x, y)
    # The same bag, and an equal one whose terms came in the other order.
    for twin in (dict(x), dict(reversed(x.items()))):
        assert dice(x, twin) == _plain_dice(x, twin)


@QUICK
@given(_bags, _bags, st.lists(st.tuples(_bags, _bags), max_size=8))
def test_a_matchs_sums_kept_step_by_step_are_those_of_its_bags(
    x: dict[str, float], y: dict[str, float], steps: list[tuple[dict[str, float], dict[str, float]]]
) -> None:
    kept = Sums([x, y])
    for to_x, to_y in steps:
        x, y = add_bags(x, to_x), add_bags(y, to_y)
        kept = kept.grown(kept.after(to_x, to_y), [x, y])
        summed = Sums([x, y])
        assert abs(kept.total - summed.total) <= 1e-9 and abs(kept.shared - summed.shared) <= 1e-9
        assert abs(round(unrounded_dice(kept.total, kept.shared), 12) - dice(x, y)) <= 1e-11


def _plain_content_terms(side: Side, k: int) -> list[str]:
    aliases = side.aliases or {}
    return [
        aliases.get(term, term)
        for token in side.tokens(k, k + 1)
        if token.surface.casefold() not in leftovers.DISCOURSE_WORDS
        for term in token.terms
    ]


def _plain_term_pairs(side: Side) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for k in range(len(side.pieces)):
        terms = [t for t in _plain_content_terms(side, k) if not t.startswith(("~", "#"))]
        pairs.update(zip(terms, terms[1:], strict=False))
    return pairs


def _plain_says_nothing_new(side: Side, pieces: list[int], other: Side, strong: bool, clause: bool) -> bool:
    terms = [t for k in pieces for t in _plain_content_terms(side, k) if not t.startswith("~")]
    if any(t.startswith("#") for t in terms):
        return False
    if len(set(terms)) <= (leftovers.THIN_CLAUSE_WORDS if clause else leftovers.THIN_LEFTOVER_WORDS):
        return True
    pairs = list(zip(terms, terms[1:], strict=False))
    if not (strong and pairs):
        return False
    other_pairs = _plain_term_pairs(other)
    return sum(p in other_pairs for p in pairs) >= leftovers.CARRIED_SHARE * len(pairs)


def _plain_twin_leftovers(a: Side, b: Side, spans: list[tuple[int, int]], used: list[list[bool]]) -> None:
    """leftovers._twin_leftovers as first written: both sides' rest of the sentence (or on one side the
    next sentence of the paragraph), before the match and then after it, taken where they are twins."""
    for step in (-1, 1):
        rests, whole = [], []
        for s, side in enumerate((a, b)):
            lo, hi = spans[s]
            inner = lo if step < 0 else hi - 1
            rest = leftovers._free_in_sentence(side, used[s], inner + step, step, side.pieces[inner].sentence)
            beside = side.pieces[inner + step] if 0 <= inner + step < len(side.pieces) else None
            whole.append(not rest)
            if not rest and beside is not None and beside.block == side.pieces[inner].block:
                rest = leftovers._free_in_sentence(side, used[s], inner + step, step, beside.sentence)
            rests.append(rest)
        if all(whole):
            continue
        terms_a = {t for k in rests[0] for t in leftovers._content_terms(a, k)}
        terms_b = {t for k in rests[1] for t in leftovers._content_terms(b, k)}
        if all(rests) and leftovers._twins(terms_a, terms_b):
            for s, rest in enumerate(rests):
                for k in rest:
                    used[s][k] = True
                spans[s] = (min(spans[s][0], *rest), max(spans[s][1], *(k + 1 for k in rest)))


def _plain_absorb_leftovers(a: Side, b: Side, found: list[Found]) -> list[Found]:
    """absorb_leftovers as it was: every match asked, again on a second pass, the other account's pairs
    made for the whole text on first need."""
    used = [[False] * len(a.pieces), [False] * len(b.pieces)]
    for f in found:
        for s, (lo, hi) in enumerate((f.a, f.b)):
            for k in range(lo, hi):
                used[s][k] = True
    others = (b, a)
    out = []
    for f in sorted(found, key=lambda f: (f.a, f.b)):
        spans = [f.a, f.b]
        if f.score >= leftovers.STRONG_SCORE:
            _plain_twin_leftovers(a, b, spans, used)
        for s, side in enumerate((a, b)):
            lo, hi = spans[s]
            strong = f.score >= leftovers.STRONG_SCORE
            before = leftovers._free_in_sentence(side, used[s], lo - 1, -1, side.pieces[lo].sentence)
            if before and _plain_says_nothing_new(side, before, others[s], strong, _set_off(side, max(before))):
                lo = min(before)
            after = leftovers._free_in_sentence(side, used[s], hi, 1, side.pieces[hi - 1].sentence)
            if after and _plain_says_nothing_new(side, after, others[s], strong, _set_off(side, hi - 1)):
                hi = max(after) + 1
            for k in range(lo, hi):
                used[s][k] = True
            spans[s] = (lo, hi)
        if f.score >= leftovers.STRONG_SCORE:
            _plain_twin_leftovers(a, b, spans, used)
        out.append(Found(f.score, spans[0], spans[1]))
    return out


# Content words that recur in order across the two accounts, their spellings apart ("colour"), speech
# tags and sequence words, function words, numbers, and the punctuation that sets a clause off.
_WORDS = ["open", "inclusive", "cyberspace", "state", "report", "regulators", "colour", "color", "fairness"]
_WORDS += ["said", "also", "Secondly", "officials", "and", "the", "of", "to", "3", "40,000", "three"]
_sentence = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(["", "", ",", ",", ";", " —"])), min_size=1, max_size=9
).map(lambda words: (lambda text: text[:1].upper() + text[1:] + ".")(" ".join(w + p for w, p in words)))
_SCORES = [0.1, 0.35, 0.4, 0.6, 1.0]


@st.composite
def _accounts(draw: st.DrawFn) -> tuple[str, str]:
    """Two bodies, the second the first with sentences left out or added (or none of the first)."""
    text_a = draw(st.lists(_sentence, min_size=1, max_size=8))
    kept = draw(st.lists(st.booleans(), min_size=len(text_a), max_size=len(text_a)))
    text_b = [sentence for sentence, keep in zip(text_a, kept, strict=True) if keep]
    for _ in range(draw(st.integers(0 if text_b else 1, 2))):
        text_b.insert(draw(st.integers(0, len(text_b))), draw(_sentence))
    return " ".join(text_a), " ".join(text_b)


@st.composite
def _matches(draw: st.DrawFn, pieces_a: int, pieces_b: int) -> list[Found]:
    """Matches in the same order on both sides with gaps between them (which fill_gaps may pair; on
    the same pieces of both where the bodies are alike), and a few anywhere (crossing over)."""
    count = draw(st.integers(0, min(pieces_a, pieces_b, 12) // 2 + 1))
    aligned = pieces_a == pieces_b and draw(st.booleans())
    spans: list[list[tuple[int, int]]] = []
    for n in (pieces_a,) if aligned else (pieces_a, pieces_b):
        starts = sorted(draw(st.lists(st.integers(0, n - 1), min_size=count, max_size=count, unique=True)))
        ends = [*starts[1:], n][: len(starts)]
        spans.append([(lo, draw(st.integers(lo + 1, min(end, lo + 2)))) for lo, end in zip(starts, ends, strict=True)])
    found = [Found(draw(st.sampled_from(_SCORES[1:])), a, b) for a, b in zip(spans[0], spans[-1], strict=True)]
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        anywhere = []
        for n in (pieces_a, pieces_b):
            lo = draw(st.integers(0, n - 1))
            anywhere.append((lo, draw(st.integers(lo + 1, min(n, lo + 3)))))
        found.append(Found(draw(st.sampled_from(_SCORES)), anywhere[0], anywhere[1]))
    return draw(st.permutations(found))


def _assert_joined_alike(a: Side, b: Side, found: list[Found], added: list[Found]) -> None:
    first = _plain_absorb_leftovers(a, b, found)
    assert absorb_leftovers(a, b, found) == first
    added = fill_gaps(a, b, first, MatchSettings())[len(first) :] + added
    assert absorb_leftovers(a, b, first + added, settled=len(first)) == _plain_absorb_leftovers(a, b, first + added)


@QUICK
@given(_accounts(), st.data())
def test_leftovers_join_their_matches_as_when_every_match_was_asked_again(
    texts: tuple[str, str], data: st.DataObject
) -> None:
    """The second pass asks only the matches added since the first (fill_gaps's pairs, or any), and the
    other account's pairs are made only when the pieces beside the partner do not settle it: the
    matches are those of the plain passes."""
    a, b = prepare(*texts, MatchSettings())
    matches = _matches(len(a.pieces), len(b.pieces))
    _assert_joined_alike(a, b, data.draw(matches), data.draw(matches))


def test_a_match_whose_thin_leftover_brings_it_to_the_sentence_edge_is_settled_in_one_pass() -> None:
    # Found by the property below in a clean clone's run: a thin leftover taken in brought the match's
    # b side to its sentence's edge, where its rest became the next sentence, a twin of a's rest. The
    # second pass, asking only the matches added since, never saw it; asking every match, it did.
    texts = (
        "Open. Open. Open open open, 40,000 open. Open open open, open open open. Open open open, open open open."
        " 40,000. Open.",
        "Open open open, open open open, open open open. Open open open, open open open. Open. Open. Open open"
        " open, 40,000 open. Open open open, open open open. Open open open, open open open. 40,000.",
    )
    a, b = prepare(*texts, MatchSettings())
    found = [Found(0.35, (0, 1), (0, 1)), Found(0.35, (1, 2), (1, 2)), Found(0.35, (2, 3), (10, 12))]
    _assert_joined_alike(a, b, found, [])


@pytest.mark.parametrize(
    ("text_a", "text_b", "found"),
    [
        # The leftover's pair of words is in its partner: it joins without the whole text's pairs.
        (
            "The state regulators said, open inclusive cyberspace of colour.",
            "Open inclusive cyberspace of color, state regulators.",
            [Found(0.6, (1, 2), (0, 1))],
        ),
        # ... as the other spelling of one of them ("color state" carries "colour state").
        (
            "Colour state regulators said, open inclusive cyberspace of fairness.",
            "Open inclusive cyberspace of fairness, color state.",
            [Found(0.6, (1, 2), (0, 1))],
        ),
        # A sequence word is one whatever its case: what is left is a single word, thin enough.
        (
            "Secondly the regulators said, open inclusive cyberspace.",
            "Open inclusive cyberspace.",
            [Found(0.6, (1, 2), (0, 1))],
        ),
        # Two matches on the same pieces: the leftover before or after them joins the first only.
        (
            "Secondly the officials said, open inclusive cyberspace.",
            "Open inclusive cyberspace. Open inclusive cyberspace.",
            [Found(0.6, (1, 2), (1, 2)), Found(0.6, (1, 2), (0, 1))],
        ),
        (
            "Open inclusive cyberspace, the state officials said.",
            "Open inclusive cyberspace. Open inclusive cyberspace.",
            [Found(0.6, (0, 1), (1, 2)), Found(0.6, (0, 1), (0, 1))],
        ),
    ],
)
def test_leftovers_of_these_matches_join_as_when_every_match_was_asked_again(
    text_a: str, text_b: str, found: list[Found]
) -> None:
    _assert_joined_alike(*prepare(text_a, text_b, MatchSettings()), found, [])


class _PlainSums:
    """Sums as they were: each way to grow weighed from its pieces, and the one taken weighed again
    for the step's sums."""

    def __init__(self, bags: list[Bag]) -> None:
        self.x, self.y = bags
        self.total = sum(self.x.values()) + sum(self.y.values())
        small, large = (self.x, self.y) if len(self.x) <= len(self.y) else (self.y, self.x)
        self.shared = sum([w if w < large[t] else large[t] for t, w in small.items() if t in large])

    def with_added(self, to_x: Bag, to_y: Bag) -> float:
        total, shared = self._after(to_x, to_y)
        if total <= 0:
            return 0.0
        return round(2 * shared / total, 12)

    def grown(self, to_x: Bag, to_y: Bag, bags: list[Bag]) -> _PlainSums:
        grown = _PlainSums.__new__(_PlainSums)
        grown.x, grown.y = bags
        grown.total, grown.shared = self._after(to_x, to_y)
        return grown

    def _after(self, to_x: Bag, to_y: Bag) -> tuple[float, float]:
        return self.total + sum(to_x.values()) + sum(to_y.values()), self.shared + self._gained(to_x, to_y)

    def _gained(self, to_x: Bag, to_y: Bag) -> float:
        x, y = self.x, self.y
        gained = 0.0
        for term in [*to_x, *(t for t in to_y if t not in to_x)] if to_x and to_y else to_x or to_y:
            old_x, old_y = x.get(term, 0.0), y.get(term, 0.0)
            new_x, new_y = old_x + to_x.get(term, 0.0), old_y + to_y.get(term, 0.0)
            gained += (new_x if new_x < new_y else new_y) - (old_x if old_x < old_y else old_y)
        return gained


def _plain_option(
    match: Growing, now: _PlainSums, s: int, extra: Range, extra_b: Range | None
) -> tuple[float, list[tuple[Range | None, Bag]]]:
    steps: list[tuple[Range | None, Bag]] = [(None, {}), (None, {})]
    for side, step in ((s, extra), (1, extra_b)):
        if step is not None:
            bags = match.sides[side].bags
            steps[side] = (step, bags[step[0]] if step[1] - step[0] == 1 else growing._bag(match.sides[side], step))
    return now.with_added(steps[0][1], steps[1][1]), steps


def _plain_tie_break(
    match: Growing, option: tuple[float, list[tuple[Range | None, Bag]], bool]
) -> tuple[int, str, bool]:
    _, steps, leftwards = option
    added = []
    for side, (step, _) in enumerate(steps):
        if step is not None:
            pieces = match.sides[side].pieces
            added.append(match.sides[side].text[pieces[step[0]].start : pieces[step[1] - 1].end])
    text = "\n".join(sorted(added))
    return -len(text), text, leftwards


def _plain_grow(match: Growing, used: tuple[list[bool], list[bool]], min_gain: float) -> bool:
    """Growing.grow as it was: every neighbour looked for, every way to grow weighed and rounded at
    each step, and each side's bag copied at each step."""
    score = match.score
    if score + min_gain >= 1.0:
        return False
    grew = False
    now = _PlainSums(match.bags)
    while max(hi - lo for lo, hi in match.spans) < growing._MAX_GROWN:
        options = []
        for leftwards in (True, False):
            steps: list[list[Range]] = []
            for s in (0, 1):
                block = growing._neighbour(match.sides[s], match.spans[s], used[s], leftwards)
                if block is None:
                    steps.append([])
                    continue
                piece = (block[1] - 1, block[1]) if leftwards else (block[0], block[0] + 1)
                whole = block != piece and block[1] - block[0] <= growing._LONG_RUN
                steps.append([piece] + ([block] if whole else []))
            choices: list[tuple[int, Range, Range | None]] = [(s, step, None) for s in (0, 1) for step in steps[s]]
            choices += [(0, pa, pb) for pa in steps[0][:1] for pb in steps[1][:1]]
            for s, extra, extra_b in choices:
                options.append((*_plain_option(match, now, s, extra, extra_b), leftwards))
        if not options:
            return grew
        best = max(option[0] for option in options)
        if best <= score + min_gain:
            return grew
        tied = [option for option in options if option[0] == best]
        _, added, _ = tied[0] if len(tied) == 1 else max(tied, key=lambda option: _plain_tie_break(match, option))
        for side, (step, bag) in enumerate(added):
            if step is not None:
                lo, hi = match.spans[side]
                match.spans[side] = (min(lo, step[0]), max(hi, step[1]))
                match.bags[side] = add_bags(match.bags[side], bag)
        now = now.grown(added[0][1], added[1][1], match.bags)
        score = best
        grew = True
    return grew


# A few sentences of the same words in other orders, repeated: ways to grow that score alike, or to
# the last bits apart (their terms summed in another order), which the tie-break then decides.
_LIKE = ["Open the state report.", "Report the open state.", "State open, the report.", "The report, open state."]
_LIKE += ["Open, the state; report.", "Regulators said, open the state report."]
_alike = st.lists(st.lists(st.sampled_from(_LIKE), min_size=1, max_size=8).map(" ".join), min_size=2, max_size=2)


def _assert_grown_alike(
    sides: tuple[Side, Side], spans: list[Range], used: list[list[bool]], min_gain: float, trimmed: bool
) -> None:
    before = [[list(bag.items()) for bag in [*side.bags, *clause_bags_of(side)]] for side in sides]
    quick, plain = Growing(sides, (spans[0], spans[1])), Growing(sides, (spans[0], spans[1]))
    if trimmed:  # as selection grows a kept core: its bags shared
        quick.trim(0.1)
        plain = Growing(sides, (spans[0], spans[1]), (quick.spans, quick.bags, quick.score))
    grew = quick.grow((used[0], used[1]), min_gain)
    assert _plain_grow(plain, (used[0], used[1]), min_gain) == grew
    assert quick.spans == plain.spans
    assert [list(bag.items()) for bag in quick.bags] == [list(bag.items()) for bag in plain.bags]
    assert [[list(bag.items()) for bag in [*side.bags, *clause_bags_of(side)]] for side in sides] == before


@QUICK
@given(st.one_of(_accounts(), _alike.map(tuple)), st.data())
def test_a_match_grows_as_when_each_step_weighed_every_way_from_its_pieces(
    texts: tuple[str, str], data: st.DataObject
) -> None:
    """Neighbours looked for only where the match moved, the sums of the way taken kept from its
    weighing, scores rounded only near the best, terms the other side lacks passed over, and bags
    added to in place: the match grows step for step as before, to the same bits, and the sides'
    and clauses' bags are left as they were."""
    sides = prepare(*texts, MatchSettings())
    spans, used = [], []
    for side in sides:
        n = len(side.pieces)
        if data.draw(st.booleans()):  # a clause, as a candidate starts
            span = side.clause_range[data.draw(st.integers(0, len(side.clause_range) - 1))]
        else:
            lo = data.draw(st.integers(0, n - 1))
            span = (lo, data.draw(st.integers(lo + 1, min(n, lo + 3))))
        taken = data.draw(st.sampled_from([0.0, 0.0, 0.2, 0.5]))
        chosen = data.draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))
        used.append([not span[0] <= k < span[1] and c < taken for k, c in enumerate(chosen)])
        spans.append(span)
    min_gain = data.draw(st.sampled_from([0.0, 0.0, 0.001, 0.05, -0.05]))
    # Blocks too long to take whole, and matches stopped after a few pieces.
    long_run, max_grown = data.draw(st.sampled_from([(64, 64), (64, 64), (1, 64), (2, 64), (64, 2), (3, 4)]))
    with mock.patch.object(growing, "_LONG_RUN", long_run), mock.patch.object(growing, "_MAX_GROWN", max_grown):
        _assert_grown_alike(sides, spans, used, min_gain, data.draw(st.booleans()))


@pytest.mark.parametrize(
    ("text_a", "text_b", "clauses"),
    [
        # Ways to grow whose scores differ in the last bits (0.3312741160725143 and ...434; 0.6666666666666666
        # and ...667; 0.43187871689428314 and ...325) and round alike: a tie, which the text decides.
        (
            "Inclusive regulators,. Fairness colour report the state. Fairness regulators cyberspace. "
            "Inclusive regulators,.",
            "Fairness regulators cyberspace. Inclusive regulators,. Fairness regulators cyberspace. "
            "Fairness regulators cyberspace. Fairness regulators cyberspace.",
            (1, 2),
        ),
        (
            "Inclusive regulators,. Fairness colour report the state. Fairness regulators cyberspace. "
            "Inclusive regulators,.",
            "Fairness regulators cyberspace. Inclusive regulators,. Fairness regulators cyberspace. "
            "Fairness regulators cyberspace. Fairness regulators cyberspace.",
            (3, 0),
        ),
        ("Report state,. Open regulators, state colour.", "Report state,. Colour said,. Report state,.", (0, 1)),
    ],
)
def test_ways_to_grow_that_round_alike_tie_as_before(text_a: str, text_b: str, clauses: tuple[int, int]) -> None:
    sides = prepare(text_a, text_b, MatchSettings())
    spans = [side.clause_range[k] for side, k in zip(sides, clauses, strict=True)]
    _assert_grown_alike(sides, spans, [[False] * len(side.pieces) for side in sides], 0.0, False)
