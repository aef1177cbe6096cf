"""Pilot tests of exporting from the compare screen: x, a format, a file name; a file that cannot be
written is reported and the dialog stays for another name."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from textual.widgets import Input

from cyberread.app import CyberreadApp
from cyberread.engine.ingest.articles import load_article
from cyberread.engine.text.safe import html_text
from cyberread.screens import compare as compare_module
from cyberread.screens import export_dialog
from cyberread.screens.compare import CompareScreen
from cyberread.screens.export_dialog import ExportDialog
from cyberread.screens.note_editor import ConfirmModal
from cyberread.store.library import Library
from cyberread.store.notes import NoteStore, Passage
from tests.app.test_compare import wait_for_comparison
from tests.app.test_key_order import burst
from tests.conftest import seed_path


@pytest.fixture
def documents(tmp_path: Path, monkeypatch) -> Path:
    """The user's documents folder, where a bare file name goes."""
    monkeypatch.setattr(export_dialog.platformdirs, "user_documents_dir", lambda: str(tmp_path))
    return tmp_path


@pytest.fixture
def app(library: Library) -> CyberreadApp:
    """The app opened on the Global Times (a) and Sputnik (b) accounts, as `cyberread compare --tui` does."""
    a, b = (library.get(load_article(seed_path(prefix)).id) for prefix in ("001", "004"))
    return CyberreadApp(library, compare=(a, b))


async def compare_screen(pilot) -> CompareScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for_comparison(pilot, screen)
    return screen


async def open_export(pilot) -> tuple[CompareScreen, ExportDialog]:
    screen = await compare_screen(pilot)
    await pilot.press("x")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return screen, dialog


async def type_file_name(pilot, dialog: ExportDialog, name: str) -> None:
    """Tab to the file name (focusing it selects the default, so typing replaces it), type, press enter."""
    await pilot.press("tab")
    assert dialog.query_one("#export-path", Input).has_focus
    await pilot.press(*name)
    assert dialog.query_one("#export-path", Input).value == name
    await pilot.press("enter")
    await pilot.pause()


