"""Cutting a body into the passages the aligner pairs: sentences (nltk Punkt, no data files), the
clauses of lists inside them, and the smaller comma/conjunction pieces a match may gain or shed."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, compress, count, repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

from .checkpoints import CHECK_EVERY, check_in
from .wordlists import ABBREVIATIONS, FUNCTION_WORDS
from .words import WORD

if TYPE_CHECKING:
    from .punkt import MemoPunktSentenceTokenizer

# A list item or clause with fewer content words than this is glued to its neighbour: "Firstly,"
# or "and an open" alone says too little to be paired with anything.
MIN_CLAUSE_WORDS = 3
MIN_PIECE_WORDS = 3

# Clause boundaries: the items of a list ("; ") and what follows "including" / a colon. Both patterns
# are written to start with the white space every cut begins with ("(?<=[;:])\s+|\s+(?=including\s)"
# as "\s(?:(?<=[;:]\s)\s*|\s*(?=including\s))", the same matches), so `re` skips to white space
# rather than trying each alternative at every character: 2.5 times faster.
_CLAUSE_CUT = re.compile(r"\s(?:(?<=[;:]\s)\s*|\s*(?=including\s))")
# Piece boundaries inside a clause: after a comma or dash, before a coordinating conjunction (but not
# inside a name: "National Security Advisers and High Representatives").
_PIECE_CUT = re.compile(
    r"\s(?:(?<=,\s)\s*|(?<=,[\"”’']\s)\s*|\s*(?=(?:and|or|but|as well as)\s+(?![A-Z]))|\s*(?=[—–-]+\s))"
)
_QUOTE_CLOSERS = frozenset('"”»')
"""Characters that close a quotation (a straight quote may open one too: only the end of a part asks)."""
# A line trimmed of blank space: from its first character that is not blank to its last.
_TRIMMED_LINE = re.compile(r"\S(?:[^\n]*\S)?")
# nltk stops each Punkt regex after 5 s of wall clock, and one paragraph of a megabyte overruns
# that (TimeoutError): a long line goes to Punkt in windows of about this many characters instead.
PUNKT_WINDOW = 4000
_UP_TO_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_NOT_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")
_START = attrgetter("start")
_NUMBERS = attrgetter("start", "end", "clause", "sentence", "block")


@dataclass(frozen=True, init=False)
class Piece:
    """The smallest passage the aligner moves: `body[start:end]`, trimmed of whitespace.

    Pieces tile the body: between two neighbours lies only whitespace. `clause`, `sentence` and
    `block` (one line of the body) number the larger units the piece belongs to, across the body.
    """

    start: int
    end: int
    clause: int
    sentence: int
    block: int

    def __init__(self, start: int, end: int, clause: int, sentence: int, block: int) -> None:
        # The fields written into the instance's dict: a frozen dataclass's own __init__ makes a call
        # to object.__setattr__ for each, 0.58 us a piece against 0.36 (a body of 100,000 one-word
        # lines has as many pieces).
        fields = self.__dict__
        fields["start"] = start
        fields["end"] = end
        fields["clause"] = clause
        fields["sentence"] = sentence
        fields["block"] = block


@lru_cache(maxsize=1)
def _sentence_tokenizer() -> MemoPunktSentenceTokenizer:
    # Imported on first use: Punkt takes 0.05 s to import (nltk whole 0.14 s), which every start of the
    # app would pay.
    from .punkt import MemoPunktSentenceTokenizer, PunktParameters, StdlibLanguageVars, StdlibToken

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    tokenizer = MemoPunktSentenceTokenizer(lang_vars=StdlibLanguageVars(), token_cls=StdlibToken)
    tokenizer._params = params
    return tokenizer


def ready_to_segment() -> None:
    """Punkt imported and its tokenizer made, ahead of `segment`: for a process about to be copied to
    segment there, where the copy's import could wait for a lock another thread of this one holds."""
    _sentence_tokenizer()
    _possible_ends()


def _word_count(text: str, start: int, end: int) -> int:
    """Content words only: "and an open" is too thin to stand alone though it has three words."""
    words = WORD.findall(text, start, end)
    return len(words) - sum(map(FUNCTION_WORDS.__contains__, map(str.lower, words)))


