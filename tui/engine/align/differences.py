"""What the two sides of one match say differently: content words on one side only, and the numbers
and names that disagree (45 against 40; a minister named by one outlet only), paired up."""

from __future__ import annotations

import re
from itertools import zip_longest

from rapidfuzz import fuzz

from ..text.words import FUNCTION_WORDS, NUMBER_WORDS, Token

# Lower-case words that sit inside names: "Council of the Russian Federation", "Ibn al Haytham".
_NAME_JOINERS = frozenset(
    ["of", "the", "de", "del", "da", "di", "du", "la", "le", "al", "el", "bin", "ibn", "van", "von", "der", "den", "y"]
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”'‘’(\[])\s*$")
_CARDINALS = {w: n for w, n in NUMBER_WORDS.items() if not w.endswith(("st", "nd", "rd", "th", "ly"))}
# Name pairs below this rapidfuzz WRatio are shown apart (each against "") rather than as variants.
_NAME_PAIR_RATIO = 60
# Words spelled within this rapidfuzz ratio of each other are variants, not differences.
_WORD_VARIANT_RATIO = 88


def _number_key(token: Token) -> str | None:
    if not token.terms or not token.terms[0].startswith("#") and token.surface[:1].isalpha():
        return None
    folded = token.surface.casefold()
    if folded.isdigit():
        return folded.lstrip("0") or "0"
    if folded in _CARDINALS:
        return _CARDINALS[folded]
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th|s)", folded)
    return digits.group(1).lstrip("0") or "0" if digits else None


def _is_capitalised(token: Token) -> bool:
    return token.surface[:1].isupper()


def _names(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Runs of capitalised words, joined across "of the" and the like; a lone capitalised word
    opening a sentence is just a sentence start."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens + [None]:  # type: ignore[list-item]
        adjacent = token is not None and current and text[current[-1].end : token.start] == " "
        if token is not None and (_is_capitalised(token) or (current and token.surface in _NAME_JOINERS)):
            if current and not adjacent:
                runs.append(current)
                current = []
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = []
    names = []
    for run in runs:
        while run and (run[-1].surface in _NAME_JOINERS or run[-1].surface.casefold() in FUNCTION_WORDS):
            run = run[:-1]
        while run and run[0].surface.casefold() in FUNCTION_WORDS:
            run = run[1:]
        if not run or not any(t.terms for t in run) or _number_key(run[0]) is not None:
            continue
        if len(run) == 1 and _SENTENCE_END.search(text[: run[0].start][-3:] if run[0].start else ""):
            continue
        names.append(run)
    return names


def _pair_names(a_names: list[str], b_names: list[str]) -> list[tuple[str, str]]:
    """Greedy pairing, most alike first; ties and order never depend on which side is a."""
    candidates = sorted(
        (
            (-fuzz.WRatio(x, y), min(x, y), max(x, y), i, j)
            for i, x in enumerate(a_names)
            for j, y in enumerate(b_names)
        ),
        key=lambda c: (c[0], c[1], c[2], min(c[3], c[4]), max(c[3], c[4])),
    )
    taken_a, taken_b, pairs = set(), set(), []
    for negative, _, _, i, j in candidates:
        if -negative < _NAME_PAIR_RATIO or i in taken_a or j in taken_b:
            continue
        taken_a.add(i)
        taken_b.add(j)
        pairs.append((i, j))
    # What is left pairs in reading order: two different people in the same place of a story.
    rest_a = [i for i in range(len(a_names)) if i not in taken_a]
    rest_b = [j for j in range(len(b_names)) if j not in taken_b]
    pairs += list(zip_longest(rest_a, rest_b))

    def order(pair: tuple[int | None, int | None]) -> tuple:
        i, j = pair
        x = a_names[i] if i is not None else ""
        y = b_names[j] if j is not None else ""
        known = [k for k in pair if k is not None]
        return (min(known), max(known), min(x, y), max(x, y))

    return [
        (a_names[i] if i is not None else "", b_names[j] if j is not None else "") for i, j in sorted(pairs, key=order)
    ]


def _words_only_here(tokens: list[Token], theirs: set[str], their_variants: list[str]) -> list[str]:
    seen, out = set(), []
    for token in tokens:
        if not token.terms or _number_key(token) is not None:
            continue
        missing = [t for t in token.terms if t not in theirs]
        if not missing or all(any(fuzz.ratio(t, v) >= _WORD_VARIANT_RATIO for v in their_variants) for t in missing):
            continue
        key = token.surface.casefold()
        if key not in seen:
            seen.add(key)
            out.append(token.surface)
    return out


def find_differences(
    text_a: str, tokens_a: list[Token], text_b: str, tokens_b: list[Token]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...]], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(a_words, b_words, numbers, names) for a match whose sides hold these tokens."""
    terms_a = {t for tok in tokens_a for t in tok.terms}
    terms_b = {t for tok in tokens_b for t in tok.terms}
    only_a = sorted(terms_a - terms_b)
    only_b = sorted(terms_b - terms_a)
    a_words = _words_only_here(tokens_a, terms_b, only_b)
    b_words = _words_only_here(tokens_b, terms_a, only_a)

    def numbers(tokens: list[Token]) -> list[tuple[str, str]]:
        return [(k, t.surface) for t in tokens if (k := _number_key(t)) is not None]

    nums_a, nums_b = numbers(tokens_a), numbers(tokens_b)
    keys_a, keys_b = {k for k, _ in nums_a}, {k for k, _ in nums_b}
    odd_a = list(dict.fromkeys(s for k, s in nums_a if k not in keys_b))
    odd_b = list(dict.fromkeys(s for k, s in nums_b if k not in keys_a))
    number_pairs = [(x or "", y or "") for x, y in zip_longest(odd_a, odd_b)]

    def names(text: str, tokens: list[Token], theirs: set[str]) -> list[str]:
        found = []
        for run in _names(text, tokens):
            # "Minister Khumbudzo Ntshavheni" against "Minister Naledi Pandor": the title is shared.
            while run and all(t in theirs for t in run[0].terms):
                run = run[1:]
            while run and all(t in theirs for t in run[-1].terms):
                run = run[:-1]
            if run and any(tok.terms for tok in run):
                found.append(text[run[0].start : run[-1].end])
        return list(dict.fromkeys(found))

    name_pairs = _pair_names(names(text_a, tokens_a, terms_b), names(text_b, tokens_b, terms_a))
    return tuple(a_words), tuple(b_words), tuple(number_pairs), tuple(name_pairs)
