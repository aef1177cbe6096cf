"""Pilot tests of a library shared on a real PostgreSQL server: a note a colleague writes from another
cyberread shows up in the open app, on the notes screen, in the reader and in the compare screen, without a
refresh key."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from cyberread.app import CyberreadApp
from cyberread.engine.align.verdicts import Verdict
from cyberread.engine.ingest.articles import Article, load_article
from cyberread.resources import seeds_dir
from cyberread.screens.compare import CompareScreen, Selection
from cyberread.screens.host import NotesChanged
from cyberread.screens.notes import NotesScreen
from cyberread.screens.reader import ReaderScreen
from cyberread.store.importing import import_paths
from cyberread.store.interface import Store
from cyberread.store.notes import NoteStore, Passage
from cyberread.store.opening import connect_library
from cyberread.store.paths import locations
from cyberread.store.verdicts import VerdictStore
from cyberread.widgets.palette import NOTE_MARK
from tests.conftest import seed_path

GLOBAL_TIMES, SPUTNIK = "001", "004"


@pytest.fixture
def desk(postgres_url: str, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """My library and a colleague's, each cyberread with its own home folder, on one server."""
    mine = connect_library(locations(tmp_path / "me"), postgres_url, "me")
    import_paths(mine, [seeds_dir()])
    colleague = connect_library(locations(tmp_path / "them"), postgres_url, "them")
    yield mine, colleague
    colleague.close()
    mine.close()


async def wait_until_listening(pilot, colleague: Store) -> None:
    """Until the app's listener has subscribed: a note written before would announce itself to nobody."""
    for _ in range(200):
        row = colleague.connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'"
        ).fetchone()
        if row[0]:
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never listened for note changes")


async def reading(pilot, colleague: Store, article_id: str) -> ReaderScreen:
    """The reader open on the article, once the app listens for notes."""
    await wait_until_listening(pilot, colleague)
    pilot.app.open_article(article_id)
    await pilot.pause()
    reader = pilot.app.screen
    assert isinstance(reader, ReaderScreen)
    return reader


def speech(library: Store) -> tuple[Article, Article]:
    """The Global Times and Sputnik accounts of the Johannesburg speech, as the library holds them."""
    a = library.get(load_article(seed_path(GLOBAL_TIMES)).id)
    b = library.get(load_article(seed_path(SPUTNIK)).id)
    assert a is not None and b is not None
    return a, b


async def comparing(pilot, colleague: Store, a: Article, b: Article) -> CompareScreen:
    """The compare screen of a and b, compared, once the app listens for changes."""
    await wait_until_listening(pilot, colleague)
    pilot.app.compare(a, b)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for(pilot, lambda: screen.comparison is not None)
    return screen


async def wait_for(pilot, condition) -> None:
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0.05)
        await pilot.pause()
    raise AssertionError("the colleague's note did not appear")


async def test_a_colleagues_note_appears_on_the_open_notes_screen(desk: tuple[Store, Store]) -> None:
    mine, colleague = desk
    article = mine.rows()[0]
    app = CyberreadApp(mine)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_listening(pilot, colleague)
        await pilot.press("ctrl+n")
        screen = app.screen
        assert isinstance(screen, NotesScreen) and screen.shown == []

        NoteStore(colleague).add(article.id, "Check the minister's quote against Reuters")

        await wait_for(
            pilot, lambda: [note.text for note in screen.shown] == ["Check the minister's quote against Reuters"]
        )
        assert screen.shown[0].author == "them"
        status = str(screen.query_one("#notes-status", Static).render())
        assert status.startswith("1 note · ")

        NoteStore(colleague).delete(screen.shown[0].id)
        await wait_for(pilot, lambda: screen.shown == [])


async def test_my_deletion_that_a_colleague_undid_first_is_passed_over(desk: tuple[Store, Store]) -> None:
    mine, colleague = desk
    article = mine.rows()[0]
    older = NoteStore(mine).add(article.id, "deleted first")
    note = NoteStore(mine).add(article.id, "deleted last")
    app = CyberreadApp(mine)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_listening(pilot, colleague)
        await pilot.press("ctrl+n")
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        await pilot.press("down", "delete", "delete")
        await wait_for(pilot, lambda: screen.shown == [])

        NoteStore(colleague).restore(note.id)  # the colleague brings it back before I do
        await wait_for(pilot, lambda: screen.shown == [note])
        await pilot.press("u")  # the last I deleted is back already: said, and `u` goes on to the one before
        await pilot.pause()
        assert NoteStore(mine).all() == [note] and screen.shown == [note]
        await pilot.press("u")
        await wait_for(pilot, lambda: screen.shown == [older, note])
        assert NoteStore(colleague).all() == [older, note] and NoteStore(mine).trash() == []


