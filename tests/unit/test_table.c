/* test_table.c - rendering and escaping of report tables. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

static const struct table_column cols[] = {
    {"name", "Name", false},
    {"views", "Views", true},
};

/* Renders a one-row table with NAME and VIEWS in FORMAT into a new string. */
static char *render(const char *format, const char *name, const char *views, bool bom)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct table *t = table_new(cols, 2, "T <b>");
    const char *row[] = {name, views};
    assert_int_equal(table_add_row(t, row), ST_OK);
    struct render_options ro = {format, bom};
    assert_int_equal(table_render(t, &ro, f), ST_OK);
    table_free(t);
    fclose(f);
    return buf;
}

static void test_csv_quotes_commas_quotes_and_newlines(void **state)
{
    (void)state;
    char *s = render("csv", "a,\"b\"\nc", "7", false);
    assert_string_equal(s, "Name,Views\n\"a,\"\"b\"\"\nc\",7\n");
    free(s);
}

static void test_csv_makes_formula_cells_inert(void **state)
{
    (void)state;
    const char *bad[] = {"=HYPERLINK(\"x\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *s = render("csv", bad[i], "1", false);
        const char *row = strchr(s, '\n') + 1;
        assert_memory_equal(row, "\"'", 2);
        free(s);
    }
    char *s = render("csv", "plain", "1", true);
    assert_string_equal(s, "\xEF\xBB\xBFName,Views\nplain,1\n");
    free(s);
}

static void test_html_escapes_markup_from_data(void **state)
{
    (void)state;
    char *s = render("html", "<script>alert('x')</script>&", "3", false);
    assert_null(strstr(s, "<script>"));
    assert_non_null(strstr(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"));
    assert_non_null(strstr(s, "<title>T &lt;b&gt;</title>"));
    free(s);
}

static void test_markdown_escapes_pipes_and_line_breaks(void **state)
{
    (void)state;
    char *s = render("md", "a|b\nc", "3", false);
    assert_non_null(strstr(s, "| a\\|b c | 3 |"));
    free(s);
}

static void test_json_escapes_strings_and_keeps_numbers(void **state)
{
    (void)state;
    char *s = render("json", "q\"\\\n", "12", false);
    assert_non_null(strstr(s, "{\"name\": \"q\\\"\\\\\\u000a\", \"views\": 12}"));
    free(s);
}

static void test_unknown_format_is_a_usage_error(void **state)
{
    (void)state;
    struct table *t = table_new(cols, 2, NULL);
    struct render_options ro = {"xls", false};
    FILE *f = fopen("/dev/null", "w");
    assert_int_equal(table_render(t, &ro, f), ST_USAGE);
    fclose(f);
    table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quotes_commas_quotes_and_newlines),
        cmocka_unit_test(test_csv_makes_formula_cells_inert),
        cmocka_unit_test(test_html_escapes_markup_from_data),
        cmocka_unit_test(test_markdown_escapes_pipes_and_line_breaks),
        cmocka_unit_test(test_json_escapes_strings_and_keeps_numbers),
        cmocka_unit_test(test_unknown_format_is_a_usage_error),
    };
    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
