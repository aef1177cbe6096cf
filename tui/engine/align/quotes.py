"""Direct quotations in an account (straight and curly marks, a quote running over paragraphs, a quote
broken by "he said") with who is quoted, and what they tell about a match: whether both sides quote
the same words, and how each reporter frames the quote (the reporting verb, a qualifier added)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from ..text.patterns import alternation
from ..text.values import body_values
from ..text.words import WORD, Token, tokenize
from .result import FramingChange, Match, Quotation, QuoteAgreement, Span, WordOp
from .word_diff import word_ops

# A reporting verb's forms, each with the verb it is a form of: "said" and "says" frame alike,
# "said" and "claimed" do not.
_VERB_FORMS = {
    "say": "say says said saying",
    "tell": "tell tells told telling",
    "add": "add adds added adding",
    "state": "state states stated stating",
    "claim": "claim claims claimed claiming",
    "admit": "admit admits admitted admitting",
    "concede": "concede concedes conceded conceding",
    "insist": "insist insists insisted insisting",
    "note": "note notes noted noting",
    "stress": "stress stresses stressed stressing",
    "warn": "warn warns warned warning",
    "declare": "declare declares declared declaring",
    "announce": "announce announces announced announcing",
    "argue": "argue argues argued arguing",
    "explain": "explain explains explained explaining",
    "assert": "assert asserts asserted asserting",
    "allege": "allege alleges alleged alleging",
    "acknowledge": "acknowledge acknowledges acknowledged acknowledging",
    "emphasize": "emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising",
    "boast": "boast boasts boasted boasting",
    "complain": "complain complains complained complaining",
    "remark": "remark remarks remarked",
    "reply": "reply replies replied replying",
    "write": "write writes wrote writing",
    "urge": "urge urges urged urging",
    "cite": "cite cites cited citing",
    "deny": "deny denies denied denying",
    "confirm": "confirm confirms confirmed confirming",
    "vow": "vow vows vowed vowing",
    "pledge": "pledge pledges pledged pledging",
    "threaten": "threaten threatens threatened threatening",
}
VERBS = {form: verb for verb, forms in _VERB_FORMS.items() for form in forms.split()}
# Verbs that pass a judgement on what was said; one side using one where the other has none is framing.
_LOADED = frozenset("claim admit concede insist allege boast complain deny threaten".split())
_VERB = re.compile(rf"\b({alternation(VERBS)})\b", re.IGNORECASE)
QUALIFIERS = re.compile(
    r"\b(so-called|so called|alleged(?:ly)?|purported(?:ly)?|self-(?:proclaimed|styled)|supposed(?:ly)?|"
    r"notorious|infamous|controversial|disputed|unverified|baseless|unfounded|dubious)\b",
    re.IGNORECASE,
)
_NAME = r"(?:[A-Z][\w’'-]+)(?:\s+(?:(?:of|the|de|al|bin|van|von)\s+)?[A-Z][\w’'-]+){0,3}"
# "Wang said", "said Wang", "according to Wang", "cited Wang as saying", "Wang, the minister, said"
_ATTRIBUTION = re.compile(
    rf"(?:{_VERB.pattern}|according to)\s+(?P<after>{_NAME})"
    rf"|(?P<before>{_NAME})(?:,[^,\"“”]{{1,60}},)?\s+(?:also\s+)?(?!cite)(?:{_VERB.pattern})"
)
_NOT_SPEAKERS = frozenset(
    "he she it they we i you the this that these those his her its their in on at after before but and"
    " however meanwhile also chinese russian american british european".split()
)
# A name right after one of these is the object of a preposition, not the one speaking.
_OBJECT_OF = re.compile(r"\b(?:of|for|at|in|from|with|by|to)\s+(?:the\s+)?$", re.IGNORECASE)
# Words that lead a name and say what the person is, not who.
TITLES = frozenset(
    "minister president director secretary chairman chief adviser advisor spokesman spokeswoman spokesperson"
    " ambassador general senator governor mayor premier deputy foreign interior prime".split()
)
_PERSON = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")
# Quotation marks; the single ones are apostrophes too often to be read as quotes.
_MARKS = re.compile(r"[\"“”]")
_OPENS_AFTER = frozenset(" \t\n([{—–-/")
# A stretch between two quoted parts no longer than this, holding a reporting verb, joins them.
_MAX_INTERRUPTION = 80
# A quote over paragraphs without reopening marks may close at most this many paragraphs later.
_MAX_PARAGRAPHS = 4
# Fewer words in quotation marks are a term ("network freedom" is one), not a quotation.
_MIN_WORDS = 2


def find_quotations(body: str) -> tuple[Quotation, ...]:
    """Every direct quotation in `body`, in order, with the speaker when the text names one."""
    ranges = _quoted_ranges(body)
    joined: list[list[tuple[int, int]]] = []
    for parts in ranges:
        if joined and _interruption(body, joined[-1][-1][1], parts[0][0]):
            joined[-1].extend(parts)
        else:
            joined.append(list(parts))
    speakers = _Speakers(body, joined)
    quotations = []
    for parts in joined:
        spans = tuple(span for span in (_trimmed(body, s, e) for s, e in parts) if span is not None)
        if _words_in(body, spans) < _MIN_WORDS:
            continue
        quotations.append(Quotation(spans, speakers.of(parts)))
    return tuple(quotations)


# No number or date reads as one word over this many words: a quote this long has several words.
_LONGEST_VALUE = 12


def _words_in(body: str, spans: tuple[Span, ...]) -> int:
    """How many words the quoted spans hold, a number or date counting as one; a long quote is only
    counted up to _LONGEST_VALUE, without reading its numbers."""
    words = 0
    for span in spans:
        for _ in WORD.finditer(body, span.start, span.end):
            words += 1
            if words >= _LONGEST_VALUE:
                return words
    return sum(len(tokenize(body, s.start, s.end)) for s in spans)


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
    return len(gap) <= _MAX_INTERRUPTION and "\n" not in gap and _VERB.search(gap) is not None


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


def _named(text: str) -> list[tuple[int, str]]:
    """Names given as the subject or object of a reporting verb in `text`, with their places."""
    names = []
    for found in _ATTRIBUTION.finditer(text):
        name = found.group("before") or found.group("after")
        if found.group("before") and _OBJECT_OF.search(text, max(0, found.start() - 12), found.start()):
            # "director of the Office of the Commission for Foreign Affairs said": the name ends an
            # apposition; the one speaking is the sentence's subject, named earlier.
            continue
        words = name.split()
        while words and (words[0].casefold() in _NOT_SPEAKERS or words[0].casefold() in TITLES):
            words = words[1:]
        if words and words[-1].casefold() not in VERBS:
            names.append((found.start(), " ".join(words)))
    return names


def attributions(text: str) -> list[str]:
    """The claims `text` attributes to a named speaker, as written ("Wang said", "according to Xinhua")."""
    return [" ".join(found.group().split()) for found in _ATTRIBUTION.finditer(text) if _named(found.group())]


class _Speakers:
    """Who speaks a quotation: the name its own sentence gives with a reporting verb, else the last
    speaker named that way before it (outside quotations), else the last person named before it.
    The names are found once for the whole body and looked up by place, not searched again from the
    start of the body for every quote (quadratic in a long text)."""

    def __init__(self, body: str, quotes: list[list[tuple[int, int]]]) -> None:
        self.body = body
        outside = list(body)
        for parts in quotes:
            for start, end in parts:
                outside[start:end] = " " * (end - start)
        self.timeline = _named("".join(outside))
        self.timeline_at = [at for at, _ in self.timeline]
        # A name cannot run over a quotation mark, so the names of the whole body that end before a
        # quote opens are the ones a search of the text before it finds.
        self.people = [(m.end(), m.group()) for m in _PERSON.finditer(body)]
        self.people_end = [end for end, _ in self.people]

    def of(self, parts: list[tuple[int, int]]) -> str | None:
        named = _named(_frame(self.body, parts))
        if named:
            return named[0][1]
        start = parts[0][0]
        earlier = bisect_left(self.timeline_at, start)
        if earlier:
            return self.timeline[earlier - 1][1]
        # No one named as speaking yet: the last person the text names before the quote.
        before = bisect_right(self.people_end, start)
        words = self.people[before - 1][1].split() if before else []
        while words and words[0].casefold() in TITLES:
            words = words[1:]
        return " ".join(words) or None


# What a quotation means for a match


class _PartIndex:
    """The quoted parts of one account sorted by start, with the running maximum of their ends: the
    parts that can overlap a span are found by bisection, not by visiting every quote for every match
    (8 million comparisons on a 100k-word pair)."""

    def __init__(self, quotes: tuple[Quotation, ...]) -> None:
        self.quotes = quotes
        parts = sorted(
            ((part.start, part.end, q, p) for q, quote in enumerate(quotes) for p, part in enumerate(quote.parts)),
        )
        self.parts = parts
        self.starts = [part[0] for part in parts]
        self.max_ends = list(accumulate((part[1] for part in parts), max))
        self.quote_starts = [quote.start for quote in quotes]  # quotes come in the text's order
        self.quote_ends = list(accumulate((quote.end for quote in quotes), max))


_INDEX: list[_PartIndex] = []


def _part_index(quotes: tuple[Quotation, ...]) -> _PartIndex:
    for index in _INDEX:
        if index.quotes is quotes:
            return index
    index = _PartIndex(quotes)
    _INDEX[:] = [*_INDEX[-3:], index]  # the accounts of the last comparisons
    return index


def quotes_touching(quotes: tuple[Quotation, ...], start: int, end: int) -> list[int]:
    """Indices of the quotations whose whole extent (an interruption "he said" included) overlaps
    start..end, in order; by bisection, not a look at every quote."""
    index = _part_index(quotes)
    found = []
    for q in range(bisect_right(index.quote_ends, start), bisect_left(index.quote_starts, end)):
        if quotes[q].start < end and start < quotes[q].end:
            found.append(q)
    return found


def overlapping_parts(quotes: tuple[Quotation, ...], start: int, end: int) -> list[tuple[int, int]]:
    """(quote, part) indices of the quoted parts that overlap start..end, in the quotes' order."""
    index = _part_index(quotes)
    found = []
    for k in range(bisect_right(index.max_ends, start), bisect_left(index.starts, end)):
        part_start, part_end, q, p = index.parts[k]
        if part_start < end and start < part_end:
            found.append((q, p))
    return sorted(found)


