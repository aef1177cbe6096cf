"""Pilot tests on a library holding the hostile corpus (bench/hostile_corpus.py): every article opens in
the reader and hostile pairs in the compare screen with their markup drawn literally, nothing a terminal
would obey reaches what the app writes to it, `[@click=app.quit]` quits nothing, and notes are kept."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from textual import events
from textual.widgets import Input, TextArea

from cyberread.app import CyberreadApp
from cyberread.engine.ingest.articles import Article
from cyberread.engine.text.sentences import sentences
from cyberread.screens.compare import CompareScreen
from cyberread.screens.library import LibraryScreen
from cyberread.screens.note_editor import NoteEditor
from cyberread.screens.reader import ReaderScreen
from cyberread.store.importing import import_paths
from cyberread.store.library import Library
from cyberread.store.notes import NoteStore, Passage
from cyberread.widgets.article_table import ArticleTable
from tests.unit.test_hostile_files import corpus

SIZE = (120, 40)
# What Textual itself writes between the characters of a frame: colours and styles, and cursor moves.
TEXTUAL_SEQUENCE = re.compile(r"\x1b\[[0-9;]*[mH]")
# Markup a Rich or Textual parser would have eaten; each must be on the screen character for character.
LITERAL = ("[bold red]ALERT[/]", "[@click=app.quit]here[/]", "[on red]danger[/on red]", "[$accent]this[/]", ":warning:")
PASTED_ATTACK = "\x1b]52;c;cHduZWQ=\x07 \x1b[2J \x9b31m"


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    corpus.write_hostile_corpus(folder)
    return folder / corpus.ARTICLES


@pytest.fixture
def hostile(library: Library, hostile_folder: Path) -> dict[str, Article]:
    """The corpus's articles, alone in the library, by file name."""
    for row in library.rows():
        library.remove(row.id)  # the seeds
    report = import_paths(library, [hostile_folder])
    assert (report.added, report.failures) == (len(corpus.TITLES), [])
    by_title = {row.title: library.get(row.id) for row in library.rows()}
    return {name: by_title[title] for name, title in corpus.TITLES.items()}


def frame(app: CyberreadApp) -> tuple[list[list[Segment]], str]:
    """The current screen as segments, line by line, and as the characters a terminal would be sent to
    draw it whole (what the real driver writes; the test driver writes nothing)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console = Console(
        width=SIZE[0],
        height=SIZE[1],
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    lines = [[segment for strip in line for segment in strip] for line in update.strips]
    return lines, update.render_segments(console)


def is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and char != "\n"


def screen_text(app: CyberreadApp) -> list[str]:
    """The screen's lines, after checking that nothing a terminal would act on is drawn or sent."""
    lines, written = frame(app)
    for line in lines:
        for segment in line:
            assert not any(is_control(char) for char in segment.text), repr(segment.text)
            assert segment.style is None or not segment.style.link, segment  # no [link=…] was obeyed
    # With Textual's own colour and cursor sequences taken out, no escape or control is left: no OSC 52
    # clipboard write, OSC 8 link, title change, screen clear or C1 control came from the text.
    left = TEXTUAL_SEQUENCE.sub("", written)
    assert not [char for char in left if is_control(char)], repr([char for char in left if is_control(char)][:5])
    text = ["".join(segment.text for segment in line) for line in lines]
    assert all(cell_len(line) == SIZE[0] for line in text)  # every line fills the width, none overflows it
    return text


def flowing(lines: list[str]) -> str:
    """The screen read as one stream of words, so a phrase wrapped over two lines is still found; the
    compare screen's gutter marks, pair badges and overview ruler are not words."""
    return " ".join(w for w in " ".join(lines).split() if not re.fullmatch(r"\d*[▌┃»│]+", w))


async def test_every_article_opens_in_the_reader_with_its_text_intact(
    app: CyberreadApp, hostile: dict[str, Article]
) -> None:
    names = {article.id: name for name, article in hostile.items()}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = flowing(screen_text(app))
        assert "Rich markup [bold red]alarm[/] and" in listing
        assert "HTML page with [@click=app.quit]markup[/] in its title" in listing
        table = app.screen.query_one(ArticleTable)
        opened = set()
        await pilot.press("g")
        for row in range(table.row_count):
            await pilot.press("enter")
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            lines = screen_text(app)
            assert reader.article.title in lines[1]
            assert "esc Back" in lines[-1]  # the footer still holds the last line
            first = reader.article.body[: sentences(reader.article.body)[0][1]]
            assert " ".join(first.split()[:6]) in flowing(lines)
            opened.add(names[reader.article.id])
            await pilot.press("G")  # the foot of the article draws as cleanly as its head
            await pilot.pause()
            assert " ".join(reader.article.body.split()[-3:]) in flowing(screen_text(app))
            await pilot.press("escape", "j")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen) and table.cursor_row == min(row + 1, table.row_count - 1)
        assert opened == set(corpus.TITLES)


async def test_markup_is_drawn_as_text_and_a_click_on_it_quits_nothing(
    app: CyberreadApp, hostile: dict[str, Article]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(hostile["markup.txt"].id)
        await pilot.pause()
        lines, _ = frame(app)
        shown = flowing(screen_text(app))
        for phrase in LITERAL:
            assert phrase in shown
        assert corpus.TITLES["markup.txt"] in shown
        style = {
            words: next(s.style for line in lines for s in line if words in s.text)
            for words in ("The report quoted", "ALERT", "danger")
        }
        assert style["ALERT"] == style["danger"] == style["The report quoted"]  # not bold, not red
        row, line = next((y, text) for y, text in enumerate(screen_text(app)) if "[@click=app.quit]" in text)
        await pilot.click(offset=(line.index("[@click=app.quit]") + 3, row))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReaderScreen)


async def test_a_note_on_a_hostile_passage_is_kept_and_shown_literally(
    app: CyberreadApp, library: Library, hostile: dict[str, Article]
) -> None:
    article = hostile["markup.txt"]
    wanted = next((s, e) for s, e in sentences(article.body) if "[@click=app.quit]" in article.body[s:e])
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(article.id)
        await pilot.pause()
        reader = app.screen
        for _ in sentences(article.body):
            if reader.selection == wanted:
                break
            await pilot.press("right_parenthesis")
        assert reader.selection == wanted
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"[b]mine[/]", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is reader
        (note,) = NoteStore(library).all()
        assert note.text == "[b]mine[/] "
        assert note.passage is not None and note.passage.text == article.body[slice(*wanted)]
        assert "✎ [b]mine[/]" in flowing(screen_text(app))


async def test_hostile_pairs_compare_side_by_side_literally(
    app: CyberreadApp, library: Library, hostile: dict[str, Article]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        for a, b in (("markup.txt", "attack.html"), ("escapes.txt", "long-lines.txt"), ("bidi.txt", "controls.txt")):
            app.compare(hostile[a], hostile[b])
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            for _ in range(200):
                if screen.comparison is not None:
                    break
                await pilot.pause(0.02)
            assert screen.comparison is not None and screen.comparison.matches  # the shared lede pairs up
            await pilot.press("n")
            lines = screen_text(app)
            half = SIZE[0] // 2
            for side, name in (("a", a), ("b", b)):
                pane = flowing([line[:half] if side == "a" else line[half:] for line in lines])
                assert "Officials said on Monday that" in pane
                assert hostile[name].title.split()[0] in pane
            if a == "markup.txt":
                # The pair sits a third of the way down; the markup is at the top of both articles.
                await pilot.press("g")
                await pilot.pause()
                lines = screen_text(app)
                await pilot.press("space")
                await pilot.pause()
                below = flowing([row[:half] for row in screen_text(app)])
                left = flowing([line[:half] for line in lines]) + " " + below
                assert all(phrase in left for phrase in LITERAL), left
                assert "[bold red]its warning[/]" in flowing([line[half:] for line in lines])
                await pilot.press("a")
                await pilot.press(*"pair", "ctrl+s")
                await pilot.pause()
                (note,) = NoteStore(library).all()
                assert (note.text, note.article_id, note.partner.article_id) == ("pair", hostile[a].id, hostile[b].id)
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, LibraryScreen)
        assert len(NoteStore(library).all()) == 1


