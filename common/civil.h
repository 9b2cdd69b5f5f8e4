/* civil.h - proleptic Gregorian calendar arithmetic on day numbers.
 *
 * Days are counted from 1970-01-01 (day 0), so they sort and subtract like
 * integers and convert to "YYYY-MM-DD" without any time-zone library.
 */
#ifndef ODSTAT_CIVIL_H
#define ODSTAT_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

/* Day number of Y-M-D; the date must be valid (see civil_valid). */
int64_t civil_to_days(int y, int m, int d);

/* Inverse of civil_to_days. */
void civil_from_days(int64_t days, int *y, int *m, int *d);

bool civil_valid(int y, int m, int d);

/* Writes "YYYY-MM-DD" (11 bytes with the NUL) for DAYS into OUT. */
void civil_format(int64_t days, char out[11]);

/* Parses exactly "YYYY-MM-DD" into a day number; false if not a real date. */
bool civil_parse(const char *text, int64_t *days);

#endif
