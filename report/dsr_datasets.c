/* dsr_datasets.c - report-datasets of the counter report: per dataset and
 * month, people's (regular) and machines' four COUNTER metrics, each with
 * its counts per country.
 *
 * Two queries in the same order (canonical id, month): the totals from
 * daily and the per-country counts from daily_country, walked side by
 * side, so a report of any size is written as it is read.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "dsr_int.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "db.h"
#include "msg.h"
#include "pubid.h"
#include "table.h"
#include "usage.h"

enum { METHODS = 2, METRICS = 4 };

static const char *const method_names[METHODS] = {"regular", "machine"};
static const char *const metric_names[METRICS] = {
    "total-dataset-investigations", "unique-dataset-investigations",
    "total-dataset-requests", "unique-dataset-requests",
};

/* Per access method, the four metrics in metric_names' order: views +
 * downloads, sessions with either, downloads, sessions with a download. */
#define DSR_SUMS                                                                           \
    " SUM(t.views + t.downloads), SUM(t.unique_sessions), SUM(t.downloads),"              \
    " SUM(t.unique_downloads), SUM(t.machine_views + t.machine_downloads),"               \
    " SUM(t.machine_unique_sessions), SUM(t.machine_downloads),"                          \
    " SUM(t.machine_unique_downloads)"

/* Counts under an alias roll up to the canonical id; ?3 is --publisher.
 * A (dataset, month) is kept when anything but robots used it: uniques
 * count too, as a session of only suppressed clicks (a chain begun in the
 * hour before) has a unique and no total. */
#define DSR_QUERY(table, country, where)                                                   \
    "SELECT COALESCE(a.dataset_id, t.dataset_id) AS id, substr(t.day, 1, 7) AS month"     \
    country "," DSR_SUMS " FROM " table " AS t LEFT JOIN alias AS a"                      \
    " ON a.alias = t.dataset_id WHERE t.day BETWEEN ?1 AND ?2" where " AND" SITE_FILTER   \
    " AND (?3 IS NULL OR COALESCE(a.dataset_id, t.dataset_id) IN"                         \
    " (SELECT id FROM dataset WHERE publisher = ?3))"                                     \
    " GROUP BY 1, 2" country " HAVING SUM(t.views + t.downloads + t.unique_sessions"      \
    " + t.machine_views + t.machine_downloads + t.machine_unique_sessions) > 0"           \
    " ORDER BY 1, 2" country

static const char totals_sql[] = DSR_QUERY("daily", "", "");
/* ZZ (unknown) is left out of country-counts, as COUNTER says */
static const char countries_sql[] = DSR_QUERY("daily_country", ", t.country",
                                              " AND t.country <> 'ZZ'");
static const char catalog_sql[] =
    "SELECT name, publisher, doi, publisher_id FROM dataset WHERE id = ?1";

struct counts {
    int64_t n[METHODS][METRICS];
};

struct country {
    char code[3];            /* lower case */
    struct counts c;
};

struct walk {
    struct dbi *db;
    const struct report_options *opt;
    const struct dsr_filter *filter;
    FILE *j;
    struct dbi_stmt *totals, *countries, *catalog;
    int country_step;        /* the last dbi_step of countries */
    char *dataset;           /* the dataset being written; NULL before the first */
    bool first_month;
    struct country *cc;      /* the countries of the current (dataset, month) */
    size_t ncc, cc_cap;
};

static void read_counts(struct dbi_stmt *st, int col, struct counts *c)
{
    for (int m = 0; m < METHODS; m++)
        for (int k = 0; k < METRICS; k++)
            c->n[m][k] = dbi_column_int64(st, col++);
}

static bool wanted(const struct dsr_filter *f, const char *id)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->ids[i], id) == 0)
            return true;
    return f->n == 0;
}

static enum status step_failed(struct walk *w)
{
    errorf("cannot read the counts: %s", dbi_errmsg(w->db));
    return ST_DB;
}

static enum status add_country(struct walk *w)
{
    const char *code = dbi_column_text(w->countries, 2);
    struct country *c;
    if (w->ncc == w->cc_cap) {
        size_t cap = w->cc_cap ? 2 * w->cc_cap : 32;
        struct country *p = realloc(w->cc, cap * sizeof *p);
        if (!p)
            return ST_NOMEM;
        w->cc = p;
        w->cc_cap = cap;
    }
    c = &w->cc[w->ncc++];
    memset(c, 0, sizeof *c);
    for (int i = 0; i < 2 && code && code[i]; i++)
        c->code[i] = code[i] >= 'A' && code[i] <= 'Z' ? (char)(code[i] - 'A' + 'a') : code[i];
    read_counts(w->countries, 3, &c->c);
    return ST_OK;
}

