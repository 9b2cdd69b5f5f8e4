/* summary.c - one row per metric; the change columns are percentages. */
#include "summary.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "caption.h"
#include "cumulative.h"
#include "db.h"
#include "lang.h"
#include "graphs.h"
#include "late_days.h"
#include "msg.h"
#include "removed.h"
#include "table.h"
#include "usage.h"

enum metric {
    M_CATALOG, M_ACTIVE, M_VIEWS, M_DOWNLOADS, M_UNIQUE_VIEWS, M_UNIQUE_DOWNLOADS,
    M_UNIQUE_SESSIONS, M_MACHINE_SHARE, M_ROBOT_SHARE, M_DOMESTIC_SHARE, M_REJECTED,
    M_REMOVED, /* REMOVED_COUNT rows: removed.c's keys */
    M_LATE_DAYS = M_REMOVED + REMOVED_COUNT, M_COUNT
};

static const char *const metric_keys[M_COUNT] = {
    "datasets_in_catalog", "datasets_with_activity", "views", "downloads", "unique_views",
    "unique_downloads", "unique_sessions", "machine_share", "robot_share", "domestic_share",
    "rejected_lines", [M_LATE_DAYS] = "days_with_late_lines",
};

/* Shares are kept as parts and wholes so an empty period shows no share. */
struct figures {
    double value[M_COUNT];
    bool known[M_COUNT];
    bool logged;          /* the period holds any day of logs */
    char note[M_COUNT][96];  /* what a number rests on (SPEC §6.3), "" for logs only */
};

static const char totals_sql[] =
    "SELECT COUNT(*) FILTER (WHERE views > 0 OR downloads > 0), SUM(views), SUM(downloads),"
    " SUM(unique_views), SUM(unique_downloads), SUM(unique_sessions),"
    " SUM(machine_views + machine_downloads), SUM(robot_views + robot_downloads)"
    " FROM (" USAGE_SQL ") AS u";

static void day_bounds(int64_t from, int64_t to, char a[11], char b[11])
{
    strcpy(a, "0000-00-00");
    strcpy(b, "9999-99-99");
    if (from != NO_DAY)
        civil_format(from, a);
    if (to != NO_DAY)
        civil_format(to, b);
}

