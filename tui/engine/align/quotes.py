"""Direct quotations in an account (straight and curly marks, a quote running over paragraphs, a quote
broken by "he said") and who is quoted, by the words of attribution (attribution.py). What they tell
about a match is quote_agreement.py's."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import repeat

from ..text.values import BodyValues, body_values
from ..text.words import WORD, count_tokens
from .attribution import (
    DESCRIBED,
    DESCRIBED_SUBJECT,
    REPORTING_VERB,
    ROLE_WORD,
    ROLE_WORD_IN_LOWER,
    description,
    named_speakers,
    without_lead,
)
from .names import BODY_ENDS
from .result import Quotation, Span
from .spans import blanked

# How many of the names before a quotation are looked at for one opening a sentence (_Speakers.of).
_SUBJECTS_BACK = 8
# How far back from a quotation a sentence's subject is looked for (_Speakers.of).
_SUBJECT_REACH = 1000


_NOT_SPACE = re.compile(r"\S")
# A capitalised word alone, not the first of a name: a comma or a lower-case word follows it.
_SURNAME = re.compile(r"[A-Z][\w’'-]+(?=,|\s+[a-z])")
_PERSON = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")
# Quotation marks; the single ones are apostrophes too often to be read as quotes.
QUOTATION_MARKS = '"“”'
_MARKS = re.compile(f"[{QUOTATION_MARKS}]")
_OPENS_AFTER = frozenset(" \t\n([{—–-/")
# A stretch between two quoted parts no longer than this, holding a reporting verb, joins them.
_MAX_INTERRUPTION = 80
# A quote over paragraphs without reopening marks may close at most this many paragraphs later.
_MAX_PARAGRAPHS = 4
# Fewer words in quotation marks are a term ("network freedom" is one), not a quotation.
MIN_QUOTED_WORDS = 2


def find_quotations(body: str) -> tuple[Quotation, ...]:
    """Every direct quotation in `body`, in order, with the speaker when the text names one."""
    ranges = _quoted_ranges(body)
    joined: list[list[tuple[int, int]]] = []
    for parts in ranges:
        if joined and _interruption(body, joined[-1][-1][1], parts[0][0]):
            joined[-1].extend(parts)
        else:
            joined.append(list(parts))
    if not joined:
        return ()  # and no speakers to look for (their names over a long body: 0.14 s)
    speakers = _Speakers(body, joined)
    values = body_values(body)
    quotations = []
    for parts in joined:
        spans = tuple(span for span in (_trimmed(body, s, e) for s, e in parts) if span is not None)
        if _words_in(body, spans, values) < MIN_QUOTED_WORDS or _is_a_name(body, spans, parts):
            continue
        quotations.append(Quotation(spans, speakers.of(parts)))
    return tuple(quotations)


# No number or date reads as one word over this many words: a quote this long has several words.
_LONGEST_VALUE = 12


# Words of a quoted name at most: a title, a nickname or a slogan in quotation marks.
_NAME_WORDS = 4


def _is_a_name(body: str, spans: tuple[Span, ...], parts: list[tuple[int, int]]) -> bool:
    """Whether the quoted words are a name, not words someone said: a few words, each capitalised
    ("the affiliate known as “Harbor Spider.”", “Operation Clean Sweep”), that no one is said to
    have said ("“We Will Win,” Smith said" is a quotation)."""
    if len(spans) != 1 or spans[0].end - spans[0].start > 60:
        return False
    words = WORD.findall(body, spans[0].start, spans[0].end)
    return (
        len(words) <= _NAME_WORDS
        and all(word[0].isupper() for word in words)
        and not named_speakers(_frame(body, parts))
    )


def _words_in(body: str, spans: tuple[Span, ...], values: BodyValues) -> int:
    """How many words the quoted spans hold, a number or date counting as one; a long quote is only
    counted up to _LONGEST_VALUE, without reading its numbers."""
    words = 0
    counts = []
    for span in spans:
        here = 0
        for _ in WORD.finditer(body, span.start, span.end):
            here += 1
            if words + here >= _LONGEST_VALUE:
                return words + here
        counts.append(here)
        words += here
    # The body's values (`values`: the aligner read them before it looks for quotations) hold a quote's
    # wherever reading it alone finds the same, as it does at a closing mark: 20,000 short quotes were
    # each read again. A span without a number or date holds as many tokens as the words counted above.
    total = 0
    for span, here in zip(spans, counts, strict=True):
        found = values.within(span.start, span.end)
        total += count_tokens(body, span.start, span.end, found) if found else here
    return total


def _opening(body: str, at: int) -> bool:
    mark = body[at]
    if mark == "“":
        return True
    if mark == "”":
        return False
    return at == 0 or body[at - 1] in _OPENS_AFTER


def _paragraphs(body: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]+", body[start:end])]


def _quoted_ranges(body: str) -> list[list[tuple[int, int]]]:
    """The quoted stretches, grouped by quotation: a quote whose paragraph ends open goes on in the next
    paragraph when that one opens with a mark, or when it closes the quote a few paragraphs on."""
    marks = [m.start() for m in _MARKS.finditer(body)]
    found: list[list[tuple[int, int]]] = []
    parts: list[tuple[int, int]] = []
    open_at: int | None = None

    def finish() -> None:
        nonlocal parts
        if parts:
            found.append(parts)
        parts = []

    for at in marks:
        opening = _opening(body, at)
        if open_at is None:
            if opening:
                open_at = at + 1
            continue
        paragraph_end = body.find("\n", open_at, at)
        if paragraph_end == -1:
            parts.append((open_at, at))
            if opening and body[at] == "“":
                finish()
                open_at = at + 1
            else:
                finish()
                open_at = None
            continue
        parts.append((open_at, paragraph_end))
        line_start = body.rfind("\n", 0, at) + 1
        if opening and not body[line_start:at].strip():
            open_at = at + 1  # the quote goes on: its next paragraph opens with a mark
            continue
        later = _paragraphs(body, paragraph_end, at)
        if not opening and len(later) <= _MAX_PARAGRAPHS and _MARKS.search(body, paragraph_end, at) is None:
            parts += later[:-1] + [(later[-1][0], at)] if later else []
            finish()
            open_at = None
            continue
        finish()  # an unclosed quote ends with its paragraph
        open_at = at + 1 if opening else None
    if open_at is not None:
        end = body.find("\n", open_at)
        parts.append((open_at, len(body) if end == -1 else end))
        finish()
    return found


# An attribution sits within this many characters of its quotation ("…," Wang Yi, director of the
# Office of the Central Commission for Foreign Affairs, told the meeting in Johannesburg on Monday).
FRAME_REACH = 600
_SPACE = re.compile(r"\s")


def _interruption(body: str, end: int, start: int) -> bool:
    """Whether the text between two quoted parts is only an attribution ("," he said, ")."""
    gap = body[end:start]
    return len(gap) <= _MAX_INTERRUPTION and "\n" not in gap and REPORTING_VERB.search(gap) is not None


def _trimmed(body: str, start: int, end: int) -> Span | None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in ",;:"):
        end -= 1
    return Span(start, end, body[start:end]) if end > start else None


