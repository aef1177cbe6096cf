"""Taking an article out of the library from the app: asked first, a copy kept (store/removing.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.screen import Screen

from ..engine.ingest.record import Article
from ..engine.text.safe import terminal_excerpt, terminal_text
from ..store.common import LibraryError
from ..store.removing import remove_keeping_copy, removed_folder
from .host import host
from .note_editor import ConfirmModal


def ask_to_remove(screen: Screen[Any], article: Article, removed: Callable[[], None]) -> None:
    """Ask whether to take `article` out of the library; on yes, keep a copy in the data folder's
    `removed/`, take it out, call `removed()` and say how `add` brings it back. A copy that cannot be
    written, or a library that cannot be written, removes nothing and says so."""
    library = host(screen).library
    folder = removed_folder(host(screen).config.library_folder)
    question = Text.assemble(
        "Remove ",
        (f"“{terminal_excerpt(article.title, 50)}”", "bold"),
        " from the library? A copy is kept, which cyberread add brings back; its notes stay.",
    )

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            copy = remove_keeping_copy(library, article, folder)
        except OSError as error:
            said = f"{folder}: cannot keep a copy ({error.strerror or error}); nothing removed"
            screen.notify(said, severity="error", markup=False)
            return
        except LibraryError as error:
            screen.notify(str(error), title="The library", severity="error", markup=False)
            return
        removed()
        screen.notify(f"Removed. `cyberread add {terminal_text(str(copy))}` brings it back.", markup=False)

    screen.app.push_screen(ConfirmModal(question), answered)
