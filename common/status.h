/* status.h - the one status code every module returns, and its exit code.
 *
 * Modules return a status and never exit; only main() turns a status into
 * a process exit code (see status_exit_code) so the codes stay the ones the
 * README and SPEC §5 promise.
 */
#ifndef ODSTAT_STATUS_H
#define ODSTAT_STATUS_H

enum status {
    ST_OK = 0,
    ST_INPUT,    /* some input could not be read (truncated gzip, bad path) */
    ST_USAGE,    /* bad command line or configuration; nothing changed */
    ST_DB,       /* database error; the failing batch was rolled back */
    ST_NOMEM,    /* out of memory (reported like a database-level failure) */
};

/* A short lower-case description of STATUS, for messages. */
const char *status_str(enum status status);

/* The process exit code for STATUS: 0 ok, 1 input, 2 usage, 3 database. */
int status_exit_code(enum status status);

/* The worse of two statuses (usage > db > input > ok), so a run can keep
 * going after a bad file and still report the most serious problem. */
enum status status_worst(enum status a, enum status b);

#endif
