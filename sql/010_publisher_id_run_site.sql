-- odstat schema: the publisher's identifier for the COUNTER dataset report
-- the site of each collector run, and the size of a compressed file read whole.
--
-- dataset.publisher_id: one or more ids of the agency, ';'-separated, each
-- as COUNTER types them: isni:..., orcid:..., grid:..., client-id:..., or
-- a whole URN (urn:oid:2.16.886.101.20003). From the plain CSV catalog's
-- publisher_id column; NULL when no import has said anything.
ALTER TABLE dataset ADD COLUMN publisher_id TEXT;

-- runs.site: the site a run collected for (SPEC §7), so `status --site`
-- counts that site's runs; NULL for runs recorded before this migration.
ALTER TABLE runs ADD COLUMN site TEXT;

-- ingest.whole_size: the on-disk size of a compressed file when it was
-- read to its end. A bzip2 file does not say how long its content is, so
-- a rotated .bz2 that is that size still is known as counted without
-- decompressing it again (gzip, xz and zstd say their length).
ALTER TABLE ingest ADD COLUMN whole_size INTEGER;

-- runs.rejected_fields: lines rejected for a field count that is not the
-- header's (W3C), the sixth reason the summary line names.
ALTER TABLE runs ADD COLUMN rejected_fields INTEGER NOT NULL DEFAULT 0;
