"""Pairing of disagreeing values and names in a match's differences: the indexed pairing gives what
the plain scan over every pair gave (kept here as the reference), and its work stays bounded; and the
differences of a match are what find_differences gave before its quick ways (kept here too)."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberread.engine.align import differences, names, qualifiers, word_diff
from cyberread.engine.align.counted import counted_alike
from cyberread.engine.align.differences import _COMPATIBLE, _NAME_VARIANT_RATIO, _change_kind, _step_of, _value_kind
from cyberread.engine.align.durations import same_durations
from cyberread.engine.align.result import Differences, Span, ValueChange, WordOp
from cyberread.engine.text.words import Token, tokenize
from tests.conftest import edit


def reference_pair_values(
    body_a: str, odd_a: list[Token], body_b: str, odd_b: list[Token], ops: tuple[WordOp, ...]
) -> list[ValueChange]:
    """_pair_values as it was: every value of a scans every value of b."""
    changes: list[tuple[int, int, ValueChange]] = []
    taken_b: set[int] = set()
    for x in odd_a:
        kind_x = _value_kind(x) or "number"
        step = _step_of(ops, "a", (x.start, x.end))
        partner = None
        for k, y in enumerate(odd_b):
            if k in taken_b or step is None or _step_of(ops, "b", (y.start, y.end)) != step:
                continue
            if (_value_kind(y) or "number") in _COMPATIBLE[kind_x]:
                partner = k
                break
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


def reference_name_candidates(
    names_a: list[Span], names_b: list[Span], ops: tuple[WordOp, ...]
) -> list[tuple[float, int, int, int]]:
    """_name_changes' candidates as they were: every pair of names compared."""
    candidates = []
    for i, x in enumerate(names_a):
        step_x = _step_of(ops, "a", (x.start, x.end))
        for j, y in enumerate(names_b):
            ratio = differences._NAME_LIKENESS(x.text, y.text)
            same_step = step_x is not None and step_x == _step_of(ops, "b", (y.start, y.end))
            if ratio >= _NAME_VARIANT_RATIO or same_step:
                candidates.append((-ratio, -int(same_step), i, j))
    return sorted(candidates)


_PIECES = [
    "the minister met",
    "talks resumed",
    "Wang Yi",
    "Wang Yu",
    "Naledi Pandor",
    "Naledi Pandors",
    "Sergei Lavrov",
    "Lavrov",
    "in Geneva",
    "Council of the Federation",
    "3.2 million",
    "3.4 million",
    "$5 billion",
    "$6 billion",
    "€7 million",
    "12",
    "4.5%",
    "4.25%",
    "nine",
    "10",
    "14 March",
    "15 March 2024",
    "third",
    "fourth",
    "at least",
    "more than",
    "about",
    "nearly",
    "as long as",
    "the",
    "both",
    "48 hours",
    "two days",
    "an hour",
    "60 minutes",
    "and",
    ",",
    ".",
]
_TEXT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=24).map(" ".join)


def _odd_values(tokens: list[Token], theirs: set[str]) -> list[Token]:
    seen: set[str] = set()
    out = []
    for token in tokens:
        if _value_kind(token) is not None and token.terms[0] not in theirs and token.terms[0] not in seen:
            seen.add(token.terms[0])
            out.append(token)
    return out


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, _TEXT)
def test_indexed_pairing_equals_the_scan_over_every_pair(text_a: str, text_b: str) -> None:
    tokens_a, tokens_b = tokenize(text_a), tokenize(text_b)
    ops = word_diff.word_ops(tokens_a, tokens_b)
    for side, tokens in (("a", tokens_a), ("b", tokens_b)):
        steps = differences._Steps(ops, side)
        for token in tokens:
            assert steps.of((token.start, token.end)) == _step_of(ops, side, (token.start, token.end))
    terms_a = {t for tok in tokens_a for t in tok.terms}
    terms_b = {t for tok in tokens_b for t in tok.terms}
    odd_a, odd_b = _odd_values(tokens_a, terms_b), _odd_values(tokens_b, terms_a)
    assert differences._pair_values(text_a, odd_a, text_b, odd_b, ops) == reference_pair_values(
        text_a, odd_a, text_b, odd_b, ops
    )
    names_a = [Span(s, e, text_a[s:e]) for s, e in names.name_places(text_a, tokens_a)]
    names_b = [Span(s, e, text_b[s:e]) for s, e in names.name_places(text_b, tokens_b)]
    names_a = list({n.text: n for n in reversed(names_a)}.values())[::-1]
    names_b = list({n.text: n for n in reversed(names_b)}.values())[::-1]
    steps_a, steps_b = differences._Steps(ops, "a"), differences._Steps(ops, "b")
    found = sorted(differences._name_candidates(names_a, names_b, steps_a, steps_b))
    assert found == reference_name_candidates(names_a, names_b, ops)


