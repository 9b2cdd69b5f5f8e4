/* logline.h - one access-log line to the fields the counting rules need.
 *
 * Parses in place (quoted fields are unescaped inside the line buffer), with
 * no allocation. Knows log formats, nothing about datasets or counting.
 */
#ifndef ODSTAT_LOGLINE_H
#define ODSTAT_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a line is not an event; also the index of the reject counters. */
enum parse_result {
    PARSE_OK = 0,
    REJECT_FORMAT,     /* does not match the log format */
    REJECT_TIMESTAMP,  /* unparsable or impossible timestamp */
    REJECT_STATUS,     /* status is not three digits */
    REJECT_REQUEST,    /* request is not METHOD SP TARGET [SP PROTOCOL] */
    REJECT_LONG,       /* longer than INPUT_LINE_MAX */
    REJECT_FIELDS,     /* not as many fields as the header lists (W3C) */
    PARSE_DIRECTIVE,   /* a header or comment line (W3C "#Fields:"): skipped
                          silently, neither an event nor a reject */
    PARSE_RESULTS
};

struct text {
    const char *p;
    size_t len;
};

struct logrec {
    struct text addr, method, target, ua;
    struct text xff;   /* X-Forwarded-For as written; empty when the format
                          has none (combined, common) */
    struct text host;  /* the virtual host the request was served by, without
                          a port; empty when the format has none (SPEC §1.4b) */
    bool has_ua;       /* the line has a user-agent field (an empty or "-"
                          one included); false: detection by UA is off and
                          the event is human (SPEC §1.1) */
    int status;
    int64_t instant;   /* Unix seconds: written local time minus its offset */
    int64_t day;       /* local date as written, days since 1970-01-01 */
    int hour;          /* local hour as written */
    int second_of_hour;
};

/* Parses a `combined` line TEXT[0..LEN) (TEXT[LEN] must be writable) into
 * *REC, whose texts point into TEXT. */
enum parse_result logline_parse_combined(char *text, size_t len, struct logrec *rec);

/* Parses "DD/Mon/YYYY:HH:MM:SS +HHMM" (exactly LEN = 26) into REC's time
 * fields; false for anything else, including dates like 31/Feb. */
int logline_parse_clf_time(const char *s, size_t len, struct logrec *rec);

/* Splits a request line "METHOD SP TARGET [SP PROTOCOL]" (each part
 * non-empty) into REC's method and target; false for anything else. */
bool logline_split_request(struct text req, struct logrec *rec);

/* Short name of a reject reason ("format", "timestamp", ...). */
const char *logline_reject_name(enum parse_result r);

#endif
