/* test_dsr.c - odstat-report counter (report/dsr.c, dsr_datasets.c) on a
 * real SQLite database whose tables the tests fill by hand; the report is
 * read back with common/json.c. */
#define _GNU_SOURCE /* mkdtemp, open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "db.h"
#include "dsr.h"
#include "json.h"
#include "msg.h"
#include "tmpdb.h"
#include "options.h"

struct fx {
    struct tmpdb t;        /* the directory and the database */
    char *text;            /* the last report */
    size_t len;
    struct json *doc;      /* ... parsed */
};

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    if (!fx || tmpdb_open(&fx->t, "test_dsr") != 0)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    tmpdb_close(&fx->t);
    json_free(fx->doc);
    free(fx->text);
    free(fx);
    return 0;
}

static void sql(struct fx *fx, const char *text)
{
    if (dbi_exec(fx->t.db, text, "test") != ST_OK)
        fail_msg("%s: %s", text, dbi_errmsg(fx->t.db));
}

/* Runs the report with ARGS (NULL-terminated, after the command name) into
 * fx->text and returns its status; on ST_OK fx->doc is the parsed JSON. */
static enum status run(struct fx *fx, const char *const *args)
{
    char *argv[24] = {"counter"};
    int argc = 1;
    struct report_options opt;
    struct json_error err;
    FILE *out;
    enum status rc;

    while (*args)
        argv[argc++] = (char *)*args++;
    assert_int_equal(report_options_parse(argc, argv, &opt), ST_OK);
    free(fx->text);
    json_free(fx->doc);
    fx->text = NULL;
    fx->doc = NULL;
    out = open_memstream(&fx->text, &fx->len);
    assert_non_null(out);
    rc = report_counter(fx->t.db, &opt, out);
    assert_int_equal(fclose(out), 0);
    if (rc == ST_OK && !(opt.output && strstr(opt.output, ".gz")))
        assert_int_equal(json_parse(&fx->doc, fx->text, fx->len, &err), ST_OK);
    return rc;
}

static enum status run_month(struct fx *fx)
{
    static const char *const args[] = {"--period", "2024-03", "--platform", "p", "--today",
                                       "2024-04-02", NULL};
    return run(fx, args);
}

/* The node at a path of object keys and array indexes ("#0"). */
static const struct json_node *at(const struct fx *fx, const char *const *path)
{
    const struct json_node *n = json_root(fx->doc);
    for (; n && *path; path++) {
        if (**path == '#') {
            n = json_first(n);
            for (int i = atoi(*path + 1); n && i > 0; i--)
                n = json_next(n);
        } else {
            n = json_get(n, *path);
        }
    }
    return n;
}

static const char *text_at(const struct fx *fx, const char *const *path)
{
    const struct json_node *n = at(fx, path);
    return n ? json_string(n, NULL) : NULL;
}

static double number_at(const struct fx *fx, const char *const *path)
{
    double v = -1;
    const struct json_node *n = at(fx, path);
    assert_non_null(n);
    assert_true(json_number(n, &v));
    return v;
}

#define PATH(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_dsr_leaves_out_zeros_and_unknown_countries(void **state)
{
    struct fx *fx = *state;
    sql(fx, "INSERT INTO daily (day, dataset_id, views, unique_sessions, robot_views)"
            " VALUES ('2024-03-04', 'a', 3, 2, 9), ('2024-03-05', 'robots-only', 0, 0, 5)");
    sql(fx, "INSERT INTO daily_country (day, dataset_id, country, views, unique_sessions)"
            " VALUES ('2024-03-04', 'a', 'TW', 2, 1), ('2024-03-04', 'a', 'ZZ', 1, 1)");
    assert_int_equal(run_month(fx), ST_OK);
    /* robots-only has no COUNTER usage: one dataset, two instances */
    assert_int_equal(json_size(at(fx, PATH("report-datasets"))), 1);
    assert_int_equal(json_size(at(fx, PATH("report-datasets", "#0", "performance", "#0",
                                           "instance"))), 2);
    assert_string_equal(text_at(fx, PATH("report-datasets", "#0", "performance", "#0", "instance",
                                         "#1", "metric-type")), "unique-dataset-investigations");
    assert_true(number_at(fx, PATH("report-datasets", "#0", "performance", "#0", "instance", "#0",
                                   "count")) == 3);
    const struct json_node *cc = at(fx, PATH("report-datasets", "#0", "performance", "#0",
                                             "instance", "#0", "country-counts"));
    assert_int_equal(json_size(cc), 1);
    double tw = 0;
    assert_true(json_number(json_get(cc, "tw"), &tw) && tw == 2);
}

/* A chain that began in the hour before leaves a session with only
 * suppressed clicks: a unique with no total, reported as it is. */
static void test_dsr_reports_a_unique_without_a_total(void **state)
{
    struct fx *fx = *state;
    sql(fx, "INSERT INTO daily (day, dataset_id, unique_views, unique_sessions)"
            " VALUES ('2024-03-31', 'a', 1, 1)");
    assert_int_equal(run_month(fx), ST_OK);
    assert_string_equal(text_at(fx, PATH("report-datasets", "#0", "performance", "#0", "instance",
                                         "#0", "metric-type")), "unique-dataset-investigations");
    assert_null(at(fx, PATH("report-datasets", "#0", "performance", "#0", "instance", "#1")));
}

