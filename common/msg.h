/* msg.h - the one place that prints diagnostics to stderr.
 *
 * Messages are lower-case, name their subject in quotes ('x.gz:12') and
 * carry no final period. The program name is set once by main().
 */
#ifndef ODSTAT_MSG_H
#define ODSTAT_MSG_H

#include <stdbool.h>

void msg_set_program(const char *name);

/* Quiet mode drops notes (informational lines); errors and warnings stay. */
void msg_set_quiet(bool quiet);

void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void notef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
