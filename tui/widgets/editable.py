"""Text on its way into an editable widget (a note being written, a filter being typed).

Textual's TextArea and Input draw what they hold as it is, so an escape sequence in a paste or in a
stored note would reach the terminal (seen in tmux: OSC 52 wrote the clipboard, OSC 2 retitled the
pane). What goes into them has its control characters replaced by visible symbols first.
"""

from __future__ import annotations

from .passage_view import visible_text


def editable_text(text: str) -> str:
    """`text` with its line breaks and tabs kept and every other control character shown as a symbol
    ("\\x1b" becomes "␛"), so what is drawn and what is saved are the same harmless characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\t".join(visible_text(part) for part in text.split("\t"))