def _frame(body: str, parts: list[tuple[int, int]]) -> str:
    """The sentence around a quotation with the quoted words blanked: where its attribution is.
    Read at most FRAME_REACH characters either side, from a whole word: in a long line without a
    sentence end, reading to the line's ends for every quotation was quadratic (24 s for 50,000
    words of stray quotation marks)."""
    opening, closing = parts[0][0], parts[-1][1]
    reach = max(0, opening - FRAME_REACH)
    start = body.rfind("\n", reach, opening) + 1
    if not start and reach:
        space = _SPACE.search(body, reach, opening)
        start = space.end() if space else opening
    before = body[start : max(start, opening - 1)]
    sentence_end = max(before.rfind(". "), before.rfind("? "), before.rfind("! "))
    if sentence_end >= 0:
        before = before[sentence_end + 2 :]
    gaps = [body[e + 1 : s - 1] for (_, e), (s, _) in zip(parts, parts[1:], strict=False)]
    stop = body.find("\n", closing, closing + FRAME_REACH)
    if stop == -1:
        stop = len(body) if closing + FRAME_REACH >= len(body) else body.rfind(" ", closing, closing + FRAME_REACH)
    after = body[closing + 1 : max(closing + 1, stop)]
    end = re.search(r"[.!?](?:\s|$)", after)
    after = after[: end.start()] if end else after
    return " … ".join([before, *gaps, after])


