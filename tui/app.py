"""The cyberread App: screens, global keys, and a command palette that offers every key's action."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from cyberread.engine.articles import Article
from cyberread.resources import styles_dir
from cyberread.screens.library import LibraryScreen
from cyberread.screens.reader import ReaderScreen
from cyberread.store.library import Library


class CyberreadApp(App[None]):
    """Read a library of news accounts and compare them side by side."""

    TITLE = "cyberread"
    CSS_PATH = [styles_dir() / name for name in ("app.tcss", "library.tcss", "reader.tcss", "compare.tcss")]
    BINDINGS = [
        Binding("question_mark", "toggle_keys", "Keys", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, library: Library, compare: tuple[Article, Article] | None = None) -> None:
        super().__init__()
        self.library = library
        self._compare_on_start = compare

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.library))
        if self._compare_on_start is not None:
            self.compare(*self._compare_on_start)

    def compare(self, a: Article, b: Article) -> None:
        """Open the compare screen for accounts a and b."""
        from cyberread.screens.compare import CompareScreen

        self.push_screen(CompareScreen(a, b))

    def open_article(self, article_id: str) -> None:
        article = self.library.get(article_id)
        if article is None:
            self.notify("That article is no longer in the library.", severity="error")
            return
        self.push_screen(ReaderScreen(article))

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then one for every key the screen offers, so the palette can do
        whatever the keys can."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            key = binding.key_display or active.node.app.get_key_display(binding)
            yield SystemCommand(
                binding.description, f"{binding.tooltip or binding.description} ({key})",
                partial(active.node.run_action, binding.action),
            )