def test_names_past_the_budget_pair_within_their_step_in_order() -> None:
    # One clause, a different made-up person in each unit on each side: the diff replaces name by name.
    units = 40
    text_a = ", ".join(f"envoy{i} met Ba{i}ko Lu{i}ma near bridge{i}" for i in range(units)) + "."
    text_b = ", ".join(f"envoy{i} met Zo{i}re Ki{i}ta near bridge{i}" for i in range(units)) + "."
    tokens_a, tokens_b = tokenize(text_a), tokenize(text_b)
    calls = []
    real = differences._NAME_LIKENESS

    def counted(x: str, y: str) -> float:
        calls.append((x, y))
        return float(real(x, y))

    with mock.patch.object(differences, "NAME_WORK", units), mock.patch.object(differences, "_NAME_LIKENESS", counted):
        found = differences.find_differences(text_a, tokens_a, text_b, tokens_b)
        assert len(calls) <= 2 * units
        mirror = differences.find_differences(text_b, tokens_b, text_a, tokens_a)
    assert ("Ba7ko Lu7ma", "Zo7re Ki7ta") in found.names
    assert len(found.names) == units
    assert mirror.names == tuple((b, a) for a, b in found.names)


def reference_find_differences(body_a: str, tokens_a: list[Token], body_b: str, tokens_b: list[Token]) -> Differences:
    """find_differences as it was: every token's keys for the diff, both sides' sets of terms and each
    side's values read, whatever the sides hold."""
    if [t.surface for t in tokens_b] < [t.surface for t in tokens_a]:
        return reference_find_differences(body_b, tokens_b, body_a, tokens_a).mirrored()

    def keys(tokens: list[Token]) -> list[str]:
        return [terms[0] if terms and terms[0].startswith("#") else word.casefold() for _, _, word, terms in tokens]

    ops = tuple(
        WordOp(word_diff._tag(tag), word_diff._range(tokens_a, i1, i2), word_diff._range(tokens_b, j1, j2))
        for tag, i1, i2, j1, j2 in word_diff._opcodes(keys(tokens_a), keys(tokens_b))
    )
    terms_a = {t for tok in tokens_a for t in tok.terms}
    terms_b = {t for tok in tokens_b for t in tok.terms}
    only_a, only_b = sorted(terms_a - terms_b), sorted(terms_b - terms_a)
    a_words = differences._words_only_here(tokens_a, terms_b, only_b) if only_a else []
    b_words = differences._words_only_here(tokens_b, terms_a, only_a) if only_b else []

    def odd_values(tokens: list[Token], mine: set[str], theirs: set[str]) -> list[Token]:
        return [] if theirs.issuperset(mine) else _odd_values(tokens, theirs)

    both_a = terms_a | (
        {"#2"}
        if any(t.surface.casefold() == "both" and t.surface in ("both", "Both", "BOTH") for t in tokens_a)
        else set()
    )
    both_b = terms_b | (
        {"#2"}
        if any(t.surface.casefold() == "both" and t.surface in ("both", "Both", "BOTH") for t in tokens_b)
        else set()
    )
    values = differences._pair_values(
        body_a, odd_values(tokens_a, terms_a, both_b), body_b, odd_values(tokens_b, terms_b, both_a), ops
    )
    values = counted_alike(same_durations(values, body_a, tokens_a, body_b, tokens_b), tokens_a, tokens_b)
    values = sorted(
        values + reference_qualified_values(body_a, tokens_a, body_b, tokens_b, ops),
        key=lambda c: (c.a.start if c.a else 1 << 60, c.b.start if c.b else -1),
    )
    names = differences._name_changes(body_a, tokens_a, body_b, tokens_b, ops)

    def texts(changes: list[ValueChange]) -> tuple[tuple[str, str], ...]:
        return tuple((c.a.text if c.a else "", c.b.text if c.b else "") for c in changes)

    return Differences(tuple(a_words), tuple(b_words), texts(values), texts(names), ops, tuple(values + names))


