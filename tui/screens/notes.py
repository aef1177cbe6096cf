"""The notes screen: every note, filtered as you type; open, edit, delete, and the trash. How the reader
and the compare screen mark noted passages and open the note editor is note_marks.py's."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.widgets.data_table import ColumnKey

from ..engine.text.plural import counted
from ..engine.text.safe import in_quotes, terminal_excerpt
from ..store.interface import Store
from ..store.library import LibraryError
from ..store.note_export import local_time
from ..store.notes import Note, NoteError, NoteStore
from ..widgets.filter_field import FilterField
from ..widgets.key_order import hand_keys_to
from ..widgets.row_table import RowTable
from .host import NotesChanged, host, says_library_errors
from .note_marks import editor_heading, open_note_editor, written_by

_COLUMNS = (("articles", "Article"), ("passage", "Passage"), ("when", "When"), ("note", "Note"))


class NotesScreen(Screen[None]):
    """Every note in the library. Typing filters (the filter has the focus), `enter` opens the note's
    place, `down` or `tab` moves to the table, where `e` edits, `delete` puts the note in the trash and `u`
    brings the last one deleted back. `t` shows the trash instead, the notes deleted in this session or any
    earlier one, by anyone sharing the library: there `enter` or `u` brings the note under the cursor back."""

    AUTO_FOCUS = "#notes-filter"
    """Typing filters: no key typed on arrival acts on a note."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", key_display="esc", id="notes.back"),
        # Not a priority binding: it would run ahead of keys still queued for the table.
        Binding("enter", "open", "Open", id="notes.open"),
        Binding("e", "edit", "Edit", id="notes.edit"),
        Binding("delete", "delete", "Delete", key_display="del", id="notes.delete"),
        Binding("u", "undo_delete", "Undo delete", id="notes.undo"),
        # The same key in the trash, where it brings back the note under the cursor.
        Binding("u", "restore", "Restore", id="notes.restore"),
        Binding(
            "t", "trash", "Trash", tooltip="The deleted notes, to bring back: t again for the notes.", id="notes.trash"
        ),
        # The same key in the trash, where it goes back to the notes (the footer says so).
        Binding("t", "leave_trash", "Notes", tooltip="Back to the notes.", id="notes.leave_trash"),
        # Priority keys: the app acts on them as it reads them, so the keys typed after go where they lead.
        Binding("down", "to_table", "To the list", show=False, priority=True, id="notes.to_table"),
        Binding("slash", "filter", "Filter", key_display="/", priority=True, id="notes.filter"),
        # A shared (PostgreSQL) library: colleagues' notes written since the list was read.
        Binding("r", "reload", "Refresh", show=False, id="notes.refresh"),
        Binding("j", "cursor('down')", "Down", show=False, id="notes.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="notes.up"),
    ]

    search_text: reactive[str] = reactive("")
    """The filter: only notes whose text or passages hold it; empty shows every note."""

    def __init__(self, library: Store, deleted: list[Note] | None = None) -> None:
        super().__init__()
        self.library = library
        self.store = NoteStore(library)
        self.shown: list[Note] = []
        self._titles: dict[str, str] = {}
        self._deleted: list[Note] = [] if deleted is None else deleted
        """Notes deleted, newest last: `u` brings them back. The app passes the same list to every notes
        screen it opens, so a note deleted by mistake can be brought back after leaving the screen."""
        self.in_trash = False
        """Whether the list shows the trash (`t`) rather than the notes."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="notes-bar"):
            yield Static("Notes", id="notes-name")
            yield Static("", id="notes-status")
        yield _NotesFilter("#notes-table", placeholder="Filter notes and their passages…", id="notes-filter")
        yield _NotesTable(id="notes-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in _COLUMNS:
            table.add_column(label, key=key, width=16)
        self._fit_columns()
        self.reload()
        # Watched rather than told by a message: the notes are filtered as each key is typed into the
        # field, before the keys typed after it are handled (a delete deletes a note of the filtered list).
        self.watch(self.query_one(FilterField), "value", self._filter_changed, init=False)

    def on_screen_resume(self) -> None:
        # Back from a reader or compare screen where notes may have been written or edited.
        if self.is_mounted:
            self.reload()

    def on_resize(self) -> None:
        self._fit_columns()
        self.reload()  # the pair titles are cut to the new column width

    def _fit_columns(self) -> None:
        table = self.query_one(DataTable)
        rest = max(36, self.size.width - 16 - 2 * len(_COLUMNS) - 3)
        widths = {"articles": rest * 3 // 10, "passage": rest * 35 // 100, "when": 16}
        widths["note"] = rest - widths["articles"] - widths["passage"]
        for key, width in widths.items():
            column = table.columns.get(ColumnKey(key))
            if column is not None:
                column.width = width
                column.auto_width = False
        # DataTable re-measures its columns only when told its dimensions changed.
        table._require_update_dimensions = True
        table.refresh()

    # Listing

    @says_library_errors
    def action_reload(self) -> None:
        self._titles.clear()  # an article removed or added back by another process says so again
        self.reload()

    @on(NotesChanged)
    @says_library_errors
    def _notes_changed(self) -> None:
        self.reload()

    @says_library_errors
    def reload(self) -> None:
        table = self.query_one(DataTable)
        current = self.selected
        self.shown = (self.store.trash if self.in_trash else self.store.all)(self.search_text or None)
        self.query_one("#notes-name", Static).update("Trash" if self.in_trash else "Notes")
        table.columns[ColumnKey("when")].label = Text("Deleted" if self.in_trash else "When")
        table.clear()
        for note in self.shown:
            table.add_row(*self._cells(note), key=str(note.id))
        if current is not None:
            for index, note in enumerate(self.shown):
                if note.id == current.id:
                    table.move_cursor(row=index, animate=False)
                    break
        self._show_status()

    def _title(self, article_id: str) -> str:
        if article_id not in self._titles:
            article = self.library.get(article_id)
            self._titles[article_id] = article.title if article else f"(article {article_id}, removed)"
        return self._titles[article_id]

    def _cells(self, note: Note) -> tuple[Text, Text, Text, Text]:
        titles = terminal_excerpt(self._title(note.article_id))
        if note.partner is not None:
            # Each title gets half the column, so both accounts of a pair stay in view.
            half = max(8, (self.query_one(DataTable).columns[ColumnKey("articles")].width - 3) // 2)
            titles = (
                f"{terminal_excerpt(titles, half)} ↔ {terminal_excerpt(self._title(note.partner.article_id), half)}"
            )
        passage = Text(no_wrap=True, overflow="ellipsis")
        if note.detached:
            passage.append("⚠ detached · ", style="bold")
        sides = [p for p in (note.passage, note.partner) if p is not None]
        if sides:
            passage.append(" ↔ ".join(in_quotes(terminal_excerpt(p.text, 120)) for p in sides), style="italic")
        else:
            passage.append("(the whole article)", style="dim")
        note_text = Text(no_wrap=True, overflow="ellipsis")
        if note.deleted_by and note.deleted_by != self.store.author:  # a colleague put it in the trash
            note_text.append(f"deleted by {terminal_excerpt(note.deleted_by, 40)} · ", style="dim italic")
        note_text.append(written_by(note, self.store.author), style="italic")
        note_text.append(terminal_excerpt(note.text))
        return (
            Text(titles, no_wrap=True, overflow="ellipsis"),
            passage,
            Text(local_time(note.deleted or note.updated), no_wrap=True),
            note_text,
        )

    @says_library_errors
    def _show_status(self) -> None:
        # The keys named are those of where the typing goes: in the filter (where the screen opens) letters
        # filter; in the list they are commands, where "type to filter" sent "tribune" to the trash and
        # back, and "↓ list" moved the cursor to the second note, which del then deleted.
        in_list = self.focused is self.query_one(DataTable)
        if self.in_trash:
            total = self.store.trash_size() if self.search_text else len(self.shown)
            empty, one, many = "The trash is empty · esc: the notes", "deleted note", "deleted notes"
            everything = (
                "enter or u brings one back · t: the notes · / filter"
                if in_list
                else "the last deleted first · type to filter · ↓ list · esc: the notes"
            )
        else:
            total = len(self.store)
            empty, one, many = (
                "No notes yet: select a passage in the reader or the compare screen and press a.",
                "note",
                "notes",
            )
            everything = (
                "enter opens · e edits · del deletes · u undoes · t trash · / filter"
                if in_list
                else "type to filter · enter opens · ↓ list: e edits · del deletes · u undoes"
            )
            if not total and (deleted := self.store.trash_size()):
                empty = f"No notes · {counted(deleted, 'deleted note')} in the trash: ↓ then t shows it"
        if not total:
            status = empty
        elif self.search_text:
            status = f"{len(self.shown):,} of {counted(total, one, many)}"
        else:
            status = f"{counted(total, one, many)} · {everything}"
        self.query_one("#notes-status", Static).update(Text(status, no_wrap=True, overflow="ellipsis"))

    @property
    def selected(self) -> Note | None:
        table = self.query_one(DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    # Filtering

    def _filter_changed(self, value: str) -> None:
        self.query_one(FilterField).set_class(bool(value), "-active")
        self.search_text = value.strip()

    def watch_search_text(self) -> None:
        if self.is_mounted:
            self.reload()

    def action_filter(self) -> None:
        field = self.query_one(FilterField)
        if self.focused is field:
            raise SkipAction()  # a / typed into the filter is part of the search: the field takes it in turn
        hand_keys_to(field)

    def action_back(self) -> None:
        """Clear the filter first, then leave the trash, then leave the screen."""
        field = self.query_one(FilterField)
        if field.value:
            field.clear()
        elif self.in_trash:
            self.action_trash()
        else:
            self.app.pop_screen()

    def action_trash(self) -> None:
        """Show the trash instead of the notes, or the notes again (the list keeps the focus: t again goes
        back, and the status line names the keys of the list, / for the filter)."""
        self.in_trash = not self.in_trash
        self.query_one(DataTable).move_cursor(row=0, animate=False)
        self.reload()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self._show_status()

    def action_leave_trash(self) -> None:
        """Show the notes again (`t` in the trash)."""
        self.action_trash()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A note in the trash is brought back (`enter` or `u`) before it is edited or deleted; `u` undoes
        the last deletion outside the trash, and restores the note under the cursor in it; `t` opens the
        trash, and in it goes back to the notes."""
        if self.in_trash:
            return action not in ("edit", "delete", "undo_delete", "trash")
        return action not in ("restore", "leave_trash")

    # Actions

    def action_cursor(self, direction: str) -> None:
        table = self.query_one(DataTable)
        table.action_cursor_down() if direction == "down" else table.action_cursor_up()

    def action_to_table(self) -> None:
        if self.focused is not self.query_one(FilterField):
            raise SkipAction()  # the table's own down moves its cursor, in turn
        hand_keys_to(self.query_one(DataTable))

    @says_library_errors
    def action_open(self) -> None:
        if (note := self.selected) is None:
            return
        if self.in_trash:
            self._restore(note)
        else:
            host(self).open_note(note)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    @says_library_errors
    def action_edit(self) -> None:
        note = self.selected
        if note is None:
            return
        passage = note.passage.text if note.passage else None
        what = f"Note on {terminal_excerpt(self._title(note.article_id), 60)}"
        open_note_editor(self, editor_heading(what, passage), note, None, lambda _: self.reload())

    @says_library_errors
    def action_delete(self) -> None:
        """Put the note under the cursor in the trash; `u` brings it back as it was for the rest of the
        session, the trash (`t`) or `cyberread notes --restore` in any later one. Delete typed in the
        filter is the field's own key (it deletes a letter) and never comes here."""
        note = self.selected
        if note is None:
            return
        try:
            self.store.delete(note.id)
        except LibraryError as error:
            self.notify(f"The note was not deleted: {error}", title="Cannot delete", severity="error", markup=False)
            return
        self._deleted.append(note)
        self.reload()
        self.notify("Note deleted. u brings it back.", title="Deleted")

    @says_library_errors
    def action_restore(self) -> None:
        """Bring back the note under the cursor in the trash."""
        if (note := self.selected) is not None:
            self._restore(note)

    @says_library_errors
    def action_undo_delete(self) -> None:
        """Bring back the last note deleted in this session."""
        if not self._deleted:
            self.notify("Nothing deleted to bring back.")
            return
        self._restore(self._deleted[-1])

    def _restore(self, note: Note) -> None:
        """Bring `note` back from the trash, as it was."""
        try:
            self.store.restore(note.id)
        except NoteError as error:  # not in the trash now: a colleague brought it back, or emptied the trash
            self._forget_deleted(note)
            self.reload()
            self.notify(f"The note was not restored: {error}", title="Cannot restore", severity="error", markup=False)
            return
        except LibraryError as error:  # the library cannot be written now: it may be tried again
            self.notify(f"The note was not restored: {error}", title="Cannot restore", severity="error", markup=False)
            return
        self._forget_deleted(note)
        self.reload()
        self.notify("Note restored.")

    def _forget_deleted(self, note: Note) -> None:
        """`note` is not to be brought back by `u` again (restored, or no longer in the trash)."""
        self._deleted[:] = [deleted for deleted in self._deleted if deleted.id != note.id]


class _NotesFilter(FilterField):
    """The notes filter: enter opens the note under the list's cursor (the keys typed after it go to the
    screen it opens), down and tab go to the list; escape, in its turn, is the screen's (clear, then back)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "leave('screen.open')", "Open", show=False, priority=True),
        Binding("tab", "leave", "To the list", show=False, priority=True),
        Binding("escape", "screen.back", "Clear / back", show=False),
    ]


class _NotesTable(RowTable):
    """The notes list: each key's binding runs as the table handles it, in the order typed; the keys that
    go back to the filter give it the keys as they are read."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+tab", "hand_keys('#notes-filter')", "Filter", show=False, priority=True),
        Binding("escape", "hand_keys('#notes-filter', 'screen.back')", "Back", show=False, priority=True),
    ]