def _inside(quotes: tuple[Quotation, ...], spans: tuple[Span, ...]) -> tuple[list[Span], str | None]:
    """The quoted stretches within these spans, cut to them, and the speaker of the first quotation
    (in the text's order) that they touch."""
    index = _part_index(quotes)
    hits = []
    for s, span in enumerate(spans):
        # Parts from the first whose end (or an earlier part's) passes the span's start, to the last
        # that starts before its end; in the order of quotes, parts, spans, as a plain loop finds them.
        for k in range(bisect_right(index.max_ends, span.start), bisect_left(index.starts, span.end)):
            start, end, q, p = index.parts[k]
            start, end = max(start, span.start), min(end, span.end)
            if end > start:
                hits.append((q, p, s, start, end))
    hits.sort()
    found = [
        Span(start, end, spans[s].text[start - spans[s].start : end - spans[s].start]) for _, _, s, start, end in hits
    ]
    speaker = quotes[hits[0][0]].speaker if hits else None
    return sorted(found, key=lambda s: s.start), speaker


def _tokens(body: str, spans: list[Span]) -> list[Token]:
    values = body_values(body)
    return [
        token
        for span in spans
        for token in tokenize(body, span.start, span.end, values=values.within(span.start, span.end))
    ]


def _outside(spans: tuple[Span, ...], quoted: list[Span]) -> list[Span]:
    """The stretches of these spans outside the quoted ones: the reporter's own words. Each span
    looks only at the quoted stretches that can overlap it, found by bisection over their starts
    (sorted, as `_inside` gives them; out of order, every stretch is looked at) and the running
    maximum of their ends: a match over thousands of lines, each line looking at every quote, was
    quadratic."""
    starts = [part.start for part in quoted]
    ordered = all(earlier <= later for earlier, later in zip(starts, starts[1:], strict=False))
    max_ends = list(accumulate((part.end for part in quoted), max))
    out = []
    for span in spans:
        position = span.start
        first, last = (0, len(quoted))
        if ordered:
            first, last = bisect_right(max_ends, span.start), bisect_left(starts, span.end)
        for k in range(first, last):
            part = quoted[k]
            if part.start >= span.end or part.end <= span.start:
                continue
            if part.start > position:
                out.append(Span(position, part.start, span.text[position - span.start : part.start - span.start]))
            position = max(position, part.end)
        if position < span.end:
            out.append(Span(position, span.end, span.text[position - span.start :]))
    return out


