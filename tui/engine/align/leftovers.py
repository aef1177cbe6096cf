"""A sentence's leftovers: the pieces of a match's first and last sentence that it does not hold. One
that says nothing of its own ("Secondly,", "he said", half of "impartiality and fairness") joins its
match instead of being reported as left out, and so do the rests of two paired sentences that say
one thing in other words (twins)."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter, lt

from .matching import Found, Side

_A, _B, _A_B = attrgetter("a"), attrgetter("b"), attrgetter("a", "b")
"""A match's range in a, in b, and both: the order matches are taken in."""

# Words that frame a passage rather than carry its content: sequence adverbs, reporting verbs and
# the nouns of attribution. A leftover made of these (and function words) says nothing of its own.
DISCOURSE_WORDS = frozenset(
    """
    firstly secondly thirdly fourthly fifthly lastly finally first second third fourth fifth also moreover
    furthermore meanwhile however additionally besides then said says say saying told tells added adds
    noted notes stressed stresses emphasized emphasised underlined underscored stated states explained
    explains remarked declared announced according insisted insists argued argues claimed claims warned
    warns pointed urged urges continued continues concluded cited quoted quoting reportedly report reported
    reports reporters media sources source statement spokesman spokeswoman spokesperson official officials
    """.split()
)
# A leftover with at most this many content words of its own (discourse words aside) is too thin to
# stand as an omission: "It is necessary to adhere to impartiality" joins the match it begins.
THIN_LEFTOVER_WORDS = 3
# ... but a leftover set off by punctuation is a clause of its own: at most this many ("he said").
THIN_CLAUSE_WORDS = 1
# ... and one whose neighbouring content words the other account has side by side this often is no
# omission.
CARRIED_SHARE = 0.5
# ... when its match scores at least this.
STRONG_SCORE = 0.35
PIECE_WORK = 100
"""Entries of an index of terms (set up and intersected in C) that take as long to walk as one piece's
pairs take to make on their own: 35-45 ns an entry, 5.7 us a piece. Making every piece's pairs in one
loop takes some half of that a piece (25 ms for 9,700 pieces)."""


def _content_terms(side: Side, k: int) -> list[str]:
    """The comparison terms of piece k that are not discourse words: a number or date is one term,
    its value ("#3200000" for "3.2 million")."""
    tokens = side.tokens(k, k + 1) if side.piece_tokens is None else side.piece_tokens[k]
    terms = [
        t for token in tokens if token.terms and token.surface.casefold() not in DISCOURSE_WORDS for t in token.terms
    ]
    aliases = side.aliases
    # Most pieces hold no term an alias renames: asked of each at once, in C.
    if aliases and not aliases.keys().isdisjoint(terms):
        return [aliases.get(t, t) for t in terms]
    return terms


def _says_nothing_new(
    side: Side, pieces: list[int], other: _TermPairs, strong: bool, clause: bool, partner: tuple[int, int]
) -> bool:
    """Whether a sentence's leftover pieces carry nothing of their own. A `clause` is set off by
    punctuation ("…, speaking on condition of anonymity."): a unit that may well be an omission, so
    only a speech tag or a sequence word is thin enough to join. A leftover cut off at a conjunction
    is half of a phrase ("adhere to impartiality | and fairness"), and a few words are still thin.
    `partner`: the pieces of `other` the leftover's match has."""
    terms = [t for k in pieces for t in _content_terms(side, k) if not t.startswith("~")]
    if any(t.startswith("#") for t in terms):
        return False  # a number or date is content, however short the passage
    distinct = set(terms)
    if len(distinct) <= (THIN_CLAUSE_WORDS if clause else THIN_LEFTOVER_WORDS):
        return True
    # Words the other account carries elsewhere only vouch for a leftover beside a strong match: a
    # weak one between accounts of different events would grow over shared topic words.
    # The other account carries it when it says most of it in the same order: "an open and inclusive
    # cyberspace" is there in other words around it, "chose not to report them to state regulators"
    # is not, though "state" and "report" may each be somewhere.
    pairs = list(zip(terms, terms[1:], strict=False))
    if not (strong and pairs):
        return False
    carried = CARRIED_SHARE * len(pairs)
    if other.side.term_pairs is None:
        # Most often the match's partner says it, or as many pieces beside it: the pairs there are a
        # part of the whole text's, so enough of them settle it without those (65 ms for 12,500
        # pieces, made then for one leftover of a long run-on sentence).
        reach = len(pieces)
        near = _pairs_in(other.side, max(partner[0] - reach, 0), min(partner[1] + reach, len(other.side.pieces)))
        if sum(p in near for p in pairs) >= carried:
            return True
    return sum(p in other for p in pairs) >= carried


