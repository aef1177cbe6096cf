"""What every rendering of a comparison shares: the notes placed on its passages, and a match's
differences as labelled lines."""

from __future__ import annotations

from dataclasses import dataclass

from ..align.result import Differences


@dataclass(frozen=True)
class PassageNote:
    """A note the user wrote on a passage of account a, of account b, or on a pair (one passage in each):
    (start, end) offsets into that account's body."""

    text: str
    a: tuple[int, int] | None = None
    b: tuple[int, int] | None = None

    def on(self, side: str) -> tuple[int, int] | None:
        return self.a if side == "a" else self.b


def difference_labels(differences: Differences | None) -> list[tuple[str, str]]:
    """A match's differences as (label, text) pairs, the empty ones left out."""
    if differences is None:
        return []
    d = differences
    labelled = (
        ("Numbers", _pairs(d.numbers)),
        ("Names", _pairs(d.names)),
        ("Only in A", " ".join(d.a_words)),
        ("Only in B", " ".join(d.b_words)),
    )
    return [(label, value) for label, value in labelled if value]


def _pairs(pairs: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{x or '—'} → {y or '—'}" for x, y in pairs)
