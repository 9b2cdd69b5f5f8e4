/* xlsx.h - report tables as Excel workbooks (libxlsxwriter), with native
 * Excel charts.
 *
 * A sheet holds the table as printed: title, period and lead lines, a
 * frozen and styled header row, numbers stored as numbers (#,##0), every
 * other cell as text (so Excel never turns an ROC date 102-09-10 into a
 * date, nor runs a name as a formula), widths that fit CJK text, and the
 * notes below. Optional at build time: without libxlsxwriter every
 * function here fails with a message saying so (ST_USAGE).
 */
#ifndef ODSTAT_XLSX_H
#define ODSTAT_XLSX_H

#include <stdbool.h>
#include <stdio.h>

#include "status.h"

struct table;

enum xlsx_chart_kind { XLSX_CHART_BAR, XLSX_CHART_COLUMN, XLSX_CHART_LINE };

/* A native chart of a table: categories from one column, one series per
 * column of VALUE_FIRST..VALUE_FIRST+NVALUES-1 (named by its heading),
 * over the first MAX_ROWS rows (0: all). */
struct xlsx_chart {
    enum xlsx_chart_kind kind;
    int category;
    int value_first, nvalues;
    int max_rows;
};

/* True when odstat was built with libxlsxwriter. */
bool xlsx_available(void);

/* Writes T (and CHART, may be NULL) as a one-sheet workbook to OUT. */
enum status xlsx_write_table(const struct table *t, const struct xlsx_chart *chart, FILE *out);

/* A workbook of several sheets, written to PATH by xlsx_book_close. */
struct xlsx_book;

/* NULL *OUT and ST_USAGE (with a message) without libxlsxwriter. */
enum status xlsx_book_open(const char *path, struct xlsx_book **out);

/* Adds T as a sheet named SHEET (at most 31 characters, none of
 * []:*?/\ ; unique in the book), with CHART when not NULL. The cells
 * are copied: T may be freed when this returns. */
enum status xlsx_book_add(struct xlsx_book *b, const char *sheet, const struct table *t,
                          const struct xlsx_chart *chart);

/* Writes the file and frees B (NULL is fine); ST_USAGE when it cannot be
 * written. */
enum status xlsx_book_close(struct xlsx_book *b);

#endif
