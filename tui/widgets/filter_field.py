"""A field to type into as fast as one likes (a filter, an address): the keys that leave it give the keys
back as they are read, and what they do runs in its turn."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from .key_order import BindingsAsSent


class FilterField(Input, BindingsAsSent):
    """An Input whose enter (done) and escape (clear) hand the keys to the widget `leave_to` names as the
    app reads them, so the keys typed right after go there and not into the field; each of its other keys,
    letters and editing keys alike, is handled in the order typed.

    A screen whose field leaves on other keys, or does more on leaving, gives a subclass its own BINDINGS
    to `leave('action')`: the action (the field's, or `screen.…`) runs after the keys typed before."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "leave", "Done", show=False, priority=True),
        Binding("escape", "leave('clear')", "Clear", show=False, priority=True),
    ]

    def __init__(self, leave_to: str, *, value: str = "", placeholder: str = "", id: str | None = None) -> None:
        super().__init__(value, placeholder=placeholder, id=id)
        self.leave_to = leave_to
        """A selector, in the field's screen, of the widget that takes the keys after enter or escape."""

    def action_leave(self, then: str = "") -> None:
        self.action_hand_keys(self.leave_to, then)

    def action_clear(self) -> None:
        self.clear()


class ListFilterField(FilterField):
    """A filter over a list, which down also leaves for the list, its first row under the cursor: a typist
    who filters, goes down to the row and presses enter opens it (enter in the field only leaves it). Not
    the jump list's field, whose down moves in its list while the typing stays in the field."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("down", "leave", "To the list", show=False, priority=True)]
