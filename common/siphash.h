/* siphash.h - keyed 64/128-bit hashes (SipHash-2-4).
 *
 * Used wherever the database must remember a client without holding its
 * address or user agent (SPEC §3): the key is a random secret stored in the
 * database, so the hashes cannot be reversed by trying likely addresses.
 */
#ifndef ODSTAT_SIPHASH_H
#define ODSTAT_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

struct hash128 {
    uint64_t hi, lo;
};

/* SipHash-2-4 of DATA[0..LEN) under the 16-byte KEY. */
uint64_t siphash64(const uint8_t key[16], const void *data, size_t len);

/* Incremental 128-bit keyed hash: feed parts with their lengths, so
 * ("ab","c") and ("a","bc") hash differently. */
struct hasher {
    uint8_t buf[512];
    size_t len;
    uint64_t acc_hi, acc_lo;
    const uint8_t *key;
};

void hasher_init(struct hasher *h, const uint8_t key[16]);
void hasher_add(struct hasher *h, const void *data, size_t len);
void hasher_add_u64(struct hasher *h, uint64_t v);
struct hash128 hasher_done(struct hasher *h);

#endif
