/* publishers.c - tables per agency. Datasets seen in the logs but missing
 * from the catalog are grouped under "(not in catalog)". */
#include "publishers.h"

#include <inttypes.h>
#include <string.h>

#include "db.h"
#include "graphs.h"
#include "lang.h"
#include "msg.h"
#include "table.h"
#include "usage.h"

/* Per publisher: catalog datasets, active datasets, views, downloads, and
 * the portal totals for the shares. ?7 names the "no publisher" group. */
static const char publishers_sql[] =
    "WITH u AS (SELECT u.id, u.views, u.downloads, COALESCE(ds.publisher, ?7) AS pub"
    "           FROM (" USAGE_SQL ") AS u LEFT JOIN dataset AS ds ON ds.id = u.id"
    "           WHERE u.views > 0 OR u.downloads > 0),"
    " cat AS (SELECT COALESCE(publisher, ?7) AS pub, COUNT(*) AS n FROM dataset GROUP BY 1),"
    " act AS (SELECT pub, COUNT(*) AS n, SUM(views) AS v, SUM(downloads) AS d FROM u GROUP BY 1),"
    " pubs AS (SELECT pub FROM cat UNION SELECT pub FROM act)"
    " SELECT p.pub, COALESCE(cat.n, 0), COALESCE(act.n, 0), COALESCE(act.v, 0),"
    " COALESCE(act.d, 0), (SELECT SUM(views) FROM u), (SELECT SUM(downloads) FROM u)"
    " FROM pubs AS p LEFT JOIN cat ON cat.pub = p.pub LEFT JOIN act ON act.pub = p.pub"
    " WHERE ?8 IS NULL OR p.pub = ?8"
    " ORDER BY 5 DESC, 4 DESC, 1";

static const char *const pub_keys[] = {"publisher", "datasets", "active_datasets", "views",
                                       "downloads", "view_share", "download_share"};
#define PUB_COLS 7

static void share(double part, double whole, char out[24])
{
    out[0] = '\0';
    if (whole > 0)
        snprintf(out, 24, "%.1f", 100.0 * part / whole);
}

enum status publishers_fill(struct dbi *db, const struct report_options *opt, struct table **out)
{
    static struct table_column cols[PUB_COLS];
    struct dbi_stmt *st = NULL;
    int r = DBI_DONE;
    for (int i = 0; i < PUB_COLS; i++)
        cols[i] = (struct table_column){pub_keys[i], lang_heading(opt->lang, pub_keys[i]), i > 0};
    *out = table_new(cols, PUB_COLS, NULL);
    enum status rc = *out ? db_prepare(db, &st, publishers_sql) : ST_NOMEM;
    if (rc == ST_OK) {
        usage_bind(st, opt->from, opt->to);
        usage_bind_sites(st, opt);
        dbi_bind_text(st, 7, lang_heading(opt->lang, "not_in_catalog"), -1);
        if (opt->publisher)
            dbi_bind_text(st, 8, opt->publisher, -1);
    }
    while (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW) {
        char n[4][24], vs[24], ds[24];
        for (int i = 0; i < 4; i++)
            snprintf(n[i], 24, "%" PRId64, (int64_t)dbi_column_int64(st, 1 + i));
        share(dbi_column_double(st, 3), dbi_column_double(st, 5), vs);
        share(dbi_column_double(st, 4), dbi_column_double(st, 6), ds);
        const char *cells[PUB_COLS] = {dbi_column_text(st, 0), n[0], n[1],
                                       n[2], n[3], vs, ds};
        rc = table_add_row(*out, cells);
    }
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read publishers: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

enum status report_publishers(struct dbi *db, const struct report_options *opt, FILE *out)
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
    " COUNT(*) FILTER (WHERE COALESCE(badge, '') NOT IN ('bronze', 'silver', 'gold', 'platinum')),"
    " COUNT(*) FILTER (WHERE badge = 'bronze'), COUNT(*) FILTER (WHERE badge = 'silver'),"
    " COUNT(*) FILTER (WHERE badge = 'gold'), COUNT(*) FILTER (WHERE badge = 'platinum'),"
    " COUNT(*) FROM dataset"
    " WHERE ?2 IS NULL OR publisher = ?2 GROUP BY 2"
    " UNION ALL SELECT 1, ?3,"
    " COUNT(*) FILTER (WHERE COALESCE(badge, '') NOT IN ('bronze', 'silver', 'gold', 'platinum')),"
    " COUNT(*) FILTER (WHERE badge = 'bronze'), COUNT(*) FILTER (WHERE badge = 'silver'),"
    " COUNT(*) FILTER (WHERE badge = 'gold'), COUNT(*) FILTER (WHERE badge = 'platinum'),"
    " COUNT(*) FROM dataset WHERE ?2 IS NULL OR publisher = ?2"
    " HAVING COUNT(*) > 0 ORDER BY 1, 2";

enum status badges_fill(struct dbi *db, const struct report_options *opt, struct table **out)
{
    static const char *const keys[] = {"publisher", "none", "bronze", "silver", "gold",
                                       "platinum", "total"};
    static struct table_column cols[7];
    struct dbi_stmt *st = NULL;
    int r = DBI_DONE;
    for (int i = 0; i < 7; i++)
        cols[i] = (struct table_column){keys[i], lang_heading(opt->lang, keys[i]), i > 0};
    *out = table_new(cols, 7, NULL);
    enum status rc = *out ? db_prepare(db, &st, badges_sql) : ST_NOMEM;
    if (rc == ST_OK) {
        dbi_bind_text(st, 1, lang_heading(opt->lang, "not_in_catalog"), -1);
        if (opt->publisher)
            dbi_bind_text(st, 2, opt->publisher, -1);
        dbi_bind_text(st, 3, lang_heading(opt->lang, "total"), -1);
    }
    while (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW) {
        char n[6][24]; /* column 0 only sorts the total last */
        for (int i = 0; i < 6; i++)
            snprintf(n[i], 24, "%" PRId64, (int64_t)dbi_column_int64(st, 2 + i));
        const char *cells[7] = {dbi_column_text(st, 1), n[0], n[1], n[2],
                                n[3], n[4], n[5]};
        rc = table_add_row(*out, cells);
    }
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read badges: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

enum status report_badges(struct dbi *db, const struct report_options *opt, FILE *out)
{
    struct table *t = NULL;
    enum status rc = badges_fill(db, opt, &t);
    if (rc == ST_OK)
        rc = graph_write(t, opt, NULL, out);
    table_free(t);
    return rc;
}