/* Collects the country rows of (ID, MONTH), passing over rows of datasets
 * the filter left out. */
static enum status collect_countries(struct walk *w, const char *id, const char *month)
{
    enum status rc = ST_OK;
    w->ncc = 0;
    while (rc == ST_OK && w->country_step == DBI_ROW) {
        int order = strcmp(dbi_column_text(w->countries, 0), id);
        if (order == 0)
            order = strcmp(dbi_column_text(w->countries, 1), month);
        if (order > 0)
            break;
        if (order == 0)
            rc = add_country(w);
        w->country_step = dbi_step(w->countries);
    }
    if (rc == ST_OK && w->country_step != DBI_ROW && w->country_step != DBI_DONE)
        rc = step_failed(w);
    return rc;
}

static void write_string(FILE *j, const char *s) { table_write_json_string(j, s ? s : ""); }

/* publisher-id: the catalog's ids (pubid.h; checked when imported, an
 * item that is none is left out), [] when it has none. */
static void write_publisher_ids(FILE *j, const char *ids)
{
    struct pubid id;
    size_t pos = 0, len = ids ? strlen(ids) : 0;
    const char *sep = "";
    int r;

    fputs(",\n      \"publisher-id\": [", j);
    while ((r = pubid_next(ids, len, &pos, &id)) != 0) {
        char *value = r > 0 ? strndup(id.value, id.value_len) : NULL;
        if (!value)
            continue;
        fprintf(j, "%s{\"type\": \"%s\", \"value\": ", sep, id.type);
        write_string(j, value);
        fputc('}', j);
        free(value);
        sep = ", ";
    }
    fputc(']', j);
}

/* The catalog's id (a DOI, else the platform's own), title and publisher.
 * A dataset missing from the catalog gets empty texts: COUNTER asks for
 * an empty value where a required one is unknown. */
static enum status open_dataset(struct walk *w, const char *id)
{
    struct dbi_stmt *st = w->catalog;
    const char *title = NULL, *publisher = NULL, *doi = NULL, *publisher_ids = NULL;
    char *own = malloc(strlen(w->opt->platform) + strlen(id) + 2); /* platform:id */
    enum status rc = own ? ST_OK : ST_NOMEM;
    int r = DBI_DONE;

    dbi_bind_text(st, 1, id, -1);
    if (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW) {
        title = dbi_column_text(st, 0);
        publisher = dbi_column_text(st, 1);
        doi = dbi_column_text(st, 2);
        publisher_ids = dbi_column_text(st, 3);
    }
    if (rc == ST_OK && r != DBI_ROW && r != DBI_DONE)
        rc = step_failed(w);
    if (rc == ST_OK) {
        sprintf(own, "%s:%s", w->opt->platform, id);
        fprintf(w->j, "%s\n    {\n      \"dataset-id\": [{\"type\": \"%s\", \"value\": ",
                w->dataset ? "," : "", doi && *doi ? "doi" : "proprietary");
        write_string(w->j, doi && *doi ? doi : own);
        fputs("}],\n      \"dataset-title\": ", w->j);
        write_string(w->j, title);
        fputs(",\n      \"publisher\": ", w->j);
        write_string(w->j, publisher);
        write_publisher_ids(w->j, publisher_ids);
        fputs(",\n      \"platform\": ", w->j);
        write_string(w->j, w->opt->platform);
        fputs(",\n      \"data-type\": \"dataset\",\n      \"performance\": [", w->j);
        free(w->dataset);
        w->first_month = true;
        if (!(w->dataset = strdup(id)))
            rc = ST_NOMEM;
    }
    dbi_reset(st);
    dbi_clear_bindings(st);
    free(own);
    return rc;
}

static void close_dataset(struct walk *w)
{
    if (w->dataset)
        fputs("\n      ]\n    }", w->j);
}

/* One instance per access method and metric with a count above zero
 * (COUNTER omits zeros), its countries likewise. */
static void write_instances(struct walk *w, const struct counts *total)
{
    bool first = true;
    for (int m = 0; m < METHODS; m++)
        for (int k = 0; k < METRICS; k++) {
            bool first_country = true;
            if (total->n[m][k] == 0)
                continue;
            fprintf(w->j, "%s\n            {\"access-method\": \"%s\", \"metric-type\": \"%s\","
                    " \"count\": %" PRId64 ", \"country-counts\": {", first ? "" : ",",
                    method_names[m], metric_names[k], total->n[m][k]);
            for (size_t i = 0; i < w->ncc; i++) {
                if (w->cc[i].c.n[m][k] == 0)
                    continue;
                fputs(first_country ? "" : ", ", w->j);
                write_string(w->j, w->cc[i].code);
                fprintf(w->j, ": %" PRId64, w->cc[i].c.n[m][k]);
                first_country = false;
            }
            fputs("}}", w->j);
            first = false;
        }
}

