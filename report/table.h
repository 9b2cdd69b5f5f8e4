/* table.h - a small table of text cells and its renderings.
 *
 * Reports fill a table with rows, then render it as csv, md, html or json;
 * all escaping lives here (CSV quoting and spreadsheet-formula guarding,
 * Markdown pipes, HTML entities, JSON strings), so no report can forget it.
 */
#ifndef ODSTAT_TABLE_H
#define ODSTAT_TABLE_H

#include <stdbool.h>
#include <stdio.h>

#include "status.h"

/* The style of odstat's HTML pages: CJK fonts, ruled tables. */
#define TABLE_CSS                                                                         \
    "body{font-family:\"Noto Sans CJK TC\",\"Microsoft JhengHei\",\"PingFang TC\","  \
    "sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"            \
    "th,td{border:1px solid #999;padding:.3em .6em}th{background:#eee}"                  \
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"

struct table_column {
    const char *key;      /* machine name: JSON key */
    const char *heading;  /* shown in csv, md and html */
    bool numeric;         /* right-aligned, a JSON number, never guarded */
    bool trusted;         /* text the program made ("+12.5%"): not guarded */
    bool machine_only;    /* csv and json only; md and html say it in the footnote */
};

struct table;

/* A table with NCOLS columns (COLUMNS is copied by pointer: keep it alive)
 * and TITLE for md/html (may be NULL). NULL when out of memory. */
struct table *table_new(const struct table_column *columns, int ncols, const char *title);
void table_free(struct table *t);

/* Appends a row of NCOLS cells (copied); NULL cells are empty. */
enum status table_add_row(struct table *t, const char *const *cells);

int table_rows(const struct table *t);

/* A footnote under the table in md and html (lines separated by '\n';
 * copied). Replaces an earlier one. */
enum status table_set_footnote(struct table *t, const char *text);

/* The text of row R, column C (never NULL). */
const char *table_cell(const struct table *t, int r, int c);

/* Writes T as an HTML <table> (with an <h2> of TITLE when not NULL), for
 * pages that hold several tables. */
void table_write_html(const struct table *t, const char *title, FILE *out);

struct render_options {
    const char *format;   /* csv | md | html | json */
    bool bom;             /* csv: start with a UTF-8 BOM for Excel */
};

/* Writes T to OUT in OPT->format; ST_USAGE for an unknown format. */
enum status table_render(const struct table *t, const struct render_options *opt, FILE *out);

/* Escaping helpers, also for other renderers (SVG, HTML pages). */
void table_write_csv_cell(FILE *out, const char *cell, bool guard_formula);
void table_write_html_text(FILE *out, const char *text);
void table_write_json_string(FILE *out, const char *text);

#endif
