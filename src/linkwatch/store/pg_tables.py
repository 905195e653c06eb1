"""PostgreSQL versions of the migrations whose SQLite SQL cannot be translated (``dialect.py``).

Every other migration in ``tables.MIGRATIONS`` runs on PostgreSQL translated statement by statement; an entry
here replaces migration N whole (one script, run as it is). Like the migrations themselves, never edit an entry
that has shipped.

3, full-text search: SQLite keeps FTS5 tables in step with triggers. PostgreSQL indexes expressions instead, so
there is nothing to keep in step (and ``linkwatch reindex`` has nothing to rebuild): a GIN index over each
document's title (weight A) and text (weight D) as a tsvector, over entity names and over alias names, in a text
search configuration that folds case and accents as FTS5's ``unicode61 remove_diacritics 2`` does and does not
stem (as FTS5 does not); and trigram indexes (pg_trgm) on names for fuzzy look-ups. ``pg_search.py`` queries
them with the same expressions.

13, search ranking (and, as on SQLite, an index of documents by language): ranking the documents a query matches needs each one's tsvector, which the expression index
of 3 cannot give back: every match's text was parsed again per search (a name in 600 articles took 220 ms). The
vector is now a stored generated column, indexed in place of 3's expression.

A tsvector holds at most 1 MB, so a document's text is indexed up to DOC_INDEXED_CHARS characters (ten times a
long news article; the rest is stored, not searchable: SQLite's FTS5 has no such limit).
"""
from __future__ import annotations

SEARCH_CONFIG = "linkwatch_search"
DOC_INDEXED_CHARS = 300_000
DOC_VECTOR = (f"(setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(title, '')), 'A')"
              f" || setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, left(text, {DOC_INDEXED_CHARS})), 'D'))")
NAME_VECTOR = f"to_tsvector('{SEARCH_CONFIG}'::regconfig, name)"
DOC_VECTOR_COLUMN = "search_vector"  # documents' stored DOC_VECTOR (13)

OVERRIDES: dict[int, str] = {
    3: f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword,
    hword_numpart WITH unaccent, simple;
CREATE INDEX doc_fts ON documents USING gin ({DOC_VECTOR});
CREATE INDEX entity_fts ON entities USING gin ({NAME_VECTOR});
CREATE INDEX alias_fts ON aliases USING gin ({NAME_VECTOR});
CREATE INDEX entity_trgm ON entities USING gin (name gin_trgm_ops);
CREATE INDEX alias_trgm ON aliases USING gin (name gin_trgm_ops);
""",
    13: f"""
ALTER TABLE documents ADD COLUMN {DOC_VECTOR_COLUMN} tsvector GENERATED ALWAYS AS {DOC_VECTOR} STORED;
CREATE INDEX doc_fts_stored ON documents USING gin ({DOC_VECTOR_COLUMN});
DROP INDEX doc_fts;
CREATE INDEX documents_language ON documents(language, seq);
""",
}
