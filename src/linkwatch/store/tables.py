"""The schema, as an ordered list of migrations.

Each migration runs once, inside a transaction, and bumps ``PRAGMA
user_version``; never edit a migration that has shipped, add a new one.
The SQL is kept portable (TEXT/INTEGER/REAL/BLOB, no SQLite-only types) so a
PostgreSQL backend can reuse it with small dialect changes.

Layers, from the bottom up:
- blobs, documents, doc_bands: what came in (raw bytes by hash, cleaned text, near-duplicate index;
  how it was decoded and how much of it was extracted, migration 5);
- extractions, mentions: what each document says, before resolution (replayable);
- entities, aliases, entity_keys, events, event_roles, event_keys, relations, evidence: the resolved graph
  (relations' former/ended, migration 6; events' date_source, migration 7);
- relation_sources, entity_names, entity_types: summaries of the graph that resolution reads instead of
  the rows they summarise (migrations 4, 8); alias_evidence: where a document equated two names
  (migration 8);
- decisions, judgements: why things were merged, and what analysts said about it;
- watchlist, relation_history: what changed, for alerts;
- graph_changes, index_state, source_nodes, hops, hop_roots, org_paths, path_hops, org_links, link_roots,
  event_roots, actor_orgs: the organisation link index analyse/index.py keeps (migration 10; 9 adds the
  indexes paged reads use; 14 replaces every path by link_parts and unit_hops, keeping only each pair's best paths);
- alerts, alert_subjects, analysts, alert_reads: alerts as recorded, and what each analyst has seen (11).
"""
from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: the foundation
    """
    CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        content BLOB NOT NULL,
        size INTEGER NOT NULL
    );
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        raw_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        origin TEXT NOT NULL,
        url TEXT, source TEXT, title TEXT, published TEXT, language TEXT,
        encoding TEXT NOT NULL DEFAULT 'utf-8',
        replacements INTEGER NOT NULL DEFAULT 0,
        removed TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL,
        copy_of TEXT REFERENCES documents(id),
        similarity REAL,
        signature BLOB,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_raw ON documents(raw_sha256);
    CREATE INDEX documents_copy ON documents(copy_of);
    CREATE TABLE doc_bands (
        band TEXT NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (band, doc_id)
    );
    CREATE TABLE extractions (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        extractor TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        key TEXT,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX entities_key ON entities(key);
    CREATE TABLE aliases (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        doc_id TEXT NOT NULL DEFAULT '' ,
        source TEXT,
        PRIMARY KEY (entity_id, name, doc_id)
    );
    CREATE TABLE entity_keys (
        key TEXT NOT NULL,
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        PRIMARY KEY (key, entity_id)
    );
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, type TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',
        local_ref TEXT NOT NULL,
        entity_id TEXT REFERENCES entities(id) ON DELETE SET NULL
    );
    CREATE INDEX mentions_doc ON mentions(doc_id);
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        date TEXT,
        location_id TEXT REFERENCES entities(id) ON DELETE SET NULL,
        name TEXT,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE event_roles (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        PRIMARY KEY (event_id, entity_id, role)
    );
    CREATE TABLE event_keys (
        key TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (key, event_id)
    );
    CREATE TABLE local_refs (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ref TEXT NOT NULL,
        global_id TEXT NOT NULL,
        PRIMARY KEY (doc_id, ref)
    );
    CREATE INDEX local_refs_global ON local_refs(global_id);
    CREATE TABLE relations (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        source_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        certainty TEXT NOT NULL,
        role TEXT,
        sources INTEGER NOT NULL DEFAULT 0,
        grade INTEGER,
        confidence INTEGER,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX relations_source ON relations(source_id);
    CREATE INDEX relations_target ON relations(target_id);
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        relation_id TEXT REFERENCES relations(id) ON DELETE CASCADE,
        event_id TEXT REFERENCES events(id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        quote TEXT NOT NULL,
        extractor TEXT NOT NULL,
        certainty TEXT NOT NULL CHECK (certainty IN ('asserted', 'reported', 'unverified', 'denied')),
        cues TEXT NOT NULL DEFAULT '[]',
        attribution TEXT,
        learned_at TEXT NOT NULL,
        CHECK ((relation_id IS NULL) <> (event_id IS NULL))
    );
    CREATE UNIQUE INDEX evidence_once ON evidence(COALESCE(relation_id, ''), COALESCE(event_id, ''), doc_id, start, "end");
    CREATE INDEX evidence_relation ON evidence(relation_id);
    CREATE INDEX evidence_event ON evidence(event_id);
    CREATE INDEX evidence_doc ON evidence(doc_id);
    CREATE TABLE decisions (
        kind TEXT NOT NULL,
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        outcome TEXT NOT NULL,
        score REAL,
        features TEXT NOT NULL DEFAULT '{}',
        decided_at TEXT NOT NULL,
        PRIMARY KEY (kind, a, b)
    );
    CREATE TABLE judgements (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        judgement TEXT NOT NULL CHECK (judgement IN ('same', 'not-same', 'unsure')),
        author TEXT,
        a_name TEXT, b_name TEXT,
        judged_at TEXT NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE TABLE watchlist (
        entity_id TEXT PRIMARY KEY,
        note TEXT,
        added_at TEXT NOT NULL
    );
    CREATE TABLE relation_history (
        id INTEGER PRIMARY KEY,
        relation_id TEXT NOT NULL,
        certainty TEXT NOT NULL,
        sources INTEGER NOT NULL,
        grade INTEGER,
        confidence INTEGER,
        doc_id TEXT,
        at TEXT NOT NULL
    );
    CREATE INDEX relation_history_rel ON relation_history(relation_id, at);
    """,
    # 2: places (resolve): coordinates and containment codes of resolved locations, for the map
    # and for event matching; the entity_keys index lets resolution read an entity's keys back.
    """
    CREATE TABLE places (
        entity_id TEXT PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        geonames_id INTEGER,
        lat REAL,
        lon REAL,
        country TEXT,
        admin1 TEXT,
        feature TEXT NOT NULL
    );
    CREATE INDEX places_key ON places(key);
    CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
    """,
    # 3: full-text search over documents (title, text) and entity names (name + aliases), kept in sync by
    # triggers. doc_fts is keyed by documents.seq, not the implicit rowid, which VACUUM may renumber.
    """
CREATE VIRTUAL TABLE doc_fts USING fts5(
    title, text, content='documents', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER doc_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO doc_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER doc_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO doc_fts(doc_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER doc_fts_update AFTER UPDATE OF title, text, seq ON documents BEGIN
    INSERT INTO doc_fts(doc_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO doc_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TABLE entity_search (n INTEGER PRIMARY KEY, entity_id TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE entity_fts USING fts5(
    name, aliases, tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER entity_fts_insert AFTER INSERT ON entities BEGIN
    INSERT OR IGNORE INTO entity_search(entity_id) VALUES (new.id);
    INSERT INTO entity_fts(rowid, name, aliases)
        VALUES ((SELECT n FROM entity_search WHERE entity_id = new.id), new.name, '');
END;
CREATE TRIGGER entity_fts_rename AFTER UPDATE OF name ON entities
WHEN old.name IS NOT new.name BEGIN
    UPDATE entity_fts SET name = new.name WHERE rowid = (SELECT n FROM entity_search WHERE entity_id = new.id);
END;
CREATE TRIGGER entity_fts_delete AFTER DELETE ON entities BEGIN
    DELETE FROM entity_fts WHERE rowid = (SELECT n FROM entity_search WHERE entity_id = old.id);
    DELETE FROM entity_search WHERE entity_id = old.id;
END;
CREATE TRIGGER entity_fts_alias_insert AFTER INSERT ON aliases
WHEN NOT EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = new.entity_id AND a.name = new.name
                 AND a.rowid <> new.rowid) BEGIN
    UPDATE entity_fts SET aliases = aliases || ' | ' || new.name
    WHERE rowid = (SELECT n FROM entity_search WHERE entity_id = new.entity_id);
END;
CREATE TRIGGER entity_fts_alias_delete AFTER DELETE ON aliases
WHEN NOT EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = old.entity_id AND a.name = old.name) BEGIN
    UPDATE entity_fts SET aliases = COALESCE(
        (SELECT group_concat(n, ' | ') FROM (SELECT DISTINCT name AS n FROM aliases WHERE entity_id = old.entity_id)), '')
    WHERE rowid = (SELECT n FROM entity_search WHERE entity_id = old.entity_id);
END;

INSERT INTO doc_fts(doc_fts) VALUES ('rebuild');
DELETE FROM entity_fts;
DELETE FROM entity_search;
INSERT INTO entity_search(entity_id) SELECT id FROM entities ORDER BY id;
INSERT INTO entity_fts(rowid, name, aliases)
    SELECT s.n, e.name, COALESCE((SELECT group_concat(n, ' | ') FROM
        (SELECT DISTINCT name AS n FROM aliases WHERE entity_id = e.id)), '')
    FROM entities e JOIN entity_search s ON s.entity_id = e.id;
""",
    # 4: resolution at scale: summaries the writer keeps beside the rows they summarise, so a look-up
    # costs about what it returns, not how often an entity or relation has been reported.
    # relation_sources is the provenance grading reads: one row per (relation, outlet, label) for
    # documents of a known outlet, one per document otherwise (no outlet, a copy, or copied by another
    # document), so grading a relation costs about its number of outlets, not its number of quotes.
    """
    CREATE TABLE relation_sources (
        relation_id TEXT NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL,  -- '' when the row stands for every such document of its outlet
        copy_of TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        certainty TEXT NOT NULL,
        learned_at TEXT NOT NULL,
        PRIMARY KEY (relation_id, doc_id, copy_of, source, certainty)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO relation_sources(relation_id, doc_id, copy_of, source, certainty, learned_at)
        SELECT e.relation_id,
               CASE WHEN d.source IS NULL OR d.copy_of IS NOT NULL
                    OR EXISTS (SELECT 1 FROM documents c WHERE c.copy_of = d.id) THEN d.id ELSE '' END,
               COALESCE(d.copy_of, ''), COALESCE(d.source, ''), e.certainty, MIN(e.learned_at)
        FROM evidence e JOIN documents d ON d.id = e.doc_id WHERE e.relation_id IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5;
    -- An entity's keys by prefix (its context keys, not its many name keys) straight from the index.
    CREATE INDEX entity_keys_by_entity ON entity_keys(entity_id, key);
    DROP INDEX entity_keys_entity;
    -- Each entity's distinct names in order of first appearance: aliases holds a row per name and
    -- document, so reading names from it cost as many rows as the entity had mentions.
    CREATE TABLE entity_names (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        UNIQUE (entity_id, name)
    );
    INSERT OR IGNORE INTO entity_names(entity_id, name) SELECT entity_id, name FROM aliases ORDER BY rowid;
    """,
    # 5: what ingest had to decide about a document, kept with it (issue 16): how its encoding was chosen
    # when the input did not say (a guessed code page, damaged UTF-8), and where extraction stopped when
    # the text is longer than the extraction limit (the whole text is still stored and searchable).
    """
    ALTER TABLE documents ADD COLUMN encoding_note TEXT;
    ALTER TABLE documents ADD COLUMN truncated_at INTEGER;
    """,
    # 6: roles in time. A relation some source says has ended ("former chief", "the late X") is never
    # shown as current; `ended` is its end date where a source gives one (exported as FtM endDate and
    # STIX stop_time).
    """
    ALTER TABLE relations ADD COLUMN former INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE relations ADD COLUMN ended TEXT;
    """,
    # 7: what extraction says about how much the text itself says (issue 12, the events branch).
    # entities.generic: a group the text does not name ('unidentified gunmen', 'Fulani extremists'), kept so
    # an attack has an actor; resolution keeps it to its document and never merges it with a named group,
    # and organisation links leave it out. events.date_source: 'text' when the articles date the event,
    # 'published' when the date is inferred from the publication date of an article whose main event it is.
    """
    ALTER TABLE entities ADD COLUMN generic INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN date_source TEXT;
    """,
    # 8: reconciliation (resolve/reconcile.py) merges entities and events after the fact, and names and
    # types them by what their sources say. entity_names counts the documents using each name (the
    # canonical name is the most used); entity_types counts the documents that typed the entity each
    # way (its type is the reference list's, else the majority's); the indexes let a merge find every
    # row naming the absorbed entity or event without scanning (the indexes on events' places, roles' entities
    # and decisions' second side are migration 9's). alias_evidence keeps the sentence in
    # which a document equated two names ("X, whose real name is Y").
    """
    ALTER TABLE entity_names ADD COLUMN docs INTEGER NOT NULL DEFAULT 0;
    UPDATE entity_names SET docs = (SELECT COUNT(DISTINCT a.doc_id) FROM aliases a
                                    WHERE a.entity_id = entity_names.entity_id AND a.name = entity_names.name);
    CREATE TABLE entity_types (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        docs INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entity_id, type)
    ) WITHOUT ROWID;
    INSERT INTO entity_types(entity_id, type, docs)
        SELECT entity_id, type, COUNT(DISTINCT doc_id) FROM mentions WHERE entity_id IS NOT NULL GROUP BY 1, 2;
    CREATE TABLE alias_evidence (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        equated TEXT NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        quote TEXT NOT NULL,
        cue TEXT NOT NULL,
        PRIMARY KEY (entity_id, name, equated, doc_id, start)
    );
    CREATE INDEX event_keys_event ON event_keys(event_id);
    """,
    # 9: analyst reads at scale (issue 14): every list an analyst pages through, and every neighbourhood a
    # page shows, is an index range, not a scan of the table (a page of relations says when each was last
    # reported with one seek of evidence_relation_learned per relation, not a read of its quotes).
    """
    CREATE INDEX decisions_a ON decisions(a, kind, outcome, score);
    CREATE INDEX decisions_b ON decisions(b, kind, outcome, score);
    CREATE INDEX event_roles_entity ON event_roles(entity_id);
    CREATE INDEX events_location ON events(location_id);
    CREATE INDEX events_listed ON events(date, id);
    CREATE INDEX entities_listed ON entities(type, first_seen, id);
    CREATE INDEX relations_type ON relations(type);
    CREATE INDEX relations_ranked ON relations(grade, sources DESC, type, id);
    CREATE INDEX relation_history_at ON relation_history(at);
    CREATE INDEX aliases_doc ON aliases(doc_id);
    CREATE INDEX evidence_relation_learned ON evidence(relation_id, learned_at);
    """,
    # 10: the organisation link index (analyse/index.py keeps it; issue 14). graph_changes is the writer's
    # log of what a transaction touched, consumed and emptied by the index; the rest are the index itself:
    # independent-source groups (union-find, flattened), every hop of the evidence graph with its grade,
    # the org-to-org paths and their hops, and the links those paths make, each with its source roots.
    """
    CREATE TABLE graph_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,  -- document / entity / event / relation
        item TEXT NOT NULL
    );
    CREATE TABLE index_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE source_nodes (
        node TEXT PRIMARY KEY,  -- doc:<id> or outlet:<folded name>
        root TEXT NOT NULL
    );
    CREATE INDEX source_nodes_root ON source_nodes(root);
    CREATE TABLE hops (
        key TEXT PRIMARY KEY,  -- the relation id, or role:<actor>:<type>:<event> for an event role without one
        relation_id TEXT,
        event_id TEXT,
        source TEXT NOT NULL,
        type TEXT NOT NULL,
        target TEXT NOT NULL,
        source_type TEXT NOT NULL,
        target_type TEXT NOT NULL,
        certainty TEXT NOT NULL,
        grade INTEGER NOT NULL,
        learned_at TEXT NOT NULL,
        published TEXT,
        sources INTEGER NOT NULL DEFAULT 0,
        seen_evidence INTEGER NOT NULL DEFAULT 0,
        role TEXT,
        denied INTEGER NOT NULL DEFAULT 0,  -- some source denies it (contested, unless its label is a denial)
        former INTEGER NOT NULL DEFAULT 0,  -- the relation's `former` (migration 6): never shown as current
        ended TEXT  -- and its end date, where known
    );
    CREATE INDEX hops_source ON hops(source, type);
    CREATE INDEX hops_target ON hops(target, type);
    CREATE INDEX hops_event ON hops(event_id);
    CREATE TABLE hop_roots (
        hop TEXT NOT NULL,
        root TEXT NOT NULL,
        PRIMARY KEY (hop, root)
    ) WITHOUT ROWID;
    CREATE INDEX hop_roots_root ON hop_roots(root);
    CREATE TABLE org_paths (
        id TEXT PRIMARY KEY,
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        kind TEXT NOT NULL,
        via TEXT,
        nodes TEXT NOT NULL,  -- JSON list, a first
        hops TEXT NOT NULL,  -- JSON list of hop keys, hops[i] joins nodes[i] and nodes[i + 1]
        connector TEXT NOT NULL,  -- JSON list of the hop keys that make the connection itself
        n_hops INTEGER NOT NULL,
        grade INTEGER NOT NULL,
        strength INTEGER NOT NULL,
        sources INTEGER NOT NULL,
        learned_at TEXT NOT NULL,
        date TEXT
    );
    CREATE INDEX org_paths_ranked ON org_paths(a, b, grade, strength DESC, n_hops, sources DESC);
    CREATE INDEX org_paths_date ON org_paths(date);
    CREATE INDEX org_paths_via ON org_paths(via);
    CREATE TABLE path_hops (
        hop TEXT NOT NULL,
        path TEXT NOT NULL,
        connector INTEGER NOT NULL,
        PRIMARY KEY (hop, path)
    ) WITHOUT ROWID;
    CREATE INDEX path_hops_path ON path_hops(path);
    CREATE TABLE org_links (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        a_name TEXT NOT NULL,
        b_name TEXT NOT NULL,
        grade INTEGER NOT NULL,
        strength INTEGER NOT NULL,
        sources INTEGER NOT NULL,
        paths INTEGER NOT NULL,
        kinds TEXT NOT NULL,  -- sorted, comma-separated
        learned_at TEXT NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX org_links_ranked ON org_links(grade, sources DESC, a_name, b_name);
    CREATE INDEX org_links_b ON org_links(b);
    CREATE TABLE link_roots (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        root TEXT NOT NULL,
        PRIMARY KEY (a, b, root)
    ) WITHOUT ROWID;
    CREATE INDEX link_roots_root ON link_roots(root);
    CREATE TABLE event_roots (
        event TEXT NOT NULL,
        root TEXT NOT NULL,
        PRIMARY KEY (event, root)
    ) WITHOUT ROWID;
    CREATE INDEX event_roots_root ON event_roots(root);
    CREATE TABLE actor_orgs (
        actor TEXT NOT NULL,
        org TEXT NOT NULL,
        learned_at TEXT NOT NULL,
        PRIMARY KEY (actor, org)
    ) WITHOUT ROWID;
    """,
    # 11: alerts, recorded when the index learns what they report (issue 14), and what each analyst has seen.
    # Evidence and names are copied in: an alert is history and must read the same after a re-resolution.
    """
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,  -- when the store learned what set it off
        born TEXT,  -- for a change: when its subject was first learned (a --since filter drops changes to newer facts)
        subject TEXT NOT NULL,  -- the link, relation or event it is about
        title TEXT NOT NULL,
        certainty TEXT,
        grade INTEGER,
        previous TEXT NOT NULL DEFAULT '{}',
        path TEXT,
        subjects TEXT NOT NULL,  -- JSON [[id, name, type], ...]
        evidence TEXT NOT NULL DEFAULT '[]',  -- JSON evidence as cited, at most a handful
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX alerts_at ON alerts(at, kind, title);
    CREATE TABLE alert_subjects (
        entity_id TEXT NOT NULL,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, alert_id)
    ) WITHOUT ROWID;
    CREATE INDEX alert_subjects_alert ON alert_subjects(alert_id);
    CREATE TABLE analysts (
        name TEXT PRIMARY KEY,
        seen_up_to INTEGER NOT NULL DEFAULT 0,  -- every alert up to this id is seen
        updated_at TEXT NOT NULL
    );
    CREATE TABLE alert_reads (
        analyst TEXT NOT NULL,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        read_at TEXT NOT NULL,
        PRIMARY KEY (analyst, alert_id)
    ) WITHOUT ROWID;
    """,
    # 12: search by outlet (issue 17): an outlet named in the search box lists its documents from an index
    # on the outlet's name in lower case, not a scan of every document.
    """
    CREATE INDEX documents_source ON documents(lower(source), seq);
    """,
    # 13: documents by language (issue 18: lists filtered by a document's language read an index range), and on
    # PostgreSQL each document's tsvector stored (issue 15), so ranking the documents a word matches reads their
    # vectors instead of parsing their text again (pg_tables.OVERRIDES[13]; SQLite's FTS5 already holds them).
    """
    CREATE INDEX documents_language ON documents(language, seq);
    """,
    # 14: the link index stops keeping every path (issue 14: their number grows with the square of a hub's ties).
    # A link is the sum of its parts: one row per unit (a connection: a meeting, a shared event, a front claim,
    # an alliance; or one person standing for both groups), pair and date, with what ranks and counts its paths;
    # unit_hops says which units a hop's change reaches (core: the hop counts the link's sources). org_paths keeps
    # only each pair's best paths, for display, each with its unit. The index is rebuilt, silently, on next use.
    """
    ALTER TABLE org_paths ADD COLUMN unit TEXT NOT NULL DEFAULT '';
    CREATE INDEX org_paths_unit ON org_paths(unit);
    CREATE TABLE link_parts (
        unit TEXT NOT NULL,  -- c|<kind>|<hop keys, sorted, |-joined>, or m|<person>|<a>|<b> for a shared member
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        date TEXT NOT NULL,  -- the paths' date as analyse.paths dates them; '' when undated
        kind TEXT NOT NULL,
        grade INTEGER NOT NULL,  -- the best of these paths' grades
        strength INTEGER NOT NULL,  -- the strongest of their labels
        paths INTEGER NOT NULL,  -- how many paths
        learned_at TEXT NOT NULL,  -- the earliest any of them could be drawn
        PRIMARY KEY (unit, a, b, date)
    ) WITHOUT ROWID;
    CREATE INDEX link_parts_pair ON link_parts(a, b, date);
    CREATE INDEX link_parts_date ON link_parts(date);
    CREATE TABLE unit_hops (
        hop TEXT NOT NULL,
        unit TEXT NOT NULL,
        core INTEGER NOT NULL,  -- the hop is the connection itself: its sources are the link's
        PRIMARY KEY (hop, unit)
    ) WITHOUT ROWID;
    CREATE INDEX unit_hops_unit ON unit_hops(unit, core);
    DELETE FROM org_paths;
    DELETE FROM path_hops;
    UPDATE index_state SET value = 'rebuild-silently' WHERE name = 'links';
    """,
]

SEARCH_REBUILD = """
INSERT INTO doc_fts(doc_fts) VALUES ('rebuild');
DELETE FROM entity_fts;
DELETE FROM entity_search;
INSERT INTO entity_search(entity_id) SELECT id FROM entities ORDER BY id;
INSERT INTO entity_fts(rowid, name, aliases)
    SELECT s.n, e.name, COALESCE((SELECT group_concat(n, ' | ') FROM
        (SELECT DISTINCT name AS n FROM aliases WHERE entity_id = e.id)), '')
    FROM entities e JOIN entity_search s ON s.entity_id = e.id;
"""


def statements(script: str) -> list[str]:
    """Split SQL into complete statements; unlike str.split(';') this keeps trigger bodies whole."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s.rstrip(";").strip()]
