"""The quick way of finding who speaks each quotation gives what the plain one it replaced gave (kept
here as the reference): the body blanked outside its quotations built from the stretches in order,
and the people the body names read only as far as a quote asks."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align import attribution, quotes
from cyberread.engine.align.attribution import NOT_SPEAKERS, TITLES, named_speakers
from cyberread.engine.align.names import BODY_ENDS
from cyberread.engine.align.quotes import _PERSON, _SUBJECT_REACH, _SUBJECTS_BACK, _frame, _Speakers
from cyberread.engine.align.spans import blanked

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Capitalised names, a reporting verb, titles, quotation marks of both kinds and sentence ends, so that
# quotes have speakers named in their sentence, earlier, or only as people before them.
_WORDS = [
    "Wang",
    "Yi",
    "Lee",
    "Yi,",
    "Lee,",
    "Lee's",
    "The",
    "coach",
    "Office",
    "she",
    "denies",
    "said",
    "says",
    "minister",
    "the",
    "of",
    "he",
    "met",
    ",",
    ".",
    '"',
    "“",
    "”",
    "\n",
]
bodies = st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join)


def _plain_blanked(body: str, quoted: list[tuple[int, int]]) -> str:
    outside = list(body)
    for start, end in quoted:
        outside[start:end] = " " * (end - start)
    return "".join(outside)


def _person(name: str) -> bool:
    return name.split()[-1].lower() not in BODY_ENDS


class _PlainSpeakers:
    """_Speakers as it was: the body blanked in a list of its characters, every person it names read
    at once."""

    def __init__(self, body: str, joined: list[list[tuple[int, int]]]) -> None:
        self.body = body
        outside = list(body)
        for parts in joined:
            for start, end in parts:
                outside[start:end] = " " * (end - start)
        self.timeline = named_speakers("".join(outside))
        self.timeline_at = [at for at, _ in self.timeline]
        self.people = [(m.start(), m.end(), m.group()) for m in _PERSON.finditer(body)]
        self.people_end = [end for _, end, _ in self.people]

    def of(self, parts: list[tuple[int, int]]) -> str | None:
        frame = _frame(self.body, parts)
        named = named_speakers(frame)
        if named:
            return named[0][1]
        start = parts[0][0]
        earlier = bisect_left(self.timeline_at, start)
        # A described speaker: the person last named speaking for "the ...", the description otherwise.
        described = attribution.DESCRIBED.search(frame)
        if described:
            last_named = self.timeline[earlier - 1][1] if earlier else ""
            article = described.group("article") or described.group("article_after")
            if article.casefold() == "the" and last_named and not last_named.isupper():
                return last_named
            return attribution.description(article, described.group("who") or described.group("after"))
        pronoun = re.search(r"\b(?:he|she)\b", frame, re.IGNORECASE) is not None
        # The person the quote's own sentence opens with, looked for at most _SUBJECT_REACH back.
        reach = max(0, start - _SUBJECT_REACH)
        last_end = max(self.body.rfind(mark, 0, start) for mark in ".!?\n")
        opening = last_end + 1 if last_end >= reach else reach
        words = self.body[opening:start]
        first = opening + len(words) - len(words.lstrip())
        opener = _PERSON.match(self.body, first, start) if first < start else None
        if opener is not None and not pronoun:
            return self._spoken(opener.group())
        if earlier:
            if pronoun:
                since = max(self.timeline_at[earlier - 1], start - _SUBJECT_REACH)
                named = [
                    m
                    for m in _PERSON.finditer(self.body[:start], since)
                    if self._opens(m.start()) and _person(m.group())
                ]
                said_of = self._described(since, start)
                if said_of and (not named or said_of[0] >= named[-1].start()):
                    return said_of[1]
                if named and self._spoken(named[-1].group()):
                    return self._spoken(named[-1].group())
            return self.timeline[earlier - 1][1]
        before = bisect_right(self.people_end, start)
        near = self.people[max(0, before - _SUBJECTS_BACK) : before]
        subjects = [(at, end, name) for at, end, name in near if self._opens(at) and _person(name)]
        by_pronoun = re.search(r"\b(?:he|she)\b", frame, re.IGNORECASE) is not None
        if by_pronoun:
            said_of = self._described(max(subjects[-1][0] if subjects else 0, start - _SUBJECT_REACH), start)
            if said_of:
                return said_of[1]
        since = max(subjects[-1][1] if subjects else 0, start - _SUBJECT_REACH)
        surnames = [name.split()[-1] for _, _, name in near]
        openers = [
            m.group()
            for m in re.finditer(r"[A-Z][\w’'-]+(?=,|\s+[a-z])", self.body[:start])
            if m.start() >= since and m.group() in surnames and self._opens(m.start())
        ]
        if openers:
            return openers[-1]
        if subjects and self._spoken(subjects[-1][2]):
            return self._spoken(subjects[-1][2])
        if by_pronoun:
            return None
        return self._spoken(self.people[before - 1][2]) if before else None

    def _described(self, since: int, start: int) -> tuple[int, str] | None:
        """The last sentence subject described, not named, from `since` to `start`, and where it is."""
        found = [m for m in attribution.DESCRIBED_SUBJECT.finditer(self.body[:start]) if m.start() >= since]
        if not found:
            return None
        whose = found[-1].group("whose")
        who = found[-1].group("who")
        return found[-1].start("who"), f"{whose} {' '.join(who.split())}" if whose else attribution.description(
            "the", who
        )

    @staticmethod
    def _spoken(name: str) -> str | None:
        words = name.split()
        while words and (words[0].casefold() in TITLES or words[0].casefold() in NOT_SPEAKERS):
            words = words[1:]
        return " ".join(words) or None

    def _opens(self, at: int) -> bool:
        before = self.body[:at].rstrip(" \t")
        return not before or before[-1] in "\n.!?"


@QUICK
@given(st.text(alphabet="ab \n", max_size=30), st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30))))
@example("abcdef", [(4, 6), (1, 3), (2, 5)])
@example("abcdef", [(4, 2), (1, 2)])
def test_blanked_body_is_the_plain_one(body: str, stretches: list[tuple[int, int]]) -> None:
    stretches = [(min(start, len(body)), min(end, len(body))) for start, end in stretches]
    assert blanked(body, stretches) == _plain_blanked(body, stretches)


def _joined(body: str) -> list[list[tuple[int, int]]]:
    """The quoted parts of `body` joined into quotations, as find_quotations joins them."""
    joined: list[list[tuple[int, int]]] = []
    for parts in quotes._quoted_ranges(body):
        if joined and quotes._interruption(body, joined[-1][-1][1], parts[0][0]):
            joined[-1].extend(parts)
        else:
            joined.append(list(parts))
    return joined


@QUICK
@given(bodies, st.permutations(range(8)))
@example('Lee Yi met Wang Yi , " the Yi of the " and . Lee Wang " he met "', range(8))
@example('Lee met the minister Wang Yi . " the Yi of Wang " he said . Wang Yi said " he met Lee "', range(8))
@example('Wang Lee met Yi Lee . Lee, the minister met the Yi " of the "', range(8))  # a surname opens a sentence
@example('the minister said "', range(8))  # a described speaker (found after the quotes' speakers changed)
def test_speakers_are_the_plain_ones(body: str, order: list[int]) -> None:
    """Whatever order quotes ask in (the people are read on as far as each asks)."""
    joined = _joined(body)
    quick, plain = _Speakers(body, joined), _PlainSpeakers(body, joined)
    asked = [joined[k] for k in order if k < len(joined)] + joined
    assert [quick.of(parts) for parts in asked] == [plain.of(parts) for parts in asked]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="shet _x1.", max_size=20))
def test_he_or_she_is_found_as_the_pattern_finds_it(frame: str) -> None:
    assert quotes._says_he_or_she(frame) == (re.search(r"\b(?:he|she)\b", frame) is not None)
