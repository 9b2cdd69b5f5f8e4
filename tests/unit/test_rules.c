/* test_rules.c - URL rules (SPEC §1.4, §1.5). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

struct outcome {
    enum rule_result result;
    enum event_kind kind;
    char dataset[128], resource[128];
};

static struct outcome run(const struct rules *rules, const char *path, const char *query,
                          int status)
{
    struct outcome o = {0};
    struct rule_match m;
    char scratch[512];
    o.result = rules_match(rules, (struct text){path, strlen(path)},
                           (struct text){query, strlen(query)}, status, scratch, &m);
    if (o.result != RULE_OTHER) {
        o.kind = m.kind;
        snprintf(o.dataset, sizeof o.dataset, "%.*s", (int)m.dataset.len, m.dataset.p);
        snprintf(o.resource, sizeof o.resource, "%.*s", (int)m.resource.len, m.resource.p);
    }
    return o;
}

static void test_builtin_rules_map_ckan_paths(void **state)
{
    (void)state;
    struct rules *r;
    assert_int_equal(rules_load(&r, NULL), ST_OK);
    struct outcome o = run(r, "/dataset/6564", "", 200);
    assert_int_equal(o.result, RULE_EVENT);
    assert_int_equal(o.kind, KIND_VIEW);
    assert_string_equal(o.dataset, "6564");
    assert_string_equal(o.resource, "");
    o = run(r, "/dataset/air/resource/r-1/download/\xE8\x87\xBA.csv", "", 206);
    assert_int_equal(o.result, RULE_EVENT);
    assert_int_equal(o.kind, KIND_DOWNLOAD);
    assert_string_equal(o.dataset, "air");
    assert_string_equal(o.resource, "r-1");
    o = run(r, "/dataset/air/resource/r-1/download", "", 302);
    assert_int_equal(o.result, RULE_EVENT);
    o = run(r, "/dataset/air/resource/r-1", "", 200);
    assert_int_equal(o.kind, KIND_VIEW);
    assert_string_equal(o.resource, "r-1");
    rules_free(r);
}

static void test_status_outside_the_list_refuses_without_trying_later_rules(void **state)
{
    (void)state;
    struct rules *r;
    assert_int_equal(rules_load(&r, NULL), ST_OK);
    assert_int_equal(run(r, "/dataset/6564", "", 302).result, RULE_REFUSED);
    assert_int_equal(run(r, "/dataset/6564", "", 404).result, RULE_REFUSED);
    assert_int_equal(run(r, "/dataset/6564", "", 304).result, RULE_EVENT);
    assert_int_equal(run(r, "/dataset/a/resource/b/download/x", "", 500).result, RULE_REFUSED);
    rules_free(r);
}

static void test_placeholders_match_whole_segments_of_the_id_class(void **state)
{
    (void)state;
    struct rules *r;
    assert_int_equal(rules_load(&r, NULL), ST_OK);
    assert_int_equal(run(r, "/dataset/<script>", "", 200).result, RULE_OTHER);
    assert_int_equal(run(r, "/dataset/.", "", 200).result, RULE_OTHER);
    assert_int_equal(run(r, "/dataset/..", "", 200).result, RULE_OTHER);
    assert_int_equal(run(r, "/dataset/...", "", 200).result, RULE_EVENT);
    assert_int_equal(run(r, "/dataset/a_b~c.d-e", "", 200).result, RULE_EVENT);
    assert_int_equal(run(r, "/dataset/\xE8\x87\xBA", "", 200).result, RULE_OTHER);
    assert_int_equal(run(r, "/datasets/1", "", 200).result, RULE_OTHER);
    assert_int_equal(run(r, "/dataset", "", 200).result, RULE_OTHER);
    assert_int_equal(run(r, "/dataset/1/extra", "", 200).result, RULE_OTHER);
    char long_id[160] = "/dataset/";
    memset(long_id + 9, 'a', 100);
    assert_int_equal(run(r, long_id, "", 200).result, RULE_EVENT);
    long_id[109] = 'a';
    assert_int_equal(run(r, long_id, "", 200).result, RULE_OTHER);
    /* {*} needs at least one segment after download */
    assert_int_equal(run(r, "/dataset/a/resource/b/download/x/y/z", "", 200).kind, KIND_DOWNLOAD);
    rules_free(r);
}

static void test_query_capture_takes_the_first_pair_and_decodes_it(void **state)
{
    (void)state;
    struct rules *r;
    assert_int_equal(rules_parse(&r,
                                 "# legacy data.gov.tw redirect\n"
                                 "download /iisi/logaccess/{*} ?ndcnid={id} status=200,302\n"
                                 "view /dataset/{id}  # trailing comment\n",
                                 "test"),
                     ST_OK);
    struct outcome o = run(r, "/iisi/logaccess/123", "dataUrl=x&ndcnid=6564&ndcnid=7", 302);
    assert_int_equal(o.result, RULE_EVENT);
    assert_int_equal(o.kind, KIND_DOWNLOAD);
    assert_string_equal(o.dataset, "6564");
    assert_string_equal(run(r, "/iisi/logaccess/1", "ndcnid=%36%35", 200).dataset, "65");
    assert_int_equal(run(r, "/iisi/logaccess/1", "ndcnid=%3Cx%3E", 302).result, RULE_OTHER);
    assert_int_equal(run(r, "/iisi/logaccess/1", "ndcnid=", 302).result, RULE_OTHER);
    assert_int_equal(run(r, "/iisi/logaccess/1", "ndcnid", 302).result, RULE_OTHER);
    assert_int_equal(run(r, "/iisi/logaccess/1", "xndcnid=5", 302).result, RULE_OTHER);
    assert_int_equal(run(r, "/iisi/logaccess/1", "ndcnid=5", 304).result, RULE_REFUSED);
    assert_int_equal(run(r, "/iisi/logaccess", "ndcnid=5", 302).result, RULE_OTHER);
    rules_free(r);
}

static void test_bad_rule_files_are_refused_with_their_line(void **state)
{
    (void)state;
    struct rules *r = NULL;
    const char *bad[] = {
        "show /dataset/{id}\n",
        "view dataset/{id}\n",
        "view /dataset/{*}/{id}\n",
        "view /dataset/x\n",
        "view /dataset/{id}/{id}\n",
        "view /dataset/{id} status=20\n",
        "view /dataset/{id} ?q={name}\n",
        "view /dataset/{id} extra\n",
        "# only a comment\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(rules_parse(&r, bad[i], "bad"), ST_USAGE);
        assert_null(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_rules_map_ckan_paths),
        cmocka_unit_test(test_status_outside_the_list_refuses_without_trying_later_rules),
        cmocka_unit_test(test_placeholders_match_whole_segments_of_the_id_class),
        cmocka_unit_test(test_query_capture_takes_the_first_pair_and_decodes_it),
        cmocka_unit_test(test_bad_rule_files_are_refused_with_their_line),
    };
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
