/* table.c - rendering of report tables; every escaping rule is here. */
#define _POSIX_C_SOURCE 200809L
#include "table.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "xlsx.h"

#define MAX_NOTES 16

struct table {
    const struct table_column *cols;
    int ncols, nrows, cap;
    char **cells;              /* nrows * ncols, row-major */
    char *title, *period, *lead;
    char *notes[MAX_NOTES];
    int nnotes;
    void *owned;               /* table_keep */
    void (*free_owned)(void *);
};

/* Replaces *SLOT by a copy of TEXT (NULL clears). */
static enum status set_text(char **slot, const char *text)
{
    char *copy = NULL;
    if (text && !(copy = strdup(text)))
        return ST_NOMEM;
    free(*slot);
    *slot = copy;
    return ST_OK;
}

struct table *table_new(const struct table_column *columns, int ncols, const char *title)
{
    struct table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cols = columns;
    t->ncols = ncols;
    if (set_text(&t->title, title) != ST_OK) {
        free(t);
        return NULL;
    }
    return t;
}

void table_free(struct table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    for (int i = 0; i < t->nnotes; i++)
        free(t->notes[i]);
    free(t->cells);
    free(t->title);
    free(t->period);
    free(t->lead);
    if (t->free_owned)
        t->free_owned(t->owned);
    free(t);
}

enum status table_keep(struct table *t, void *owned, void (*free_fn)(void *))
{
    assert(!t->free_owned);
    t->owned = owned;
    t->free_owned = free_fn;
    return ST_OK;
}

void table_truncate(struct table *t, int nrows)
{
    if (nrows < 0)
        nrows = 0;
    for (int r = nrows; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            free(t->cells[(size_t)r * (size_t)t->ncols + (size_t)c]);
    if (nrows < t->nrows)
        t->nrows = nrows;
}

enum status table_set_title(struct table *t, const char *text) { return set_text(&t->title, text); }
enum status table_set_period(struct table *t, const char *text) { return set_text(&t->period, text); }
enum status table_set_lead(struct table *t, const char *text) { return set_text(&t->lead, text); }

enum status table_add_note(struct table *t, const char *text)
{
    if (t->nnotes == MAX_NOTES) {
        errorf("too many notes under one table");
        return ST_USAGE;
    }
    enum status rc = set_text(&t->notes[t->nnotes], text);
    if (rc == ST_OK)
        t->nnotes++;
    return rc;
}

enum status table_set_footnote(struct table *t, const char *text)
{
    enum status rc = ST_OK;
    for (const char *line = text; *line && rc == ST_OK;) {
        size_t n = strcspn(line, "\n");
        char *copy = strndup(line, n);
        rc = copy ? table_add_note(t, copy) : ST_NOMEM;
        free(copy);
        line += n + (line[n] == '\n');
    }
    return rc;
}

const char *table_title(const struct table *t) { return t->title; }
const char *table_period(const struct table *t) { return t->period; }
const char *table_lead(const struct table *t) { return t->lead; }
int table_notes(const struct table *t) { return t->nnotes; }
const char *table_note(const struct table *t, int i) { return t->notes[i]; }
int table_columns(const struct table *t) { return t->ncols; }
const struct table_column *table_column(const struct table *t, int c) { return &t->cols[c]; }

/* -?digits[.digits]: a number a spreadsheet reads as a number. */
static bool plain_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s < '0' || *s > '9')
        return false;
    while (*s >= '0' && *s <= '9')
        s++;
    if (*s == '.' && s[1] >= '0' && s[1] <= '9')
        for (s++; *s >= '0' && *s <= '9'; s++)
            ;
    return *s == '\0';
}

