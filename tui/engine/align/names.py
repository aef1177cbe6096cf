"""Names in a text: runs of capitalised words joined across "of the" and the like, as the differences
of a match pair them and the weighing of what an account left out lists them."""

from __future__ import annotations

import re

from ..text.checkpoints import CHECK_EVERY, check_in
from ..text.wordlists import FUNCTION_WORDS
from ..text.words import Token

# Lower-case words that sit inside names: "Council of the Russian Federation", "Ibn al Haytham".
NAME_JOINERS = frozenset("of for the de del da di du la le al el bin ibn van von der den y".split())
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”'‘’(\[])\s*$")
# The last word of a body's name: "Office", "Ministry", "Authority"; a person's name often follows it
# with nothing between ("Secretary of the Security Council of the Russian Federation Nikolai Patrushev",
# alone.py). A name of a body may hold an "and"
# ("Disaster and Emergency Management Authority", "Department of Health and Human Services") where two
# names side by side do not ("Russia and China").
BODY_ENDS = frozenset(
    "office council ministry presidency committee commission federation republic kingdom union nations"
    " party department agency bureau government administration parliament assembly senate court bank"
    " fund forum organization organisation institute university association academy army navy"
    " forces service services affairs authority board corporation company foundation centre center".split()
)
# Places whose one name holds an "and".
_AND_PLACES = frozenset(
    (
        "bosnia and herzegovina",
        "trinidad and tobago",
        "antigua and barbuda",
        "saint kitts and nevis",
        "st kitts and nevis",
        "turks and caicos",
        "são tomé and príncipe",
        "sao tome and principe",
    )
)
# Capitalised words that are not names: weekdays and months are dates; titles lead names.
NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july"
    " august september october november december".split()
)


def _is_value(token: Token) -> bool:
    """Whether the token is a number or date (its term is a value's, "#3200000")."""
    return bool(token.terms) and token.terms[0].startswith("#")


def names_in(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Runs of capitalised words, joined across "of the" and the like; a lone capitalised word
    opening a sentence is just a sentence start."""
    names = []
    for whole in (part for run in capitalised_runs(text, tokens) for part in _apart_at_and(run)):
        # Trimmed by index, then cut once: slicing a word off at a time was quadratic in a run of
        # capitalised joiners ("Of Of Of …").
        lo, hi = 0, len(whole)
        while hi > lo and (whole[hi - 1].surface in NAME_JOINERS or whole[hi - 1].surface.casefold() in FUNCTION_WORDS):
            hi -= 1
        while hi > lo and whole[lo].surface.casefold() in FUNCTION_WORDS:
            lo += 1
        run = whole[lo:hi]
        if not run or not any(t.terms for t in run):
            continue
        if all(len(t.surface) == 1 for t in run):
            continue  # initials alone: the "U" of "U.S." (its "S" follows a full stop), no name
        if len(run) == 1 and _SENTENCE_END.search(text[max(0, run[0].start - 3) : run[0].start]):
            continue
        names.append(run)
    return names


_HYPHENS = frozenset("-‐‑")


def _apart_at_and(run: list[Token]) -> list[list[Token]]:
    """A run of capitalised words cut at each "and" in it, unless the whole names one body or place:
    "Disaster and Emergency Management Authority" stays one, "Russia and China" is two names."""
    ands = [k for k, token in enumerate(run) if token.surface == "and"]
    if not ands:
        return [run]
    whole = " ".join(token.surface for token in run).casefold()
    bound = all(k + 1 < len(run) and run[k + 1].surface[:1].isupper() for k in ands)
    if bound and (run[-1].surface.casefold() in BODY_ENDS or whole in _AND_PLACES):
        return [run]
    parts, lo = [], 0
    for k in ands:
        parts.append(run[lo:k])
        lo = k + 1
    parts.append(run[lo:])
    return [part for part in parts if part]


def capitalised_runs(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Capitalised words and the joiners between them, one space apart, before trimming."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for at in range(0, len(tokens), CHECK_EVERY):
        if at:
            check_in()  # the tokens of a passage of millions of words
        for token in tokens[at : at + CHECK_EVERY]:
            surface = token.surface
            capitalised = surface[:1].isupper() and not _is_value(token) and surface.casefold() not in NOT_NAMES
            if not current:
                if capitalised:
                    current = [token]
                continue
            between = text[current[-1].end : token.start]
            # One space, or a hyphen between two capitals: "Ust-Luga" is one place, not "Ust" and "Luga".
            if (capitalised or surface in NAME_JOINERS or surface == "and") and (
                between == " " or (capitalised and between in _HYPHENS)
            ):
                current.append(token)
                continue
            runs.append(current)
            current = [token] if capitalised else []
    if current:
        runs.append(current)
    return runs


def name_places(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Where the names among these tokens are: runs of capitalised words, as the differences pair them."""
    return [(run[0].start, run[-1].end) for run in names_in(text, tokens)]
