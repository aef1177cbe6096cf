"""The list of what failed in an import or a feeds update, each with its reason: the status line has
room for the first only."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..engine.text.plural import counted


class FailuresModal(ModalScreen[None]):
    """Each failure on a line of its own ("address: reason", made terminal-safe by its maker), in a list
    that scrolls; escape or q closes it."""

    BINDINGS = [Binding("escape,q,f", "close", "Close", key_display="esc", id="failures.close")]

    def __init__(self, failures: list[str]) -> None:
        super().__init__()
        self.failures = failures

    def compose(self) -> ComposeResult:
        with Vertical(id="failures"):
            yield Static(Text(f"{counted(len(self.failures), 'failure')} in the last work", style="bold"))
            with VerticalScroll(id="failures-list"):
                for failure in self.failures:
                    yield Static(Text(failure), classes="failure")
            yield Static(Text.assemble(("esc", "bold"), " close"), id="failures-keys")

    def action_close(self) -> None:
        self.dismiss(None)
