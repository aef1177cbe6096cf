"""The library database's tables, and what brings a library of each older schema to the current one."""

from __future__ import annotations

SCHEMA_VERSION = 2

# The full-text index keeps which column a word is in, not where (detail=column): smaller and cheaper
# to fill, and the search needs no more. Words are also indexed by their first one, two and three
# letters (prefix): the first keys typed into the search would otherwise each expand into thousands of
# words (0.1-0.5 s at 100,000 articles). Fewer, larger merges (automerge) make a large import faster.
_FTS_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (title, body, content='articles',"
    " content_rowid='rowid', detail=column, prefix='1 2 3', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 8)",
)
_FTS_TRIGGERS = (
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
# Every column the table sorts by has an index: sorting 100,000 articles by one without it reads
# every row, bodies included.
_SORT_INDEXES = (
    "CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet COLLATE NOCASE)",
    "CREATE INDEX IF NOT EXISTS articles_words ON articles (words)",
)
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
    added_at TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS articles_title ON articles (title COLLATE NOCASE)",
    "CREATE INDEX IF NOT EXISTS articles_date ON articles (date)",
    *_SORT_INDEXES,
    *_FTS_TABLE,
    *_FTS_TRIGGERS,
    "CREATE INDEX IF NOT EXISTS articles_path ON articles (path)",
    # No foreign key to articles: a note is never dropped, even when its article is removed or replaced.
    """CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY,
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
    updated TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS notes_article ON notes (article_id)",
    "CREATE INDEX IF NOT EXISTS notes_partner ON notes (partner_id)",
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

# What brings a library of each older schema to the next one; run in one transaction, after a backup.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 1 -> 2: the full-text index rebuilt as detail=column with prefixes; indexes for the other sorts.
    1: (
        "DROP TRIGGER IF EXISTS articles_ai",
        "DROP TRIGGER IF EXISTS articles_ad",
        "DROP TRIGGER IF EXISTS articles_au",
        "DROP TABLE IF EXISTS articles_fts",
        *_FTS_TABLE,
        "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
        *_FTS_TRIGGERS,
        *_SORT_INDEXES,
    ),
}
