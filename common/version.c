/* version.c - the --version text of both programs. */
#include "version.h"

#include "db.h"

void version_print(FILE *out, const char *program)
{
    fprintf(out,
            "%s %s\n"
            "database schema %d, counting rules and command line of SPEC version 2\n"
            "license MIT: see LICENSE (the COUNTER-Robots list is MIT-licensed too)\n",
            program, ODSTAT_VERSION, db_schema_version());
}