/* MONTH is "YYYY-MM" as the query gives it. */
static void write_month(struct walk *w, const char *month, const struct counts *total)
{
    int y = atoi(month), m = atoi(month + 5);
    char begin[11], end[11];
    civil_format(civil_to_days(y, m, 1), begin);
    civil_format((m == 12 ? civil_to_days(y + 1, 1, 1) : civil_to_days(y, m + 1, 1)) - 1, end);
    fprintf(w->j, "%s\n        {\n          \"period\": {\"begin-date\": \"%s\", \"end-date\": \"%s\"},"
            "\n          \"instance\": [", w->first_month ? "" : ",", begin, end);
    write_instances(w, total);
    fputs("\n          ]\n        }", w->j);
    w->first_month = false;
}

/* One row of the totals: a (dataset, month) with some usage. */
static enum status put_row(struct walk *w)
{
    const char *id = dbi_column_text(w->totals, 0);
    const char *month = dbi_column_text(w->totals, 1);
    struct counts total;
    enum status rc = ST_OK;

    if (!wanted(w->filter, id))
        return ST_OK;
    read_counts(w->totals, 2, &total);
    if (!w->dataset || strcmp(w->dataset, id) != 0) {
        close_dataset(w);
        rc = open_dataset(w, id);
    }
    if (rc == ST_OK)
        rc = collect_countries(w, id, month);
    if (rc == ST_OK)
        write_month(w, month, &total);
    return rc;
}

static enum status prepare(struct walk *w)
{
    enum status rc = db_prepare(w->db, &w->totals, totals_sql);
    if (rc == ST_OK)
        rc = db_prepare(w->db, &w->countries, countries_sql);
    if (rc == ST_OK)
        rc = db_prepare(w->db, &w->catalog, catalog_sql);
    if (rc != ST_OK)
        return rc;
    for (int i = 0; i < 2; i++) {
        struct dbi_stmt *st = i ? w->countries : w->totals;
        usage_bind_days_sites(st, w->opt, w->opt->from, w->opt->to);
        if (w->opt->publisher)
            dbi_bind_text(st, 3, w->opt->publisher, -1);
    }
    w->country_step = dbi_step(w->countries);
    return ST_OK;
}

enum status dsr_write_datasets(struct dbi *db, const struct report_options *opt,
                               const struct dsr_filter *f, FILE *j)
{
    struct walk w = {.db = db, .opt = opt, .filter = f, .j = j};
    enum status rc = prepare(&w);
    int r = DBI_DONE;

    fputc('[', j);
    while (rc == ST_OK && (r = dbi_step(w.totals)) == DBI_ROW)
        rc = put_row(&w);
    if (rc == ST_OK && r != DBI_DONE)
        rc = step_failed(&w);
    close_dataset(&w);
    fputs(w.dataset ? "\n  ]" : "]", j);
    dbi_finalize(w.totals);
    dbi_finalize(w.countries);
    dbi_finalize(w.catalog);
    free(w.dataset);
    free(w.cc);
    return rc;
}

enum status dsr_filter_init(struct dbi *db, const struct report_options *opt, struct dsr_filter *f)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, "SELECT COALESCE((SELECT dataset_id FROM alias"
                                         " WHERE alias = ?1), ?1)");
    memset(f, 0, sizeof *f);
    for (int i = 0; rc == ST_OK && i < opt->ndatasets && i < DSR_MAX_DATASETS; i++) {
        dbi_bind_text(st, 1, opt->datasets[i], -1);
        if (dbi_step(st) != DBI_ROW) {
            errorf("cannot read the aliases: %s", dbi_errmsg(db));
            rc = ST_DB;
        } else if (!f->n || !wanted(f, dbi_column_text(st, 0))) {
            /* named twice (an alias and its id): kept once */
            if (!(f->ids[f->n++] = strdup(dbi_column_text(st, 0))))
                rc = ST_NOMEM;
        }
        dbi_reset(st);
    }
    dbi_finalize(st);
    return rc;
}

void dsr_filter_release(struct dsr_filter *f)
{
    for (int i = 0; i < f->n; i++)
        free(f->ids[i]);
    f->n = 0;
}
