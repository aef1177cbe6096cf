"""The export of notes: one JSON object a note, and Markdown ready to paste into a report (a section an
article, passages quoted). What a note holds and how it is kept is notes.py's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..engine.ingest.record import Article
from ..engine.text.safe import markdown_lines, markdown_text, printed_text
from .interface import Store

if TYPE_CHECKING:
    from .notes import Note, Passage


def notes_as_dicts(library: Store, notes: Iterable[Note]) -> list[dict[str, object]]:
    """The JSON export: one object a note, its articles' titles read from `library`."""
    titles = _Titles(library)
    result = []
    for note in notes:
        partner = None
        if note.partner is not None:
            partner = {
                "article_id": note.partner.article_id,
                "title": titles.title(note.partner.article_id),
                **_passage_dict(note.partner),
            }
        result.append(
            {
                "id": note.id,
                "text": note.text,
                "created": note.created,
                "updated": note.updated,
                "author": note.author,
                "edited_by": note.edited_by,
                "deleted": note.deleted,
                "deleted_by": note.deleted_by,
                "detached": note.detached,
                "article": {"id": note.article_id, "title": titles.title(note.article_id)},
                "passage": _passage_dict(note.passage) if note.passage else None,
                "partner": partner,
            }
        )
    return result


def notes_markdown(library: Store, notes: Iterable[Note], heading: str = "Notes") -> str:
    """The Markdown export under `heading`. A note from the trash says when it was deleted, and its id,
    which `cyberread notes --restore` takes."""
    titles = _Titles(library)
    groups: dict[str, list[Note]] = {}
    for note in notes:
        groups.setdefault(note.article_id, []).append(note)
    lines = [f"# {heading}", ""]
    if not groups:
        lines.append("No notes.")
    for article_id in sorted(groups, key=lambda a: (titles.title(a).casefold(), a)):
        lines += [f"## {_line(titles.heading(article_id))}", ""]
        for note in sorted(groups[article_id], key=lambda n: (n.passage.start if n.passage else -1, n.id)):
            lines += _note_markdown(note, titles)
    return "\n".join(lines).rstrip() + "\n"


def _passage_dict(passage: Passage) -> dict[str, object]:
    return {"start": passage.start, "end": passage.end, "text": passage.text, "detached": passage.detached}


class _Titles:
    """Article headings for an export, each looked up once; an article removed since keeps its id."""

    def __init__(self, library: Store) -> None:
        self._library = library
        self._found: dict[str, Article | None] = {}

    def article(self, article_id: str) -> Article | None:
        if article_id not in self._found:
            self._found[article_id] = self._library.get(article_id)
        return self._found[article_id]

    def title(self, article_id: str) -> str:
        article = self.article(article_id)
        return article.title if article else f"Article {article_id} (no longer in the library)"

    def heading(self, article_id: str) -> str:
        article = self.article(article_id)
        details = ", ".join(v for v in (article.outlet, article.date) if v) if article else ""
        return f"{self.title(article_id)} — {details}" if details else self.title(article_id)


def _note_markdown(note: Note, titles: _Titles) -> list[str]:
    lines: list[str] = []
    sides = [p for p in (note.passage, note.partner) if p is not None]
    for passage in sides:
        if len(sides) > 1:
            lines += [f"**{_line(titles.title(passage.article_id))}**", ""]
        if passage.detached:
            lines += ["*Detached: this passage is no longer in the article; its last known text:*", ""]
        lines += [_quote(passage.text), ""]
    if note.text:
        lines += [*_literal(note.text), ""]
    noted = f"by {_line(note.author)} " if note.author else ""
    stamp = f"noted {noted}{local_time(note.created)}"
    # A colleague's edit is said even in the millisecond the note was made, when the stamps are one.
    if note.updated != note.created or note.edited_by:
        editor = f"by {_line(note.edited_by)} " if note.edited_by else ""
        stamp += f", edited {editor}{local_time(note.updated)}"
    if note.deleted is not None:
        deleter = f"by {_line(note.deleted_by)} " if note.deleted_by else ""
        stamp = f"Note {note.id}: {stamp}, deleted {deleter}{local_time(note.deleted)}"
    return lines + [f"*{stamp[0].upper()}{stamp[1:]}*", "", "---", ""]


def _quote(text: str) -> str:
    # Article text, and a note as typed: shown as written, never run as Markdown (a heading, a link, a
    # code fence that swallowed every note after it) nor by a terminal (escape sequences).
    return "\n".join(f"> {line}".rstrip() for line in _literal(text))


def _line(text: str) -> str:
    """`text` on one Markdown line that shows it as written, its control characters as escapes."""
    return markdown_text(printed_text(text))


def _literal(text: str) -> list[str]:
    """`text` as Markdown lines that show it as written, its control characters as escapes (\\x1b)."""
    return markdown_lines(printed_text(text))


def local_time(stamp: str) -> str:
    """A stored time (ISO 8601) as the user's local "YYYY-MM-DD HH:MM"; as stored where it is not one."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp
