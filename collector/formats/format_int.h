/* format_int.h - private to the log-format module (formats.c, format_*.c);
 * not an API. Callers use formats.h.
 *
 * formats.c owns the format table and dispatch; format_time.c matches
 * strftime-like time specs; format_w3c.c, format_json.c and format_custom.c
 * each parse one family of formats. Nothing here allocates per line.
 */
#ifndef ODSTAT_FORMAT_INT_H
#define ODSTAT_FORMAT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats.h"
#include "input.h"
#include "logline.h"
#include "status.h"

/* An empty text that still points somewhere (hashing and memcmp of a NULL
 * pointer are undefined, even for length 0). */
#define FMT_EMPTY ((struct text){"", 0})

/* ---- shared field helpers (formats.c) ---- */

#define FMT_JOIN_MAX (INPUT_LINE_MAX + 1)   /* a target built apart from its line */

/* The target STEM?QUERY, or STEM alone when QUERY is empty or "-". Fields
 * one byte apart in TEXT are joined in place (that byte becomes '?'),
 * others in JOIN (FMT_JOIN_MAX bytes). False when too long. */
bool fmt_join_target(char *text, struct text stem, struct text query, char *join,
                     struct logrec *rec);

/* Exactly three digits into REC->status. */
bool fmt_set_status(struct text t, struct logrec *rec);

/* "-" or a run of digits: what a bytes field may hold. */
bool fmt_bytes_ok(struct text t);

/* A host as logged without its ":port" ("[v6]:port" too). */
struct text fmt_host(struct text t);

/* True when S[0..N) is NAME, ignoring ASCII case (field and header names). */
bool fmt_same_name(const char *s, size_t n, const char *name);

/* True when T is exactly "-" (the "no value" mark of most log formats). */
bool fmt_is_dash(struct text t);

/* The value of hex digit C, or -1. */
int fmt_hexval(int c);

/* ---- time specs (format_time.c) ---- */

/* The parts of a timestamp seen so far; -1 where not seen. */
struct fmt_time {
    int year, month, day, hour, minute, second;
    int offset;         /* seconds east of UTC; 0 unless %z was seen */
    bool epoch_seen;    /* %s: EPOCH overrides the other parts */
    int64_t epoch;
};

/* Which parts a spec provides (fmt_time_check); a timestamp needs
 * FMT_HAS_DATE and FMT_HAS_CLOCK, or FMT_HAS_EPOCH. */
enum {
    FMT_HAS_YEAR = 1,
    FMT_HAS_MONTH = 2,
    FMT_HAS_DAY = 4,
    FMT_HAS_HOUR = 8,
    FMT_HAS_MINUTE = 16,
    FMT_HAS_EPOCH = 32,
    FMT_HAS_DATE = FMT_HAS_YEAR | FMT_HAS_MONTH | FMT_HAS_DAY,
    FMT_HAS_CLOCK = FMT_HAS_HOUR | FMT_HAS_MINUTE,
};

void fmt_time_init(struct fmt_time *t);

/* Matches SPEC[0..SPECLEN) at S (before END), filling *T. Returns the end
 * of the match, or NULL when S does not fit the spec. */
const char *fmt_time_match(const char *spec, size_t speclen, const char *s, const char *end,
                           struct fmt_time *t);

/* Checks that SPEC uses only supported conversions; ORs FMT_HAS_* bits of
 * what it provides into *HAS. On failure *BAD is the offending character. */
bool fmt_time_check(const char *spec, size_t speclen, int *has, char *bad);

/* Validates *T (a real date, hour 0-23 ...) and sets REC's day, hour,
 * second_of_hour and instant. */
bool fmt_time_finish(const struct fmt_time *t, struct logrec *rec);

/* ---- W3C extended (format_w3c.c) ---- */

struct fmt_w3c;   /* the current #Fields list: changes mid-file */

/* A parser in the state of a file's start (IIS's default field list, or
 * CloudFront's when CLOUDFRONT, which also needs x-edge-location and
 * decodes the UA). ST_NOMEM on failure, *OUT NULL. Free with
 * fmt_w3c_free. */
enum status fmt_w3c_new(struct fmt_w3c **out, bool cloudfront);
void fmt_w3c_free(struct fmt_w3c *w);
enum parse_result fmt_w3c_parse(struct fmt_w3c *w, char *text, size_t len, struct logrec *rec);

/* IIS's comma-separated log format (no header; W's buffer joins the
 * target). */
enum parse_result fmt_iis_parse(struct fmt_w3c *w, char *text, size_t len, struct logrec *rec);

/* ---- AWS ALB/ELB, S3, HAProxy (format_cloud.c) ---- */

enum parse_result fmt_alb_parse(char *text, size_t len, struct logrec *rec);
enum parse_result fmt_s3_parse(char *text, size_t len, struct logrec *rec);
enum parse_result fmt_haproxy_parse(char *text, size_t len, struct logrec *rec);

/* ---- JSON lines (format_json.c) ---- */

struct fmt_json;   /* the key maps; read-only while parsing */

/* The built-in key maps (nginx, Caddy, Traefik, Matomo), or MAP_SPEC
 * ("addr=ip,time=ts,uri=request.uri,...") alone when not NULL. A bad map:
 * message naming SPEC via errorf, ST_USAGE. ST_NOMEM. Free with
 * fmt_json_free. */
enum status fmt_json_new(struct fmt_json **out, const char *map_spec, const char *spec);
void fmt_json_free(struct fmt_json *j);
bool fmt_json_has_xff(const struct fmt_json *j);
enum parse_result fmt_json_parse(const struct fmt_json *j, char *text, size_t len,
                                 struct logrec *rec);

/* ---- custom format strings (format_custom.c) ---- */

struct fmt_custom;   /* a compiled format string; read-only while parsing
                        except for its join buffer */

/* Compiles SPEC. A bad spec: message via errorf, ST_USAGE. ST_NOMEM.
 * *OUT is NULL on failure. Free with fmt_custom_free. */
enum status fmt_custom_new(struct fmt_custom **out, const char *spec);
void fmt_custom_free(struct fmt_custom *c);
bool fmt_custom_has_ua(const struct fmt_custom *c);
bool fmt_custom_has_xff(const struct fmt_custom *c);
enum parse_result fmt_custom_parse(struct fmt_custom *c, char *text, size_t len,
                                   struct logrec *rec);

#endif
