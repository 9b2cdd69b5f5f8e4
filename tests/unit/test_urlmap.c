/* test_urlmap.c - the catalog's resource URLs as download rules (SPEC
 * §1.4b): the agency fixtures (tests/fixtures/agency/README.md) imported
 * into a real database, loaded and matched (collector/urlmap.c). */
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
#include "db.h"
#include "msg.h"
#include "urlmap.h"

#define FIXTURES "../fixtures/agency/"

struct fx {
    char dir[64], db_path[128];
    struct urlmap *map;
    struct rule_match m;
};

static const char *const wra[] = {"opendata.wra.gov.tw"};

static struct fx *make(const char *catalog, const char *const *hosts, int nhosts)
{
    struct fx *fx = calloc(1, sizeof *fx);
    struct catalog_stats st;
    struct dbi *db = NULL;
    assert_non_null(fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/odstat-urlmap-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db_path, sizeof fx->db_path, "%s/t.db", fx->dir);
    msg_set_program("test_urlmap");
    assert_int_equal(db_open(&db, fx->db_path, DB_CREATE, 1000), ST_OK);
    assert_int_equal(catalog_import(db, catalog, &st), ST_OK);
    db_close(db);
    assert_int_equal(urlmap_load(&fx->map, fx->db_path, hosts, nhosts), ST_OK);
    return fx;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    char path[192];
    static const char *const names[] = {"t.db", "t.db-wal", "t.db-shm"};
    urlmap_free(fx->map);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", fx->dir, names[i]);
        unlink(path);
    }
    rmdir(fx->dir);
    free(fx);
    return 0;
}

static int setup_wra(void **state)
{
    *state = make(FIXTURES "catalog.csv", wra, 1);
    return 0;
}

static int setup_any_host(void **state)
{
    *state = make(FIXTURES "catalog.csv", NULL, 0);
    return 0;
}

static int setup_ckan(void **state)
{
    *state = make(FIXTURES "ckan-tracking.json", NULL, 0);
    return 0;
}

static struct text t(const char *s) { return (struct text){s, strlen(s)}; }

/* Matches TARGET on HOST with STATUS; on an event, checks the dataset and
 * resource. */
static void expect(struct fx *fx, const char *target, const char *host, int status,
                   enum rule_result want, const char *dataset, const char *resource)
{
    enum rule_result r = urlmap_match(fx->map, t(target), t(host), status, &fx->m);
    assert_int_equal(r, want);
    if (want != RULE_EVENT)
        return;
    assert_int_equal(fx->m.kind, KIND_DOWNLOAD);
    assert_int_equal(fx->m.dataset.len, strlen(dataset));
    assert_memory_equal(fx->m.dataset.p, dataset, strlen(dataset));
    assert_int_equal(fx->m.resource.len, strlen(resource));
    assert_memory_equal(fx->m.resource.p, resource, strlen(resource));
}

static void test_every_url_of_the_export_is_loaded(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(urlmap_size(fx->map), 7); /* 1 + 2 + 1 + 1 + 1 + 1 */
}

static void test_parameters_match_in_any_order(void **state)
{
    expect(*state, "/Service/OpenData.aspx?format=csv&id=50C8D2A1", "", 200, RULE_EVENT, "25001", "1");
    expect(*state, "/Service/OpenData.aspx?id=50C8D2A1&format=csv", "", 200, RULE_EVENT, "25001", "1");
    expect(*state, "/Service/OpenData.aspx?id=50C8D2A1&format=json", "", 200, RULE_EVENT, "25001", "2");
}

static void test_extra_parameters_are_allowed_and_names_ignore_case(void **state)
{
    expect(*state, "/Service/OpenData.aspx?FORMAT=json&_=1&ID=50C8D2A1#top", "", 200, RULE_EVENT,
           "25001", "2");
}

static void test_a_missing_or_different_parameter_does_not_match(void **state)
{
    expect(*state, "/Service/OpenData.aspx?format=xml&id=50C8D2A1", "", 200, RULE_OTHER, NULL, NULL);
    expect(*state, "/Service/OpenData.aspx?id=50C8D2A1", "", 200, RULE_OTHER, NULL, NULL);
    expect(*state, "/Service/OpenData.aspx?format=CSV&id=50C8D2A1", "", 200, RULE_OTHER, NULL, NULL);
}

static void test_percent_encoding_is_decoded_on_both_sides(void **state)
{
    expect(*state, "/Service/OpenData.aspx?format=csv&id=50%43%38D2A1", "", 200, RULE_EVENT, "25001", "1");
    expect(*state, "/files/%e6%b0%b4%e6%83%85.csv", "", 200, RULE_EVENT, "25006", "1");
    expect(*state, "/files/水情.csv", "", 200, RULE_EVENT, "25006", "1");
    expect(*state, "/%53ervice/OpenData.aspx?format=csv&id=50C8D2A1", "", 200, RULE_EVENT, "25001", "1");
}

