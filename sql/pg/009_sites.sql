-- odstat schema, for PostgreSQL: twin of sql/009_sites.sql (the counts per
-- site). PostgreSQL changes the keys in place.
ALTER TABLE daily ADD COLUMN site TEXT COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE daily DROP CONSTRAINT daily_pkey, ADD PRIMARY KEY (day, dataset_id, site);
ALTER TABLE monthly ADD COLUMN site TEXT COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE monthly DROP CONSTRAINT monthly_pkey, ADD PRIMARY KEY (month, dataset_id, site);
ALTER TABLE daily_country ADD COLUMN site TEXT COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE daily_country DROP CONSTRAINT daily_country_pkey,
    ADD PRIMARY KEY (day, dataset_id, country, site);
ALTER TABLE rejects ADD COLUMN site TEXT COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE rejects DROP CONSTRAINT rejects_pkey, ADD PRIMARY KEY (day, reason, site);
