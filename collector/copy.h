/* copy.h - odstat-collect --copy-from: one database into another.
 *
 * Copies every odstat table the source has (counts, rollups, state,
 * ingests, runs, catalog, and later tables such as snapshots) into an
 * empty target, in one transaction: typically a SQLite file into a
 * PostgreSQL database, so a user who starts small keeps their history.
 */
#ifndef ODSTAT_COPY_H
#define ODSTAT_COPY_H

#include <stdint.h>

#include "status.h"

/* Copies FROM into TO (both opened and migrated; TO is created if it is a
 * missing SQLite file). TO must hold no counts, ingests or settings yet:
 * else ST_USAGE and nothing changes. On failure nothing is written.
 * *ROWS receives the number of rows copied. */
enum status copy_database(const char *from, const char *to, uint64_t *rows);

#endif