async def paste(pilot, text: str) -> None:
    """Paste `text` as the terminal driver does: the app hands it to the focused widget."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def paste_note(pilot, text: str) -> None:
    """Select the reader's first sentence, open the note editor on it and paste `text` there."""
    await pilot.press("right_parenthesis", "a")
    await pilot.pause()
    assert pilot.app.screen.query_one(TextArea).has_focus
    await paste(pilot, text)


async def test_a_note_pasted_with_escapes_is_saved_and_shown_as_symbols(
    app: CyberreadApp, library: Library, hostile: dict[str, Article]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(hostile["escapes.txt"].id)
        await pilot.pause()
        await paste_note(pilot, PASTED_ATTACK)
        await pilot.press("ctrl+s")
        await pilot.pause()
        # What the user saw in the editor is what was saved: symbols, which no terminal acts on, even
        # when the note is printed by `cyberread notes` or exported.
        assert [note.text for note in NoteStore(library).all()] == ["␛]52;c;cHduZWQ=␇ ␛[2J �31m"]
        assert "✎ ␛]52;c;cHduZWQ=␇ ␛[2J" in flowing(screen_text(app))


async def test_a_stored_note_with_escapes_opens_in_the_editor_as_symbols(
    app: CyberreadApp, library: Library, hostile: dict[str, Article]
) -> None:
    """The tmux reproduction: a note written into the database by another tool, opened with `a`."""
    article = hostile["escapes.txt"]
    start, end = sentences(article.body)[0]
    NoteStore(library).add(
        article.id, "\x1b]52;c;cHduZWQ=\x1b\\ \x1b]2;pwned\x1b\\", passage=Passage.of(article, start, end)
    )
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(article.id)
        await pilot.pause()
        await pilot.press("right_parenthesis", "a")
        await pilot.pause()
        editor = pilot.app.screen.query_one(TextArea)
        assert editor.text == "␛]52;c;cHduZWQ=␛\\ ␛]2;pwned␛\\"
        screen_text(app)


# Textual's TextArea and Input draw what they hold as it is; the app turns the controls of a paste into
# symbols before either sees it. Seen in tmux before that: OSC 52 wrote the clipboard, OSC 2 the title.
@pytest.mark.parametrize("where", ["note editor", "library filter"])
async def test_pasted_escapes_are_never_drawn_raw(where: str, app: CyberreadApp, hostile: dict[str, Article]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        if where == "note editor":
            app.open_article(hostile["escapes.txt"].id)
            await pilot.pause()
            await paste_note(pilot, PASTED_ATTACK)
        else:
            await pilot.press("slash")
            assert app.screen.query_one("#filter", Input).has_focus
            await paste(pilot, PASTED_ATTACK)
        screen_text(app)


async def test_a_title_stored_by_another_tool_with_escapes_is_shown_not_obeyed(tmp_path: Path) -> None:
    from cyberread.store.importing import open_library
    from cyberread.store.paths import locations

    library = open_library(locations())
    try:
        # Written straight into the file, as another tool (or an older version) might have.
        with library.connection:
            library.connection.execute(
                "UPDATE articles SET title = ?, outlet = ? WHERE rowid = (SELECT min(rowid) FROM articles)",
                ("\x1b]2;pwned\x07Evil \x1b[31mred\u202e title", "Out\x9blet"),
            )
        app = CyberreadApp(library)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            shown = flowing(screen_text(app))  # screen_text fails on any control character drawn
            assert "pwned" in shown and "Evil" in shown
    finally:
        library.close()


async def test_a_crash_shows_the_traceback_without_the_frames_local_variables(library: Library) -> None:
    # Textual's own ending printed each frame's locals: a shared library's address with its password,
    # and articles' text, on the terminal and in any bug report pasted from it.
    def crash() -> None:
        address = "postgresql://ana:" + "hunter" * 2 + "@db.example.org/desk"  # not in the source shown
        raise RuntimeError(f"could not reach the library ({len(address)})")

    app = CyberreadApp(library)
    async with app.run_test():
        try:
            crash()
        except RuntimeError:
            app._fatal_error()  # as Textual calls it on an error no handler caught
        shown = "".join(segment.text for renderable in app._exit_renderables for segment in renderable.segments)
    assert "could not reach the library" in shown and "crash" in shown
    assert "hunterhunter" not in shown
