-- geopol store, schema version 2 (2 added mentions.why and mentions.located). One DuckDB file; every row keeps its document id, and every
-- offset refers to documents.text.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, command VARCHAR,
    geopol_version VARCHAR, model VARCHAR, settings JSON,
    n_ok INTEGER, n_failed INTEGER, n_skipped INTEGER, n_events INTEGER, status VARCHAR
);
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY, status VARCHAR NOT NULL, error_code VARCHAR, error_message VARCHAR,
    title VARCHAR, published DATE, url VARCHAR, language VARCHAR, origin VARCHAR, text VARCHAR,
    run_id VARCHAR, ingested_at TIMESTAMP
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
    published DATE, record JSON, PRIMARY KEY (doc_id, event_no)
);
CREATE TABLE IF NOT EXISTS participants (
    doc_id VARCHAR, event_no INTEGER, role VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR,
    actor_name VARCHAR, country VARCHAR, sector VARCHAR, kind VARCHAR, wikidata VARCHAR
);
CREATE TABLE IF NOT EXISTS claims (doc_id VARCHAR, claim_no INTEGER, record JSON, PRIMARY KEY (doc_id, claim_no));
CREATE TABLE IF NOT EXISTS figures (doc_id VARCHAR, figure_no INTEGER, record JSON, PRIMARY KEY (doc_id, figure_no));
