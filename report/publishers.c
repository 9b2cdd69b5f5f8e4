/* publishers.c - tables per agency. Datasets seen in the logs but missing
 * from the catalog are grouped under "(not in catalog)". */
#include "publishers.h"

#include <inttypes.h>
#include <string.h>

#include "caption.h"
#include "civil.h"
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

static const char *text_at(struct dbi_stmt *st, int col)
{
    return dbi_column_text(st, col);
}

enum status publishers_fill(struct dbi *db, const struct report_options *opt, struct table **out)
{
    static struct table_column cols[PUB_COLS];
    struct dbi_stmt *st = NULL;
    int64_t from = opt->cumulative ? NO_DAY : opt->from;
    int r = DBI_DONE;
    bool snapshots = false;
    for (int i = 0; i < PUB_COLS; i++)
        cols[i] = (struct table_column){pub_keys[i], lang_heading(opt->lang, pub_keys[i]), i > 0};
    cols[PUB_COLS - 1] = (struct table_column){pub_keys[PUB_COLS - 1],
                                               lang_heading(opt->lang, pub_keys[PUB_COLS - 1]),
                                               .trusted = true, .machine_only = true};
    enum status rc = cumulative_fill(db, opt, from, opt->to, &snapshots);
    *out = rc == ST_OK ? table_new(cols, snapshots ? PUB_COLS : PUB_COLS - 1, NULL) : NULL;
    if (rc == ST_OK)
        rc = *out ? db_prepare(db, &st, publishers_sql[snapshots]) : ST_NOMEM;
    if (rc == ST_OK) {
        usage_bind(st, from, opt->to);
        usage_bind_sites(st, opt);
        dbi_bind_text(st, 7, lang_heading(opt->lang, "not_in_catalog"), -1);
        if (opt->publisher)
            dbi_bind_text(st, 8, opt->publisher, -1);
    }
    while (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW) {
        char n[4][24], vs[24], ds[24], note[96];
        for (int i = 0; i < 4; i++)
            snprintf(n[i], 24, "%" PRId64, (int64_t)dbi_column_int64(st, 1 + i));
        share(dbi_column_double(st, 3), dbi_column_double(st, 5), vs);
        share(dbi_column_double(st, 4), dbi_column_double(st, 6), ds);
        cumulative_note(opt, text_at(st, 7), text_at(st, 8), text_at(st, 9), text_at(st, 10),
                        note, sizeof note);
        const char *cells[PUB_COLS] = {text_at(st, 0), n[0], n[1], n[2], n[3], vs, ds, note};
        rc = table_add_row(*out, cells);
    }
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read publishers: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    if (rc == ST_OK) /* what is counted first, then what rests on snapshots */
        rc = caption_apply(db, *out, opt, CAPTION_PUBLISHERS);
    if (rc == ST_OK && snapshots)
        rc = cumulative_footnote(*out, 0, PUB_COLS - 1, opt);
    return rc;
}

enum status report_publishers(struct dbi *db, const struct report_options *opt, FILE *out)
{
    return graph_report(db, opt, publishers_fill, graph_publishers, out);
}

/* Badges are the catalog's normalised words ('' when none); anything else
 * an import kept as written is counted under "none", unless it says the
 * dataset is outside the check. Datasets listed before the quality check
 * began (2015-02-01, ROC 104-02-01) are out of scope whatever their badge.
 * ?4: count only datasets listed up to that day (unknown listing dates are
 * kept); ?5 = 1: the model's gold column, which holds platinum too. */
#define BADGE_CLASS                                                                      \
    "CASE WHEN substr(COALESCE(listed, ''), 1, 10) BETWEEN '0001-01-01' AND '2015-01-31'" \
    " OR badge LIKE '%檢測範圍外%' OR badge LIKE '%因上架時間排除%' THEN 'out'"         \
    " WHEN badge IN ('bronze', 'silver', 'gold', 'platinum') THEN badge ELSE 'none' END"
#define BADGE_SUMS                                                                       \
    " COUNT(*) FILTER (WHERE b = 'out'), COUNT(*) FILTER (WHERE b = 'none'),"            \
    " COUNT(*) FILTER (WHERE b = 'bronze'), COUNT(*) FILTER (WHERE b = 'silver'),"       \
    " COUNT(*) FILTER (WHERE b = 'gold') + ?5 * COUNT(*) FILTER (WHERE b = 'platinum'),"  \
    " COUNT(*) FILTER (WHERE b = 'platinum'), COUNT(*) FROM c"
