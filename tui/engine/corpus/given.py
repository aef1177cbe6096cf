"""What an account's body gives anywhere, asked by collation (collate.py) about the passages and figures
it reads: whether a figure or name is in it at all, and whether some spans cover one of its sentences."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..align.name_index import OtherAccount
from ..align.result import ChangeKind, Span
from ..text.sentences import sentences
from ..text.values import find_values

CARRIED_SHARE = 1 / 3
"""A sentence is carried by another account when its matches with that account cover at least this
share of the sentence's characters: the engine may report an attached clause apart ("…, Wang Yi said
while attending the 13th Meeting of …") while the sentence's own statement is matched."""


class Given:
    """What an account's body gives anywhere: its values (by key), its names (the weighing's index of
    where its words start, name_index.OtherAccount) and its sentences. Each read once an account,
    when first asked about."""

    def __init__(self, body: str) -> None:
        self.body = body
        self._keys: set[str] | None = None
        self._names: OtherAccount | None = None
        self._sentences: list[tuple[int, int]] | None = None
        self._starts: list[int] = []

    def holds_a_sentence(self, spans: list[tuple[int, int]]) -> bool:
        """Whether these spans cover a sentence of the body as a passage is carried (CARRIED_SHARE)."""
        if self._sentences is None:
            self._sentences = sentences(self.body)
            self._starts = [start for start, _ in self._sentences]
        found, starts = self._sentences, self._starts
        for lo, hi in spans:
            for start, end in found[max(bisect_right(starts, lo) - 1, 0) : bisect_left(starts, hi)]:
                if end > start and covered_length(spans, start, end) >= CARRIED_SHARE * (end - start):
                    return True
        return False

    def __contains__(self, change: tuple[ChangeKind, Span]) -> bool:
        kind, span = change
        if kind == "name":
            if self._names is None:
                self._names = OtherAccount(self.body)
            return self._names.gives(" ".join(span.text.split()))
        if self._keys is None:
            self._keys = {value.key for value in find_values(self.body)}
        keys = {value.key for value in find_values(span.text)}
        return bool(keys) and keys <= self._keys


def covered_length(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """How many characters of [start, end) the spans cover (each character once)."""
    cuts = sorted((max(s, start), min(e, end)) for s, e in spans if s < end and e > start)
    covered, reached = 0, start
    for s, e in cuts:
        if e > reached:
            covered += e - max(s, reached)
            reached = e
    return covered
