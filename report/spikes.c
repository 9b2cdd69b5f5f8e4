/* spikes.c - (a) months that stand out against a dataset's own past year,
 * judged in integers so a threshold is never missed by rounding; (b) the
 * busiest human session-hours. */
#define _POSIX_C_SOURCE 200809L
#include "spikes.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "db.h"
#include "lang.h"
#include "msg.h"
#include "usage.h"
#include "table.h"

#define BASELINE_MONTHS 12  /* the average is over the twelve months before */
#define SPIKE_FACTOR 3      /* a spike is at least 3 times the average ... */
#define SPIKE_MIN_RISE 100  /* ... and at least 100 above it */
#define DROP_PERCENT 1      /* a drop is below 1 % of the average ... */
#define DROP_MIN_AVERAGE 20 /* ... of an average of at least 20 */
#define BUSY_DEFAULT_N 20

#define pick(opt, en, zh) ((opt)->lang == LANG_ZH_TW ? (zh) : (en))

/* A dataset's monthly counts over the period and the twelve months
 * before it; index 0 is the first of those twelve. */
struct scan {
    int first;               /* month index (year * 12 + month - 1) of value[0] */
    int n;                   /* months held */
    bool *covered;           /* the database has any count of that month */
    int64_t *value;          /* the dataset's count of that month */
    char *id;                /* the dataset being scanned */
    struct dbi_stmt *name;      /* catalog name of a dataset */
    struct table *out;
    const struct report_options *opt;
};

static int month_index(const char *text)
{
    return atoi(text) * 12 + atoi(text + 5) - 1;
}

static void month_text(int index, char out[16])
{
    snprintf(out, 16, "%04d-%02d", index / 12 % 10000, index % 12 + 1);
}

static void month_label(const struct report_options *opt, int index, char out[16])
{
    int y = index / 12;
    snprintf(out, 16, "%d-%02d", (opt->calendar == CAL_ROC && y > 1911 ? y - 1911 : y) % 10000,
             index % 12 + 1);
}

static const char *catalog_name(struct scan *s)
{
    dbi_reset(s->name);
    dbi_bind_text(s->name, 1, s->id, -1);
    return dbi_step(s->name) == DBI_ROW ? dbi_column_text(s->name, 0)
                                               : NULL;
}

/* "spike", "drop" or NULL for a month of V after K covered months that
 * summed to SUM (average SUM / K). */
static const char *judge(int64_t v, int64_t sum, int64_t k)
{
    if (v * k >= SPIKE_FACTOR * sum && v * k >= sum + SPIKE_MIN_RISE * k)
        return "spike";
    if (sum >= DROP_MIN_AVERAGE * k && 100 * v * k < DROP_PERCENT * sum)
        return "drop";
    return NULL;
}

static enum status add_row(struct scan *s, int i, const char *change, int64_t v, int64_t sum,
                           int64_t k)
{
    char month[16], value[24], avg[32], ratio[32] = "", months[24];
    month_label(s->opt, s->first + i, month);
    snprintf(value, sizeof value, "%" PRId64, v);
    snprintf(avg, sizeof avg, "%.1f", (double)sum / (double)k);
    if (sum > 0)
        snprintf(ratio, sizeof ratio, "%.2f", (double)v * (double)k / (double)sum);
    snprintf(months, sizeof months, "%" PRId64, k);
    const char *cells[8] = {month, s->id, catalog_name(s), lang_heading(s->opt->lang, change),
                            value, avg, ratio, months};
    return table_add_row(s->out, cells);
}

/* Every covered month of the period (after the twelve leading months)
 * against the covered months among the twelve before it. */
static enum status judge_dataset(struct scan *s)
{
    enum status rc = ST_OK;
    for (int i = BASELINE_MONTHS; i < s->n && rc == ST_OK; i++) {
        int64_t sum = 0, k = 0;
        if (!s->covered[i])
            continue;
        for (int j = i - BASELINE_MONTHS; j < i; j++)
            if (s->covered[j]) {
                sum += s->value[j];
                k++;
            }
        const char *change = k > 0 ? judge(s->value[i], sum, k) : NULL;
        if (change)
            rc = add_row(s, i, change, s->value[i], sum, k);
    }
    memset(s->value, 0, (size_t)s->n * sizeof s->value[0]);
    return rc;
}

static void bind_months(struct dbi_stmt *st, const struct scan *s)
{
    char lo[16], hi[16];
    month_text(s->first, lo);
    month_text(s->first + s->n - 1, hi);
    dbi_bind_text(st, 1, lo, -1);
    dbi_bind_text(st, 2, hi, -1);
    usage_bind_sites(st, s->opt);
}

static enum status step_error(struct dbi *db, int step)
{
    if (step == DBI_DONE)
        return ST_OK;
    errorf("cannot read the monthly counts: %s", dbi_errmsg(db));
    return ST_DB;
}