static void test_trailing_slash_and_repeated_slashes_are_normalised(void **state)
{
    expect(*state, "/OdService/download/A59000000N-000123-Yvn", "", 206, RULE_EVENT, "25002", "1");
    expect(*state, "/OdService/download/A59000000N-000123-Yvn/", "", 304, RULE_EVENT, "25002", "1");
    expect(*state, "//OdService//download/A59000000N-000123-Yvn", "", 200, RULE_EVENT, "25002", "1");
    expect(*state, "/OdService/download/A59000000N-000123-Yvn/x", "", 200, RULE_OTHER, NULL, NULL);
}

static void test_a_url_shared_by_two_datasets_goes_to_the_smallest_id(void **state)
{
    expect(*state, "/data/opendata/export/68/csv", "", 200, RULE_EVENT, "25003", "1");
}

static void test_status_outside_the_list_is_refused(void **state)
{
    expect(*state, "/data/opendata/export/68/csv", "", 404, RULE_REFUSED, NULL, NULL);
    expect(*state, "/data/opendata/export/68/csv", "", 302, RULE_REFUSED, NULL, NULL);
}

static void test_the_lines_host_decides_over_the_host_option(void **state)
{
    expect(*state, "/data/opendata/export/68/csv", "data.moenv.gov.tw", 200, RULE_EVENT, "25000", "1");
    expect(*state, "/data/opendata/export/68/csv", "OpenData.WRA.gov.tw:443", 200, RULE_EVENT,
           "25003", "1");
    expect(*state, "/data/opendata/export/68/csv", "cdn.example.net", 200, RULE_OTHER, NULL, NULL);
}

static void test_without_host_option_another_hosts_identical_path_matches(void **state)
{
    /* 25000's URL is on data.moenv.gov.tw; with no host known it fits */
    expect(*state, "/data/opendata/export/68/csv", "", 200, RULE_EVENT, "25000", "1");
}

static void test_targets_that_are_no_path_never_match(void **state)
{
    expect(*state, "https://opendata.wra.gov.tw/data/opendata/export/68/csv", "", 200, RULE_OTHER,
           NULL, NULL);
    expect(*state, "", "", 200, RULE_OTHER, NULL, NULL);
}

static void test_ckan_resource_id_is_the_resource(void **state)
{
    expect(*state, "/aq.json", "", 200, RULE_EVENT, "air-quality", "r-2");
    expect(*state, "/aq.csv?download=1", "files.example.org", 200, RULE_EVENT, "air-quality", "r-1");
}

static void test_split_url_takes_host_path_and_query(void **state)
{
    char h[128], p[128];
    struct text host, path, query;
    (void)state;
    assert_true(urlmap_split_url(t("HTTPS://user@Data.Example.org:8443/a//b/?x=1#f"), h, &host, p,
                                 &path, &query));
    assert_int_equal(host.len, 16);
    assert_memory_equal(host.p, "data.example.org", 16);
    assert_int_equal(path.len, 4);
    assert_memory_equal(path.p, "/a/b", 4);
    assert_int_equal(query.len, 3);
    assert_memory_equal(query.p, "x=1", 3);
    assert_true(urlmap_split_url(t("https://example.org"), h, &host, p, &path, &query));
    assert_int_equal(path.len, 1);
    assert_true(urlmap_split_url(t("/only/a/path"), h, &host, p, &path, &query));
    assert_int_equal(host.len, 0);
    assert_false(urlmap_split_url(t("example.org/file.csv"), h, &host, p, &path, &query));
    assert_false(urlmap_split_url(t("https:///nohost"), h, &host, p, &path, &query));
}

static void test_an_empty_table_matches_nothing(void **state)
{
    (void)state;
    assert_int_equal(urlmap_match(NULL, t("/x"), t(""), 200, NULL), RULE_OTHER);
    assert_int_equal(urlmap_size(NULL), 0);
}

#define W(name) cmocka_unit_test_setup_teardown(name, setup_wra, teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        W(test_every_url_of_the_export_is_loaded),
        W(test_parameters_match_in_any_order),
        W(test_extra_parameters_are_allowed_and_names_ignore_case),
        W(test_a_missing_or_different_parameter_does_not_match),
        W(test_percent_encoding_is_decoded_on_both_sides),
        W(test_trailing_slash_and_repeated_slashes_are_normalised),
        W(test_a_url_shared_by_two_datasets_goes_to_the_smallest_id),
        W(test_status_outside_the_list_is_refused),
        W(test_the_lines_host_decides_over_the_host_option),
        cmocka_unit_test_setup_teardown(test_without_host_option_another_hosts_identical_path_matches,
                                        setup_any_host, teardown),
        W(test_targets_that_are_no_path_never_match),
        cmocka_unit_test_setup_teardown(test_ckan_resource_id_is_the_resource, setup_ckan, teardown),
        cmocka_unit_test(test_split_url_takes_host_path_and_query),
        cmocka_unit_test(test_an_empty_table_matches_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
