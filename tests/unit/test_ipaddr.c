/* test_ipaddr.c - address and CIDR text (common/ipaddr). */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "ipaddr.h"

/* The 16 bytes of TEXT as 32 hex digits ("" when not an address). */
static const char *hex(const char *text)
{
    static char out[33];
    struct ipaddr a;
    out[0] = '\0';
    if (ipaddr_parse(text, strlen(text), &a, NULL))
        for (int i = 0; i < 16; i++)
            snprintf(out + 2 * i, 3, "%02x", a.b[i]);
    return out;
}

static void test_ipv4_is_kept_as_mapped_ipv6(void **state)
{
    (void)state;
    bool v4 = false;
    struct ipaddr a;
    assert_true(ipaddr_parse("192.0.2.1", 9, &a, &v4));
    assert_true(v4);
    assert_string_equal(hex("192.0.2.1"), "00000000000000000000ffffc0000201");
    assert_string_equal(hex("0.0.0.0"), "00000000000000000000ffff00000000");
    assert_string_equal(hex("255.255.255.255"), "00000000000000000000ffffffffffff");
    assert_string_equal(hex("::ffff:192.0.2.1"), "00000000000000000000ffffc0000201");
    assert_true(ipaddr_parse("::ffff:192.0.2.1", 16, &a, &v4));
    assert_false(v4); /* written as IPv6 */
}

static void test_ipv6_text_forms(void **state)
{
    (void)state;
    assert_string_equal(hex("::"), "00000000000000000000000000000000");
    assert_string_equal(hex("::1"), "00000000000000000000000000000001");
    assert_string_equal(hex("1::"), "00010000000000000000000000000000");
    assert_string_equal(hex("2001:DB8::a:b"), "20010db80000000000000000000a000b");
    assert_string_equal(hex("2001:db8:0:0:1:0:0:1"), "20010db8000000000001000000000001");
    assert_string_equal(hex("1:2:3:4:5:6:7::"), "00010002000300040005000600070000");
    assert_string_equal(hex("::2:3:4:5:6:7:8"), "00000002000300040005000600070008");
    assert_string_equal(hex("64:ff9b::192.0.2.1"), "0064ff9b0000000000000000c0000201");
    assert_string_equal(hex("1:2:3:4:5:6:1.2.3.4"), "00010002000300040005000601020304");
    assert_string_equal(hex("fe80::1%eth0"), "fe800000000000000000000000000001");
}

static void test_what_is_not_an_address(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "-", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "1..2.3",
        "1.2.3.", ".1.2.3", ":::", "1::2::3", ":1", "1:", "12345::", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4",
        "fe80::1%", "g::", "[::1]", "1.2.3.4%eth0", "localhost",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (hex(bad[i])[0])
            fail_msg("'%s' parsed as %s", bad[i], hex(bad[i]));
}

static void test_cidr_gives_first_and_last_address(void **state)
{
    (void)state;
    struct ipaddr_block b;
    struct ipaddr x;
    assert_true(ipaddr_parse_cidr("10.1.2.3/8", 10, &b)); /* host bits ignored */
    assert_int_equal(b.bits, 104);
    assert_true(ipaddr_parse("10.0.0.0", 8, &x, NULL));
    assert_int_equal(ipaddr_cmp(&b.lo, &x), 0);
    assert_true(ipaddr_parse("10.255.255.255", 14, &x, NULL));
    assert_int_equal(ipaddr_cmp(&b.hi, &x), 0);
    assert_true(ipaddr_parse_cidr("2001:db8::/32", 13, &b));
    assert_true(ipaddr_parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 38, &x, NULL));
    assert_int_equal(ipaddr_cmp(&b.hi, &x), 0);
    assert_true(ipaddr_parse_cidr("192.0.2.7", 9, &b)); /* a bare address: a block of one */
    assert_int_equal(b.bits, 128);
    assert_int_equal(ipaddr_cmp(&b.lo, &b.hi), 0);
    assert_true(ipaddr_parse_cidr("::/0", 4, &b));
    assert_true(ipaddr_parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 39, &x, NULL));
    assert_int_equal(ipaddr_cmp(&b.hi, &x), 0);
    assert_true(ipaddr_parse_cidr("0.0.0.0/0", 9, &b)); /* all of IPv4, not of IPv6 */
    assert_int_equal(b.bits, 96);
    assert_false(ipaddr_parse_cidr("10.0.0.0/33", 11, &b));
    assert_false(ipaddr_parse_cidr("::/129", 6, &b));
    assert_false(ipaddr_parse_cidr("10.0.0.0/", 9, &b));
    assert_false(ipaddr_parse_cidr("10.0.0.0/1000", 13, &b));
    assert_false(ipaddr_parse_cidr("/8", 2, &b));
}

/* A random string made of address pieces, so most are near misses. */
static size_t random_text(uint64_t *seed, char *out, size_t cap)
{
    static const char *const pieces[] = {"0", "1", "9", "25", "255", "256", "01", "ff", "FFFF",
                                         "abcd", "12345", "g", ":", "::", ".", "%", "eth0",
                                         "ffff:", "1.2.3.4", "/"};
    size_t len = 0, n;
    *seed = *seed * 6364136223846793005u + 1442695040888963407u;
    n = (size_t)(*seed >> 60); /* 0..15 pieces */
    for (size_t i = 0; i < n; i++) {
        *seed = *seed * 6364136223846793005u + 1442695040888963407u;
        const char *p = pieces[(*seed >> 33) % (sizeof pieces / sizeof pieces[0])];
        size_t pl = strlen(p);
        if (len + pl >= cap)
            break;
        memcpy(out + len, p, pl);
        len += pl;
    }
    out[len] = '\0';
    return len;
}

/* ipaddr_parse agrees with the C library's inet_pton (glibc refuses
 * leading zeros in IPv4 too), the zone stripped first, on a million
 * near-miss strings. */
static void test_parse_agrees_with_inet_pton(void **state)
{
    (void)state;
    uint64_t seed = 42;
    long accepted = 0;
    for (int i = 0; i < 1000000; i++) {
        char text[128], plain[128];
        unsigned char want[16] = {0};
        struct ipaddr got;
        size_t len = random_text(&seed, text, sizeof text);
        bool v6 = strchr(text, ':') != NULL;
        strcpy(plain, text);
        char *zone = v6 ? strchr(plain, '%') : NULL;
        if (zone && zone[1] != '\0')
            *zone = '\0';
        bool ok = v6 ? inet_pton(AF_INET6, plain, want) == 1
                     : inet_pton(AF_INET, plain, want + 12) == 1;
        if (ok && !v6)
            want[10] = want[11] = 0xff;
        bool mine = ipaddr_parse(text, len, &got, NULL);
        if (mine != ok || (ok && memcmp(got.b, want, 16) != 0))
            fail_msg("'%s': ipaddr_parse %d, inet_pton %d", text, mine, ok);
        accepted += ok;
    }
    assert_true(accepted > 10000); /* about 2 % of the strings are addresses */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_is_kept_as_mapped_ipv6),
        cmocka_unit_test(test_ipv6_text_forms),
        cmocka_unit_test(test_what_is_not_an_address),
        cmocka_unit_test(test_cidr_gives_first_and_last_address),
        cmocka_unit_test(test_parse_agrees_with_inet_pton),
    };
    return cmocka_run_group_tests_name("ipaddr", tests, NULL, NULL);
}
