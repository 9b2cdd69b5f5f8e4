/* trend.c - time series: intervals, series selection, the sums. */
#define _POSIX_C_SOURCE 200809L
#include "trend.h"

#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "db.h"
#include "graphs.h"
#include "lang.h"
#include "msg.h"
#include "table.h"
#include "usage.h"

#define MAX_INTERVALS 4000
#define MAX_SERIES 64

/* Counts of the period per (day or month start, canonical id), optionally
 * of one publisher. */
static const char rows_sql[] =
    "SELECT s.day, COALESCE(a.dataset_id, s.id) AS cid, s.v, s.d FROM ("
    " SELECT month || '-01' AS day, dataset_id AS id, views AS v, downloads AS d FROM monthly"
    "  WHERE month BETWEEN ?1 AND ?2"
    " UNION ALL SELECT day, dataset_id, views, downloads FROM daily WHERE day BETWEEN ?3 AND ?4"
    " UNION ALL SELECT day, dataset_id, views, downloads FROM daily WHERE day BETWEEN ?5 AND ?6"
    ") AS s LEFT JOIN alias AS a ON a.alias = s.id"
    " LEFT JOIN dataset AS ds ON ds.id = COALESCE(a.dataset_id, s.id)"
    " WHERE ?7 IS NULL OR ds.publisher = ?7";

static int64_t interval_start(enum report_interval iv, int64_t day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    switch (iv) {
    case INTERVAL_DAY: return day;
    case INTERVAL_WEEK: return day - ((day % 7 + 7 + 3) % 7); /* Monday; day 0 is a Thursday */
    case INTERVAL_MONTH: return civil_to_days(y, m, 1);
    case INTERVAL_QUARTER: return civil_to_days(y, (m - 1) / 3 * 3 + 1, 1);
    }
    return day;
}

static int64_t interval_next(enum report_interval iv, int64_t start)
{
    int y, m, d;
    civil_from_days(start, &y, &m, &d);
    switch (iv) {
    case INTERVAL_DAY: return start + 1;
    case INTERVAL_WEEK: return start + 7;
    case INTERVAL_MONTH: return m == 12 ? civil_to_days(y + 1, 1, 1) : civil_to_days(y, m + 1, 1);
    case INTERVAL_QUARTER:
        return m >= 10 ? civil_to_days(y + 1, 1, 1) : civil_to_days(y, m + 3, 1);
    }
    return start + 1;
}

static void interval_label(const struct report_options *opt, int64_t start, char out[24])
{
    int y, m, d;
    civil_from_days(start, &y, &m, &d);
    int shown = opt->calendar == CAL_ROC && y > 1911 ? y - 1911 : y;
    if (opt->interval == INTERVAL_MONTH)
        snprintf(out, 24, "%d-%02d", shown % 10000, m);
    else if (opt->interval == INTERVAL_QUARTER)
        snprintf(out, 24, "%dQ%d", shown % 10000, (m - 1) / 3 + 1);
    else
        lang_day(opt->calendar, start, out);
}

void trend_free(struct trend *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nintervals; i++)
        free(t->labels[i]);
    for (int i = 0; i < t->nseries; i++) {
        free(t->series[i]);
        free(t->tooltips[i]);
    }
    free(t->starts);
    free(t->labels);
    free(t->series);
    free(t->tooltips);
    free(t->values);
    free(t);
}

/* The first and last day with data, for an open period. */
static enum status data_bounds(sqlite3 *db, int64_t *from, int64_t *to)
{
    sqlite3_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, "SELECT MIN(day), MAX(day) FROM daily");
    if (rc != ST_OK)
        return rc;
    bool row = false;
    rc = db_step(st, &row, "the days with data");
    if (row && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        if (*from == NO_DAY)
            civil_parse((const char *)sqlite3_column_text(st, 0), from);
        if (*to == NO_DAY)
            civil_parse((const char *)sqlite3_column_text(st, 1), to);
    }
    sqlite3_finalize(st);
    return rc;
}

static enum status make_intervals(struct trend *t, const struct report_options *opt,
                                  int64_t from, int64_t to)
{
    int n = 0;
    for (int64_t s = interval_start(opt->interval, from); s <= to; s = interval_next(opt->interval, s))
        if (++n > MAX_INTERVALS) {
            errorf("the period has more than %d intervals; choose a longer --interval",
                   MAX_INTERVALS);
            return ST_USAGE;
        }
    t->starts = calloc((size_t)n + 1, sizeof *t->starts);
    t->labels = calloc((size_t)n + 1, sizeof *t->labels);
    if (!t->starts || !t->labels)
        return ST_NOMEM;
    int64_t s = interval_start(opt->interval, from);
    for (int i = 0; i < n; i++, s = interval_next(opt->interval, s)) {
        char label[24];
        interval_label(opt, s, label);
        t->starts[i] = s;
        if (!(t->labels[i] = strdup(label)))
            return ST_NOMEM;
        t->nintervals++;
    }
    return ST_OK;
}

