"""What quotations tell about a match: whether both sides quote the same words (a quote trimmed, a
word changed, one side quoting and the other paraphrasing), and how each reporter frames the quote (the
reporting verb, a qualifier added). Quotations themselves are found in quotes.py."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

from rapidfuzz.distance import LCSseq

from ..text.values import body_values
from ..text.words import Token, is_function_word, tokenize
from .attribution import LOADED_VERBS, QUALIFIERS, VERBS
from .quotes import MIN_QUOTED_WORDS
from .result import FramingChange, Match, Quotation, QuoteAgreement, Span, WordOp
from .word_diff import word_ops


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
_TEXT = attrgetter("text")


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
    if not quotes:
        return [], None  # none to look for in each span (a match of 100,000 lines: 0.01 s)
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


def _agreement(
    body_a: str, quoted_a: list[Span], body_b: str, quoted_b: list[Span]
) -> tuple[QuoteAgreement, tuple[WordOp, ...]]:
    """How two sides' quoted words agree: the same, one quote changed, or each in words of its own; and
    the diff of the words."""
    tokens_a, tokens_b = _tokens(body_a, sorted(quoted_a, key=_START)), _tokens(body_b, sorted(quoted_b, key=_START))
    ops = word_ops(tokens_a, tokens_b)
    words_a, words_b = ([t.surface.casefold() for t in tokens] for tokens in (tokens_a, tokens_b))
    if _same_quote(ops, words_a, words_b):
        return "same", ops
    return ("misquote" if _one_quote_changed(words_a, words_b) else "reworded"), ops


_START = attrgetter("start")


def _closed_within(quotes: tuple[Quotation, ...], spans: tuple[Span, ...]) -> bool:
    """Whether every quotation the spans touch opens and closes within them."""
    first, last = spans[0].start, spans[-1].end
    touching = quotes_touching(quotes, first, last)
    return bool(touching) and all(first <= quotes[q].start and quotes[q].end <= last for q in touching)


def _running_on(quotes: tuple[Quotation, ...], spans: tuple[Span, ...], body: str) -> list[Span]:
    """What of the quoted parts the spans cut at their outer ends lies beyond them: the rest of one run
    of quoted words (not a later part after "he said", which another match may hold)."""
    first, last = spans[0].start, spans[-1].end
    rest = []
    for q, p in overlapping_parts(quotes, first, last):
        part = quotes[q].parts[p]
        if part.start < first:
            rest.append(Span(part.start, first, body[part.start : first]))
        if part.end > last:
            rest.append(Span(last, part.end, body[last : part.end]))
    return sorted(rest, key=lambda span: span.start)


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
    quadratic. A span no quote touches is given as it is, not copied (a frozen Span is slow to
    make), and a few quoted stretches are looked at one by one, cheaper than setting up the
    bisection: on a long pair (4,322 matches, 2,705 without a quote) 5.5 ms instead of 21 ms."""
    if not quoted:
        return [span for span in spans if span.start < span.end]
    starts = [part.start for part in quoted]
    bisecting = len(quoted) > 4 and all(earlier <= later for earlier, later in zip(starts, starts[1:], strict=False))
    max_ends = list(accumulate((part.end for part in quoted), max)) if bisecting else []
    out = []
    for span in spans:
        position = span.start
        first, last = (0, len(quoted))
        if bisecting:
            first, last = bisect_right(max_ends, span.start), bisect_left(starts, span.end)
        for k in range(first, last):
            part = quoted[k]
            if part.start >= span.end or part.end <= span.start:
                continue
            if part.start > position:
                out.append(Span(position, part.start, span.text[position - span.start : part.start - span.start]))
            position = max(position, part.end)
        if position == span.start < span.end:
            out.append(span)
        elif position < span.end:
            out.append(Span(position, span.end, span.text[position - span.start :]))
    return out


_WORD_RUN = re.compile(r"\w+")