static enum status single_number(struct dbi *db, const struct report_options *opt,
                                 const char *sql, int64_t from, int64_t to, const char *extra,
                                 double *out)
{
    struct dbi_stmt *st = NULL;
    char a[11], b[11];
    enum status rc = db_prepare(db, &st, sql);
    if (rc != ST_OK)
        return rc;
    day_bounds(from, to, a, b);
    dbi_bind_text(st, 1, a, -1);
    dbi_bind_text(st, 2, b, -1);
    if (extra)
        dbi_bind_text(st, 3, extra, -1);
    usage_bind_sites(st, opt);
    if (dbi_step(st) == DBI_ROW)
        *out = dbi_column_double(st, 0);
    else {
        errorf("cannot read totals: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

static enum status usage_totals(struct dbi *db, const struct report_options *opt, int64_t from,
                                int64_t to, struct figures *f)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, totals_sql);
    if (rc != ST_OK)
        return rc;
    usage_bind(st, from, to);
    usage_bind_sites(st, opt);
    if (dbi_step(st) == DBI_ROW) {
        static const enum metric cols[] = {M_ACTIVE, M_VIEWS, M_DOWNLOADS, M_UNIQUE_VIEWS,
                                           M_UNIQUE_DOWNLOADS, M_UNIQUE_SESSIONS};
        for (int i = 0; i < 6; i++) {
            f->value[cols[i]] = dbi_column_double(st, i);
            f->known[cols[i]] = true;
        }
        double human = f->value[M_VIEWS] + f->value[M_DOWNLOADS];
        double machine = dbi_column_double(st, 6), robot = dbi_column_double(st, 7);
        double all = human + machine + robot;
        if (all > 0) {
            f->value[M_MACHINE_SHARE] = 100.0 * machine / all;
            f->value[M_ROBOT_SHARE] = 100.0 * robot / all;
            f->known[M_MACHINE_SHARE] = f->known[M_ROBOT_SHARE] = true;
        }
    } else {
        errorf("cannot read totals: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

/* The events each robot rule removed, the machine events and the days
 * with late lines. */
static enum status robot_figures(struct dbi *db, const struct report_options *opt, int64_t from,
                                 int64_t to, struct figures *f)
{
    struct late_days *late = NULL;
    enum status rc = removed_totals(db, opt, from, to, &f->value[M_REMOVED]);
    for (int i = 0; i < REMOVED_COUNT; i++)
        f->known[M_REMOVED + i] = true;
    if (rc == ST_OK)
        rc = late_days_load(db, opt, from, to, &late);
    f->value[M_LATE_DAYS] = (double)late_days_count(late);
    f->known[M_LATE_DAYS] = true;
    late_days_free(late);
    return rc;
}

/* Views and downloads of the period with count snapshots (SPEC §6.2);
 * the shares keep the logged numbers, since snapshots hold no classes. */
static enum status snapshot_figures(struct dbi *db, const struct report_options *opt, int64_t from,
                                    int64_t to, struct figures *f)
{
    struct cumulative_totals t;
    bool snapshots = false;
    enum status rc = cumulative_fill(db, opt, from, to, &snapshots);
    if (rc != ST_OK || !snapshots || (rc = cumulative_sum(db, &t)) != ST_OK)
        return rc;
    f->value[M_VIEWS] = t.views;
    f->known[M_VIEWS] = f->known[M_DOWNLOADS] = f->known[M_ACTIVE] = true;
    f->value[M_DOWNLOADS] = t.downloads;
    f->value[M_ACTIVE] = t.active;
    cumulative_note(opt, t.views_lo, t.views_hi, NULL, NULL, f->note[M_VIEWS], 96);
    cumulative_note(opt, NULL, NULL, t.downloads_lo, t.downloads_hi, f->note[M_DOWNLOADS], 96);
    return ST_OK;
}

static enum status period_figures(struct dbi *db, const struct report_options *opt, int64_t from,
                                  int64_t to, struct figures *f)
{
    double home = 0, all = 0, known = 0;
    struct coverage cov;
    memset(f, 0, sizeof *f);
    enum status rc = caption_coverage(db, opt, from, to, &cov);
    f->logged = cov.first != NO_DAY;
    if (rc == ST_OK) /* the catalog of that time: datasets listed by its end */
        rc = single_number(db, opt, "SELECT COUNT(*) FROM dataset WHERE ?1 <= ?2 AND"
                               " (COALESCE(listed, '') = '' OR substr(listed, 1, 10) <= ?2)",
                           from, to, NULL, &f->value[M_CATALOG]);
    f->known[M_CATALOG] = true;
    if (rc != ST_OK || !f->logged) /* no logs: nothing to say but snapshots, not zeros */
        return rc == ST_OK ? snapshot_figures(db, opt, from, to, f) : rc;
    rc = usage_totals(db, opt, from, to, f);
    if (rc == ST_OK)
        rc = snapshot_figures(db, opt, from, to, f);
    if (rc == ST_OK)
        rc = single_number(db, opt, "SELECT COALESCE(SUM(lines), 0) FROM rejects"
                               " WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER, from, to, NULL,
                           &f->value[M_REJECTED]);
    f->known[M_REJECTED] = true;
    if (rc == ST_OK)
        rc = single_number(db, opt, "SELECT COALESCE(SUM(views + downloads), 0) FROM daily_country"
                               " WHERE day BETWEEN ?1 AND ?2 AND country = ?3 AND" SITE_FILTER, from, to,
                           opt->home, &home);
    if (rc == ST_OK)
        rc = single_number(db, opt, "SELECT COALESCE(SUM(views + downloads), 0) FROM daily_country"
                               " WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER, from, to, NULL, &all);
    if (rc == ST_OK) /* without a country DB everything is ZZ: no share to show */
        rc = single_number(db, opt, "SELECT COALESCE(SUM(views + downloads), 0) FROM daily_country"
                               " WHERE day BETWEEN ?1 AND ?2 AND country <> ?3 AND" SITE_FILTER, from, to, "ZZ",
                           &known);
    if (rc == ST_OK)
        rc = robot_figures(db, opt, from, to, f);
    if (all > 0 && known > 0) {
        f->value[M_DOMESTIC_SHARE] = 100.0 * home / all;
        f->known[M_DOMESTIC_SHARE] = true;
    }
    return rc;
}

static bool is_share(int m) { return m == M_MACHINE_SHARE || m == M_ROBOT_SHARE || m == M_DOMESTIC_SHARE; }

static void format_value(int m, const struct figures *f, char out[32])
{
    out[0] = '\0';
    if (!f || !f->known[m])
        return;
    if (is_share(m))
        snprintf(out, 32, "%.1f", f->value[m]);
    else
        snprintf(out, 32, "%.0f", f->value[m]);
}

/* Relative change in percent; a share changes in percentage points, the
 * difference of the shares as shown, so the columns agree. */
static void format_change(int m, const struct figures *now, const struct figures *then,
                          char out[32])
{
    out[0] = '\0';
    if (!then || !now->known[m] || !then->known[m] || m == M_CATALOG)
        return;
    if (is_share(m))
        snprintf(out, 32, "%+.1f", round(now->value[m] * 10) / 10 - round(then->value[m] * 10) / 10);
    else if (then->value[m] > 0)
        snprintf(out, 32, "%+.1f%%", 100.0 * (now->value[m] - then->value[m]) / then->value[m]);
}

/* V as the sentence says it: exact below 10,000, else floored to 萬 or
 * 億 with "逾" (more than) when the rounding dropped something. */
static void approx(const struct report_options *opt, double v, char *out, size_t size)
{
    char n[48], exact[32];
    double unit = v >= 1e8 ? 1e8 : v >= 1e4 ? 1e4 : 1;
    double whole = floor(v / unit);
    bool more = whole * unit < v;
    if (opt->lang == LANG_EN) {
        snprintf(exact, sizeof exact, "%.0f", whole * unit);
        table_group_digits(exact, n, sizeof n);
        snprintf(out, size, "%s%s", more ? "more than " : "", n);
        return;
    }
    snprintf(exact, sizeof exact, "%.0f", whole);
    table_group_digits(exact, n, sizeof n);
    snprintf(out, size, "%s%s%s", more ? "逾 " : "", n, unit == 1e8 ? " 億" : unit == 1e4 ? " 萬" : " ");
}

static enum status set_sentence(struct table *t, const struct report_options *opt,
                                const struct figures *f)
{
    char catalog[32], datasets[48], views[64], downloads[64], line[256];
    snprintf(catalog, sizeof catalog, "%.0f", f->value[M_CATALOG]);
    table_group_digits(catalog, datasets, sizeof datasets);
    approx(opt, f->value[M_VIEWS], views, sizeof views);
    approx(opt, f->value[M_DOWNLOADS], downloads, sizeof downloads);
    if (opt->lang == LANG_ZH_TW) /* the model's spacing: "逾 238 萬次瀏覽" */
        snprintf(line, sizeof line, "總開放項數已達 %s 項，%s次瀏覽及%s%s次下載", datasets,
                 views, strncmp(downloads, "逾", 3) == 0 ? "" : " ", downloads);
    else
        snprintf(line, sizeof line, "%s datasets open, %s views and %s downloads", datasets,
                 views, downloads);
    return table_set_lead(t, line);
}

enum status summary_fill(struct dbi *db, const struct report_options *opt, struct table **out)
{
    static struct table_column cols[7];
    static const char *const keys[7] = {"metric", "value", "previous", "change", "year_ago",
                                        "year_change", "snapshot"};
    struct figures now, prev, year;
    int64_t pf, pt, yf, yt;
    bool has_prev = report_previous_period(opt->kind, opt->from, opt->to, &pf, &pt);
    bool has_year = report_year_earlier(opt->from, opt->to, &yf, &yt);
    bool notes = false;
    enum status rc = period_figures(db, opt, opt->from, opt->to, &now);

    if (rc == ST_OK && has_prev)
        rc = period_figures(db, opt, pf, pt, &prev);
    if (rc == ST_OK && has_year)
        rc = period_figures(db, opt, yf, yt, &year);
    if (rc == ST_OK)
        rc = cumulative_exists(db, &notes);
    for (int i = 0; i < 7; i++)
        cols[i] = (struct table_column){keys[i], lang_heading(opt->lang, keys[i]), i > 0};
    cols[3].numeric = cols[5].numeric = false; /* "+12.5%": text, made here */
    cols[3].trusted = cols[5].trusted = true;
    cols[6] = (struct table_column){keys[6], lang_heading(opt->lang, keys[6]), .trusted = true,
                                    .machine_only = true};
    *out = rc == ST_OK ? table_new(cols, notes ? 7 : 6, NULL) : NULL;
    if (rc == ST_OK && !*out)
        rc = ST_NOMEM;
    for (int m = 0; m < M_COUNT && rc == ST_OK; m++) {
        char v[32], p[32], c[32], y[32], yc[32];
        const char *key = metric_keys[m] ? metric_keys[m] : removed_key(m - M_REMOVED);
        if (m >= M_REMOVED && !now.known[m])
            continue;
        format_value(m, &now, v);
        format_value(m, has_prev ? &prev : NULL, p);
        format_change(m, &now, has_prev ? &prev : NULL, c);
        format_value(m, has_year ? &year : NULL, y);
        format_change(m, &now, has_year ? &year : NULL, yc);
        const char *cells[7] = {lang_heading(opt->lang, key), v, p, c, y, yc, now.note[m]};
        rc = table_add_row(*out, cells);
    }
    if (rc == ST_OK)
        rc = caption_apply(db, *out, opt, CAPTION_SUMMARY);
    if (rc == ST_OK)
        rc = late_days_mark(db, *out, opt);
    if (rc == ST_OK && notes)
        rc = cumulative_footnote(*out, 0, 6, opt);
    if (rc == ST_OK && now.logged)
        rc = set_sentence(*out, opt, &now);
    return rc;
}

enum status report_summary(struct dbi *db, const struct report_options *opt, FILE *out)
{
    return graph_report(db, opt, summary_fill, NULL, out);
}
