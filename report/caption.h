/* caption.h - the lines around a printed table, in the words of the
 * tables agencies bring to the advisory meeting:
 *
 *   主計總處開放資料集累計下載次數前 10 名        (title; --title sets one)
 *   自上架時間至113年04月02日                    (period line)
 *   ...table...
 *   註：自上架時間至113年04月02日。只計人的...    (notes)
 *
 * It also finds the days that hold data inside a period, so every table
 * says which days its numbers rest on. Renderers decide where the lines go
 * (table.c, xlsx.c); csv and json never show them.
 */
#ifndef ODSTAT_CAPTION_H
#define ODSTAT_CAPTION_H

#include "dbi.h"
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "status.h"

struct table;

enum caption_kind {
    CAPTION_TOP, CAPTION_SUMMARY, CAPTION_PUBLISHERS, CAPTION_BADGES, CAPTION_COUNTRIES,
    CAPTION_TREND, CAPTION_INGESTS,
};

/* The first and last day with data in [FROM, TO] (NO_DAY for an open
 * end); both NO_DAY when there is none. */
struct coverage {
    int64_t first, last;
};
enum status caption_coverage(struct dbi *db, const struct report_options *opt, int64_t from, int64_t to, struct coverage *out);

/* Sets T's title (OPT->title, else one made from KIND, the publisher, -n
 * and --cumulative), its period line and its first note: what is counted
 * and the days with data. Prints a note on stderr when the period holds no
 * data (unless OPT->quiet_empty). */
enum status caption_apply(struct dbi *db, struct table *t, const struct report_options *opt,
                          enum caption_kind kind);

/* Adds TEXT as a note under T: the first note starts with "註：" (zh-TW)
 * or "Note: ", later ones are lines of their own. For modules that know
 * more about the numbers (snapshots, partial intervals). */
enum status caption_add_note(struct table *t, const struct report_options *opt,
                             const char *text);

/* DAY as the meeting tables write it in running text: 113年04月02日 (ROC),
 * 2024年04月02日 (zh-TW, Gregorian), or 2024-04-02 / 113-04-02 (en). */
void caption_date(const struct report_options *opt, int64_t day, char *out, size_t size);

#endif
