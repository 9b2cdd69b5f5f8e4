/* hmap.c - linear probing, load factor at most 1/2, power-of-two sizes. */
#include "hmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct hmap {
    size_t value_size, cap, count;
    struct hash128 *keys;
    unsigned char *used;
    unsigned char *values;
};

static size_t bucket(const struct hmap *m, struct hash128 k)
{
    uint64_t x = k.lo ^ (k.hi * 0x9e3779b97f4a7c15ULL);
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 29;
    return (size_t)x & (m->cap - 1);
}

static bool alloc_slots(struct hmap *m, size_t cap)
{
    m->keys = malloc(cap * sizeof *m->keys);
    m->used = calloc(cap, 1);
    m->values = malloc(cap * m->value_size);
    m->cap = cap;
    m->count = 0;
    if (m->keys && m->used && m->values)
        return true;
    free(m->keys);
    free(m->used);
    free(m->values);
    return false;
}

struct hmap *hmap_new(size_t value_size)
{
    struct hmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->value_size = value_size;
    if (!alloc_slots(m, 1024)) {
        free(m);
        return NULL;
    }
    return m;
}

void hmap_free(struct hmap *m)
{
    if (!m)
        return;
    free(m->keys);
    free(m->used);
    free(m->values);
    free(m);
}

static size_t find(const struct hmap *m, struct hash128 k, bool *found)
{
    size_t i = bucket(m, k);
    while (m->used[i]) {
        if (m->keys[i].hi == k.hi && m->keys[i].lo == k.lo) {
            *found = true;
            return i;
        }
        i = (i + 1) & (m->cap - 1);
    }
    *found = false;
    return i;
}

/* Moves every entry of OLD (arrays given) into M's fresh slots. */
static void reinsert(struct hmap *m, struct hash128 *keys, unsigned char *used,
                     unsigned char *values, size_t cap,
                     bool (*keep)(const void *, void *), void *ctx)
{
    for (size_t i = 0; i < cap; i++) {
        if (!used[i] || (keep && !keep(values + i * m->value_size, ctx)))
            continue;
        bool found;
        size_t j = find(m, keys[i], &found);
        m->keys[j] = keys[i];
        m->used[j] = 1;
        memcpy(m->values + j * m->value_size, values + i * m->value_size, m->value_size);
        m->count++;
    }
}

static bool rebuild(struct hmap *m, size_t cap, bool (*keep)(const void *, void *), void *ctx)
{
    struct hash128 *keys = m->keys;
    unsigned char *used = m->used, *values = m->values;
    size_t old_cap = m->cap, old_count = m->count;
    if (!alloc_slots(m, cap)) {
        m->keys = keys;
        m->used = used;
        m->values = values;
        m->cap = old_cap;
        m->count = old_count;
        return false;
    }
    reinsert(m, keys, used, values, old_cap, keep, ctx);
    free(keys);
    free(used);
    free(values);
    return true;
}

void *hmap_get(const struct hmap *m, struct hash128 k)
{
    bool found;
    size_t i = find(m, k, &found);
    return found ? m->values + i * m->value_size : NULL;
}

void *hmap_put(struct hmap *m, struct hash128 k, bool *created)
{
    bool found;
    size_t i = find(m, k, &found);
    *created = !found;
    if (found)
        return m->values + i * m->value_size;
    if ((m->count + 1) * 2 > m->cap) {
        if (!rebuild(m, m->cap * 2, NULL, NULL))
            return NULL;
        i = find(m, k, &found);
    }
    m->keys[i] = k;
    m->used[i] = 1;
    m->count++;
    memset(m->values + i * m->value_size, 0, m->value_size);
    return m->values + i * m->value_size;
}

void hmap_clear(struct hmap *m)
{
    memset(m->used, 0, m->cap);
    m->count = 0;
}

void *hmap_next(const struct hmap *m, size_t *pos, struct hash128 *key)
{
    for (size_t i = *pos; i < m->cap; i++) {
        if (m->used[i]) {
            *pos = i + 1;
            *key = m->keys[i];
            return m->values + i * m->value_size;
        }
    }
    *pos = m->cap;
    return NULL;
}

/* Filters by rebuilding at the same size; if that memory is not there,
 * filters nothing (the caller's state stays correct, only larger). */
void hmap_filter(struct hmap *m, bool (*keep)(const void *, void *), void *ctx)
{
    size_t cap = m->cap;
    while (cap > 1024 && m->count * 8 < cap)
        cap /= 2; /* shrink after a busy hour has passed */
    rebuild(m, cap, keep, ctx);
}
