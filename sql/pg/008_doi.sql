-- odstat schema, for PostgreSQL (twin of sql/008_doi.sql): the DOI of a
-- dataset, for the COUNTER dataset report (odstat-report counter). The bare
-- DOI ("10.1234/abc", no "doi:" or resolver prefix) from a CKAN
-- `doi`/`identifier` extra or the plain CSV's `doi` column; NULL when no
-- import has said anything, '' when an import said there is none. Datasets
-- without one are reported under a Proprietary id (platform:dataset_id).
ALTER TABLE dataset ADD COLUMN doi TEXT;