def absorb_leftovers(a: Side, b: Side, found: list[Found], settled: int = 0) -> list[Found]:
    """Extend each match over the free pieces of its first and last sentence when those pieces say
    nothing the other account lacks.

    `settled`: how many matches at the start of `found` this gave before; those after them were added
    since (`fill_gaps` adds its pairs at the end). Only the added ones are asked. Pieces are never
    freed, so the free stretch beside a settled match is the one it was asked about then (and found to
    say something new, or not asked as it fell short of the sentence's edge), or one cut short by a
    piece taken since, which is not asked: asking them all again gives them back as they are (the
    second pass over a long pair's 4,500 matches: 18 ms asking them all, 5 ms so).
    """
    used = taken_pieces(a, found, _A), taken_pieces(b, found, _B)
    others = (_TermPairs(b), _TermPairs(a))
    used_a, used_b = used
    last_a, last_b = len(used_a), len(used_b)
    out = []
    for n in in_order(found):
        f = found[n]
        (lo_a, hi_a), (lo_b, hi_b) = f.a, f.b
        if n < settled or (
            (not lo_a or used_a[lo_a - 1])
            and (hi_a == last_a or used_a[hi_a])
            and (not lo_b or used_b[lo_b - 1])
            and (hi_b == last_b or used_b[hi_b])
        ):
            # Taken pieces on every side of both ranges leave nothing to take in: the clauses of a
            # copied block, each its own match here (100,000 one-word lines against a changed copy:
            # 0.3 s of calls that found nothing).
            out.append(f)
            continue
        spans = [f.a, f.b]
        strong = f.score >= STRONG_SCORE
        if strong:
            spans = _twin_leftovers(a, b, spans, used)
        # A match's own pieces are marked above: only those it takes in are marked here.
        for s, side in enumerate((a, b)):
            lo, hi = spans[s]
            pieces, taken, partner = side.pieces, used[s], spans[1 - s]
            # Most matches start and end at a sentence's edge or beside another match: that is asked
            # here, without a call (calls finding nothing were 6 ms of 27 for 12,500 matches), and beside
            # another match without reading a sentence (100,000 matches of one line each: 0.01 s less).
            if lo and not taken[lo - 1] and pieces[lo - 1].sentence == pieces[lo].sentence:
                before = _free_in_sentence(side, taken, lo - 1, -1, pieces[lo].sentence)
                if before and _says_nothing_new(side, before, others[s], strong, _set_off(side, max(before)), partner):
                    taken[min(before) : lo] = [True] * (lo - min(before))
                    lo = min(before)
            if hi < len(pieces) and not taken[hi] and pieces[hi].sentence == pieces[hi - 1].sentence:
                after = _free_in_sentence(side, taken, hi, 1, pieces[hi].sentence)
                if after and _says_nothing_new(side, after, others[s], strong, _set_off(side, hi - 1), partner):
                    taken[hi : max(after) + 1] = [True] * (max(after) + 1 - hi)
                    hi = max(after) + 1
            spans[s] = (lo, hi)
        if strong:
            # A thin leftover taken in may bring a side to its sentence's edge, where its rest is the
            # next sentence: asked again here, a match is settled in one pass, as the second pass
            # (which asks only the matches added since) takes it to be.
            spans = _twin_leftovers(a, b, spans, used)
        out.append(f if (f.a, f.b) == (spans[0], spans[1]) else Found(f.score, spans[0], spans[1]))
    return out


