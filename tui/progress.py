"""A progress bar for long commands (`add`, `feeds update`): on a terminal it is one line of stderr,
rewritten in place, with the total and an estimate of the time left; elsewhere (a log, a pipe) nothing,
and the command prints its one summary line as usual."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from .engine.text.safe import terminal_line

_REDRAW_SECONDS = 0.1


class ProgressBar:
    """`label [#####.....] done/total  percent  time left  item`, for a person watching stderr."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label = label
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self._drawn = 0.0

    def update(self, done: int, item: str = "") -> None:
        self.done = done
        now = time.monotonic()
        if not self.enabled or (now - self._drawn < _REDRAW_SECONDS and done < self.total):
            return
        self._drawn = now
        self.stream.write("\r" + self.line(now, item) + "\033[K")
        self.stream.flush()

    def line(self, now: float, item: str = "", width: int | None = None) -> str:
        """The bar as drawn at `now`: fits `width` columns (the terminal's by default)."""
        width = width or shutil.get_terminal_size((80, 24)).columns
        total = max(self.total, 1)
        share = min(self.done / total, 1.0)
        bar = "#" * round(share * 20) + "." * (20 - round(share * 20))
        elapsed = now - self.started
        if 0 < self.done < self.total:
            left = f"  about {_duration(elapsed / self.done * (self.total - self.done))} left"
        elif self.done >= self.total:
            left = f"  {_duration(elapsed)}"
        else:
            left = ""
        text = f"{self.label} [{bar}] {self.done}/{self.total} {share:4.0%}{left}"
        room = width - len(text) - 3
        if item and room > 10:
            shown = terminal_line(item)
            text += "  " + (shown if len(shown) <= room else shown[: room - 1] + "…")
        return text[: width - 1]

    def close(self) -> None:
        """Take the bar off the screen, leaving the line for the summary."""
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
