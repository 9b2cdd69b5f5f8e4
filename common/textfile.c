/* textfile.c - whole-file reads for small configuration files. */
#define _POSIX_C_SOURCE 200809L
#include "textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

enum status textfile_read(const char *path, const char *what, char **out)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    enum status rc = ST_OK;

    *out = NULL;
    if (!f) {
        errorf("cannot open %s '%s': %s", what, path, strerror(errno));
        return ST_USAGE;
    }
    do {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *grown = cap > TEXTFILE_MAX + 8192 ? NULL : realloc(text, cap);
            if (!grown) {
                errorf("%s '%s' is too large", what, path);
                rc = ST_USAGE;
                goto out;
            }
            text = grown;
        }
        n = fread(text + len, 1, 4096, f);
        len += n;
    } while (n > 0);
    if (ferror(f)) {
        errorf("cannot read %s '%s': %s", what, path, strerror(errno));
        rc = ST_USAGE;
        goto out;
    }
    text[len] = '\0';
    *out = text;
    text = NULL;
out:
    free(text);
    fclose(f);
    return rc;
}
