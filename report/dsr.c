/* dsr.c - the counter command: its checks, the report header with the
 * filters and the exceptions COUNTER defines (3040 partial data, 69
 * gzipped), and the gzip wrapping. report-datasets: dsr_datasets.c.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "dsr.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "civil.h"
#include "db.h"
#include "dsr_int.h"
#include "msg.h"
#include "table.h"
#include "usage.h"
#include "version.h"

/* A day holds logs when a line of it was counted, rejected or came late,
 * or when an hour of it is covered time (valid lines of any kind, also
 * those that are no dataset event). ingest's first_ts..last_ts is not
 * used: it is an instant, not a local day, and a file may span days
 * without lines. */
static const char days_sql[] =
    "SELECT day FROM daily WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER
    " UNION SELECT day FROM rejects WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER
    " UNION SELECT day FROM late_lines WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER;
static const char hours_sql[] =
    "SELECT first_hour, last_hour FROM coverage WHERE last_hour >= ?1 AND first_hour <= ?2"
    " AND" SITE_FILTER;

static bool first_of_month(int64_t day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    return d == 1;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static enum status check_options(const struct report_options *opt)
{
    /* csv is the default of every report; counter writes JSON whatever */
    if (strcmp(opt->format, "json") != 0 && strcmp(opt->format, "csv") != 0) {
        errorf("counter writes json only, not '%s'", opt->format);
        return ST_USAGE;
    }
    if (opt->from == NO_DAY || opt->to == NO_DAY || !first_of_month(opt->from) ||
        !first_of_month(opt->to + 1)) {
        errorf("counter reports whole months: give --period 2024-03, 2024Q1, 2024 or"
               " last-month, or --from the first and --to the last day of months");
        return ST_USAGE;
    }
    if (!opt->platform || !*opt->platform) {
        errorf("counter needs --platform NAME, the portal's name in the report");
        return ST_USAGE;
    }
    return ST_OK;
}

/* Sets HAS[i] for each day OPT->from + i (to OPT->to) that holds logs of
 * OPT's sites. */
static enum status days_with_logs(struct dbi *db, const struct report_options *opt, bool *has)
{
    int64_t from = opt->from, to = opt->to;
    struct dbi_stmt *days = NULL, *hours = NULL;
    int64_t day;
    int r = DBI_DONE;
    enum status rc = db_prepare(db, &days, days_sql);

    if (rc == ST_OK)
        rc = db_prepare(db, &hours, hours_sql);
    if (rc != ST_OK)
        goto out;
    usage_bind_days_sites(days, opt, from, to);
    usage_bind_sites(hours, opt);
    while ((r = dbi_step(days)) == DBI_ROW)
        if (civil_parse(dbi_column_text(days, 0), &day))
            has[day - from] = true;
    if (r != DBI_DONE)
        goto failed;
    dbi_bind_int64(hours, 1, from * 24);
    dbi_bind_int64(hours, 2, to * 24 + 23);
    while ((r = dbi_step(hours)) == DBI_ROW) {
        int64_t first = dbi_column_int64(hours, 0) / 24;
        int64_t last = dbi_column_int64(hours, 1) / 24;
        for (day = first < from ? from : first; day <= last && day <= to; day++)
            has[day - from] = true;
    }
failed:
    if (r != DBI_DONE) {
        errorf("cannot read which days hold logs: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
out:
    dbi_finalize(days);
    dbi_finalize(hours);
    return rc;
}

/* "no logs for 2024-03-01, 2024-03-20/2024-03-31": the days without logs
 * as ISO 8601 dates and intervals. */
static void write_missing(FILE *j, int64_t from, int64_t ndays, const bool *has)
{
    const char *sep = "no logs for ";
    for (int64_t i = 0; i < ndays; i++) {
        int64_t end = i;
        char a[11], b[11];
        if (has[i])
            continue;
        while (end + 1 < ndays && !has[end + 1])
            end++;
        civil_format(from + i, a);
        civil_format(from + end, b);
        if (end == i)
            fprintf(j, "%s%s", sep, a);
        else
            fprintf(j, "%s%s/%s", sep, a, b);
        sep = ", ";
        i = end;
    }
}

static enum status write_exceptions(struct dbi *db, const struct report_options *opt, bool gz,
                                    FILE *j)
{
    int64_t ndays = opt->to - opt->from + 1, missing = 0;
    bool *has = calloc((size_t)ndays, sizeof *has);
    enum status rc = has ? days_with_logs(db, opt, has) : ST_NOMEM;
    const char *sep = "";

    for (int64_t i = 0; rc == ST_OK && i < ndays; i++)
        missing += !has[i];
    fputs("    \"exceptions\": [", j);
    if (rc == ST_OK && missing) {
        fputs("\n      {\"code\": 3040, \"severity\": \"warning\","
              " \"message\": \"partial data returned\", \"data\": \"", j);
        write_missing(j, opt->from, ndays, has);
        fputs("\"}", j);
        sep = ",";
    }
    if (rc == ST_OK && gz)
        fprintf(j, "%s\n      {\"code\": 69, \"severity\": \"warning\", \"message\":"
                " \"Report is compressed using gzip\", \"data\":"
                " \"usage data needs to be uncompressed\"}", sep);
    fputs(missing || gz ? "\n    ]" : "]", j);
    free(has);
    return rc;
}

static void write_filter(FILE *j, const char *name, const char *value)
{
    fprintf(j, ",\n      {\"name\": \"%s\", \"value\": ", name);
    table_write_json_string(j, value);
    fputc('}', j);
}

/* A filter NAME whose value is ITEMS[0..N) joined by "|" (COUNTER's way
 * of giving several values); nothing when N is 0. */
static enum status write_joined(FILE *j, const char *name, const char *const *items, int n)
{
    size_t len = 0;
    char *value = NULL;
    FILE *list = n ? open_memstream(&value, &len) : NULL;

    if (n && !list)
        return ST_NOMEM;
    for (int i = 0; i < n; i++)
        fprintf(list, "%s%s", i ? "|" : "", items[i]);
    if (list && fclose(list) != 0) {
        free(value);
        return ST_NOMEM;
    }
    if (value)
        write_filter(j, name, value);
    free(value);
    return ST_OK;
}

/* The period, and the filters as applied: the canonical ids of --dataset,
 * --publisher, the --site names. */
static enum status write_filters(const struct report_options *opt, const struct dsr_filter *f,
                                 FILE *j)
{
    char from[11], to[11];
    enum status rc;

    civil_format(opt->from, from);
    civil_format(opt->to, to);
    fprintf(j, "    \"report-filters\": [\n      {\"name\": \"begin-date\", \"value\": \"%s\"}",
            from);
    write_filter(j, "end-date", to);
    rc = write_joined(j, "dataset-id", (const char *const *)f->ids, f->n);
    if (rc == ST_OK && opt->publisher)
        write_filter(j, "publisher", opt->publisher);
    if (rc == ST_OK)
        rc = write_joined(j, "site", opt->sites, opt->nsites);
    fputs("\n    ],\n    \"report-attributes\": [],\n", j);
    return rc;
}

static enum status write_header(struct dbi *db, const struct report_options *opt,
                                const struct dsr_filter *f, bool gz, FILE *j)
{
    char created[11], from[11], to[11];
    enum status rc;

    civil_format(opt->today, created);
    civil_format(opt->from, from);
    civil_format(opt->to, to);
    fprintf(j, "  \"report-header\": {\n    \"report-name\": \"dataset report\",\n"
            "    \"report-id\": \"DSR\",\n    \"release\": \"rd1\",\n"
            "    \"created\": \"%s\",\n    \"created-by\": \"odstat " ODSTAT_VERSION "\",\n"
            "    \"reporting-period\": {\"begin-date\": \"%s\", \"end-date\": \"%s\"},\n",
            created, from, to);
    rc = write_filters(opt, f, j);
    if (rc == ST_OK)
        rc = write_exceptions(db, opt, gz, j);
    fputs("\n  },\n", j);
    return rc;
}

/* Deflates TEXT[0..LEN) as one gzip member (no name, time 0: the same
 * report gives the same bytes) onto OUT. */
static enum status write_gzip(const char *text, size_t len, FILE *out)
{
    unsigned char buf[1 << 16];
    z_stream z;
    int zr = Z_OK;

    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return ST_NOMEM;
    z.next_in = (unsigned char *)(uintptr_t)text;
    while (zr == Z_OK) {
        size_t chunk = len > (1u << 30) ? (1u << 30) : len;
        if (z.avail_in == 0) {
            z.avail_in = (uInt)chunk;
            len -= chunk;
        }
        z.next_out = buf;
        z.avail_out = sizeof buf;
        zr = deflate(&z, len == 0 ? Z_FINISH : Z_NO_FLUSH);
        fwrite(buf, 1, sizeof buf - z.avail_out, out);
    }
    deflateEnd(&z);
    return zr == Z_STREAM_END ? ST_OK : ST_NOMEM;
}

enum status report_counter(struct dbi *db, const struct report_options *opt, FILE *out)
{
    struct dsr_filter filter = {0};
    bool gz = opt->output && ends_with(opt->output, ".gz");
    char *text = NULL;
    size_t len = 0;
    FILE *mem = NULL, *j = out;   /* gzipped: the text is made in memory first */
    enum status rc = check_options(opt);

    if (rc == ST_OK)
        rc = dsr_filter_init(db, opt, &filter);
    if (rc == ST_OK && gz && !(j = mem = open_memstream(&text, &len)))
        rc = ST_NOMEM;
    if (rc == ST_OK) {
        fputs("{\n", j);
        rc = write_header(db, opt, &filter, gz, j);
    }
    if (rc == ST_OK) {
        fputs("  \"report-datasets\": ", j);
        rc = dsr_write_datasets(db, opt, &filter, j);
        fputs("\n}\n", j);
    }
    if (mem && fclose(mem) != 0 && rc == ST_OK)
        rc = ST_NOMEM;
    if (rc == ST_OK && gz)
        rc = write_gzip(text, len, out);
    free(text);
    dsr_filter_release(&filter);
    return rc;
}