def _verbs(stretches: list[Span]) -> list[tuple[str, Span]]:
    """The reporting verbs of these stretches: what REPORTING_VERB.finditer finds (a verb form bounded by \\b
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


# An ASCII character as `_WORD_RUN` and casefold() see it: a word character (a letter, a digit, "_")
# lower-cased, which for ASCII is what casefold() gives, anything else a space. The words of an ASCII
# text are then the words of its folded copy split at spaces, each at the same place.
_FOLD = str.maketrans({c: c.lower() if c.isalnum() or c == "_" else " " for c in map(chr, range(128))})
# The last word of every qualifier QUALIFIERS finds, whole ("so-called" and "self-styled" end in a
# word of their own): a text without any of them has no qualifier.
_QUALIFIER_ENDS = frozenset(
    "called proclaimed styled alleged allegedly purported purportedly supposed supposedly notorious infamous "
    "controversial disputed unverified baseless unfounded dubious".split()
)


def _framing(stretches: list[Span]) -> tuple[list[tuple[str, Span]], list[tuple[str, Span]]]:
    """The reporting verbs and the qualifiers of these stretches, exactly what `_verbs` and
    `_qualifiers` find. An ASCII stretch is folded and split into its words once (C loops, no match
    object a word), its verb forms found among them with a set and placed by looking for each form
    between spaces in the folded copy; QUALIFIERS runs only over a stretch that has the last word of
    one. On a 912k-character side with one verb and no qualifier, 9 ms instead of 42 ms (the regex
    alone was 24 ms). A stretch that is not ASCII (casefold() and `re` ignoring case then go beyond
    lower-casing: "ſaid", "conﬁrmed") is read as before."""
    verbs: list[tuple[str, Span]] = []
    qualifiers: list[tuple[str, Span]] = []
    for s in stretches:
        if not s.text.isascii():
            verbs += _verbs([s])
            qualifiers += _qualifiers([s])
            continue
        folded = s.text.translate(_FOLD)
        words = folded.split()
        if not _QUALIFIER_ENDS.isdisjoint(words):
            qualifiers += _qualifiers([s])
        forms = VERBS.keys() & words
        if not forms:
            continue
        # A form between spaces in the padded copy is a whole word of the text, at the same offset
        # (the padding's space stands before it); a next search starts at the space that ends it,
        # which may begin the next word.
        padded, found = f" {folded} ", []
        for form in forms:
            at = padded.find(f" {form} ")
            while at >= 0:
                found.append((at, form))
                at = padded.find(f" {form} ", at + len(form) + 1)
        verbs += [
            (VERBS[form], Span(s.start + at, s.start + at + len(form), s.text[at : at + len(form)]))
            for at, form in sorted(found)
        ]
    return verbs, qualifiers


def framing_changes(
    spans_a: tuple[Span, ...], quoted_a: list[Span], spans_b: tuple[Span, ...], quoted_b: list[Span]
) -> tuple[FramingChange, ...]:
    """The reporting verbs the two sides give differently, then the qualifiers only one side adds,
    both read outside the quotation marks (inside them they are the speaker's words). With `_outside`
    and `_framing` quick, 33 ms instead of 78 ms on a long pair (4,322 matches), 18 ms instead of 100 ms
    on a pair that is one 912k-character match."""
    own_a, own_b = _outside(spans_a, quoted_a), _outside(spans_b, quoted_b)
    if list(map(_TEXT, own_a)) == list(map(_TEXT, own_b)):
        return ()  # the same own words give the same verbs and qualifiers: nothing to tell apart
    (verbs_a, qualifiers_a), (verbs_b, qualifiers_b) = _framing(own_a), _framing(own_b)
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
    words_a, words_b = {q for q, _ in qualifiers_a}, {q for q, _ in qualifiers_b}
    changes += [FramingChange("qualifier", s, None) for q, s in qualifiers_a if q not in words_b]
    changes += [FramingChange("qualifier", None, s) for q, s in qualifiers_b if q not in words_a]
    return tuple(changes)


# A quote this many times shorter than the other side's, and inside it word for word, quotes a phrase
# of the same words ("color revolutions" from a whole sentence); trimming a short quote is a misquote.
_EXCERPT_RATIO = 3
# Two quotes that differ are one quote changed (a misquote) when at least this share of the shorter
# one's words are the other's, in order: a word swapped, a clause cut or added. Below it each account
# quotes in words of its own (reworded): another translation of the remark, or another remark. On the
# reference pairs (tests/eval), the six quotes two translations both give share 0.0-0.36 of their words
# or 0.0-0.17 of their content words (one of each at 0.5, never both); the three quotes a copy changed
# share 0.94-1.0 and 0.88-1.0. Since pieces keep a quotation's last words with it (session 27), the
# parliament's two translations of one remark ("What happened today is a disgrace for the parliament
# and for the whole country" / "Today's events are a disgrace to parliament and to the entire
# country") meet whole and share exactly half of each: 0.6 leaves them reworded, a translation not
# called a misquote, and is far below what a copy that changed a quote keeps.
_CHANGED_SHARE = 0.6


def _same_quote(ops: tuple[WordOp, ...], words_a: list[str], words_b: list[str]) -> bool:
    if all(op.tag == "equal" for op in ops):
        return True
    short, long = sorted((words_a, words_b), key=len)
    if len(short) < MIN_QUOTED_WORDS or len(long) < _EXCERPT_RATIO * len(short):
        return False
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _one_quote_changed(words_a: list[str], words_b: list[str]) -> bool:
    """Whether two differing quotes are one quote changed: at least _CHANGED_SHARE of the shorter one's
    words are the other's, in order, and as much of its content words ("a vigilant" and "a watchful
    and exacting opposition" share "a" only; "What happened today is a disgrace for the parliament"
    and "Today's events are a disgrace to parliament" share 3 of 4 content words but 4 of 9 words)."""

    def kept(x: list[str], y: list[str]) -> bool:
        return LCSseq.similarity(x, y) >= _CHANGED_SHARE * min(len(x), len(y))

    content_a, content_b = ([w for w in words if not is_function_word(w)] for words in (words_a, words_b))
    return kept(words_a, words_b) and (not content_a or not content_b or kept(content_a, content_b))


class Quoting(NamedTuple):
    """What a match's quotations say, as `Match` takes them after its own fields."""

    quote: QuoteAgreement
    quoted: tuple[WordOp, ...]
    framing: tuple[FramingChange, ...]
    speakers: tuple[str | None, str | None]


