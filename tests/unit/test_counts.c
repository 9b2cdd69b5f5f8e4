/* test_counts.c - odstat-collect --counts: the four snapshot sources of
 * SPEC §6.1 into a real database (collector/import/counts.c). The
 * fixtures and every number: tests/fixtures/agency/README.md. */
#define _GNU_SOURCE /* mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "counts.h"
#include "db.h"
#include "msg.h"
#include "tmpdb.h"

#define FIXTURES "../fixtures/agency/"

struct fx {
    struct tmpdb t;        /* the directory, the database, the last file written */
    struct counts_stats st;
    struct counts_options opt;
};

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    if (!fx || tmpdb_open(&fx->t, "test_counts") != 0)
        return -1;
    fx->opt = (struct counts_options){.as_of = "2024-03-31", .metric = COUNTS_BOTH};
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    tmpdb_close(&fx->t);
    free(fx);
    return 0;
}

/* The stored value of ID's METRIC on AS_OF, or -1 when there is none. */
static long long value(struct fx *fx, const char *id, const char *metric, const char *as_of)
{
    struct dbi_stmt *st = NULL;
    long long v = -1;
    assert_int_equal(db_prepare(fx->t.db, &st, "SELECT value FROM snapshot WHERE dataset_id = ?1"
                                        " AND metric = ?2 AND as_of = ?3"),
                     ST_OK);
    dbi_bind_text(st, 1, id, -1);
    dbi_bind_text(st, 2, metric, -1);
    dbi_bind_text(st, 3, as_of, -1);
    if (dbi_step(st) == DBI_ROW)
        v = dbi_column_int64(st, 0);
    dbi_finalize(st);
    return v;
}

static long long rows(struct fx *fx)
{
    struct dbi_stmt *st = NULL;
    assert_int_equal(db_prepare(fx->t.db, &st, "SELECT COUNT(*) FROM snapshot"),
                     ST_OK);
    assert_int_equal(dbi_step(st), DBI_ROW);
    long long n = dbi_column_int64(st, 0);
    dbi_finalize(st);
    return n;
}

static void import_catalog(struct fx *fx, const char *path)
{
    struct catalog_stats cs;
    assert_int_equal(catalog_import(fx->t.db, path, &cs), ST_OK);
}

static void test_front_api_list_with_quoted_thousands_is_stored(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(counts_import(fx->t.db, FIXTURES "datagovtw-api.json", &fx->opt, &fx->st), ST_OK);
    assert_string_equal(fx->st.source, "datagovtw-api");
    assert_int_equal(fx->st.datasets, 5);
    assert_int_equal(fx->st.values, 10);
    assert_int_equal(fx->st.changed, 10);
    assert_int_equal(value(fx, "25001", "views", "2024-03-31"), 5080);
    assert_int_equal(value(fx, "25001", "downloads", "2024-03-31"), 1234);
    assert_int_equal(value(fx, "25003", "downloads", "2024-03-31"), 2001);
    assert_int_equal(value(fx, "25000", "views", "2024-03-31"), 7);
}

static void test_importing_the_same_snapshot_again_changes_nothing(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(counts_import(fx->t.db, FIXTURES "datagovtw-api.json", &fx->opt, &fx->st), ST_OK);
    assert_int_equal(counts_import(fx->t.db, FIXTURES "datagovtw-api.json", &fx->opt, &fx->st), ST_OK);
    assert_int_equal(fx->st.values, 10);
    assert_int_equal(fx->st.changed, 0);
    assert_int_equal(rows(fx), 10);
}

static void test_a_file_without_its_date_needs_as_of(void **state)
{
    struct fx *fx = *state;
    fx->opt.as_of = NULL;
    assert_int_equal(counts_import(fx->t.db, FIXTURES "datagovtw-api.json", &fx->opt, &fx->st),
                     ST_USAGE);
    assert_int_equal(rows(fx), 0);
}

static void test_metric_option_takes_one_metric_only(void **state)
{
    struct fx *fx = *state;
    fx->opt.metric = COUNTS_VIEWS;
    assert_int_equal(counts_import(fx->t.db, FIXTURES "datagovtw-api.json", &fx->opt, &fx->st), ST_OK);
    assert_int_equal(fx->st.values, 5);
    assert_int_equal(value(fx, "25001", "views", "2024-03-31"), 5080);
    assert_int_equal(value(fx, "25001", "downloads", "2024-03-31"), -1);
}

static void test_statistics_export_joins_the_catalog_by_agency_and_name(void **state)
{
    struct fx *fx = *state;
    import_catalog(fx, FIXTURES "catalog.csv");
    assert_int_equal(counts_import(fx->t.db, FIXTURES "datagovtw-stats.csv", &fx->opt, &fx->st), ST_OK);
    assert_string_equal(fx->st.source, "datagovtw-stats");
    assert_int_equal(fx->st.datasets, 4);
    assert_int_equal(fx->st.unmatched, 2);
    assert_int_equal(value(fx, "25001", "views", "2024-03-31"), 5080);
    assert_int_equal(value(fx, "25001", "downloads", "2024-03-31"), 1234);
    assert_int_equal(value(fx, "25002", "downloads", "2024-03-31"), 45);
    assert_int_equal(value(fx, "25003", "downloads", "2024-03-31"), 2001);
    assert_int_equal(value(fx, "25000", "views", "2024-03-31"), 7);
    assert_int_equal(value(fx, "25004", "views", "2024-03-31"), -1);
}

