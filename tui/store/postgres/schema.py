"""The PostgreSQL library's tables, and what brings a library of each older schema to the current one.

Its schema version is its own (kept in cyberread_schema), not the SQLite file's: the two evolve apart.
"""

from __future__ import annotations

from ..schema import ENTRY_FAILURES, NOTE_DELETERS, NOTE_EDITORS, VERDICT_AUTHORS

SCHEMA_VERSION = 7

# The search ignores accents as SQLite's `remove_diacritics 2` does: a Latin letter loses its marks ("São
# José" is indexed as "sao jose"), other scripts keep theirs. Built from what every PostgreSQL (14 or later)
# has, since the unaccent extension is not on every server (pgserver's has none). Only a text holding a
# Latin letter with marks, or a loose mark, is normalised: that test costs a scan, normalising a
# millisecond an article. postgres/search.py's fold_accents folds a query the same way.
# Bodies in the standard form (RETURN) are bound when created, so a restore under another search_path
# still finds them. The index stores what they return: a change to them is a migration that rebuilds it.
FUNCTIONS = (
    r"""CREATE OR REPLACE FUNCTION cyberread_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN $1 ~ '[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]'
    THEN normalize(regexp_replace(normalize($1, NFD), '([A-Za-z])[\u0300-\u036f]+', '\1', 'g'), NFC)
    ELSE $1 END""",
    # The words of a field as the index takes them: punctuation and dashes split words, as SQLite's
    # unicode61 tokenizer does ("2024-04-25" is 2024, 04, 25; PostgreSQL's own parser would keep "-04" a
    # signed number).
    r"""CREATE OR REPLACE FUNCTION cyberread_words(text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN to_tsvector('simple', regexp_replace(cyberread_fold(coalesce($1, '')), '[^[:alnum:]]+', ' ', 'g'))""",
)

# Weights let one index answer the field filters: title A, text B, outlet C, date and author D (rechecked
# exactly when a filter names one of those two).
_DOCUMENT = (
    "setweight(cyberread_words(title), 'A') || setweight(cyberread_words(body), 'B')"
    " || setweight(cyberread_words(outlet), 'C')"
    " || setweight(cyberread_words(date), 'D') || setweight(cyberread_words(author), 'D')"
)
_DOCUMENT_COLUMN = f"document tsvector GENERATED ALWAYS AS ({_DOCUMENT}) STORED"
_DOCUMENT_INDEX = "CREATE INDEX IF NOT EXISTS articles_document ON articles USING gin (document)"

# An open compare screen learns of a colleague's verdict on its pairs at once, as of a note.
_VERDICT_NOTICES = (
    """CREATE OR REPLACE FUNCTION cyberread_verdicts_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('cyberread_verdicts', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS verdicts_changed ON verdicts",
    "CREATE TRIGGER verdicts_changed AFTER INSERT OR UPDATE OR DELETE ON verdicts"
    " FOR EACH STATEMENT EXECUTE FUNCTION cyberread_verdicts_changed()",
)

SCHEMA = (
    *FUNCTIONS,
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"""CREATE TABLE IF NOT EXISTS articles (
    rowid BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    outlet TEXT,
    date TEXT,
    dateline TEXT,
    body TEXT NOT NULL,
    words INTEGER NOT NULL,
    path TEXT,
    added_at TEXT NOT NULL,
    author TEXT,
    {_DOCUMENT_COLUMN}
)""",
    _DOCUMENT_INDEX,
    "CREATE INDEX IF NOT EXISTS articles_title ON articles (lower(title))",
    "CREATE INDEX IF NOT EXISTS articles_outlet ON articles (lower(outlet))",
    "CREATE INDEX IF NOT EXISTS articles_date ON articles (date)",
    "CREATE INDEX IF NOT EXISTS articles_words ON articles (words)",
    "CREATE INDEX IF NOT EXISTS articles_path ON articles (path)",
    """CREATE TABLE IF NOT EXISTS article_versions (
    rowid BIGSERIAL,
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
    # No foreign key to articles: a note is never dropped, even when its article is removed or replaced.
    """CREATE TABLE IF NOT EXISTS notes (
    id BIGSERIAL PRIMARY KEY,
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
)""",
    "CREATE INDEX IF NOT EXISTS notes_article ON notes (article_id)",
    "CREATE INDEX IF NOT EXISTS notes_partner ON notes (partner_id)",
    *NOTE_EDITORS,
    *NOTE_DELETERS,
    # The reader's verdicts on matches, anchored like notes (the SQLite library's schema 4).
    """CREATE TABLE IF NOT EXISTS verdicts (
    id BIGSERIAL PRIMARY KEY,
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
    *VERDICT_AUTHORS,
    """CREATE TABLE IF NOT EXISTS feeds (
    id BIGSERIAL PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    site TEXT,
    etag TEXT,
    last_modified TEXT,
    added TEXT NOT NULL,
    checked TEXT
)""",
    """CREATE TABLE IF NOT EXISTS feed_entries (
    rowid BIGSERIAL,
    feed_id BIGINT NOT NULL,
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
    *ENTRY_FAILURES,
    # An open app learns of a colleague's note at once: every change to the notes is announced.
    """CREATE OR REPLACE FUNCTION cyberread_notes_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('cyberread_notes', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS notes_changed ON notes",
    "CREATE TRIGGER notes_changed AFTER INSERT OR UPDATE OR DELETE ON notes"
    " FOR EACH STATEMENT EXECUTE FUNCTION cyberread_notes_changed()",
    *_VERDICT_NOTICES,
)

# What brings a library of each older schema to the next one; run in one transaction.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 1 to 2: the index ignores accents. Only the derived column is rebuilt (PostgreSQL before 17 cannot
    # change a generated column's expression); every article, note and version stays as it was.
    1: (
        *FUNCTIONS,
        "DROP INDEX IF EXISTS articles_document",
        "ALTER TABLE articles DROP COLUMN document",
        f"ALTER TABLE articles ADD COLUMN {_DOCUMENT_COLUMN}",
        _DOCUMENT_INDEX,
    ),
    # 2 to 3: a deleted note goes to the trash (the time it was deleted; NULL while it is not), from which
    # anyone sharing the library can bring it back as it was, its id, author and times too.
    2: ("ALTER TABLE notes ADD COLUMN deleted TEXT",),
    # 3 to 4: a feed's entry remembers the fetches of it that failed (the SQLite library's schema 7).
    3: ENTRY_FAILURES,
    # 4 to 5: a verdict records who gave it (the SQLite library's schema 8), and its changes are announced.
    4: (*VERDICT_AUTHORS, *_VERDICT_NOTICES),
    # 5 to 6: a note records who edited it last (the SQLite library's schema 9).
    5: NOTE_EDITORS,
    # 6 to 7: a note in the trash records who deleted it (the SQLite library's schema 10).
    6: NOTE_DELETERS,
}