static enum status read_covered(struct dbi *db, struct scan *s)
{
    struct dbi_stmt *st = NULL;
    int step;
    enum status rc = db_prepare(db, &st, "SELECT DISTINCT month FROM monthly"
                                         " WHERE month BETWEEN ?1 AND ?2 AND" SITE_FILTER);
    if (rc != ST_OK)
        return rc;
    bind_months(st, s);
    while ((step = dbi_step(st)) == DBI_ROW) {
        int i = month_index(dbi_column_text(st, 0)) - s->first;
        if (i >= 0 && i < s->n)
            s->covered[i] = true;
    }
    dbi_finalize(st);
    return step_error(db, step);
}

#define COUNTS_SQL(metric)                                                                \
    "SELECT COALESCE(a.dataset_id, m.dataset_id), m.month, SUM(m." metric ")"             \
    " FROM monthly AS m LEFT JOIN alias AS a ON a.alias = m.dataset_id"                   \
    " WHERE m.month BETWEEN ?1 AND ?2 AND (?20 IS NULL OR m.site IN (?21, ?22, ?23, ?24,"    \
    " ?25, ?26, ?27, ?28)) GROUP BY 1, 2 ORDER BY 1, 2"

/* Streams the counts dataset by dataset and judges each. */
static enum status scan_counts(struct dbi *db, struct scan *s)
{
    struct dbi_stmt *st = NULL;
    int step = DBI_DONE;
    enum status rc = db_prepare(db, &st, s->opt->by_views ? COUNTS_SQL("views")
                                                          : COUNTS_SQL("downloads"));
    if (rc != ST_OK)
        return rc;
    bind_months(st, s);
    while (rc == ST_OK && (step = dbi_step(st)) == DBI_ROW) {
        const char *id = dbi_column_text(st, 0);
        if (s->id && strcmp(s->id, id) != 0) {
            rc = judge_dataset(s);
            free(s->id);
            s->id = NULL;
        }
        if (rc == ST_OK && !s->id && !(s->id = strdup(id)))
            rc = ST_NOMEM;
        int i = month_index(dbi_column_text(st, 1)) - s->first;
        if (rc == ST_OK && i >= 0 && i < s->n)
            s->value[i] = dbi_column_int64(st, 2);
    }
    if (rc == ST_OK)
        rc = step_error(db, step);
    if (rc == ST_OK && s->id)
        rc = judge_dataset(s);
    dbi_finalize(st);
    return rc;
}

/* The months of the period: those of --from/--to, else of the data. */
static enum status period_months(struct dbi *db, const struct report_options *opt, int *lo,
                                 int *hi)
{
    struct dbi_stmt *st = NULL;
    char a[11], b[11];
    /* one step along the (month, ...) key each (see caption_coverage) */
    enum status rc = db_prepare(db, &st, "SELECT (SELECT MIN(month) FROM monthly WHERE"
                                         SITE_FILTER "), (SELECT MAX(month) FROM monthly WHERE"
                                         SITE_FILTER ")");
    *lo = 1;
    *hi = 0; /* empty */
    if (rc != ST_OK)
        return rc;
    usage_bind_sites(st, opt);
    if (dbi_step(st) == DBI_ROW && !dbi_column_is_null(st, 0)) {
        *lo = month_index(dbi_column_text(st, 0));
        *hi = month_index(dbi_column_text(st, 1));
    }
    dbi_finalize(st);
    if (opt->from != NO_DAY) {
        civil_format(opt->from, a);
        *lo = month_index(a);
    }
    if (opt->to != NO_DAY) {
        civil_format(opt->to, b);
        *hi = month_index(b);
    }
    return ST_OK;
}

static enum status fill_spikes(struct dbi *db, const struct report_options *opt, struct table *t)
{
    struct scan s = {.out = t, .opt = opt};
    int lo, hi;
    enum status rc = period_months(db, opt, &lo, &hi);
    if (rc != ST_OK || hi < lo)
        return rc;
    s.first = lo - BASELINE_MONTHS;
    s.n = hi - s.first + 1;
    s.covered = calloc((size_t)s.n, sizeof *s.covered);
    s.value = calloc((size_t)s.n, sizeof *s.value);
    rc = s.covered && s.value ? db_prepare(db, &s.name, "SELECT name FROM dataset WHERE id = ?1")
                              : ST_NOMEM;
    if (rc == ST_OK)
        rc = read_covered(db, &s);
    if (rc == ST_OK)
        rc = scan_counts(db, &s);
    dbi_finalize(s.name);
    free(s.id);
    free(s.covered);
    free(s.value);
    return rc;
}

