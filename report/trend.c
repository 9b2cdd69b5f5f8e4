/* trend.c - time series: intervals, series selection, the sums. */
#define _POSIX_C_SOURCE 200809L
#include "trend.h"

#include <stdlib.h>
#include <string.h>

#include "caption.h"
#include "civil.h"
#include "db.h"
#include "graphs.h"
#include "lang.h"
#include "msg.h"
#include "table.h"
#include "usage.h"

#define MAX_INTERVALS 4000
#define MAX_SERIES 64

struct trend {
    int nintervals, nseries;
    int64_t *starts;      /* first day of each interval */
    int *days, *logged;   /* days of each interval, and how many hold logs */
    char **labels;        /* interval labels in the report's calendar */
    char **series;        /* series names: "views"/"downloads" or dataset ids */
    char **tooltips;      /* dataset names from the catalog (or the id) */
    double *values;       /* values[interval * nseries + series] */
};

/* Counts of the period per (day or month start, canonical id), optionally
 * of one publisher. */
static const char rows_sql[] =
    "SELECT s.day, COALESCE(a.dataset_id, s.id) AS cid, s.v, s.d FROM ("
    " SELECT month || '-01' AS day, dataset_id AS id, views AS v, downloads AS d FROM monthly"
    "  WHERE month BETWEEN ?1 AND ?2 AND" SITE_FILTER
    " UNION ALL SELECT day, dataset_id, views, downloads FROM daily WHERE day BETWEEN ?3 AND ?4 AND" SITE_FILTER
    " UNION ALL SELECT day, dataset_id, views, downloads FROM daily WHERE day BETWEEN ?5 AND ?6 AND" SITE_FILTER
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

static void trend_free(struct trend *t)
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
    free(t->days);
    free(t->logged);
    free(t->labels);
    free(t->series);
    free(t->tooltips);
    free(t->values);
    free(t);
}

