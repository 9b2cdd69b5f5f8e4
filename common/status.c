/* status.c - names and exit codes of enum status. */
#include "status.h"

const char *status_str(enum status status)
{
    switch (status) {
    case ST_OK: return "ok";
    case ST_INPUT: return "some input could not be read";
    case ST_USAGE: return "usage or configuration error";
    case ST_DB: return "database error";
    case ST_NOMEM: return "out of memory";
    }
    return "unknown status";
}

int status_exit_code(enum status status)
{
    switch (status) {
    case ST_OK: return 0;
    case ST_INPUT: return 1;
    case ST_USAGE: return 2;
    case ST_DB: return 3;
    case ST_NOMEM: return 3;
    }
    return 3;
}

static int severity(enum status s)
{
    switch (s) {
    case ST_OK: return 0;
    case ST_INPUT: return 1;
    case ST_DB: return 2;
    case ST_NOMEM: return 2;
    case ST_USAGE: return 3;
    }
    return 3;
}

enum status status_worst(enum status a, enum status b)
{
    return severity(a) >= severity(b) ? a : b;
}
