-- odstat schema: the publisher's identifier for the COUNTER dataset report
-- and the site of each collector run.
--
-- dataset.publisher_id: one or more ids of the agency, ';'-separated, each
-- as COUNTER types them: isni:..., orcid:..., grid:..., client-id:..., or
-- a whole URN (urn:oid:2.16.886.101.20003). From the plain CSV catalog's
-- publisher_id column; NULL when no import has said anything.
ALTER TABLE dataset ADD COLUMN publisher_id TEXT;

-- runs.site: the site a run collected for (SPEC §7), so `status --site`
-- counts that site's runs; NULL for runs recorded before this migration.
ALTER TABLE runs ADD COLUMN site TEXT;
