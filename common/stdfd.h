/* stdfd.h - standard descriptors 0, 1 and 2 that are really open.
 *
 * A program started with one of them closed (a cron wrapper, `<&-`) would
 * otherwise hand that number to the next open(): the collector's lock on
 * the database would become "stdin", and `-` would read the database file.
 */
#ifndef ODSTAT_STDFD_H
#define ODSTAT_STDFD_H

#include "status.h"

/* Opens /dev/null on each of fds 0-2 that is closed. Call first in main().
 * ST_USAGE when /dev/null cannot be opened (nothing useful can follow). */
enum status stdfd_ensure(void);

#endif
