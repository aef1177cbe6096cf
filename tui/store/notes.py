"""Notes on articles, on passages and on matched pairs of passages, kept in the library's database, and
their trash. Their Markdown/JSON export is note_export.py's; how a note's passage follows an edit of its
article is anchors.py's."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..engine.ingest.record import Article
from .anchors import reanchor_notes
from .common import LibraryError, store_boundary
from .interface import Connection, Store
from .note_export import notes_as_dicts, notes_markdown

_COLUMNS = (
    "id, text, article_id, passage_start, passage_end, passage_text, passage_detached,"
    " partner_id, partner_start, partner_end, partner_text, partner_detached, created, updated, author, deleted,"
    " edited_by, deleted_by"
)
_LIVE = "deleted IS NULL"
"""The notes not in the trash."""
_NOT_THE_AUTHOR = "CASE WHEN author = ? THEN NULL ELSE ? END"
"""Who did it (the store's author, given twice), where that is not the note's author: an edit or a
deletion by the author is theirs, said of every note anyway."""
_AUTHOR_FILTER = re.compile(r"(?i)\bauthor:(?:\"(?P<quoted>[^\"]*)\"?|(?P<bare>\S+))")


class NoteError(LibraryError):
    """A note cannot be saved as asked (no such note or article, a passage not in its article)."""


@dataclass(frozen=True)
class Passage:
    """A stretch of an article's clean body. When `detached`, the article no longer holds it and
    start/end are where it last was."""

    article_id: str
    start: int
    end: int
    text: str
    detached: bool = False

    @classmethod
    def of(cls, article: Article, start: int, end: int) -> Passage:
        return cls(article.id, start, end, article.body[start:end])


@dataclass(frozen=True)
class Note:
    """A note on a whole article (no passage), on one passage, or on a pair: `passage` in the
    article and `partner` in another article."""

    id: int
    text: str
    article_id: str
    passage: Passage | None
    partner: Passage | None
    created: str
    updated: str
    author: str | None = None
    """Who wrote it (the config's user.name, else the login name); None for notes older than authors."""
    deleted: str | None = None
    """When it was put in the trash (NoteStore.delete); None while it is not."""
    edited_by: str | None = None
    """Who saved its last edit, where that was not its author (a colleague on a shared library)."""
    deleted_by: str | None = None
    """Who put it in the trash, where that was not its author (a colleague on a shared library)."""

    @property
    def detached(self) -> bool:
        return any(p is not None and p.detached for p in (self.passage, self.partner))

    def passage_in(self, article_id: str) -> Passage | None:
        """This note's passage in `article_id`, whichever side of a pair it is."""
        if self.partner is not None and self.partner.article_id == article_id:
            return self.partner
        return self.passage if self.article_id == article_id else None


class NoteStore:
    """The notes of one library. Every save is its own committed transaction, so a note survives the
    app being killed the moment after. A deleted note goes to the trash: it leaves every list, count and
    export, and `restore` brings it back as it was; only `empty_trash` removes notes for good."""

    def __init__(self, library: Store, author: str | None = None) -> None:
        self.library = library
        self.author = author if author is not None else (library.user or None)

    # Writing

    def add(self, article_id: str, text: str, passage: Passage | None = None, partner: Passage | None = None) -> Note:
        _check_text(text)
        if partner is not None and passage is None:
            raise NoteError("a note on a pair needs a passage in each article")
        if passage is not None and passage.article_id != article_id:
            raise NoteError(f"the passage is in article {passage.article_id}, not {article_id}")
        if partner is not None and partner.article_id == article_id:
            raise NoteError("the two passages of a pair must be in different articles")
        now = _now()
        with self.library.writing() as connection:
            self._check_anchor(connection, article_id, passage)
            if partner is not None:
                self._check_anchor(connection, partner.article_id, partner)
            cursor = connection.execute(
                "INSERT INTO notes (text, article_id, passage_start, passage_end, passage_text, partner_id,"
                " partner_start, partner_end, partner_text, created, updated, author)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    text,
                    article_id,
                    *_anchor_values(passage),
                    partner.article_id if partner else None,
                    *_anchor_values(partner),
                    now,
                    now,
                    self.author,
                ),
            )
            row = cursor.fetchone()
        if row is None:
            raise NoteError("the note was not saved")
        return Note(int(row[0]), text, article_id, passage, partner, now, now, self.author)

    def update(self, note_id: int, text: str, edited: Note | None = None) -> Note:
        """Give the note `text`. `edited`: the note as the writer read it before editing it; where the
        note has changed since (a colleague sharing the library saved an edit of their own), nothing is
        written and NoteError says so: the second of two edits saved from the same note replaced the
        first without a word."""
        _check_text(text)
        # The editor is kept where it is not the author: "noted by Ana, edited by Ben".
        sql = f"UPDATE notes SET text = ?, updated = ?, edited_by = {_NOT_THE_AUTHOR} WHERE id = ? AND {_LIVE}"
        parameters: tuple[object, ...] = (text, _now(), self.author, self.author, note_id)
        if edited is not None:
            sql += " AND text = ? AND updated = ?"
            parameters += (edited.text, edited.updated)
        with self.library.writing() as connection:
            changed = connection.execute(sql, parameters).rowcount
        note = self.get(note_id) if changed else None
        if note is None:
            if self._in_trash(note_id):  # deleted meanwhile, here or by a colleague
                raise NoteError(
                    f"note {note_id} was deleted meanwhile: it is in the trash, where t on the notes screen shows it"
                )
            now = self.get(note_id)
            if now is not None and edited is not None:
                from .note_export import local_time

                who = now.edited_by or now.author
                by = (
                    f"by {who}" if who and who != self.author else "by someone sharing the library or in another window"
                )
                raise NoteError(
                    f"note {note_id} was changed meanwhile (saved {local_time(now.updated)}, {by}):"
                    " yours is not saved; copy it, then edit the note again"
                )
            raise NoteError(f"no note {note_id}")
        return note

    @store_boundary
    def _in_trash(self, note_id: int) -> bool:
        sql = f"SELECT 1 FROM notes WHERE id = ? AND NOT {_LIVE}"
        return self.library.connection.execute(sql, (note_id,)).fetchone() is not None

    def delete(self, note_id: int) -> bool:
        """Put the note in the trash; False where there is no such note, or it is in the trash already."""
        with self.library.writing() as connection:
            # Who deleted it is kept where it is not the author: "noted by Ana, deleted by Ben".
            sql = f"UPDATE notes SET deleted = ?, deleted_by = {_NOT_THE_AUTHOR} WHERE id = ? AND {_LIVE}"
            return connection.execute(sql, (_now(), self.author, self.author, note_id)).rowcount > 0

    def restore(self, note_id: int) -> Note:
        """Bring a note back from the trash as it was: its id, text, passages, author and times. The
        passages are where the note's article holds them now (an edited article moves them along, as it
        moves every note's)."""
        with self.library.writing() as connection:
            sql = f"UPDATE notes SET deleted = NULL, deleted_by = NULL WHERE id = ? AND NOT {_LIVE}"
            restored = connection.execute(sql, (note_id,)).rowcount > 0
        note = self.get(note_id) if restored else None
        if note is None:
            raise NoteError(f"no note {note_id} in the trash")
        return note

    def empty_trash(self, article_id: str | None = None, all_authors: bool = False) -> tuple[int, int]:
        """Remove the notes in the trash for good (only those on `article_id`, either side of a pair, where
        given): this store's author's and those without one, or every author's; returns how many were
        removed, and how many of colleagues stay."""
        where, parameters = _in_trash_on(article_id)
        with self.library.writing() as connection:
            if all_authors or self.author is None:
                return int(connection.execute(f"DELETE FROM notes WHERE {where}", parameters).rowcount), 0
            mine = f"{where} AND (author IS NULL OR author = ?)"
            removed = int(connection.execute(f"DELETE FROM notes WHERE {mine}", (*parameters, self.author)).rowcount)
            (left,) = connection.execute(f"SELECT count(*) FROM notes WHERE {where}", parameters).fetchone()
            return removed, int(left)

    def reanchor(self, old_article_id: str, new_article: Article) -> int:
        """Move the notes of `old_article_id` to `new_article` (an edited version of it); returns how many
        moved. Library.add_many does this itself when a re-imported file replaces an article."""
        with self.library.writing() as connection:
            return reanchor_notes(connection, old_article_id, new_article)

    @staticmethod
    def _check_anchor(connection: Connection, article_id: str, passage: Passage | None) -> None:
        row = connection.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            # An earlier text of a story (the compare screen of `v`): notes stay on the version they
            # were written on, and one written there was refused after it had been typed.
            row = connection.execute("SELECT body FROM article_versions WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NoteError(f"no article {article_id} in the library")
        if passage is None:
            return
        body = row[0]
        if not (0 <= passage.start < passage.end <= len(body)) or body[passage.start : passage.end] != passage.text:
            raise NoteError(f"the passage at {passage.start}-{passage.end} is not in article {article_id}'s text")

    # Reading

    @store_boundary
    def get(self, note_id: int) -> Note | None:
        """The note, unless there is no such note or it is in the trash."""
        sql = f"SELECT {_COLUMNS} FROM notes WHERE id = ? AND {_LIVE}"
        row = self.library.connection.execute(sql, (note_id,)).fetchone()
        return _note(row) if row else None

    @store_boundary
    def trash(self, search: str | None = None, article_id: str | None = None) -> list[Note]:
        """The notes in the trash, the last deleted first; `search` as `all` takes it; only those on
        `article_id` (either side of a pair), where given."""
        where, parameters = _in_trash_on(article_id)
        sql = f"SELECT {_COLUMNS} FROM notes WHERE {where} ORDER BY deleted DESC, id DESC"
        return _found(map(_note, self.library.connection.execute(sql, parameters)), search)

    @store_boundary
    def trash_size(self) -> int:
        """How many notes are in the trash."""
        where, parameters = _in_trash_on(None)
        (count,) = self.library.connection.execute(f"SELECT count(*) FROM notes WHERE {where}", parameters).fetchone()
        return int(count)

    @store_boundary
    def for_article(self, article_id: str) -> list[Note]:
        """The notes on `article_id`, pairs where it is either side included: whole-article notes first,
        then in the order of their passages."""
        cursor = self.library.connection.execute(
            f"SELECT {_COLUMNS} FROM notes WHERE (article_id = ? OR partner_id = ?) AND {_LIVE} ORDER BY id",
            (article_id, article_id),
        )
        notes = [_note(row) for row in cursor]

        def position(note: Note) -> int:
            passage = note.passage_in(article_id)
            return -1 if passage is None else passage.start

        return sorted(notes, key=position)

    @store_boundary
    def all(self, search: str | None = None) -> list[Note]:
        """Every note, oldest first; with `search`, only those whose text or passages hold it (any case);
        `author:NAME` in it keeps the notes of that author (any case) alone."""
        cursor = self.library.connection.execute(f"SELECT {_COLUMNS} FROM notes WHERE {_LIVE} ORDER BY id")
        return _found(map(_note, cursor), search)

    @store_boundary
    def authors(self) -> list[str]:
        """Everyone who wrote a note here, in alphabetical order."""
        sql = f"SELECT DISTINCT author FROM notes WHERE author IS NOT NULL AND {_LIVE}"
        rows = self.library.connection.execute(sql)
        return sorted((row[0] for row in rows), key=str.casefold)

    @store_boundary
    def __len__(self) -> int:
        return int(self.library.connection.execute(f"SELECT count(*) FROM notes WHERE {_LIVE}").fetchone()[0])

    # Export (note_export.py)

    @store_boundary
    def as_dicts(self, notes: Iterable[Note]) -> list[dict[str, object]]:
        """The JSON export: one object a note."""
        return notes_as_dicts(self.library, notes)

    @store_boundary
    def markdown(self, notes: Iterable[Note], heading: str = "Notes") -> str:
        """The Markdown export, ready to paste into a report: a section an article, passages quoted. A note
        from the trash says when it was deleted, and its id, which `cyberread notes --restore` takes."""
        return notes_markdown(self.library, notes, heading)


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise NoteError("a note's text must be a string")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise NoteError("the note holds characters that are not valid Unicode") from None
    # PostgreSQL's text cannot hold NUL; refused on SQLite too, so every note can be copied to a team library.
    if "\x00" in text:
        raise NoteError("the note holds a NUL character")


def _anchor_values(passage: Passage | None) -> tuple[object, object, object]:
    return (passage.start, passage.end, passage.text) if passage else (None, None, None)


def _note(row: tuple[Any, ...]) -> Note:
    (
        note_id,
        text,
        article_id,
        start,
        end,
        passage_text,
        detached,
        partner_id,
        partner_start,
        partner_end,
        partner_text,
        partner_detached,
        created,
        updated,
        author,
        deleted,
        edited_by,
        deleted_by,
    ) = row
    passage = Passage(article_id, start, end, passage_text, bool(detached)) if passage_text is not None else None
    partner = None
    if partner_id is not None:
        partner = Passage(partner_id, partner_start, partner_end, partner_text, bool(partner_detached))
    return Note(note_id, text, article_id, passage, partner, created, updated, author, deleted, edited_by, deleted_by)


def _in_trash_on(article_id: str | None) -> tuple[str, tuple[str, ...]]:
    """The SQL condition, and its parameters, of the notes in the trash on `article_id` (either side of a
    pair), or of all of them."""
    if article_id is None:
        return f"NOT {_LIVE}", ()
    return f"NOT {_LIVE} AND (article_id = ? OR partner_id = ?)", (article_id, article_id)


def _found(notes: Iterable[Note], search: str | None) -> list[Note]:
    """The notes whose text or passages hold `search` (any case), of the authors its `author:NAME` name."""
    authors: list[str] = []

    def author(match: re.Match[str]) -> str:
        authors.append((match["quoted"] if match["quoted"] is not None else match["bare"]).casefold())
        return " "

    needle = _AUTHOR_FILTER.sub(author, search or "").strip().casefold()
    return [
        note
        for note in notes
        if (not authors or (note.author or "").casefold() in authors)
        and (not needle or any(needle in text.casefold() for text in _searchable(note)))
    ]


def _searchable(note: Note) -> list[str]:
    return [note.text] + [p.text for p in (note.passage, note.partner) if p is not None]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