static void test_statistics_row_of_an_ambiguous_name_is_skipped(void **state)
{
    struct fx *fx = *state;
    import_catalog(fx, FIXTURES "catalog.csv");
    import_catalog(fx, tmpdb_write(&fx->t, "in.csv", "dataset_id,name,publisher\n25099,河川水位,經濟部水利署\n"));
    assert_int_equal(counts_import(fx->t.db, FIXTURES "datagovtw-stats.csv", &fx->opt, &fx->st), ST_OK);
    assert_int_equal(fx->st.datasets, 3);
    assert_int_equal(fx->st.unmatched, 3);
    assert_int_equal(value(fx, "25002", "views", "2024-03-31"), -1);
    assert_int_equal(value(fx, "25099", "views", "2024-03-31"), -1);
}

static void test_ckan_tracking_summary_gives_views_and_resource_downloads(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(counts_import(fx->t.db, FIXTURES "ckan-tracking.json", &fx->opt, &fx->st), ST_OK);
    assert_string_equal(fx->st.source, "ckan");
    assert_int_equal(fx->st.datasets, 1); /* no-tracking has neither */
    assert_int_equal(value(fx, "air-quality", "views", "2024-03-31"), 5080);
    assert_int_equal(value(fx, "air-quality", "downloads", "2024-03-31"), 1234);
}

static void test_a_snapshot_under_an_alias_is_stored_under_the_dataset(void **state)
{
    struct fx *fx = *state;
    import_catalog(fx, FIXTURES "ckan-tracking.json");
    tmpdb_write(&fx->t, "in.csv", "dataset_id,views\r\n0f1e2d3c-aaaa-bbbb-cccc-000000000001,4000\r\n");
    assert_int_equal(counts_import(fx->t.db, fx->t.file, &fx->opt, &fx->st), ST_OK);
    assert_int_equal(value(fx, "air-quality", "views", "2024-03-31"), 4000);
}

static void test_plain_csv_with_bom_crlf_and_empty_cells(void **state)
{
    struct fx *fx = *state;
    fx->opt.as_of = NULL; /* the file has as_of */
    assert_int_equal(counts_import(fx->t.db, FIXTURES "plain.csv", &fx->opt, &fx->st), ST_OK);
    assert_string_equal(fx->st.source, "csv");
    assert_int_equal(fx->st.datasets, 3);
    assert_int_equal(fx->st.values, 4);
    assert_int_equal(value(fx, "25001", "views", "2024-03-31"), 5080);
    assert_int_equal(value(fx, "25002", "views", "2024-03-31"), 310);
    assert_int_equal(value(fx, "25002", "downloads", "2024-03-31"), 45);
}

static void test_a_later_snapshot_of_the_same_date_replaces_the_value(void **state)
{
    struct fx *fx = *state;
    tmpdb_write(&fx->t, "in.csv", "dataset_id,views\n25001,10\n25001,\"1,000,000\"\n");
    assert_int_equal(counts_import(fx->t.db, fx->t.file, &fx->opt, &fx->st), ST_OK);
    assert_int_equal(value(fx, "25001", "views", "2024-03-31"), 1000000);
    assert_int_equal(rows(fx), 1);
}

static void test_bad_counts_dates_and_ids_reject_only_their_record(void **state)
{
    struct fx *fx = *state;
    tmpdb_write(&fx->t, "in.csv", "dataset_id,views,as_of\n"
                             "a,5.5,\n" "b,\"5,08\",\n" "c,-1,\n" "d/e,1,\n"
                             "f,1,2024-02-30\n" "g,\"1,234\",2024-02-29\n");
    assert_int_equal(counts_import(fx->t.db, fx->t.file, &fx->opt, &fx->st), ST_INPUT);
    assert_int_equal(fx->st.rejected, 5);
    assert_int_equal(rows(fx), 1);
    assert_int_equal(value(fx, "g", "views", "2024-02-29"), 1234);
}

static void test_a_bad_file_writes_nothing(void **state)
{
    struct fx *fx = *state;
    tmpdb_write(&fx->t, "in.csv", "dataset_id,views\n25001,1\n25002,\"2\n");
    assert_int_equal(counts_import(fx->t.db, fx->t.file, &fx->opt, &fx->st), ST_USAGE);
    tmpdb_write(&fx->t, "in.json", "{\"payload\": {\"search_result\": [{\"nid\": 1, ");
    assert_int_equal(counts_import(fx->t.db, fx->t.file, &fx->opt, &fx->st), ST_USAGE);
    tmpdb_write(&fx->t, "in.json", "{\"other\": 1}");
    assert_int_equal(counts_import(fx->t.db, fx->t.file, &fx->opt, &fx->st), ST_USAGE);
    tmpdb_write(&fx->t, "in.csv", "name,views\nx,1\n");
    assert_int_equal(counts_import(fx->t.db, fx->t.file, &fx->opt, &fx->st), ST_USAGE);
    assert_int_equal(rows(fx), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_front_api_list_with_quoted_thousands_is_stored),
        T(test_importing_the_same_snapshot_again_changes_nothing),
        T(test_a_file_without_its_date_needs_as_of),
        T(test_metric_option_takes_one_metric_only),
        T(test_statistics_export_joins_the_catalog_by_agency_and_name),
        T(test_statistics_row_of_an_ambiguous_name_is_skipped),
        T(test_ckan_tracking_summary_gives_views_and_resource_downloads),
        T(test_a_snapshot_under_an_alias_is_stored_under_the_dataset),
        T(test_plain_csv_with_bom_crlf_and_empty_cells),
        T(test_a_later_snapshot_of_the_same_date_replaces_the_value),
        T(test_bad_counts_dates_and_ids_reject_only_their_record),
        T(test_a_bad_file_writes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
