/* urlmap.h - the catalog's resource URLs as download rules (SPEC §1.4b).
 *
 * Loaded once per run from the resource_url table into an exact-match
 * lookup: the hash of a target's normalised path finds the candidate URLs,
 * whose query parameters and host are then checked. Tried only for targets
 * no URL rule matched. Knows nothing of log formats or of counting.
 */
#ifndef ODSTAT_URLMAP_H
#define ODSTAT_URLMAP_H

#include <stdbool.h>

#include "logline.h"
#include "rules.h"
#include "status.h"

struct urlmap;

/* Loads every row of resource_url from the database at DB_PATH (opened
 * read-only and closed again). HOSTS[0..NHOSTS) are the --host names:
 * where a line carries no host, a URL's host must be one of them (none
 * given: any host fits). *OUT is NULL when the table is empty, which
 * urlmap_match takes as a map that matches nothing. Free with urlmap_free.
 * ST_DB or ST_NOMEM on failure (message printed). */
enum status urlmap_load(struct urlmap **out, const char *db_path, const char *const *hosts,
                        int nhosts);
void urlmap_free(struct urlmap *map);

/* The number of URLs loaded (0 for NULL). */
size_t urlmap_size(const struct urlmap *map);

/* Matches a raw request TARGET (as in the log line) served by HOST (empty
 * when the format has none) with STATUS: RULE_EVENT with *MATCH a download
 * of the URL's dataset and resource (pointing into MAP), RULE_REFUSED when
 * a URL fits but STATUS is not 200, 206 or 304, else RULE_OTHER. */
enum rule_result urlmap_match(struct urlmap *map, struct text target, struct text host,
                              int status, struct rule_match *match);

/* A URL of a catalog, split for matching: the host lower-cased without a
 * user or port ("" when URL is a bare path), the path percent-decoded with
 * repeated '/' collapsed and one trailing '/' dropped ("/" stays), and the
 * raw query (no fragment). HOST_BUF and PATH_BUF need URL.len + 1 bytes.
 * False when URL is neither scheme://host[/path] nor //host... nor /path. */
bool urlmap_split_url(struct text url, char *host_buf, struct text *host, char *path_buf,
                      struct text *path, struct text *query);

#endif