static enum status add_series(struct trend *t, const char *name, const char *tooltip)
{
    if (t->nseries == MAX_SERIES) {
        errorf("at most %d series", MAX_SERIES);
        return ST_USAGE;
    }
    char *n = strdup(name), *tt = strdup(tooltip && tooltip[0] ? tooltip : name);
    if (!n || !tt) {
        free(n);
        free(tt);
        return ST_NOMEM;
    }
    t->series[t->nseries] = n;
    t->tooltips[t->nseries++] = tt;
    return ST_OK;
}

/* A dataset id as given (maybe an alias) to its canonical id and name. */
static enum status add_dataset_series(sqlite3 *db, struct trend *t, const char *id)
{
    sqlite3_stmt *st = NULL;
    enum status rc = db_prepare(db, &st,
                                "SELECT c.id, ds.name FROM (SELECT COALESCE((SELECT dataset_id"
                                " FROM alias WHERE alias = ?1), ?1) AS id) AS c"
                                " LEFT JOIN dataset AS ds ON ds.id = c.id");
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    bool row = false;
    rc = db_step(st, &row, "the catalog");
    if (row)
        rc = add_series(t, (const char *)sqlite3_column_text(st, 0),
                        (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return rc;
}

/* The leading N datasets of the period by the ranked metric. */
static enum status add_top_series(sqlite3 *db, const struct report_options *opt, struct trend *t)
{
    sqlite3_stmt *st = NULL;
    enum status rc = db_prepare(db, &st,
                                opt->by_views
                                    ? "SELECT u.id, ds.name FROM (" USAGE_SQL ") AS u LEFT JOIN"
                                      " dataset AS ds ON ds.id = u.id WHERE u.views > 0 AND"
                                      " (?7 IS NULL OR ds.publisher = ?7)"
                                      " ORDER BY u.views DESC, u.id LIMIT ?8"
                                    : "SELECT u.id, ds.name FROM (" USAGE_SQL ") AS u LEFT JOIN"
                                      " dataset AS ds ON ds.id = u.id WHERE u.downloads > 0 AND"
                                      " (?7 IS NULL OR ds.publisher = ?7)"
                                      " ORDER BY u.downloads DESC, u.id LIMIT ?8");
    if (rc != ST_OK)
        return rc;
    usage_bind(st, opt->from, opt->to);
    if (opt->publisher)
        sqlite3_bind_text(st, 7, opt->publisher, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, opt->trend_top);
    bool row = true;
    while (rc == ST_OK && (rc = db_step(st, &row, "the leading datasets")) == ST_OK && row)
        rc = add_series(t, (const char *)sqlite3_column_text(st, 0),
                        (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return rc;
}

static enum status choose_series(sqlite3 *db, const struct report_options *opt, struct trend *t)
{
    enum status rc = ST_OK;
    t->series = calloc(MAX_SERIES, sizeof *t->series);
    t->tooltips = calloc(MAX_SERIES, sizeof *t->tooltips);
    if (!t->series || !t->tooltips)
        return ST_NOMEM;
    if (opt->ndatasets > 0)
        for (int i = 0; i < opt->ndatasets && rc == ST_OK; i++)
            rc = add_dataset_series(db, t, opt->datasets[i]);
    else if (opt->trend_top > 0)
        rc = add_top_series(db, opt, t);
    else {
        rc = add_series(t, lang_heading(opt->lang, "views"), NULL);
        if (rc == ST_OK)
            rc = add_series(t, lang_heading(opt->lang, "downloads"), NULL);
    }
    return rc;
}

/* The interval holding DAY (binary search over the starts). */
static int interval_of(const struct trend *t, int64_t day)
{
    int lo = 0, hi = t->nintervals - 1;
    if (t->nintervals == 0 || day < t->starts[0])
        return -1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (t->starts[mid] <= day)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void add_row(struct trend *t, const struct report_options *opt, bool per_dataset,
                    int64_t day, const char *id, double views, double downloads)
{
    int i = interval_of(t, day);
    if (i < 0)
        return;
    double *row = t->values + (size_t)i * (size_t)t->nseries;
    if (!per_dataset) {
        row[0] += views;
        row[1] += downloads;
        return;
    }
    for (int s = 0; s < t->nseries; s++)
        if (strcmp(t->series[s], id) == 0)
            row[s] += opt->by_views ? views : downloads;
}

static enum status sum_rows(sqlite3 *db, const struct report_options *opt, struct trend *t,
                            int64_t from, int64_t to)
{
    sqlite3_stmt *st = NULL;
    bool per_dataset = opt->ndatasets > 0 || opt->trend_top > 0;
    enum status rc = db_prepare(db, &st, rows_sql);
    if (rc != ST_OK)
        return rc;
    if (opt->interval == INTERVAL_MONTH || opt->interval == INTERVAL_QUARTER)
        usage_bind(st, from, to);   /* whole months fall in one interval */
    else
        usage_bind_days(st, from, to);
    if (opt->publisher)
        sqlite3_bind_text(st, 7, opt->publisher, -1, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t day;
        if (civil_parse((const char *)sqlite3_column_text(st, 0), &day))
            add_row(t, opt, per_dataset, day, (const char *)sqlite3_column_text(st, 1),
                    sqlite3_column_double(st, 2), sqlite3_column_double(st, 3));
    }
    if (r != SQLITE_DONE) {
        errorf("cannot read the counts: %s", sqlite3_errmsg(db));
        rc = ST_DB;
    }
    sqlite3_finalize(st);
    return rc;
}

enum status trend_build(sqlite3 *db, const struct report_options *opt, struct trend **out)
{
    struct trend *t = calloc(1, sizeof *t);
    int64_t from = opt->from, to = opt->to;
    enum status rc = t ? data_bounds(db, &from, &to) : ST_NOMEM;

    if (rc == ST_OK)
        rc = choose_series(db, opt, t);
    if (rc == ST_OK && from != NO_DAY && to != NO_DAY)
        rc = make_intervals(t, opt, from, to);
    if (rc == ST_OK) {
        t->values = calloc((size_t)t->nintervals * (size_t)t->nseries + 1, sizeof *t->values);
        if (!t->values)
            rc = ST_NOMEM;
    }
    if (rc == ST_OK && t->nintervals > 0 && t->nseries > 0)
        rc = sum_rows(db, opt, t, from, to);
    if (rc != ST_OK) {
        trend_free(t);
        t = NULL;
    }
    *out = t;
    return rc;
}

static enum status trend_table(const struct trend *t, const struct report_options *opt,
                               FILE *out)
{
    struct table_column *cols = calloc((size_t)t->nseries + 1, sizeof *cols);
    const char **cells = calloc((size_t)t->nseries + 1, sizeof *cells);
    char (*numbers)[24] = calloc((size_t)t->nseries + 1, sizeof *numbers);
    struct table *tab = NULL;
    enum status rc = cols && cells && numbers ? ST_OK : ST_NOMEM;

    if (rc == ST_OK) {
        cols[0] = (struct table_column){"interval", lang_heading(opt->lang, "interval"), false,
                                        true};
        for (int s = 0; s < t->nseries; s++)
            cols[s + 1] = (struct table_column){t->series[s], t->series[s], true, false};
        tab = table_new(cols, t->nseries + 1, NULL);
        rc = tab ? ST_OK : ST_NOMEM;
    }
    for (int i = 0; i < t->nintervals && rc == ST_OK; i++) {
        cells[0] = t->labels[i];
        for (int s = 0; s < t->nseries; s++) {
            snprintf(numbers[s], 24, "%.0f", t->values[(size_t)i * (size_t)t->nseries + (size_t)s]);
            cells[s + 1] = numbers[s];
        }
        rc = table_add_row(tab, cells);
    }
    if (rc == ST_OK) {
        struct render_options ro = {.format = opt->format, .bom = opt->bom};
        rc = table_render(tab, &ro, out);
    }
    table_free(tab);
    free(cols);
    free(cells);
    free(numbers);
    return rc;
}

enum status report_trend(sqlite3 *db, const struct report_options *opt, FILE *out)
{
    struct trend *t = NULL;
    enum status rc = trend_build(db, opt, &t);
    if (rc == ST_OK && strcmp(opt->format, "svg") == 0)
        rc = graph_trend(t, opt, out);
    else if (rc == ST_OK)
        rc = trend_table(t, opt, out);
    trend_free(t);
    return rc;
}
