"""The export dialog of the compare screen: a format and a file name (the user's documents folder by
default); it stays open when the file cannot be written, so the name can be fixed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import platformdirs
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import RadioButton, RadioSet, Static

from ..engine.ingest.articles import Article
from ..engine.render.report import EXPORT_FORMATS
from ..store.exporting import slug
from ..widgets.filter_field import FilterField
from ..widgets.key_order import BindingsAsSent, hand_keys_to
from ..widgets.passage_view import visible_text
from .host import host
from .note_editor import ConfirmModal

FIRST_FORMAT = "md"

Write = Callable[[str, Path, bool], None]
"""Writes the export in a format to a path, replacing a file there only when told; raises OSError."""


def default_export_path(a: Article, b: Article, format_name: str = FIRST_FORMAT, last: Path | None = None) -> Path:
    """`<folder>/<title a>-vs-<title b>.md`: `last`, the folder the session's last export went to, else
    the documents folder if the user has one, else home (a second export was offered home again)."""
    documents = Path(platformdirs.user_documents_dir())
    folder = documents if documents.is_dir() else Path.home()
    if last is not None and last.is_dir():
        folder = last
    name = f"{slug(a.title, 40) or 'a'}-vs-{slug(b.title, 40) or 'b'}"
    return folder / (name + EXPORT_FORMATS[format_name].suffix)


class ExportDialog(ModalScreen[Path | None]):
    """Choose a format and a file; dismisses with the path written, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
        # A priority key: the app acts on it as it reads it, so the name typed after tab goes to the field.
        Binding("tab,shift+tab", "switch_field", "Format / file name", show=False, priority=True),
    ]

    def __init__(
        self, default_path: Path, write: Write, what: str = "the comparison", labels: dict[str, str] | None = None
    ) -> None:
        """`what` is exported (the dialog's title says it); `labels` name formats otherwise than a
        comparison's export does (a collation's HTML is its presence matrix, not two accounts side by side)."""
        super().__init__()
        self.default_path = default_path
        self._write = write
        self.what = what
        self.labels = {name: export_format.label for name, export_format in EXPORT_FORMATS.items()} | (labels or {})

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text(f"Export {self.what}", style="bold"), id="export-title")
            with _Formats(id="export-format"):
                for name in EXPORT_FORMATS:
                    yield RadioButton(self.labels[name], value=name == FIRST_FORMAT, name=name)
            yield Static(Text("File:"), id="export-file-label")
            yield _FileName("#export-format", value=str(self.default_path), id="export-path")
            yield Static(
                Text.assemble(
                    ("↑↓ enter", "bold"),
                    " format   ",
                    ("tab", "bold"),
                    " file name   ",
                    ("enter", "bold"),
                    " in the name exports   ",
                    ("esc", "bold"),
                    " cancel",
                ),
                id="export-keys",
            )

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @property
    def format_name(self) -> str:
        return self.query_one(_Formats).chosen

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        """A format chosen by a click: the same as by enter (`_Formats`)."""
        if event.pressed.name:
            self.query_one(_Formats).chosen = event.pressed.name
            self.give_suffix()

    def give_suffix(self) -> None:
        """Give the file name the chosen format's suffix, if it has one of the formats' suffixes."""
        field = self.query_one(_FileName)
        path = Path(field.value.strip())
        if field.value.strip() and path.suffix.lower() in {f.suffix for f in EXPORT_FORMATS.values()}:
            field.value = str(path.with_suffix(EXPORT_FORMATS[self.format_name].suffix))

    def action_switch_field(self) -> None:
        field = self.query_one(_FileName)
        hand_keys_to(self.query_one(RadioSet) if self.focused is field else field)

    def target(self) -> Path | None:
        """The file the name names: `~` expanded, a bare name put in the default folder."""
        typed = self.query_one(_FileName).value.strip()
        if not typed:
            return None
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self.default_path.parent / path

    def action_export(self) -> None:
        path = self.target()
        if path is None:
            self.notify("Type a file name to export to.")
            return
        if path.is_dir():
            self._fail(path, "that is a folder; add a file name")
            return
        wanted = EXPORT_FORMATS[self.format_name]
        suffix = path.suffix.lower()
        if not suffix:
            path = path.with_name(path.name + wanted.suffix)  # "report" is report.html for HTML
        elif suffix != wanted.suffix and suffix in {f.suffix for f in EXPORT_FORMATS.values()}:
            # A name of another format's kind would open in the wrong program: say so, write nothing.
            self._fail(
                path, f"the name ends {suffix}, the format is {self.labels[self.format_name]}: change one of them"
            )
            return
        if not path.parent.is_dir():
            self._fail(path, f"there is no folder {path.parent}")
            return
        if not path.exists():
            self._write_to(path, overwrite=False)
            return
        question = Text("Replace ")
        question.append(visible_text(str(path)), style="bold")
        question.append("?")
        self.app.push_screen(ConfirmModal(question), lambda yes: self._write_to(path, overwrite=True) if yes else None)

    def _write_to(self, path: Path, overwrite: bool) -> None:
        try:
            self._write(self.format_name, path, overwrite)
        except FileExistsError:
            self._fail(path, "a file of that name appeared meanwhile")
        except OSError as error:
            self._fail(path, (error.strerror or str(error)).lower())
        else:
            host(self).last_export_folder = path.parent
            self.dismiss(path)

    def _fail(self, path: Path, reason: str) -> None:
        self.notify(f"{visible_text(str(path))}: {reason}", title="Not exported", severity="error", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)


class _Formats(RadioSet, BindingsAsSent):
    """The formats. Its keys run as it handles them (BindingsAsSent): in a burst, `down down down enter
    tab enter` had the arrows and the enter run against the file name, focused by then, and the
    Markdown file was written. The format chosen is known as enter is pressed, not once the set's
    messages have gone round to the dialog."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.chosen = FIRST_FORMAT

    def action_toggle_button(self) -> None:
        super().action_toggle_button()
        if self._selected is not None and (name := self._nodes[self._selected].name):
            self.chosen = name
            dialog = self.screen
            if isinstance(dialog, ExportDialog):
                dialog.give_suffix()


class _FileName(FilterField):
    """The file to write: enter exports in its turn, after the letters typed before; once the dialog has
    closed, the keys typed after go on to the compare screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.export", "Export", show=False),
        Binding("escape", "screen.cancel", "Cancel", show=False),
    ]
