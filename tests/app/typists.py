"""Three ways to type a string of keys, for the tests that a burst does what the same keys typed slowly do.

`pilot.press` waits for the app to go idle after each key, so it types with pauses: a burst typed with
it passed on the code that lost keys. The terminal driver posts the keys of one read back to back, before
the app has handled the first; `at_once` does the same."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

KEYS = {
    "⏎": ("enter", "\r"),
    "⎋": ("escape", "\x1b"),
    "␣": ("space", " "),
    "⌫": ("backspace", "\x7f"),
    "⌦": ("delete", None),
    "⇥": ("tab", "\t"),
    "↓": ("down", None),
    "⌃": ("ctrl+s", None),  # the editor's save
    "!": ("exclamation_mark", "!"),
    "/": ("slash", "/"),
    ":": ("colon", ":"),
    ".": ("full_stop", "."),
}
"""The symbols the tests type for keys that are not letters, and the key and character a terminal gives."""


def keys_of(typed: str) -> list[events.Key]:
    return [events.Key(*KEYS.get(symbol, (symbol, symbol))) for symbol in typed]


async def at_once(pilot: Pilot[None], typed: str) -> None:
    for key in keys_of(typed):
        pilot.app.post_message(key)


async def a_turn_apart(pilot: Pilot[None], typed: str) -> None:
    for key in keys_of(typed):
        pilot.app.post_message(key)
        await asyncio.sleep(0)


async def with_pauses(pilot: Pilot[None], typed: str) -> None:
    await pilot.press(*(KEYS.get(symbol, (symbol,))[0] for symbol in typed))


Typing = Callable[[Pilot[None], str], Awaitable[None]]

TYPISTS = [at_once, a_turn_apart, with_pauses]


S = TypeVar("S", bound=Screen[Any])


async def opened_with(pilot: Pilot[None], key: str, kind: type[S]) -> S:
    """The screen `key` opens, pressed once the app is idle."""
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen
