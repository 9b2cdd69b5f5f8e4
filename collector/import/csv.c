/* csv.c - an RFC 4180 record reader for the importers (catalogs, count
 * snapshots): quoted fields with commas, newlines and doubled quotes; CRLF
 * or LF; a UTF-8 BOM skipped. Streams the file through a fixed buffer and
 * grows one buffer per record. Knows nothing of what the columns mean.
 */
#include "csv.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

#define IN_SIZE 65536
#define RECORD_MAX (16u << 20)   /* a longer record is a quote left open */

struct csv_field {
    size_t start, len;           /* in rec; NUL-terminated */
};

struct csv {
    FILE *f;
    const char *path;
    unsigned char *in;           /* IN_SIZE bytes of the file */
    size_t in_pos, in_len;
    bool read_error;
    char *rec;                   /* the current record's fields */
    size_t rec_len, rec_cap;
    struct csv_field *fields;
    size_t nfields, fields_cap;
    uint64_t line;               /* line being read (1-based) */
    uint64_t rec_line;           /* line the current record starts on */
    enum status rc;              /* why the last read failed */
};


static enum csv_result fail(struct csv *c, enum status rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum csv_result fail(struct csv *c, enum status rc, const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    errorf("%s", text);
    c->rc = rc;
    return CSV_FAIL;
}

static enum csv_result fail_read(struct csv *c)
{
    return fail(c, ST_USAGE, "cannot read '%s' after line %llu", c->path,
                (unsigned long long)c->line);
}

static int get(struct csv *c)
{
    if (c->in_pos == c->in_len) {
        c->in_pos = 0;
        c->in_len = c->read_error ? 0 : fread(c->in, 1, IN_SIZE, c->f);
        if (c->in_len == 0) {
            c->read_error = c->read_error || ferror(c->f);
            return EOF;
        }
    }
    return c->in[c->in_pos++];
}

static int peek(struct csv *c)
{
    int ch = get(c);
    if (ch != EOF)
        c->in_pos--;
    return ch;
}

static bool put(struct csv *c, int ch)
{
    if (c->rec_len == c->rec_cap) {
        size_t cap = c->rec_cap ? c->rec_cap * 2 : 4096;
        char *p;
        if (c->rec_len >= RECORD_MAX) {
            fail(c, ST_USAGE, "'%s:%llu': record longer than %u MiB (is a quote left open?)",
                 c->path, (unsigned long long)c->rec_line, RECORD_MAX >> 20);
            return false;
        }
        if (!(p = realloc(c->rec, cap))) {
            fail(c, ST_NOMEM, "out of memory reading '%s'", c->path);
            return false;
        }
        c->rec = p;
        c->rec_cap = cap;
    }
    c->rec[c->rec_len++] = (char)ch;
    return true;
}

static bool begin_field(struct csv *c)
{
    if (c->nfields == c->fields_cap) {
        size_t cap = c->fields_cap ? c->fields_cap * 2 : 32;
        struct csv_field *p = realloc(c->fields, cap * sizeof *p);
        if (!p) {
            fail(c, ST_NOMEM, "out of memory reading '%s'", c->path);
            return false;
        }
        c->fields = p;
        c->fields_cap = cap;
    }
    c->fields[c->nfields++].start = c->rec_len;
    return true;
}

static bool end_field(struct csv *c)
{
    struct csv_field *fld = &c->fields[c->nfields - 1];
    fld->len = c->rec_len - fld->start;
    return put(c, '\0');
}

/* Reads a quoted field's content (the opening quote was read) and returns
 * the character after the closing quote, or -2 after a failure. */
static int quoted_field(struct csv *c)
{
    uint64_t open_line = c->line;
    int ch;

    for (;;) {
        if ((ch = get(c)) == EOF) {
            if (c->read_error)
                return fail_read(c), -2;
            return fail(c, ST_USAGE, "'%s:%llu': quoted field not closed at the end of the file",
                        c->path, (unsigned long long)open_line), -2;
        }
        if (ch == '"') {
            if (peek(c) != '"')
                break;
            get(c);
        } else if (ch == '\n') {
            c->line++;
        }
        if (!put(c, ch))
            return -2;
    }
    ch = get(c);
    if (ch == '\r' && peek(c) == '\n')
        ch = get(c);
    if (ch != ',' && ch != '\n' && ch != EOF)
        return fail(c, ST_USAGE, "'%s:%llu': text after the closing quote of a field",
                    c->path, (unsigned long long)c->line), -2;
    return ch;
}

enum csv_result csv_next(struct csv *c)
{
    int ch;

    c->rec_len = c->nfields = 0;
    c->rec_line = c->line;
    if ((ch = get(c)) == EOF)
        return c->read_error ? fail_read(c) : CSV_END;
    for (;;) {
        if (!begin_field(c))
            return CSV_FAIL;
        if (ch == '"') {
            if ((ch = quoted_field(c)) == -2)
                return CSV_FAIL;
        } else {
            while (ch != ',' && ch != '\n' && ch != EOF) {
                if (ch == '\r' && peek(c) == '\n') {
                    ch = get(c);
                    break;
                }
                if (!put(c, ch))
                    return CSV_FAIL;
                ch = get(c);
            }
        }
        if (!end_field(c))
            return CSV_FAIL;
        if (ch == ',') {
            ch = get(c);
            continue;
        }
        if (ch == '\n')
            c->line++;
        else if (c->read_error)
            return fail_read(c);
        return CSV_RECORD;
    }
}

enum status csv_new(struct csv **out, FILE *f, const char *path)
{
    struct csv *c = calloc(1, sizeof *c);

    *out = NULL;
    if (!c || !(c->in = malloc(IN_SIZE))) {
        free(c);
        errorf("out of memory reading '%s'", path);
        return ST_NOMEM;
    }
    c->f = f;
    c->path = path;
    c->line = 1;
    if (peek(c) == 0xEF && c->in_len - c->in_pos >= 3 && memcmp(c->in, "\xEF\xBB\xBF", 3) == 0)
        c->in_pos = 3; /* UTF-8 byte order mark */
    *out = c;
    return ST_OK;
}

void csv_free(struct csv *c)
{
    if (!c)
        return;
    free(c->fields);
    free(c->rec);
    free(c->in);
    free(c);
}

size_t csv_count(const struct csv *c) { return c->nfields; }

const char *csv_field(const struct csv *c, size_t i, size_t *len)
{
    if (len)
        *len = c->fields[i].len;
    return c->rec + c->fields[i].start;
}

uint64_t csv_line(const struct csv *c) { return c->rec_line; }

enum status csv_status(const struct csv *c) { return c->rc; }

bool csv_blank(const struct csv *c) { return c->nfields == 1 && c->fields[0].len == 0; }

bool csv_name_is(const char *name, size_t len, const char *want)
{
    while (len && (*name == ' ' || *name == '\t'))
        name++, len--;
    while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        len--;
    if (!want || len != strlen(want))
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] - 'A' + 'a') : name[i];
        if (c != want[i])
            return false;
    }
    return true;
}
