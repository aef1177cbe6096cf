"""The config reaching the app: its theme, its rebound keys and its matching thresholds."""

from __future__ import annotations

import dataclasses

import pytest
from textual.theme import BUILTIN_THEMES

from cyberread.app import CyberreadApp, binding_catalogue
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.articles import load_article
from cyberread.screens.compare import CompareScreen, Selection
from cyberread.screens.library import LibraryScreen
from cyberread.screens.notes import NotesScreen
from cyberread.store.config import Config
from tests.app.test_compare import wait_for_comparison
from tests.conftest import seed_path


def johannesburg_app(library, config: Config) -> CyberreadApp:
    return CyberreadApp(
        library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))), config=config
    )


def test_every_action_a_user_can_rebind_has_an_id_and_a_description() -> None:
    catalogue = binding_catalogue()
    for binding_id in ("app.notes", "library.compare_marked", "compare.next_match", "reader.annotate", "notes.delete"):
        assert binding_id in catalogue
    assert all(description for _, description in catalogue.values())


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_theme_comes_from_the_config(library, theme: str) -> None:
    app = johannesburg_app(library, Config(theme=theme))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await wait_for_comparison(pilot, screen)
        await pilot.press("n")
        assert app.theme == theme
        assert app.current_theme.dark is BUILTIN_THEMES[theme].dark
        # The selected pair is drawn in a style that can be read on this theme's background.
        view = screen.view("a")
        assert view.highlights and view.selected_key is not None


async def test_a_rebound_key_replaces_the_default(library) -> None:
    app = CyberreadApp(library, config=Config(keys={"app.notes": "f2", "library.compare_marked": "C"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, LibraryScreen), "ctrl+n was rebound to f2 and should do nothing"
        await pilot.press("f2")
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("escape")
        # `c` no longer compares: `C` does (and says two accounts must be marked first).
        await pilot.press("c")
        assert not app._notifications
        await pilot.press("C")
        await pilot.pause()
        assert any("mark" in str(n.message).lower() for n in app._notifications)


async def test_a_rebound_compare_key_walks_matches(library) -> None:
    app = johannesburg_app(library, Config(keys={"compare.next_match": "f"}))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for_comparison(pilot, screen)
        await pilot.press("f")
        assert screen.selection == Selection("match", 0)


async def test_matching_thresholds_from_the_config_reach_the_compare_screen(library) -> None:
    strict = dataclasses.replace(MatchSettings(), min_score=0.6)
    found = {}
    for name, settings in (("default", MatchSettings()), ("strict", strict)):
        app = johannesburg_app(library, Config(match=settings))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_comparison(pilot, app.screen)
            found[name] = app.screen.comparison
    assert len(found["strict"].matches) < len(found["default"].matches)
    assert all(match.score >= 0.6 for match in found["strict"].matches)


def test_compare_snapshot_light_theme(snap_compare, library) -> None:
    app = johannesburg_app(library, Config(theme="textual-light"))

    async def settle(pilot) -> None:
        await wait_for_comparison(pilot, pilot.app.screen)
        await pilot.press("n", "n", "o")

    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)
