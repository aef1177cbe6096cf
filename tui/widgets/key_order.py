"""Keys handled in the order they were typed, however fast: bindings read against the widget a key was
sent to, and the keys handed from one widget to another without one landing in the wrong widget.

Textual sends each key, as the app reads it, to the widget focused at that moment; the widget handles it
later, from its own queue, and a key it does not take goes on up through its ancestors to the app, where
the bindings run, against whichever widget has the focus by then. In a burst (a fast typist, a terminal
multiplexer sending a string) the app reads every key before the first is handled, so a key that moves
the focus (enter leaving a field, `/` entering it) moves it too late for the keys behind it, and a key
sent to one widget can have its binding read against the next.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress

from textual import events
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget

HOLD_AT_MOST = 5.0
"""Seconds a widget handed the keys waits, at most, for the keys sent before to the widget that had them.
A burst is handled in milliseconds; this only bounds the wait should the screen close meanwhile."""


class BindingsAsSent(Widget):
    """A widget that runs the bindings of each key it is sent (its own, its screen's, the app's) as it
    handles the key, in the order the keys came, and lets none go on to the app: there, a binding would be
    read against the widget focused when the key arrives, by which time a burst may have moved on.

    A mixin: put it after the widget's own class (`class Field(Input, BindingsAsSent)`), since Textual
    takes a widget's CSS type from its first base."""

    async def _on_message(self, message: Message) -> None:
        # Ahead of every key handler (an Input's or a TextArea's own would type the letter): a key sent
        # before a key that opened a screen over this one, or closed it, was typed for the screen shown
        # now, and goes to it as if just typed.
        if isinstance(message, events.Key) and not (self.is_attached and self.screen is self.app.screen):
            message.stop()
            message.prevent_default()
            send_to_screen_shown(self, message)
            return
        await super()._on_message(message)

    async def _on_key(self, event: events.Key) -> None:
        if self.check_consume_key(event.key, event.character):
            return  # typed into the widget itself (an Input's letters)
        for namespace, bindings in _bindings_from(self):
            for binding in bindings.key_to_bindings.get(event.key, ()):
                # A priority binding had its turn as the key was read.
                if not binding.priority and await self.app.run_action(binding.action, namespace):
                    event.prevent_default()
                    event.stop()
                    return
        event.stop()

    def action_hand_keys(self, to: str, then: str = "") -> None:
        """Give the keys typed from now on to the widget `to` selects in this screen; `then`, an action
        run from this widget (`screen.back`), runs in turn: after the keys typed before, before the rest."""
        action = (lambda: self.run_action(then)) if then else None
        hand_keys_to(self.screen.query_one(to), then=action)


def send_to_screen_shown(node: DOMNode, key: events.Key) -> None:
    """Send `key` again, as typed, to the screen shown now. It goes from behind whatever that screen has
    queued: a screen just opened focuses its field as it mounts, and a key the app forwarded to it before
    then would find nothing focused and be lost."""
    app = node.app
    send_again = getattr(app, "send_key_again", None)
    if callable(send_again):
        send_again(key)  # the app's, which keeps the keys typed meanwhile behind it
        return
    again = events.Key(key.key, key.character)
    if not app.screen.call_later(app.post_message, again):
        app.post_message(again)


class KeysBackFromAnotherScreen:
    """For the app: which screen each key was forwarded to, so that a key coming back up unhandled from a
    screen covered or closed since (an account's `a` opened the note editor, and the letters typed after
    it were sent to the account's pane) goes to the screen shown now, where a key a screen handles at the
    app (the compare screen's) would otherwise be read against the wrong screen's bindings and dropped."""

    REMEMBERED = 1024
    """Keys in flight remembered; a burst is far shorter, and a key handled where it was sent never comes back."""

    def __init__(self) -> None:
        self._screens: OrderedDict[int, int] = OrderedDict()

    def forwarded(self, key: events.Key, screen: DOMNode) -> None:
        self._screens[id(key)] = id(screen)
        self._screens.move_to_end(id(key))
        if len(self._screens) > self.REMEMBERED:
            self._screens.popitem(last=False)

    def came_back(self, key: events.Key, screen: DOMNode) -> bool:
        """Whether `key`, back at the app, was forwarded to a screen other than `screen` (the one shown)."""
        sent_to = self._screens.pop(id(key), None)
        return sent_to is not None and sent_to != id(screen)


def _bindings_from(widget: Widget) -> Iterator[tuple[DOMNode, BindingsMap]]:
    """The bindings a key sent to `widget` answers to, nearest first, with the user's keymap applied: as
    Textual's Screen._binding_chain reads them for the focused widget (its `_bindings` and `_keymap`
    are private; textual is pinned exactly)."""
    keymap = widget.app._keymap
    for node in widget.ancestors_with_self:
        bindings = node._bindings
        if keymap:  # applied to a copy: the node's own map stays as declared
            bindings = bindings.copy()
            bindings.apply_keymap(keymap)
        yield node, bindings
        if node.is_modal:
            return


def hand_keys_to(widget: Widget, then: Callable[[], object] | None = None) -> None:
    """Give `widget` the keys from the next one the app reads, and have it handle them only once every key
    sent to the widget that had them has been handled. Called as the key that asks for it is read (from a
    priority binding), so the keys typed after it go to `widget`, and after the keys typed before it.
    `then` runs between the two: what the key does, in its turn (clear the field, open what was chosen)."""
    screen = widget.screen
    caught_up = asyncio.Event()
    after_keys_sent_to(screen.focused or screen, caught_up.set)
    screen.set_focus(widget)
    widget.call_later(_hold, caught_up)
    if then is not None:
        widget.call_later(then)


def after_keys_sent_to(node: DOMNode, then: Callable[[], object]) -> None:
    """Call `then` once every key sent to `node` so far has been handled: by the node, by each of its
    ancestors in turn, and by the app, the way a key goes."""
    _relay([node, *node.ancestors], then)


def _relay(path: Sequence[DOMNode], then: Callable[[], object]) -> None:
    # Each node handles its queue in order: a callback queued behind the keys runs after them, and queues
    # the next behind whatever of them they passed on.
    if not path or not path[0].call_later(_relay, path[1:], then):
        then()


async def _hold(caught_up: asyncio.Event) -> None:
    with suppress(TimeoutError):
        await asyncio.wait_for(caught_up.wait(), HOLD_AT_MOST)
