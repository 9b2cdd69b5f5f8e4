/* table.h - a small table of text cells and its renderings.
 *
 * Reports fill a table with rows, then render it as csv, md, html or json;
 * all escaping lives here (CSV quoting and spreadsheet-formula guarding,
 * Markdown pipes, HTML entities, JSON strings), so no report can forget it.
 */
#ifndef ODSTAT_TABLE_H
#define ODSTAT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "status.h"

/* The style of odstat's HTML pages: CJK fonts, ruled tables, numbers
 * and dates that never wrap, and a print layout (A4) that keeps a heading
 * with what follows it and never splits a row. */
#define TABLE_CSS                                                                         \
    "body{font-family:\"Noto Sans CJK TC\",\"Microsoft JhengHei\",\"PingFang TC\","  \
    "sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:.6em}"           \
    "th,td{border:1px solid #999;padding:.3em .6em}th{background:#eee}"                  \
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"        \
    "td.d{white-space:nowrap}p.period{margin:.2em 0 .6em}p.note{font-size:.9em}"         \
    "h1,h2,p.period,p.lead{break-after:avoid}tr{break-inside:avoid}"                     \
    "thead{display:table-header-group}"                                                   \
    "@page{size:A4;margin:12mm}@media print{body{margin:0;font-size:9pt}"                \
    "table{width:100%}th,td{padding:.15em .4em}h2{font-size:13pt}}"

struct table_column {
    const char *key;      /* machine name: JSON key */
    const char *heading;  /* shown in csv, md and html */
    bool numeric;         /* right-aligned, a JSON number, never guarded */
    bool trusted;         /* text the program made ("+12.5%"): not guarded */
    bool date;            /* a date: never wrapped, text (not a date) in xlsx */
    bool machine_only;    /* csv and json only; md and html say it in the footnote */
};

struct table;

/* A table with NCOLS columns (COLUMNS is copied by pointer: keep it alive)
 * and TITLE for md/html/xlsx (may be NULL; copied). NULL when out of
 * memory. */
struct table *table_new(const struct table_column *columns, int ncols, const char *title);
void table_free(struct table *t);

/* Hands OWNED to T, which frees it with FREE_FN in table_free: for
 * columns made at run time, which must live as long as the table. */
enum status table_keep(struct table *t, void *owned, void (*free_fn)(void *));

/* Drops every row past the first NROWS. */
void table_truncate(struct table *t, int nrows);

/* Appends a row of NCOLS cells (copied); NULL cells are empty. */
enum status table_add_row(struct table *t, const char *const *cells);

int table_rows(const struct table *t);
int table_columns(const struct table *t);
const struct table_column *table_column(const struct table *t, int c);

/* The lines around a table as it is printed (md, html, xlsx, the deck;
 * never csv or json, which stay machine formats): a title, a period line
 * ("自上架時間至113年04月02日"), a lead sentence, and notes below it, one
 * line each. Each setter copies TEXT (NULL clears); ST_NOMEM on failure,
 * leaving the old text. The getters return NULL when unset. */
enum status table_set_title(struct table *t, const char *text);
enum status table_set_period(struct table *t, const char *text);
enum status table_set_lead(struct table *t, const char *text);
enum status table_add_note(struct table *t, const char *text);
const char *table_title(const struct table *t);
const char *table_period(const struct table *t);
const char *table_lead(const struct table *t);
int table_notes(const struct table *t);
const char *table_note(const struct table *t, int i);

/* Copies a plain number (-?digits[.digits]) into OUT with thousands
 * separators in its whole part ("40661" -> "40,661"); anything else is
 * copied unchanged. Truncated to SIZE bytes. */
void table_group_digits(const char *cell, char *out, size_t size);

/* Adds TEXT's lines ('\n'-separated) as notes under T (md, html, xlsx). */
enum status table_set_footnote(struct table *t, const char *text);

/* The text of row R, column C (never NULL). */
const char *table_cell(const struct table *t, int r, int c);

/* Writes T as an HTML <table> with its title (<h2>), period, lead and
 * notes, for pages that hold several tables. */
void table_write_html(const struct table *t, FILE *out);

/* The two halves of table_write_html, for pages that put something (a
 * chart) between the caption (title, period, lead) and the table. */
void table_write_html_caption(const struct table *t, FILE *out);
void table_write_html_body(const struct table *t, FILE *out);

struct xlsx_chart;

struct render_options {
    const char *format;   /* csv | md | html | json | xlsx */
    bool bom;             /* csv: start with a UTF-8 BOM for Excel */
    const struct xlsx_chart *chart; /* xlsx: a native chart of the table, or NULL */
    const char *lang;     /* html: the page's language ("zh-TW"); NULL: en */
};

/* Writes T to OUT in OPT->format; ST_USAGE for an unknown format (and for
 * xlsx in a build without libxlsxwriter). */
enum status table_render(const struct table *t, const struct render_options *opt, FILE *out);

/* Escaping helpers, also for other renderers (SVG, HTML pages). */
void table_write_csv_cell(FILE *out, const char *cell, bool guard_formula);
/* A copy of S (the caller frees it; NULL when out of memory) with every
 * control character a terminal or XML would choke on as U+FFFD, for
 * writers that take whole strings (xlsx). */
char *table_clean_text(const char *s);
void table_write_html_text(FILE *out, const char *text);
void table_write_json_string(FILE *out, const char *text);

#endif
