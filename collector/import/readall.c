/* readall.c - a JSON import file read whole into memory (catalogs and
 * count snapshots are parsed as one document). */
#include "readall.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

#define FILE_MAX (1u << 30)   /* larger files are refused */

/* Reads all of F into *TEXT (malloc'd; the caller frees) and *LEN. */
enum status import_read_all(FILE *f, const char *path, char **text, size_t *len)
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
