/* agents.h - user agent -> human | machine | robot (SPEC §1.6).
 *
 * The machine list is tried first, then the robot list; patterns are
 * case-insensitive PCRE. Each distinct user agent is classified once and
 * remembered, so the regular expressions cost nothing per line.
 */
#ifndef ODSTAT_AGENTS_H
#define ODSTAT_AGENTS_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

enum agent_class { AGENT_HUMAN = 0, AGENT_MACHINE = 1, AGENT_ROBOT = 2 };

struct agents;

/* Compiles the lists: MACHINES_PATH / ROBOTS_PATH replace the built-in
 * lists when not NULL. A pattern that does not compile is reported with
 * its file and line (ST_USAGE). Free with agents_free. */
enum status agents_new(struct agents **out, const char *machines_path, const char *robots_path);

void agents_free(struct agents *agents);

/* The class of UA[0..LEN). An empty or "-" user agent is a robot. */
enum agent_class agents_classify(struct agents *agents, const char *ua, size_t len);

/* The same, for a caller that already holds a keyed 64-bit HASH of UA (the
 * cache is keyed by it and LEN, so the UA is not hashed again). */
enum agent_class agents_classify_hashed(struct agents *agents, const char *ua, size_t len,
                                        uint64_t hash);

/* How many distinct user agents were classified (for tests and stats). */
uint64_t agents_distinct(const struct agents *agents);

#endif
