"""The PostgreSQL library's own schema: its accent folding (the same in the index and in a query), the
migration of a library an older cyberread wrote, and the servers it refuses. A real server each time."""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberread.engine.ingest.articles import Article, article_id
from cyberread.resources import seeds_dir
from cyberread.store.copying import library_counts, note_anchors
from cyberread.store.feeds import FeedStore
from cyberread.store.importing import import_paths
from cyberread.store.interface import Store
from cyberread.store.library import LibraryError
from cyberread.store.notes import NoteStore, Passage
from cyberread.store.opening import connect_library
from cyberread.store.paths import locations

psycopg = pytest.importorskip("psycopg")

from cyberread.store.postgres.schema import SCHEMA_VERSION  # noqa: E402
from cyberread.store.postgres.search import fold_accents  # noqa: E402

# What the articles' search column was in schema 1: words split at punctuation, accents kept.
_V1_WORDS = "to_tsvector('simple', regexp_replace(coalesce({0}, ''), '[^[:alnum:]]+', ' ', 'g'))"
_V1_DOCUMENT = (
    f"setweight({_V1_WORDS.format('title')}, 'A') || setweight({_V1_WORDS.format('body')}, 'B')"
    f" || setweight({_V1_WORDS.format('outlet')}, 'C')"
    f" || setweight({_V1_WORDS.format('date')}, 'D') || setweight({_V1_WORDS.format('author')}, 'D')"
)
SAO_PAULO = Article(
    article_id("São Paulo floods", "Rain fell on São Paulo."),
    "São Paulo floods",
    "Folha",
    "2024-05-01",
    None,
    "Rain fell on São Paulo.",
    5,
    None,
    "José Álvarez",
)

# Any text PostgreSQL can hold (no NUL, no lone surrogate), with the Latin letters and marks weighted up.
_TEXTS = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cn"), blacklist_characters="\x00"),
        st.sampled_from("aeiouAEIOUnNcCsSzZ\u0300\u0301\u0303\u0308\u030c\u0327\u0306 ãéÉçñŞžǅĳǢǡſẛ한ё"),
    ),
    max_size=40,
)


