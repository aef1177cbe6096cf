"""Moving the focus for a key that means "now type there" (`/` to filter, tab to the other pane)."""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Focus `widget` before the next key is handled. Widget.focus() waits for the app's queue to empty,
    so the keys a fast typist sent after `/` would still go to the table the focus was leaving."""
    widget.screen.set_focus(widget)
