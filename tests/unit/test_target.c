/* test_target.c - target normalisation (SPEC §1.3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "target.h"

/* Normalises T; returns the path as a C string, or NULL for "other". */
static const char *norm(const char *t, char *out, char *query_out)
{
    static char path_copy[512];
    struct text path, query;
    if (!target_normalise((struct text){t, strlen(t)}, out, &path, &query))
        return NULL;
    memcpy(path_copy, path.p, path.len);
    path_copy[path.len] = '\0';
    if (query_out) {
        memcpy(query_out, query.p, query.len);
        query_out[query.len] = '\0';
    }
    return path_copy;
}

static void test_strips_query_and_fragment(void **state)
{
    (void)state;
    char out[512], q[512];
    assert_string_equal(norm("/dataset/1?page=2#top", out, q), "/dataset/1");
    assert_string_equal(q, "page=2");
    assert_string_equal(norm("/dataset/1#frag?notquery", out, q), "/dataset/1");
    assert_string_equal(q, "");
}

static void test_targets_not_starting_with_slash_are_other(void **state)
{
    (void)state;
    char out[512];
    assert_null(norm("http://example.org/dataset/1", out, NULL));
    assert_null(norm("*", out, NULL));
    assert_null(norm("", out, NULL));
}

static void test_percent_decodes_once_and_keeps_stray_percent(void **state)
{
    (void)state;
    char out[512];
    assert_string_equal(norm("/dataset/%2561", out, NULL), "/dataset/%61");
    assert_string_equal(norm("/a/100%/b%zz/c%4", out, NULL), "/a/100%/b%zz/c%4");
    assert_string_equal(norm("/%E8%87%BA", out, NULL), "/\xE8\x87\xBA");
}

static void test_decoded_slash_nul_or_bad_utf8_is_other(void **state)
{
    (void)state;
    char out[512];
    assert_null(norm("/dataset/a%2Fb", out, NULL));
    assert_null(norm("/dataset/a%2fb", out, NULL));
    assert_null(norm("/dataset/a%00", out, NULL));
    assert_null(norm("/dataset/%FF", out, NULL));
    assert_null(norm("/dataset/%C0%AF", out, NULL));   /* overlong '/' */
    assert_null(norm("/dataset/%ED%A0%80", out, NULL)); /* surrogate */
    assert_null(norm("/dataset/\xE8\x87", out, NULL)); /* truncated raw */
}

static void test_collapses_slashes_and_drops_one_trailing_slash(void **state)
{
    (void)state;
    char out[512];
    assert_string_equal(norm("//dataset///6564//", out, NULL), "/dataset/6564");
    assert_string_equal(norm("/dataset/6564/", out, NULL), "/dataset/6564");
}

static void test_drops_one_leading_locale_when_more_path_follows(void **state)
{
    (void)state;
    char out[512];
    assert_string_equal(norm("/zh_TW/dataset/1", out, NULL), "/dataset/1");
    assert_string_equal(norm("/en/dataset/1", out, NULL), "/dataset/1");
    assert_string_equal(norm("/zh-Hant/dataset/1", out, NULL), "/dataset/1");
    assert_string_equal(norm("/en/en/dataset/1", out, NULL), "/en/dataset/1");
    assert_string_equal(norm("/en", out, NULL), "/en");
    assert_string_equal(norm("/en/", out, NULL), "/en");
    assert_string_equal(norm("/EN/dataset/1", out, NULL), "/EN/dataset/1");
    assert_string_equal(norm("/eng/dataset/1", out, NULL), "/eng/dataset/1");
    assert_string_equal(norm("/zh_TWXYZ/dataset/1", out, NULL), "/zh_TWXYZ/dataset/1");
}

/* SPEC v2 §1.3: CKAN's Taiwan locale has two groups after the language */
static void test_drops_ckan_locale_with_script_and_region(void **state)
{
    (void)state;
    char out[512];
    assert_string_equal(norm("/zh_Hant_TW/dataset/6564", out, NULL), "/dataset/6564");
    assert_string_equal(norm("/zh-Hant-TW/dataset/6564", out, NULL), "/dataset/6564");
    assert_string_equal(norm("/zh_Hant_TW", out, NULL), "/zh_Hant_TW");
    assert_string_equal(norm("/zh_Hant_TW_x/dataset/1", out, NULL), "/zh_Hant_TW_x/dataset/1");
    assert_string_equal(norm("/zh_Hant_TW_XY/dataset/1", out, NULL), "/zh_Hant_TW_XY/dataset/1");
    assert_string_equal(norm("/zh_Hant_/dataset/1", out, NULL), "/zh_Hant_/dataset/1");
    assert_string_equal(norm("/zh__TW/dataset/1", out, NULL), "/zh__TW/dataset/1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strips_query_and_fragment),
        cmocka_unit_test(test_targets_not_starting_with_slash_are_other),
        cmocka_unit_test(test_percent_decodes_once_and_keeps_stray_percent),
        cmocka_unit_test(test_decoded_slash_nul_or_bad_utf8_is_other),
        cmocka_unit_test(test_collapses_slashes_and_drops_one_trailing_slash),
        cmocka_unit_test(test_drops_one_leading_locale_when_more_path_follows),
        cmocka_unit_test(test_drops_ckan_locale_with_script_and_region),
    };
    return cmocka_run_group_tests_name("target", tests, NULL, NULL);
}
