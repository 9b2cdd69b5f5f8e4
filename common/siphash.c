/* siphash.c - SipHash-2-4 (Aumasson & Bernstein), plus a small keyed
 * 128-bit hasher for multi-part keys built on it. */
#include "siphash.h"

#include <assert.h>
#include <string.h>

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

#define SIPROUND                                                              \
    do {                                                                      \
        v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);             \
        v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                                \
        v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                                \
        v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);             \
    } while (0)

/* SipHash-2-4 with 8 or 16 bytes of output (the reference algorithm's
 * outlen), so a 128-bit key costs one pass, not two. */
static void siphash(const uint8_t key[16], const void *data, size_t len, uint64_t out[2],
                    int outlen)
{
    const uint8_t *in = data;
    uint64_t k0 = load64(key), k1 = load64(key + 8);
    uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
    uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
    uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
    uint64_t v3 = 0x7465646279746573ULL ^ k1;
    const uint8_t *end = in + len - (len % 8);
    uint64_t b = ((uint64_t)len) << 56;

    if (outlen == 16)
        v1 ^= 0xee;
    for (; in != end; in += 8) {
        uint64_t m = load64(in);
        v3 ^= m;
        SIPROUND;
        SIPROUND;
        v0 ^= m;
    }
    for (size_t i = 0; i < len % 8; i++)
        b |= ((uint64_t)in[i]) << (8 * i);
    v3 ^= b;
    SIPROUND;
    SIPROUND;
    v0 ^= b;
    v2 ^= outlen == 16 ? 0xee : 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    out[0] = v0 ^ v1 ^ v2 ^ v3;
    if (outlen == 8)
        return;
    v1 ^= 0xdd;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    out[1] = v0 ^ v1 ^ v2 ^ v3;
}

uint64_t siphash64(const uint8_t key[16], const void *data, size_t len)
{
    uint64_t out[2];
    siphash(key, data, len, out, 8);
    return out[0];
}

void hasher_init(struct hasher *h, const uint8_t key[16])
{
    h->len = 0;
    h->key = key;
}

/* Short parts go in verbatim behind their length; long ones (a user agent)
 * are first reduced to their own hash so the buffer stays fixed-size. */
void hasher_add(struct hasher *h, const void *data, size_t len)
{
    if (len <= 64) {
        assert(h->len + 1 + len <= sizeof h->buf);
        h->buf[h->len++] = (uint8_t)len;
        memcpy(h->buf + h->len, data, len);
        h->len += len;
    } else {
        uint64_t part = siphash64(h->key, data, len);
        hasher_add_u64(h, (uint64_t)len);
        assert(h->len + 1 + 8 <= sizeof h->buf);
        h->buf[h->len++] = 0xff;
        memcpy(h->buf + h->len, &part, 8);
        h->len += 8;
    }
}

void hasher_add_u64(struct hasher *h, uint64_t v)
{
    assert(h->len + 9 <= sizeof h->buf);
    h->buf[h->len++] = 0xfe;
    memcpy(h->buf + h->len, &v, 8);
    h->len += 8;
}

struct hash128 hasher_done(struct hasher *h)
{
    uint64_t out[2];
    siphash(h->key, h->buf, h->len, out, 16);
    return (struct hash128){out[0], out[1]};
}
