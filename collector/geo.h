/* geo.h - the country of a client address (SPEC §4), from a MaxMind DB.
 *
 * Reads GeoIP2/GeoLite2 and DB-IP files (country.iso_code) and the
 * ip-location-db files (a top-level country_code) through libmaxminddb.
 * Never resolves names: an address that is not a numeric IP is "ZZ".
 * Knows nothing about logs or counting.
 */
#ifndef ODSTAT_GEO_H
#define ODSTAT_GEO_H

#include <stdbool.h>
#include <stdint.h>

#include "logline.h"
#include "status.h"

struct geo;

/* Opens the country DB at PATH into *OUT (free it with geo_close).
 *
 * PATH given: the file must open as a MaxMind DB; if it does not (missing,
 * unreadable, corrupt) an error names it, *OUT is NULL and the result is
 * ST_USAGE.
 *
 * PATH NULL: the first of the usual files found (GeoIP2-, GeoLite2-, DB-IP
 * country or city DBs in /var/lib/GeoIP, /usr/share/GeoIP,
 * /usr/local/share/GeoIP) is used. When none is found, or those found do
 * not open (a warning names each), *OUT is a geo without a DB that answers
 * "ZZ" for every address, a note says where it looked, and the result is
 * ST_OK.
 *
 * A note names the DB in use. ST_NOMEM when out of memory (*OUT NULL). */
enum status geo_open(struct geo **out, const char *path);

/* Closes the DB and frees G; G may be NULL. */
void geo_close(struct geo *g);

/* Writes to CC the ISO 3166-1 alpha-2 code (upper case, NUL-terminated) of
 * ADDR, the client address as written in the log: IPv4, IPv6 or IPv4-mapped
 * IPv6. "ZZ" when G has no DB, ADDR is not a numeric address (a hostname,
 * "1.2.3", empty), is private, loopback or link-local, or the DB holds no
 * two-letter code for it. A DB that fails during a lookup gives "ZZ" and a
 * single warning.
 *
 * Each distinct address is looked up in the DB once (a cache of 64k
 * addresses that starts over when full), so repeated addresses are cheap. */
void geo_lookup(struct geo *g, struct text addr, char cc[3]);

/* True when G answers from a DB (false: everything is "ZZ"). */
bool geo_has_db(const struct geo *g);

/* How many times G consulted its DB: a count of cache misses, for the run
 * summary and for tests of the cache. */
uint64_t geo_db_lookups(const struct geo *g);

#endif
