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

static void test_csv_leaves_negative_numbers_alone(void **state)
{
    (void)state;
    char *s = render("csv", "-1008", "1", false);
    assert_string_equal(s, "Name,Views\n-1008,1\n");
    free(s);
    s = render("csv", "-1008 rows", "1", false); /* not a number: guarded */
    assert_non_null(strstr(s, "\"'-1008 rows\""));
    free(s);
}

static void test_group_digits_puts_thousands_separators(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"40661", "40,661"}, {"999", "999"}, {"1000", "1,000"}, {"1234567", "1,234,567"},
        {"-1008", "-1,008"}, {"12345.5", "12,345.5"}, {"", ""}, {"+12.5%", "+12.5%"},
        {"2024-03-07", "2024-03-07"}, {"0", "0"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        table_group_digits(cases[i][0], out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
    table_group_digits("1234567", out, 4); /* truncated, still terminated */
    assert_int_equal(strlen(out), 3);
}

/* A table with a title, period, lead and two notes, rendered in FORMAT. */
static char *render_printed(const char *format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct table *t = table_new(cols, 2, "Top");
    const char *row[] = {"a", "40661"};
    assert_int_equal(table_add_row(t, row), ST_OK);
    assert_int_equal(table_set_period(t, "自上架時間至113年04月02日"), ST_OK);
    assert_int_equal(table_set_lead(t, "lead <b>"), ST_OK);
    assert_int_equal(table_add_note(t, "註：one"), ST_OK);
    assert_int_equal(table_add_note(t, "two"), ST_OK);
    struct render_options ro = {format, false};
    assert_int_equal(table_render(t, &ro, f), ST_OK);
    table_free(t);
    fclose(f);
    return buf;
}

static void test_printed_formats_show_title_period_notes_and_separators(void **state)
{
    (void)state;
    char *s = render_printed("md");
    assert_string_equal(s, "## Top\n\n自上架時間至113年04月02日\n\nlead \\<b\\>\n\n"
                           "| Name | Views |\n| --- | ---: |\n| a | 40,661 |\n\n註：one\\\ntwo\n");
    free(s);
    s = render_printed("html");
    assert_non_null(strstr(s, "<h2>Top</h2>\n<p class=\"period\">自上架時間至113年04月02日</p>"));
    assert_non_null(strstr(s, "<td class=\"n\">40,661</td>"));
    assert_non_null(strstr(s, "<p class=\"note\">註：one</p>\n<p class=\"note\">two</p>"));
    assert_non_null(strstr(s, "lead &lt;b&gt;"));
    free(s);
}

static void test_machine_formats_show_no_title_nor_separators(void **state)
{
    (void)state;
    char *s = render_printed("csv");
    assert_string_equal(s, "Name,Views\na,40661\n");
    free(s);
    s = render_printed("json");
    assert_string_equal(s, "[\n {\"name\": \"a\", \"views\": 40661}\n]\n");
    free(s);
}

static void test_truncate_keeps_the_first_rows(void **state)
{
    (void)state;
    struct table *t = table_new(cols, 2, NULL);
    const char *row[] = {"a", "1"};
    for (int i = 0; i < 5; i++)
        assert_int_equal(table_add_row(t, row), ST_OK);
    table_truncate(t, 2);
    assert_int_equal(table_rows(t), 2);
    table_truncate(t, 9);
    assert_int_equal(table_rows(t), 2);
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
        cmocka_unit_test(test_control_characters_become_replacement_characters),
        cmocka_unit_test(test_json_escapes_control_characters),
        cmocka_unit_test(test_csv_leaves_negative_numbers_alone),
        cmocka_unit_test(test_group_digits_puts_thousands_separators),
        cmocka_unit_test(test_printed_formats_show_title_period_notes_and_separators),
        cmocka_unit_test(test_machine_formats_show_no_title_nor_separators),
        cmocka_unit_test(test_truncate_keeps_the_first_rows),
    };
    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
