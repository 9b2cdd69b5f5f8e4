/* status_report.c - one row per fact about the database. Tables that only
 * some schema versions have (late_lines, snapshot, site) are read only when
 * sqlite_master lists them, so status works on every database this odstat
 * can open, before and after those migrations. */
#include "status_report.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "db.h"
#include "table.h"

/* A fact: the first row whose table (and column) exists gives the value;
 * a row without SQL is the text shown when none does. */
struct fact {
    const char *item;
    const char *table, *column;   /* NULL: always there */
    const char *sql;              /* one value; NULL: FALLBACK */
    const char *fallback;
};

static const struct fact facts[] = {
    {"schema_version", NULL, NULL, "PRAGMA user_version", NULL},
    {"writer_version", NULL, NULL,
     "SELECT COALESCE((SELECT value FROM meta WHERE key = 'writer_version'),"
     " 'unknown (an older odstat did not record it)')", NULL},
    {"sites", "site", "name", "SELECT group_concat(name, ', ') FROM"
     " (SELECT DISTINCT name FROM site ORDER BY name)", NULL},
    {"sites", "daily", "site", "SELECT group_concat(site, ', ') FROM"
     " (SELECT DISTINCT site FROM daily ORDER BY site)", NULL},
    {"sites", NULL, NULL, NULL, "default"},
    {"first_day", NULL, NULL, "SELECT MIN(day) FROM daily", NULL},
    {"last_day", NULL, NULL, "SELECT MAX(day) FROM daily", NULL},
    {"days_with_data", NULL, NULL, "SELECT COUNT(DISTINCT day) FROM daily", NULL},
    {"days_with_late_lines", "late_lines", NULL,
     "SELECT COUNT(DISTINCT day) FROM late_lines WHERE lines > 0", NULL},
    {"days_with_late_lines", NULL, NULL, NULL, "not recorded by this schema"},
    {"late_lines", "late_lines", NULL, "SELECT COALESCE(SUM(lines), 0) FROM late_lines", NULL},
    {"late_lines", NULL, NULL, "SELECT COALESCE(SUM(late), 0) FROM runs", NULL},
    {"days_with_rejected_lines", NULL, NULL,
     "SELECT COUNT(DISTINCT day) FROM rejects WHERE lines > 0", NULL},
    {"rejected_lines", NULL, NULL, "SELECT COALESCE(SUM(lines), 0) FROM rejects", NULL},
    {"files_read", NULL, NULL, "SELECT COUNT(*) FROM ingest", NULL},
    {"lines_read", NULL, NULL, "SELECT COALESCE(SUM(lines), 0) FROM ingest", NULL},
    {"collector_runs", NULL, NULL, "SELECT COUNT(*) FROM runs", NULL},
    {"last_run_utc", NULL, NULL,
     "SELECT strftime('%Y-%m-%d %H:%M:%S', MAX(finished), 'unixepoch') FROM runs", NULL},
    {"catalog_datasets", NULL, NULL, "SELECT COUNT(*) FROM dataset", NULL},
    {"catalog_aliases", NULL, NULL, "SELECT COUNT(*) FROM alias", NULL},
    {"snapshots", "snapshot", NULL, "SELECT COUNT(*) FROM snapshot", NULL},
    {"snapshots", NULL, NULL, NULL, "not recorded by this schema"},
    {"robot_list", NULL, NULL,
     "SELECT COALESCE((SELECT value FROM meta WHERE key = 'robot_list'), 'not recorded')", NULL},
    {"machine_list", NULL, NULL,
     "SELECT COALESCE((SELECT value FROM meta WHERE key = 'machine_list'), 'not recorded')",
     NULL},
};
#define NFACTS (sizeof facts / sizeof facts[0])

static const struct table_column columns[] = {
    {"item", "item", false, true},
    {"value", "value", false, false},
};

/* Whether TABLE (and COLUMN, when given) exists. */
static enum status schema_has(struct dbi *db, const char *table, const char *column, bool *has)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, column
        ? "SELECT 1 FROM sqlite_master AS m, pragma_table_info(m.name) AS c"
          " WHERE m.type = 'table' AND m.name = ?1 AND c.name = ?2"
        : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    if (rc != ST_OK)
        return rc;
    dbi_bind_text(st, 1, table, -1);
    if (column)
        dbi_bind_text(st, 2, column, -1);
    rc = db_step(st, has, "the schema");
    dbi_finalize(st);
    return rc;
}

/* The value of F's SQL into T's next row. */
static enum status add_fact(struct dbi *db, const struct fact *f, struct table *t)
{
    struct dbi_stmt *st = NULL;
    bool row = false;
    enum status rc = f->sql ? db_prepare(db, &st, f->sql) : ST_OK;
    if (rc == ST_OK && st)
        rc = db_step(st, &row, f->item);
    if (rc == ST_OK) {
        const char *value = row ? dbi_column_text(st, 0) : f->fallback;
        const char *cells[2] = {f->item, value ? value : ""};
        rc = table_add_row(t, cells);
    }
    dbi_finalize(st);
    return rc;
}

enum status report_status(struct dbi *db, const struct report_options *opt, FILE *out)
{
    struct table *t = table_new(columns, 2, "odstat database");
    enum status rc = t ? ST_OK : ST_NOMEM;
    const char *done = "";   /* the item last shown: later rows of it are alternatives */

    for (size_t i = 0; i < NFACTS && rc == ST_OK; i++) {
        bool has = true;
        if (strcmp(facts[i].item, done) == 0)
            continue;
        if (facts[i].table)
            rc = schema_has(db, facts[i].table, facts[i].column, &has);
        if (rc == ST_OK && has) {
            rc = add_fact(db, &facts[i], t);
            done = facts[i].item;
        }
    }
    if (rc == ST_OK) {
        struct render_options ro = {.format = opt->format, .bom = opt->bom};
        rc = table_render(t, &ro, out);
    }
    table_free(t);
    return rc;
}