def _cut(text: str, start: int, end: int, pattern: re.Pattern[str], min_words: int) -> list[tuple[int, int]]:
    """Split text[start:end] where `pattern` matches, then glue parts shorter than `min_words` on."""
    cuts = pattern.finditer(text, start, end)
    first = next(cuts, None)
    if first is None:
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    position = start
    for found in chain([first], cuts):
        if found.start() > position:
            parts.append((position, found.start()))
            position = found.end()
    parts.append((position, end))
    parts = [_trim(text, s, e) for s, e in parts]
    glued: list[list[int]] = []  # [start, end, content words]
    for s, e in parts:
        if e <= s:
            continue
        words = _word_count(text, s, e)
        if glued and (glued[-1][2] < min_words or (words < min_words and text[e - 1] in _QUOTE_CLOSERS)):
            # A short part that closes a quotation ("and for the whole country,”) ends what was said
            # before it; glued on to what follows, it would join the words said to the attribution.
            glued[-1][1] = e
            glued[-1][2] += words
        else:
            glued.append([s, e, words])
    if len(glued) > 1 and glued[-1][2] < min_words:
        last = glued.pop()
        glued[-1][1] = last[1]
    return [(s, e) for s, e, _ in glued] or [(start, end)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`: one line never holds part of two sentences and vice versa."""
    return _sentences(text, 0, len(text))


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence spans of the lines of text[start:end] (which starts and ends where lines do)."""
    # Each line trimmed, and whether Punkt could find an end in it, asked of all lines at once in C:
    # a line where it could not is one sentence, and most lines of a text of short lines are (100,000
    # one-word lines: 0.03 s, 0.045 s asked a line at a time).
    lines = list(map(re.Match.span, _TRIMMED_LINE.finditer(text, start, end)))
    breaks = list(map(_possible_ends().search, repeat(text), map(itemgetter(0), lines), map(itemgetter(1), lines)))
    if not any(breaks):
        return lines
    spans: list[tuple[int, int]] = []
    done = checked = 0
    for k in compress(count(), breaks):
        if len(spans) >= checked + CHECK_EVERY:
            checked = len(spans)
            check_in()  # Punkt reads some 700,000 words a second: a comparison reading it may stop
        spans += lines[done:k]
        done = k + 1
        # Punkt is given the whole line, blank space around it too, as it always was.
        line_start = text.rfind("\n", 0, lines[k][0]) + 1
        line_end = text.find("\n", lines[k][1])
        line = text[line_start : len(text) if line_end < 0 else line_end]
        # Cut at Punkt's sentence starts but keep every character: the spans tile the line.
        bounds = [line_start + s for s in _sentence_starts(line)]
        for s, e in zip(bounds, bounds[1:] + [line_start + len(line)], strict=True):
            s, e = _trim(text, s, e)
            if e > s:
                spans.append((s, e))
    return spans + lines[done:]


def _sentence_starts(line: str) -> list[int]:
    """Offsets in `line` where Punkt starts a sentence, in order; the first is always 0.

    A line longer than PUNKT_WINDOW goes to Punkt a window at a time, each ending at whitespace. The
    last sentence Punkt finds in a window may run on past it, so the next window starts there and
    looks again, unless that sentence began in the window's first half: then the next window starts
    where this one ends, which keeps the work linear. So only in a sentence over half a window long
    can a break fall at a window's edge, where Punkt cannot see the next word, and be missed.
    """
    starts = [0]

    def add(found: list[int]) -> None:
        # Punkt's realignment of closing punctuation may hand back a start already passed.
        starts.extend(s for s in found if s > starts[-1])

    position = 0
    while len(line) - position > PUNKT_WINDOW:
        check_in()  # a window of a line that runs on for megabytes
        last_space = _UP_TO_LAST_SPACE.match(line, position + 1, position + PUNKT_WINDOW)
        if last_space:
            cut = last_space.end() - 1
            found = _starts_after(line, position, cut)
            if found and found[-1] > position + PUNKT_WINDOW // 2:
                add(found[:-1])
                position = found[-1]
                starts.append(position)
                continue
            add(found)
        else:  # a word longer than a window: no sentence starts inside it
            next_space = _SPACE.search(line, position + PUNKT_WINDOW)
            if not next_space:
                break
            cut = next_space.start()
        next_word = _NOT_SPACE.search(line, cut)
        if not next_word:
            break
        position = next_word.start()  # the sentence goes on: Punkt finds where it ends
    else:
        add(_starts_after(line, position, len(line)))
    return starts


def _starts_after(line: str, start: int, end: int) -> list[int]:
    """Punkt's sentence starts in line[start:end] after `start` (which may be mid-sentence)."""
    if _possible_ends().search(line, start, end) is None:
        return []  # no place where Punkt would even consider a break: a heading, a one-word line
    return [start + s for s, _ in _sentence_tokenizer().span_tokenize(line[start:end]) if s > 0]


@lru_cache(maxsize=1)
def _possible_ends() -> re.Pattern[str]:
    """Punkt's own finder of the places a sentence may end (a period, ? or ! before more text)."""
    from .punkt import StdlibLanguageVars

    return StdlibLanguageVars().period_context_re()


# Segmenting is a third of preparing a comparison and depends on the body alone: the bodies of the
# last few comparisons (the article a reader compares with one, then another) are cut once. Across
# sessions the store keeps pieces by body (store/segments.py), under this version: change it with
# any change to where pieces fall.
SEGMENT_CACHE = 32
SEGMENTER_VERSION = 2
_FIELDS = 5  # start, end, clause, sentence, block


def segment(text: str) -> list[Piece]:
    """The pieces of `text` in order, each tagged with its clause, sentence and line."""
    pieces = _segment_once(text, PUNKT_WINDOW)
    _last_cut[0] = (text, PUNKT_WINDOW, pieces)
    return list(pieces)


_last_cut: list[tuple[str, int, tuple[Piece, ...]] | None] = [None]
"""The body cut last, the window it was cut with, and its pieces: the other body of a comparison is
often a near copy of it (an article and its edited version), cut from it (_segment_near)."""


@lru_cache(maxsize=SEGMENT_CACHE)
def _segment_once(text: str, window: int) -> tuple[Piece, ...]:
    """`window` is part of the key: tests vary PUNKT_WINDOW."""
    return tuple(_segment(text))


def _segment(text: str) -> list[Piece]:
    """The pieces of `text`: those of the lines it shares with the body cut last taken from that one's."""
    last = _last_cut[0]
    if last is not None and last[1] == PUNKT_WINDOW:
        return _segment_near(text, last[0], last[2])
    return _segment_lines(text, 0, len(text))


def _segment_near(text: str, other: str, pieces: tuple[Piece, ...]) -> list[Piece]:
    """_segment(text), the pieces of the lines `text` shares with `other` at its start and at its end
    taken from `pieces` (other's): a line's pieces depend on the line alone, but for the numbers of
    their clause, sentence and line, which those before it shift. A body of 100,000 one-word lines
    with one changed: 0.03 s against 0.1 s."""
    shared = _common_prefix(text, other)
    head = text.rfind("\n", 0, shared) + 1  # the end of the first lines both share
    # The last lines both share start after a line break in their shared end (none: none are shared).
    shared_end = _common_suffix(text, other, min(len(text), len(other)) - shared)
    other_tail = other.find("\n", len(other) - shared_end) + 1 if shared_end else 0
    if not other_tail:
        other_tail = len(other)
    tail = other_tail + len(text) - len(other)
    before = pieces[: bisect_left(pieces, head, key=_START)]
    after = pieces[bisect_left(pieces, other_tail, key=_START) :]
    sentence = before[-1].sentence + 1 if before else 0
    clause = before[-1].clause + 1 if before else 0
    middle = _segment_lines(text, head, tail, sentence, clause)
    if not after:
        return [*before, *middle]
    if middle:
        sentence, clause = middle[-1].sentence + 1, middle[-1].clause + 1
    shifts = (
        len(text) - len(other),
        clause - after[0].clause,
        sentence - after[0].sentence,
        text.count("\n", 0, tail) - other.count("\n", 0, other_tail),
    )
    if not any(shifts):
        return [*before, *middle, *after]
    by_offset, by_clause, by_sentence, by_line = shifts
    moved = map(
        Piece,
        [p.start + by_offset for p in after],
        [p.end + by_offset for p in after],
        [p.clause + by_clause for p in after],
        [p.sentence + by_sentence for p in after],
        [p.block + by_line for p in after],
    )
    return [*before, *middle, *moved]


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest start a and b share, found by halving (each comparison in C)."""
    low, high = 0, min(len(a), len(b))  # a[:low] == b[:low]; a[:high + 1] != b[:high + 1]
    while low < high:
        middle = (low + high + 1) // 2
        if a.startswith(b[low:middle], low):
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest end a and b share, up to `limit`."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a.endswith(b[len(b) - middle : len(b) - low], 0, len(a) - low):
            low = middle
        else:
            high = middle - 1
    return low


def _segment_lines(text: str, start: int, end: int, sentence: int = 0, clause: int = 0) -> list[Piece]:
    """The pieces of the lines of text[start:end] (which starts and ends where lines do), their
    sentences and clauses numbered from `sentence` and `clause`."""
    spans = _sentences(text, start, end)
    starts, ends = list(map(itemgetter(0), spans)), list(map(itemgetter(1), spans))
    numbers = range(sentence, sentence + len(spans))
    # A sentence's line is the number of line breaks before it: those since the sentence before, summed.
    blocks = list(accumulate(map(text.count, repeat("\n"), [0, *starts[:-1]], starts)))
    # A sentence neither pattern cuts is one clause of one piece. Which are cut is asked of every
    # sentence at once in C, and the pieces of a run of sentences that are not are made at once: most
    # sentences of a text of short lines are not cut (100,000 one-word lines are cut in 0.1 s, and
    # took 0.23 s a sentence at a time).
    clause_cuts = list(map(_CLAUSE_CUT.search, repeat(text), starts, ends))
    piece_cuts = map(_PIECE_CUT.search, repeat(text), starts, ends)
    pieces: list[Piece] = []
    clause_no, done = clause, 0
    for k in compress(count(), map(any, zip(clause_cuts, piece_cuts, strict=True))):
        if k > done:
            pieces += map(Piece, starts[done:k], ends[done:k], count(clause_no), numbers[done:k], blocks[done:k])
            clause_no += k - done
        done = k + 1
        s_start, s_end, block_no = starts[k], ends[k], blocks[k]
        clauses = _cut(text, s_start, s_end, _CLAUSE_CUT, MIN_CLAUSE_WORDS) if clause_cuts[k] else [(s_start, s_end)]
        for c_start, c_end in clauses:
            for p_start, p_end in _cut(text, c_start, c_end, _PIECE_CUT, MIN_PIECE_WORDS):
                pieces.append(Piece(p_start, p_end, clause_no, numbers[k], block_no))
            clause_no += 1
    pieces += map(Piece, starts[done:], ends[done:], count(clause_no), numbers[done:], blocks[done:])
    return pieces


def pieces_to_bytes(pieces: list[Piece]) -> bytes:
    """The pieces as five 64-bit integers each, to be kept by the store."""
    return array("q", chain.from_iterable(map(_NUMBERS, pieces))).tobytes()


def pieces_from_bytes(blob: bytes, text: str) -> list[Piece]:
    """The pieces `pieces_to_bytes` wrote for `text`; ValueError unless they tile it as segment's do
    (in order, inside the text, their numbers never going back): a damaged cache is never trusted."""
    numbers = array("q")
    if len(blob) % (numbers.itemsize * _FIELDS):
        raise ValueError("not a whole number of pieces")
    pieces = unpacked_pieces(blob)
    last = Piece(0, 0, 0, 0, 0)
    for piece in pieces:
        in_order = last.end <= piece.start < piece.end <= len(text)
        numbered = piece.clause >= last.clause and piece.sentence >= last.sentence and piece.block >= last.block
        if not (in_order and numbered):
            raise ValueError("pieces out of order or outside the text")
        last = piece
    return pieces


def unpacked_pieces(blob: bytes) -> list[Piece]:
    """The pieces `pieces_to_bytes` wrote, unchecked: from this process's own forked copy (compare.py),
    where they come back in a third of the time pickled pieces take (0.007 s against 0.016 s for
    20,000)."""
    numbers = array("q")
    numbers.frombytes(blob)
    fields = iter(numbers)
    return list(map(Piece, fields, fields, fields, fields, fields))
