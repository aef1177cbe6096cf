"""What a large library must still get right, checked on a small generated one (bench/make_library.py):
search finds the planted family, the paged table shows every article once, related accounts rank the
family first. The timings live in bench/scale.py, never here."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from cyberread.store.importing import import_paths
from cyberread.store.library import Library
from cyberread.store.related import related_articles
from cyberread.widgets.article_table import PagedRows

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import make_library

N = 160
# The generated library takes seconds to import: one worker builds it for all these tests (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("generated-library")


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Library, list[make_library.GeneratedArticle]]]:
    folder = tmp_path_factory.mktemp("articles")
    make_library.write_articles(N, folder)
    articles = list(make_library.iter_articles(N))
    library = Library(tmp_path_factory.mktemp("home") / "library.db")
    report = import_paths(library, [folder])
    assert report.added == N and not report.failures
    yield library, articles
    library.close()


def test_the_generator_is_deterministic_and_plants_families() -> None:
    first = list(make_library.iter_articles(45))
    assert first == list(make_library.iter_articles(45))
    assert [a.family for a in first[:5]] == [0, 0, 0, 0, None]
    assert first[40].family == 1
    assert all(len(a.body.split()) >= 200 for a in first)

    # Members of one family share passages word for word.
    def sentences(text: str) -> set[str]:
        return {s.strip() for s in re.split(r"(?<=\.)\s+", text)}

    shared = sentences(first[0].body) & sentences(first[1].body)
    assert len(shared) >= 3


def _id_of(library: Library, article: make_library.GeneratedArticle) -> str:
    (row,) = [row for row in library.rows() if row.path.endswith(f"/{article.filename}")]
    return row.id


def _holding(library: Library, prefix: str) -> set[str]:
    """The files of the articles with a word in their title, text, outlet, date or author that starts
    with `prefix`, read from the stored text with the index's rules: lower case, accents taken off."""
    found = set()
    for row in library.rows():
        article = library.get(row.id)
        assert article is not None and article.path is not None
        fields = " ".join(filter(None, (article.title, article.body, article.outlet, article.date, article.author)))
        if any(word.startswith(_folded(prefix)) for word in re.findall(r"\w+", _folded(fields))):
            found.add(article.path.rsplit("/", 1)[-1])
    return found


def _folded(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char)).lower()


def test_search_finds_the_family_by_its_name(generated) -> None:
    library, articles = generated
    name = articles[0].title.split()[0]
    found = {row.path.rsplit("/", 1)[-1] for row in library.search(name)}
    family = {f"{a.index:06d}.txt" for a in articles if a.family == 0}
    assert family <= found
    assert found == _holding(library, name)
    # The table's filter: the same articles, in the table's order.
    ids = library.search_ids(name, "date", descending=True)
    assert len(ids) == library.count_search(name) == len(found)
    found_ids = {row.id for row in library.search(name)}
    table_order = [row.id for row in library.rows("date", descending=True)]
    assert [row.id for row in library.rows_by_ids(ids)] == [i for i in table_order if i in found_ids]
    assert library.count_search("zzzqqq") == 0 and len(library.search_ids("zzzqqq")) == 0


@pytest.mark.parametrize("typed", ["k", "dR", "Drave", "DRAVENES", "zz"])
def test_the_first_letters_typed_find_every_word_they_start(generated, typed: str) -> None:
    # Up to three letters are answered from the index's own prefix entries; more expand into words.
    library, articles = generated
    assert {row.path.rsplit("/", 1)[-1] for row in library.search(typed)} == _holding(library, typed)


def test_paging_shows_every_row_once_in_sort_order(generated) -> None:
    library, _ = generated
    for sort in ("title", "date", "words"):
        rows = PagedRows(library.row_ids(sort, descending=True), library.rows_by_ids)
        rows.PAGE = 7  # pages end mid-table
        shown = [rows[index].id for index in range(len(rows))]
        assert shown == [row.id for row in library.rows(sort, descending=True)]
        assert len(set(shown)) == len(library) == len(rows)
        assert [row.id for row in rows] == shown


def test_paged_rows_keep_only_some_pages(generated) -> None:
    library, _ = generated
    rows = PagedRows(library.row_ids(), library.rows_by_ids)
    rows.PAGE, rows.PAGES_KEPT = 5, 3
    for index in range(len(rows)):
        rows[index]
    assert len(rows._pages) == 3


def test_a_removed_article_shows_as_a_gap_not_a_crash(tmp_path: Path) -> None:
    articles = list(make_library.iter_articles(3))
    with Library(tmp_path / "library.db") as library:
        from cyberread.engine.ingest.articles import parse_text

        for article in articles:
            library.add(parse_text(article.text()))
        ids = library.row_ids()
        library.remove(library.rows()[1].id)
        rows = library.rows_by_ids(ids)
        assert rows[1] is None and None not in (rows[0], rows[2])


def test_related_accounts_rank_the_planted_family_first(generated) -> None:
    library, articles = generated
    for family in (0, 2):
        members = [a for a in articles if a.family == family]
        ids = {_id_of(library, a) for a in members}
        article = library.get(_id_of(library, members[0]))
        related = related_articles(library, article)
        top = {found.row.id for found in related[: len(members) - 1]}
        assert top == ids - {article.id}
        assert related[0].score > related[len(members) - 1].score


def test_vocabulary_draws_repeat_for_one_seed() -> None:
    a = make_library._Vocabulary(random.Random(1)).draw(random.Random(2), 10)
    b = make_library._Vocabulary(random.Random(1)).draw(random.Random(2), 10)
    assert a == b