_QUALIFIER = re.compile(
    r"(?:^|(?<= ))(at least|more than|over|above|upwards of|in excess of|up to|at most|as many as|fewer than"
    r"|less than|under|below|nearly|almost|close to|about|around|roughly|approximately|some|estimated|as much as"
    r"|as long as|as high as) (?:the |a |an )?$"
)
_SAYS = {
    "at least": ["more than", "over", "above", "upwards of", "in excess of"],
    "at most": ["up to", "as many as", "fewer than", "less than", "under", "below", "nearly", "almost", "close to"]
    + ["as much as", "as long as", "as high as"],
}


def reference_qualified_values(
    body_a: str, tokens_a: list[Token], body_b: str, tokens_b: list[Token], ops: tuple[WordOp, ...]
) -> list[ValueChange]:
    """qualifiers.qualified_values read from every value the diff keeps equal: what the words of the
    match just before it say of it (a pattern over the text, not a lookup of words)."""
    changes = []
    for op in ops:
        if op.tag != "equal":
            continue
        xs = [t for t in tokens_a if op.a[0] <= t.start < op.a[1]]
        ys = [t for t in tokens_b if op.b[0] <= t.start < op.b[1]]
        for x, y in zip(xs, ys, strict=True):
            if not (x.terms and x.terms[0].startswith("#")):
                continue
            said = []
            for tokens, token in ((tokens_a, x), (tokens_b, y)):
                before = " ".join(t.surface for t in tokens[: tokens.index(token)]).casefold() + " "
                found = _QUALIFIER.search(before)
                phrase = found.group(1) if found else ""
                start = tokens[tokens.index(token) - len(found.group(0).split())].start if found else token.start
                kind = next((k for k, also in _SAYS.items() if phrase == k or phrase in also), "near")
                said.append((kind if phrase else "", start))
            if said[0][0] != said[1][0]:
                changes.append(qualifiers.qualified_change(body_a, said[0][1], x, body_b, said[1][1], y))
    return changes


# Pieces told with other function words: the same terms, in the same order, other words.
_OTHER_FUNCTION_WORDS = {
    "and": "or",
    "the minister met": "a minister met",
    "in Geneva": "at Geneva",
    "Council of the Federation": "Council for the Federation",
}


@st.composite
def _retold(draw: st.DrawFn) -> tuple[str, str]:
    """A text and another: unrelated, or the first with pieces recased ("Talks"), told with other
    function words, dropped or added, so that many share every term, in order or not."""
    pieces = draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=24))
    if draw(st.integers(0, 3)) == 0:
        return " ".join(pieces), draw(_TEXT)
    changes = ["keep", "upper", "title", "lower", "function", "function"]
    if draw(st.booleans()):
        changes += ["drop", "add"]
    other = []
    for piece in pieces:
        change = draw(st.sampled_from(changes))
        if change == "upper":
            piece = piece.upper()
        elif change == "title":
            piece = piece.title()
        elif change == "lower":
            piece = piece.lower()
        elif change == "function":
            piece = _OTHER_FUNCTION_WORDS.get(piece, piece)
        elif change == "drop":
            continue
        elif change == "add":
            other.append(draw(st.sampled_from(_PIECES)))
        other.append(piece)
    return " ".join(pieces), " ".join(other) or "."


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_retold())
def test_a_matchs_differences_are_what_reading_every_token_found(texts: tuple[str, str]) -> None:
    text_a, text_b = texts
    tokens_a, tokens_b = tokenize(text_a), tokenize(text_b)
    assert differences.find_differences(text_a, tokens_a, text_b, tokens_b) == reference_find_differences(
        text_a, tokens_a, text_b, tokens_b
    )


