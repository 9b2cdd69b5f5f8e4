/* cumulative.c - SPEC §6.2 in SQL over temporary tables.
 *
 * cumulative(X) = logged(<= X) + adj(X), where adj(X) = S.value -
 * logged(<= S.date) for the latest snapshot S <= X (0 without one). So a
 * period [F, E] is logged([F, E]) + adj(E) - adj(F - 1): the period's logged
 * counts come from the fast USAGE_SQL, and each distinct snapshot date
 * costs one more USAGE_SQL up to that date.
 */
#include "cumulative.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "db.h"
#include "lang.h"
#include "msg.h"
#include "table.h"
#include "usage.h"

enum { SIDE_END = 0, SIDE_BEFORE = 1 };  /* snapshots <= E, and <= F - 1 */

static const char make_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS odstat_cumulative (id TEXT PRIMARY KEY,"
    " views INTEGER NOT NULL DEFAULT 0, downloads INTEGER NOT NULL DEFAULT 0,"
    " views_as_of TEXT, downloads_as_of TEXT);"
    "CREATE TEMP TABLE IF NOT EXISTS odstat_snap (id TEXT NOT NULL, metric TEXT NOT NULL,"
    " side INTEGER NOT NULL, as_of TEXT NOT NULL, value INTEGER NOT NULL,"
    " PRIMARY KEY (id, metric, side));"
    "DELETE FROM odstat_cumulative; DELETE FROM odstat_snap;";

/* The period's logged counts. */
static const char logged_sql[] =
    "INSERT INTO odstat_cumulative (id, views, downloads)"
    " SELECT id, views, downloads FROM (" USAGE_SQL ") AS u";

/* Per canonical dataset and metric, the latest snapshot on or before ?1.
 * The inner query walks the primary key (dataset, metric, date) once; a
 * dataset and an alias of it that both have one keep the later, and of
 * the same date the larger value. */
static const char latest_sql[] =
    "INSERT INTO odstat_snap (id, metric, side, as_of, value)"
    " SELECT COALESCE(a.dataset_id, l.dataset_id), l.metric, ?2, l.as_of, l.value FROM"
    "  (SELECT s.dataset_id, s.metric, s.as_of, s.value FROM snapshot AS s"
    "   WHERE s.as_of = (SELECT MAX(t.as_of) FROM snapshot AS t WHERE t.dataset_id ="
    "   s.dataset_id AND t.metric = s.metric AND t.as_of <= ?1)) AS l"
    "  LEFT JOIN alias AS a ON a.alias = l.dataset_id WHERE true"
    " ON CONFLICT (id, metric, side) DO UPDATE SET as_of = excluded.as_of,"
    "  value = excluded.value WHERE excluded.as_of > odstat_snap.as_of"
    "  OR (excluded.as_of = odstat_snap.as_of AND excluded.value > odstat_snap.value)";

static const char dates_sql[] = "SELECT DISTINCT as_of FROM odstat_snap ORDER BY 1";

/* adj for the snapshots of date ?7: + on the end side, - before the
 * period; USAGE_SQL is bound to the days up to ?7. */
static const char adjust_sql[] =
    "INSERT INTO odstat_cumulative (id, views, downloads)"
    " SELECT s.id,"
    "  SUM(CASE WHEN s.metric = 'views' THEN (1 - 2 * s.side) * (s.value - COALESCE(u.views, 0))"
    "      ELSE 0 END),"
    "  SUM(CASE WHEN s.metric = 'downloads' THEN (1 - 2 * s.side)"
    "      * (s.value - COALESCE(u.downloads, 0)) ELSE 0 END)"
    " FROM odstat_snap AS s LEFT JOIN (" USAGE_SQL ") AS u ON u.id = s.id"
    " WHERE s.as_of = ?7 GROUP BY s.id"
    " ON CONFLICT (id) DO UPDATE SET views = odstat_cumulative.views + excluded.views,"
    "  downloads = odstat_cumulative.downloads + excluded.downloads";

/* A number rests on the end snapshot unless the same snapshot is also
 * the one before the period (then it cancels out). */
#define REST_ON(metric)                                                                  \
    "(SELECT e.as_of FROM odstat_snap AS e WHERE e.id = odstat_cumulative.id"       \
    " AND e.metric = '" metric "' AND e.side = 0 AND NOT EXISTS (SELECT 1 FROM"          \
    " odstat_snap AS f WHERE f.id = e.id AND f.metric = e.metric AND f.side = 1"    \
    " AND f.as_of = e.as_of))"
static const char mark_sql[] =
    "UPDATE odstat_cumulative SET views_as_of = " REST_ON("views") ","
    " downloads_as_of = " REST_ON("downloads");

static enum status run(struct dbi *db, struct dbi_stmt *st, const char *what)
{
    int r;
    while ((r = dbi_step(st)) == DBI_ROW)
        ;
    if (r == DBI_DONE)
        return ST_OK;
    errorf("cannot compute %s: %s", what, dbi_errmsg(db));
    return ST_DB;
}

static enum status exec_bound(struct dbi *db, const struct report_options *opt, const char *sql,
                              int64_t from, int64_t to, const char *what)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, sql);
    if (rc == ST_OK) {
        usage_bind(st, from, to);
        usage_bind_sites(st, opt);
        rc = run(db, st, what);
    }
    dbi_finalize(st);
    return rc;
}

