/* textfile.h - a small configuration file (rules, pattern lists) read
 * whole into memory. Not for logs: those are streamed by collector/input. */
#ifndef ODSTAT_TEXTFILE_H
#define ODSTAT_TEXTFILE_H

#include "status.h"

#define TEXTFILE_MAX (16 * 1024 * 1024)

/* Reads PATH into *OUT (NUL-terminated; the caller frees it). WHAT names
 * the file in messages ("rules file"). ST_USAGE when it cannot be read or
 * is larger than TEXTFILE_MAX; ST_NOMEM; *OUT is NULL on failure. */
enum status textfile_read(const char *path, const char *what, char **out);

#endif