static enum status fill_busy(struct dbi *db, const struct report_options *opt, struct table *t)
{
    struct dbi_stmt *st = NULL;
    int step = DBI_DONE;
    enum status rc = db_prepare(db, &st, "SELECT day, hour, session, country, requests, datasets"
                                         " FROM busy_hours WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER
                                         " ORDER BY requests DESC, datasets DESC, day, hour,"
                                         " session, site LIMIT ?3");
    if (rc != ST_OK)
        return rc;
    usage_bind_days_sites(st, opt, opt->from, opt->to);
    dbi_bind_int64(st, 3, opt->top_n_given ? opt->top_n : BUSY_DEFAULT_N);
    while (rc == ST_OK && (step = dbi_step(st)) == DBI_ROW) {
        char day[16] = "", hour[8], requests[24], datasets[24];
        int64_t d;
        if (civil_parse(dbi_column_text(st, 0), &d))
            lang_day(opt->calendar, d, day);
        snprintf(hour, sizeof hour, "%d", (int)dbi_column_int64(st, 1));
        snprintf(requests, sizeof requests, "%" PRId64, (int64_t)dbi_column_int64(st, 4));
        snprintf(datasets, sizeof datasets, "%" PRId64, (int64_t)dbi_column_int64(st, 5));
        const char *cells[6] = {day, hour, dbi_column_text(st, 2),
                                dbi_column_text(st, 3), requests, datasets};
        rc = table_add_row(t, cells);
    }
    if (rc == ST_OK && step != DBI_DONE) {
        errorf("cannot read the busy session-hours: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

/* The columns of both tables; table_new keeps a pointer to them. */
struct columns {
    struct table_column spike[8], busy[6];
};

static void set_columns(struct columns *c, const struct report_options *opt)
{
    static const char *const sk[8] = {"month", "dataset_id", "name", "kind", "downloads",
                                      "average", "ratio", "baseline_months"};
    static const char *const bk[6] = {"day", "hour", "session", "country", "requests",
                                      "datasets"};
    for (int i = 0; i < 8; i++) {
        const char *key = i == 4 && opt->by_views ? "views" : sk[i];
        c->spike[i] = (struct table_column){key, lang_heading(opt->lang, key), i >= 4, i == 3};
    }
    for (int i = 0; i < 6; i++)
        c->busy[i] = (struct table_column){bk[i], lang_heading(opt->lang, bk[i]),
                                             i == 1 || i >= 4, i == 2};
}

static const char *spikes_title(const struct report_options *opt)
{
    return opt->by_views ? pick(opt, "Usage spikes and drops (human views)",
                                "使用量暴增與驟降（瀏覽次數）")
                         : pick(opt, "Usage spikes and drops (human downloads)",
                                "使用量暴增與驟降（下載次數）");
}

static const char *busy_title(const struct report_options *opt)
{
    return pick(opt, "Busiest session-hours counted as people", "計為一般使用者的最繁忙工作階段小時");
}

/* Fills *SPIKES with (a) and *BUSY with (b), over the columns C; both
 * NULL on failure. */
static enum status spikes_fill(struct dbi *db, const struct report_options *opt, struct columns *c,
                               struct table **spikes, struct table **busy)
{
    set_columns(c, opt);
    *spikes = table_new(c->spike, 8, spikes_title(opt));
    *busy = table_new(c->busy, 6, busy_title(opt));
    enum status rc = *spikes && *busy ? fill_spikes(db, opt, *spikes) : ST_NOMEM;
    if (rc == ST_OK)
        rc = fill_busy(db, opt, *busy);
    if (rc != ST_OK) {
        table_free(*spikes);
        table_free(*busy);
        *spikes = *busy = NULL;
    }
    return rc;
}

static void write_page(const struct table *spikes, const struct table *busy,
                       const struct report_options *opt, FILE *out)
{
    const char *title = pick(opt, "Spikes and busy session-hours", "使用量異常與繁忙工作階段");
    fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>", out);
    table_write_html_text(out, title);
    fputs("</title>\n<style>" TABLE_CSS "</style>\n</head><body>\n", out);
    table_write_html(spikes, out);
    table_write_html(busy, out);
    fputs("</body></html>\n", out);
}

enum status report_spikes(struct dbi *db, const struct report_options *opt, FILE *out)
{
    struct table *spikes = NULL, *busy = NULL;
    struct columns columns;
    struct render_options ro = {.format = opt->format, .bom = opt->bom};
    enum status rc = spikes_fill(db, opt, &columns, &spikes, &busy);
    bool json = strcmp(opt->format, "json") == 0;
    if (rc == ST_OK && strcmp(opt->format, "html") == 0)
        write_page(spikes, busy, opt, out);
    else if (rc == ST_OK) {
        if (json)
            fputs("{\"spikes\": ", out);
        rc = table_render(spikes, &ro, out);
        ro.bom = false; /* one BOM, at the start of the file */
        if (rc == ST_OK) {
            fputs(json ? ", \"busy_hours\": " : "\n", out);
            rc = table_render(busy, &ro, out);
        }
        if (rc == ST_OK && json)
            fputs("}\n", out);
    }
    table_free(spikes);
    table_free(busy);
    return rc;
}