static const char badges_sql[] =
    "WITH c AS (SELECT COALESCE(publisher, ?1) AS pub, " BADGE_CLASS " AS b FROM dataset"
    " WHERE (?2 IS NULL OR publisher = ?2)"
    " AND (?4 IS NULL OR COALESCE(listed, '') = '' OR substr(listed, 1, 10) <= ?4))"
    " SELECT 0, pub," BADGE_SUMS " GROUP BY pub"
    " UNION ALL SELECT 1, ?3," BADGE_SUMS " HAVING COUNT(*) > 0 ORDER BY 1, 2";

#define BADGE_COLS 8

static bool model_badges(const struct report_options *opt)
{
    return opt->badge_columns == BADGES_MODEL ||
           (opt->badge_columns == BADGES_BY_LANG && opt->lang == LANG_ZH_TW);
}

static enum status badge_notes(struct table *t, const struct report_options *opt)
{
    char start[32], note[512];
    caption_date(opt, civil_to_days(2015, 2, 1), start, sizeof start);
    snprintf(note, sizeof note,
             opt->lang == LANG_ZH_TW
                 ? "上架時間早於%s之資料集不在品質檢測範圍內，列為檢測範圍外。%s"
                 : "Datasets listed before %s are outside the quality check (out_of_scope). %s",
             start,
             model_badges(opt)
                 ? (opt->lang == LANG_ZH_TW
                        ? "金標章欄含白金標章之資料集（白金標章為亦符合領域資料標準之金標章），"
                          "故各欄相加大於總計；總計為資料集數。"
                        : "The gold column includes the platinum datasets (platinum is gold"
                          " that also meets the domain's data standard), so the columns add up"
                          " to more than the total, which counts datasets.")
                 : (opt->lang == LANG_ZH_TW ? "各欄為各自之標章等級，相加即為總計。"
                                            : "Each column counts its own badge level; they add"
                                              " up to the total."));
    return caption_add_note(t, opt, note);
}

enum status badges_fill(struct dbi *db, const struct report_options *opt, struct table **out)
{
    static const char *const keys[BADGE_COLS] = {"publisher", "out_of_scope", "none", "bronze",
                                                 "silver", "gold", "platinum", "total"};
    static struct table_column cols[BADGE_COLS];
    struct dbi_stmt *st = NULL;
    char as_of[11];
    int r = DBI_DONE;
    int64_t day = opt->as_of != NO_DAY ? opt->as_of : opt->to;
    for (int i = 0; i < BADGE_COLS; i++)
        cols[i] = (struct table_column){keys[i], lang_heading(opt->lang, keys[i]), i > 0};
    if (opt->lang == LANG_ZH_TW)
        cols[0].heading = "單位";
    *out = table_new(cols, BADGE_COLS, NULL);
    enum status rc = *out ? db_prepare(db, &st, badges_sql) : ST_NOMEM;
    if (rc == ST_OK) {
        dbi_bind_text(st, 1, lang_heading(opt->lang, "not_in_catalog"), -1);
        if (opt->publisher)
            dbi_bind_text(st, 2, opt->publisher, -1);
        dbi_bind_text(st, 3, lang_heading(opt->lang, "total"), -1);
        if (day != NO_DAY) {
            civil_format(day, as_of);
            dbi_bind_text(st, 4, as_of, -1);
        }
        dbi_bind_int64(st, 5, model_badges(opt));
    }
    while (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW) {
        char n[BADGE_COLS - 1][24]; /* column 0 only sorts the total last */
        const char *cells[BADGE_COLS] = {dbi_column_text(st, 1)};
        for (int i = 0; i < BADGE_COLS - 1; i++) {
            snprintf(n[i], 24, "%" PRId64, (int64_t)dbi_column_int64(st, 2 + i));
            cells[i + 1] = n[i];
        }
        rc = table_add_row(*out, cells);
    }
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read badges: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    if (rc == ST_OK)
        rc = caption_apply(db, *out, opt, CAPTION_BADGES);
    if (rc == ST_OK)
        rc = badge_notes(*out, opt);
    return rc;
}

enum status report_badges(struct dbi *db, const struct report_options *opt, FILE *out)
{
    return graph_report(db, opt, badges_fill, NULL, out);
}
