/* graphs.h - report data as SVG charts: the ranking as horizontal bars,
 * agencies and countries as grouped bars, trends as lines. Chooses what
 * to draw and the localized titles; chart.c does the drawing. */
#ifndef ODSTAT_GRAPHS_H
#define ODSTAT_GRAPHS_H

#include "dbi.h"
#include <stddef.h>
#include <stdio.h>

#include "options.h"
#include "status.h"

struct table;

/* Draws report data (a filled table) as an SVG chart. */
typedef enum status (*graph_fn)(const struct table *t, const struct report_options *opt,
                                FILE *out);

/* Fills a report's table (top_fill, badges_fill, ...). */
typedef enum status (*table_fill_fn)(struct dbi *db, const struct report_options *opt,
                                     struct table **out);

/* A whole table report: FILL, then graph_write with GRAPH (may be NULL). */
enum status graph_report(struct dbi *db, const struct report_options *opt, table_fill_fn fill,
                         graph_fn graph, FILE *out);

/* Writes T in OPT->format: through GRAPH when the format is svg and the
 * report has a chart (GRAPH not NULL), else with table_render (csv, md,
 * html, json; an unknown format is a usage error). */
enum status graph_write(const struct table *t, const struct report_options *opt, graph_fn graph,
                        FILE *out);

/* The native Excel chart of the table GRAPH draws (in *OUT), or NULL. */
struct xlsx_chart;
const struct xlsx_chart *graph_native_chart(const struct table *t,
                                            const struct report_options *opt, graph_fn graph,
                                            struct xlsx_chart *out);

enum status graph_top(const struct table *t, const struct report_options *opt, FILE *out);
enum status graph_publishers(const struct table *t, const struct report_options *opt, FILE *out);
enum status graph_countries(const struct table *t, const struct report_options *opt, FILE *out);
/* The table of trend_fill as lines; partial intervals and intervals
 * without logs are gaps. */
enum status graph_trend(const struct table *t, const struct report_options *opt, FILE *out);

/* The period of OPT as text for titles ("2024-01-01 – 2024-03-31"). */
void graph_period_text(const struct report_options *opt, char *out, size_t size);

#endif
