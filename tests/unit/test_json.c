/* test_json.c - the strict JSON parser (common/json.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* Parses TEXT (NUL-terminated) and returns the document, failing the test
 * when it is refused. */
static struct json *parse_ok(const char *text)
{
    struct json *doc = NULL;
    struct json_error err;
    enum status rc = json_parse(&doc, text, strlen(text), &err);
    if (rc != ST_OK)
        fail_msg("refused %s: %zu:%zu %s", text, err.line, err.column, err.message);
    return doc;
}

/* True when TEXT[0..LEN) is refused, with an error message and no document. */
static bool refused_n(const char *text, size_t len, struct json_error *err)
{
    struct json *doc = (struct json *)1;
    enum status rc = json_parse(&doc, text, len, err);
    if (rc == ST_OK)
        json_free(doc);
    return rc == ST_INPUT && doc == NULL && err->message[0] != '\0';
}

static bool refused(const char *text)
{
    struct json_error err;
    return refused_n(text, strlen(text), &err);
}

static void test_string_escapes_are_decoded(void **state)
{
    (void)state;
    struct json *doc = parse_ok("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\u4E2D\"");
    size_t len = 0;
    const char *s = json_string(json_root(doc), &len);
    assert_non_null(s);
    assert_string_equal(s, "a\"b\\c/d\b\f\n\r\tA\xC3\xA9\xE4\xB8\xAD");
    assert_int_equal(len, strlen(s));
    json_free(doc);
}

static void test_surrogate_pairs_become_one_code_point(void **state)
{
    (void)state;
    struct json *doc = parse_ok("[\"\\ud83c\\udf2b\", \"\\uD834\\uDD1E\"]");
    const struct json_node *e = json_first(json_root(doc));
    assert_string_equal(json_string(e, NULL), "\xF0\x9F\x8C\xAB");
    assert_string_equal(json_string(json_next(e), NULL), "\xF0\x9D\x84\x9E");
    json_free(doc);
}

static void test_lone_surrogates_are_refused(void **state)
{
    (void)state;
    assert_true(refused("\"\\ud83c\""));
    assert_true(refused("\"\\ud83cx\""));
    assert_true(refused("\"\\ud83c\\u0041\""));
    assert_true(refused("\"\\udf2b\""));
    assert_true(refused("\"\\u12\""));
    assert_true(refused("\"\\x41\""));
}

static void test_escaped_nul_keeps_its_length(void **state)
{
    (void)state;
    struct json *doc = parse_ok("\"a\\u0000b\"");
    size_t len = 0;
    const char *s = json_string(json_root(doc), &len);
    assert_int_equal(len, 3);
    assert_memory_equal(s, "a\0b", 3);
    json_free(doc);
}

static void test_raw_utf8_is_kept_and_invalid_utf8_refused(void **state)
{
    (void)state;
    struct json *doc = parse_ok("\"\xE8\x87\xBA\xE7\x81\xA3 \xF0\x9F\x8C\xAB\"");
    assert_string_equal(json_string(json_root(doc), NULL), "\xE8\x87\xBA\xE7\x81\xA3 \xF0\x9F\x8C\xAB");
    json_free(doc);
    assert_true(refused("\"\xFF\""));
    assert_true(refused("\"\xC0\xAF\""));            /* overlong '/' */
    assert_true(refused("\"\xE8\x87\""));            /* truncated sequence */
    assert_true(refused("\"\xED\xA0\x80\""));        /* encoded surrogate */
    assert_true(refused("\"\xF4\x90\x80\x80\""));    /* past U+10FFFF */
    assert_true(refused("\"a\x01\""));               /* control character */
    assert_true(refused("\"tab\there\""));
}

static void test_numbers_follow_the_grammar(void **state)
{
    (void)state;
    struct json *doc = parse_ok("[0, -0, 12, -3.5, 1e3, 2E-2, 6.02e+23, 12345678901234567890]");
    const double want[] = {0, -0.0, 12, -3.5, 1000, 0.02, 6.02e23, 12345678901234567890.0};
    size_t i = 0;
    assert_int_equal(json_size(json_root(doc)), 8);
    for (const struct json_node *n = json_first(json_root(doc)); n; n = json_next(n), i++) {
        double v;
        assert_int_equal(json_type(n), JSON_NUMBER);
        assert_true(json_number(n, &v));
        assert_true(v == want[i]);
    }
    assert_int_equal(i, 8);
    json_free(doc);
    assert_true(refused("01"));
    assert_true(refused("-"));
    assert_true(refused("+1"));
    assert_true(refused(".5"));
    assert_true(refused("1."));
    assert_true(refused("1e"));
    assert_true(refused("1e+"));
    assert_true(refused("0x10"));
    assert_true(refused("1e999"));
    assert_true(refused("NaN"));
}

static void test_literals_and_types(void **state)
{
    (void)state;
    struct json *doc = parse_ok(" {\"t\":true,\"f\":false,\"n\":null,\"s\":\"x\",\"a\":[],\"o\":{}} ");
    const struct json_node *root = json_root(doc);
    double v;
    assert_int_equal(json_type(root), JSON_OBJECT);
    assert_int_equal(json_size(root), 6);
    assert_int_equal(json_type(json_get(root, "t")), JSON_TRUE);
    assert_int_equal(json_type(json_get(root, "f")), JSON_FALSE);
    assert_int_equal(json_type(json_get(root, "n")), JSON_NULL);
    assert_int_equal(json_type(json_get(root, "a")), JSON_ARRAY);
    assert_int_equal(json_size(json_get(root, "a")), 0);
    assert_null(json_first(json_get(root, "o")));
    assert_null(json_string(json_get(root, "t"), NULL));
    assert_false(json_number(json_get(root, "s"), &v));
    assert_null(json_get(root, "missing"));
    assert_null(json_get(json_get(root, "a"), "x"));
    json_free(doc);
    assert_true(refused("tru"));
    assert_true(refused("nul"));
    assert_true(refused("True"));
}

