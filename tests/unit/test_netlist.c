/* test_netlist.c - robot networks (SPEC §1.7, --robot-networks FILE). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netlist.h"

struct fx {
    char path[64];      /* the list file */
    char err[64];       /* where stderr goes during a load */
    char message[512];  /* what the last load printed */
};

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    strcpy(fx->path, "/tmp/odstat-netlist-XXXXXX");
    strcpy(fx->err, "/tmp/odstat-netlist-err-XXXXXX");
    int a = mkstemp(fx->path), b = mkstemp(fx->err);
    if (a < 0 || b < 0)
        return -1;
    close(a);
    close(b);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    remove(fx->path);
    remove(fx->err);
    free(fx);
    return 0;
}

/* Loads PATH with stderr caught in fx->message. */
static enum status load_path(struct fx *fx, const char *path, struct netlist **out)
{
    fflush(stderr);
    int saved = dup(2);
    FILE *err = freopen(fx->err, "w", stderr);
    enum status rc = netlist_load(out, path);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    (void)err;
    FILE *f = fopen(fx->err, "r");
    size_t n = fread(fx->message, 1, sizeof fx->message - 1, f);
    fx->message[n] = '\0';
    fclose(f);
    return rc;
}

/* Writes TEXT as the list and loads it. */
static enum status load(struct fx *fx, const char *text, struct netlist **out)
{
    FILE *f = fopen(fx->path, "w");
    fputs(text, f);
    fclose(f);
    return load_path(fx, fx->path, out);
}

static bool in(const struct netlist *l, const char *addr)
{
    return netlist_contains(l, addr, strlen(addr));
}

static void test_ipv4_blocks_cover_their_addresses_only(void **state)
{
    struct fx *fx = *state;
    struct netlist *l;
    assert_int_equal(load(fx, "192.0.2.0/24\n198.51.100.7/32\n203.0.113.0/25\n", &l), ST_OK);
    assert_int_equal(netlist_count(l), 3);
    assert_true(in(l, "192.0.2.0"));
    assert_true(in(l, "192.0.2.255"));
    assert_false(in(l, "192.0.1.255"));
    assert_false(in(l, "192.0.3.0"));
    assert_true(in(l, "198.51.100.7"));   /* /32: exactly one */
    assert_false(in(l, "198.51.100.6"));
    assert_false(in(l, "198.51.100.8"));
    assert_true(in(l, "203.0.113.127"));
    assert_false(in(l, "203.0.113.128"));
    netlist_free(l);
}

static void test_ipv6_blocks_and_single_addresses(void **state)
{
    struct fx *fx = *state;
    struct netlist *l;
    assert_int_equal(load(fx, "2001:db8::/32\n2600:1f00::1/128\nfe80::/10\n", &l), ST_OK);
    assert_true(in(l, "2001:db8::1"));
    assert_true(in(l, "2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff"));
    assert_false(in(l, "2001:db9::"));
    assert_false(in(l, "2001:db7:ffff::"));
    assert_true(in(l, "2600:1f00::1"));   /* /128: exactly one */
    assert_false(in(l, "2600:1f00::2"));
    assert_false(in(l, "2600:1f00::"));
    assert_true(in(l, "fe80::1%eth0"));   /* a zone does not change the address */
    assert_false(in(l, "192.0.2.1"));     /* no IPv4 block listed */
    netlist_free(l);
}

