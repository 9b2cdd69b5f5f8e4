/* test_geo.c - country of a client address (SPEC §4).
 *
 * Fixtures are in ../fixtures/geo (the tests run in tests/unit); see
 * make-fixtures.pl there for what each file holds.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <maxminddb.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo.h"

#define FIXTURES "../fixtures/geo/"
#define GEOLITE FIXTURES "geolite2-layout.mmdb"
#define CC_LAYOUT FIXTURES "country-code-layout.mmdb"
#define CC_IPV4 FIXTURES "country-code-ipv4.mmdb"

/* A tripwire for name resolution: this definition replaces the C library's
 * getaddrinfo for the whole test program, libmaxminddb included, and only
 * counts. Any DNS query odstat could cause for a hostname would pass here. */
static int resolver_calls;

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res)
{
    (void)node;
    (void)service;
    (void)hints;
    *res = NULL;
    resolver_calls++;
    return EAI_FAIL;
}

static struct geo *open_fixture(const char *path)
{
    struct geo *g = NULL;
    assert_int_equal(geo_open(&g, path), ST_OK);
    assert_non_null(g);
    assert_true(geo_has_db(g));
    return g;
}

/* The country of the NUL-terminated address TEXT. */
static const char *country(struct geo *g, const char *text)
{
    static char cc[3];
    geo_lookup(g, (struct text){text, strlen(text)}, cc);
    return cc;
}

static void test_known_ipv4_addresses_get_their_country(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    assert_string_equal(country(g, "203.0.113.5"), "TW");
    assert_string_equal(country(g, "203.0.113.255"), "TW");
    assert_string_equal(country(g, "198.51.100.0"), "US");
    assert_string_equal(country(g, "192.0.2.77"), "DE");
    geo_close(g);
}

static void test_known_ipv6_addresses_get_their_country(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    assert_string_equal(country(g, "2001:db8:1::1"), "JP");
    assert_string_equal(country(g, "2001:db8:1:ffff:ffff:ffff:ffff:ffff"), "JP");
    assert_string_equal(country(g, "2001:DB8:1::ABCD"), "JP");
    assert_string_equal(country(g, "2001:0db8:0001:0000:0000:0000:0000:0001"), "JP");
    geo_close(g);
}

static void test_ipv4_mapped_ipv6_is_looked_up_as_ipv4_in_every_layout(void **state)
{
    (void)state;
    /* The GeoLite2 fixture aliases ::ffff:0:0/96 to IPv4, the
     * country_code one does not, and the IPv4-only file has no IPv6 tree:
     * all three must find the IPv4 network. */
    const char *dbs[] = {GEOLITE, CC_LAYOUT, CC_IPV4};
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++) {
        struct geo *g = open_fixture(dbs[i]);
        assert_string_equal(country(g, "::ffff:203.0.113.5"), "TW");
        assert_string_equal(country(g, "::FFFF:198.51.100.7"), "US");
        assert_string_equal(country(g, "::ffff:c000:0201"), "DE"); /* 192.0.2.1 */
        geo_close(g);
    }
}

static void test_address_in_no_network_is_zz(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    assert_string_equal(country(g, "203.0.114.1"), "ZZ");
    assert_string_equal(country(g, "8.8.8.8"), "ZZ");
    assert_string_equal(country(g, "2001:db8:3::1"), "ZZ");
    assert_string_equal(country(g, "2a00:1450::1"), "ZZ");
    geo_close(g);
}

static void test_network_known_only_by_continent_is_zz(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    assert_string_equal(country(g, "2001:db8:2::1"), "ZZ");
    geo_close(g);
}

static void test_private_and_local_addresses_are_zz_even_when_the_db_maps_them(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    /* the fixture maps 10.0.0.0/8 and fd00::/8 to TW */
    const char *local[] = {
        "10.1.2.3", "10.255.255.255", "::ffff:10.0.0.1", "fd00::1", "fdff:ffff::1",
        "127.0.0.1", "::1", "::", "0.0.0.0", "fe80::1", "febf::1", "192.168.1.1",
        "172.16.0.1", "172.31.255.255", "169.254.1.1", "100.64.0.1", "100.127.255.255",
    };
    for (size_t i = 0; i < sizeof local / sizeof local[0]; i++) {
        assert_string_equal(country(g, local[i]), "ZZ");
    }
    assert_int_equal(geo_db_lookups(g), 0);
    /* just outside those ranges the DB is asked */
    country(g, "172.32.0.1");
    country(g, "100.128.0.1");
    country(g, "fec0::1");
    assert_int_equal(geo_db_lookups(g), 3);
    geo_close(g);
}

