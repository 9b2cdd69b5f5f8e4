/* deck.h - `odstat-report deck -o DIR`: the quarterly meeting pack in one
 * command: summary, top 10 by downloads and by views, agencies, badges,
 * countries, the trend of the top 10 and of the portal, each as CSV (+
 * Markdown) and SVG, and an index.html that shows them all. */
#ifndef ODSTAT_REPORT_DECK_H
#define ODSTAT_REPORT_DECK_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

/* Writes the pack into the directory OPT->output (created if missing);
 * OUT is not used. File names are stable, for cron. */
enum status report_deck(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
