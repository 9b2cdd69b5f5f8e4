/* xlsx.c - tables as Excel sheets through libxlsxwriter; a stub that says
 * why when odstat is built without it (ODSTAT_HAVE_XLSX unset). */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include "msg.h"

#ifndef ODSTAT_HAVE_XLSX

static enum status unavailable(void)
{
    errorf("xlsx is not available: odstat-report was built without libxlsxwriter"
           " (install libxlsxwriter-dev and run make again)");
    return ST_USAGE;
}

bool xlsx_available(void) { return false; }

enum status xlsx_write_table(const struct table *t, const struct xlsx_chart *chart, FILE *out)
{
    (void)t, (void)chart, (void)out;
    return unavailable();
}

enum status xlsx_book_open(const char *path, struct xlsx_book **out)
{
    (void)path;
    *out = NULL;
    return unavailable();
}

enum status xlsx_book_add(struct xlsx_book *b, const char *sheet, const struct table *t,
                          const struct xlsx_chart *chart)
{
    (void)b, (void)sheet, (void)t, (void)chart;
    return unavailable();
}

enum status xlsx_book_close(struct xlsx_book *b)
{
    (void)b;
    return ST_OK;
}

#else

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "chart.h"
#include "table.h"

#define MAX_WIDTH 60     /* columns wider than this wrap instead */

struct xlsx_book {
    lxw_workbook *wb;
    char *path;
    lxw_format *title, *header, *integer, *decimal, *text, *note;
};

bool xlsx_available(void) { return true; }

static void make_formats(struct xlsx_book *b)
{
    b->title = workbook_add_format(b->wb);
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    b->header = workbook_add_format(b->wb);
    format_set_bold(b->header);
    format_set_bg_color(b->header, 0xDDE4EE);
    format_set_border(b->header, LXW_BORDER_THIN);
    format_set_text_wrap(b->header);
    format_set_align(b->header, LXW_ALIGN_VERTICAL_CENTER);
    b->integer = workbook_add_format(b->wb);
    format_set_num_format(b->integer, "#,##0");
    format_set_border(b->integer, LXW_BORDER_THIN);
    b->decimal = workbook_add_format(b->wb);
    format_set_num_format(b->decimal, "#,##0.0");
    format_set_border(b->decimal, LXW_BORDER_THIN);
    b->text = workbook_add_format(b->wb);
    format_set_border(b->text, LXW_BORDER_THIN);
    format_set_num_format(b->text, "@"); /* text: 102-09-10 stays as written */
    b->note = workbook_add_format(b->wb);
    format_set_italic(b->note);
}

enum status xlsx_book_open(const char *path, struct xlsx_book **out)
{
    struct xlsx_book *b = calloc(1, sizeof *b);
    *out = NULL;
    if (!b || !(b->path = strdup(path))) {
        free(b);
        return ST_NOMEM;
    }
    if (!(b->wb = workbook_new(path))) {
        errorf("cannot write '%s'", path);
        free(b->path);
        free(b);
        return ST_USAGE;
    }
    make_formats(b);
    *out = b;
    return ST_OK;
}

enum status xlsx_book_close(struct xlsx_book *b)
{
    if (!b)
        return ST_OK;
    lxw_error err = workbook_close(b->wb);
    enum status rc = ST_OK;
    if (err != LXW_NO_ERROR) {
        errorf("cannot write '%s': %s", b->path, lxw_strerror(err));
        rc = ST_USAGE;
    }
    free(b->path);
    free(b);
    return rc;
}

/* -?digits[.digits], as the reports write numbers. */
static bool is_number(const char *s, bool *decimal)
{
    char *end;
    *decimal = strchr(s, '.') != NULL;
    if (!*s || (s[0] != '-' && (s[0] < '0' || s[0] > '9')))
        return false;
    strtod(s, &end);
    return *end == '\0';
}

/* Width in Excel's units (about one Latin character): CJK counts two. */
static double text_width(const char *s)
{
    return chart_text_columns(s) * 1.1 + 2;
}

/* A text cell: control characters never reach the workbook's XML. */
static void write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                       lxw_format *format)
{
    char *clean = table_clean_text(text);
    worksheet_write_string(ws, row, col, clean ? clean : "", format);
    free(clean);
}

/* Row by row: the header, the cells, and each column's width. */
static void write_cells(struct xlsx_book *b, lxw_worksheet *ws, const struct table *t,
                        lxw_row_t top)
{
    int ncols = table_columns(t);
    for (int c = 0; c < ncols; c++) {
        const struct table_column *col = table_column(t, c);
        if (col->machine_only) /* csv and json only: the notes say it */
            continue;
        double width = fmin(text_width(col->heading), 24); /* headings wrap */
        write_text(ws, top, (lxw_col_t)c, col->heading, b->header);
        for (int r = 0; r < table_rows(t); r++) {
            const char *v = table_cell(t, r, c);
            lxw_row_t row = top + 1 + (lxw_row_t)r;
            bool decimal;
            if (col->numeric && is_number(v, &decimal)) {
                worksheet_write_number(ws, row, (lxw_col_t)c, strtod(v, NULL),
                                       decimal ? b->decimal : b->integer);
                width = fmax(width, strlen(v) * 1.3 + 2);
            } else {
                write_text(ws, row, (lxw_col_t)c, v, b->text);
                width = fmax(width, text_width(v));
            }
        }
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, fmin(width, MAX_WIDTH), NULL);
    }
}

