"""A filter field to type into as fast as one likes: enter and escape give the keys back as they are read."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from .key_order import BindingsAsSent, hand_keys_to


class FilterField(Input, BindingsAsSent):
    """An Input whose enter (done) and escape (clear) hand the keys to the widget `leave_to` names as the
    app reads them, so the keys typed right after go there and not into the field; each of its other keys,
    letters and editing keys alike, is handled in the order typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "leave", "Done", show=False, priority=True),
        Binding("escape", "leave(True)", "Clear", show=False, priority=True),
    ]

    def __init__(self, leave_to: str, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.leave_to = leave_to
        """A selector, in the field's screen, of the widget that takes the keys after enter or escape."""

    def action_leave(self, clear: bool = False) -> None:
        if clear:
            self.call_later(self.clear)  # after the letters typed before the escape
        hand_keys_to(self.screen.query_one(self.leave_to))