async def test_a_colleagues_note_appears_in_the_open_reader(desk: tuple[Store, Store]) -> None:
    mine, colleague = desk
    article = mine.rows()[0]
    app = CyberreadApp(mine)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reading(pilot, colleague, article.id)
        assert reader.notes == []

        NoteStore(colleague).add(article.id, "Same wording as the Xinhua piece")

        await wait_for(pilot, lambda: [note.text for note in reader.notes] == ["Same wording as the Xinhua piece"])
        assert "Same wording as the Xinhua piece" in str(reader.query_one("#reader-note", Static).render())


async def test_a_colleagues_note_appears_in_the_open_compare_screen(desk: tuple[Store, Store]) -> None:
    """Their note on the pair I have selected: its passages are marked and the details panel shows it; the
    notes screen opened over the comparison lists their next note; their edit and their deletion reach the
    comparison too."""
    mine, colleague = desk
    a, b = speech(mine)
    app = CyberreadApp(mine)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await comparing(pilot, colleague, a, b)
        await pilot.press("n")  # the first pair
        match = screen.comparison.matches[0]
        assert screen.selection == Selection("match", 0) and screen.notes == {"a": [], "b": []}

        def marked(side: str) -> list[tuple[int, int]]:
            return [(h.start, h.end) for h in screen.view(side).highlights if h.mark == NOTE_MARK]

        def details() -> str:
            return str(screen.query_one("#pair-text", Static).render())

        passage = Passage.of(a, match.a[0].start, match.a[-1].end)
        partner = Passage.of(b, match.b[0].start, match.b[-1].end)
        theirs = NoteStore(colleague).add(a.id, "Sputnik drops the ministry's caveat", passage, partner)

        await wait_for(pilot, lambda: "Sputnik drops the ministry's caveat" in details())
        assert marked("a") == [(passage.start, passage.end)] and marked("b") == [(partner.start, partner.end)]
        assert [note.author for note in screen.notes["a"]] == ["them"]

        await pilot.press("ctrl+n")
        notes = app.screen
        assert isinstance(notes, NotesScreen)
        NoteStore(colleague).add(b.id, "Compare with the TASS wording")
        await wait_for(pilot, lambda: "Compare with the TASS wording" in [note.text for note in notes.shown])
        NoteStore(colleague).update(theirs.id, "Sputnik drops the caveat; Xinhua keeps it")
        await pilot.press("escape")
        assert app.screen is screen
        await wait_for(pilot, lambda: "Xinhua keeps it" in details())

        NoteStore(colleague).delete(theirs.id)
        await wait_for(pilot, lambda: marked("a") == [] and "Xinhua keeps it" not in details())
        assert marked("b") == []


async def test_nothing_listens_on_a_sqlite_library(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.library.changes() is None
        assert not [worker for worker in app.workers if worker.group == "notes-listener"]


def _end_my_connections(mine: Store, colleague: Store) -> None:
    """What a restart of the server does to the app's connections: the server ends them."""
    (backend,) = mine.connection.execute("SELECT pg_backend_pid()").fetchone()
    colleague.connection.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid <> pg_backend_pid() AND (pid = ? OR query LIKE 'LISTEN %')",
        (backend,),
    )


async def test_a_server_that_ended_the_connection_is_said_once_and_answered_after(desk: tuple[Store, Store]) -> None:
    """A restarted server ended the app's connection: the next note read ended the app with a traceback,
    and a note being written with it. Now the reader says so, stays, and the request after is answered
    on a new connection."""
    mine, colleague = desk
    article = mine.rows()[0]
    app = CyberreadApp(mine)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reading(pilot, colleague, article.id)
        _end_my_connections(mine, colleague)
        reader.post_message(NotesChanged())
        await pilot.pause(0.2)
        assert app.is_running and app.screen is reader
        assert any("try again" in str(notice.message) for notice in app._notifications)
        NoteStore(colleague).add(article.id, "After the restart")
        await wait_for(pilot, lambda: [note.text for note in reader.notes] == ["After the restart"])