static void test_slash_zero_covers_its_whole_family(void **state)
{
    struct fx *fx = *state;
    struct netlist *l;
    assert_int_equal(load(fx, "0.0.0.0/0\n", &l), ST_OK);
    assert_true(in(l, "0.0.0.0"));
    assert_true(in(l, "255.255.255.255"));
    assert_true(in(l, "::ffff:10.0.0.1"));
    assert_false(in(l, "2001:db8::1"));   /* IPv4 /0 is not all of IPv6 */
    netlist_free(l);
    assert_int_equal(load(fx, "::/0\n", &l), ST_OK);
    assert_true(in(l, "::"));
    assert_true(in(l, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    assert_true(in(l, "10.0.0.1"));       /* IPv4 lives in IPv6 as ::ffff:0:0/96 */
    netlist_free(l);
}

static void test_overlapping_and_adjacent_blocks_merge(void **state)
{
    struct fx *fx = *state;
    struct netlist *l;
    /* out of order, nested, overlapping and touching blocks */
    assert_int_equal(load(fx,
                          "10.0.5.0/24\n10.0.0.0/16\n10.0.4.0/23\n"
                          "10.2.0.0/16\n10.3.0.0/16\n10.2.128.0/17\n"
                          "172.16.0.1\n172.16.0.0/31\n",
                          &l),
                     ST_OK);
    assert_int_equal(netlist_count(l), 8);  /* as listed, before merging */
    assert_true(in(l, "10.0.255.255"));
    assert_false(in(l, "10.1.0.0"));
    assert_true(in(l, "10.2.0.0"));
    assert_true(in(l, "10.3.255.255"));     /* 10.2/16 and 10.3/16 touch */
    assert_false(in(l, "10.4.0.0"));
    assert_true(in(l, "172.16.0.0"));
    assert_true(in(l, "172.16.0.1"));
    assert_false(in(l, "172.16.0.2"));
    netlist_free(l);
}

static void test_comments_blanks_and_crlf_are_skipped(void **state)
{
    struct fx *fx = *state;
    struct netlist *l;
    assert_int_equal(load(fx,
                          "# AWS, us-east-1, 2026-11-30\n\n   \n"
                          "  192.0.2.0/24   # the office\r\n"
                          "\t2001:db8::/48\t\n#2001:db9::/32\n",
                          &l),
                     ST_OK);
    assert_int_equal(netlist_count(l), 2);
    assert_true(in(l, "192.0.2.9"));
    assert_true(in(l, "2001:db8:0:1::1"));
    assert_false(in(l, "2001:db9::1"));     /* commented out */
    netlist_free(l);
    assert_int_equal(load(fx, "", &l), ST_OK); /* an empty list is a list */
    assert_int_equal(netlist_count(l), 0);
    assert_false(in(l, "192.0.2.9"));
    netlist_free(l);
}

static void test_bad_line_is_named_with_file_and_line(void **state)
{
    struct fx *fx = *state;
    struct netlist *l = (struct netlist *)fx; /* must become NULL */
    char want[128];
    assert_int_equal(load(fx, "# list\n192.0.2.0/24\nx\n10.0.0.0/8\n", &l), ST_USAGE);
    assert_null(l);
    snprintf(want, sizeof want, "'%s':3: 'x' is not a CIDR block", fx->path);
    assert_non_null(strstr(fx->message, want));
    static const char *const bad[] = {
        "192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "192.0.2.0/-1", "192.0.2.0/8x",
        "256.0.0.1", "192.0.2", "192.0.2.1.5", "010.0.0.1", "2001:db8:::/32", "1::2::3",
        "2001:db8::/32 10.0.0.0/8", "example.org", "1:2:3:4:5:6:7:8:9", "fe80::1%",
        "[2001:db8::1]", "192.0.2.1:80", ":1", "1:",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "10.0.0.0/8\n\n%s\n", bad[i]);
        assert_int_equal(load(fx, text, &l), ST_USAGE);
        snprintf(want, sizeof want, "':3: '%s' is not a CIDR block", bad[i]);
        if (!strstr(fx->message, want))
            fail_msg("%s: %s", bad[i], fx->message);
    }
}

static void test_missing_file_is_a_usage_error_with_a_message(void **state)
{
    struct fx *fx = *state;
    struct netlist *l;
    assert_int_equal(load_path(fx, "/nonexistent/nets.txt", &l), ST_USAGE);
    assert_null(l);
    assert_non_null(strstr(fx->message, "'/nonexistent/nets.txt'"));
}

static void test_mapped_addresses_match_ipv4_blocks(void **state)
{
    struct fx *fx = *state;
    struct netlist *l;
    assert_int_equal(load(fx, "192.0.2.0/24\n::ffff:198.51.100.0/120\n", &l), ST_OK);
    assert_true(in(l, "::ffff:192.0.2.77"));    /* a dual-stack server's log */
    assert_true(in(l, "::FFFF:C000:0201"));     /* the same, in hex */
    assert_true(in(l, "198.51.100.200"));       /* a mapped block holds IPv4 */
    assert_false(in(l, "::192.0.2.77"));        /* IPv4-compatible is not mapped */
    assert_false(in(l, "64:ff9b::192.0.2.77")); /* nor is NAT64 */
    netlist_free(l);
}

static void test_text_that_is_no_address_is_never_listed(void **state)
{
    struct fx *fx = *state;
    struct netlist *l;
    assert_int_equal(load(fx, "0.0.0.0/0\n::/0\n", &l), ST_OK);
    static const char *const no[] = {"", "-", "example.org", "crawl-66-249-66-1.googlebot.com",
                                     "192.0.2.1:8080", "[2001:db8::1]", "192.0.2.01",
                                     "1.2.3.4 ", " 1.2.3.4", "unknown", "::g"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (in(l, no[i]))
            fail_msg("'%s' counted as an address", no[i]);
    /* the length is honoured: only the first 9 bytes are the address */
    assert_true(netlist_contains(l, "192.0.2.1 - - [", 9));
    assert_false(netlist_contains(NULL, "192.0.2.1", 9));
    netlist_free(l);
}

static void test_large_list_is_searched_not_scanned(void **state)
{
    struct fx *fx = *state;
    struct netlist *l;
    /* 65,536 /24 blocks with a gap at every other one: 10.x.(2k).0/24 */
    size_t cap = 32768 * 20, len = 0;
    char *text = malloc(cap);
    for (int x = 0; x < 256; x++)
        for (int y = 0; y < 256; y += 2)
            len += (size_t)snprintf(text + len, cap - len, "10.%d.%d.0/24\n", x, y);
    assert_int_equal(load(fx, text, &l), ST_OK);
    free(text);
    assert_int_equal(netlist_count(l), 32768);
    long hits = 0, want = 0;
    for (int i = 0; i < 2000000; i++) {
        char a[20];
        int third = (i / 256) % 256;
        int n = snprintf(a, sizeof a, "10.%d.%d.%d", i % 256, third, i % 200);
        hits += netlist_contains(l, a, (size_t)n);
        want += third % 2 == 0; /* even third parts are listed, odd ones not */
    }
    assert_int_equal(hits, want);
    netlist_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ipv4_blocks_cover_their_addresses_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_blocks_and_single_addresses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slash_zero_covers_its_whole_family, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overlapping_and_adjacent_blocks_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments_blanks_and_crlf_are_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_line_is_named_with_file_and_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file_is_a_usage_error_with_a_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mapped_addresses_match_ipv4_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_that_is_no_address_is_never_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_list_is_searched_not_scanned, setup, teardown),
    };
    return cmocka_run_group_tests_name("netlist", tests, NULL, NULL);
}