_WORD_RUN = re.compile(r"\w+")


def _verbs(stretches: list[Span]) -> list[tuple[str, Span]]:
    """The reporting verbs of these stretches: what _VERB.finditer finds (a verb form bounded by \\b
    on both sides is a whole run of word characters), read word by word with a dictionary, not by
    trying a 120-way alternation at every character. A stretch whose words hold no verb form (asked
    of all its words at once) is not read word by word."""
    return [
        (VERBS[m.group().casefold()], Span(s.start + m.start(), s.start + m.end(), m.group()))
        for s in stretches
        if not VERBS.keys().isdisjoint(map(str.casefold, _WORD_RUN.findall(s.text)))
        for m in _WORD_RUN.finditer(s.text)
        if m.group().casefold() in VERBS
    ]


def _qualifiers(stretches: list[Span]) -> list[tuple[str, Span]]:
    return [
        (m.group().casefold().replace(" ", "-"), Span(s.start + m.start(), s.start + m.end(), m.group()))
        for s in stretches
        for m in QUALIFIERS.finditer(s.text)
    ]


def framing_changes(
    spans_a: tuple[Span, ...], quoted_a: list[Span], spans_b: tuple[Span, ...], quoted_b: list[Span]
) -> tuple[FramingChange, ...]:
    """The reporting verbs the two sides give differently, then the qualifiers only one side adds,
    both read outside the quotation marks (inside them they are the speaker's words)."""
    own_a, own_b = _outside(spans_a, quoted_a), _outside(spans_b, quoted_b)
    if [s.text for s in own_a] == [s.text for s in own_b]:
        return ()  # the same own words give the same verbs and qualifiers: nothing to tell apart
    verbs_a, verbs_b = _verbs(own_a), _verbs(own_b)
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
    changes += [FramingChange("verb", s, None) for v, s in left_a[len(left_b) :] if v in _LOADED]
    changes += [FramingChange("verb", None, s) for v, s in left_b[len(left_a) :] if v in _LOADED]
    qualifiers_a, qualifiers_b = _qualifiers(own_a), _qualifiers(own_b)
    words_a, words_b = {q for q, _ in qualifiers_a}, {q for q, _ in qualifiers_b}
    changes += [FramingChange("qualifier", s, None) for q, s in qualifiers_a if q not in words_b]
    changes += [FramingChange("qualifier", None, s) for q, s in qualifiers_b if q not in words_a]
    return tuple(changes)


