/* late_days.h - the days of a period that hold late lines (SPEC §2.5),
 * whose numbers may be slightly off, and how reports mark them.
 *
 * summary, ingests and the deck render their table through
 * late_days_render: csv is the table alone (one table, for scripts), md
 * and html add a sentence naming the days, json becomes
 * {"rows": [...], "late_days": [{"day": ..., "lines": ...}]}.
 */
#ifndef ODSTAT_LATE_DAYS_H
#define ODSTAT_LATE_DAYS_H

#include <sqlite3.h>
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
enum status late_days_load(sqlite3 *db, int64_t from, int64_t to, struct late_days **out);

void late_days_free(struct late_days *late);

/* How many days hold late lines. */
size_t late_days_count(const struct late_days *late);

/* Writes T in OPT->format (csv, md, html, json) with LATE marked as above. */
enum status late_days_render(const struct table *t, const struct late_days *late,
                             const struct report_options *opt, FILE *out);

/* The sentence alone, as a Markdown paragraph (HTML false) or an HTML
 * <p>; nothing when no day holds late lines. */
void late_days_note(const struct late_days *late, const struct report_options *opt, bool html,
                    FILE *out);

#endif