static void test_dsr_escapes_catalog_text(void **state)
{
    struct fx *fx = *state;
    static const char title[] = "q\" b\\ n\n t\t c\x01 </script> 空氣";
    struct dbi_stmt *st;
    sql(fx, "INSERT INTO daily (day, dataset_id, downloads, unique_downloads, unique_sessions)"
            " VALUES ('2024-03-01', 'a', 1, 1, 1)");
    assert_int_equal(db_prepare(fx->t.db, &st, "INSERT INTO dataset (id, name, publisher,"
                                        " source, imported_at) VALUES ('a', ?1, ?1, 'csv', 0)"), ST_OK);
    dbi_bind_text(st, 1, title, -1);
    assert_int_equal(dbi_step(st), DBI_DONE);
    dbi_finalize(st);
    assert_int_equal(run_month(fx), ST_OK);
    assert_string_equal(text_at(fx, PATH("report-datasets", "#0", "dataset-title")), title);
    assert_string_equal(text_at(fx, PATH("report-datasets", "#0", "publisher")), title);
    assert_string_equal(text_at(fx, PATH("report-datasets", "#0", "dataset-id", "#0", "value")),
                        "p:a");
}

static void test_dsr_adds_an_alias_to_its_dataset_and_takes_its_doi(void **state)
{
    struct fx *fx = *state;
    sql(fx, "INSERT INTO dataset (id, name, source, imported_at, doi)"
            " VALUES ('slug', 'S', 'ckan', 0, '10.1/s')");
    sql(fx, "INSERT INTO alias (alias, dataset_id) VALUES ('uuid', 'slug')");
    sql(fx, "INSERT INTO daily (day, dataset_id, machine_downloads, machine_unique_downloads,"
            " machine_unique_sessions) VALUES ('2024-03-01', 'slug', 2, 1, 1),"
            " ('2024-03-02', 'uuid', 3, 1, 1)");
    assert_int_equal(run_month(fx), ST_OK);
    assert_int_equal(json_size(at(fx, PATH("report-datasets"))), 1);
    assert_string_equal(text_at(fx, PATH("report-datasets", "#0", "dataset-id", "#0", "type")),
                        "doi");
    assert_string_equal(text_at(fx, PATH("report-datasets", "#0", "dataset-id", "#0", "value")),
                        "10.1/s");
    assert_string_equal(text_at(fx, PATH("report-datasets", "#0", "performance", "#0", "instance",
                                         "#0", "access-method")), "machine");
    assert_true(number_at(fx, PATH("report-datasets", "#0", "performance", "#0", "instance", "#0",
                                   "count")) == 5);
    assert_true(number_at(fx, PATH("report-datasets", "#0", "performance", "#0", "instance", "#1",
                                   "count")) == 2);
}

/* Days hold logs through daily, rejects, late_lines or covered hours. */
static void test_dsr_names_the_days_without_logs(void **state)
{
    struct fx *fx = *state;
    sql(fx, "INSERT INTO daily (day, dataset_id, robot_views) VALUES ('2024-03-02', 'a', 1)");
    sql(fx, "INSERT INTO rejects (day, reason, lines) VALUES ('2024-03-04', 'format', 1)");
    sql(fx, "INSERT INTO late_lines (site, day, lines) VALUES ('default', '2024-03-06', 1)");
    /* 2024-03-09 23h .. 2024-03-11 00h; day 19791 is 2024-03-09 */
    sql(fx, "INSERT INTO coverage (site, first_hour, last_hour)"
            " VALUES ('default', 19791 * 24 + 23, 19793 * 24)");
    assert_int_equal(run_month(fx), ST_OK);
    assert_string_equal(text_at(fx, PATH("report-header", "exceptions", "#0", "data")),
                        "no logs for 2024-03-01, 2024-03-03, 2024-03-05, 2024-03-07/2024-03-08,"
                        " 2024-03-12/2024-03-31");
    assert_true(number_at(fx, PATH("report-header", "exceptions", "#0", "code")) == 3040);
    assert_int_equal(json_size(at(fx, PATH("report-datasets"))), 0);
}

static void test_dsr_refuses_part_months_and_a_missing_platform(void **state)
{
    struct fx *fx = *state;
    static const char *const part[] = {"--from", "2024-03-01", "--to", "2024-03-30",
                                       "--platform", "p", NULL};
    static const char *const all[] = {"--platform", "p", NULL};
    static const char *const unnamed[] = {"--period", "2024-03", NULL};
    assert_int_equal(run(fx, part), ST_USAGE);
    assert_int_equal(run(fx, all), ST_USAGE);
    assert_int_equal(run(fx, unnamed), ST_USAGE);
}

static void test_dsr_gzip_holds_the_report_and_says_so(void **state)
{
    struct fx *fx = *state;
    static const char *const args[] = {"--period", "2024-03", "--platform", "p", "-o",
                                       "r.json.gz", NULL};
    static char plain[1 << 16];
    z_stream z;
    struct json_error err;

    sql(fx, "INSERT INTO daily (day, dataset_id, views, unique_sessions)"
            " VALUES ('2024-03-04', 'a', 1, 1)");
    assert_int_equal(run(fx, args), ST_OK);
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (unsigned char *)fx->text;
    z.avail_in = (uInt)fx->len;
    z.next_out = (unsigned char *)plain;
    z.avail_out = sizeof plain;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(json_parse(&fx->doc, plain, z.total_out, &err), ST_OK);
    inflateEnd(&z);
    assert_true(number_at(fx, PATH("report-header", "exceptions", "#1", "code")) == 69);
    assert_string_equal(text_at(fx, PATH("report-datasets", "#0", "dataset-id", "#0", "value")),
                        "p:a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dsr_leaves_out_zeros_and_unknown_countries, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dsr_reports_a_unique_without_a_total, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dsr_escapes_catalog_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dsr_adds_an_alias_to_its_dataset_and_takes_its_doi,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_dsr_names_the_days_without_logs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dsr_refuses_part_months_and_a_missing_platform,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_dsr_gzip_holds_the_report_and_says_so, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
