/* graphs.c - from report tables to chart descriptions. */
#include "graphs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "lang.h"
#include "msg.h"
#include "table.h"
#include "trend.h"
#include "xlsx.h"

#define MAX_BARS 15 /* more bars than this do not read on a slide */

/* A macro, not a function, so printf formats stay literals the compiler
 * checks. */
#define pick(opt, en, zh) ((opt)->lang == LANG_ZH_TW ? (zh) : (en))

void graph_period_text(const struct report_options *opt, char *out, size_t size)
{
    char a[16], b[16];
    int64_t from = opt->cumulative ? NO_DAY : opt->from;
    if (from == NO_DAY && opt->to == NO_DAY) {
        snprintf(out, size, "%s", pick(opt, "all data", "全部期間"));
        return;
    }
    if (opt->to != NO_DAY)
        lang_day(opt->calendar, opt->to, b);
    if (from == NO_DAY) {
        snprintf(out, size, pick(opt, "up to %s", "截至 %s"), b);
        return;
    }
    lang_day(opt->calendar, from, a);
    if (opt->to == NO_DAY)
        snprintf(out, size, pick(opt, "from %s", "自 %s 起"), a);
    else
        snprintf(out, size, "%s – %s", a, b);
}

const struct xlsx_chart *graph_native_chart(const struct table *t,
                                            const struct report_options *opt, graph_fn graph,
                                            struct xlsx_chart *out)
{
    if (graph == graph_top)
        *out = (struct xlsx_chart){XLSX_CHART_BAR, 5, opt->by_views ? 6 : 7, 1, MAX_BARS};
    else if (graph == graph_publishers)
        *out = (struct xlsx_chart){XLSX_CHART_COLUMN, 0, 3, 2, MAX_BARS};
    else if (graph == graph_countries)
        *out = (struct xlsx_chart){XLSX_CHART_COLUMN, 0, 1, 2, MAX_BARS};
    else if (graph == graph_trend)
        *out = (struct xlsx_chart){XLSX_CHART_LINE, 0, trend_first_series(opt),
                                   table_columns(t) - trend_first_series(opt), 0};
    else
        return NULL;
    return out;
}

enum status graph_write(const struct table *t, const struct report_options *opt, graph_fn graph,
                        FILE *out)
{
    struct xlsx_chart chart;
    if (graph && strcmp(opt->format, "svg") == 0)
        return graph(t, opt, out);
    if (strcmp(opt->format, "svg") == 0) {
        errorf("this report has no chart: --format svg is for top, publishers, countries"
               " and trend");
        return ST_USAGE;
    }
    struct render_options ro = {.format = opt->format, .bom = opt->bom,
                                .chart = graph_native_chart(t, opt, graph, &chart),
                                .lang = opt->lang == LANG_ZH_TW ? "zh-TW" : "en"};
    return table_render(t, &ro, out);
}

enum status graph_report(struct dbi *db, const struct report_options *opt, table_fill_fn fill,
                         graph_fn graph, FILE *out)
{
    struct table *t = NULL;
    enum status rc = fill(db, opt, &t);
    if (rc == ST_OK)
        rc = graph_write(t, opt, graph, out);
    table_free(t);
    return rc;
}

/* Numbers of column COL of the first N rows of T; an empty cell is
 * missing (no logs), not zero. */
static double *column_values(const struct table *t, int col, int n)
{
    double *v = calloc((size_t)n + 1, sizeof *v);
    for (int r = 0; v && r < n; r++) {
        const char *cell = table_cell(t, r, col);
        v[r] = cell[0] ? strtod(cell, NULL) : NAN;
    }
    return v;
}

/* English charts speak words, not column names. */
static const char *word(const struct report_options *opt, const char *key)
{
    static const struct { const char *key, *en; } words[] = {
        {"views", "Views"}, {"downloads", "Downloads"}, {"publisher", "Agency"},
        {"country", "Country or area"}, {"interval", "Period"},
    };
    if (opt->lang == LANG_ZH_TW)
        return lang_heading(opt->lang, key);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].key, key) == 0)
            return words[i].en;
    return key;
}

