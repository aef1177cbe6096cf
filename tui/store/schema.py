"""The library database's tables, and what brings a library of each older schema to the current one."""

from __future__ import annotations

SCHEMA_VERSION = 10

# The full-text index keeps which column a word is in, not where (detail=column): smaller and cheaper
# to fill, and the search needs no more. Words are also indexed by their first one, two and three
# letters (prefix): the first keys typed into the search would otherwise each expand into thousands of
# words (0.1-0.5 s at 100,000 articles). Fewer, larger merges (automerge) make a large import faster.
_FTS_TABLE_V2 = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (title, body, content='articles',"
    " content_rowid='rowid', detail=column, prefix='1 2 3', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 8)",
)
_FTS_TRIGGERS_V2 = (
    """CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END""",
    """CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END""",
    """CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END""",
)
# Schema 3 indexes the outlet, date and author too: `/xinhua` finds the Xinhua articles, `date:2024` a year.
_FTS_COLUMNS = ("title", "body", "outlet", "date", "author")
_FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 ({', '.join(_FTS_COLUMNS)}, content='articles',"
    " content_rowid='rowid', detail=column, prefix='1 2 3', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 8)",
)
_NEW = ", ".join(f"new.{column}" for column in _FTS_COLUMNS)
_OLD = ", ".join(f"old.{column}" for column in _FTS_COLUMNS)
_INDEXED = ", ".join(_FTS_COLUMNS)
_FTS_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, {_INDEXED}) VALUES (new.rowid, {_NEW});
END""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, {_INDEXED}) VALUES ('delete', old.rowid, {_OLD});
END""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, {_INDEXED}) VALUES ('delete', old.rowid, {_OLD});
    INSERT INTO articles_fts (rowid, {_INDEXED}) VALUES (new.rowid, {_NEW});
END""",
)
# Schema 3: the earlier texts of a story fetched again (the library lists its latest), and feeds.
# A note keeps the id of the version it was written on, so it stays anchored to that text.
_VERSIONS_AND_FEEDS = (
    """CREATE TABLE IF NOT EXISTS article_versions (
    id TEXT PRIMARY KEY,
    story TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT,
    date TEXT,
    dateline TEXT,
    author TEXT,
    body TEXT NOT NULL,
    words INTEGER NOT NULL,
    fetched TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS article_versions_story ON article_versions (story)",
    """CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    site TEXT,
    etag TEXT,
    last_modified TEXT,
    added TEXT NOT NULL,
    checked TEXT
)""",
    """CREATE TABLE IF NOT EXISTS feed_entries (
    feed_id INTEGER NOT NULL,
    link TEXT NOT NULL,
    title TEXT,
    published TEXT,
    updated TEXT,
    address TEXT,
    etag TEXT,
    last_modified TEXT,
    listed INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (feed_id, link)
)""",
)
# Schema 4: the reader's verdicts on the matches of a pair of articles, anchored to their passages
# like notes. Plain SQL any database speaks: the PostgreSQL store keeps the same table.
_VERDICTS = (
    """CREATE TABLE IF NOT EXISTS verdicts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    a_id TEXT NOT NULL,
    a_start INTEGER NOT NULL,
    a_end INTEGER NOT NULL,
    a_text TEXT NOT NULL,
    a_detached INTEGER NOT NULL DEFAULT 0,
    b_id TEXT NOT NULL,
    b_start INTEGER NOT NULL,
    b_end INTEGER NOT NULL,
    b_text TEXT NOT NULL,
    b_detached INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS verdicts_a ON verdicts (a_id)",
    "CREATE INDEX IF NOT EXISTS verdicts_b ON verdicts (b_id)",
)
# Every column the table sorts by has an index: sorting 100,000 articles by one without it reads
# every row, bodies included.
_SORT_INDEXES = (
    "CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet COLLATE NOCASE)",
    "CREATE INDEX IF NOT EXISTS articles_words ON articles (words)",
)
# A note's number is never given again, even to a note written after the trash is emptied (AUTOINCREMENT):
# the trash, the undo of a deletion and `notes --restore` name notes by number.
_NOTES_TABLE = """CREATE TABLE IF NOT EXISTS {name} (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    text TEXT NOT NULL,
    article_id TEXT NOT NULL,
    passage_start INTEGER,
    passage_end INTEGER,
    passage_text TEXT,
    passage_detached INTEGER NOT NULL DEFAULT 0,
    partner_id TEXT,
    partner_start INTEGER,
    partner_end INTEGER,
    partner_text TEXT,
    partner_detached INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    author TEXT,
    deleted TEXT
)"""
_NOTES_INDEXES = (
    "CREATE INDEX IF NOT EXISTS notes_article ON notes (article_id)",
    "CREATE INDEX IF NOT EXISTS notes_partner ON notes (partner_id)",
)
# A feed's entry remembers its fetches that failed in a row and the last one's reason: an entry that
# failed for good (not found, not an article) or too often is not asked for again at every update,
# whose status it would fail each time. Same rule as the notes' steps below (plain SQL: the PostgreSQL
# store adds the same columns).
ENTRY_FAILURES = (
    "ALTER TABLE feed_entries ADD COLUMN failures INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE feed_entries ADD COLUMN failure TEXT",
)
# A verdict records who gave it, as a note does: a desk sharing one library sees whose word a match
# stands on. Same rule as above (the PostgreSQL store adds the same column).
VERDICT_AUTHORS = ("ALTER TABLE verdicts ADD COLUMN author TEXT",)
# A note records who edited it last, where that is not its author: a colleague's edit is not said to be
# the author's own words. Same rule (the PostgreSQL store adds the same column).
NOTE_EDITORS = ("ALTER TABLE notes ADD COLUMN edited_by TEXT",)
# A note in the trash records who put it there, where that is not its author: a colleague's note gone
# from the list is found in the trash with the name of who deleted it. Same rule.
NOTE_DELETERS = ("ALTER TABLE notes ADD COLUMN deleted_by TEXT",)
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    outlet TEXT,
    date TEXT,
    dateline TEXT,
    body TEXT NOT NULL,
    words INTEGER NOT NULL,
    path TEXT,
    added_at TEXT NOT NULL,
    author TEXT
)""",
    "CREATE INDEX IF NOT EXISTS articles_title ON articles (title COLLATE NOCASE)",
    "CREATE INDEX IF NOT EXISTS articles_date ON articles (date)",
    *_SORT_INDEXES,
    *_FTS_TABLE,
    *_FTS_TRIGGERS,
    "CREATE INDEX IF NOT EXISTS articles_path ON articles (path)",
    # No foreign key to articles: a note is never dropped, even when its article is removed or replaced.
    _NOTES_TABLE.format(name="notes"),
    *_NOTES_INDEXES,
    *_VERSIONS_AND_FEEDS,
    *_VERDICTS,
    *ENTRY_FAILURES,
    *VERDICT_AUTHORS,
    *NOTE_EDITORS,
    *NOTE_DELETERS,
)

