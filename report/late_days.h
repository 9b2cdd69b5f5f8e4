/* late_days.h - the days of a period that hold late lines (SPEC §2.5),
 * whose numbers may be slightly off, and how reports mark them.
 *
 * summary and ingests (and so the deck) add a sentence naming the days to
 * their table's notes; csv and json stay one plain table (summary's
 * days_with_late_lines row counts them).
 */
#ifndef ODSTAT_LATE_DAYS_H
#define ODSTAT_LATE_DAYS_H

#include "dbi.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "options.h"
#include "status.h"

struct late_days;
struct table;

/* The days FROM..TO (inclusive; NO_DAY for an open end) with late lines,
 * summed over sites, into *OUT (free with late_days_free). A database
 * without the late_lines table has none. */
enum status late_days_load(struct dbi *db, const struct report_options *opt, int64_t from, int64_t to, struct late_days **out);

void late_days_free(struct late_days *late);

/* How many days hold late lines. */
size_t late_days_count(const struct late_days *late);

/* Adds the sentence naming the days of OPT's period that hold late lines
 * to T's notes (md, html, xlsx and the deck show them); nothing when no
 * day does. */
enum status late_days_mark(struct dbi *db, struct table *t, const struct report_options *opt);

#endif