static enum status write_chart(struct chart *c, const struct report_options *opt, FILE *out)
{
    c->width = opt->width;
    c->height = opt->height;
    c->no_data_text = pick(opt, "no data", "無資料");
    return chart_write_svg(c, out);
}

enum status graph_top(const struct table *t, const struct report_options *opt, FILE *out)
{
    int n = table_rows(t) < MAX_BARS ? table_rows(t) : MAX_BARS;
    const char **labels = calloc((size_t)n + 1, sizeof *labels);
    char **tips = calloc((size_t)n + 1, sizeof *tips);
    double *values = column_values(t, opt->by_views ? 6 : 7, n);
    char title[256], period[64];
    enum status rc = labels && tips && values ? ST_OK : ST_NOMEM;

    for (int r = 0; r < n && rc == ST_OK; r++) {
        const char *id = table_cell(t, r, 1), *name = table_cell(t, r, 5);
        size_t len = strlen(id) + strlen(name) + 4;
        labels[r] = name[0] ? name : id;
        if (!(tips[r] = malloc(len)))
            rc = ST_NOMEM;
        else
            snprintf(tips[r], len, "%s %s", id, name);
    }
    if (rc == ST_OK) {
        graph_period_text(opt, period, sizeof period);
        snprintf(title, sizeof title,
                 opt->lang == LANG_ZH_TW ? (opt->by_views ? "瀏覽次數排行（%s）" : "下載次數排行（%s）")
                 : opt->by_views         ? "Top datasets by views, %s"
                                         : "Top datasets by downloads, %s",
                 period);
        const char *metric = word(opt, opt->by_views ? "views" : "downloads");
        struct chart_series s = {metric, values};
        struct chart c = {.kind = CHART_HBAR, .title = title, .x_label = metric,
                          .categories = labels, .ncategories = n,
                          .tooltips = (const char *const *)tips, .series = &s, .nseries = 1};
        rc = write_chart(&c, opt, out);
    }
    for (int r = 0; tips && r < n; r++)
        free(tips[r]);
    free(tips);
    free(labels);
    free(values);
    return rc;
}

/* Grouped bars of the views and downloads columns of T, first rows only. */
static enum status grouped_bars(const struct table *t, const struct report_options *opt,
                                int label_col, int views_col, int downloads_col,
                                const char *title, const char *x_label, FILE *out)
{
    int n = table_rows(t) < MAX_BARS ? table_rows(t) : MAX_BARS;
    const char **labels = calloc((size_t)n + 1, sizeof *labels);
    double *views = column_values(t, views_col, n), *downloads = column_values(t, downloads_col, n);
    enum status rc = labels && views && downloads ? ST_OK : ST_NOMEM;
    for (int r = 0; r < n && rc == ST_OK; r++)
        labels[r] = table_cell(t, r, label_col);
    if (rc == ST_OK) {
        struct chart_series s[2] = {{word(opt, "views"), views},
                                    {word(opt, "downloads"), downloads}};
        struct chart c = {.kind = CHART_BARS_GROUPED, .title = title, .x_label = x_label,
                          .categories = labels, .ncategories = n, .series = s, .nseries = 2};
        rc = write_chart(&c, opt, out);
    }
    free(labels);
    free(views);
    free(downloads);
    return rc;
}

enum status graph_publishers(const struct table *t, const struct report_options *opt, FILE *out)
{
    char title[256], period[64], shown[96] = "";
    graph_period_text(opt, period, sizeof period);
    if (table_rows(t) > MAX_BARS) /* say that the chart shows only the first agencies */
        snprintf(shown, sizeof shown, pick(opt, " (the first %d of %d agencies)", "，前 %d 個機關，共 %d 個"),
                 MAX_BARS, table_rows(t));
    snprintf(title, sizeof title,
             pick(opt, "Views and downloads by agency, %s%s", "各機關瀏覽及下載次數（%s%s）"), period,
             shown);
    return grouped_bars(t, opt, 0, 3, 4, title, word(opt, "publisher"), out);
}

