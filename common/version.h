/* version.h - the one version string of odstat, and how it is shown.
 *
 * Both programs print it for --version; the collector records it in the
 * database (meta 'writer_version') so `odstat-report status` can say which
 * odstat last wrote a file. Change ODSTAT_VERSION here and nowhere else.
 */
#ifndef ODSTAT_VERSION_H
#define ODSTAT_VERSION_H

#include <stdio.h>

#define ODSTAT_VERSION "2.0.0"

/* Writes "PROGRAM VERSION" and the schema and SPEC versions to OUT. */
void version_print(FILE *out, const char *program);

#endif