/* The latest snapshots on or before DAY as SIDE. */
static enum status latest(struct dbi *db, int64_t day, int side)
{
    struct dbi_stmt *st = NULL;
    char text[11] = "9999-12-31";
    enum status rc = db_prepare(db, &st, latest_sql);
    if (day != NO_DAY)
        civil_format(day, text);
    if (rc == ST_OK) {
        dbi_bind_text(st, 1, text, -1);
        dbi_bind_int64(st, 2, side);
        rc = run(db, st, "the latest snapshots");
    }
    dbi_finalize(st);
    return rc;
}

/* Applies adj of every snapshot date. */
static enum status adjust(struct dbi *db, const struct report_options *opt)
{
    struct dbi_stmt *dates = NULL, *st = NULL;
    int r = DBI_DONE;
    enum status rc = db_prepare(db, &dates, dates_sql);
    if (rc == ST_OK)
        rc = db_prepare(db, &st, adjust_sql);
    while (rc == ST_OK && (r = dbi_step(dates)) == DBI_ROW) {
        int64_t day;
        if (!civil_parse(dbi_column_text(dates, 0), &day))
            continue; /* the import stores only real dates */
        usage_bind(st, NO_DAY, day);
        usage_bind_sites(st, opt);
        dbi_bind_text(st, 7, dbi_column_text(dates, 0), -1);
        rc = run(db, st, "snapshot totals");
        dbi_reset(st);
    }
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read snapshot dates: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    dbi_finalize(dates);
    return rc;
}

