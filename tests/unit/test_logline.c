/* test_logline.c - the combined-format parser (SPEC §1.1, §1.2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "logline.h"

static enum parse_result parse(const char *line, struct logrec *rec, char *buf)
{
    strcpy(buf, line);
    return logline_parse_combined(buf, strlen(buf), rec);
}

static bool text_is(struct text t, const char *s)
{
    return t.len == strlen(s) && memcmp(t.p, s, t.len) == 0;
}

static void test_parses_every_field_of_a_combined_line(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse("203.0.113.5 - alice [01/Mar/2024:10:20:30 +0800] \"GET /dataset/6564?x=1"
                           " HTTP/1.1\" 200 5123 \"https://ref/\" \"Mozilla/5.0 (X11)\"",
                           &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "203.0.113.5"));
    assert_true(text_is(r.method, "GET"));
    assert_true(text_is(r.target, "/dataset/6564?x=1"));
    assert_true(text_is(r.ua, "Mozilla/5.0 (X11)"));
    assert_int_equal(r.status, 200);
    assert_int_equal(r.day, civil_to_days(2024, 3, 1));
    assert_int_equal(r.hour, 10);
    assert_int_equal(r.second_of_hour, 20 * 60 + 30);
    /* 10:20:30 at +08:00 is 02:20:30 UTC */
    assert_int_equal(r.instant, civil_to_days(2024, 3, 1) * 86400 + 2 * 3600 + 20 * 60 + 30);
}

static void test_negative_offset_moves_instant_forward(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse("h - - [31/Dec/2023:23:59:59 -0130] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"",
                           &r, buf),
                     PARSE_OK);
    assert_int_equal(r.day, civil_to_days(2023, 12, 31));
    assert_int_equal(r.instant, civil_to_days(2024, 1, 1) * 86400 + 3600 + 30 * 60 - 1);
}

static void test_unescapes_quotes_backslashes_and_hex_bytes(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse("h - - [01/Mar/2024:10:00:00 +0800] \"GET /a\\xE8\\x87\\xBA HTTP/1.1\" 200 1"
                           " \"-\" \"say \\\"hi\\\" \\\\ \\q\"",
                           &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.target, "/a\xE8\x87\xBA"));
    assert_true(text_is(r.ua, "say \"hi\" \\ \\q"));
}

static void test_ignores_fields_after_the_user_agent(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse("h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\""
                           " \"1.2.3.4, 5.6.7.8\" rt=0.1",
                           &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.ua, "ua"));
    assert_int_equal(parse("h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"x",
                           &r, buf),
                     REJECT_FORMAT);
}

static void test_rejects_impossible_dates_and_times(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    const char *bad[] = {"31/Feb/2024:10:00:00 +0800", "29/Feb/2023:10:00:00 +0800",
                         "01/Foo/2024:10:00:00 +0800", "01/Mar/2024:24:00:00 +0800",
                         "01/Mar/2024:10:60:00 +0800", "01/Mar/2024:10:00:60 +0800",
                         "1/Mar/2024:10:00:00 +0800",  "01/Mar/2024:10:00:00 0800",
                         "01/Mar/2024:10:00:00 +08:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char line[256];
        snprintf(line, sizeof line, "h - - [%s] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"", bad[i]);
        assert_int_equal(parse(line, &r, buf), REJECT_TIMESTAMP);
    }
    assert_int_equal(parse("h - - [29/Feb/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\" \"u\"",
                           &r, buf),
                     PARSE_OK);
}

static void test_rejects_bad_status_and_request_lines(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    const char *pre = "h - - [01/Mar/2024:10:00:00 +0800] ";
    char line[256];
    snprintf(line, sizeof line, "%s\"GET / HTTP/1.1\" abc 1 \"-\" \"ua\"", pre);
    assert_int_equal(parse(line, &r, buf), REJECT_STATUS);
    snprintf(line, sizeof line, "%s\"GET / HTTP/1.1\" 2000 1 \"-\" \"ua\"", pre);
    assert_int_equal(parse(line, &r, buf), REJECT_STATUS);
    snprintf(line, sizeof line, "%s\"GET /a b HTTP/1.1\" 200 1 \"-\" \"ua\"", pre);
    assert_int_equal(parse(line, &r, buf), REJECT_REQUEST);
    snprintf(line, sizeof line, "%s\"-\" 400 1 \"-\" \"ua\"", pre);
    assert_int_equal(parse(line, &r, buf), REJECT_REQUEST);
    snprintf(line, sizeof line, "%s\"GET  /\" 200 1 \"-\" \"ua\"", pre);
    assert_int_equal(parse(line, &r, buf), REJECT_REQUEST);
    snprintf(line, sizeof line, "%s\"GET /\" 200 1 \"-\" \"ua\"", pre);
    assert_int_equal(parse(line, &r, buf), PARSE_OK);
    assert_true(text_is(r.target, "/"));
}

static void test_rejects_lines_missing_fields(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse("h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\"", &r,
                           buf),
                     REJECT_FORMAT);
    assert_int_equal(parse("h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 x \"-\" \"u\"",
                           &r, buf),
                     REJECT_FORMAT);
    assert_int_equal(parse("garbage \x01\x02\xff", &r, buf), REJECT_FORMAT);
    assert_int_equal(parse("h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\" \"unterminated",
                           &r, buf),
                     REJECT_FORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parses_every_field_of_a_combined_line),
        cmocka_unit_test(test_negative_offset_moves_instant_forward),
        cmocka_unit_test(test_unescapes_quotes_backslashes_and_hex_bytes),
        cmocka_unit_test(test_ignores_fields_after_the_user_agent),
        cmocka_unit_test(test_rejects_impossible_dates_and_times),
        cmocka_unit_test(test_rejects_bad_status_and_request_lines),
        cmocka_unit_test(test_rejects_lines_missing_fields),
    };
    return cmocka_run_group_tests_name("logline", tests, NULL, NULL);
}
