/* formats.h - every access-log format odstat reads (SPEC §1.1) behind one
 * line parser, format detection for -f auto, and the choice of the client
 * address behind trusted proxies (X-Forwarded-For).
 *
 * Parses in place with no allocation per line, like logline.h, whose
 * struct logrec and enum parse_result it fills. Knows nothing about
 * datasets, counting or files. The formats are documented in docs/formats.md.
 */
#ifndef ODSTAT_FORMATS_H
#define ODSTAT_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "logline.h"
#include "status.h"

struct log_format;   /* a format and its per-file state (W3C #Fields) */

/* A parser for SPEC: "combined", "common", "vhost_combined", "w3c", "json",
 * "auto", or a custom format string (anything containing '%'). A bad SPEC
 * is reported with errorf and gives ST_USAGE; ST_NOMEM. *OUT is NULL on
 * failure. The caller frees *OUT with log_format_free. An "auto" parser
 * only names the choice: resolve it per file with log_format_for_file. */
enum status log_format_new(struct log_format **out, const char *spec);

/* A new parser for the same format as F in the state of a file's start;
 * use one per file, as W3C state is per file. ST_NOMEM, *OUT NULL then. */
enum status log_format_clone(struct log_format **out, const struct log_format *f);

/* Frees F (NULL is fine). */
void log_format_free(struct log_format *f);

/* Parses line TEXT[0..LEN) (TEXT[LEN] must be writable; the line end is
 * already gone; a last '\r' and a leading UTF-8 byte order mark are
 * ignored) into *REC. Same contract as
 * logline_parse_combined: fields are unescaped in place and REC's texts
 * point into TEXT - except the W3C and custom targets built from a path and
 * a query that are apart in the line, which point into F's buffer. Either
 * way they are valid until TEXT changes or F parses its next line.
 * PARSE_DIRECTIVE for header, comment and empty lines (skip silently);
 * REJECT_* as for combined; always REJECT_FORMAT for an "auto" parser. */
enum parse_result log_format_parse(struct log_format *f, char *text, size_t len,
                                   struct logrec *rec);

/* False when no line of the format has a user agent (common, iis, haproxy,
 * a format string without %u). Whether a line has one is REC's has_ua,
 * which is what counts (SPEC §1.1): a W3C #Fields list or a JSON line may
 * lack it where the format has one. */
bool log_format_has_ua(const struct log_format *f);

/* False when lines of F never carry an X-Forwarded-For field (combined,
 * common, vhost_combined, iis, alb, s3, haproxy, format strings and JSON
 * key maps without one), so --client-ip xff cannot work. True for auto. */
bool log_format_has_xff(const struct log_format *f);

/* True when directive lines change how later lines parse (w3c "#Fields:").
 * A file resumed mid-way must first replay the '#' lines of the part
 * skipped through log_format_parse, or its new lines get the wrong fields. */
bool log_format_has_directives(const struct log_format *f);

/* True for the "auto" parser. */
bool log_format_is_auto(const struct log_format *f);

/* "combined", "common", "vhost_combined", "w3c", "json", "auto" or
 * "custom"; static storage. */
const char *log_format_name(const struct log_format *f);

/* The format that reads most of the first 50 lines of SAMPLE (a file's
 * first bytes, such as input_head gives; an unfinished last line is
 * ignored, and so are lines too long to count), as a spec for
 * log_format_new; NULL when none reads any line. A line whose layout a
 * format reads but whose request, status or time is bad (a probe such as
 * "-" 400) counts half. Custom format strings are never guessed. */
const char *log_format_detect(const char *sample, size_t len);

/* The parser for a file at PATH whose first bytes are SAMPLE: for "auto",
 * the format detected (said in a note); else a clone of GIVEN. ST_INPUT,
 * with an error naming PATH, when under auto no format fits, or when most
 * lines fail GIVEN while another format reads them ("'x.log' looks like
 * common, not combined: use -f common"). ST_NOMEM. *OUT is NULL on
 * failure; the caller frees it with log_format_free. */
enum status log_format_for_file(struct log_format **out, const struct log_format *given,
                                const char *path, const char *sample, size_t len);

struct proxy_list;   /* trusted proxy addresses: IPv4 and IPv6 CIDR blocks */

/* Parses CIDRS, a list of addresses or CIDR blocks separated by commas or
 * blanks ("10.0.0.0/8, 2001:db8::/32, 192.0.2.7"); an empty list is fine.
 * A bad entry is reported with errorf and gives ST_USAGE; ST_NOMEM. *OUT is
 * NULL on failure. The caller frees *OUT with proxy_list_free. */
enum status proxy_list_new(struct proxy_list **out, const char *cidrs);

/* Frees LIST (NULL is fine). */
void proxy_list_free(struct proxy_list *list);

/* The client address of REC for --client-ip xff: the rightmost
 * X-Forwarded-For entry that is not inside TRUSTED (NULL: none trusted);
 * the leftmost entry when all are trusted; REC's address when the header is
 * empty. An entry that is not an IP address (such as "unknown") counts as
 * untrusted; a port (1.2.3.4:80, [2001:db8::1]:80) is left out. Points into
 * REC's line. */
struct text proxy_list_client(const struct proxy_list *trusted, const struct logrec *rec);

#endif
