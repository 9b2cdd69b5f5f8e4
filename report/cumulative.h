/* cumulative.h - views and downloads with count snapshots (SPEC §6.2).
 *
 * For a report ending on day E, a dataset's cumulative value of a metric
 * is the latest snapshot S with S.date <= E plus the logged counts of the
 * days after S up to E (the logged counts up to E when there is none); a
 * period [F, E] is cumulative(E) - cumulative(F - 1). Counts and snapshots
 * under an alias roll up to the canonical id. `daily` never uses this.
 */
#ifndef ODSTAT_CUMULATIVE_H
#define ODSTAT_CUMULATIVE_H

#include "dbi.h"
#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "status.h"

struct table;

/* A subquery with columns id, views, downloads, views_as_of,
 * downloads_as_of (the date of the snapshot the number rests on, NULL
 * when it rests on logs alone), valid after cumulative_fill said the
 * database has snapshots. */
#define CUMULATIVE_SQL                                                                    \
    "SELECT id, views, downloads, views_as_of, downloads_as_of FROM odstat_cumulative"

/* Sets *YES to whether DB holds any count snapshot. */
enum status cumulative_exists(struct dbi *db, bool *yes);

/* Sets *HAS_SNAPSHOTS to whether DB holds any snapshot; when it does,
 * fills the temporary table behind CUMULATIVE_SQL with the numbers of
 * [FROM, TO] (FROM = NO_DAY: cumulative up to TO; TO = NO_DAY: up to the
 * last day). Without snapshots nothing is made: callers keep USAGE_SQL,
 * whose numbers are then the same. ST_DB on failure (message printed). */
enum status cumulative_fill(struct dbi *db, const struct report_options *opt, int64_t from,
                            int64_t to, bool *has_snapshots);

/* The sums of the table behind CUMULATIVE_SQL (after cumulative_fill):
 * views, downloads, datasets with either above 0, and the earliest and
 * latest snapshot date each metric rests on ("" when none). */
struct cumulative_totals {
    double views, downloads, active;
    char views_lo[11], views_hi[11], downloads_lo[11], downloads_hi[11];
};
enum status cumulative_sum(struct dbi *db, struct cumulative_totals *out);

/* The text saying what a number rests on: "views 2024-03-31; downloads
 * 2024-02-29" (dates in CAL, words in LANG) from the two as_of columns
 * (NULL or empty: none), or "" when neither. A range "A–B" for
 * aggregates whose datasets rest on several dates (LO and HI). */
void cumulative_note(const struct report_options *opt, const char *views_lo,
                     const char *views_hi, const char *downloads_lo, const char *downloads_hi,
                     char *out, size_t size);

/* Attaches to T a footnote for md and html built from its column NOTE_COL
 * (texts made by cumulative_note), naming the rows by LABEL_COL. Nothing
 * when no row has a note. */
enum status cumulative_footnote(struct table *t, int label_col, int note_col,
                                const struct report_options *opt);

#endif
