"""A table of rows (notes, feeds, talking points) as the app's lists behave: each key's binding runs as the
table handles it, in the order typed (key_order.BindingsAsSent), j and k move as the arrows do, and home
and end (g and G) go to the first and last row, as in the library's list, where a DataTable's own go to
its first and last column."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from .key_order import BindingsAsSent


class RowTable(DataTable[Text], BindingsAsSent):
    """A DataTable of rows, every key in the order typed, j/k down and up, home/g and end/G to the first
    and last row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("home,g", "scroll_top", "First", show=False),
        Binding("end,G", "scroll_bottom", "Last", show=False),
    ]
