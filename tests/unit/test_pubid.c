/* test_pubid.c - a publisher's identifiers (common/pubid.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "pubid.h"

/* TEXT's items as "type=value" joined by " | "; "?=item" for one that is
 * no identifier. */
static const char *items(const char *text)
{
    static char out[256];
    struct pubid id;
    size_t pos = 0, n = 0;
    int r;
    out[0] = '\0';
    while ((r = pubid_next(text, strlen(text), &pos, &id)) != 0)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s=%.*s", n ? " | " : "",
                              r > 0 ? id.type : "?", (int)id.value_len, id.value);
    return out;
}

static void test_pubid_types_are_counters_in_lower_case(void **state)
{
    (void)state;
    assert_string_equal(items("isni:0000000121032683"), "isni=0000000121032683");
    assert_string_equal(items("ORCID:0000-0002-1825-0097"), "orcid=0000-0002-1825-0097");
    assert_string_equal(items("Grid:grid.5477.1"), "grid=grid.5477.1");
    assert_string_equal(items("client-id:datacite.dryad"), "client-id=datacite.dryad");
}

static void test_pubid_a_urn_is_its_own_value(void **state)
{
    (void)state;
    assert_string_equal(items("urn:oid:2.16.886.101.20003"), "urn=urn:oid:2.16.886.101.20003");
    assert_string_equal(items("URN:ISNI:1"), "urn=URN:ISNI:1");
}

static void test_pubid_lists_are_split_and_trimmed(void **state)
{
    (void)state;
    assert_string_equal(items(" isni:1 ;\turn:x:y ; ;"), "isni=1 | urn=urn:x:y");
    assert_string_equal(items(""), "");
    assert_string_equal(items(" ; "), "");
}

static void test_pubid_other_items_are_named(void **state)
{
    (void)state;
    assert_string_equal(items("ror:05abc12"), "?=ror:05abc12");
    assert_string_equal(items("isni:"), "?=isni:");
    assert_string_equal(items("0000000121032683"), "?=0000000121032683");
    assert_string_equal(items("isni:1;bad;grid:g"), "isni=1 | ?=bad | grid=g");
}

static void test_pubid_reads_only_the_given_length(void **state)
{
    (void)state;
    struct pubid id;
    size_t pos = 0;
    assert_int_equal(pubid_next("isni:12;junk", 7, &pos, &id), 1);
    assert_int_equal((int)id.value_len, 2);
    assert_int_equal(pubid_next("isni:12;junk", 7, &pos, &id), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pubid_types_are_counters_in_lower_case),
        cmocka_unit_test(test_pubid_a_urn_is_its_own_value),
        cmocka_unit_test(test_pubid_lists_are_split_and_trimmed),
        cmocka_unit_test(test_pubid_other_items_are_named),
        cmocka_unit_test(test_pubid_reads_only_the_given_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
