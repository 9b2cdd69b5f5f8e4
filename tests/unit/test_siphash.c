/* test_siphash.c - SipHash-2-4 against the published test vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "siphash.h"

static void make_key_and_message(uint8_t key[16], uint8_t msg[64])
{
    for (int i = 0; i < 16; i++)
        key[i] = (uint8_t)i;
    for (int i = 0; i < 64; i++)
        msg[i] = (uint8_t)i;
}

/* vectors.h of the SipHash reference code: key 00..0f, message 00..(n-1) */
static void test_siphash64_matches_the_reference_vectors(void **state)
{
    (void)state;
    uint8_t key[16], msg[64];
    make_key_and_message(key, msg);
    assert_int_equal(siphash64(key, msg, 0), 0x726fdb47dd0e0e31ULL);
    assert_int_equal(siphash64(key, msg, 1), 0x74f839c593dc67fdULL);
    assert_int_equal(siphash64(key, msg, 8), 0x93f5f5799a932462ULL);
    assert_int_equal(siphash64(key, msg, 15), 0xa129ca6149be45e5ULL);
}

static void test_parts_are_delimited(void **state)
{
    (void)state;
    uint8_t key[16], msg[64];
    struct hasher a, b;
    make_key_and_message(key, msg);
    hasher_init(&a, key);
    hasher_add(&a, "ab", 2);
    hasher_add(&a, "c", 1);
    hasher_init(&b, key);
    hasher_add(&b, "a", 1);
    hasher_add(&b, "bc", 2);
    struct hash128 x = hasher_done(&a), y = hasher_done(&b);
    assert_false(x.hi == y.hi && x.lo == y.lo);
    hasher_init(&b, key);
    hasher_add(&b, "ab", 2);
    hasher_add(&b, "c", 1);
    y = hasher_done(&b);
    assert_true(x.hi == y.hi && x.lo == y.lo);
    assert_true(x.hi != x.lo);
}

static void test_another_key_gives_another_hash(void **state)
{
    (void)state;
    uint8_t key[16], key2[16], msg[64];
    make_key_and_message(key, msg);
    make_key_and_message(key2, msg);
    key2[15] ^= 1;
    assert_true(siphash64(key, msg, 40) != siphash64(key2, msg, 40));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_siphash64_matches_the_reference_vectors),
        cmocka_unit_test(test_parts_are_delimited),
        cmocka_unit_test(test_another_key_gives_another_hash),
    };
    return cmocka_run_group_tests_name("siphash", tests, NULL, NULL);
}
