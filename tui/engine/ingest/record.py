"""The Article record, its id, and the error that says a file cannot become one: all the store and the
app need of an article, without the parsing (articles.py), so that starting the app does not import it."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass


class ArticleError(Exception):
    """A file that cannot become an article. Its message is one line: the reason, without the file name."""


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
    """The file it was read from, or for a page the address of its story (the page's canonical address)."""
    author: str | None = None

    def summary(self) -> dict[str, object]:
        """The fields `cyberread list --json` shows: everything but the body."""
        fields = asdict(self)
        del fields["body"]
        return fields


def article_id(title: str, body: str) -> str:
    """A stable id from the whole clean content, title and body: the same story re-imported, or with other
    page furniture, keeps it; two stories sharing a body under different titles never merge."""
    return content_id(title, " ".join(body.split()).casefold())


def content_id(title: str, canonical_body: str) -> str:
    """article_id, given the body's words case-folded and joined by single spaces."""
    heading = " ".join(title.split()).casefold()
    return hashlib.sha256(f"{heading}\n\n{canonical_body}".encode()).hexdigest()[:12]


def legacy_article_id(body: str) -> str:
    """The id libraries gave an article before titles counted (from the body alone). Articles stored then
    keep it, so notes anchored to them stay where they are; the library matches a re-import to them by it."""
    canonical = " ".join(body.split()).casefold()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
