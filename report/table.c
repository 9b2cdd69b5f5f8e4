/* table.c - rendering of report tables; every escaping rule is here. */
#define _POSIX_C_SOURCE 200809L
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"

struct table {
    const struct table_column *cols;
    int ncols, nrows, cap;
    char **cells;              /* nrows * ncols, row-major */
    const char *title;
    char *footnote;            /* md and html, below the table; NULL: none */
};

struct table *table_new(const struct table_column *columns, int ncols, const char *title)
{
    struct table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cols = columns;
    t->ncols = ncols;
    t->title = title;
    return t;
}

void table_free(struct table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->footnote);
    free(t);
}

enum status table_set_footnote(struct table *t, const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return ST_NOMEM;
    free(t->footnote);
    t->footnote = copy;
    return ST_OK;
}

/* Writes each line of the footnote through WRITE, between BEFORE and AFTER. */
static void write_footnote(const struct table *t, FILE *out, const char *before,
                           const char *after, void (*write)(FILE *, const char *))
{
    for (const char *line = t->footnote; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char *copy = strndup(line, n);
        fputs(before, out);
        write(out, copy ? copy : "");
        fputs(after, out);
        free(copy);
        line += n + (end != NULL);
    }
}

enum status table_add_row(struct table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        int cap = t->cap ? t->cap * 2 : 16;
        char **grown = realloc(t->cells, (size_t)cap * (size_t)t->ncols * sizeof *grown);
        if (!grown)
            return ST_NOMEM;
        t->cells = grown;
        t->cap = cap;
    }
    char **row = t->cells + (size_t)t->nrows * (size_t)t->ncols;
    for (int c = 0; c < t->ncols; c++) {
        row[c] = strdup(cells[c] ? cells[c] : "");
        if (!row[c]) {
            while (c-- > 0)
                free(row[c]);
            return ST_NOMEM;
        }
    }
    t->nrows++;
    return ST_OK;
}

int table_rows(const struct table *t) { return t->nrows; }

static const char *cell(const struct table *t, int r, int c)
{
    return t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
}

const char *table_cell(const struct table *t, int r, int c) { return cell(t, r, c); }

/* RFC 4180 quoting; a text cell a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a CR) gets a leading apostrophe. */
void table_write_csv_cell(FILE *out, const char *s, bool guard_formula)
{
    bool guard = guard_formula && strchr("=+-@\t\r", s[0]) && s[0] != '\0';
    bool quote = guard || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    if (guard)
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void table_write_html_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

void table_write_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void render_csv(const struct table *t, bool bom, FILE *out)
{
    if (bom)
        fputs("\xEF\xBB\xBF", out);
    for (int c = 0; c < t->ncols; c++) {
        if (c)
            fputc(',', out);
        table_write_csv_cell(out, t->cols[c].heading, true);
    }
    fputc('\n', out);
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            if (c)
                fputc(',', out);
            table_write_csv_cell(out, cell(t, r, c), !t->cols[c].numeric && !t->cols[c].trusted);
        }
        fputc('\n', out);
    }
}

/* Markdown cell: pipes and backslashes escaped, line breaks as spaces,
 * and characters that start markup made literal. */
static void md_write_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else if (strchr("|\\`*[]<>", *s)) {
            fputc('\\', out);
            fputc(*s, out);
        } else
            fputc(*s, out);
    }
}

static void render_md(const struct table *t, FILE *out)
{
    if (t->title) {
        fputs("## ", out);
        md_write_cell(out, t->title);
        fputs("\n\n", out);
    }
    fputc('|', out);
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c].machine_only)
            continue;
        fputc(' ', out);
        md_write_cell(out, t->cols[c].heading);
        fputs(" |", out);
    }
    fputs("\n|", out);
    for (int c = 0; c < t->ncols; c++)
        if (!t->cols[c].machine_only)
            fputs(t->cols[c].numeric ? " ---: |" : " --- |", out);
    fputc('\n', out);
    for (int r = 0; r < t->nrows; r++) {
        fputc('|', out);
        for (int c = 0; c < t->ncols; c++) {
            if (t->cols[c].machine_only)
                continue;
            fputc(' ', out);
            md_write_cell(out, cell(t, r, c));
            fputs(" |", out);
        }
        fputc('\n', out);
    }
    write_footnote(t, out, "\n", "\n", md_write_cell);
}

void table_write_html(const struct table *t, const char *title, FILE *out)
{
    if (title) {
        fputs("<h2>", out);
        table_write_html_text(out, title);
        fputs("</h2>\n", out);
    }
    fputs("<table>\n<thead><tr>", out);
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c].machine_only)
            continue;
        fputs("<th>", out);
        table_write_html_text(out, t->cols[c].heading);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (int r = 0; r < t->nrows; r++) {
        fputs("<tr>", out);
        for (int c = 0; c < t->ncols; c++) {
            if (t->cols[c].machine_only)
                continue;
            fputs(t->cols[c].numeric ? "<td class=\"n\">" : "<td>", out);
            table_write_html_text(out, cell(t, r, c));
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    write_footnote(t, out, "<p class=\"note\">", "</p>\n", table_write_html_text);
}

static void render_html(const struct table *t, FILE *out)
{
    fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>", out);
    table_write_html_text(out, t->title ? t->title : "odstat");
    fputs("</title>\n<style>" TABLE_CSS "</style>\n</head><body>\n", out);
    table_write_html(t, t->title, out);
    fputs("</body></html>\n", out);
}

static void render_json(const struct table *t, FILE *out)
{
    fputs("[", out);
    for (int r = 0; r < t->nrows; r++) {
        fputs(r ? ",\n {" : "\n {", out);
        for (int c = 0; c < t->ncols; c++) {
            const char *v = cell(t, r, c);
            if (c)
                fputs(", ", out);
            table_write_json_string(out, t->cols[c].key);
            fputs(": ", out);
            if (t->cols[c].numeric && v[0])
                fputs(v, out);
            else if (t->cols[c].numeric)
                fputs("null", out);
            else
                table_write_json_string(out, v);
        }
        fputs("}", out);
    }
    fputs("\n]\n", out);
}

enum status table_render(const struct table *t, const struct render_options *opt, FILE *out)
{
    if (strcmp(opt->format, "csv") == 0)
        render_csv(t, opt->bom, out);
    else if (strcmp(opt->format, "md") == 0)
        render_md(t, out);
    else if (strcmp(opt->format, "html") == 0)
        render_html(t, out);
    else if (strcmp(opt->format, "json") == 0)
        render_json(t, out);
    else {
        errorf("unknown format '%s' (csv, md, html or json)", opt->format);
        return ST_USAGE;
    }
    return ST_OK;
}
