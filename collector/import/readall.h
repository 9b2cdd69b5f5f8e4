/* readall.h - reading an import file whole (JSON is parsed at once). */
#ifndef ODSTAT_READALL_H
#define ODSTAT_READALL_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

/* Reads all of F (named PATH in messages) into *TEXT, malloc'd for the
 * caller to free, and its length into *LEN. ST_USAGE when F cannot be
 * read or is larger than 1 GiB; ST_NOMEM; *TEXT is NULL on failure. */
enum status import_read_all(FILE *f, const char *path, char **text, size_t *len);

#endif