static void test_hostnames_are_zz_without_any_name_lookup(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    resolver_calls = 0;
    const char *names[] = {
        "localhost", "example.org", "www.example.com", "203.0.113.5.example.org",
        "host-203-0-113-5.example.net", "ip6-localhost",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_string_equal(country(g, names[i]), "ZZ");
    }
    assert_int_equal(resolver_calls, 0);
    assert_int_equal(geo_db_lookups(g), 0);
    geo_close(g);

    /* The tripwire is live: libmaxminddb's string lookup resolves names
     * through getaddrinfo, and that call lands in the counter above. */
    MMDB_s mmdb;
    int gai_error, mmdb_error;
    assert_int_equal(MMDB_open(GEOLITE, MMDB_MODE_MMAP, &mmdb), MMDB_SUCCESS);
    MMDB_lookup_string(&mmdb, "example.org", &gai_error, &mmdb_error);
    MMDB_close(&mmdb);
    assert_int_equal(resolver_calls, 1);
}

static void test_malformed_addresses_are_zz(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    resolver_calls = 0;
    const char *bad[] = {
        "1.2.3", "::g", "", "-", "1.2.3.4.5", "256.1.1.1", "203.0.113.5 ", " 203.0.113.5",
        "203.0.113.5:8080", "[2001:db8:1::1]", "2001:db8:1::1%eth0", "203.0.113.05",
        "0xcb.0.113.5", "2001:db8:1:::1",
        "2001:0db8:0001:0000:0000:0000:0000:0000:0001", /* too long to be an address */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_string_equal(country(g, bad[i]), "ZZ");
    }
    /* an embedded NUL must not cut the text short */
    char cc[3];
    geo_lookup(g, (struct text){"203.0.113.5\0junk", 16}, cc);
    assert_string_equal(cc, "ZZ");
    assert_int_equal(resolver_calls, 0);
    geo_close(g);
}

static void test_address_is_read_to_its_length_not_to_a_nul(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    const char line[] = "203.0.113.5 - - [01/Jan/2024:00:00:00 +0800]";
    char cc[3];
    geo_lookup(g, (struct text){line, 11}, cc);
    assert_string_equal(cc, "TW");
    geo_lookup(g, (struct text){line, 10}, cc); /* "203.0.113." */
    assert_string_equal(cc, "ZZ");
    geo_close(g);
}

static void test_top_level_country_code_layout_is_read(void **state)
{
    (void)state;
    struct geo *g = open_fixture(CC_LAYOUT);
    assert_string_equal(country(g, "203.0.113.5"), "TW");
    assert_string_equal(country(g, "198.51.100.1"), "US");
    assert_string_equal(country(g, "192.0.2.1"), "DE");
    assert_string_equal(country(g, "2001:db8:1::1"), "JP");
    assert_string_equal(country(g, "8.8.8.8"), "ZZ");
    /* the fixture stores "XYZ" here: not a country code */
    assert_string_equal(country(g, "2001:db8:ff::1"), "ZZ");
    geo_close(g);
}

static void test_ipv4_only_db_answers_zz_for_ipv6(void **state)
{
    (void)state;
    struct geo *g = open_fixture(CC_IPV4);
    assert_string_equal(country(g, "203.0.113.5"), "TW");
    assert_string_equal(country(g, "2001:db8:1::1"), "ZZ");
    geo_close(g);
}

static void test_corrupt_db_is_a_usage_error(void **state)
{
    (void)state;
    struct geo *g = (struct geo *)&g; /* not NULL, so the test sees it cleared */
    assert_int_equal(geo_open(&g, FIXTURES "truncated.mmdb"), ST_USAGE);
    assert_null(g);
    /* any file that is not a MaxMind DB */
    g = (struct geo *)&g;
    assert_int_equal(geo_open(&g, FIXTURES "make-fixtures.pl"), ST_USAGE);
    assert_null(g);
}

static void test_empty_file_and_directory_are_usage_errors(void **state)
{
    (void)state;
    char path[] = "/tmp/odstat-geo-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct geo *g = NULL;
    assert_int_equal(geo_open(&g, path), ST_USAGE);
    assert_null(g);
    unlink(path);

    assert_int_equal(geo_open(&g, FIXTURES), ST_USAGE);
    assert_null(g);
}