# A quote this many times shorter than the other side's, and inside it word for word, quotes a phrase
# of the same words ("color revolutions" from a whole sentence); trimming a short quote is a misquote.
_EXCERPT_RATIO = 3


def _same_quote(ops: tuple[WordOp, ...], words_a: list[str], words_b: list[str]) -> bool:
    if all(op.tag == "equal" for op in ops):
        return True
    short, long = sorted((words_a, words_b), key=len)
    if len(short) < _MIN_WORDS or len(long) < _EXCERPT_RATIO * len(short):
        return False
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def quote_match(
    match: Match, body_a: str, body_b: str, quotes_a: tuple[Quotation, ...], quotes_b: tuple[Quotation, ...]
) -> Match:
    """The match with what its quotations say: same words, a misquote (with the diff of the quoted
    words), one side quoting, or none; who is quoted; and how each side frames it."""
    (quoted_a, speaker_a), (quoted_b, speaker_b) = _inside(quotes_a, match.a), _inside(quotes_b, match.b)
    ops: tuple[WordOp, ...] = ()
    agreement: QuoteAgreement = "none"
    if quoted_a and quoted_b:
        tokens_a, tokens_b = _tokens(body_a, quoted_a), _tokens(body_b, quoted_b)
        ops = word_ops(tokens_a, tokens_b)
        words_a, words_b = ([t.surface.casefold() for t in tokens] for tokens in (tokens_a, tokens_b))
        agreement = "same" if _same_quote(ops, words_a, words_b) else "misquote"
    elif quoted_a or quoted_b:
        agreement = "one_side"
    return Match(
        match.score,
        match.kind,
        match.a,
        match.b,
        match.differences,
        match.parts,
        agreement,
        ops if agreement == "misquote" else (),
        framing_changes(match.a, quoted_a, match.b, quoted_b),
        (speaker_a, speaker_b),
        match.verdict,
    )
