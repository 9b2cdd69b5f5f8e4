/* deck.c - the meeting pack: files of every report, and an index page
 * that embeds the charts (as data: URIs) so it is one self-contained,
 * printable file. */
#define _POSIX_C_SOURCE 200809L
#include "deck.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "countries.h"
#include "graphs.h"
#include "lang.h"
#include "late_days.h"
#include "msg.h"
#include "publishers.h"
#include "summary.h"
#include "table.h"
#include "top.h"
#include "trend.h"

struct deck {
    const char *dir;
    FILE *index;            /* index.html, written as the parts are made */
    struct report_options opt;
};

static FILE *open_part(const struct deck *d, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", d->dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        errorf("cannot write '%s': %s", path, strerror(errno));
    return f;
}

static enum status close_part(FILE *f, const struct deck *d, const char *name)
{
    if (fclose(f) != 0) {
        errorf("cannot write '%s/%s': %s", d->dir, name, strerror(errno));
        return ST_USAGE;
    }
    return ST_OK;
}

/* NAME.csv and NAME.md of T. */
static enum status write_table_files(const struct deck *d, const struct table *t, const char *name)
{
    static const char *const formats[] = {"csv", "md"};
    enum status rc = ST_OK;
    for (int i = 0; i < 2 && rc == ST_OK; i++) {
        char file[256];
        snprintf(file, sizeof file, "%s.%s", name, formats[i]);
        FILE *f = open_part(d, file);
        if (!f)
            return ST_USAGE;
        struct render_options ro = {.format = formats[i], .bom = d->opt.bom};
        rc = table_render(t, &ro, f);
        enum status closed = close_part(f, d, file);
        rc = rc == ST_OK ? closed : rc;
    }
    return rc;
}

/* The late days of the period under the summary, in summary.md and in
 * the index (summary.csv stays one plain table). */
static enum status late_part(struct deck *d, sqlite3 *db, const struct report_options *opt)
{
    struct late_days *late = NULL;
    enum status rc = late_days_load(db, opt->from, opt->to, &late);
    if (rc == ST_OK && late_days_count(late) > 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/summary.md", d->dir);
        FILE *f = fopen(path, "a");
        if (f) {
            late_days_note(late, opt, false, f);
            rc = close_part(f, d, "summary.md");
        } else {
            errorf("cannot write '%s': %s", path, strerror(errno));
            rc = ST_USAGE;
        }
        late_days_note(late, opt, true, d->index);
    }
    late_days_free(late);
    return rc;
}

static void write_base64(FILE *out, const unsigned char *p, size_t n)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        fputc(digits[v >> 18 & 63], out);
        fputc(digits[v >> 12 & 63], out);
        fputc(i + 1 < n ? digits[v >> 6 & 63] : '=', out);
        fputc(i + 2 < n ? digits[v & 63] : '=', out);
    }
}

/* NAME.svg from SVG (already rendered), and the chart in the index. */
static enum status write_chart_file(struct deck *d, const char *name, const char *svg, size_t len)
{
    char file[256];
    snprintf(file, sizeof file, "%s.svg", name);
    FILE *f = open_part(d, file);
    if (!f)
        return ST_USAGE;
    fwrite(svg, 1, len, f);
    enum status rc = close_part(f, d, file);
    fputs("<figure><img alt=\"\" src=\"data:image/svg+xml;base64,", d->index);
    write_base64(d->index, (const unsigned char *)svg, len);
    fputs("\"></figure>\n", d->index);
    return rc;
}

typedef enum status (*fill_fn)(sqlite3 *, const struct report_options *, struct table **);

/* One part: the table's files, its chart (GRAPH may be NULL), and both in
 * the index under TITLE. */
static enum status part(struct deck *d, sqlite3 *db, const struct report_options *opt,
                        const char *name, const char *title, fill_fn fill, graph_fn graph)
{
    struct table *t = NULL;
    char *svg = NULL;
    size_t len = 0;
    enum status rc = fill(db, opt, &t);
    if (rc == ST_OK)
        rc = write_table_files(d, t, name);
    if (rc == ST_OK)
        table_write_html(t, title, d->index);
    if (rc == ST_OK && graph) {
        FILE *mem = open_memstream(&svg, &len);
        rc = mem ? graph(t, opt, mem) : ST_NOMEM;
        if (mem)
            fclose(mem);
        if (rc == ST_OK)
            rc = write_chart_file(d, name, svg, len);
    }
    free(svg);
    table_free(t);
    return rc;
}

