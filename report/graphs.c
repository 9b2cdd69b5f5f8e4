/* graphs.c - from report tables to chart descriptions. */
#include "graphs.h"

#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "lang.h"
#include "table.h"
#include "trend.h"

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

enum status graph_write(const struct table *t, const struct report_options *opt, graph_fn graph,
                        FILE *out)
{
    if (graph && strcmp(opt->format, "svg") == 0)
        return graph(t, opt, out);
    struct render_options ro = {.format = opt->format, .bom = opt->bom};
    return table_render(t, &ro, out);
}

/* Numbers of column COL of the first N rows of T. */
static double *column_values(const struct table *t, int col, int n)
{
    double *v = calloc((size_t)n + 1, sizeof *v);
    for (int r = 0; v && r < n; r++)
        v[r] = strtod(table_cell(t, r, col), NULL);
    return v;
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
        const char *metric = lang_heading(opt->lang, opt->by_views ? "views" : "downloads");
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
        struct chart_series s[2] = {{lang_heading(opt->lang, "views"), views},
                                    {lang_heading(opt->lang, "downloads"), downloads}};
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
    char title[256], period[64];
    graph_period_text(opt, period, sizeof period);
    snprintf(title, sizeof title,
             pick(opt, "Views and downloads by agency, %s", "各機關瀏覽及下載次數（%s）"), period);
    return grouped_bars(t, opt, 0, 3, 4, title, lang_heading(opt->lang, "publisher"), out);
}

enum status graph_countries(const struct table *t, const struct report_options *opt, FILE *out)
{
    char title[256], period[64];
    graph_period_text(opt, period, sizeof period);
    snprintf(title, sizeof title,
             pick(opt, "Views and downloads by country, %s", "各國家或地區瀏覽及下載次數（%s）"),
             period);
    return grouped_bars(t, opt, 0, 1, 2, title, lang_heading(opt->lang, "country"), out);
}

static const char *interval_word(const struct report_options *opt)
{
    static const char *const en[] = {"day", "week", "month", "quarter"};
    static const char *const zh[] = {"每日", "每週", "每月", "每季"};
    return opt->lang == LANG_ZH_TW ? zh[opt->interval] : en[opt->interval];
}

enum status graph_trend(const struct trend *t, const struct report_options *opt, FILE *out)
{
    struct chart_series *s = calloc((size_t)t->nseries + 1, sizeof *s);
    double *columns = calloc((size_t)t->nseries * (size_t)t->nintervals + 1, sizeof *columns);
    char title[256], period[64];
    enum status rc = s && columns ? ST_OK : ST_NOMEM;

    for (int k = 0; k < t->nseries && rc == ST_OK; k++) {
        double *col = columns + (size_t)k * (size_t)t->nintervals;
        for (int i = 0; i < t->nintervals; i++)
            col[i] = t->values[(size_t)i * (size_t)t->nseries + (size_t)k];
        s[k] = (struct chart_series){t->tooltips[k], col};
    }
    if (rc == ST_OK) {
        bool datasets = opt->ndatasets > 0 || opt->trend_top > 0;
        const char *what = !datasets ? pick(opt, "Views and downloads", "瀏覽及下載次數")
                           : opt->by_views ? pick(opt, "Views of datasets", "資料集瀏覽次數")
                                           : pick(opt, "Downloads of datasets", "資料集下載次數");
        graph_period_text(opt, period, sizeof period);
        if (opt->lang == LANG_ZH_TW)
            snprintf(title, sizeof title, "%s%s（%s）", interval_word(opt), what, period);
        else
            snprintf(title, sizeof title, "%s per %s, %s", what, interval_word(opt), period);
        struct chart c = {.kind = CHART_LINE, .title = title,
                          .x_label = lang_heading(opt->lang, "interval"),
                          .categories = (const char *const *)t->labels,
                          .ncategories = t->nintervals, .series = s, .nseries = t->nseries};
        rc = write_chart(&c, opt, out);
    }
    free(s);
    free(columns);
    return rc;
}