void table_group_digits(const char *cell, char *out, size_t size)
{
    size_t n = 0, digits = 0;
    if (size == 0)
        return;
    if (!plain_number(cell)) {
        snprintf(out, size, "%s", cell);
        return;
    }
    const char *p = cell + (*cell == '-');
    while (p[digits] >= '0' && p[digits] <= '9')
        digits++;
    for (const char *s = cell; *s && n + 1 < size; s++) {
        out[n++] = *s;
        size_t left = (size_t)(p + digits - s - 1); /* whole digits after this one */
        if (s >= p && s < p + digits && left > 0 && left % 3 == 0 && n + 1 < size)
            out[n++] = ',';
    }
    out[n] = '\0';
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

/* A control character a terminal would act on (ESC starts escape
 * sequences) or XML forbids: C0 but tab, LF and CR, DEL, and C1 (U+0080-
 * U+009F, 0xC2 0x80-0x9F in UTF-8). Returns its length in bytes, else 0. */
static size_t control_len(const char *s)
{
    unsigned char c = (unsigned char)s[0], next = (unsigned char)s[1];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        return 1;
    return c == 0xc2 && next >= 0x80 && next <= 0x9f ? 2 : 0;
}

char *table_clean_text(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += 3; /* the worst case: every byte a control character */
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    while (*s) {
        size_t len = control_len(s);
        if (len) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            s += len;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

/* Writes the character at S, a control character as U+FFFD; returns the
 * bytes of S used. */
static size_t put_char(FILE *out, const char *s)
{
    size_t n = control_len(s);
    if (n) {
        fputs("\xEF\xBF\xBD", out);
        return n;
    }
    fputc(*s, out);
    return 1;
}

/* RFC 4180 quoting; a text cell a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a CR) gets a leading apostrophe, but a
 * plain negative number ("-1008") stays a number. */
void table_write_csv_cell(FILE *out, const char *s, bool guard_formula)
{
    bool guard = guard_formula && strchr("=+-@\t\r", s[0]) && s[0] != '\0' && !plain_number(s);
    bool quote = guard || strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', out);
    if (guard)
        fputc('\'', out);
    while (*s) {
        if (*s == '"')
            fputc('"', out);
        s += put_char(out, s);
    }
    if (quote)
        fputc('"', out);
}

void table_write_html_text(FILE *out, const char *s)
{
    while (*s) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: s += put_char(out, s); continue;
        }
        s++;
    }
}

void table_write_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\u%04x", c);
        else if (control_len(s) == 2)   /* C1 U+0080-U+009F: its second byte is the code */
            fprintf(out, "\\u%04x", (unsigned char)*++s);
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
    while (*s) {
        if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else if (strchr("|\\`*[]<>", *s)) {
            fputc('\\', out);
            fputc(*s, out);
        } else {
            s += put_char(out, s);
            continue;
        }
        s++;
    }
}

/* A numeric cell as printed: with thousands separators. */
static void write_printed(FILE *out, const struct table *t, int r, int c,
                          void (*write)(FILE *, const char *))
{
    char grouped[64];
    const char *v = cell(t, r, c);
    if (t->cols[c].numeric && strlen(v) < 40) {
        table_group_digits(v, grouped, sizeof grouped);
        v = grouped;
    }
    write(out, v);
}

static void md_paragraph(FILE *out, const char *text)
{
    if (!text)
        return;
    md_write_cell(out, text);
    fputs("\n\n", out);
}

static void render_md(const struct table *t, FILE *out)
{
    if (t->title) {
        fputs("## ", out);
        md_write_cell(out, t->title);
        fputs("\n\n", out);
    }
    md_paragraph(out, t->period);
    md_paragraph(out, t->lead);
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
            write_printed(out, t, r, c, md_write_cell);
            fputs(" |", out);
        }
        fputc('\n', out);
    }
    for (int i = 0; i < t->nnotes; i++) {
        fputs(i ? "\\\n" : "\n", out); /* a hard line break between notes */
        md_write_cell(out, t->notes[i]);
    }
    if (t->nnotes)
        fputc('\n', out);
}

static void html_paragraph(FILE *out, const char *class, const char *text)
{
    if (!text)
        return;
    fprintf(out, "<p class=\"%s\">", class);
    table_write_html_text(out, text);
    fputs("</p>\n", out);
}

void table_write_html_caption(const struct table *t, FILE *out)
{
    if (t->title) {
        fputs("<h2>", out);
        table_write_html_text(out, t->title);
        fputs("</h2>\n", out);
    }
    html_paragraph(out, "period", t->period);
    html_paragraph(out, "lead", t->lead);
}

void table_write_html(const struct table *t, FILE *out)
{
    table_write_html_caption(t, out);
    table_write_html_body(t, out);
}

void table_write_html_body(const struct table *t, FILE *out)
{
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
            fputs(t->cols[c].numeric ? "<td class=\"n\">" : t->cols[c].date ? "<td class=\"d\">"
                                                                           : "<td>",
                  out);
            write_printed(out, t, r, c, table_write_html_text);
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    for (int i = 0; i < t->nnotes; i++)
        html_paragraph(out, "note", t->notes[i]);
}

static void render_html(const struct table *t, const char *lang, FILE *out)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>",
            lang ? lang : "en");
    table_write_html_text(out, t->title ? t->title : "odstat");
    fputs("</title>\n<style>" TABLE_CSS "</style>\n</head><body>\n", out);
    table_write_html(t, out);
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
        render_html(t, opt->lang, out);
    else if (strcmp(opt->format, "json") == 0)
        render_json(t, out);
    else if (strcmp(opt->format, "xlsx") == 0)
        return xlsx_write_table(t, opt->chart, out);
    else {
        errorf("unknown format '%s' (csv, md, html, json or xlsx)", opt->format);
        return ST_USAGE;
    }
    return ST_OK;
}
