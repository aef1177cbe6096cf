"""The picker of related accounts, driven by the keys a user presses, on a generated library larger than
the set it compares whole: the family of the article read is offered first, and ranking in the worker
thread works (it needs its own connection to the library)."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.widgets import OptionList

from cyberread.app import CyberreadApp
from cyberread.screens.compare import CompareScreen
from cyberread.screens.picker import RelatedPicker
from cyberread.screens.reader import ReaderScreen
from cyberread.store.importing import import_paths
from cyberread.store.library import Library
from cyberread.store.related import CANDIDATES

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import make_library

N = CANDIDATES + 10


async def test_the_picker_offers_the_family_first(tmp_path: Path) -> None:
    make_library.write_articles(N, tmp_path / "articles")
    library = Library(tmp_path / "library.sqlite3")
    import_paths(library, [tmp_path / "articles"])
    by_file = {row.path.rsplit("/", 1)[-1]: row.id for row in library.rows()}
    family = [by_file[f"{index:06d}.txt"] for index in range(make_library.FAMILY_SIZE)]
    app = CyberreadApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_article(family[0])
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, RelatedPicker)
        options = picker.query_one(OptionList)
        offered = [options.get_option_at_index(index).id for index in range(options.option_count)]
        assert len(offered) > make_library.FAMILY_SIZE
        assert set(offered[: make_library.FAMILY_SIZE - 1]) == set(family[1:])
        # Enter takes the likeliest: the comparison with the first of the family opens.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert {article.id for article in app.screen.articles.values()} == {family[0], offered[0]}
    library.close()