static void add_chart(struct xlsx_book *b, lxw_worksheet *ws, const char *sheet,
                      const struct table *t, const struct xlsx_chart *spec, lxw_row_t top)
{
    static const uint8_t kinds[] = {LXW_CHART_BAR, LXW_CHART_COLUMN, LXW_CHART_LINE};
    int n = table_rows(t);
    if (spec->max_rows > 0 && n > spec->max_rows)
        n = spec->max_rows;
    if (n == 0)
        return;
    lxw_chart *chart = workbook_add_chart(b->wb, kinds[spec->kind]);
    lxw_row_t first = top + 1, last = top + (lxw_row_t)n;
    for (int k = 0; k < spec->nvalues; k++) {
        lxw_col_t col = (lxw_col_t)(spec->value_first + k);
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, sheet, first, (lxw_col_t)spec->category, last,
                                    (lxw_col_t)spec->category);
        chart_series_set_values(s, sheet, first, col, last, col);
        chart_series_set_name_range(s, sheet, top, col);
    }
    char *title = table_title(t) ? table_clean_text(table_title(t)) : NULL;
    if (title)
        chart_title_set_name(chart, title); /* libxlsxwriter copies it */
    free(title);
    if (spec->kind == XLSX_CHART_BAR) /* rank 1 at the top, as in the table */
        chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_num_format(spec->kind == XLSX_CHART_BAR ? chart->x_axis : chart->y_axis,
                              "#,##0");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP); /* no data is not zero */
    lxw_chart_options o = {.x_scale = 2, .y_scale = 1.6,
                           .description = (char *)(table_title(t) ? table_title(t) : sheet)};
    worksheet_insert_chart_opt(ws, top, (lxw_col_t)(table_columns(t) + 1), chart, &o);
}

enum status xlsx_book_add(struct xlsx_book *b, const char *sheet, const struct table *t,
                          const struct xlsx_chart *chart)
{
    if (workbook_validate_sheet_name(b->wb, sheet) != LXW_NO_ERROR) {
        errorf("bad sheet name '%s'", sheet);
        return ST_USAGE;
    }
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sheet);
    if (!ws)
        return ST_NOMEM;
    lxw_row_t row = 0;
    if (table_title(t))
        write_text(ws, row++, 0, table_title(t), b->title);
    if (table_period(t))
        write_text(ws, row++, 0, table_period(t), NULL);
    if (table_lead(t))
        write_text(ws, row++, 0, table_lead(t), NULL);
    if (row > 0)
        row++;
    write_cells(b, ws, t, row);
    worksheet_freeze_panes(ws, row + 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_repeat_rows(ws, row, row);
    worksheet_fit_to_pages(ws, 1, 0);
    lxw_row_t notes = row + 2 + (lxw_row_t)table_rows(t);
    for (int i = 0; i < table_notes(t); i++)
        write_text(ws, notes + (lxw_row_t)i, 0, table_note(t, i), b->note);
    if (chart)
        add_chart(b, ws, sheet, t, chart, row);
    return ST_OK;
}

/* A sheet name from the table's title: none of []:*?/\' and at most 31
 * characters, cut at a character boundary. */
static void sheet_name(const struct table *t, char out[160])
{
    const char *title = table_title(t) ? table_title(t) : "odstat";
    size_t n = 0;
    int chars = 0;
    for (const char *s = title; *s; s++) {
        bool starts = ((unsigned char)*s & 0xC0) != 0x80;
        if (starts && ++chars > 31)
            break;
        out[n++] = strchr("[]:*?/\\'", *s) ? ' ' : *s;
    }
    out[n] = '\0';
    if (n == 0)
        strcpy(out, "odstat");
}

static enum status copy_file(const char *path, FILE *out)
{
    FILE *in = fopen(path, "rb");
    char buf[65536];
    size_t n;
    if (!in) {
        errorf("cannot read '%s'", path);
        return ST_USAGE;
    }
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    return ST_OK;
}

enum status xlsx_write_table(const struct table *t, const struct xlsx_chart *chart, FILE *out)
{
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[4096], sheet[160];
    struct xlsx_book *b = NULL;
    if (isatty(fileno(out))) {
        errorf("xlsx is a binary file: give it a name with -o FILE");
        return ST_USAGE;
    }
    snprintf(path, sizeof path, "%s/odstat-xlsx-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0) {
        errorf("cannot make a temporary file in '%s'", dir);
        return ST_USAGE;
    }
    close(fd);
    sheet_name(t, sheet);
    enum status rc = xlsx_book_open(path, &b);
    if (rc == ST_OK)
        rc = xlsx_book_add(b, sheet, t, chart);
    enum status closed = xlsx_book_close(b);
    rc = rc == ST_OK ? closed : rc;
    if (rc == ST_OK)
        rc = copy_file(path, out);
    unlink(path);
    return rc;
}

#endif
