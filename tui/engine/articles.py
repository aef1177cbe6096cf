"""The Article record and how a file on disk becomes one: decode, clean, detect metadata."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Article:
    """One clean news account.

    `body` is the story's paragraphs joined by blank lines; every character offset the engine reports
    (matches, left-out passages, note anchors) indexes into it.
    """

    id: str
    title: str
    outlet: str | None
    date: str | None
    dateline: str | None
    body: str
    words: int
    path: str | None

    def summary(self) -> dict[str, object]:
        """The fields `cyberread list --json` shows: everything but the body."""
        fields = asdict(self)
        del fields["body"]
        return fields


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def article_id(body: str) -> str:
    """A stable id from the clean body: the same story re-imported, or with other page furniture, keeps it."""
    canonical = " ".join(body.split()).casefold()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
