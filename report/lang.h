/* lang.h - headings in English or Traditional Chinese, and dates in the
 * Gregorian or the ROC (Minguo) calendar, as Taiwan's meeting tables show
 * them (2024-03-07 -> 113-03-07). */
#ifndef ODSTAT_LANG_H
#define ODSTAT_LANG_H

#include <stdint.h>

#include "options.h"

/* The heading for KEY (a column's machine name) in LANG: English headings
 * are the keys themselves; unknown keys are returned unchanged. */
const char *lang_heading(enum report_lang lang, const char *key);

/* Formats the date part of STORED ("YYYY-MM-DD[ HH:MM:SS]", as catalogs
 * give it) in CAL into OUT; empty when STORED is NULL or not a date. */
void lang_date(enum report_calendar cal, const char *stored, char out[16]);

/* Formats a day number in CAL into OUT. */
void lang_day(enum report_calendar cal, int64_t day, char out[16]);

#endif
