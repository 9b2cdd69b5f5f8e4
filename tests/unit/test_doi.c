/* test_doi.c - recognising a DOI in catalog text (collector/doi.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "doi.h"

/* The bare DOI TEXT holds, or NULL when it holds none. */
static const char *bare(const char *text)
{
    size_t start = 99;
    if (!doi_parse(text, strlen(text), &start))
        return NULL;
    return text + start;
}

static void test_doi_bare_is_taken_as_it_is(void **state)
{
    (void)state;
    assert_string_equal(bare("10.5555/AQ-2024"), "10.5555/AQ-2024");
    assert_string_equal(bare("10.1000.10/x(1);y"), "10.1000.10/x(1);y");
    assert_string_equal(bare("10.1/é"), "10.1/é");
}

static void test_doi_prefixes_are_dropped_in_any_case(void **state)
{
    (void)state;
    assert_string_equal(bare("doi:10.1/a"), "10.1/a");
    assert_string_equal(bare("DOI:10.1/a"), "10.1/a");
    assert_string_equal(bare("info:doi/10.1/a"), "10.1/a");
    assert_string_equal(bare("https://doi.org/10.1/a"), "10.1/a");
    assert_string_equal(bare("HTTP://DX.DOI.ORG/10.1/a"), "10.1/a");
}

static void test_doi_rejects_what_is_no_doi(void **state)
{
    (void)state;
    const char *bad[] = {
        "", "10.", "10./a", "10.1", "10.1/", "11.1/a", "10.a/b", "10.1./a", "10..1/a",
        "doi:", "LOCAL-77", "https://example.org/10.1/a", "10.1/a b", "10.1/a\tb",
        " 10.1/a", "doi: 10.1/a",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t start = 7;
        assert_false(doi_parse(bad[i], strlen(bad[i]), &start));
        assert_int_equal(start, 7); /* untouched on failure */
    }
}

static void test_doi_reads_only_the_given_length(void **state)
{
    (void)state;
    size_t start;
    assert_true(doi_parse("10.1/ab junk", 7, &start));
    assert_int_equal(start, 0);
    assert_false(doi_parse("10.1/ab", 5, &start));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doi_bare_is_taken_as_it_is),
        cmocka_unit_test(test_doi_prefixes_are_dropped_in_any_case),
        cmocka_unit_test(test_doi_rejects_what_is_no_doi),
        cmocka_unit_test(test_doi_reads_only_the_given_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
