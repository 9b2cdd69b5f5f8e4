/* tmpdb.h - a unit test's own directory with a fresh SQLite database in
 * it, made in a cmocka setup and removed, with every file written there,
 * in the teardown. Shared by the tests that need a real database. */
#ifndef ODSTAT_TEST_TMPDB_H
#define ODSTAT_TEST_TMPDB_H

#include "dbi.h"

struct tmpdb {
    char dir[64];          /* /tmp/odstat-NAME-XXXXXX */
    char path[128];        /* DIR/test.db */
    char file[160];        /* the last file tmpdb_write wrote */
    struct dbi *db;        /* open on PATH, at the current schema */
};

/* Makes the directory and the database for test program NAME (also the
 * name messages give). Returns 0, or -1 (a cmocka setup's failure). */
int tmpdb_open(struct tmpdb *t, const char *name);

/* Closes the database and removes the directory and all files in it. */
void tmpdb_close(struct tmpdb *t);

/* Writes TEXT to DIR/NAME; returns its path (T->file). Fails the test
 * when it cannot. */
const char *tmpdb_write(struct tmpdb *t, const char *name, const char *text);

#endif
