"""What a screen may ask of the app, as a type: screens call `host(self)` instead of reaching for
attributes the App's type does not declare; and what the app tells its screens (NotesChanged)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:
    # Types only: the notes store (and rapidfuzz) is imported when notes are first read, not at start.
    from ..engine.ingest.record import Article
    from ..store.config import Config
    from ..store.interface import Store
    from ..store.notes import Note


class Host(Protocol):
    library: Store
    config: Config

    def compare(self, a: Article, b: Article) -> None: ...

    def compare_at(self, a: Article, b: Article, place: tuple[int, int]) -> None:
        """The compare screen of a and b with the match (or left-out passage) holding `place` in a selected."""

    def collate(self, articles: list[Article], base: int = 0) -> None: ...

    def open_stories(self) -> None: ...

    def open_article(self, article_id: str) -> None: ...

    def open_note(self, note: Note) -> None: ...


def host(screen: Screen[Any]) -> Host:
    """The app `screen` runs in, as the Host it is."""
    return cast(Host, screen.app)


# Posted by the app to each of its screens: bubbling back up to the app would post it again, forever.
class NotesChanged(Message, bubble=False):
    """Someone else wrote, edited or deleted notes in the library (a colleague on a shared PostgreSQL
    library): the app posts it to each of its screens, and the screens showing notes read them again."""
