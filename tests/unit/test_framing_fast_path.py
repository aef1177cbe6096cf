"""framing_changes reading an ASCII stretch once, with its words folded and split in C, gives what it
gave reading every stretch with `\\w+` runs, casefold() and the QUALIFIERS regex (kept here as the
reference, with the reporter's own stretches as they were cut): for any spans and quoted stretches,
texts that are not ASCII ("ſaid", "conﬁrmed", "İ"), verbs and qualifiers cut at a stretch's edge,
quoted stretches out of order."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align import quote_agreement
from cyberread.engine.align.attribution import LOADED_VERBS, QUALIFIERS, VERBS
from cyberread.engine.align.quote_agreement import _QUALIFIER_ENDS, framing_changes
from cyberread.engine.align.result import FramingChange, Span
from tests.unit.test_fast_paths_agree import _plain_outside

QUICK = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_WORD_RUN = re.compile(r"\w+")


def _plain_verbs(stretches: list[Span]) -> list[tuple[str, Span]]:
    return [
        (VERBS[m.group().casefold()], Span(s.start + m.start(), s.start + m.end(), m.group()))
        for s in stretches
        for m in _WORD_RUN.finditer(s.text)
        if m.group().casefold() in VERBS
    ]


def _plain_qualifiers(stretches: list[Span]) -> list[tuple[str, Span]]:
    return [
        (m.group().casefold().replace(" ", "-"), Span(s.start + m.start(), s.start + m.end(), m.group()))
        for s in stretches
        for m in QUALIFIERS.finditer(s.text)
    ]


def _plain_framing_changes(
    spans_a: tuple[Span, ...], quoted_a: list[Span], spans_b: tuple[Span, ...], quoted_b: list[Span]
) -> tuple[FramingChange, ...]:
    """framing_changes as it was."""
    own_a, own_b = _plain_outside(spans_a, quoted_a), _plain_outside(spans_b, quoted_b)
    if [s.text for s in own_a] == [s.text for s in own_b]:
        return ()
    verbs_a, verbs_b = _plain_verbs(own_a), _plain_verbs(own_b)
    shared = [verb for verb, _ in verbs_a]
    left_b = []
    for verb, span in verbs_b:
        if verb in shared:
            shared.remove(verb)
        else:
            left_b.append((verb, span))
    common = {verb for verb, _ in verbs_b}
    left_a = [(v, s) for v, s in verbs_a if v not in common]
    changes = [FramingChange("verb", x[1], y[1]) for x, y in zip(left_a, left_b, strict=False)]
    changes += [FramingChange("verb", s, None) for v, s in left_a[len(left_b) :] if v in LOADED_VERBS]
    changes += [FramingChange("verb", None, s) for v, s in left_b[len(left_a) :] if v in LOADED_VERBS]
    qualifiers_a, qualifiers_b = _plain_qualifiers(own_a), _plain_qualifiers(own_b)
    words_a, words_b = {q for q, _ in qualifiers_a}, {q for q, _ in qualifiers_b}
    changes += [FramingChange("qualifier", s, None) for q, s in qualifiers_a if q not in words_b]
    changes += [FramingChange("qualifier", None, s) for q, s in qualifiers_b if q not in words_a]
    return tuple(changes)


# Verb forms and qualifiers in every case, inside longer words, written with a ligature or a long s,
# next to letters that `re` ignoring case takes for ASCII ones ("ı", "K" the Kelvin sign), quotation
# marks; cut anywhere by the spans and quoted stretches drawn over them.
_FRAGMENTS = [
    "said", "Said", "SAID", "ſaid", "unsaid", "saidx", "says", "told", "claimed", "Claims", "conﬁrmed",
    "confirmed", "denied", "DENIES", "alleged", "allegedly", "warns", "insisted", "so-called", "So Called",
    "so called", "so", "called", "self-proclaimed", "Self-Styled", "self", "styled", "supposedly",
    "dubious", "notorious", "ſo-called", "dıſputed", "Kelvin", "İ", "é", "Wang", "the", "talks", "1",
    "_", "x",
]  # fmt: skip
_SEPARATORS = ["", " ", " ", "-", ", ", "\n", ". ", "“", "”", "’", '"', "_", "—"]
bodies = st.lists(st.tuples(st.sampled_from(_FRAGMENTS), st.sampled_from(_SEPARATORS)), max_size=24).map(
    lambda parts: "".join(word + gap for word, gap in parts)
)
_cuts = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 80)), max_size=7)


def _spans(body: str, cuts: list[tuple[int, int]]) -> list[Span]:
    spans = []
    for start, length in cuts:
        start = min(start, len(body))
        end = min(len(body), start + length)
        spans.append(Span(start, end, body[start:end]))
    return spans


side = st.tuples(bodies, _cuts, _cuts, st.booleans())


def _side(drawn: tuple[str, list[tuple[int, int]], list[tuple[int, int]], bool]) -> tuple[tuple[Span, ...], list[Span]]:
    body, span_cuts, quoted_cuts, in_order = drawn
    spans = tuple(sorted(_spans(body, span_cuts), key=lambda s: s.start))
    quoted = _spans(body, quoted_cuts)
    return spans, sorted(quoted, key=lambda s: s.start) if in_order else quoted


@QUICK
@given(side, side)
@example(("He said so-called talks", [(0, 30)], [], True), ("He claimed so called talks", [(0, 30)], [], True))
@example(("unsaid confirmed", [(2, 40)], [], True), ("Said conﬁrmed ſaid", [(0, 40)], [], True))
def test_framing_changes_are_what_reading_every_stretch_with_the_regexes_gave(
    a: tuple[str, list[tuple[int, int]], list[tuple[int, int]], bool],
    b: tuple[str, list[tuple[int, int]], list[tuple[int, int]], bool],
) -> None:
    (spans_a, quoted_a), (spans_b, quoted_b) = _side(a), _side(b)
    assert framing_changes(spans_a, quoted_a, spans_b, quoted_b) == _plain_framing_changes(
        spans_a, quoted_a, spans_b, quoted_b
    )


@QUICK
@given(bodies, _cuts)
@example("He SAID the so-called, self-styled talks were dubious, she says", [(0, 80), (3, 10), (50, 4)])
@example("said said,said  said-Said", [(0, 40)])
def test_the_verbs_and_qualifiers_of_stretches_are_what_the_regexes_find(
    body: str, cuts: list[tuple[int, int]]
) -> None:
    # Stretches drawn anywhere: a word cut at an edge ("unsaid" as "said") is a word of the stretch.
    stretches = [Span(100 * k + s.start, 100 * k + s.end, s.text) for k, s in enumerate(_spans(body, cuts))]
    assert quote_agreement._framing(stretches) == (_plain_verbs(stretches), _plain_qualifiers(stretches))


def test_every_qualifier_ends_in_a_word_the_quick_reading_looks_for() -> None:
    # An ASCII stretch without one of these words is not searched for qualifiers.
    forms = (
        "so-called so called alleged allegedly purported purportedly self-proclaimed self-styled supposed "
        "supposedly notorious infamous controversial disputed unverified baseless unfounded dubious"
    )
    text = ", ".join(form.replace("_", " ") for form in forms.replace("so called", "so_called").split())
    found = [m.group().lower() for m in QUALIFIERS.finditer(text)]
    assert found == text.split(", ")
    assert {re.split(r"\W", form)[-1] for form in found} == _QUALIFIER_ENDS
    # A qualifier's letters are ASCII letters ignoring case only in ASCII: other text is read as before.
    assert QUALIFIERS.fullmatch("ſo-called") and QUALIFIERS.fullmatch("dıſputed")
