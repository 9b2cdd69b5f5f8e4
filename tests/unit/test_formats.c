/* test_formats.c - every log format (SPEC §1.1), -f auto detection and the
 * X-Forwarded-For client address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "formats.h"
#include "logline.h"

#define COMBINED_LINE                                                                       \
    "203.0.113.5 - - [01/Mar/2024:10:20:30 +0000] \"GET /dataset/6564?x=1 HTTP/1.1\" 200 5123" \
    " \"https://ref/\" \"Mozilla/5.0 (X11)\""
#define IIS_FIELDS                                                                            \
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip"     \
    " cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
#define CUSTOM_FORMAT "%h %^[%d:%t %^] \"%r\" %s %b \"%R\" \"%u\""

static bool text_is(struct text t, const char *s)
{
    return t.len == strlen(s) && memcmp(t.p, s, t.len) == 0;
}

static struct log_format *format(const char *spec)
{
    struct log_format *f;
    assert_int_equal(log_format_new(&f, spec), ST_OK);
    return f;
}

/* Parses LINE (copied into BUF, which REC then points into) with F. */
static enum parse_result parse_with(struct log_format *f, const char *line, struct logrec *rec,
                                    char *buf)
{
    strcpy(buf, line);
    return log_format_parse(f, buf, strlen(buf), rec);
}

/* The same with a fresh parser for SPEC (not for targets W3C or custom
 * formats join in their own buffer). */
static enum parse_result parse_as(const char *spec, const char *line, struct logrec *rec,
                                  char *buf)
{
    struct log_format *f = format(spec);
    enum parse_result r = parse_with(f, line, rec, buf);
    log_format_free(f);
    return r;
}

static void assert_same_event(const struct logrec *a, const struct logrec *b)
{
    assert_int_equal(a->addr.len, b->addr.len);
    assert_memory_equal(a->addr.p, b->addr.p, a->addr.len);
    assert_int_equal(a->method.len, b->method.len);
    assert_memory_equal(a->method.p, b->method.p, a->method.len);
    assert_int_equal(a->target.len, b->target.len);
    assert_memory_equal(a->target.p, b->target.p, a->target.len);
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->instant, b->instant);
    assert_int_equal(a->day, b->day);
    assert_int_equal(a->hour, b->hour);
    assert_int_equal(a->second_of_hour, b->second_of_hour);
}

static void assert_same_ua(const struct logrec *a, const struct logrec *b)
{
    assert_int_equal(a->ua.len, b->ua.len);
    assert_memory_equal(a->ua.p, b->ua.p, a->ua.len);
}

static void test_every_format_reads_a_typical_line_like_combined(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *header, *line;
    } cases[] = {
        {"vhost_combined", NULL, "data.gov.tw:443 " COMBINED_LINE},
        {"w3c", IIS_FIELDS,
         "2024-03-01 10:20:30 10.0.0.1 GET /dataset/6564 x=1 443 - 203.0.113.5"
         " Mozilla/5.0+(X11) https://ref/ 200 0 0 15"},
        {"json", NULL,
         "{\"time_local\":\"01/Mar/2024:10:20:30 +0000\",\"remote_addr\":\"203.0.113.5\","
         "\"request\":\"GET /dataset/6564?x=1 HTTP/1.1\",\"status\":200,"
         "\"body_bytes_sent\":5123,\"http_referer\":\"https://ref/\","
         "\"http_user_agent\":\"Mozilla/5.0 (X11)\"}"},
        {CUSTOM_FORMAT, NULL, COMBINED_LINE},
        {"%h %^ %^ %{%d/%b/%Y:%H:%M:%S %z}t \"%m %U %H\" %s %b \"%R\" \"%u\"", NULL,
         "203.0.113.5 - - 01/Mar/2024:10:20:30 +0000 \"GET /dataset/6564?x=1 HTTP/1.1\" 200"
         " 5123 \"https://ref/\" \"Mozilla/5.0 (X11)\""},
    };
    char want_buf[512], buf[512], header[512];
    struct logrec want, got;

    assert_int_equal(parse_as("combined", COMBINED_LINE, &want, want_buf), PARSE_OK);
    assert_true(text_is(want.target, "/dataset/6564?x=1"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct log_format *f = format(cases[i].spec);
        if (cases[i].header)
            assert_int_equal(parse_with(f, cases[i].header, &got, header), PARSE_DIRECTIVE);
        assert_int_equal(parse_with(f, cases[i].line, &got, buf), PARSE_OK);
        assert_same_event(&want, &got);
        assert_same_ua(&want, &got);
        assert_int_equal(got.xff.len, 0);
        assert_true(log_format_has_ua(f));
        log_format_free(f);
    }
}

static void test_common_reads_the_line_without_referer_and_user_agent(void **state)
{
    (void)state;
    char want_buf[512], buf[512];
    struct logrec want, got;
    struct log_format *f = format("common");

    assert_int_equal(parse_as("combined", COMBINED_LINE, &want, want_buf), PARSE_OK);
    assert_int_equal(parse_with(f,
                                "203.0.113.5 - - [01/Mar/2024:10:20:30 +0000]"
                                " \"GET /dataset/6564?x=1 HTTP/1.1\" 200 5123",
                                &got, buf),
                     PARSE_OK);
    assert_same_event(&want, &got);
    assert_int_equal(got.ua.len, 0);
    assert_non_null(got.ua.p);
    assert_false(log_format_has_ua(f));
    assert_string_equal(log_format_name(f), "common");
    /* a combined line is a common line with ignored extra fields */
    assert_int_equal(parse_with(f, COMBINED_LINE, &got, buf), PARSE_OK);
    assert_same_event(&want, &got);
    assert_int_equal(got.ua.len, 0);
    assert_int_equal(parse_with(f,
                                "203.0.113.5 - - [01/Mar/2024:10:20:30 +0000]"
                                " \"GET / HTTP/1.1\" 200 5123x",
                                &got, buf),
                     REJECT_FORMAT);
    assert_int_equal(parse_with(f,
                                "203.0.113.5 - - [01/Mar/2024:10:20:30 +0000]"
                                " \"GET / HTTP/1.1\" 200 -",
                                &got, buf),
                     PARSE_OK);
    log_format_free(f);
}

