"""Copied blocks, found before anything is scored: runs of clauses with the same words in the same
order on both sides.

Two versions of one page, or a page and the wire story it pastes, share long stretches word for
word. Scoring each of their clauses against candidates, growing and trimming it, costs the same as
for a reworded sentence and comes to the obvious answer: each clause with its twin. So the clauses
are compared by their words first, along the longest common subsequence of the two lists of
clauses (rapidfuzz's Indel opcodes, bit-parallel C++), and the runs found there are paired as they
are. What is left goes through the usual selection.

The LCS costs about (clauses a x clauses b) / 64 steps: past `LCS_BUDGET` (two 30,000-clause texts)
only the common start and end are taken, which is linear and still covers two versions of one text.
"""

from __future__ import annotations

from rapidfuzz.distance import Indel

from .matching import Side

# A run of identical clauses is trusted without scoring once it holds this many words; shorter ones
# ("He said.", a repeated slogan) may have a better partner elsewhere, and the selection finds it.
MIN_BLOCK_WORDS = 12
# Above this product of the two clause counts the LCS is skipped (see the module docstring).
LCS_BUDGET = 900_000_000

Block = tuple[int, int, int]  # first clause of a, first clause of b, clauses


def copied_blocks(a: Side, b: Side) -> list[Block]:
    """Runs of consecutive clauses worded alike on both sides, in order, each `MIN_BLOCK_WORDS` long
    or more, none overlapping another."""
    keys_a, keys_b = _numbered(a.clause_words, b.clause_words)
    sizes = list(map(len, a.clause_words))
    start = 0
    while start < min(len(keys_a), len(keys_b)) and keys_a[start] == keys_b[start]:
        start += 1
    end = 0
    while end < min(len(keys_a), len(keys_b)) - start and keys_a[-1 - end] == keys_b[-1 - end]:
        end += 1
    blocks: list[Block] = [(0, 0, start)] if start else []
    middle_a, middle_b = keys_a[start : len(keys_a) - end], keys_b[start : len(keys_b) - end]
    if middle_a and middle_b and len(middle_a) * len(middle_b) <= LCS_BUDGET:
        for op in Indel.opcodes(middle_a, middle_b):
            if op.tag == "equal":
                blocks.append((start + op.src_start, start + op.dest_start, op.src_end - op.src_start))
    if end:
        blocks.append((len(keys_a) - end, len(keys_b) - end, end))
    return [block for block in blocks if sum(sizes[block[0] : block[0] + block[2]]) >= MIN_BLOCK_WORDS]


def _numbered(words_a: list[tuple[str, ...]], words_b: list[tuple[str, ...]]) -> tuple[list[int], list[int]]:
    """Each clause's words as a number, the same for the same words on either side: the LCS compares
    numbers, where each tuple of words was hashed and converted in its call (0.069 s for the 16,667
    clauses a side of shifted sentence ends, 0.027 s as numbers, the numbering 0.004 s). Equal
    numbers are equal words, so the opcodes are the same."""
    number: dict[tuple[str, ...], int] = {}
    keys_a = [number.setdefault(words, len(number)) for words in words_a]
    keys_b = [number.setdefault(words, len(number)) for words in words_b]
    return keys_a, keys_b