# What a library of schema 1 or later must hold; anything less is a damaged (or foreign) file.
REQUIRED_COLUMNS: dict[str, frozenset[str]] = {
    "meta": frozenset({"key", "value"}),
    "articles": frozenset({"id", "title", "outlet", "date", "dateline", "body", "words", "path", "added_at"}),
    "notes": frozenset(
        {
            "id",
            "text",
            "article_id",
            "passage_start",
            "passage_end",
            "passage_text",
            "passage_detached",
            "partner_id",
            "partner_start",
            "partner_end",
            "partner_text",
            "partner_detached",
            "created",
            "updated",
        }
    ),
}
REQUIRED_TABLES = frozenset({*REQUIRED_COLUMNS, "articles_fts"})

# A note records who wrote it (a team shares one library on PostgreSQL; `db copy` brings it back here).
# One self-contained step that depends on no other: when another branch's migration takes its number,
# it moves to the next one (the key below and SCHEMA_VERSION), nothing else changes.
_NOTE_AUTHORS = ("ALTER TABLE notes ADD COLUMN author TEXT",)
# A deleted note goes to the trash (the time it was deleted; NULL while it is not), from which it comes
# back as it was, its id, author and times too, in this session or any later one. Same rule as above.
# The table is made again, its rows copied with their numbers, for AUTOINCREMENT (see _NOTES_TABLE),
# which SQLite adds to no existing table.
_NOTE_COLUMNS_V5 = (
    "id, text, article_id, passage_start, passage_end, passage_text, passage_detached, partner_id,"
    " partner_start, partner_end, partner_text, partner_detached, created, updated, author"
)
_NOTE_TRASH = (
    _NOTES_TABLE.format(name="notes_v6"),
    f"INSERT INTO notes_v6 ({_NOTE_COLUMNS_V5}) SELECT {_NOTE_COLUMNS_V5} FROM notes ORDER BY id",
    "DROP TABLE notes",
    "ALTER TABLE notes_v6 RENAME TO notes",
    *_NOTES_INDEXES,
)

# What brings a library of each older schema to the next one; run in one transaction, after a backup.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 1 -> 2: the full-text index rebuilt as detail=column with prefixes; indexes for the other sorts.
    1: (
        "DROP TRIGGER IF EXISTS articles_ai",
        "DROP TRIGGER IF EXISTS articles_ad",
        "DROP TRIGGER IF EXISTS articles_au",
        "DROP TABLE IF EXISTS articles_fts",
        *_FTS_TABLE_V2,
        "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
        *_FTS_TRIGGERS_V2,
        *_SORT_INDEXES,
    ),
    # 2 -> 3: articles keep their author; the index covers outlet, date and author; versions and feeds.
    2: (
        "ALTER TABLE articles ADD COLUMN author TEXT",
        "DROP TRIGGER IF EXISTS articles_ai",
        "DROP TRIGGER IF EXISTS articles_ad",
        "DROP TRIGGER IF EXISTS articles_au",
        "DROP TABLE IF EXISTS articles_fts",
        *_FTS_TABLE,
        "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
        *_FTS_TRIGGERS,
        *_VERSIONS_AND_FEEDS,
    ),
    # 3 -> 4: the reader's verdicts on matches.
    3: _VERDICTS,
    # 4 -> 5: a note records who wrote it (a team shares one library on PostgreSQL; copies come back here).
    4: _NOTE_AUTHORS,
    # 5 -> 6: deleted notes go to the trash, not away.
    5: _NOTE_TRASH,
    # 6 -> 7: a feed's entry remembers the fetches of it that failed.
    6: ENTRY_FAILURES,
    # 7 -> 8: a verdict records who gave it.
    7: VERDICT_AUTHORS,
    # 8 -> 9: a note records who edited it last.
    8: NOTE_EDITORS,
    # 9 -> 10: a note in the trash records who deleted it.
    9: NOTE_DELETERS,
}