def quoting(
    spans_a: tuple[Span, ...],
    spans_b: tuple[Span, ...],
    body_a: str,
    body_b: str,
    quotes_a: tuple[Quotation, ...],
    quotes_b: tuple[Quotation, ...],
) -> Quoting:
    """What the quotations of a match with these spans say: same words, a misquote (with the diff of
    the quoted words), a quote each side words its own way, one side quoting, or none; who is quoted;
    and how each side frames it. Asked before the match is made, so that a comparison makes each match
    once (a frozen Match takes 1 us to make, and a long pair has 4,322)."""
    (quoted_a, speaker_a), (quoted_b, speaker_b) = _inside(quotes_a, spans_a), _inside(quotes_b, spans_b)
    ops: tuple[WordOp, ...] = ()
    agreement: QuoteAgreement = "none"
    if quoted_a and quoted_b:
        agreement, ops = _agreement(body_a, quoted_a, body_b, quoted_b)
        if agreement == "same":
            # The same words as far as the match goes, where one side's quotation closes inside the
            # match and the other's runs on past it: the words it runs on with are ones the first cut.
            # Read only to the match's end, the judge's quote cut after "as early as 2009" was the same
            # quote, and the company's, cut inside its match, a misquote.
            rest_a = _running_on(quotes_a, spans_a, body_a) if _closed_within(quotes_b, spans_b) else []
            rest_b = _running_on(quotes_b, spans_b, body_b) if _closed_within(quotes_a, spans_a) else []
            if rest_a or rest_b:
                agreement, ops = _agreement(body_a, quoted_a + rest_a, body_b, quoted_b + rest_b)
    elif quoted_a or quoted_b:
        agreement = "one_side"
    return Quoting(
        agreement,
        # A reworded quote's diff is most of its words: the match's own word diff shows them.
        ops if agreement == "misquote" else (),
        framing_changes(spans_a, quoted_a, spans_b, quoted_b),
        (speaker_a, speaker_b),
    )


def quote_match(
    match: Match, body_a: str, body_b: str, quotes_a: tuple[Quotation, ...], quotes_b: tuple[Quotation, ...]
) -> Match:
    """The match with what its quotations say (`quoting`)."""
    return Match(
        match.score,
        match.kind,
        match.a,
        match.b,
        match.differences,
        match.parts,
        *quoting(match.a, match.b, body_a, body_b, quotes_a, quotes_b),
        match.verdict,
        match.judged_by,
    )
