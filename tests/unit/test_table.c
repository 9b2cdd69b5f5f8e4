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

/* ESC, 0x01, BEL, DEL and the C1 CSI (0xC2 0x9B) would act on a terminal
 * or break XML: every text format shows U+FFFD instead; tab stays. */
static void test_control_characters_become_replacement_characters(void **state)
{
    (void)state;
    static const char *const formats[] = {"csv", "md", "html"};
    for (size_t i = 0; i < 3; i++) {
        char *s = render(formats[i], "a\001b\033[2Jc\a\x7f\xc2\x9b" "d\te", "1", false);
        /* Markdown also escapes the '[' */
        assert_non_null(strstr(s, i == 1 ? "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\\[2Jc"
                                         : "a\xEF\xBF\xBD" "b\xEF\xBF\xBD[2Jc"));
        assert_non_null(strstr(s, "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "d\te"));
        for (const char *p = s; *p; p++)
            assert_false(*p == '\033' || *p == '\001' || *p == '\a' || *p == '\x7f' ||
                         (p[0] == '\xc2' && p[1] == '\x9b'));
        free(s);
    }
}

static void test_json_escapes_control_characters(void **state)
{
    (void)state;
    char *s = render("json", "a\033b\x7f\xc2\x9b" "c", "1", false);
    assert_non_null(strstr(s, "\"a\\u001bb\\u007f\\u009bc\""));
    free(s);
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
        cmocka_unit_test(test_control_characters_become_replacement_characters),
        cmocka_unit_test(test_json_escapes_control_characters),
    };
    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
