"""The modal note editor (ctrl+s saves, escape cancels) and the small yes/no modal it and the notes
screen ask with before throwing anything away."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..store.library import LibraryError
from ..store.notes import Note
from ..widgets.editable import editable_text
from ..widgets.key_order import BindingsAsSent


class ConfirmModal(ModalScreen[bool]):
    """Asks a yes/no question; dismisses with True for `y`, False for `n` or `escape`."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", key_display="n", id="confirm.no"),
    ]

    def __init__(self, question: Text) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, id="confirm-question")
            yield Static(Text.assemble(("y", "bold"), " yes   ", ("n", "bold"), " no"), id="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class NoteEditor(ModalScreen[Note | None]):
    """Edits a note's text. `save` stores it and returns the saved note, which the editor dismisses with;
    when saving fails the editor stays open, so nothing typed is lost."""

    BINDINGS = [
        # Not priority bindings: those run as the key arrives, before the characters still queued for
        # the text area, and a note typed fast and saved at once was saved cut short. The text area
        # binds neither key and runs them itself, in order (_NoteText).
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("escape", "cancel", "Cancel", key_display="esc", id="editor.cancel"),
    ]

    def __init__(self, heading: Text, save: Callable[[str], Note], text: str = "") -> None:
        super().__init__()
        self.heading = heading
        self._save = save
        # A note saved before pastes were made safe, or written into the database by another tool,
        # may hold escapes: the editor shows (and would save) their visible symbols instead.
        self.initial_text = editable_text(text)

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor"):
            yield Static(self.heading, id="note-heading")
            yield _NoteText(self.initial_text, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Static(Text.assemble(("ctrl+s", "bold"), " save   ", ("esc", "bold"), " cancel"), id="note-keys")

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#note-text", TextArea)

    def on_mount(self) -> None:
        self.text_area.focus()
        self.text_area.move_cursor(self.text_area.document.end)

    def action_save(self) -> None:
        text = self.text_area.text
        if not text.strip():
            self.notify("Type the note first, or press esc to cancel.")
            return
        try:
            note = self._save(text)
        except LibraryError as error:
            # A read-only or full data folder: say so and keep the text, so the user can copy it away.
            self.notify(f"The note was not saved: {error}", title="Cannot save", severity="error", markup=False)
            return
        self.dismiss(note)

    def action_cancel(self) -> None:
        if self.text_area.text == self.initial_text:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            else:
                self.text_area.focus()

        self.app.push_screen(ConfirmModal(Text("Discard what you typed?")), answered)


class _NoteText(TextArea, BindingsAsSent):
    """The note's text: ctrl+s and escape run as the text area handles them, behind the letters typed
    before and ahead of those typed after, which go to the screen shown once the editor has closed or
    asks before discarding: never into the note."""
