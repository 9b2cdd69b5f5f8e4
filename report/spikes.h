/* spikes.h - `odstat-report spikes`, for the analyst before the meeting:
 *
 * (a) usage spikes and drops per dataset and month (COUNTER R5.1 style),
 *     from the monthly rollup: a month whose human downloads (--by views:
 *     views) are at least three times the dataset's average of the twelve
 *     months before and at least 100 above it, or below 1 % of an
 *     average of at least 20;
 * (b) the busiest session-hours of the period that still count as people
 *     (busy_hours), by a keyed-hash id and country, never an address.
 *
 * Together they show whether --max-requests should be lower or a network
 * be added to --robot-networks.
 */
#ifndef ODSTAT_REPORT_SPIKES_H
#define ODSTAT_REPORT_SPIKES_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

/* (a) and the -n (default 20) busiest session-hours of (b) in
 * OPT->format: csv (the two tables, a blank line between),
 * md, html (one page), json ({"spikes": [...], "busy_hours": [...]}). */
enum status report_spikes(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
