/* deck.c - the meeting pack: files of every report, and an index page
 * that embeds the charts (as data: URIs) so it is one self-contained,
 * printable file. */
#define _POSIX_C_SOURCE 200809L
#include "deck.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "caption.h"
#include "countries.h"
#include "graphs.h"
#include "lang.h"
#include "msg.h"
#include "publishers.h"
#include "summary.h"
#include "table.h"
#include "top.h"
#include "trend.h"
#include "xlsx.h"

#define DECK_ROWS 15 /* rows of the long tables shown in the index, as in their charts */

struct deck {
    const char *dir;
    FILE *index;            /* index.html, written as the parts are made */
    struct xlsx_book *book; /* deck.xlsx, one sheet per table; NULL without xlsx */
    struct report_options opt;
};

static bool zh(const struct report_options *o) { return o->lang == LANG_ZH_TW; }

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

/* NAME.svg from SVG (already rendered), and the chart in the index with
 * ALT (the table's title) as its text for those who cannot see it. */
static enum status write_chart_file(struct deck *d, const char *name, const char *svg, size_t len,
                                    const char *alt)
{
    char file[256];
    snprintf(file, sizeof file, "%s.svg", name);
    FILE *f = open_part(d, file);
    if (!f)
        return ST_USAGE;
    fwrite(svg, 1, len, f);
    enum status rc = close_part(f, d, file);
    fputs("<figure><img alt=\"", d->index);
    table_write_html_text(d->index, alt ? alt : name);
    fputs("\" src=\"data:image/svg+xml;base64,", d->index);
    write_base64(d->index, (const unsigned char *)svg, len);
    fputs("\"></figure>\n", d->index);
    return rc;
}

/* The chart of T into the pack and the index. */
static enum status chart_part(struct deck *d, const struct table *t,
                              const struct report_options *opt, const char *name, graph_fn graph)
{
    char *svg = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&svg, &len);
    enum status rc = mem ? graph(t, opt, mem) : ST_NOMEM;
    if (mem)
        fclose(mem);
    if (rc == ST_OK)
        rc = write_chart_file(d, name, svg, len, table_title(t));
    free(svg);
    return rc;
}

/* One part: the table's files, its sheet in the workbook, its chart
 * (GRAPH may be NULL), and both in the index, in a section of its own that
 * starts a page. The index shows at most SHOWN rows (0: all), and says so. */
static enum status part(struct deck *d, struct dbi *db, const struct report_options *opt,
                        const char *name, table_fill_fn fill, graph_fn graph, int shown)
{
    struct table *t = NULL;
    struct xlsx_chart chart;
    enum status rc = fill(db, opt, &t);
    if (rc == ST_OK)
        rc = write_table_files(d, t, name);
    if (rc == ST_OK && d->book)
        rc = xlsx_book_add(d->book, name, t, graph_native_chart(t, opt, graph, &chart));
    fputs("<section>\n", d->index);
    if (rc == ST_OK)
        table_write_html_caption(t, d->index);
    if (rc == ST_OK && graph)
        rc = chart_part(d, t, opt, name, graph);
    if (rc == ST_OK && shown > 0 && table_rows(t) > shown) {
        char note[256];
        snprintf(note, sizeof note,
                 zh(opt) ? "此處列出前 %d 個，共 %d 個；全部見 %s.csv 及 deck.xlsx。"
                         : "The first %d of %d are shown here; all of them are in %s.csv and deck.xlsx.",
                 shown, table_rows(t), name);
        table_truncate(t, shown);
        rc = caption_add_note(t, opt, note);
    }
    if (rc == ST_OK)
        table_write_html_body(t, d->index);
    fputs("</section>\n", d->index);
    table_free(t);
    return rc;
}

static void index_head(struct deck *d)
{
    char period[64];
    const char *title = zh(&d->opt) ? "開放資料集使用統計" : "Dataset usage";
    graph_period_text(&d->opt, period, sizeof period);
    fprintf(d->index, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>",
            zh(&d->opt) ? "zh-TW" : "en");
    table_write_html_text(d->index, d->opt.title ? d->opt.title : title);
    /* Print: every part starts a page and keeps its chart with its
     * heading; a chart is as wide as the page, or (landscape) as high as
     * leaves room for its table. */
    fputs("</title>\n<style>" TABLE_CSS
          "figure{margin:0 0 1em;break-inside:avoid}img{width:100%;height:auto;display:block}"
          "@media print{img{width:auto;max-width:100%;max-height:48vh;margin:0 auto}}"
          "section{break-before:page}h1+section{break-before:auto}"
          "h2{margin:.2em 0}"
          "</style>\n</head><body>\n<h1>",
          d->index);
    table_write_html_text(d->index, d->opt.title ? d->opt.title : title);
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

/* Weekly points when the data spans at least four weeks of a quarter or
 * less, monthly for longer periods, daily for a few days of data. */
static enum report_interval deck_interval(const struct report_options *o,
                                          const struct coverage *cov)
{
    bool short_period = o->from != NO_DAY && o->to != NO_DAY && o->to - o->from < 120;
    if (cov->first != NO_DAY && cov->last - cov->first < 28)
        return INTERVAL_DAY;
    return short_period ? INTERVAL_WEEK : INTERVAL_MONTH;
}

static enum status write_parts(struct deck *d, struct dbi *db, const struct coverage *cov)
{
    struct report_options o = d->opt;
    o.title = NULL; /* --title names the pack (index.html); each table keeps its own */
    struct report_options by_views = o, top10 = o, portal = o;
    by_views.by_views = true;
    top10.interval = portal.interval = deck_interval(&o, cov);
    top10.trend_top = 10;
    if (cov->first != NO_DAY) { /* the trends cover the days with logs; the notes say which */
        top10.from = portal.from = cov->first;
        top10.to = portal.to = cov->last;
        top10.kind = portal.kind = PERIOD_DAYS;
    }
    enum status rc = part(d, db, &o, "summary", summary_fill, NULL, 0);
    if (rc == ST_OK)
        rc = part(d, db, &o, "top-downloads", top_fill, graph_top, 0);
    if (rc == ST_OK)
        rc = part(d, db, &by_views, "top-views", top_fill, graph_top, 0);
    if (rc == ST_OK)
        rc = part(d, db, &o, "publishers", publishers_fill, graph_publishers, DECK_ROWS);
    if (rc == ST_OK)
        rc = part(d, db, &o, "badges", badges_fill, NULL, 0);
    if (rc == ST_OK)
        rc = part(d, db, &o, "countries", countries_fill, graph_countries, DECK_ROWS);
    if (rc == ST_OK)
        rc = part(d, db, &top10, "trend-top10", trend_fill, graph_trend, 0);
    if (rc == ST_OK)
        rc = part(d, db, &portal, "trend-portal", trend_fill, graph_trend, 0);
    return rc;
}

/* An empty period must not replace last quarter's pack unless --force. */
static enum status check_empty(const struct deck *d, const struct coverage *cov)
{
    char index[4096];
    struct stat sb;
    if (cov->first != NO_DAY)
        return ST_OK;
    notef("the period holds no data: the pack is empty");
    snprintf(index, sizeof index, "%s/index.html", d->dir);
    if (d->opt.force || stat(index, &sb) != 0)
        return ST_OK;
    errorf("not replacing the pack in '%s' with an empty one (--force replaces it)", d->dir);
    return ST_USAGE;
}

static enum status open_book(struct deck *d)
{
    char path[4096];
    if (!xlsx_available()) {
        notef("no deck.xlsx: odstat-report was built without libxlsxwriter");
        return ST_OK;
    }
    snprintf(path, sizeof path, "%s/deck.xlsx", d->dir);
    return xlsx_book_open(path, &d->book);
}

enum status report_deck(struct dbi *db, const struct report_options *opt, FILE *out)
{
    struct deck d = {.dir = opt->output, .opt = *opt};
    struct coverage cov;
    enum status rc;
    (void)out;
    if (!d.dir || strcmp(d.dir, "-") == 0) {
        errorf("deck writes a directory: give it with -o DIR");
        return ST_USAGE;
    }
    d.opt.quiet_empty = true;
    rc = caption_coverage(db, opt, opt->cumulative ? NO_DAY : opt->from, opt->to, &cov);
    if (rc == ST_OK)
        rc = check_empty(&d, &cov);
    if (rc == ST_OK)
        rc = make_dir(d.dir);
    if (rc == ST_OK && !(d.index = open_part(&d, "index.html")))
        rc = ST_USAGE;
    if (rc == ST_OK)
        rc = open_book(&d);
    if (rc != ST_OK) {
        if (d.index)
            fclose(d.index);
        return rc;
    }
    index_head(&d);
    rc = write_parts(&d, db, &cov);
    fputs("</body></html>\n", d.index);
    enum status closed = close_part(d.index, &d, "index.html");
    rc = rc == ST_OK ? closed : rc;
    closed = xlsx_book_close(d.book);
    return rc == ST_OK ? closed : rc;
}