static void test_nested_values_are_walked_in_order(void **state)
{
    (void)state;
    struct json *doc = parse_ok("{\"result\":{\"results\":[{\"name\":\"a\",\"r\":[1,[2,3],{\"x\":4}]},"
                                "{\"name\":\"b\"}],\"count\":2},\"after\":\"z\"}");
    const struct json_node *root = json_root(doc);
    const struct json_node *results = json_get(json_get(root, "result"), "results");
    const struct json_node *p = json_first(results);
    size_t len;
    assert_string_equal(json_string(json_get(p, "name"), NULL), "a");
    assert_int_equal(json_size(json_get(p, "r")), 3);
    p = json_next(p);
    assert_string_equal(json_string(json_get(p, "name"), NULL), "b");
    assert_null(json_next(p));
    assert_string_equal(json_string(json_get(root, "after"), NULL), "z");
    assert_string_equal(json_key(json_get(root, "after"), &len), "after");
    assert_int_equal(len, 5);
    assert_null(json_key(root, &len));
    assert_null(json_key(json_first(results), &len));
    json_free(doc);
}

static void test_repeated_key_finds_the_first(void **state)
{
    (void)state;
    struct json *doc = parse_ok("{\"k\":1,\"k\":2}");
    double v;
    assert_true(json_number(json_get(json_root(doc), "k"), &v));
    assert_true(v == 1);
    json_free(doc);
}

static char *nested(int depth)
{
    char *s = malloc((size_t)depth * 2 + 1);
    assert_non_null(s);
    memset(s, '[', (size_t)depth);
    memset(s + depth, ']', (size_t)depth);
    s[depth * 2] = '\0';
    return s;
}

static void test_nesting_deeper_than_the_limit_is_refused(void **state)
{
    (void)state;
    char *ok = nested(JSON_DEPTH_MAX), *deep = nested(JSON_DEPTH_MAX + 1);
    struct json_error err;
    json_free(parse_ok(ok));
    assert_true(refused_n(deep, strlen(deep), &err));
    assert_non_null(strstr(err.message, "nested"));
    free(ok);
    free(deep);
}

static void test_trailing_garbage_is_refused(void **state)
{
    (void)state;
    struct json_error err;
    assert_true(refused_n("{\"a\":1} x", 9, &err));
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 9);
    assert_true(refused("{} {}"));
    assert_true(refused("[1,]"));
    assert_true(refused("{\"a\":1,}"));
    assert_true(refused("{\"a\" 1}"));
    assert_true(refused("{a:1}"));
    assert_true(refused("[1 2]"));
    json_free(parse_ok("[1]\r\n\t "));
}

static void test_truncated_text_is_refused_with_its_position(void **state)
{
    (void)state;
    struct json_error err;
    const char *text = "{\n  \"result\": {\n    \"results\": [\n      {\"name\": \"a\"";
    assert_true(refused_n(text, strlen(text), &err));
    assert_int_equal(err.line, 4);
    assert_true(refused(""));
    assert_true(refused("   "));
    assert_true(refused("\"abc"));
    assert_true(refused("[\"a\\"));
}

static void test_text_need_not_be_nul_terminated(void **state)
{
    (void)state;
    const char text[] = {'[', '1', ',', '2', ']', 'x'};
    struct json *doc = NULL;
    assert_int_equal(json_parse(&doc, text, 5, NULL), ST_OK);
    assert_int_equal(json_size(json_root(doc)), 2);
    json_free(doc);
    assert_int_equal(json_parse(&doc, text, 6, NULL), ST_INPUT);
    assert_null(doc);
    assert_int_equal(json_parse(&doc, "12", 1, NULL), ST_OK);
    double v;
    assert_true(json_number(json_root(doc), &v));
    assert_true(v == 1);
    json_free(doc);
}

static void test_free_null_is_safe(void **state)
{
    (void)state;
    json_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_escapes_are_decoded),
        cmocka_unit_test(test_surrogate_pairs_become_one_code_point),
        cmocka_unit_test(test_lone_surrogates_are_refused),
        cmocka_unit_test(test_escaped_nul_keeps_its_length),
        cmocka_unit_test(test_raw_utf8_is_kept_and_invalid_utf8_refused),
        cmocka_unit_test(test_numbers_follow_the_grammar),
        cmocka_unit_test(test_literals_and_types),
        cmocka_unit_test(test_nested_values_are_walked_in_order),
        cmocka_unit_test(test_repeated_key_finds_the_first),
        cmocka_unit_test(test_nesting_deeper_than_the_limit_is_refused),
        cmocka_unit_test(test_trailing_garbage_is_refused),
        cmocka_unit_test(test_truncated_text_is_refused_with_its_position),
        cmocka_unit_test(test_text_need_not_be_nul_terminated),
        cmocka_unit_test(test_free_null_is_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
