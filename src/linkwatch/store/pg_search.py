"""Full-text and fuzzy search on the PostgreSQL store, behind ``search.search`` (what the web app calls).

The indexes are ``pg_tables.OVERRIDES[3]`` and ``[13]``: tsvectors over documents (title weighted above text; stored, for ranking) and over
entity and alias names, in a configuration that folds case and accents like SQLite's FTS5 tokenizer and does
not stem; queries here repeat the indexed expressions so the indexes answer them. As on SQLite, only runs of
word characters of the query are searched (never its syntax), all of them must match, and the last one is a
prefix. Entities no full-text term finds, but whose name or alias is close in spelling ('Lashkar-e-Tayyiba'
for 'lashkar taiba'), follow, by trigram similarity (pg_trgm): transliteration variants are the rule in this
domain, and FTS alone finds only exact words.
"""
from __future__ import annotations

import re
from typing import Any

from linkwatch.store.pg_tables import DOC_VECTOR_COLUMN, NAME_VECTOR, SEARCH_CONFIG

# ts_rank's weights for D, C, B, A: the title (A) counts four times the text (D), as bm25(doc_fts, 4.0, 1.0).
WEIGHTS = "{0.25, 0.25, 0.25, 1.0}"
# pg_trgm's similarity above which a name is a fuzzy hit (its default, 0.3, brings in unrelated short names).
FUZZY = 0.45


def to_tsquery(terms: list[str]) -> str | None:
    """The words as a tsquery: each quoted (a lexeme, never an operator), all required, the last a prefix."""
    if not terms:
        return None
    quoted = ["'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms]
    quoted[-1] += ":*"
    return " & ".join(quoted)


def search_documents(db: Any, terms: list[str], limit: int, start: str, end: str) -> list[tuple[Any, ...]]:
    """(id, title, source, published, rank, snippet) of the best `limit` documents; lower rank is better, as
    SQLite's bm25 gives it."""
    query = to_tsquery(terms)
    if query is None:
        return []
    options = f'StartSel="{start}", StopSel="{end}", MaxWords=24, MinWords=8, MaxFragments=1'
    return list(db.execute(
        f"WITH best AS (SELECT d.seq, -ts_rank(%s, d.{DOC_VECTOR_COLUMN}, q) AS rank, q"
        f" FROM documents d, to_tsquery('{SEARCH_CONFIG}', %s) q WHERE d.{DOC_VECTOR_COLUMN} @@ q"
        f" ORDER BY rank, d.seq LIMIT %s)"
        # The snippet only for the page shown: ts_headline parses the text it marks.
        f" SELECT d.id, d.title, d.source, d.published, best.rank,"
        f" ts_headline('{SEARCH_CONFIG}', left(d.text, 300000), best.q, %s)"
        f" FROM best JOIN documents d ON d.seq = best.seq ORDER BY best.rank, d.seq", (WEIGHTS, query, limit, options)).fetchall())


def search_entities(db: Any, terms: list[str], text: str, limit: int) -> list[tuple[str, str, str, list[str], float]]:
    """(id, type, name, aliases, rank) of the best `limit` entities: by name or alias words first (a name's
    match counts four times an alias's), then by spelling."""
    query = to_tsquery(terms)
    if query is None:
        return []
    name_vector = NAME_VECTOR.replace("name)", "e.name)")
    alias_vector = NAME_VECTOR.replace("name)", "a.name)")
    rows = db.execute(
        f"WITH q AS (SELECT to_tsquery('{SEARCH_CONFIG}', %s) AS q), hits AS ("
        f" SELECT e.id, 4 * ts_rank({name_vector}, q.q) AS r FROM entities e, q WHERE {name_vector} @@ q.q"
        f" UNION ALL SELECT a.entity_id, ts_rank({alias_vector}, q.q) FROM aliases a, q WHERE {alias_vector} @@ q.q)"
        f" SELECT e.id, e.type, e.name, -max(h.r) AS rank FROM hits h JOIN entities e ON e.id = h.id"
        f" GROUP BY e.id, e.type, e.name ORDER BY rank, e.id LIMIT %s", (query, limit)).fetchall()
    found = [tuple(r) for r in rows]
    if len(found) < limit and len(text) >= 3:
        seen = {r[0] for r in found}
        fuzzy = db.execute(
            "WITH hits AS (SELECT id, similarity(name, %s) AS s FROM entities WHERE name %% %s"
            " UNION ALL SELECT entity_id, similarity(name, %s) FROM aliases WHERE name %% %s)"
            " SELECT e.id, e.type, e.name, 1 - max(h.s) AS rank FROM hits h JOIN entities e ON e.id = h.id"
            " WHERE h.s >= %s GROUP BY e.id, e.type, e.name ORDER BY rank, e.id LIMIT %s",
            (text, text, text, text, FUZZY, limit)).fetchall()
        found += [tuple(r) for r in fuzzy if r[0] not in seen][:limit - len(found)]
    names: dict[str, list[str]] = {}
    if found:
        ids = [r[0] for r in found]
        for entity_id, name in db.execute(
                "SELECT entity_id, name FROM aliases WHERE entity_id = ANY(%s) ORDER BY rowid", (ids,)).fetchall():
            names.setdefault(entity_id, [])
            if name not in names[entity_id]:
                names[entity_id].append(name)
    return [(r[0], r[1], r[2], [n for n in names.get(r[0], []) if n != r[2]], float(r[3])) for r in found]


def words(query: str, max_terms: int, max_chars: int) -> list[str]:
    return [t[:max_chars] for t in re.findall(r"\w+", query)][:max_terms]