def test_a_query_is_folded_as_the_index_folds_the_text(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as raw:
        connect_library(locations(Path("/nonexistent")), postgres_url, "me").close()  # creates the functions

        @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(_TEXTS)
        def folded_alike(text: str) -> None:
            (in_the_index,) = raw.execute("SELECT cyberread_fold(%s)", (text,)).fetchone()
            assert fold_accents(text) == in_the_index

        folded_alike()
    assert fold_accents("São José, Nguyễn, Zürich") == "Sao Jose, Nguyen, Zurich"
    assert fold_accents("Ёлка, 한국, Ἀθῆναι") == "Ёлка, 한국, Ἀθῆναι"  # only Latin letters lose their marks
    assert fold_accents(unicodedata.normalize("NFD", "Ångström")) == "Angstrom"


def _downgrade_to_schema_1(url: str) -> None:
    """What a cyberread of schema 1 left: the search column without accent folding, and no functions."""
    with psycopg.connect(url, autocommit=True) as raw, raw.transaction():
        raw.execute("ALTER TABLE articles DROP COLUMN document")
        raw.execute("DROP FUNCTION cyberread_words(text), cyberread_fold(text)")
        raw.execute(f"ALTER TABLE articles ADD COLUMN document tsvector GENERATED ALWAYS AS ({_V1_DOCUMENT}) STORED")
        raw.execute("CREATE INDEX articles_document ON articles USING gin (document)")
        raw.execute("ALTER TABLE notes DROP COLUMN deleted")  # schema 3's trash
        raw.execute("ALTER TABLE feed_entries DROP COLUMN failures, DROP COLUMN failure")  # schema 4's
        raw.execute("ALTER TABLE verdicts DROP COLUMN author")  # schema 5's
        raw.execute("ALTER TABLE notes DROP COLUMN edited_by")  # schema 6's
        raw.execute("ALTER TABLE notes DROP COLUMN deleted_by")  # schema 7's
        raw.execute("UPDATE cyberread_schema SET version = 1")


def _filled(url: str, tmp_path: Path) -> Store:
    library = connect_library(locations(tmp_path), url, "me")
    import_paths(library, [seeds_dir()])
    library.add(SAO_PAULO)
    first = library.get(library.rows()[0].id)
    assert first is not None
    NoteStore(library).add(first.id, "anchored", Passage.of(first, 0, first.body.index(".") + 1))
    NoteStore(library).add(SAO_PAULO.id, "on the whole article")
    FeedStore(library).add("https://example.org/feed.xml", "Example", None, [])
    return library


def test_a_schema_1_library_migrates_keeping_everything(postgres_url: str, tmp_path: Path) -> None:
    library = _filled(postgres_url, tmp_path)
    counts, anchors, rows = library_counts(library), note_anchors(library), library.rows()
    library.close()
    _downgrade_to_schema_1(postgres_url)
    with psycopg.connect(postgres_url) as raw:
        # Schema 1 really is the one that cannot find "São" from "sao".
        found = raw.execute("SELECT count(*) FROM articles WHERE document @@ to_tsquery('simple', 'sao:*')")
        assert found.fetchone() == (0,)

    # Two cyberreads start at once: one migrates under the lock, the other waits and finds it done.
    opened: list[Store] = []
    failures: list[BaseException] = []

    def open_one() -> None:
        try:
            opened.append(connect_library(locations(tmp_path), postgres_url, "me"))
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    starters = [threading.Thread(target=open_one) for _ in range(2)]
    for starter in starters:
        starter.start()
    for starter in starters:
        starter.join(60)
    assert failures == [] and len(opened) == 2
    migrated = opened[0]
    assert migrated.schema_version == SCHEMA_VERSION == 7
    assert library_counts(migrated) == counts and note_anchors(migrated) == anchors and migrated.rows() == rows
    assert [row.id for row in migrated.search("sao paulo")] == [SAO_PAULO.id]
    assert [row.id for row in migrated.search("author:jose")] == [SAO_PAULO.id]
    for one in opened:
        one.close()


def test_a_library_from_a_newer_cyberread_is_left_alone(postgres_url: str, tmp_path: Path) -> None:
    connect_library(locations(tmp_path), postgres_url, "me").close()
    with psycopg.connect(postgres_url, autocommit=True) as raw:
        raw.execute("UPDATE cyberread_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(LibraryError, match="newer cyberread"):
        connect_library(locations(tmp_path), postgres_url, "me")


def test_a_database_not_in_utf8_is_refused_in_one_line(postgres_server: str, tmp_path: Path) -> None:
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS latin")
        admin.execute("CREATE DATABASE latin ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    url = postgres_server.rsplit("/", 1)[0] + "/latin"
    with pytest.raises(LibraryError, match="encoded in LATIN1; cyberread needs one in UTF8") as refused:
        connect_library(locations(tmp_path), url, "me")
    assert "\n" not in str(refused.value)
    with psycopg.connect(url) as raw:
        assert raw.execute("SELECT to_regclass('articles')").fetchone() == (None,)  # nothing was created


def test_searches_read_the_index_and_a_bulk_import_takes_statistics(postgres_url: str, tmp_path: Path) -> None:
    """On a small library the planner would read every article's index terms; the searches go through the
    index instead, and a bulk import leaves the table analysed for the planner."""
    library = connect_library(locations(tmp_path), postgres_url, "me")
    with library.bulk_writing():
        import_paths(library, [seeds_dir()])

    def scans() -> tuple[int, int]:
        library.connection.execute("SELECT pg_stat_force_next_flush()")
        library.connection.execute("SELECT 1")  # its transaction's end sends this session's counts
        row = library.connection.execute(
            "SELECT t.seq_scan, i.idx_scan, t.analyze_count FROM pg_stat_user_tables AS t"
            " JOIN pg_stat_user_indexes AS i ON i.relid = t.relid"
            " WHERE t.relname = 'articles' AND i.indexrelname = 'articles_document'"
        ).fetchone()
        assert row[2] >= 1  # analysed when the bulk import ended
        return int(row[0]), int(row[1])

    sequential, through_index = scans()
    assert len(library.search_ids("xinhua")) == library.count_search("xinhua") == len(library.search("xinh")) == 2
    assert library.count_with_word("xinhua") == 2
    assert scans() == (sequential, through_index + 4)
    library.close()
