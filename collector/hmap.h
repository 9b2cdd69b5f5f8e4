/* hmap.h - open-addressing hash map from 128-bit keys to fixed-size values.
 *
 * Keys are hashes already (keyed SipHash), so the map only mixes them for
 * its bucket index. Values are zeroed when created and stay in place until
 * the map grows, is cleared or filtered.
 */
#ifndef ODSTAT_HMAP_H
#define ODSTAT_HMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "siphash.h"

struct hmap;

/* A map whose values are VALUE_SIZE bytes; NULL when out of memory. */
struct hmap *hmap_new(size_t value_size);
void hmap_free(struct hmap *map);

/* The value under KEY, created zeroed if absent (*CREATED tells which);
 * NULL when out of memory (the map is unchanged then). */
void *hmap_put(struct hmap *map, struct hash128 key, bool *created);

/* The value under KEY, or NULL when absent. */
void *hmap_get(const struct hmap *map, struct hash128 key);

void hmap_clear(struct hmap *map);

/* Iteration: start with *POS = 0; returns the next value and its key, or
 * NULL at the end. The map must not change during an iteration. */
void *hmap_next(const struct hmap *map, size_t *pos, struct hash128 *key);

/* Keeps only the entries for which KEEP(value, ctx) is true. */
void hmap_filter(struct hmap *map, bool (*keep)(const void *value, void *ctx), void *ctx);

#endif
