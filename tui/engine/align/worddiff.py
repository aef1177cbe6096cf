"""The aligned word diff inside one match: which words stay, which are replaced, added or dropped."""

from __future__ import annotations

from difflib import SequenceMatcher

from ..text.words import WORD
from .result import OpTag, Span, WordOp


def _words(body: str, spans: tuple[Span, ...]) -> list[tuple[int, int, str]]:
    return [(w.start(), w.end(), w.group().casefold()) for s in spans for w in WORD.finditer(body, s.start, s.end)]


def word_ops(body_a: str, spans_a: tuple[Span, ...], body_b: str, spans_b: tuple[Span, ...]) -> tuple[WordOp, ...]:
    """The edit script from a's words to b's (case-insensitive), as ranges of each body.

    Neighbouring steps of one kind are merged, so "clarify the direction" -> "identify areas" reads
    as one replacement rather than three.
    """
    words_a, words_b = _words(body_a, spans_a), _words(body_b, spans_b)
    keys_a, keys_b = [w[2] for w in words_a], [w[2] for w in words_b]
    if keys_b < keys_a:
        # difflib breaks ties by position in its first sequence: one fixed order keeps (a, b) and
        # (b, a) mirror images of each other.
        return tuple(op.mirrored() for op in word_ops(body_b, spans_b, body_a, spans_a))
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(WordOp(_tag(tag), _range(words_a, i1, i2), _range(words_b, j1, j2)))
    return tuple(ops)


def _tag(tag: str) -> OpTag:
    if tag in ("equal", "replace", "insert", "delete"):
        return tag  # type: ignore[return-value]
    raise ValueError(tag)


def _range(words: list[tuple[int, int, str]], lo: int, hi: int) -> tuple[int, int]:
    """Offsets covering words lo..hi; an empty range where the missing words would go."""
    if hi > lo:
        return words[lo][0], words[hi - 1][1]
    if lo < len(words):
        return words[lo][0], words[lo][0]
    if words:
        return words[-1][1], words[-1][1]
    return 0, 0
