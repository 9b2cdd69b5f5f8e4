/* tmpdb.c - a unit test's directory and database (tmpdb.h). */
#define _GNU_SOURCE /* mkdtemp */
#include "tmpdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "msg.h"

int tmpdb_open(struct tmpdb *t, const char *name)
{
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "/tmp/odstat-%s-XXXXXX", name);
    if (!mkdtemp(t->dir))
        return -1;
    snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
    msg_set_program(name);
    return db_open(&t->db, t->path, DB_CREATE, 1000) == ST_OK ? 0 : -1;
}

void tmpdb_close(struct tmpdb *t)
{
    DIR *d = opendir(t->dir);
    struct dirent *e;
    char path[sizeof t->dir + 256];

    db_close(t->db);
    t->db = NULL;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", t->dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(t->dir);
}

const char *tmpdb_write(struct tmpdb *t, const char *name, const char *text)
{
    snprintf(t->file, sizeof t->file, "%s/%s", t->dir, name);
    FILE *f = fopen(t->file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    return t->file;
}