static void test_missing_db_is_a_usage_error(void **state)
{
    (void)state;
    struct geo *g = NULL;
    assert_int_equal(geo_open(&g, FIXTURES "no-such-file.mmdb"), ST_USAGE);
    assert_null(g);
}

static void test_damaged_search_tree_gives_zz_without_crashing(void **state)
{
    (void)state;
    /* the metadata is intact, so it opens; every lookup then fails */
    struct geo *g = open_fixture(FIXTURES "garbled-tree.mmdb");
    assert_string_equal(country(g, "203.0.113.5"), "ZZ");
    assert_string_equal(country(g, "2001:db8:1::1"), "ZZ");
    assert_string_equal(country(g, "198.51.100.1"), "ZZ");
    geo_close(g);
}

static void test_without_a_db_everything_is_zz(void **state)
{
    (void)state;
    struct geo *g = NULL;
    assert_int_equal(geo_open(&g, NULL), ST_OK);
    assert_non_null(g);
    if (geo_has_db(g)) { /* this machine has a system DB in a usual place */
        geo_close(g);
        skip();
    }
    assert_string_equal(country(g, "203.0.113.5"), "ZZ");
    assert_string_equal(country(g, "2001:db8:1::1"), "ZZ");
    assert_string_equal(country(g, "localhost"), "ZZ");
    assert_int_equal(geo_db_lookups(g), 0);
    geo_close(g);
}

static void test_repeated_address_is_looked_up_once(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    for (int i = 0; i < 1000; i++) {
        assert_string_equal(country(g, "203.0.113.5"), "TW");
        assert_string_equal(country(g, "2001:db8:1::1"), "JP");
        assert_string_equal(country(g, "8.8.8.8"), "ZZ");
    }
    assert_int_equal(geo_db_lookups(g), 3);
    /* the same address written differently is another text */
    assert_string_equal(country(g, "2001:DB8:1::1"), "JP");
    assert_int_equal(geo_db_lookups(g), 4);
    geo_close(g);
}

static void test_full_cache_starts_over_and_answers_stay_right(void **state)
{
    (void)state;
    struct geo *g = open_fixture(GEOLITE);
    char text[64];
    const int n = 200000; /* several times the cache */
    for (int i = 0; i < n; i++) {
        snprintf(text, sizeof text, "2001:db8:1::%x:%x", i >> 16, i & 0xffff);
        assert_string_equal(country(g, text), "JP");
        snprintf(text, sizeof text, "198.51.100.%d", i & 0xff);
        assert_string_equal(country(g, text), "US");
    }
    /* each IPv6 text was new; the 256 IPv4 texts were asked again only
     * after the cache started over */
    uint64_t lookups = geo_db_lookups(g);
    assert_true(lookups >= (uint64_t)n + 256);
    assert_true(lookups < (uint64_t)n + 256 * 10);
    assert_string_equal(country(g, "2001:db8:1::0:0"), "JP");
    geo_close(g);
}

static void test_close_of_null_is_safe(void **state)
{
    (void)state;
    geo_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_ipv4_addresses_get_their_country),
        cmocka_unit_test(test_known_ipv6_addresses_get_their_country),
        cmocka_unit_test(test_ipv4_mapped_ipv6_is_looked_up_as_ipv4_in_every_layout),
        cmocka_unit_test(test_address_in_no_network_is_zz),
        cmocka_unit_test(test_network_known_only_by_continent_is_zz),
        cmocka_unit_test(test_private_and_local_addresses_are_zz_even_when_the_db_maps_them),
        cmocka_unit_test(test_hostnames_are_zz_without_any_name_lookup),
        cmocka_unit_test(test_malformed_addresses_are_zz),
        cmocka_unit_test(test_address_is_read_to_its_length_not_to_a_nul),
        cmocka_unit_test(test_top_level_country_code_layout_is_read),
        cmocka_unit_test(test_ipv4_only_db_answers_zz_for_ipv6),
        cmocka_unit_test(test_corrupt_db_is_a_usage_error),
        cmocka_unit_test(test_empty_file_and_directory_are_usage_errors),
        cmocka_unit_test(test_missing_db_is_a_usage_error),
        cmocka_unit_test(test_damaged_search_tree_gives_zz_without_crashing),
        cmocka_unit_test(test_without_a_db_everything_is_zz),
        cmocka_unit_test(test_repeated_address_is_looked_up_once),
        cmocka_unit_test(test_full_cache_starts_over_and_answers_stay_right),
        cmocka_unit_test(test_close_of_null_is_safe),
    };
    return cmocka_run_group_tests_name("geo", tests, NULL, NULL);
}
