/* status_report.c - one row per fact about the database.
 *
 * The database is at the current schema when a report reads it (db_open
 * migrates it), so every table is there. The SQL is what both engines
 * speak: lists are joined and times formatted here, not with SQLite's
 * group_concat and strftime.
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include "status_report.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "msg.h"
#include "table.h"
#include "usage.h"

enum shape {
    ONE,       /* the one value of the first row */
    LIST,      /* the values of every row, joined by ", " */
    UTC,       /* a Unix time, as YYYY-MM-DD HH:MM:SS in UTC */
    VERSION,   /* the schema version (no SQL: dbi knows where it is kept) */
};

/* A fact. One of the sites' own tables (SITED) counts only the --site
 * sites when some are given (SITE_FILTER); the catalog and the lists are
 * the database's. */
struct fact {
    const char *item;
    enum shape shape;
    const char *sql;
    bool sited;
};

#define WHERE_SITE " WHERE" SITE_FILTER
#define AND_SITE " AND" SITE_FILTER

static const struct fact facts[] = {
    {"schema_version", VERSION, NULL, false},
    {"writer_version", ONE,
     "SELECT COALESCE((SELECT value FROM meta WHERE key = 'writer_version'),"
     " 'unknown (an older odstat did not record it)')", false},
    /* a site is there once a file of it was read or it has counts; monthly
     * has the sites of daily in a twelfth of the rows (no index on site) */
    {"sites", LIST, "SELECT site FROM ingest" WHERE_SITE " UNION SELECT site FROM monthly"
     WHERE_SITE " ORDER BY 1", true},
    {"first_day", ONE, "SELECT MIN(day) FROM daily" WHERE_SITE, true},
    {"last_day", ONE, "SELECT MAX(day) FROM daily" WHERE_SITE, true},
    {"days_with_data", ONE, "SELECT COUNT(DISTINCT day) FROM daily" WHERE_SITE, true},
    {"days_with_late_lines", ONE,
     "SELECT COUNT(DISTINCT day) FROM late_lines WHERE lines > 0" AND_SITE, true},
    {"late_lines", ONE, "SELECT COALESCE(SUM(lines), 0) FROM late_lines" WHERE_SITE, true},
    {"days_with_rejected_lines", ONE,
     "SELECT COUNT(DISTINCT day) FROM rejects WHERE lines > 0" AND_SITE, true},
    {"rejected_lines", ONE, "SELECT COALESCE(SUM(lines), 0) FROM rejects" WHERE_SITE, true},
    {"files_read", ONE, "SELECT COUNT(*) FROM ingest" WHERE_SITE, true},
    {"lines_read", ONE, "SELECT COALESCE(SUM(lines), 0) FROM ingest" WHERE_SITE, true},
    /* runs recorded before runs.site (schema 9) belong to no site */
    {"collector_runs", ONE, "SELECT COUNT(*) FROM runs" WHERE_SITE, true},
    {"last_run_utc", UTC, "SELECT MAX(finished) FROM runs" WHERE_SITE, true},
    {"catalog_datasets", ONE, "SELECT COUNT(*) FROM dataset", false},
    {"catalog_aliases", ONE, "SELECT COUNT(*) FROM alias", false},
    {"snapshots", ONE, "SELECT COUNT(*) FROM snapshot", false},
    {"robot_list", ONE,
     "SELECT COALESCE((SELECT value FROM meta WHERE key = 'robot_list'), 'not recorded')", false},
    {"machine_list", ONE,
     "SELECT COALESCE((SELECT value FROM meta WHERE key = 'machine_list'), 'not recorded')",
     false},
};
#define NFACTS (sizeof facts / sizeof facts[0])

static const struct table_column columns[] = {
    {"item", "item", false, true},
    {"value", "value", false, false},
};

/* Appends the text of the current row of ST (by F's shape) to LIST. */
static void put_value(const struct fact *f, struct dbi_stmt *st, FILE *list, bool first)
{
    if (f->shape == UTC) {
        time_t t = (time_t)dbi_column_int64(st, 0);
        struct tm tm;
        char when[32];
        if (!dbi_column_is_null(st, 0) && gmtime_r(&t, &tm) &&
            strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm))
            fputs(when, list);
        return;
    }
    if (!first)
        fputs(", ", list);
    if (!dbi_column_is_null(st, 0))
        fputs(dbi_column_text(st, 0), list);
}

/* The value of F's SQL, for OPT's sites, into LIST. */
static enum status read_fact(struct dbi *db, const struct fact *f,
                             const struct report_options *opt, FILE *list)
{
    struct dbi_stmt *st = NULL;
    int r = DBI_DONE;
    enum status rc = db_prepare(db, &st, f->sql);

    if (rc == ST_OK && f->sited)
        usage_bind_sites(st, opt);
    for (bool first = true; rc == ST_OK && (r = dbi_step(st)) == DBI_ROW; first = false) {
        put_value(f, st, list, first);
        if (f->shape != LIST)
            break;
    }
    if (rc == ST_OK && r == DBI_ERROR) {
        errorf("cannot read %s: %s", f->item, dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

/* F's value into T's next row. */
static enum status add_fact(struct dbi *db, const struct fact *f,
                            const struct report_options *opt, struct table *t)
{
    char *value = NULL;
    size_t len = 0;
    FILE *list = open_memstream(&value, &len);
    enum status rc = list ? ST_OK : ST_NOMEM;
    int version = 0;

    if (rc == ST_OK && f->shape == VERSION && (rc = dbi_schema_version(db, &version)) == ST_OK)
        fprintf(list, "%d", version);
    else if (rc == ST_DB)
        errorf("cannot read the schema version: %s", dbi_errmsg(db));
    else if (rc == ST_OK && f->shape != VERSION)
        rc = read_fact(db, f, opt, list);
    if (list && fclose(list) != 0 && rc == ST_OK)
        rc = ST_NOMEM;
    if (rc == ST_OK) {
        const char *cells[2] = {f->item, value};
        rc = table_add_row(t, cells);
    }
    free(value);
    return rc;
}

enum status report_status(struct dbi *db, const struct report_options *opt, FILE *out)
{
    struct table *t = table_new(columns, 2, "odstat database");
    enum status rc = t ? ST_OK : ST_NOMEM;

    for (size_t i = 0; i < NFACTS && rc == ST_OK; i++)
        rc = add_fact(db, &facts[i], opt, t);
    if (rc == ST_OK) {
        struct render_options ro = {.format = opt->format, .bom = opt->bom};
        rc = table_render(t, &ro, out);
    }
    table_free(t);
    return rc;
}