static void test_w3c_fields_may_change_mid_file(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    struct log_format *f = format("w3c");

    assert_int_equal(parse_with(f, "#Software: Microsoft Internet Information Services 10.0", &r,
                                buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(f, "#Fields: date time c-ip cs-method cs-uri-stem sc-status", &r,
                                buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(f, "2024-03-01 02:00:00 192.0.2.1 GET /dataset/9 200", &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "192.0.2.1"));
    assert_true(text_is(r.target, "/dataset/9"));
    assert_int_equal(r.ua.len, 0);
    /* new header: more fields, other order */
    assert_int_equal(parse_with(f,
                                "#Fields: date time cs-uri-stem cs-uri-query c-ip cs-method"
                                " sc-status cs(User-Agent) X-Forwarded-For",
                                &r, buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(f, "2024-03-01 02:00:00 192.0.2.1 GET /dataset/9 200", &r, buf),
                     REJECT_FIELDS);
    assert_int_equal(parse_with(f,
                                "2024-03-01 23:59:59 /dataset/10 - 2001:db8::7 GET 304 curl/8.5.0"
                                " 198.51.100.9,10.0.0.2",
                                &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "2001:db8::7"));
    assert_true(text_is(r.target, "/dataset/10"));
    assert_true(text_is(r.ua, "curl/8.5.0"));
    assert_true(text_is(r.xff, "198.51.100.9,10.0.0.2"));
    assert_int_equal(r.status, 304);
    assert_int_equal(r.day, civil_to_days(2024, 3, 1));
    assert_int_equal(r.hour, 23);
    assert_int_equal(r.instant, civil_to_days(2024, 3, 1) * 86400 + 86399);
    /* a clone starts again from IIS's defaults */
    struct log_format *g;
    assert_int_equal(log_format_clone(&g, f), ST_OK);
    assert_int_equal(parse_with(g,
                                "2024-03-01 10:20:30 10.0.0.1 GET /a - 443 - 203.0.113.5 ua - 200"
                                " 0 0 15",
                                &r, buf),
                     PARSE_OK);
    assert_true(log_format_has_directives(g));
    log_format_free(g);
    log_format_free(f);
}

static void test_w3c_plus_in_user_agent_is_a_blank_and_dash_is_empty(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    struct log_format *f = format("w3c");

    assert_int_equal(parse_with(f, "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query"
                                   " sc-status cs(User-Agent) cs(Referer)",
                                &r, buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(f,
                                "2024-03-01 10:00:00 192.0.2.1 GET /dataset/9 - 200"
                                " Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) -",
                                &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.ua, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"));
    assert_true(text_is(r.target, "/dataset/9"));
    assert_int_equal(parse_with(f, "2024-03-01 10:00:00 192.0.2.1 GET /dataset/9 - 200 - -", &r,
                                buf),
                     PARSE_OK);
    assert_int_equal(r.ua.len, 0);
    log_format_free(f);
}

static void test_w3c_joins_stem_and_query_that_are_apart(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    struct log_format *f = format("w3c");

    /* CloudFront's order (tab-separated there): the query after the UA */
    assert_int_equal(parse_with(f, "#Fields: date time c-ip cs-method cs-uri-stem sc-status"
                                   " cs(User-Agent) cs-uri-query",
                                &r, buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(f, "2024-03-01\t10:00:00\t192.0.2.1\tGET\t/iisi/logaccess/1"
                                   "\t302\tMozilla/5.0\tndcnid=6564&x=1",
                                &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.target, "/iisi/logaccess/1?ndcnid=6564&x=1"));
    assert_true(text_is(r.ua, "Mozilla/5.0"));
    assert_int_equal(r.status, 302);
    log_format_free(f);
}

static void test_w3c_reads_lines_before_any_header_with_iis_defaults(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse_as("w3c",
                              "2024-03-01 10:20:30 10.0.0.1 GET /dataset/6564 x=1 443 - 192.0.2.9"
                              " Wget/1.21.4 - 206 0 0 15",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "192.0.2.9"));
    assert_true(text_is(r.target, "/dataset/6564?x=1"));
    assert_int_equal(r.status, 206);
}

static void test_a_trailing_carriage_return_is_ignored(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    struct log_format *f = format("w3c");

    assert_int_equal(parse_with(f, "#Fields: date time c-ip cs-method cs-uri-stem sc-status\r", &r,
                                buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(f, "2024-03-01 02:00:00 192.0.2.1 GET /dataset/9 200\r", &r, buf),
                     PARSE_OK);
    assert_int_equal(r.status, 200);
    assert_int_equal(parse_with(f, "\r", &r, buf), PARSE_DIRECTIVE);
    log_format_free(f);
    assert_int_equal(parse_as("json",
                              "{\"remote_addr\":\"h\",\"time_iso8601\":\"2024-03-01T10:00:00Z\","
                              "\"request\":\"GET / HTTP/1.1\",\"status\":\"200\"}\r",
                              &r, buf),
                     PARSE_OK);
    assert_int_equal(parse_as("combined", COMBINED_LINE "\r", &r, buf), PARSE_OK);
    assert_true(text_is(r.ua, "Mozilla/5.0 (X11)"));
}

static void test_a_leading_byte_order_mark_is_ignored(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    struct log_format *f = format("w3c");
    assert_int_equal(parse_with(f, "\xEF\xBB\xBF#Fields: date time c-ip cs-method cs-uri-stem"
                                   " sc-status",
                                &r, buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(f, "2024-03-01 02:00:00 192.0.2.1 GET /dataset/9 200", &r, buf),
                     PARSE_OK);
    log_format_free(f);
    assert_int_equal(parse_as("json",
                              "\xEF\xBB\xBF{\"remote_addr\":\"h\",\"time_iso8601\":"
                              "\"2024-03-01T10:00:00Z\",\"request\":\"GET / HTTP/1.1\",\"status\":200}",
                              &r, buf),
                     PARSE_OK);
}

static void test_json_decodes_escapes_and_surrogate_pairs(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse_as("json",
                              "{\"remote_addr\":\"h\",\"time_local\":\"01/Mar/2024:10:00:00 +0800\","
                              "\"request\":\"GET /caf\\u00e9/\\ud83d\\ude00 HTTP/1.1\",\"status\":"
                              "\"200\",\"http_user_agent\":\"say \\\"hi\\\" \\\\ \\/ \\t \\u00e9\"}",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.target, "/caf\xc3\xa9/\xf0\x9f\x98\x80"));
    assert_true(text_is(r.ua, "say \"hi\" \\ / \t \xc3\xa9"));
    /* a lone surrogate is replaced, the line still counts */
    assert_int_equal(parse_as("json",
                              "{\"remote_addr\":\"h\",\"time_local\":\"01/Mar/2024:10:00:00 +0800\","
                              "\"request\":\"GET / HTTP/1.1\",\"status\":200,"
                              "\"http_user_agent\":\"a\\ud83db\"}",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.ua, "a\xef\xbf\xbd" "b"));
}

static void test_json_skips_unknown_keys_and_nested_values(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse_as("json",
                              " { \"tags\" : [1, {\"a\": \"}]\\\"\"}, [[]]], \"remote_addr\" : "
                              "\"2001:db8::1\", \"extra\": {\"status\": \"999\"}, \"time_local\":"
                              "\"01/Mar/2024:10:00:00 +0800\", \"n\": null, \"t\": true, \"x\": -1.5e3,"
                              " \"request_method\":\"GET\", \"request_uri\":\"/dataset/9?a=1\","
                              "\"status\": 304, \"http_x_forwarded_for\": \"198.51.100.1\" } ",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "2001:db8::1"));
    assert_true(text_is(r.method, "GET"));
    assert_true(text_is(r.target, "/dataset/9?a=1"));
    assert_true(text_is(r.xff, "198.51.100.1"));
    assert_int_equal(r.status, 304);
    assert_int_equal(r.ua.len, 0);
}

static void test_json_reads_iso_times_with_offset_or_z(void **state)
{
    (void)state;
    char buf[512], line[512];
    struct logrec r;
#define ISO_LINE(t)                                                                         \
    "{\"client_ip\":\"h\",\"time_iso8601\":\"" t "\",\"request\":\"GET / HTTP/1.1\",\"status\":200}"
    strcpy(line, ISO_LINE("2024-03-01T10:00:00+08:00"));
    assert_int_equal(parse_as("json", line, &r, buf), PARSE_OK);
    assert_int_equal(r.day, civil_to_days(2024, 3, 1));
    assert_int_equal(r.hour, 10);
    assert_int_equal(r.instant, civil_to_days(2024, 3, 1) * 86400 + 2 * 3600);
    assert_true(text_is(r.addr, "h"));
    strcpy(line, ISO_LINE("2024-03-01T02:00:00Z"));
    assert_int_equal(parse_as("json", line, &r, buf), PARSE_OK);
    assert_int_equal(r.instant, civil_to_days(2024, 3, 1) * 86400 + 2 * 3600);
    assert_int_equal(r.hour, 2);
    strcpy(line, ISO_LINE("2024-02-30T02:00:00Z"));
    assert_int_equal(parse_as("json", line, &r, buf), REJECT_TIMESTAMP);
}

static void test_json_rejects_with_the_right_reason(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    static const struct {
        const char *line;
        enum parse_result want;
    } cases[] = {
        {"{\"remote_addr\":\"h\",\"time_local\":\"01/Mar/2024:10:00:00 +0800\","
         "\"request\":\"GET / HTTP/1.1\",\"status\":200",
         REJECT_FORMAT},
        {"{\"remote_addr\":\"h\",\"time_local\":\"01/Mar/2024:10:00:00 +0800\","
         "\"request\":\"GET / HTTP/1.1\",\"status\":200} x",
         REJECT_FORMAT},
        {"{\"remote_addr\":\"h\",\"time_local\":\"01/Mar/2024:10:00:00 +0800\","
         "\"request\":\"GET / HTTP/1.1\"}",
         REJECT_FORMAT},
        {"{\"remote_addr\":\"h\",\"time_local\":\"01/Mar/2024:10:00:00 +0800\","
         "\"request\":\"GET / HTTP/1.1\",\"status\":\"2\\q0\"}",
         REJECT_FORMAT},
        {"{\"remote_addr\":\"h\",\"time_local\":\"32/Mar/2024:10:00:00 +0800\","
         "\"request\":\"GET / HTTP/1.1\",\"status\":200}",
         REJECT_TIMESTAMP},
        {"{\"remote_addr\":\"h\",\"time_local\":\"01/Mar/2024:10:00:00 +0800\","
         "\"request\":\"GET / HTTP/1.1\",\"status\":2000}",
         REJECT_STATUS},
        {"{\"remote_addr\":\"h\",\"time_local\":\"01/Mar/2024:10:00:00 +0800\","
         "\"request\":\"-\",\"status\":400}",
         REJECT_REQUEST},
        {"not json", REJECT_FORMAT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(parse_as("json", cases[i].line, &r, buf), cases[i].want);
}

static void test_ipv6_client_addresses_in_every_format(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse_as("combined",
                              "2001:db8::7 - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200"
                              " 1 \"-\" \"ua\"",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "2001:db8::7"));
    assert_int_equal(parse_as("common",
                              "2001:db8::7 - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "2001:db8::7"));
    assert_int_equal(parse_as("vhost_combined",
                              "example.org:80 ::1 - - [01/Mar/2024:10:00:00 +0800]"
                              " \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "::1"));
    assert_int_equal(parse_as(CUSTOM_FORMAT,
                              "2001:db8::7 - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200"
                              " 1 \"-\" \"ua\"",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "2001:db8::7"));
}

static void test_vhost_combined_needs_a_host_in_front_and_keeps_it(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse_as("vhost_combined", COMBINED_LINE, &r, buf), REJECT_FORMAT);
    assert_int_equal(parse_as("vhost_combined", "example.org:x " COMBINED_LINE, &r, buf),
                     REJECT_FORMAT);
    assert_int_equal(parse_as("vhost_combined", ":443 " COMBINED_LINE, &r, buf),
                     REJECT_FORMAT);
    assert_int_equal(parse_as("vhost_combined", "example.org:443 " COMBINED_LINE, &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.host, "example.org"));
    /* Apache's %v without :%p */
    assert_int_equal(parse_as("vhost_combined", "example.org " COMBINED_LINE, &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.host, "example.org"));
    assert_true(text_is(r.addr, "203.0.113.5"));
    assert_int_equal(parse_as("vhost_combined", "[2001:db8::1]:8443 " COMBINED_LINE, &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.host, "[2001:db8::1]"));
    assert_int_equal(parse_as("combined", COMBINED_LINE, &r, buf), PARSE_OK);
    assert_int_equal(r.host.len, 0);
}

/* SPEC v2 §1.1: no UA field turns detection by UA off; an empty or "-"
 * UA written in a UA field is still there */
static void test_formats_say_whether_the_line_has_a_user_agent(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    struct log_format *w = format("w3c");
    assert_int_equal(parse_as("combined", COMBINED_LINE, &r, buf), PARSE_OK);
    assert_true(r.has_ua);
    assert_int_equal(parse_as("common",
                              "203.0.113.5 - - [01/Mar/2024:10:20:30 +0000] \"GET / HTTP/1.1\" 200 5",
                              &r, buf),
                     PARSE_OK);
    assert_false(r.has_ua);
    assert_int_equal(parse_with(w, "#Fields: date time c-ip cs-method cs-uri-stem sc-status", &r,
                                buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(w, "2024-03-01 10:20:30 203.0.113.5 GET /dataset/1 200", &r, buf),
                     PARSE_OK);
    assert_false(r.has_ua);
    assert_int_equal(parse_with(w, "#Fields: date time c-ip cs-method cs-uri-stem sc-status"
                                   " cs(User-Agent)", &r, buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(w, "2024-03-01 10:20:30 203.0.113.5 GET /dataset/1 200 -", &r,
                                buf),
                     PARSE_OK);
    assert_true(r.has_ua);
    assert_int_equal(r.ua.len, 0);
    log_format_free(w);
    assert_int_equal(parse_as("json",
                              "{\"remote_addr\":\"203.0.113.5\",\"time_iso8601\":"
                              "\"2024-03-01T10:20:30Z\",\"request\":\"GET / HTTP/1.1\","
                              "\"status\":200}",
                              &r, buf),
                     PARSE_OK);
    assert_false(r.has_ua);
    assert_int_equal(parse_as("json",
                              "{\"remote_addr\":\"203.0.113.5\",\"time_iso8601\":"
                              "\"2024-03-01T10:20:30Z\",\"request\":\"GET / HTTP/1.1\","
                              "\"status\":200,\"http_user_agent\":\"\"}",
                              &r, buf),
                     PARSE_OK);
    assert_true(r.has_ua);
}

static void test_custom_format_with_extra_fields(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    struct log_format *f = format("%v:%^ %h %^ %^ [%x] \"%r\" %s %b \"%R\" \"%u\" \"%{X-Forwarded-For}i\""
                                  " rt=%T %^");
    assert_int_equal(parse_with(f,
                                "data.gov.tw:443 10.0.0.2 - bob [01/Mar/2024:10:20:30 +0800]"
                                " \"GET /dataset/9 HTTP/2.0\" 206 1000 \"-\" \"Mozilla/5.0 (a \\\"b\\\")\""
                                " \"203.0.113.9, 10.0.0.1\" rt=0.004 upstream=1 more fields",
                                &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "10.0.0.2"));
    assert_true(text_is(r.target, "/dataset/9"));
    assert_true(text_is(r.ua, "Mozilla/5.0 (a \"b\")"));
    assert_true(text_is(r.xff, "203.0.113.9, 10.0.0.1"));
    assert_int_equal(r.status, 206);
    assert_int_equal(r.instant, civil_to_days(2024, 3, 1) * 86400 + 2 * 3600 + 20 * 60 + 30);
    assert_string_equal(log_format_name(f), "custom");
    log_format_free(f);
}

static void test_custom_format_joins_path_and_query(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    struct log_format *f = format("%h [%{%Y-%m-%dT%H:%M:%S%z}t] %m %U %q %s ua=\"%u\"");
    assert_int_equal(parse_with(f,
                                "192.0.2.1 [2024-03-01T10:00:00.123+08:00] GET /iisi/logaccess/1"
                                " ndcnid=6564 302 ua=\"curl/8.5.0\"",
                                &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.target, "/iisi/logaccess/1?ndcnid=6564"));
    assert_int_equal(r.instant, civil_to_days(2024, 3, 1) * 86400 + 2 * 3600);
    assert_int_equal(parse_with(f, "192.0.2.1 [2024-03-01T10:00:00Z] GET /a - 200 ua=\"\"", &r,
                                buf),
                     PARSE_OK);
    assert_true(text_is(r.target, "/a"));
    log_format_free(f);
    /* query apart from the path: joined in the parser's buffer */
    f = format("%h %x|%U|%s|%q|%m");
    assert_int_equal(parse_with(f, "h 01/Mar/2024:10:00:00 +0800|/a|200|?b=1|GET", &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.target, "/a?b=1"));
    assert_true(text_is(r.method, "GET"));
    log_format_free(f);
}

static void test_custom_format_epoch_seconds(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    assert_int_equal(parse_as("%{%s}t %h \"%r\" %s", "1709287200.123 h \"GET / HTTP/1.1\" 200", &r,
                              buf),
                     PARSE_OK);
    assert_int_equal(r.instant, 1709287200);
    assert_int_equal(r.day, civil_to_days(2024, 3, 1));
    assert_int_equal(r.hour, 10);
}

static void test_custom_format_rejects_with_the_right_reason(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    static const struct {
        const char *line;
        enum parse_result want;
    } cases[] = {
        {"h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"", PARSE_OK},
        {"h - - [31/Feb/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"",
         REJECT_TIMESTAMP},
        {"h - - [01/Mar/2024 10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"",
         REJECT_TIMESTAMP},
        {"h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 2x0 1 \"-\" \"ua\"",
         REJECT_STATUS},
        {"h - - [01/Mar/2024:10:00:00 +0800] \"GET /a b HTTP/1.1\" 200 1 \"-\" \"ua\"",
         REJECT_REQUEST},
        {"h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 x \"-\" \"ua\"",
         REJECT_FORMAT},
        {"h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua", REJECT_FORMAT},
        {"h - - [01/Mar/2024:10:00:00 +0800] GET / HTTP/1.1 200 1 \"-\" \"ua\"", REJECT_FORMAT},
        {"h", REJECT_FORMAT},
    };
    struct log_format *f = format("%h %^ %^ [%x] \"%r\" %s %b \"%R\" \"%u\"");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(parse_with(f, cases[i].line, &r, buf), cases[i].want);
    log_format_free(f);
}

static void test_bad_format_strings_are_usage_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "%h %d \"%r\" %s",              /* no time of day */
        "%h [%x] %s",                   /* no request */
        "%h [%x] \"%r\"",               /* no status */
        "[%x] \"%r\" %s",               /* no host */
        "%h [%x] \"%r\" %s %Q",         /* unknown specifier */
        "%h [%{%d/%b/%Y %J}t] \"%r\" %s", /* unknown time conversion */
        "%h%^ [%x] \"%r\" %s",          /* a field with no literal after it */
        "%h [%{%d/%b/%Y:%T %z] \"%r\" %s", /* unclosed brace */
        "%h [%x] \"%r\" %s %",          /* lone % */
        "fancy",                        /* not a name, no % */
        "",
    };
    struct log_format *f;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(log_format_new(&f, bad[i]), ST_USAGE);
        assert_null(f);
    }
}

static void test_bad_lines_are_rejected_with_the_right_reason(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    static const struct {
        const char *spec, *line;
        enum parse_result want;
    } cases[] = {
        {"common", "h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\"", REJECT_FORMAT},
        {"common", "h - - [01/Mar/2024:25:00:00 +0800] \"GET / HTTP/1.1\" 200 1", REJECT_TIMESTAMP},
        {"common", "h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 20 1", REJECT_STATUS},
        {"common", "h - - [01/Mar/2024:10:00:00 +0800] \"GET\" 200 1", REJECT_REQUEST},
        {"vhost_combined", "a:1 h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1 \"-\"",
         REJECT_FORMAT},
        {"w3c", "2024-03-01 10:00:00 s GET / - 443 - c ua - 200 0 0", REJECT_FIELDS},
        {"w3c", "2024-03-01 10:00:00 s GET / - 443 - c ua - 200 0 0 15 16", REJECT_FIELDS},
        {"w3c", "2024-03-01 10:00:00 s GET / - 443 - c ua -  200 0 0 15", PARSE_OK},
        {"w3c", "2024-03-01 10:00:00 s GET / - 443 - c \"ua open - 200 0 0 15", REJECT_FORMAT},
        {"alb", "https 2024-03-01T10:00:00Z lb 1.2.3.4:5 - 0 0 0 200 200 0 0 \"GET / HTTP/1.1\"",
         REJECT_FORMAT},
        {"alb", "https 2024-03-01T10:00:00Z lb 1.2.3.4:5 - 0 0 0 - - 0 0 \"GET / HTTP/1.1\" \"-\"",
         REJECT_STATUS},
        {"s3", "o b [01/Mar/2024:10:00:00 +0000] 1.2.3.4 - id OP k \"-\" 400 - 0 0 0 0 \"-\" \"-\"",
         REJECT_REQUEST},
        {"haproxy", "1.2.3.4:5 [01/Mar/2024:10:00:00.000] fe be/s 0/0/0/0/0 200 5", REJECT_FORMAT},
        {"iis", "1.2.3.4, -, 03/01/24, 10:00:00, W3SVC1, S, 10.0.0.1, 1, 2, 3, 200, 0, GET, /,",
         REJECT_FORMAT},
        {"iis", "1.2.3.4, -, 13/01/24, 10:00:00, W3SVC1, S, 10.0.0.1, 1, 2, 3, 200, 0, GET, /, -,",
         REJECT_TIMESTAMP},
        {"w3c", "2024-13-01 10:00:00 s GET / - 443 - c ua - 200 0 0 15", REJECT_TIMESTAMP},
        {"w3c", "2024-03-01 10:00 s GET / - 443 - c ua - 200 0 0 15", REJECT_TIMESTAMP},
        {"w3c", "2024-03-01 10:00:00 s GET / - 443 - c ua - - 0 0 15", REJECT_STATUS},
        {"w3c", "2024-03-01 10:00:00 s - / - 443 - c ua - 200 0 0 15", REJECT_REQUEST},
        {"w3c", "2024-03-01 10:00:00 s GET - - 443 - c ua - 200 0 0 15", REJECT_REQUEST},
        {"w3c", "#Remark: anything", PARSE_DIRECTIVE},
        {"auto", COMBINED_LINE, REJECT_FORMAT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(parse_as(cases[i].spec, cases[i].line, &r, buf), cases[i].want);
    assert_string_equal(logline_reject_name(PARSE_DIRECTIVE), "directive");
}

/* The host of every format that carries one, without its port (SPEC §1.4b);
 * an absolute-form request target becomes its path. */
static void test_formats_with_a_host_give_it_and_the_path(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *header, *line, *addr, *target;
    } cases[] = {
        {"w3c", "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status cs-host",
         "2024-03-01 10:00:00 1.2.3.4 GET /dataset/1 a=b 200 Data.Example.org:8443", "1.2.3.4",
         "/dataset/1?a=b"},
        {"alb", NULL,
         "https 2024-03-01T10:00:00.5Z app/x 1.2.3.4:5566 10.0.0.1:80 0 0 0 200 200 0 9"
         " \"GET https://Data.Example.org:443/dataset/1?a=b HTTP/1.1\" \"curl/8\" - -",
         "1.2.3.4", "/dataset/1?a=b"},
        {"s3", NULL,
         "own bucket [01/Mar/2024:10:00:00 +0000] 1.2.3.4 - ID REST.GET.OBJECT key"
         " \"GET /dataset/1?a=b HTTP/1.1\" 200 - 9 9 1 1 \"-\" \"curl/8\" - hid SigV4 cipher"
         " AuthHeader Data.Example.org TLSv1.2", "1.2.3.4", "/dataset/1?a=b"},
        {"cloudfront", NULL,
         "2024-03-01\t10:00:00\tTPE\t9\t1.2.3.4\tGET\tx.cloudfront.net\t/dataset/1\t200\t-"
         "\tcurl/8%20(x)\ta=b\t-\tMiss\tid\tData.Example.org\thttps\t1\t0.1\t-\tTLSv1.3"
         "\tc\tMiss\tHTTP/1.1\t-\t-\t5566\t0.1\tMiss\ttext/html\t9\t-\t-",
         "1.2.3.4", "/dataset/1?a=b"},
        {"json", NULL,
         "{\"ts\":1709287200.5,\"request\":{\"remote_ip\":\"1.2.3.4\",\"method\":\"GET\","
         "\"host\":\"Data.Example.org\",\"uri\":\"/dataset/1?a=b\",\"headers\":"
         "{\"User-Agent\":[\"curl/8\"]}},\"status\":200}", "1.2.3.4", "/dataset/1?a=b"},
        {"json", NULL,
         "{\"ClientHost\":\"1.2.3.4\",\"RequestHost\":\"Data.Example.org\",\"RequestMethod\":"
         "\"GET\",\"RequestPath\":\"/dataset/1?a=b\",\"DownstreamStatus\":200,"
         "\"time\":\"2024-03-01T10:00:00Z\"}", "1.2.3.4", "/dataset/1?a=b"},
        {"%v %h [%x] \"%r\" %s", NULL,
         "Data.Example.org:80 1.2.3.4 [01/Mar/2024:10:00:00 +0000] \"GET /dataset/1?a=b HTTP/1.1\" 200",
         "1.2.3.4", "/dataset/1?a=b"},
    };
    char buf[1024];
    struct logrec r;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct log_format *f = format(cases[i].spec);
        if (cases[i].header)
            assert_int_equal(parse_with(f, cases[i].header, &r, buf), PARSE_DIRECTIVE);
        assert_int_equal(parse_with(f, cases[i].line, &r, buf), PARSE_OK);
        assert_true(text_is(r.host, "Data.Example.org"));
        assert_true(text_is(r.addr, cases[i].addr));
        assert_true(text_is(r.target, cases[i].target));
        assert_int_equal(r.instant, civil_to_days(2024, 3, 1) * 86400 + 10 * 3600);
        log_format_free(f);
    }
}

static void test_cloudfront_ua_is_percent_decoded_and_iis_ua_plus_is_a_blank(void **state)
{
    (void)state;
    char buf[1024];
    struct logrec r;
    struct log_format *w = format("w3c");
    assert_int_equal(parse_with(w, "#Fields: date time c-ip cs-method cs-uri-stem sc-status"
                                   " cs(User-Agent)", &r, buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(w, "2024-03-01 10:00:00 1.2.3.4 GET / 200 a+b", &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.ua, "a b"));
    /* quoted: blanks are blanks and a '+' stays */
    assert_int_equal(parse_with(w, "2024-03-01 10:00:00 1.2.3.4 GET / 200 \"Googlebot (+http://x)\"",
                                &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.ua, "Googlebot (+http://x)"));
    log_format_free(w);
}

static void test_json_key_maps_matomo_and_user_maps(void **state)
{
    (void)state;
    char buf[1024];
    struct logrec r;
    /* Matomo's layout has no method: its lines are GET requests */
    assert_int_equal(parse_as("json",
                              "{\"ip\":\"1.2.3.4\",\"host\":\"h\",\"path\":\"/dataset/1\","
                              "\"status\":\"200\",\"user_agent\":\"curl/8\","
                              "\"date\":\"2024-03-01T10:00:00+00:00\"}",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.method, "GET"));
    assert_true(text_is(r.ua, "curl/8"));
    /* a user map with nested keys and an array index */
    assert_int_equal(parse_as("json:addr=c.ip,time=t,uri=u,method=m,status=s,ua=h.ua[0]",
                              "{\"c\":{\"ip\":\"1.2.3.4\"},\"t\":1709287200,\"u\":\"/x\","
                              "\"m\":\"GET\",\"s\":200,\"h\":{\"ua\":[\"curl/8\",\"y\"]}}",
                              &r, buf),
                     PARSE_OK);
    assert_true(text_is(r.addr, "1.2.3.4"));
    assert_true(text_is(r.ua, "curl/8"));
    assert_true(r.has_ua);
    assert_int_equal(r.instant, civil_to_days(2024, 3, 1) * 86400 + 10 * 3600);
    /* the built-in maps do not read the user's keys */
    assert_int_equal(parse_as("json", "{\"c\":{\"ip\":\"1.2.3.4\"},\"t\":1709287200}", &r, buf),
                     REJECT_FORMAT);
    struct log_format *f;
    assert_int_equal(log_format_new(&f, "json:addr=ip"), ST_USAGE);
    assert_null(f);
    assert_int_equal(log_format_new(&f, "json:agent=ua"), ST_USAGE);
}

static void test_w3c_header_without_needed_fields_rejects_its_lines(void **state)
{
    (void)state;
    char buf[512];
    struct logrec r;
    struct log_format *f = format("w3c");
    assert_int_equal(parse_with(f, "#Fields: date time c-ip cs-uri-stem sc-status", &r, buf),
                     PARSE_DIRECTIVE);
    assert_int_equal(parse_with(f, "2024-03-01 10:00:00 c / 200", &r, buf), REJECT_FORMAT);
    log_format_free(f);
}

static void test_detect_picks_the_format_that_reads_most_lines(void **state)
{
    (void)state;
    static const struct {
        const char *sample, *want;
    } cases[] = {
        {COMBINED_LINE "\n" COMBINED_LINE "\ngarbage\n", "combined"},
        {"h - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1\n", "common"},
        {"a.org:80 " COMBINED_LINE "\n", "vhost_combined"},
        {"#Software: Microsoft IIS\r\n#Version: 1.0\r\n" IIS_FIELDS "\r\n"
         "2024-03-01 10:20:30 10.0.0.1 GET /a - 443 - 203.0.113.5 ua - 200 0 0 15\r\n",
         "w3c"},
        {"{\"remote_addr\":\"h\",\"time_iso8601\":\"2024-03-01T10:00:00Z\","
         "\"request\":\"GET / HTTP/1.1\",\"status\":200}\n",
         "json"},
        /* the unfinished last line is not held against combined */
        {COMBINED_LINE "\n" COMBINED_LINE "\n203.0.113.5 - - [01/Mar", "combined"},
        /* a sample that is one unfinished line is still looked at */
        {COMBINED_LINE, "combined"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = log_format_detect(cases[i].sample, strlen(cases[i].sample));
        assert_non_null(got);
        assert_string_equal(got, cases[i].want);
    }
}

static void test_detect_gives_null_when_nothing_fits(void **state)
{
    (void)state;
    const char *sample = "hello\nworld\n\n";
    assert_null(log_format_detect(sample, strlen(sample)));
    assert_null(log_format_detect("", 0));
    struct log_format *f = format("auto");
    assert_true(log_format_is_auto(f));
    assert_string_equal(log_format_name(f), "auto");
    log_format_free(f);
}

static void test_unknown_format_name_is_a_usage_error(void **state)
{
    (void)state;
    struct log_format *f;
    assert_int_equal(log_format_new(&f, "apache"), ST_USAGE);
    assert_null(f);
}

/* The client address for an X-Forwarded-For value XFF behind TRUSTED. */
static struct text client(const char *trusted, const char *xff)
{
    static char buf[256];
    struct proxy_list *list = NULL;
    struct logrec rec = {.addr = {"10.0.0.1", 8}};
    strcpy(buf, xff);
    rec.xff = (struct text){buf, strlen(buf)};
    if (trusted)
        assert_int_equal(proxy_list_new(&list, trusted), ST_OK);
    struct text t = proxy_list_client(list, &rec);
    proxy_list_free(list);
    return t;
}

static void test_xff_gives_the_rightmost_untrusted_ipv4_address(void **state)
{
    (void)state;
    assert_true(text_is(client("10.0.0.0/8, 192.168.1.0/24", "198.51.100.7, 203.0.113.1, 10.1.2.3"),
                        "203.0.113.1"));
    assert_true(text_is(client("10.0.0.0/8 192.168.1.0/24", "203.0.113.1,192.168.1.99,10.1.2.3"),
                        "203.0.113.1"));
    assert_true(text_is(client("10.0.0.0/8", "192.168.2.1, 10.1.2.3"), "192.168.2.1"));
    /* nothing trusted: the address the last proxy saw */
    assert_true(text_is(client(NULL, "198.51.100.7, 203.0.113.1"), "203.0.113.1"));
    assert_true(text_is(client("", "198.51.100.7, 203.0.113.1"), "203.0.113.1"));
    /* all trusted: the leftmost */
    assert_true(text_is(client("10.0.0.0/8", "10.9.9.9, 10.1.2.3"), "10.9.9.9"));
    /* no header: the connecting address */
    assert_true(text_is(client("10.0.0.0/8", ""), "10.0.0.1"));
    assert_true(text_is(client("10.0.0.0/8", "-"), "10.0.0.1"));
    /* a single address given without /bits means just it */
    assert_true(text_is(client("10.1.2.3", "10.1.2.4, 10.1.2.3"), "10.1.2.4"));
    /* ports are left out, text that is no address counts as untrusted */
    assert_true(text_is(client("10.0.0.0/8", "203.0.113.1:5555, 10.1.2.3:80"), "203.0.113.1"));
    assert_true(text_is(client("10.0.0.0/8", "unknown, 10.1.2.3"), "unknown"));
}

static void test_xff_gives_the_rightmost_untrusted_ipv6_address(void **state)
{
    (void)state;
    assert_true(text_is(client("2001:db8:1::/48, fd00::/8", "2001:db8:2::5, 2001:db8:1:ff::1, fd12::1"),
                        "2001:db8:2::5"));
    assert_true(text_is(client("2001:db8:1::/48", "[2001:db8:2::5]:443, [2001:db8:1::9]:80"),
                        "2001:db8:2::5"));
    /* IPv4 blocks also hold IPv4-mapped IPv6 addresses */
    assert_true(text_is(client("192.0.2.0/24", "203.0.113.8, ::ffff:192.0.2.1"), "203.0.113.8"));
    /* /0 trusts everything */
    assert_true(text_is(client("::/0", "2001:db8::1, 2001:db8::2"), "2001:db8::1"));
    /* a prefix that does not end on a byte */
    assert_true(text_is(client("2001:db8:ff00::/40", "2001:db8:ff80::1, 2001:db8:fe00::1"),
                        "2001:db8:fe00::1"));
}

static void test_proxy_list_rejects_bad_entries(void **state)
{
    (void)state;
    static const char *const bad[] = {"10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "host.example",
                                      "10.0.0.0/", "10.0.0.0/8x", "::1/-1"};
    struct proxy_list *list;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(proxy_list_new(&list, bad[i]), ST_USAGE);
        assert_null(list);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_format_reads_a_typical_line_like_combined),
        cmocka_unit_test(test_common_reads_the_line_without_referer_and_user_agent),
        cmocka_unit_test(test_w3c_fields_may_change_mid_file),
        cmocka_unit_test(test_w3c_plus_in_user_agent_is_a_blank_and_dash_is_empty),
        cmocka_unit_test(test_w3c_joins_stem_and_query_that_are_apart),
        cmocka_unit_test(test_w3c_reads_lines_before_any_header_with_iis_defaults),
        cmocka_unit_test(test_w3c_header_without_needed_fields_rejects_its_lines),
        cmocka_unit_test(test_a_trailing_carriage_return_is_ignored),
        cmocka_unit_test(test_a_leading_byte_order_mark_is_ignored),
        cmocka_unit_test(test_json_decodes_escapes_and_surrogate_pairs),
        cmocka_unit_test(test_json_skips_unknown_keys_and_nested_values),
        cmocka_unit_test(test_json_reads_iso_times_with_offset_or_z),
        cmocka_unit_test(test_json_rejects_with_the_right_reason),
        cmocka_unit_test(test_ipv6_client_addresses_in_every_format),
        cmocka_unit_test(test_vhost_combined_needs_a_host_in_front_and_keeps_it),
        cmocka_unit_test(test_formats_say_whether_the_line_has_a_user_agent),
        cmocka_unit_test(test_custom_format_with_extra_fields),
        cmocka_unit_test(test_custom_format_joins_path_and_query),
        cmocka_unit_test(test_custom_format_epoch_seconds),
        cmocka_unit_test(test_custom_format_rejects_with_the_right_reason),
        cmocka_unit_test(test_bad_format_strings_are_usage_errors),
        cmocka_unit_test(test_bad_lines_are_rejected_with_the_right_reason),
        cmocka_unit_test(test_formats_with_a_host_give_it_and_the_path),
        cmocka_unit_test(test_cloudfront_ua_is_percent_decoded_and_iis_ua_plus_is_a_blank),
        cmocka_unit_test(test_json_key_maps_matomo_and_user_maps),
        cmocka_unit_test(test_detect_picks_the_format_that_reads_most_lines),
        cmocka_unit_test(test_detect_gives_null_when_nothing_fits),
        cmocka_unit_test(test_unknown_format_name_is_a_usage_error),
        cmocka_unit_test(test_xff_gives_the_rightmost_untrusted_ipv4_address),
        cmocka_unit_test(test_xff_gives_the_rightmost_untrusted_ipv6_address),
        cmocka_unit_test(test_proxy_list_rejects_bad_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