def _twin_leftovers(
    a: Side, b: Side, spans: list[tuple[int, int]], used: tuple[list[bool], list[bool]]
) -> list[tuple[int, int]]:
    """A strong match's spans taken over the rest of its first (or last) sentence on both sides, where
    the two rests are twins (`_twins`): the sentences "Together the two lists would hold forty-two
    seats, | exactly the number needed for a majority." and "The two lists together command 42 seats, |
    the bare minimum for a majority." are paired by their first halves, and the second halves say one
    thing in other words, which neither account leaves out. Where the match ends its sentence on one
    side only, that side's rest is the next sentence of its paragraph: "AFAD recorded 83 aftershocks. |
    The strongest had a magnitude of 4.6." and "There have been 83 aftershocks so far, | the largest
    measuring 4.6." (two whole sentences beside a match are fill_gaps's to pair)."""
    spans = list(spans)
    for step in (-1, 1):
        rests = []
        within = False
        for s, side in enumerate((a, b)):
            lo, hi = spans[s]
            inner = lo if step < 0 else hi - 1
            pieces = side.pieces
            rest = _free_in_sentence(side, used[s], inner + step, step, pieces[inner].sentence)
            if rest:
                within = True
            elif 0 <= inner + step < len(pieces) and pieces[inner + step].block == pieces[inner].block:
                rest = _free_in_sentence(side, used[s], inner + step, step, pieces[inner + step].sentence)
            if not rest:
                break
            rests.append(rest)
        else:
            if not within:
                continue
            terms = [
                {t for k in rest for t in _content_terms(side, k)} for side, rest in zip((a, b), rests, strict=True)
            ]
            if _twins(*terms):
                for s, rest in enumerate(rests):
                    used[s][min(rest) : max(rest) + 1] = [True] * (max(rest) + 1 - min(rest))
                    lo, hi = spans[s]
                    spans[s] = (min(lo, min(rest)), max(hi, max(rest) + 1))
    return spans


TWIN_SIZE_RATIO = 2
"""Two rests of a sentence are twins only when neither has more than this many times the other's
content terms: a long rest beside a short one says something of its own ("Chinese senior diplomat Wang
Yi said while attending the 13th Meeting of BRICS ... in Johannesburg" against "the Chinese diplomat
noted")."""


def _twins(terms_a: set[str], terms_b: set[str]) -> bool:
    """Whether the rests of two paired sentences, with these content terms, say one thing: they share a
    term, are of a size, and give the same numbers and dates (a figure is content of its own)."""
    if not terms_a & terms_b or max(len(terms_a), len(terms_b)) > TWIN_SIZE_RATIO * min(len(terms_a), len(terms_b)):
        return False
    return {t for t in terms_a if t.startswith("#")} == {t for t in terms_b if t.startswith("#")}


def in_order(found: list[Found]) -> list[int]:
    """The indices of the matches in order of their ranges in a, then in b (equal ones as they come)."""
    # Sorting them by their pairs of ranges took 22 ms for 100,000 matches, 2 ms for a long pair's 4,500.
    starts = [f.a[0] for f in found]
    if all(map(lt, starts, starts[1:])):
        return list(range(len(found)))  # in order already, as the matches of a copied text come: 5 ms
    if len(set(starts)) == len(starts):
        # No two start at the same piece of a, which orders them alone: numbers sort quicker than
        # pairs of ranges (100,000 matches: 15 ms; 4,500: 0.6 ms).
        return sorted(range(len(found)), key=starts.__getitem__)
    keys = list(map(_A_B, found))
    return sorted(range(len(found)), key=keys.__getitem__)


def taken_pieces(side: Side, found: list[Found], range_of: Callable[[Found], tuple[int, int]]) -> list[bool]:
    """Which pieces of the side these matches hold; `range_of` gives a match's range on the side."""
    # Marked range by range, each range read once: asking each match for both ranges in turn took
    # 0.03 s for 100,000 matches, 0.02 s so.
    taken = [False] * len(side.pieces)
    for lo, hi in map(range_of, found):
        taken[lo:hi] = [True] * (hi - lo)
    return taken


