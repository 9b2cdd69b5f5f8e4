/* target.h - request target to a normalised path (SPEC §1.3).
 *
 * Strips query and fragment, percent-decodes the path once, checks UTF-8,
 * collapses slashes, drops one trailing slash and one locale segment.
 * Knows nothing about rules or datasets.
 */
#ifndef ODSTAT_TARGET_H
#define ODSTAT_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "logline.h"

/* Normalises TARGET into OUT (room for TARGET.len + 1 bytes) and sets
 * *PATH to the normalised path inside OUT and *QUERY to the raw query
 * string inside TARGET (empty if none). False if the target is "other":
 * not starting with '/', a decoded NUL or '/', or not valid UTF-8. */
bool target_normalise(struct text target, char *out, struct text *path, struct text *query);

/* Percent-decodes IN into OUT (room for IN.len bytes): "%" not followed by
 * two hex digits stays as written. Returns the decoded length. */
size_t target_percent_decode(struct text in, char *out);

/* True if S[0..LEN) is well-formed UTF-8 (no overlongs or surrogates). */
bool target_valid_utf8(const unsigned char *s, size_t len);

#endif
