/* catalog_csv.c - data.gov.tw's catalog export and the plain CSV.
 *
 * An RFC 4180 record reader (quoted fields with commas, newlines and
 * doubled quotes; CRLF or LF) that streams the file through a fixed buffer
 * and grows one buffer per record, then maps header names to record fields.
 * Knows nothing of the database.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"
#include "msg.h"

#define IN_SIZE 65536
#define RECORD_MAX (16u << 20)   /* a longer record is a quote left open */
#define NO_COLUMN SIZE_MAX

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

enum csv_result { CSV_RECORD, CSV_END, CSV_FAIL };

/* data.gov.tw header names of the fields kept; the other columns (among
 * them 提供機關聯絡人姓名 and 提供機關聯絡人電話) are never read. */
static const struct {
    const char *name;
    enum catalog_field field;
} datagovtw_columns[] = {
    {"資料集識別碼", CF_ID},       {"資料集名稱", CF_NAME},
    {"提供機關", CF_PUBLISHER},    {"品質檢測", CF_BADGE},
    {"更新頻率", CF_FREQUENCY},    {"上架日期", CF_LISTED},
    {"詮釋資料更新時間", CF_UPDATED}, {"檔案格式", CF_FORMATS},
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
    return fail(c, ST_USAGE, "cannot read catalog '%s' after line %llu", c->path,
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

/* The next record into c->rec / c->fields. */
static enum csv_result next_record(struct csv *c)
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

static bool header_equals(const char *name, size_t len, const char *want, bool nocase)
{
    if (len != strlen(want))
        return false;
    for (size_t i = 0; i < len; i++) {
        char a = name[i];
        if (nocase && a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != want[i])
            return false;
    }
    return true;
}

/* The field header column NAME holds, or CF_COUNT when it is not read. */
static enum catalog_field header_field(const char *name, size_t len, enum catalog_kind kind)
{
    while (len && (*name == ' ' || *name == '\t'))
        name++, len--;
    while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        len--;
    if (kind == CATALOG_DATAGOVTW) {
        for (size_t i = 0; i < sizeof datagovtw_columns / sizeof datagovtw_columns[0]; i++)
            if (header_equals(name, len, datagovtw_columns[i].name, false))
                return datagovtw_columns[i].field;
        return CF_COUNT;
    }
    for (int f = 0; f < CF_COUNT; f++)
        if (header_equals(name, len, catalog_field_name((enum catalog_field)f), true))
            return (enum catalog_field)f;
    return CF_COUNT;
}

/* Reads the header into COLUMN (field -> column index). */
static enum csv_result read_header(struct csv *c, enum catalog_kind kind, size_t column[CF_COUNT])
{
    enum csv_result r = next_record(c);

    if (r == CSV_END)
        return fail(c, ST_USAGE, "catalog '%s' is empty", c->path);
    if (r != CSV_RECORD)
        return r;
    for (int f = 0; f < CF_COUNT; f++)
        column[f] = NO_COLUMN;
    for (size_t i = 0; i < c->nfields; i++) {
        enum catalog_field f = header_field(c->rec + c->fields[i].start, c->fields[i].len, kind);
        if (f == CF_COUNT)
            continue;
        if (column[f] != NO_COLUMN)
            return fail(c, ST_USAGE, "'%s:%llu': column '%s' appears twice in the header",
                        c->path, (unsigned long long)c->rec_line, c->rec + c->fields[i].start);
        column[f] = i;
    }
    if (column[CF_ID] == NO_COLUMN)
        return fail(c, ST_USAGE, kind == CATALOG_DATAGOVTW
                    ? "'%s:%llu': the header has no column 資料集識別碼"
                    : "'%s:%llu': the header has no dataset_id column"
                      " (see docs/catalog.md for the plain CSV layout)",
                    c->path, (unsigned long long)c->rec_line);
    if (kind == CATALOG_DATAGOVTW)
        for (size_t i = 0; i < sizeof datagovtw_columns / sizeof datagovtw_columns[0]; i++)
            if (column[datagovtw_columns[i].field] == NO_COLUMN)
                warnf("'%s': no column %s in the header; %s is left as stored", c->path,
                      datagovtw_columns[i].name,
                      catalog_field_name(datagovtw_columns[i].field));
    return CSV_RECORD;
}

static enum status read_records(struct catalog_writer *w, struct csv *c, enum catalog_kind kind)
{
    size_t column[CF_COUNT], header_fields;
    enum csv_result r = read_header(c, kind, column);
    enum status rc = ST_OK;

    if (r != CSV_RECORD)
        return c->rc;
    header_fields = c->nfields;
    while (rc == ST_OK && (r = next_record(c)) == CSV_RECORD) {
        struct catalog_record rec = {.line = c->rec_line};
        if (c->nfields == 1 && c->fields[0].len == 0)
            continue; /* a blank line */
        if (c->nfields != header_fields) {
            catalog_writer_reject(w, &rec, "%zu fields where the header has %zu", c->nfields,
                                  header_fields);
            continue;
        }
        for (int f = 0; f < CF_COUNT; f++) {
            if (column[f] == NO_COLUMN)
                continue;
            rec.field[f] = c->rec + c->fields[column[f]].start;
            rec.len[f] = c->fields[column[f]].len;
        }
        rc = catalog_writer_put(w, &rec);
    }
    return rc != ST_OK ? rc : r == CSV_FAIL ? c->rc : ST_OK;
}

enum status catalog_read_csv(struct catalog_writer *w, FILE *f, const char *path,
                             enum catalog_kind kind)
{
    struct csv c = {.f = f, .path = path, .line = 1, .rc = ST_OK};
    enum status rc = ST_NOMEM;

    if (!(c.in = malloc(IN_SIZE))) {
        errorf("out of memory reading '%s'", path);
        goto out;
    }
    if (peek(&c) == 0xEF && c.in_len - c.in_pos >= 3 && memcmp(c.in, "\xEF\xBB\xBF", 3) == 0)
        c.in_pos = 3; /* UTF-8 byte order mark */
    rc = read_records(w, &c, kind);
out:
    free(c.fields);
    free(c.rec);
    free(c.in);
    return rc;
}