# Words, names, values and their near-equals, and words with none of those: a side drawn from the second
# holds no value, and its diff keys are read from its words alone.
_MIXED = [
    *_PIECES,
    "Talks",
    "talk",
    "talking",
    "Pandor",
    "cybersecurity",
    "cyber security",
    "9",
    "Nine",
    "March 14",
    "the",
    "of the",
]
# The same values and words written otherwise: one term, another surface.
_RESPELLED = {"nine": "9", "9": "Nine", "3.2 million": "3,200,000", "14 March": "March 14", "talks": "Talks"}
_PLAIN = ["talks", "Talks", "talk", "resumed", "the", "a", "of", "Wang Yi", "Wang", "Pandor", "Pandors", "Geneva"]


@st.composite
def _long_edited(draw: st.DrawFn) -> tuple[str, str]:
    """A text of up to some 300 words and the same text edited a few times, and its values and words
    perhaps written otherwise, so that the two share runs of every length (the diff walks a short run a
    word at a time, a long one a slice at a time); either side may hold no value at all, or the two
    sides no word the other lacks."""
    words = draw(st.sampled_from([_MIXED, _PLAIN]))
    pieces = draw(st.lists(st.sampled_from(words), min_size=draw(st.integers(1, 150)), max_size=150))
    other = list(pieces)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(other)))
        piece = draw(st.lists(st.sampled_from(draw(st.sampled_from([_MIXED, _PLAIN]))), min_size=1, max_size=4))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "move"]))
        edit(other, at, kind, piece)
    if draw(st.booleans()):
        other = [_RESPELLED.get(piece, piece) for piece in other]
    sep = draw(st.sampled_from([" ", ", "]))
    return sep.join(pieces), " ".join(other) or "."


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_long_edited())
def test_a_long_matchs_differences_are_what_reading_every_token_found(texts: tuple[str, str]) -> None:
    # Its keys read from its words where a side has no value, its own words found from its own terms.
    text_a, text_b = texts
    tokens_a, tokens_b = tokenize(text_a), tokenize(text_b)
    expected = reference_find_differences(text_a, tokens_a, text_b, tokens_b)
    assert differences.find_differences(text_a, tokens_a, text_b, tokens_b) == expected
    assert differences.find_differences(text_b, tokens_b, text_a, tokens_a) == expected.mirrored()


def test_a_day_of_the_week_changed_is_a_date_changed() -> None:
    a, b = "Engineers will inspect the bridge on Monday.", "Engineers will inspect the bridge on Tuesday."
    found = differences.find_differences(a, tokenize(a), b, tokenize(b))
    assert found.numbers == (("Monday", "Tuesday"),)
    assert [change.kind for change in found.changes] == ["date"]


def test_the_initials_of_an_abbreviation_are_no_name() -> None:
    """An abbreviation such as "U.S." names no "U": its letters are no person or place left out."""
    a = "A U.S. judge on Monday found Harlan Chemical liable for polluting the water of Millbrook."
    b = "A federal judge on Monday found Harlan Chemical liable for polluting the water of Millbrook."
    found = differences.find_differences(a, tokenize(a), b, tokenize(b))
    assert found.names == ()
    assert [run[0].surface for run in names.names_in(a, tokenize(a))] == ["Harlan", "Millbrook"]


def _names(text: str) -> list[str]:
    return [text[run[0].start : run[-1].end] for run in names.names_in(text, tokenize(text))]


def test_a_bodys_name_holds_its_and_where_two_names_side_by_side_do_not() -> None:
    assert _names("Its depth was 9.4 km, the Disaster and Emergency Management Authority said.") == [
        "Disaster and Emergency Management Authority"
    ]
    assert _names("Talks between Russia and China resumed in Bosnia and Herzegovina.") == [
        "Russia",
        "China",
        "Bosnia and Herzegovina",
    ]
    assert _names("The envoys of Russia and the European Union met.") == ["Russia", "European Union"]
    assert _names("The Department of Health and Human Services said so.") == ["Department of Health and Human Services"]


