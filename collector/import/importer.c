/* importer.c - what the importers (catalogs, count snapshots) share: text
 * trimming, the dataset id check, statement steps, and a JSON file parsed
 * whole. */
#include "importer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

#define FILE_MAX (1u << 30)   /* larger JSON files are refused */

bool import_is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

struct text import_trim(struct text t)
{
    while (t.len && import_is_blank(t.p[0]))
        t.p++, t.len--;
    while (t.len && import_is_blank(t.p[t.len - 1]))
        t.len--;
    return t;
}

bool import_valid_id(struct text t)
{
    if (t.len == 0 || t.len > IMPORT_ID_MAX || (t.len == 1 && t.p[0] == '.') ||
        (t.len == 2 && t.p[0] == '.' && t.p[1] == '.'))
        return false;
    for (size_t i = 0; i < t.len; i++) {
        char c = t.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '~' || c == '-'))
            return false;
    }
    return true;
}

enum status import_step(struct dbi *db, const char *path, struct dbi_stmt *st, int *row)
{
    int r = dbi_step(st);
    if (r == DBI_ROW || r == DBI_DONE) {
        if (row)
            *row = r == DBI_ROW;
        return ST_OK;
    }
    errorf("cannot import '%s': %s", path, dbi_errmsg(db));
    return ST_DB;
}

void import_finish(struct dbi_stmt *st)
{
    dbi_reset(st);
    dbi_clear_bindings(st);
}

void import_bind(struct dbi_stmt *st, int i, struct text t)
{
    if (t.p)
        dbi_bind_text(st, i, t.p, (int)t.len);
}

/* Reads all of F into *TEXT (malloc'd; the caller frees) and *LEN. */
static enum status read_all(FILE *f, const char *path, char **text, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap), *p;

    *text = NULL;
    for (;;) {
        if (!buf) {
            errorf("out of memory reading '%s'", path);
            return ST_NOMEM;
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (cap >= FILE_MAX) {
            errorf("'%s' is larger than %u MiB", path, FILE_MAX >> 20);
            free(buf);
            return ST_USAGE;
        }
        cap *= 2;
        if (!(p = realloc(buf, cap)))
            free(buf);
        buf = p;
    }
    if (ferror(f)) {
        errorf("cannot read '%s': %s", path, strerror(errno));
        free(buf);
        return ST_USAGE;
    }
    *text = buf;
    *len = n;
    return ST_OK;
}

enum status import_read_json(FILE *f, const char *path, struct json **doc)
{
    struct json_error err;
    char *text = NULL;
    size_t len = 0, skip = 0;
    enum status rc = read_all(f, path, &text, &len);

    *doc = NULL;
    if (rc != ST_OK)
        return rc;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        skip = 3; /* UTF-8 byte order mark */
    rc = json_parse(doc, text + skip, len - skip, &err);
    if (rc == ST_INPUT) {
        errorf("'%s:%zu:%zu': %s", path, err.line, err.column + (err.line == 1 ? skip : 0),
               err.message);
        rc = ST_USAGE;
    } else if (rc == ST_NOMEM) {
        errorf("out of memory reading '%s'", path);
    }
    free(text);
    return rc;
}