class _Speakers:
    """Who speaks a quotation: the name its own sentence gives with a reporting verb, else the last
    speaker named that way before it (outside quotations), else the last person named before it.
    The names are found once for the whole body and looked up by place, not searched again from the
    start of the body for every quote (quadratic in a long text)."""

    def __init__(self, body: str, quotes: list[list[tuple[int, int]]]) -> None:
        self.body = body
        self.timeline = named_speakers(blanked(body, [part for parts in quotes for part in parts]))
        self.timeline_at = [at for at, _ in self.timeline]
        # The people the body names, read from its start only as far as a quote asks: only quotes
        # before the first speaker named with a reporting verb ask (one a side of the long pair, near
        # the start), and reading the whole body took 9.5 ms of its 66 ms of quotations.
        self.people: list[re.Match[str]] = []
        self.people_end: list[int] = []
        self._unread_people: Iterator[re.Match[str]] | None = _PERSON.finditer(body)

    def of(self, parts: list[tuple[int, int]]) -> str | None:
        frame = _frame(self.body, parts)
        named = named_speakers(frame)
        if named:
            return named[0][1]
        start = parts[0][0]
        earlier = bisect_left(self.timeline_at, start)  # how many speakers were named before it
        # Asked of the frame in lower case, case-sensitive: 3-5 times quicker than IGNORECASE over the
        # 1,200 characters of a frame in a long line.
        lower = frame.lower()
        if ROLE_WORD_IN_LOWER.search(lower) and (described := DESCRIBED.search(frame)):
            # "the Chinese diplomat noted" names again the person last named speaking (Wang), where
            # that is a person's name; "a senior SBU official" is someone new, and an agency named for
            # its figures ("according to AFAD") is no governor.
            last_named = self.timeline[earlier - 1][1] if earlier else ""
            article = described.group("article") or described.group("article_after")
            if article.casefold() == "the" and last_named and not last_named.isupper():
                return last_named
            return description(article, described.group("who") or described.group("after"))
        # No verb of saying: the person the quote's own sentence opens with ("Nurlan Sadykov ... cut
        # him off, describing the allegations as 'cheap populism'"), not the speaker named before.
        # Looked for no further back than _SUBJECT_REACH: in a text of stray quotation marks and no
        # sentence end, a search to the start for each quote was quadratic (15.7 s at 100,000 words).
        reach = max(0, start - _SUBJECT_REACH)
        opening = max(reach - 1, *map(self.body.rfind, ".!?\n", repeat(reach), repeat(start))) + 1
        first = _NOT_SPACE.search(self.body, opening, start)
        opener = _PERSON.match(self.body, first.start(), start) if first else None
        # Whether "he" or "she" says it, asked only where it decides something (25 us a frame).
        pronoun = opener is not None or earlier > 0
        pronoun = pronoun and _says_he_or_she(lower)
        if opener is not None and not pronoun:
            return self._spoken(opener.group())
        if earlier:
            # "he said": a person, the speaker named last or a sentence's subject named since, whichever
            # is nearer ("Wang Chen, chief of the Information Office of China's State Council, made the
            # remarks. '...,' he said": Wang Chen, not "China" of the headline "China urge int'l co-op").
            # The subject is looked for in the text since, up to _SUBJECT_REACH characters back.
            since = max(self.timeline_at[earlier - 1], start - _SUBJECT_REACH)
            subject = None
            if pronoun:
                subject = self._nearer_subject(_PERSON.finditer(self.body, since, start), since, start)
            return subject or self.timeline[earlier - 1][1]
        # No one named as speaking yet: the last of the few people named before the quote who opens a
        # sentence, its subject; else the last person the text names before it.
        before = self._people_ending_by(start)
        last = self._spoken(self.people[before - 1].group()) if before else None
        nearby = self.people[max(0, before - _SUBJECTS_BACK) : before]
        subjects = [person for person in nearby if self._opens(person.start()) and _may_be_a_person(person.group())]
        since = max(subjects[-1].end() if subjects else 0, start - _SUBJECT_REACH)
        # A subject described since the last one named, or the named one's description ("The Getafe
        # coach said ... '…,' he said", whose name is "The Getafe"): "Bavaria's interior minister
        # visited ... '…,' he promised".
        described_since = max(subjects[-1].start() if subjects else 0, start - _SUBJECT_REACH)
        said_by_pronoun = _says_he_or_she(lower)
        said_of = self._described_subject(described_since, start) if said_by_pronoun else None
        if said_of is not None:
            return said_of[1]
        surnames = {person.group().split()[-1] for person in nearby}
        # A sentence since that opens with one of their surnames alone ("Lucía Morales ... behind the
        # counter of Casa Morales. ... Morales, who grew up near Jaén, ...") is about that person.
        openers = [
            found.group()
            for found in _SURNAME.finditer(self.body, since, start)
            if found.group() in surnames and self._opens(found.start())
        ]
        if openers:
            return openers[-1]
        if subjects and (spoken := self._spoken(subjects[-1].group())):
            return spoken
        # "she told the audience" with no one named or described as its subject: someone, not the last
        # capitalised words before it ("healthcare providers in Southeast Asia").
        return None if said_by_pronoun else last

    def _described_subject(self, since: int, start: int) -> tuple[int, str] | None:
        """The last sentence subject between `since` and `start` that describes a person without naming
        them ("The interior minister spoke at a press conference in Malatya. '…,' he said"; "Bavaria's
        interior minister visited the region"), and where it is."""
        if not ROLE_WORD.search(self.body, since, start):
            return None
        found = list(DESCRIBED_SUBJECT.finditer(self.body, since, start))
        if not found:
            return None
        whose = found[-1].group("whose")
        return found[-1].start("who"), " ".join([whose, *found[-1].group("who").split()]) if whose else description(
            "the", found[-1].group("who")
        )

    def _nearer_subject(self, people: Iterable[re.Match[str]], since: int, start: int) -> str | None:
        """Of the last name that opens a sentence and the last described subject since `since`, the one
        nearer the quote: "Midfielder Iker Sanz scored ... Celta's coach criticised the referee. '…,'
        he said" is the coach's."""
        subjects = [person for person in people if self._opens(person.start()) and _may_be_a_person(person.group())]
        described = self._described_subject(since, start)
        if described is not None and (not subjects or described[0] >= subjects[-1].start()):
            return described[1]
        return self._spoken(subjects[-1].group()) if subjects else None

    @staticmethod
    def _spoken(name: str) -> str | None:
        """A person's name as a speaker's: without the titles or "The" before it."""
        return " ".join(without_lead(name.split())) or None

    def _opens(self, at: int) -> bool:
        """Whether a name starting at `at` opens a sentence or a line."""
        while at and self.body[at - 1] in " \t":
            at -= 1
        return at == 0 or self.body[at - 1] in "\n.!?"

    def _people_ending_by(self, at: int) -> int:
        """How many of the body's names (in order, as a search of the whole body finds them) end by
        `at`. A name cannot run over a quotation mark, so the names of the whole body that end before
        a quote opens are the ones a search of the text before it finds. The search goes on from
        where it stopped until it has passed `at`: the names found so far end in order."""
        while self._unread_people is not None and (not self.people_end or self.people_end[-1] <= at):
            person = next(self._unread_people, None)
            if person is None:
                self._unread_people = None
            else:
                self.people.append(person)
                self.people_end.append(person.end())
        return bisect_right(self.people_end, at)


def _may_be_a_person(name: str) -> bool:
    """Whether a capitalised run may name a person: not one that ends in a body's word ("The German
    Weather Service", "the Foreign Ministry")."""
    return name.rsplit(None, 1)[-1].casefold() not in BODY_ENDS


def _says_he_or_she(lower: str) -> bool:
    """Whether a quotation's frame, in lower case, gives its speaker as "he" or "she" (a word of its own):
    found with str.find, where the pattern \\b(?:he|she)\\b took 20-30 us a frame, every quote of a
    long text asking (100,000 words of stray quotation marks: 0.1 s)."""
    at = lower.find("he")
    while at >= 0:
        end = at + 2
        if end == len(lower) or not _word_character(lower[end]):
            lead = at - 1 if at and lower[at - 1] == "s" else at
            if lead == 0 or not _word_character(lower[lead - 1]):
                return True
        at = lower.find("he", at + 1)
    return False


def _word_character(character: str) -> bool:
    return character.isalnum() or character == "_"