enum status graph_countries(const struct table *t, const struct report_options *opt, FILE *out)
{
    char title[256], period[64];
    graph_period_text(opt, period, sizeof period);
    snprintf(title, sizeof title,
             pick(opt, "Views and downloads by country, %s", "各國家或地區瀏覽及下載次數（%s）"),
             period);
    return grouped_bars(t, opt, 0, 1, 2, title, word(opt, "country"), out);
}

static const char *interval_word(const struct report_options *opt)
{
    static const char *const en[] = {"day", "week", "month", "quarter"};
    static const char *const zh[] = {"每日", "每週", "每月", "每季"};
    return opt->lang == LANG_ZH_TW ? zh[opt->interval] : en[opt->interval];
}

/* Missing values for the partial intervals ("3/7" days with logs). */
static bool partial_row(const struct table *t, const struct report_options *opt, int r)
{
    int logged = 0, days = 0;
    return trend_first_series(opt) == 2 &&
           sscanf(table_cell(t, r, 1), "%d/%d", &logged, &days) == 2 && logged > 0 &&
           logged < days;
}

/* Leaves the partial intervals out of COL; true when there were any. */
static bool drop_partial(const struct table *t, const struct report_options *opt, double *col)
{
    bool any = false;
    for (int r = 0; r < table_rows(t); r++)
        if (partial_row(t, opt, r)) {
            col[r] = NAN;
            any = true;
        }
    return any;
}

enum status graph_trend(const struct table *t, const struct report_options *opt, FILE *out)
{
    int first = trend_first_series(opt), nseries = table_columns(t) - first, n = table_rows(t);
    struct chart_series *s = calloc((size_t)nseries + 1, sizeof *s);
    double **columns = calloc((size_t)nseries + 1, sizeof *columns);
    const char **labels = calloc((size_t)n + 1, sizeof *labels);
    char title[256], period[64];
    bool partial = false;
    enum status rc = s && columns && labels ? ST_OK : ST_NOMEM;

    for (int k = 0; k < nseries && rc == ST_OK; k++) {
        if (!(columns[k] = column_values(t, first + k, n)))
            rc = ST_NOMEM;
        else {
            partial = drop_partial(t, opt, columns[k]);
            const char *key = table_column(t, first + k)->key;
            s[k] = (struct chart_series){opt->ndatasets > 0 || opt->trend_top > 0
                                             ? table_column(t, first + k)->heading
                                             : word(opt, key),
                                         columns[k]};
        }
    }
    for (int r = 0; r < n && rc == ST_OK; r++)
        labels[r] = table_cell(t, r, 0);
    if (rc == ST_OK) {
        bool datasets = opt->ndatasets > 0 || opt->trend_top > 0;
        const char *what = !datasets ? pick(opt, "Views and downloads", "瀏覽及下載次數")
                           : opt->by_views ? pick(opt, "Views of datasets", "資料集瀏覽次數")
                                           : pick(opt, "Downloads of datasets", "資料集下載次數");
        graph_period_text(opt, period, sizeof period);
        /* the chart says itself that partial intervals are not drawn */
        const char *left_out = !partial ? "" : pick(opt, " (partial intervals left out)",
                                                    "，不完整期間不畫出");
        if (opt->lang == LANG_ZH_TW)
            snprintf(title, sizeof title, "%s%s（%s%s）", interval_word(opt), what, period, left_out);
        else
            snprintf(title, sizeof title, "%s per %s, %s%s", what, interval_word(opt), period,
                     left_out);
        struct chart c = {.kind = CHART_LINE, .title = title, .x_label = word(opt, "interval"),
                          .categories = labels, .ncategories = n, .series = s,
                          .nseries = nseries};
        rc = write_chart(&c, opt, out);
    }
    for (int k = 0; columns && k < nseries; k++)
        free(columns[k]);
    free(columns);
    free(labels);
    free(s);
    return rc;
}
