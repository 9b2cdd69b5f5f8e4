/* publishers.c - tables per agency. Datasets seen in the logs but missing
 * from the catalog are grouped under "(not in catalog)". */
#include "publishers.h"

#include <inttypes.h>
#include <string.h>

#include "cumulative.h"
#include "db.h"
#include "graphs.h"
#include "lang.h"
#include "msg.h"
#include "table.h"
#include "usage.h"

/* Per publisher: catalog datasets, active datasets, views, downloads, the
 * portal totals for the shares, and the range of snapshot dates the
 * numbers rest on. ?7 names the "no publisher" group. */
#define PUBLISHERS_SQL(source, as_of)                                                    \
    "WITH u AS (SELECT u.id, u.views, u.downloads, COALESCE(ds.publisher, ?7) AS pub, "  \
    as_of " FROM (" source ") AS u LEFT JOIN dataset AS ds ON ds.id = u.id"              \
    "           WHERE u.views > 0 OR u.downloads > 0),"                                  \
    " cat AS (SELECT COALESCE(publisher, ?7) AS pub, COUNT(*) AS n FROM dataset GROUP BY 1)," \
    " act AS (SELECT pub, COUNT(*) AS n, SUM(views) AS v, SUM(downloads) AS d, MIN(va) AS va0," \
    "  MAX(va) AS va1, MIN(da) AS da0, MAX(da) AS da1 FROM u GROUP BY 1),"               \
    " pubs AS (SELECT pub FROM cat UNION SELECT pub FROM act)"                           \
    " SELECT p.pub, COALESCE(cat.n, 0), COALESCE(act.n, 0), COALESCE(act.v, 0),"         \
    " COALESCE(act.d, 0), (SELECT SUM(views) FROM u), (SELECT SUM(downloads) FROM u),"   \
    " act.va0, act.va1, act.da0, act.da1"                                                \
    " FROM pubs AS p LEFT JOIN cat ON cat.pub = p.pub LEFT JOIN act ON act.pub = p.pub"  \
    " WHERE ?8 IS NULL OR p.pub = ?8"                                                    \
    " ORDER BY 5 DESC, 4 DESC, 1"
static const char *const publishers_sql[2] = {
    PUBLISHERS_SQL(USAGE_SQL, "NULL AS va, NULL AS da"),
    PUBLISHERS_SQL(CUMULATIVE_SQL, "u.views_as_of AS va, u.downloads_as_of AS da"),
};

static const char *const pub_keys[] = {"publisher", "datasets", "active_datasets", "views",
                                       "downloads", "view_share", "download_share", "snapshot"};
#define PUB_COLS 8

static void share(double part, double whole, char out[24])
{
    out[0] = '\0';
    if (whole > 0)
        snprintf(out, 24, "%.1f", 100.0 * part / whole);
}

