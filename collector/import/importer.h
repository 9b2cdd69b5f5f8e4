/* importer.h - helpers the importers share (catalog*.c, counts*.c). */
#ifndef ODSTAT_IMPORTER_H
#define ODSTAT_IMPORTER_H

#include "dbi.h"
#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "logline.h"
#include "status.h"

#define IMPORT_ID_MAX 100   /* an id is one URL path segment (SPEC §1.4) */

/* Blank: space, tab, CR or LF; trimming removes them at both ends. */
bool import_is_blank(char c);
struct text import_trim(struct text t);

/* One URL path segment of the class the rules capture: 1..100 characters
 * of [A-Za-z0-9._~-], not "." or "..". */
bool import_valid_id(struct text t);

/* Steps ST; *ROW (may be NULL) says whether a row came. A failure prints
 * the SQLite error naming PATH: ST_DB or ST_NOMEM. */
enum status import_step(struct dbi *db, const char *path, struct dbi_stmt *st, int *row);

/* Resets ST and clears its bindings for the next use. */
void import_finish(struct dbi_stmt *st);

/* Binds T (static text) to parameter I; a NULL T.p leaves it NULL. */
void import_bind(struct dbi_stmt *st, int i, struct text t);

/* Reads all of F (named PATH) and parses it as JSON (a UTF-8 BOM is
 * skipped) into *DOC, freed by the caller with json_free. ST_USAGE for a
 * file that cannot be read, is over 1 GiB or is no JSON (message naming
 * PATH, line and column); ST_NOMEM. *DOC is NULL on failure. */
enum status import_read_json(FILE *f, const char *path, struct json **doc);

#endif
