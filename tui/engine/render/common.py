"""What every rendering of a comparison shares: the notes placed on its passages, and a match's
differences as labelled lines."""

from __future__ import annotations

from dataclasses import dataclass

from ..align.result import Comparison, Differences, Match
from ..ingest.record import Article


@dataclass(frozen=True)
class PassageNote:
    """A note the user wrote on a passage of account a, of account b, or on a pair (one passage in each):
    (start, end) offsets into that account's body."""

    text: str
    a: tuple[int, int] | None = None
    b: tuple[int, int] | None = None
    author: str | None = None
    """Who wrote it (a desk shares one library), where known."""

    def on(self, side: str) -> tuple[int, int] | None:
        return self.a if side == "a" else self.b

    @property
    def signed(self) -> str:
        """The note as an export shows it: "Ana Lima: …" where its author is known."""
        return signed(self.text, self.author)


def signed(text: str, author: str | None) -> str:
    """A note's text, its author's name before it where known."""
    return f"{author}: {text}" if author else text


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


QUOTE_LABELS = {
    "same": "same quote",
    "misquote": "misquote: the quoted words differ",
    "reworded": "each quotes in words of its own (another translation, or another remark)",
    "one_side": "one side quotes, the other paraphrases",
    "none": "",
}
VERDICT_LABELS = {"accepted": "confirmed by hand", "linked": "linked by hand"}


def verdict_counts(comparison: Comparison) -> tuple[int, int]:
    """How many of the comparison's matches the reader confirmed, and how many they linked by hand (a
    linked pair was counted as confirmed)."""
    kinds = [m.verdict for m in comparison.matches]
    return kinds.count("accepted"), kinds.count("linked")


def verdict_label(match: Match) -> str:
    """What the reader said of the match ("confirmed by Ana Lima", "linked by hand"); "" for nothing."""
    if match.verdict is None:
        return ""
    if match.judged_by:
        return f"{VERDICT_LABELS[match.verdict].removesuffix(' by hand')} by {match.judged_by}"
    return VERDICT_LABELS[match.verdict]


def match_notes(match: Match, body_a: str, body_b: str) -> list[tuple[str, str]]:
    """What a match's quotes, framing and verdict say, as (label, text) lines; empty ones left out."""
    lines = []
    if match.verdict:
        lines.append(("Reader", verdict_label(match)))
    if match.quote != "none":
        speakers = " / ".join(dict.fromkeys(s for s in match.speakers if s))
        label = QUOTE_LABELS[match.quote]
        if match.quote_cut:
            label = "misquote: one side's quotation leaves words out, none changed"
        lines.append(("Quote", label + (f" ({speakers})" if speakers else "")))
    changed = [
        f"{' '.join(body_a[slice(*op.a)].split()) or '—'} → {' '.join(body_b[slice(*op.b)].split()) or '—'}"
        for op in match.quoted
        if op.tag != "equal"
    ]
    if changed:
        lines.append(("Quoted words", " · ".join(changed)))
    if match.framing:
        lines.append(("Framing", " · ".join(f"{c.kind} {c.label}" for c in match.framing)))
    return lines


def labels(a: Article, b: Article, letters: tuple[str, str] = ("A", "B")) -> tuple[str, str]:
    """What a summary calls each account: its outlet where both have one and they differ, else its
    letter. Not one of each ("only Test Outlet names … only b names" reads as two kinds of thing), and
    not two articles of one outlet called alike."""
    if a.outlet and b.outlet and a.outlet.casefold() != b.outlet.casefold():
        return a.outlet, b.outlet
    return letters
