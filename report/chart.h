/* chart.h - SVG charts that odstat draws itself (no plotting library):
 * a line chart for trends, horizontal bars for rankings, and grouped or
 * stacked vertical bars per agency, sized for slides (16:9) and safe to
 * paste into PowerPoint, Keynote or LibreOffice and to print.
 *
 * The caller passes text already localized and numbers already counted;
 * this module only lays out and escapes. See docs/charts.md.
 */
#ifndef ODSTAT_CHART_H
#define ODSTAT_CHART_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

enum chart_kind { CHART_LINE, CHART_HBAR, CHART_BARS_GROUPED, CHART_BARS_STACKED };

struct chart_series {
    const char *name;      /* legend text */
    const double *values;  /* values[ncategories]; NULL: an empty series */
};

struct chart {
    enum chart_kind kind;
    const char *title, *x_label, *y_label;  /* localized by the caller; NULL: none */
    const char *const *categories;          /* ncategories x labels or bar labels */
    int ncategories;
    const char *const *tooltips;            /* full text per category; NULL: categories */
    const struct chart_series *series;
    int nseries;
    int width, height;                      /* pixels; 0: 1280x720 */
    const char *no_data_text;               /* NULL: "no data" */
};

/* Writes chart C to OUT as a standalone SVG document (UTF-8, with xmlns
 * and viewBox); the same chart always gives the same bytes. Values that
 * are NaN or infinite are missing (a gap in a line, no bar); values below
 * zero are drawn at zero, as the charts show counts. A chart without
 * categories or values shows NO_DATA_TEXT. Returns ST_USAGE (with a
 * message) for a malformed C; write errors are left in OUT's error flag. */
enum status chart_write_svg(const struct chart *c, FILE *out);

/* Helpers, exposed for unit tests and other renderers. */

/* The value axis for data up to MAX: STEP is 1, 2 or 5 times a power of
 * ten, and COUNT (1..TARGET_COUNT) steps from 0 reach at least MAX. A MAX
 * that is 0, negative or not finite gives the axis 0..1. */
void chart_nice_ticks(double max, int target_count, double *step, int *count);

/* Formats V with thousands separators ("12,345"), whole numbers without
 * decimals and others with at most two ("0.25"); "n/a" when not finite.
 * The same in every locale. Truncated to SIZE bytes. */
void chart_format_number(double v, char *out, size_t size);

/* The display width of UTF-8 text in columns: East Asian wide and
 * fullwidth characters (CJK, kana, hangul, emoji) and the ellipsis count
 * 2, combining marks 0, anything else (an invalid byte too) 1. */
int chart_text_columns(const char *utf8);

/* The length in bytes of the longest start of UTF-8 text that holds
 * whole characters in MAX_COLUMNS columns (where a line can break). */
size_t chart_fit(const char *utf8, int max_columns);

/* Copies UTF-8 text into OUT (SIZE bytes, NUL-terminated) whole if it
 * fits MAX_COLUMNS columns and SIZE, else as many whole characters as fit
 * followed by "…" (counted as 2 columns). Never cuts a character in half;
 * invalid bytes become U+FFFD, so OUT is always valid UTF-8. Returns the
 * length of OUT in bytes. */
size_t chart_shorten(const char *utf8, int max_columns, char *out, size_t size);

/* Writes UTF-8 text as XML character data: & < > " ' as entities, control
 * characters as spaces and invalid bytes as U+FFFD, so any input gives
 * well-formed XML (table_write_html_text keeps both, which XML 1.0 rejects). */
void chart_write_text(FILE *out, const char *utf8);

#endif