/* A trend part: CSV of the series and its line chart. */
static enum status trend_part(struct deck *d, sqlite3 *db, const struct report_options *opt,
                              const char *name, const char *title)
{
    char *text = NULL;
    size_t len = 0;
    char file[256];
    snprintf(file, sizeof file, "%s.csv", name);
    FILE *f = open_part(d, file);
    if (!f)
        return ST_USAGE;
    struct report_options csv = *opt;
    csv.format = "csv";
    enum status rc = report_trend(db, &csv, f);
    enum status closed = close_part(f, d, file);
    rc = rc == ST_OK ? closed : rc;
    fputs("<h2>", d->index);
    table_write_html_text(d->index, title);
    fputs("</h2>\n", d->index);
    FILE *mem = rc == ST_OK ? open_memstream(&text, &len) : NULL;
    if (rc == ST_OK && !mem)
        rc = ST_NOMEM;
    if (mem) {
        struct report_options svg = *opt;
        svg.format = "svg";
        rc = report_trend(db, &svg, mem);
        fclose(mem);
        if (rc == ST_OK)
            rc = write_chart_file(d, name, text, len);
    }
    free(text);
    return rc;
}

static void index_head(struct deck *d)
{
    char period[64];
    const char *title = d->opt.lang == LANG_ZH_TW ? "資料集使用統計" : "Dataset usage";
    graph_period_text(&d->opt, period, sizeof period);
    fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>", d->index);
    table_write_html_text(d->index, title);
    fputs("</title>\n<style>" TABLE_CSS
          "figure{margin:0 0 2em}img{max-width:100%;height:auto}"
          "@media print{h2{break-before:page}table,figure{break-inside:avoid}}"
          "</style>\n</head><body>\n<h1>",
          d->index);
    table_write_html_text(d->index, title);
    fputs(" · ", d->index);
    table_write_html_text(d->index, period);
    fputs("</h1>\n", d->index);
}

/* DIR with any missing parents (mkdir -p): a cron line's first run names a
 * directory nobody made yet. A failure names the component that failed. */
static enum status make_dir(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir[0] ? dir : ".");
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char end = *p;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            errorf("cannot make directory '%s': %s", path, strerror(errno));
            return ST_USAGE;
        }
        if (end == '\0')
            return ST_OK;
        *p = end;
    }
}

static bool zh(const struct report_options *o) { return o->lang == LANG_ZH_TW; }

static enum status write_parts(struct deck *d, sqlite3 *db)
{
    struct report_options o = d->opt, by_views = d->opt, top10 = d->opt, portal = d->opt;
    by_views.by_views = true;
    /* weekly points for a quarter or less, monthly for longer periods */
    bool short_period = o.from != NO_DAY && o.to != NO_DAY && o.to - o.from < 120;
    top10.interval = portal.interval = short_period ? INTERVAL_WEEK : INTERVAL_MONTH;
    top10.trend_top = 10;
    enum status rc = part(d, db, &o, "summary", zh(&o) ? "使用概況" : "Summary", summary_fill,
                          NULL);
    if (rc == ST_OK)
        rc = late_part(d, db, &o);
    if (rc == ST_OK)
        rc = part(d, db, &o, "top-downloads", zh(&o) ? "下載次數排行" : "Top 10 by downloads",
                  top_fill, graph_top);
    if (rc == ST_OK)
        rc = part(d, db, &by_views, "top-views", zh(&o) ? "瀏覽次數排行" : "Top 10 by views",
                  top_fill, graph_top);
    if (rc == ST_OK)
        rc = part(d, db, &o, "publishers", zh(&o) ? "各機關使用統計" : "Agencies",
                  publishers_fill, graph_publishers);
    if (rc == ST_OK)
        rc = part(d, db, &o, "badges", zh(&o) ? "各機關資料集標章統計" : "Quality badges",
                  badges_fill, NULL);
    if (rc == ST_OK)
        rc = part(d, db, &o, "countries", zh(&o) ? "國家或地區" : "Countries", countries_fill,
                  graph_countries);
    if (rc == ST_OK)
        rc = trend_part(d, db, &top10, "trend-top10",
                        zh(&o) ? "下載次數前10名的趨勢" : "Trend of the top 10");
    if (rc == ST_OK)
        rc = trend_part(d, db, &portal, "trend-portal",
                        zh(&o) ? "全站瀏覽及下載趨勢" : "Trend of the portal");
    return rc;
}

enum status report_deck(sqlite3 *db, const struct report_options *opt, FILE *out)
{
    struct deck d = {.dir = opt->output, .opt = *opt};
    enum status rc;
    (void)out;
    if (!d.dir) {
        errorf("deck writes a directory: give it with -o DIR");
        return ST_USAGE;
    }
    rc = make_dir(d.dir);
    if (rc == ST_OK && !(d.index = open_part(&d, "index.html")))
        rc = ST_USAGE;
    if (rc != ST_OK)
        return rc;
    index_head(&d);
    rc = write_parts(&d, db);
    fputs("</body></html>\n", d.index);
    enum status closed = close_part(d.index, &d, "index.html");
    return rc == ST_OK ? closed : rc;
}
