"""Moving the focus for a key that means "now act there" on a screen whose keys all run at the app, against
the focus as each is handled (tab to the other pane of the compare screen). Where the keys run in the
widget they were sent to, or are typed into a field, hand them over with key_order.hand_keys_to."""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Focus `widget` before the next key is handled. Widget.focus() waits for the app's queue to empty,
    so the keys a fast typist sent after tab would still act on the pane the focus was leaving."""
    widget.screen.set_focus(widget)