async def test_a_colleagues_verdict_reaches_the_open_comparison_and_mine_says_what_it_replaced(
    desk: tuple[Store, Store],
) -> None:
    """Their rejection shows at once on my screen; my rejection of a pair they confirmed says it replaces
    theirs; their rejection of a pair I confirmed leaves my `u` nothing to take back, and it says so."""
    mine, colleague = desk
    a, b = speech(mine)
    app = CyberreadApp(mine)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await comparing(pilot, colleague, a, b)
        first = screen.comparison.matches[0]
        place_a, place_b = first.extent("a"), first.extent("b")
        VerdictStore(colleague).save(a, b, Verdict("rejected", place_a, place_b))
        await wait_for(pilot, lambda: [m.extent("a") for m in screen.comparison.rejected] == [place_a])
        assert screen.comparison.rejected[0].judged_by == "them"

        # They confirm the third pair, I reject it: mine replaces theirs, and says so.
        third = screen.comparison.matches[2]
        VerdictStore(colleague).save(a, b, Verdict("accepted", third.extent("a"), third.extent("b")))
        await wait_for(pilot, lambda: screen.comparison.matches[2].judged_by == "them")
        await pilot.press("n", "n", "n", "minus")
        await pilot.pause()
        assert any("It replaces them's confirmation." in str(n.message) for n in app._notifications)
        # I confirm the second pair; they reject it, which replaces my confirmation: `u` finds it gone.
        second = screen.comparison.matches[1]
        screen.select(Selection("match", 1))
        await pilot.press("plus")
        await pilot.pause()
        assert any("Pair confirmed." in str(n.message) for n in app._notifications)
        VerdictStore(colleague).save(a, b, Verdict("rejected", second.extent("a"), second.extent("b")))
        await wait_for(pilot, lambda: len(screen.comparison.rejected) == 3)
        await pilot.press("u")
        await pilot.pause()
        assert any("Your verdict was gone already" in str(n.message) for n in app._notifications)


async def test_a_on_a_passage_a_colleague_noted_writes_a_note_of_my_own(desk: tuple[Store, Store]) -> None:
    """`a` opened the colleague's note for editing, and what I wrote was saved under their name."""
    mine, colleague = desk
    (article, *_) = mine.rows()
    async with CyberreadApp(mine).run_test(size=(120, 40)) as pilot:
        reader = await reading(pilot, colleague, article.id)
        await pilot.press("right_parenthesis")
        assert reader.selection is not None
        start, end = reader.selection
        stored = mine.get(article.id)
        assert stored is not None
        theirs = NoteStore(colleague).add(article.id, "Theirs", Passage.of(stored, start, end))
        await wait_for(pilot, lambda: [note.text for note in reader.notes] == ["Theirs"])
        await pilot.press("a")
        await pilot.press(*"Mine", "ctrl+s")
        await wait_for(pilot, lambda: len(reader.notes) == 2)
        assert {(note.text, note.author) for note in NoteStore(mine).for_article(article.id)} == {
            ("Theirs", "them"),
            ("Mine", "me"),
        }
        assert NoteStore(mine).for_article(article.id)[0].id == theirs.id


def _refuse_me(server_url: str, database_url: str) -> None:
    """What a server gone does to the app: its connections end and no new one is let in."""
    import psycopg

    database = database_url.rsplit("/", 1)[1]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false'.encode())
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,))


@pytest.mark.parametrize(
    "keys",
    [("s",), ("slash", "c", "h"), ("t",), ("ctrl+t",), ("ctrl+n",), ("r",)],
    ids=["sort", "filter", "stories", "talking points", "notes", "refresh"],
)
async def test_a_server_gone_is_said_in_a_notice_whatever_the_key(
    desk: tuple[Store, Store], postgres_server: str, postgres_url: str, keys
) -> None:
    """With the server gone, sorting, filtering, the stories, talking points and notes screens ended the
    app with a traceback (the library's address in it, a password too where the address held one)."""
    mine, colleague = desk
    app = CyberreadApp(mine)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_listening(pilot, colleague)
        _refuse_me(postgres_server, postgres_url)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.3)
        assert app.is_running
        assert any(notice.title == "The library" for notice in app._notifications)
