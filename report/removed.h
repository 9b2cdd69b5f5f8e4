/* removed.h - what each robot rule (SPEC §1.6, §1.7) removed from the
 * people's counts in a period, and the machine events counted apart, so
 * an analyst can say in the meeting what was excluded and why.
 *
 * The collector files every robot event under the first rule that made
 * it one: the UA lists, then /robots.txt, then the request rate, then the
 * robot networks. The numbers are events (views + downloads).
 */
#ifndef ODSTAT_REMOVED_H
#define ODSTAT_REMOVED_H

#include "dbi.h"
#include <stdbool.h>
#include <stdint.h>

#include "options.h"
#include "status.h"

enum removed_rule {
    REMOVED_UA,          /* robot by the COUNTER / extra UA lists */
    REMOVED_ROBOTSTXT,   /* its session-hour fetched /robots.txt */
    REMOVED_RATE,        /* its session-hour made more than --max-requests */
    REMOVED_NETWORK,     /* from an address of --robot-networks */
    REMOVED_MACHINE,     /* machine events: not removed, counted apart */
    REMOVED_COUNT
};

/* The metric key of RULE ("removed_ua_lists", ...), for headings. */
const char *removed_key(enum removed_rule rule);

/* The events of days FROM..TO (inclusive; NO_DAY for an open end) per
 * rule into OUT. */
enum status removed_totals(struct dbi *db, const struct report_options *opt, int64_t from, int64_t to, double out[REMOVED_COUNT]);

#endif