/* The first and last day with data, for an open period. */
static enum status data_bounds(struct dbi *db, const struct report_options *opt, int64_t *from,
                               int64_t *to)
{
    struct coverage cov;
    enum status rc = caption_coverage(db, opt, NO_DAY, NO_DAY, &cov);
    if (rc == ST_OK && cov.first != NO_DAY) {
        if (*from == NO_DAY)
            *from = cov.first;
        if (*to == NO_DAY)
            *to = cov.last;
    }
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
    t->days = calloc((size_t)n + 1, sizeof *t->days);
    t->logged = calloc((size_t)n + 1, sizeof *t->logged);
    if (!t->starts || !t->labels || !t->days || !t->logged)
        return ST_NOMEM;
    int64_t s = interval_start(opt->interval, from);
    for (int i = 0; i < n; i++, s = interval_next(opt->interval, s)) {
        char label[24];
        interval_label(opt, s, label);
        t->starts[i] = s;
        t->days[i] = (int)(interval_next(opt->interval, s) - s);
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
static enum status add_dataset_series(struct dbi *db, struct trend *t, const char *id)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(db, &st,
                                "SELECT c.id, ds.name FROM (SELECT COALESCE((SELECT dataset_id"
                                " FROM alias WHERE alias = ?1), ?1) AS id) AS c"
                                " LEFT JOIN dataset AS ds ON ds.id = c.id");
    if (rc != ST_OK)
        return rc;
    dbi_bind_text(st, 1, id, -1);
    bool row = false;
    rc = db_step(st, &row, "the catalog");
    if (row)
        rc = add_series(t, dbi_column_text(st, 0),
                        dbi_column_text(st, 1));
    dbi_finalize(st);
    return rc;
}

/* The leading N datasets of the period by the ranked metric. */
static enum status add_top_series(struct dbi *db, const struct report_options *opt, struct trend *t)
{
    struct dbi_stmt *st = NULL;
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
    usage_bind_sites(st, opt);
    if (opt->publisher)
        dbi_bind_text(st, 7, opt->publisher, -1);
    dbi_bind_int64(st, 8, opt->trend_top);
    bool row = true;
    while (rc == ST_OK && (rc = db_step(st, &row, "the leading datasets")) == ST_OK && row)
        rc = add_series(t, dbi_column_text(st, 0),
                        dbi_column_text(st, 1));
    dbi_finalize(st);
    return rc;
}

static enum status choose_series(struct dbi *db, const struct report_options *opt, struct trend *t)
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
        rc = add_series(t, "views", NULL); /* the keys; make_columns localizes */
        if (rc == ST_OK)
            rc = add_series(t, "downloads", NULL);
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

static enum status sum_rows(struct dbi *db, const struct report_options *opt, struct trend *t,
                            int64_t from, int64_t to)
{
    struct dbi_stmt *st = NULL;
    bool per_dataset = opt->ndatasets > 0 || opt->trend_top > 0;
    enum status rc = db_prepare(db, &st, rows_sql);
    if (rc != ST_OK)
        return rc;
    if (opt->interval == INTERVAL_MONTH || opt->interval == INTERVAL_QUARTER)
        usage_bind(st, from, to);   /* whole months fall in one interval */
    else
        usage_bind_days(st, from, to);
    usage_bind_sites(st, opt);
    if (opt->publisher)
        dbi_bind_text(st, 7, opt->publisher, -1);
    int r;
    while ((r = dbi_step(st)) == DBI_ROW) {
        int64_t day;
        if (civil_parse(dbi_column_text(st, 0), &day))
            add_row(t, opt, per_dataset, day, dbi_column_text(st, 1),
                    dbi_column_double(st, 2), dbi_column_double(st, 3));
    }
    if (r != DBI_DONE) {
        errorf("cannot read the counts: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

/* How many days of each interval (inside [FROM, TO]) hold logs: any row
 * of daily, robots included, means the logs of that day were read. */
static enum status count_logged_days(struct dbi *db, const struct report_options *opt,
                                     struct trend *t, int64_t from, int64_t to)
{
    struct dbi_stmt *st = NULL;
    char a[11], b[11];
    enum status rc = db_prepare(db, &st, "SELECT DISTINCT day FROM daily WHERE day BETWEEN ?1 AND ?2"
                                         " AND" SITE_FILTER);
    if (rc != ST_OK)
        return rc;
    civil_format(from, a);
    civil_format(to, b);
    dbi_bind_text(st, 1, a, -1);
    dbi_bind_text(st, 2, b, -1);
    usage_bind_sites(st, opt);
    while (dbi_step(st) == DBI_ROW) {
        int64_t day;
        int i;
        if (civil_parse(dbi_column_text(st, 0), &day) &&
            (i = interval_of(t, day)) >= 0)
            t->logged[i]++;
    }
    dbi_finalize(st);
    return rc;
}

static enum status trend_build(struct dbi *db, const struct report_options *opt, struct trend **out)
{
    struct trend *t = calloc(1, sizeof *t);
    int64_t from = opt->from, to = opt->to;
    enum status rc = t ? data_bounds(db, opt, &from, &to) : ST_NOMEM;

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
    if (rc == ST_OK && t->nintervals > 0)
        rc = count_logged_days(db, opt, t, from, to);
    if (rc != ST_OK) {
        trend_free(t);
        t = NULL;
    }
    *out = t;
    return rc;
}

int trend_first_series(const struct report_options *opt)
{
    return opt->interval == INTERVAL_DAY ? 1 : 2;
}

/* Headings: a dataset series by its id and name ("6564 空氣品質指標"), the
 * portal's by the words; the keys stay the ids (JSON). */
static enum status make_columns(const struct trend *t, const struct report_options *opt,
                                struct table_column *cols, char **names, char **keys)
{
    bool per_dataset = opt->ndatasets > 0 || opt->trend_top > 0;
    int first = trend_first_series(opt);
    /* labels are dates (113-03-04) and "5/7": never wrapped */
    cols[0] = (struct table_column){"interval", lang_heading(opt->lang, "interval"), false, true,
                                    true};
    if (first == 2)
        cols[1] = (struct table_column){"days_with_data", lang_heading(opt->lang, "days_with_data"),
                                        false, true, true};
    for (int s = 0; s < t->nseries; s++) {
        const char *tip = t->tooltips[s];
        size_t len = strlen(t->series[s]) + strlen(tip) + strlen(lang_heading(opt->lang, t->series[s])) + 2;
        if (!(names[s] = malloc(len)) || !(keys[s] = strdup(t->series[s])))
            return ST_NOMEM;
        if (!per_dataset)
            snprintf(names[s], len, "%s", lang_heading(opt->lang, t->series[s]));
        else if (strcmp(tip, t->series[s]) != 0)
            snprintf(names[s], len, "%s %s", t->series[s], tip);
        else
            snprintf(names[s], len, "%s", t->series[s]);
        cols[first + s] = (struct table_column){keys[s], names[s], true, false};
    }
    return ST_OK;
}

/* One row per interval; no value where the interval has no day of logs. */
static enum status add_rows(const struct trend *t, const struct report_options *opt,
                            struct table *tab)
{
    int first = trend_first_series(opt);
    const char **cells = calloc((size_t)(t->nseries + first), sizeof *cells);
    char (*numbers)[24] = calloc((size_t)t->nseries + 1, sizeof *numbers);
    char days[32];
    enum status rc = cells && numbers ? ST_OK : ST_NOMEM;
    for (int i = 0; i < t->nintervals && rc == ST_OK; i++) {
        cells[0] = t->labels[i];
        snprintf(days, sizeof days, "%d/%d", t->logged[i], t->days[i]);
        cells[1] = days;
        for (int s = 0; s < t->nseries; s++) {
            numbers[s][0] = '\0';
            if (t->logged[i] > 0)
                snprintf(numbers[s], 24, "%.0f", t->values[(size_t)i * (size_t)t->nseries + (size_t)s]);
            cells[first + s] = numbers[s];
        }
        rc = table_add_row(tab, cells);
    }
    free(cells);
    free(numbers);
    return rc;
}

/* The trend's table keeps its headings: they live with the table. */
struct trend_table {
    struct table_column cols[MAX_SERIES + 2];
    char *names[MAX_SERIES], *keys[MAX_SERIES];
};

static void trend_table_free(void *p)
{
    struct trend_table *tt = p;
    if (!tt)
        return;
    for (int i = 0; i < MAX_SERIES; i++) {
        free(tt->names[i]);
        free(tt->keys[i]);
    }
    free(tt);
}

static enum status partial_note(struct table *tab, const struct trend *t,
                                const struct report_options *opt)
{
    int partial = 0, empty = 0;
    for (int i = 0; i < t->nintervals; i++) {
        partial += t->logged[i] > 0 && t->logged[i] < t->days[i];
        empty += t->logged[i] == 0;
    }
    char note[512];
    int n = 0;
    note[0] = '\0';
    if (partial && opt->interval != INTERVAL_DAY)
        n = snprintf(note, sizeof note, "%s",
                     opt->lang == LANG_ZH_TW
                         ? "有紀錄日數少於該期間日數者為不完整期間，其次數較低並非使用量下降，圖中不畫出。"
                         : "Intervals with logs on only some of their days are partial: their"
                           " lower numbers are no drop in use, and the chart leaves them out.");
    if (empty && n >= 0 && (size_t)n < sizeof note)
        snprintf(note + n, sizeof note - (size_t)n, "%s%s", n && opt->lang == LANG_EN ? " " : "",
                 opt->lang == LANG_ZH_TW ? "沒有紀錄的期間留空，不是零。"
                                         : "Intervals without logs are empty, not zero.");
    return note[0] ? caption_add_note(tab, opt, note) : ST_OK;
}

enum status trend_fill(struct dbi *db, const struct report_options *opt, struct table **out)
{
    struct trend *t = NULL;
    struct trend_table *tt = calloc(1, sizeof *tt);
    enum status rc = tt ? trend_build(db, opt, &t) : ST_NOMEM;
    *out = NULL;
    if (rc == ST_OK)
        rc = make_columns(t, opt, tt->cols, tt->names, tt->keys);
    if (rc == ST_OK && !(*out = table_new(tt->cols, t->nseries + trend_first_series(opt), NULL)))
        rc = ST_NOMEM;
    if (rc == ST_OK)
        rc = table_keep(*out, tt, trend_table_free);
    if (rc == ST_OK)
        tt = NULL; /* the table owns it now */
    if (rc == ST_OK)
        rc = add_rows(t, opt, *out);
    if (rc == ST_OK)
        rc = caption_apply(db, *out, opt, CAPTION_TREND);
    if (rc == ST_OK)
        rc = partial_note(*out, t, opt);
    trend_table_free(tt);
    trend_free(t);
    if (rc != ST_OK) {
        table_free(*out);
        *out = NULL;
    }
    return rc;
}

enum status report_trend(struct dbi *db, const struct report_options *opt, FILE *out)
{
    return graph_report(db, opt, trend_fill, graph_trend, out);
}
