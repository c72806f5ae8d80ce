-- geopol store, schema version 5 (2 added mentions.why and mentions.located; 3 added events.claim_no
-- and the columns of claims and figures; 4 added documents.source and the deduplication tables; 5
-- added events.background: an event dated more than a year before publication). One
-- DuckDB file; every row keeps its document id, and every offset refers to documents.text.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, command VARCHAR,
    geopol_version VARCHAR, model VARCHAR, settings JSON,
    n_ok INTEGER, n_failed INTEGER, n_skipped INTEGER, n_events INTEGER, status VARCHAR
);
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY, status VARCHAR NOT NULL, error_code VARCHAR, error_message VARCHAR,
    title VARCHAR, published DATE, url VARCHAR, language VARCHAR, origin VARCHAR, text VARCHAR,
    run_id VARCHAR, ingested_at TIMESTAMP, source VARCHAR
);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR, mention_no INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR,
    actor_name VARCHAR, country VARCHAR, sector VARCHAR, kind VARCHAR, wikidata VARCHAR,
    how VARCHAR, confidence DOUBLE, why VARCHAR, located VARCHAR, PRIMARY KEY (doc_id, mention_no)
);
CREATE TABLE IF NOT EXISTS events (
    doc_id VARCHAR, event_no INTEGER, type VARCHAR, quad INTEGER, mode VARCHAR, context VARCHAR[],
    reciprocal BOOLEAN, trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, negated BOOLEAN, hypothetical BOOLEAN,
    future BOOLEAN, certainty VARCHAR, confidence DOUBLE, date_start DATE, date_end DATE,
    published DATE, record JSON, claim_no INTEGER, background BOOLEAN, PRIMARY KEY (doc_id, event_no)
);
CREATE TABLE IF NOT EXISTS participants (
    doc_id VARCHAR, event_no INTEGER, role VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR,
    actor_name VARCHAR, country VARCHAR, sector VARCHAR, kind VARCHAR, wikidata VARCHAR
);
-- a claim: who (claimant_*; all null when the author asserts it) said what (content_*), how (kind,
-- certainty, negated); events.claim_no points here
CREATE TABLE IF NOT EXISTS claims (
    doc_id VARCHAR, claim_no INTEGER, kind VARCHAR, certainty VARCHAR, negated BOOLEAN,
    claimant_text VARCHAR, claimant_name VARCHAR, claimant_country VARCHAR, claimant_sector VARCHAR,
    cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR,
    content_start INTEGER, content_end INTEGER, content_text VARCHAR, record JSON,
    PRIMARY KEY (doc_id, claim_no)
);
-- a figure: value (and upper for a range) in unit, bound, what it measures, the countries of the
-- actors it concerns, its period
CREATE TABLE IF NOT EXISTS figures (
    doc_id VARCHAR, figure_no INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR,
    value DOUBLE, upper DOUBLE, unit VARCHAR, bound VARCHAR, quantity VARCHAR, countries VARCHAR[],
    period_start DATE, period_end DATE, record JSON, PRIMARY KEY (doc_id, figure_no)
);
-- deduplication (geopol.analysis.dedup), recomputed from the tables above after every ingest:
-- a near-duplicate document (a syndicated copy, an updated version) points to the earliest of its group
CREATE TABLE IF NOT EXISTS duplicates (doc_id VARCHAR PRIMARY KEY, duplicate_of VARCHAR, similarity DOUBLE);
-- a real-world event: the reports (events rows) that tell of it, its parties (ISO-3 for states, the
-- name of an IGO/NGO/company), its dates, its certainty (the surest report's) and how many
-- independent sources report it (near-duplicate copies count once, one outlet counts once)
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id VARCHAR PRIMARY KEY, type VARCHAR, quad INTEGER, negated BOOLEAN, hypothetical BOOLEAN,
    reciprocal BOOLEAN, day DATE, date_start DATE, date_end DATE, source_parties VARCHAR[],
    target_parties VARCHAR[], reports INTEGER, documents INTEGER, sources INTEGER, certainty VARCHAR,
    first_doc VARCHAR, first_event INTEGER
);
CREATE TABLE IF NOT EXISTS cluster_reports (cluster_id VARCHAR, doc_id VARCHAR, event_no INTEGER, similarity DOUBLE,
    PRIMARY KEY (doc_id, event_no));
-- the directed party pairs of a cluster (a joint act such as 'China and Russia agreed' in both directions)
CREATE TABLE IF NOT EXISTS cluster_dyads (cluster_id VARCHAR, a VARCHAR, b VARCHAR);