static const char *text_at(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

enum status publishers_fill(sqlite3 *db, const struct report_options *opt, struct table **out)
{
    static struct table_column cols[PUB_COLS];
    sqlite3_stmt *st = NULL;
    int64_t from = opt->cumulative ? NO_DAY : opt->from;
    int r = SQLITE_DONE;
    bool snapshots = false;
    for (int i = 0; i < PUB_COLS; i++)
        cols[i] = (struct table_column){pub_keys[i], lang_heading(opt->lang, pub_keys[i]), i > 0};
    cols[PUB_COLS - 1] = (struct table_column){pub_keys[PUB_COLS - 1],
                                               lang_heading(opt->lang, pub_keys[PUB_COLS - 1]),
                                               .trusted = true, .machine_only = true};
    enum status rc = cumulative_fill(db, from, opt->to, &snapshots);
    *out = rc == ST_OK ? table_new(cols, snapshots ? PUB_COLS : PUB_COLS - 1, NULL) : NULL;
    if (rc == ST_OK)
        rc = *out ? db_prepare(db, &st, publishers_sql[snapshots]) : ST_NOMEM;
    if (rc == ST_OK) {
        usage_bind(st, from, opt->to);
        sqlite3_bind_text(st, 7, lang_heading(opt->lang, "not_in_catalog"), -1, SQLITE_STATIC);
        if (opt->publisher)
            sqlite3_bind_text(st, 8, opt->publisher, -1, SQLITE_STATIC);
    }
    while (rc == ST_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        char n[4][24], vs[24], ds[24], note[96];
        for (int i = 0; i < 4; i++)
            snprintf(n[i], 24, "%" PRId64, (int64_t)sqlite3_column_int64(st, 1 + i));
        share(sqlite3_column_double(st, 3), sqlite3_column_double(st, 5), vs);
        share(sqlite3_column_double(st, 4), sqlite3_column_double(st, 6), ds);
        cumulative_note(opt, text_at(st, 7), text_at(st, 8), text_at(st, 9), text_at(st, 10),
                        note, sizeof note);
        const char *cells[PUB_COLS] = {text_at(st, 0), n[0], n[1], n[2], n[3], vs, ds, note};
        rc = table_add_row(*out, cells);
    }
    if (rc == ST_OK && r != SQLITE_DONE) {
        errorf("cannot read publishers: %s", sqlite3_errmsg(db));
        rc = ST_DB;
    }
    if (rc == ST_OK && snapshots)
        rc = cumulative_footnote(*out, 0, PUB_COLS - 1, opt);
    sqlite3_finalize(st);
    return rc;
}

enum status report_publishers(sqlite3 *db, const struct report_options *opt, FILE *out)
{
    struct table *t = NULL;
    enum status rc = publishers_fill(db, opt, &t);
    if (rc == ST_OK)
        rc = graph_write(t, opt, graph_publishers, out);
    table_free(t);
    return rc;
}

/* Badges are the catalog's normalised words ('' when none); anything else
 * an import kept as written is counted under "none" too. */
static const char badges_sql[] =
    "SELECT 0, COALESCE(publisher, ?1),"
    " SUM(COALESCE(badge, '') NOT IN ('bronze', 'silver', 'gold', 'platinum')),"
    " SUM(badge = 'bronze'), SUM(badge = 'silver'), SUM(badge = 'gold'),"
    " SUM(badge = 'platinum'), COUNT(*) FROM dataset"
    " WHERE ?2 IS NULL OR publisher = ?2 GROUP BY 2"
    " UNION ALL SELECT 1, ?3,"
    " SUM(COALESCE(badge, '') NOT IN ('bronze', 'silver', 'gold', 'platinum')),"
    " SUM(badge = 'bronze'), SUM(badge = 'silver'), SUM(badge = 'gold'),"
    " SUM(badge = 'platinum'), COUNT(*) FROM dataset WHERE ?2 IS NULL OR publisher = ?2"
    " HAVING COUNT(*) > 0 ORDER BY 1, 2";

enum status badges_fill(sqlite3 *db, const struct report_options *opt, struct table **out)
{
    static const char *const keys[] = {"publisher", "none", "bronze", "silver", "gold",
                                       "platinum", "total"};
    static struct table_column cols[7];
    sqlite3_stmt *st = NULL;
    int r = SQLITE_DONE;
    for (int i = 0; i < 7; i++)
        cols[i] = (struct table_column){keys[i], lang_heading(opt->lang, keys[i]), i > 0};
    *out = table_new(cols, 7, NULL);
    enum status rc = *out ? db_prepare(db, &st, badges_sql) : ST_NOMEM;
    if (rc == ST_OK) {
        sqlite3_bind_text(st, 1, lang_heading(opt->lang, "not_in_catalog"), -1, SQLITE_STATIC);
        if (opt->publisher)
            sqlite3_bind_text(st, 2, opt->publisher, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, lang_heading(opt->lang, "total"), -1, SQLITE_STATIC);
    }
    while (rc == ST_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        char n[6][24]; /* column 0 only sorts the total last */
        for (int i = 0; i < 6; i++)
            snprintf(n[i], 24, "%" PRId64, (int64_t)sqlite3_column_int64(st, 2 + i));
        const char *cells[7] = {(const char *)sqlite3_column_text(st, 1), n[0], n[1], n[2],
                                n[3], n[4], n[5]};
        rc = table_add_row(*out, cells);
    }
    if (rc == ST_OK && r != SQLITE_DONE) {
        errorf("cannot read badges: %s", sqlite3_errmsg(db));
        rc = ST_DB;
    }
    sqlite3_finalize(st);
    return rc;
}

enum status report_badges(sqlite3 *db, const struct report_options *opt, FILE *out)
{
    struct table *t = NULL;
    enum status rc = badges_fill(db, opt, &t);
    if (rc == ST_OK)
        rc = graph_write(t, opt, NULL, out);
    table_free(t);
    return rc;
}
