/* test_agents.c - human / machine / robot classes (SPEC §1.6). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agents.h"

static enum agent_class cls(struct agents *a, const char *ua)
{
    return agents_classify(a, ua, strlen(ua));
}

static void test_builtin_lists_separate_people_scripts_and_robots(void **state)
{
    (void)state;
    struct agents *a;
    assert_int_equal(agents_new(&a, NULL, NULL), ST_OK);
    assert_int_equal(cls(a, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                            "(KHTML, like Gecko) Chrome/120.0 Safari/537.36"),
                     AGENT_HUMAN);
    assert_int_equal(cls(a, "curl/8.4.0"), AGENT_MACHINE);
    assert_int_equal(cls(a, "python-requests/2.31.0"), AGENT_MACHINE);
    assert_int_equal(cls(a, "R (4.3.2 x86_64-pc-linux-gnu x86_64 linux-gnu)"), AGENT_MACHINE);
    assert_int_equal(cls(a, "Mozilla/5.0 (compatible; Googlebot/2.1)"), AGENT_ROBOT);
    assert_int_equal(cls(a, "Mozilla/5.0 AppleWebKit/537.36; ChatGPT-User/1.0"), AGENT_ROBOT);
    assert_int_equal(cls(a, ""), AGENT_ROBOT);
    assert_int_equal(cls(a, "-"), AGENT_ROBOT);
    agents_free(a);
}

static void test_matching_ignores_case_and_machine_list_wins(void **state)
{
    (void)state;
    struct agents *a;
    assert_int_equal(agents_new(&a, NULL, NULL), ST_OK);
    assert_int_equal(cls(a, "Some GOOGLEBOT thing"), AGENT_ROBOT);
    assert_int_equal(cls(a, "CURL/7.0"), AGENT_MACHINE);
    /* "bot" is a robot pattern, but the machine list is tried first */
    assert_int_equal(cls(a, "curl/8.0 (bot)"), AGENT_MACHINE);
    agents_free(a);
}

static void test_each_distinct_agent_is_classified_once(void **state)
{
    (void)state;
    struct agents *a;
    assert_int_equal(agents_new(&a, NULL, NULL), ST_OK);
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(cls(a, "Mozilla/5.0 Firefox/120.0"), AGENT_HUMAN);
        assert_int_equal(cls(a, "curl/8.4.0"), AGENT_MACHINE);
    }
    assert_int_equal(agents_distinct(a), 2);
    agents_free(a);
}

static void test_invalid_utf8_agent_does_not_break_matching(void **state)
{
    (void)state;
    struct agents *a;
    assert_int_equal(agents_new(&a, NULL, NULL), ST_OK);
    assert_int_equal(cls(a, "Mozilla \xff\xfe spider"), AGENT_ROBOT);
    assert_int_equal(cls(a, "Mozilla \xff\xfe person"), AGENT_HUMAN);
    agents_free(a);
}

static void test_user_lists_replace_builtin_and_bad_pattern_names_its_line(void **state)
{
    (void)state;
    char path[] = "/tmp/odstat-agents-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# my robots\n^special-robot\n\n", f);
    fclose(f);
    struct agents *a;
    assert_int_equal(agents_new(&a, NULL, path), ST_OK);
    assert_int_equal(cls(a, "special-robot/1"), AGENT_ROBOT);
    assert_int_equal(cls(a, "Googlebot/2.1"), AGENT_HUMAN); /* built-in list replaced */
    agents_free(a);
    f = fopen(path, "w");
    fputs("fine\n(unclosed\n", f);
    fclose(f);
    assert_int_equal(agents_new(&a, path, NULL), ST_USAGE);
    remove(path);
    assert_int_equal(agents_new(&a, "/nonexistent/list", NULL), ST_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_lists_separate_people_scripts_and_robots),
        cmocka_unit_test(test_matching_ignores_case_and_machine_list_wins),
        cmocka_unit_test(test_each_distinct_agent_is_classified_once),
        cmocka_unit_test(test_invalid_utf8_agent_does_not_break_matching),
        cmocka_unit_test(test_user_lists_replace_builtin_and_bad_pattern_names_its_line),
    };
    return cmocka_run_group_tests_name("agents", tests, NULL, NULL);
}
