"""Notes where they are written and shown, outside the notes screen: the marks the reader and the compare
screen draw on noted passages, the bar that lists a passage's notes, and the note editor opened on a
passage, a pair or a whole article."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.screen import Screen

from ..engine.align.compare import Comparison, Span
from ..engine.ingest.articles import Article
from ..engine.text.safe import in_quotes, terminal_excerpt
from ..store.interface import Store
from ..store.notes import Note, NoteStore, Passage
from ..widgets.palette import NOTE_MARK
from .host import host
from .note_editor import NoteEditor

NOTED = Style(underline=True)
"""How a noted passage's text is drawn, on top of any match or left-out colour."""
NOTE_MARK_STYLE = Style(bold=True)


def noted_passages(notes: Iterable[Note], article_id: str) -> list[tuple[Note, Passage]]:
    """Each note's passage in `article_id`; detached passages are left out, having no place in the text."""
    found = []
    for note in notes:
        passage = note.passage_in(article_id)
        if passage is not None and not passage.detached:
            found.append((note, passage))
    return found


def notes_on(notes: Iterable[Note], article_id: str, start: int, end: int) -> list[Note]:
    """The notes whose passage in `article_id` overlaps [start, end), those exactly on it first."""
    hits = [(note, p) for note, p in noted_passages(notes, article_id) if p.start < end and start < p.end]
    return [note for note, p in sorted(hits, key=lambda hit: (hit[1].start, hit[1].end) != (start, end))]


def mine_first(notes: Iterable[Note], me: str | None) -> Note | None:
    """The note to edit of those on one passage: the first this user wrote (or one written before notes
    had authors); None where only colleagues have written there, so that `a` writes a note of one's
    own beside theirs rather than rewriting theirs under their name."""
    return next((note for note in notes if note.author is None or note.author == me), None)


def written_by(note: Note, me: str | None) -> str:
    """Who wrote a note, as a few words to put before it ("Ben: "), for a colleague's note on a library
    several people share; nothing for the reader's own."""
    return f"{terminal_excerpt(note.author, 40)}: " if note.author and note.author != me else ""


def note_bar(notes: Sequence[Note], label: str = "", me: str | None = None) -> Text:
    """The one-line note bar: the first note's text (after its author's name, where a colleague wrote
    it: `me` is who reads), and how many more there are."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if not notes:
        return text
    text.append(f"{NOTE_MARK} {label}", style="bold")
    text.append(written_by(notes[0], me), style="italic")
    text.append(terminal_excerpt(notes[0].text))
    if len(notes) > 1:
        text.append(f"  (+{len(notes) - 1} more: ctrl+n lists them)", style="dim")
    return text


def editor_heading(what: str, passage_text: str | None) -> Text:
    heading = Text(what, style="bold")
    if passage_text:
        heading.append(": ")
        heading.append(in_quotes(terminal_excerpt(passage_text, 160)), style="italic")
    return heading


def span_of(spans: Sequence[Span]) -> tuple[int, int]:
    """One passage covering a match side's spans: from the first span's start to the last span's end."""
    return spans[0].start, spans[-1].end


def match_for_note(comparison: Comparison, note: Note) -> int | None:
    """The match that overlaps most of a pair note's two passages (passage in a, partner in b), if any."""
    if note.passage is None or note.partner is None:
        return None

    def overlap(spans: Sequence[Span], passage: Passage) -> int:
        return sum(max(0, min(s.end, passage.end) - max(s.start, passage.start)) for s in spans)

    best, best_overlap = None, 0
    for index, match in enumerate(comparison.matches):
        on_a, on_b = overlap(match.a, note.passage), overlap(match.b, note.partner)
        if on_a and on_b and on_a + on_b > best_overlap:
            best, best_overlap = index, on_a + on_b
    return best


def open_note_editor(
    screen: Screen[Any],
    heading: Text,
    existing: Note | None,
    save_new: Callable[[str], Note] | None,
    saved: Callable[[Note], object],
) -> None:
    """Edit `existing`, or write a new note with `save_new`; `saved(note)` runs once it is stored."""
    if existing is not None:
        store = NoteStore(host(screen).library)
        if colleague := written_by(existing, host(screen).library.user):
            # e on the notes screen opened a colleague's note with nothing saying it was not one's own.
            heading = heading.copy()
            heading.append(f" · {colleague.removesuffix(': ')}'s note", style="bold italic")
        # Saved only over the note as it was read: a colleague's edit saved meanwhile is not replaced.
        editor = NoteEditor(heading, lambda text: store.update(existing.id, text, existing), existing.text)
    else:
        assert save_new is not None
        editor = NoteEditor(heading, save_new)

    def done(note: Note | None) -> None:
        if note is not None:
            saved(note)

    screen.app.push_screen(editor, done)


def new_note_saver(
    library: Store,
    article: Article,
    passage: tuple[int, int] | None = None,
    partner: tuple[Article, tuple[int, int]] | None = None,
) -> Callable[[str], Note]:
    """The `save` of a NoteEditor for a new note on `article` (or its `passage`, paired with `partner`)."""
    store = NoteStore(library)

    def save(text: str) -> Note:
        anchor = Passage.of(article, *passage) if passage else None
        other = Passage.of(partner[0], *partner[1]) if partner else None
        return store.add(article.id, text, anchor, other)

    return save