enum status cumulative_exists(struct dbi *db, bool *yes)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, "SELECT EXISTS (SELECT 1 FROM snapshot)");
    if (rc == ST_OK && dbi_step(st) == DBI_ROW)
        *yes = (int)dbi_column_int64(st, 0) != 0;
    else if (rc == ST_OK) {
        errorf("cannot read snapshots: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

/* Makes (or empties) the temporary tables. A PostgreSQL report session is
 * read-only, which refuses CREATE even of a temporary table (writing into
 * one is allowed): the session allows it for the CREATE alone. */
static enum status make_tables(struct dbi *db)
{
    if (dbi_engine(db) != DBI_POSTGRES)
        return db_exec(db, make_sql, "cumulative totals");
    struct dbi_stmt *st = NULL;
    char was[8] = "on";
    enum status rc = db_prepare(db, &st, "SELECT current_setting('default_transaction_read_only')");
    if (rc != ST_OK)
        return rc;
    if (dbi_step(st) == DBI_ROW && dbi_column_text(st, 0))
        snprintf(was, sizeof was, "%s", dbi_column_text(st, 0));
    dbi_finalize(st);
    rc = db_exec(db, "SET default_transaction_read_only = off", "cumulative totals");
    if (rc == ST_OK)
        rc = db_exec(db, make_sql, "cumulative totals");
    enum status back = db_exec(db, strcmp(was, "off") == 0
                                       ? "SET default_transaction_read_only = off"
                                       : "SET default_transaction_read_only = on",
                               "cumulative totals");
    return rc != ST_OK ? rc : back;
}

enum status cumulative_fill(struct dbi *db, const struct report_options *opt, int64_t from, int64_t to, bool *has_snapshots)
{
    enum status rc = cumulative_exists(db, has_snapshots);
    if (rc != ST_OK || !*has_snapshots)
        return rc;
    rc = make_tables(db);
    if (rc == ST_OK)
        rc = exec_bound(db, opt, logged_sql, from, to, "logged totals");
    if (rc == ST_OK)
        rc = latest(db, to, SIDE_END);
    if (rc == ST_OK && from != NO_DAY)
        rc = latest(db, from - 1, SIDE_BEFORE);
    if (rc == ST_OK)
        rc = adjust(db, opt);
    if (rc == ST_OK)
        rc = db_exec(db, mark_sql, "cumulative totals");
    return rc;
}

static void copy_date(struct dbi_stmt *st, int col, char out[11])
{
    const char *t = dbi_column_text(st, col);
    snprintf(out, 11, "%s", t ? t : "");
}

enum status cumulative_sum(struct dbi *db, struct cumulative_totals *out)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(db, &st,
                                "SELECT COALESCE(SUM(views), 0), COALESCE(SUM(downloads), 0),"
                                " COUNT(*) FILTER (WHERE views > 0 OR downloads > 0),"
                                " MIN(views_as_of), MAX(views_as_of), MIN(downloads_as_of),"
                                " MAX(downloads_as_of) FROM odstat_cumulative");
    memset(out, 0, sizeof *out);
    if (rc == ST_OK && dbi_step(st) == DBI_ROW) {
        out->views = dbi_column_double(st, 0);
        out->downloads = dbi_column_double(st, 1);
        out->active = dbi_column_double(st, 2);
        copy_date(st, 3, out->views_lo);
        copy_date(st, 4, out->views_hi);
        copy_date(st, 5, out->downloads_lo);
        copy_date(st, 6, out->downloads_hi);
    } else if (rc == ST_OK) {
        errorf("cannot sum cumulative totals: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

/* ---- saying what rests on a snapshot ----------------------------------- */

static void append(char *out, size_t size, const char *text)
{
    size_t n = strlen(out);
    if (n + 1 < size)
        snprintf(out + n, size - n, "%s", text);
}

static void dates(const struct report_options *opt, const char *word, const char *lo,
                  const char *hi, char *out, size_t size)
{
    char a[16], b[16];
    if (!lo || !lo[0])
        return;
    lang_date(opt->calendar, lo, a);
    lang_date(opt->calendar, hi && hi[0] ? hi : lo, b);
    if (out[0])
        append(out, size, opt->lang == LANG_ZH_TW ? "；" : "; ");
    append(out, size, word);
    append(out, size, " ");
    append(out, size, a);
    if (strcmp(a, b) != 0) {
        append(out, size, "–");
        append(out, size, b);
    }
}

void cumulative_note(const struct report_options *opt, const char *views_lo,
                     const char *views_hi, const char *downloads_lo, const char *downloads_hi,
                     char *out, size_t size)
{
    bool zh = opt->lang == LANG_ZH_TW;
    out[0] = '\0';
    dates(opt, zh ? "瀏覽" : "views", views_lo, views_hi, out, size);
    dates(opt, zh ? "下載" : "downloads", downloads_lo, downloads_hi, out, size);
}

/* Adds "LABEL" to TEXT (a growing footnote). */
static bool grow_append(char **text, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        size_t c = (*len + n + 1) * 2;
        char *p = realloc(*text, c);
        if (!p)
            return false;
        *text = p;
        *cap = c;
    }
    memcpy(*text + *len, s, n + 1);
    *len += n;
    return true;
}

enum status cumulative_footnote(struct table *t, int label_col, int note_col,
                                const struct report_options *opt)
{
    bool zh = opt->lang == LANG_ZH_TW, ok = true;
    char *text = NULL;
    size_t len = 0, cap = 0;
    int rows = table_rows(t);

    /* one sentence per distinct note, naming its rows in table order */
    for (int r = 0; r < rows && ok; r++) {
        const char *note = table_cell(t, r, note_col);
        bool first = true;
        for (int p = 0; p < r && note[0]; p++)
            if (strcmp(table_cell(t, p, note_col), note) == 0)
                first = false;
        if (!note[0] || !first)
            continue;
        ok = grow_append(&text, &len, &cap, len ? "\n" : "") &&
             grow_append(&text, &len, &cap, zh ? "含計數快照的數字：" : "Rests on a count snapshot: ");
        for (int q = r, n = 0; q < rows && ok; q++) {
            if (strcmp(table_cell(t, q, note_col), note) != 0)
                continue;
            ok = (n++ == 0 || grow_append(&text, &len, &cap, zh ? "、" : ", ")) &&
                 grow_append(&text, &len, &cap, table_cell(t, q, label_col));
        }
        ok = ok && grow_append(&text, &len, &cap, zh ? "（" : " (") &&
             grow_append(&text, &len, &cap, note) &&
             grow_append(&text, &len, &cap, zh ? "）" : ")");
    }
    enum status rc = !ok ? ST_NOMEM : text ? table_set_footnote(t, text) : ST_OK;
    free(text);
    return rc;
}
