"""Reading what a process under test wrote to a pseudo-terminal (`pty.openpty()`)."""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable


def read_terminal(terminal: int, until: Callable[[bytes], bool] = lambda _: False, seconds: float = 60.0) -> bytes:
    """What was written to `terminal`, until `until` says enough, the process closes its end or
    `seconds` pass."""
    seen = b""
    deadline = time.monotonic() + seconds
    while not until(seen) and time.monotonic() < deadline:
        if not select.select([terminal], [], [], 0.1)[0]:
            continue
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        seen += chunk
    return seen
