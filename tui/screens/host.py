"""What a screen may ask of the app, as a type: screens call `host(self)` instead of reaching for
attributes the App's type does not declare; and what the app tells its screens (NotesChanged)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar, cast

from textual.message import Message
from textual.screen import Screen

from ..store.common import LibraryError

if TYPE_CHECKING:
    from pathlib import Path

    # Types only: the notes store (and rapidfuzz) is imported when notes are first read, not at start.
    from ..engine.ingest.record import Article
    from ..store.config import Config
    from ..store.interface import Store
    from ..store.notes import Note


class Host(Protocol):
    library: Store
    config: Config
    last_export_folder: Path | None
    """Where the last export of this session went: the next one is offered there."""

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


class VerdictsChanged(Message, bubble=False):
    """Someone else gave, changed or took back a verdict in the library (a colleague on a shared
    PostgreSQL library): the screens showing verdicts (compare, collation) judge their pairs again."""


_P = ParamSpec("_P")
_R = TypeVar("_R")
_S = TypeVar("_S", bound=Screen[Any])


def says_library_errors(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R | None]:
    """A screen's key action or message handler that reads or writes the library: a LibraryError (a shared
    library's server restarted or gone, a damaged file) is said in a notice and the screen stays as it
    was. Unhandled, it ended the app, and with it a note being written: Textual stops a screen's messages
    at the first error a handler raises, and exits."""

    @functools.wraps(method)
    def guarded(screen: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R | None:
        try:
            return method(screen, *args, **kwargs)
        except LibraryError as error:
            screen.notify(str(error), title="The library", severity="error", timeout=10, markup=False)
            return None

    return guarded