def _set_off(side: Side, k: int) -> bool:
    """Whether piece k ends at punctuation (a comma, a dash, a quote), not at a conjunction cut."""
    piece = side.pieces[k]
    return side.text[piece.start : piece.end].rstrip()[-1:] in ",;:—–-\"”’'"


class _TermPairs:
    """Whether a side has two content terms side by side in one piece (`_term_pairs`), asked pair by
    pair: only the pieces holding both terms, found in the side's index of terms, are read. A long
    pair's leftovers ask some 1,000 pairs a side, which read 900-1,050 of its 9,700 pieces and walk
    32,000 entries of the index: the first pass over its matches, which made both sides' pairs, took
    68 ms and takes 50 ms so. Where the work comes to what making the side's pairs would cost (a text
    of a few words said over and over, whose terms each hold most pieces), they are made after all,
    and asked from then on."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self._holding: dict[str, set[int]] = {}
        self._pairs_of: dict[int, set[tuple[str, str]]] = {}
        self._known: dict[tuple[str, str], bool] = {}
        # In entries of the index walked, a piece read costing PIECE_WORK: what making all the
        # side's pairs at once would cost. Where it runs out, the work done is at most doubled.
        self._work_left = PIECE_WORK // 2 * len(side.pieces)

    def __contains__(self, pair: tuple[str, str]) -> bool:
        if self.side.term_pairs is not None:
            return pair in self.side.term_pairs
        known = self._known.get(pair)
        if known is None:
            if self._work_left < 0:
                return pair in _term_pairs(self.side)
            known = self._known[pair] = self._find(pair)
        return known

    def _find(self, pair: tuple[str, str]) -> bool:
        first, second = pair
        index = self.side.pieces_with
        if first not in index or second not in index:
            return False
        holding_first, holding_second = self._pieces_holding(first), self._pieces_holding(second)
        self._work_left -= min(len(holding_first), len(holding_second))
        for k in holding_first & holding_second:
            pairs = self._pairs_of.get(k)
            if pairs is None:
                self._work_left -= PIECE_WORK
                pairs = self._pairs_of[k] = _pairs_in(self.side, k, k + 1)
            if pair in pairs:
                return True
        return False

    def _pieces_holding(self, term: str) -> set[int]:
        holding = self._holding.get(term)
        if holding is None:
            holding = self._holding[term] = set(self.side.pieces_with[term])
            self._work_left -= len(holding)
        return holding


def _term_pairs(side: Side) -> set[tuple[str, str]]:
    """Neighbouring content terms of each piece (function and discourse words, numbers and dates
    skipped), in order; made once a side (leftovers are absorbed twice a comparison). A leftover with a
    number or date is never asked about its pairs, so a value here would only part the words around it
    ("exports of 40,000 tonnes rose" carries "exports rose")."""
    if side.term_pairs is None:
        side.term_pairs = _pairs_in(side, 0, len(side.pieces))
    return side.term_pairs


def _pairs_in(side: Side, lo: int, hi: int) -> set[tuple[str, str]]:
    """The neighbouring content terms of pieces lo..hi (`_term_pairs`)."""
    pairs: set[tuple[str, str]] = set()
    for k in range(lo, hi):
        terms = [t for t in _content_terms(side, k) if not t.startswith(("~", "#"))]
        pairs.update(zip(terms, terms[1:], strict=False))
    return pairs


def _free_in_sentence(side: Side, used: list[bool], start: int, step: int, sentence: int) -> list[int]:
    """The free pieces from `start` outwards (by `step`) that belong to `sentence`, up to the first
    used piece; empty if that stretch does not reach the sentence's edge (it would leave a hole)."""
    pieces = []
    k = start
    while 0 <= k < len(side.pieces) and side.pieces[k].sentence == sentence:
        if used[k]:
            return []
        pieces.append(k)
        k += step
    return pieces