def test_a_bodys_name_keeps_a_first_word_the_other_side_gives_in_lower_case() -> None:
    """The word "disaster" of "the national disaster agency" is no name: the name stays whole."""
    a = "Its depth was 9.4 kilometres, the Disaster and Emergency Management Authority (AFAD) said."
    b = "AFAD, the national disaster agency, put its depth at 9.4 km."
    found = differences.find_differences(a, tokenize(a), b, tokenize(b))
    assert found.names == (("Disaster and Emergency Management Authority", ""),)


def test_a_figure_qualified_otherwise_is_a_figure_changed() -> None:
    """ "at least nine" is not "nine", nor "more than 40%" "less than 40%"; "about" and "around" agree."""

    def numbers(a: str, b: str) -> tuple[tuple[str, str], ...]:
        found = differences.find_differences(a, tokenize(a), b, tokenize(b))
        assert differences.find_differences(b, tokenize(b), a, tokenize(a)) == found.mirrored()
        return found.numbers

    assert numbers("At least nine people were killed.", "Nine people were killed.") == (("At least nine", "Nine"),)
    assert numbers("More than 40% voted.", "Less than 40% voted.") == (("More than 40%", "Less than 40%"),)
    assert numbers("It destroyed about 300 homes.", "It destroyed around 300 homes.") == ()
    assert numbers("It destroyed nearly 300 homes.", "It destroyed 301 homes.") == (("300", "301"),)


def test_one_span_of_time_in_other_units_and_both_for_two_are_no_figures_changed() -> None:
    """ "within 48 hours" / "in two days", "almost an hour" / "nearly sixty minutes", "both deputies" /
    "the two deputies" were reported as figures changed; "48 hours" / "three days" still is."""

    def numbers(a: str, b: str) -> tuple[tuple[str, str], ...]:
        return differences.find_differences(a, tokenize(a), b, tokenize(b)).numbers

    assert numbers("Rain fell in some places within 48 hours.", "Rain fell in some places in two days.") == ()
    assert numbers("The session stopped for almost an hour.", "The session stopped for nearly 60 minutes.") == ()
    assert (
        numbers("Both deputies were asked to leave the hall.", "The two deputies were asked to leave the hall.") == ()
    )
    assert numbers("Rain fell in some places within 48 hours.", "Rain fell in some places in three days.") == (
        ("48", "three"),
    )


def test_a_figure_each_side_gives_alone_counting_one_thing_is_a_figure_changed() -> None:
    """ "killing at least 23 people" / "At least 27 people have died": the diff finds the numbers in other
    places of the sentence, and they were a figure dropped and another added."""

    def numbers(a: str, b: str) -> tuple[tuple[str, str], ...]:
        found = differences.find_differences(a, tokenize(a), b, tokenize(b))
        assert differences.find_differences(b, tokenize(b), a, tokenize(a)) == found.mirrored()
        return found.numbers

    a = "A ferry capsized on Lake Varna on Tuesday, killing at least 23 people, officials said."
    b = "At least 27 people have died after a ferry overturned on Lake Varna on Tuesday, officials said."
    assert numbers(a, b) == (("23", "27"),)
    # Counting other things, or two figures on a side: which goes with which would be a guess.
    other = "A ferry carrying 140 passengers capsized on Lake Varna on Tuesday, officials said."
    assert numbers(a, other) == (("23", ""), ("", "140"))
    two = "At least 27 people have died and 140 were hurt after a ferry overturned on Lake Varna on Tuesday."
    assert ("23", "27") not in numbers(a, two)


def test_an_hour_written_with_am_or_pm_glued_on_is_its_figure() -> None:
    # "9pm" was no number at all, so "9 p.m." against it read as a figure dropped: "9 → —".
    a = "The ferry ran aground at about 9 p.m. on Tuesday, the coast guard said."
    b = "The ferry ran aground at about 9pm on Tuesday, the coast guard said."
    assert differences.find_differences(a, tokenize(a), b, tokenize(b)).numbers == ()
    c = "The ferry ran aground at about 10pm on Tuesday, the coast guard said."
    assert differences.find_differences(a, tokenize(a), c, tokenize(c)).numbers == (("9", "10"),)
