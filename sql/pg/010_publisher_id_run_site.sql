-- odstat schema, for PostgreSQL: twin of sql/010_publisher_id_run_site.sql
-- (the publisher's identifier for the COUNTER report; the site of a run).
ALTER TABLE dataset ADD COLUMN publisher_id TEXT;
ALTER TABLE runs ADD COLUMN site TEXT COLLATE "C";
ALTER TABLE ingest ADD COLUMN whole_size BIGINT;
ALTER TABLE runs ADD COLUMN rejected_fields BIGINT NOT NULL DEFAULT 0;