def error_notifications(app: CyberreadApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_x_exports_html_with_both_accounts(app: CyberreadApp, documents: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen, dialog = await open_export(pilot)
        default = dialog.query_one("#export-path", Input).value
        assert default == str(
            documents / "networks-should-not-be-a-new-battlefield-vs-chinese-central-foreign-affairs-office.md"
        )
        await pilot.press("down", "enter")  # the second format: HTML
        assert dialog.query_one("#export-path", Input).value == default[: -len(".md")] + ".html"
        target = documents / "johannesburg.html"
        await type_file_name(pilot, dialog, "johannesburg.html")
        assert app.screen is screen
        page = target.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        for side in ("a", "b"):
            # Each account's column: its title, and every passage the other left out, in its own words.
            article = screen.articles[side]
            column = page.split(f'<article class="account" id="account-{side}">', 1)[1].split("</article>", 1)[0]
            assert html_text(article.title) in column
            for span in getattr(screen.comparison, f"{side}_only"):
                assert html_text(span.text.split("\n")[0]) in column
        assert page.count('class="pair p') >= 2 * len(screen.comparison.matches)
        assert page.count('class="left-out first"') == len(screen.comparison.a_only) + len(screen.comparison.b_only)
        assert any(str(target) in n.message for n in app._notifications)


async def test_markdown_export_carries_the_note_on_a_pair(app: CyberreadApp, library: Library, documents: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compare_screen(pilot)
        a, b = screen.articles["a"], screen.articles["b"]
        match = screen.comparison.matches[1]
        NoteStore(library).add(
            a.id,
            "the cornerstone line",
            Passage.of(a, match.a[0].start, match.a[0].end),
            Passage.of(b, match.b[0].start, match.b[0].end),
        )
        await pilot.press("x")
        await pilot.pause()
        target = documents / "pair.md"
        await type_file_name(pilot, app.screen, "pair.md")
        markdown = target.read_text(encoding="utf-8")
        second = markdown.split("\n### 2. ")[1].split("\n### 3. ")[0]
        assert "✎ *Note:* the cornerstone line" in second


async def test_csv_export_is_a_row_per_passage(app: CyberreadApp, documents: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen, dialog = await open_export(pilot)
        await pilot.press("down", "down", "enter")
        target = documents / "rows.csv"
        await type_file_name(pilot, dialog, "rows.csv")
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        comparison = screen.comparison
        assert len(rows) == len(comparison.matches) + len(comparison.a_only) + len(comparison.b_only)


async def test_a_folder_that_does_not_exist_is_reported_and_the_dialog_stays(
    app: CyberreadApp, documents: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen, dialog = await open_export(pilot)
        await type_file_name(pilot, dialog, "no-such-folder/out.md")
        assert app.screen is dialog
        assert any("no-such-folder" in message for message in error_notifications(app))
        # The user fixes the name; the same dialog writes it.
        field = dialog.query_one("#export-path", Input)
        field.value = str(documents / "out.md")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and (documents / "out.md").exists()


async def test_an_unwritable_target_is_reported_and_the_app_keeps_running(
    app: CyberreadApp, documents: Path, monkeypatch
) -> None:
    def refused(*args, **kwargs) -> None:
        # Root writes anywhere, so a read-only folder is what the file system would say.
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(compare_module, "write_atomically", refused)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, dialog = await open_export(pilot)
        await type_file_name(pilot, dialog, "locked.md")
        assert app.screen is dialog
        assert any("permission denied" in message for message in error_notifications(app))
        assert not (documents / "locked.md").exists()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("n")
        assert screen.selection is not None and screen.selection.index == 0


async def test_a_file_already_there_is_replaced_only_when_the_user_says_so(app: CyberreadApp, documents: Path) -> None:
    target = documents / "kept.md"
    target.write_text("mine", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        screen, dialog = await open_export(pilot)
        await type_file_name(pilot, dialog, "kept.md")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and target.read_text(encoding="utf-8") == "mine"
        await pilot.press("enter")  # the name field still has focus
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and target.read_text(encoding="utf-8").startswith("# Comparison")


async def test_a_name_without_a_suffix_gets_the_formats_and_another_formats_is_refused(
    app: CyberreadApp, documents: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen, dialog = await open_export(pilot)
        await type_file_name(pilot, dialog, "report.csv")  # the format is Markdown
        assert app.screen is dialog and not (documents / "report.csv").exists()
        assert any("ends .csv, the format is Markdown" in message for message in error_notifications(app))
        dialog.query_one("#export-path", Input).value = "report"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert (documents / "report.md").read_text(encoding="utf-8").startswith("# ")


async def test_a_format_chosen_in_a_burst_of_keys_is_the_format_written(app: CyberreadApp, documents: Path) -> None:
    # down down down enter tab enter, typed at once: the format was read before the radio set had
    # told the dialog of the choice, and the Markdown file was written under its .md name.
    async with app.run_test(size=(120, 40)) as pilot:
        _, dialog = await open_export(pilot)
        default = Path(dialog.query_one("#export-path", Input).value)
        burst(app, "down", "down", "down", "enter", "tab", "enter")
        for _ in range(40):
            await pilot.pause(0.05)
        written = default.with_suffix(".json")
        assert written.is_file() and not default.exists()
        assert written.read_text(encoding="utf-8").lstrip().startswith("{")


async def test_the_next_export_is_offered_where_the_last_one_went(
    app: CyberreadApp, documents: Path, tmp_path_factory
) -> None:
    # Every export was offered the documents folder again, whatever folder the one before went to.
    elsewhere = tmp_path_factory.mktemp("reports")
    async with app.run_test(size=(120, 40)) as pilot:
        screen, dialog = await open_export(pilot)
        await type_file_name(pilot, dialog, str(elsewhere / "first.md"))
        assert app.screen is screen and (elsewhere / "first.md").exists()
        await pilot.press("x")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, ExportDialog)
        assert Path(again.query_one("#export-path", Input).value).parent == elsewhere
