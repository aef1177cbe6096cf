"""A footer that shows its keys in the first frame and is built again only when they change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """The footer, with its keys in the first frame and built again only when they change. Textual's
    footer starts empty and builds its keys (ten widgets here) after the screen's bindings are announced,
    then again each time they are (the focus, the screen stack): every time the screen is laid out and
    drawn anew, twice before the keys first show."""

    def __init__(self) -> None:
        super().__init__()
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        self._shown = _shown_bindings(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if _shown_bindings(screen) != self._shown:
            super().bindings_changed(screen)


def _shown_bindings(screen: Screen[Any]) -> tuple[object, ...]:
    """What the footer shows of a screen's bindings."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )
