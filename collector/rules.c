/* rules.c - parsing and matching of URL rules (SPEC §1.4). */
#define _POSIX_C_SOURCE 200809L
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "target.h"
#include "textfile.h"

#define MAX_SEGMENTS 32     /* per rule */
#define MAX_QUERIES 4       /* ?NAME= captures per rule */
#define MAX_PATH_SEGMENTS 128
#define ID_MAX 100

const char rules_builtin_text[] =
    "download /dataset/{id}/resource/{resource}/download/{*}  status=200,206,302,304\n"
    "download /dataset/{id}/resource/{resource}/download      status=200,206,302,304\n"
    "view     /dataset/{id}/resource/{resource}\n"
    "view     /dataset/{id}\n";

enum seg_type { SEG_LITERAL, SEG_ID, SEG_RESOURCE, SEG_STAR };

struct segment {
    enum seg_type type;
    char *literal;
    size_t len;
};

struct query_capture {
    char *name;
    size_t name_len;
    enum seg_type type; /* SEG_ID or SEG_RESOURCE */
};

struct rule {
    enum event_kind kind;
    struct segment segs[MAX_SEGMENTS];
    int nsegs;
    bool star;          /* last segment is {*} */
    struct query_capture queries[MAX_QUERIES];
    int nqueries;
    unsigned char status_ok[600];
};

struct rules {
    struct rule *list;
    int count;
};

/* 1-100 bytes of [A-Za-z0-9._~-], other than "." and "..". */
static bool id_class(const char *s, size_t len)
{
    if (len < 1 || len > ID_MAX || (len == 1 && s[0] == '.') ||
        (len == 2 && s[0] == '.' && s[1] == '.'))
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '~' || c == '-'))
            return false;
    }
    return true;
}

static void rule_release(struct rule *r)
{
    for (int i = 0; i < r->nsegs; i++)
        free(r->segs[i].literal);
    for (int i = 0; i < r->nqueries; i++)
        free(r->queries[i].name);
}

void rules_free(struct rules *rules)
{
    if (!rules)
        return;
    for (int i = 0; i < rules->count; i++)
        rule_release(&rules->list[i]);
    free(rules->list);
    free(rules);
}

static enum seg_type placeholder(const char *w, size_t len)
{
    if (len == 4 && memcmp(w, "{id}", 4) == 0) return SEG_ID;
    if (len == 10 && memcmp(w, "{resource}", 10) == 0) return SEG_RESOURCE;
    if (len == 3 && memcmp(w, "{*}", 3) == 0) return SEG_STAR;
    return SEG_LITERAL;
}

/* Parses PATH into R's segments; returns an error text or NULL. */
static const char *parse_path(struct rule *r, const char *path)
{
    const char *p = path;
    if (*p != '/')
        return "the path must start with '/'";
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (r->star)
            return "{*} must be the last segment";
        if (r->nsegs == MAX_SEGMENTS)
            return "too many path segments";
        struct segment *s = &r->segs[r->nsegs++];
        s->type = placeholder(p, len);
        if (s->type == SEG_STAR)
            r->star = true;
        if (s->type == SEG_LITERAL) {
            s->literal = strndup(p, len);
            if (!s->literal)
                return "out of memory";
            s->len = len;
        }
        p += len;
    }
    return NULL;
}

static const char *parse_query(struct rule *r, const char *w)
{
    const char *eq = strchr(w, '=');
    if (!eq || eq == w + 1)
        return "a query capture looks like ?NAME={id} or ?NAME={resource}";
    enum seg_type t = placeholder(eq + 1, strlen(eq + 1));
    if (t != SEG_ID && t != SEG_RESOURCE)
        return "a query capture looks like ?NAME={id} or ?NAME={resource}";
    if (r->nqueries == MAX_QUERIES)
        return "too many query captures";
    struct query_capture *q = &r->queries[r->nqueries++];
    q->name_len = (size_t)(eq - w - 1);
    q->name = strndup(w + 1, q->name_len);
    q->type = t;
    return q->name ? NULL : "out of memory";
}

static const char *parse_status(struct rule *r, const char *list)
{
    memset(r->status_ok, 0, sizeof r->status_ok);
    const char *p = list;
    for (;;) {
        char *end;
        long code = strtol(p, &end, 10);
        if (end == p || end - p != 3 || code < 100 || code > 599)
            return "status= takes status codes 100–599 separated by commas";
        r->status_ok[code] = 1;
        if (*end == '\0')
            return NULL;
        if (*end != ',')
            return "status= takes status codes 100–599 separated by commas";
        p = end + 1;
    }
}

/* Every rule must capture {id} once, and {resource} at most once. */
static const char *check_captures(const struct rule *r)
{
    int ids = 0, resources = 0;
    for (int i = 0; i < r->nsegs; i++) {
        ids += r->segs[i].type == SEG_ID;
        resources += r->segs[i].type == SEG_RESOURCE;
    }
    for (int i = 0; i < r->nqueries; i++) {
        ids += r->queries[i].type == SEG_ID;
        resources += r->queries[i].type == SEG_RESOURCE;
    }
    if (ids != 1)
        return "a rule must capture {id} exactly once";
    if (resources > 1)
        return "a rule may capture {resource} at most once";
    return NULL;
}

/* One rule line, already split into WORDS; returns an error text or NULL. */
static const char *parse_rule(struct rule *r, char **words, int nwords)
{
    const char *err;
    memset(r, 0, sizeof *r);
    r->status_ok[200] = r->status_ok[206] = r->status_ok[304] = 1;
    if (strcmp(words[0], "view") == 0)
        r->kind = KIND_VIEW;
    else if (strcmp(words[0], "download") == 0)
        r->kind = KIND_DOWNLOAD;
    else
        return "a rule starts with 'view' or 'download'";
    if (nwords < 2)
        return "a rule needs a path";
    if ((err = parse_path(r, words[1])))
        return err;
    for (int i = 2; i < nwords; i++) {
        if (words[i][0] == '?')
            err = parse_query(r, words[i]);
        else if (strncmp(words[i], "status=", 7) == 0)
            err = parse_status(r, words[i] + 7);
        else
            err = "expected ?NAME={id}, ?NAME={resource} or status=CODES";
        if (err)
            return err;
    }
    return check_captures(r);
}

/* Splits LINE in place into blank-separated words up to a '#' comment. */
static int split_words(char *line, char **words, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (!*p || *p == '#' || n == max)
            return n;
        words[n++] = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\r')
            p++;
        if (*p)
            *p++ = '\0';
    }
}

enum status rules_parse(struct rules **out, const char *text, const char *name)
{
    struct rules *rules = calloc(1, sizeof *rules);
    char *copy = strdup(text), *line, *next;
    enum status rc = ST_OK;
    int lineno = 0, cap = 0;

    *out = NULL;
    if (!rules || !copy) {
        rc = ST_NOMEM;
        goto out;
    }
    for (line = copy; line; line = next) {
        char *words[16];
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        int nwords = split_words(line, words, 16);
        if (nwords == 0)
            continue;
        if (rules->count == cap) {
            cap = cap ? cap * 2 : 8;
            struct rule *grown = realloc(rules->list, (size_t)cap * sizeof *grown);
            if (!grown) {
                rc = ST_NOMEM;
                goto out;
            }
            rules->list = grown;
        }
        const char *err = parse_rule(&rules->list[rules->count], words, nwords);
        if (err) {
            rule_release(&rules->list[rules->count]);
            errorf("'%s':%d: %s", name, lineno, err);
            rc = ST_USAGE;
            goto out;
        }
        rules->count++;
    }
    if (rules->count == 0) {
        errorf("'%s' holds no rules", name);
        rc = ST_USAGE;
    }
out:
    free(copy);
    if (rc != ST_OK)
        rules_free(rules);
    else
        *out = rules;
    return rc;
}

enum status rules_load(struct rules **out, const char *path)
{
    if (!path)
        return rules_parse(out, rules_builtin_text, "built-in rules");
    char *text = NULL;
    enum status rc = textfile_read(path, "rules file", &text);

    *out = NULL;
    if (rc == ST_OK)
        rc = rules_parse(out, text, path);
    free(text);
    return rc;
}

/* Offsets of the segments of PATH (which starts with '/' and has no empty
 * segments); returns how many there are (counted past MAX_PATH_SEGMENTS). */
static int split_path(struct text path, struct text *segs)
{
    int n = 0;
    size_t i = 0;
    while (i < path.len) {
        if (path.p[i] == '/') {
            i++;
            continue;
        }
        size_t start = i;
        while (i < path.len && path.p[i] != '/')
            i++;
        if (n < MAX_PATH_SEGMENTS)
            segs[n] = (struct text){path.p + start, i - start};
        n++;
    }
    return n;
}

/* The first pair named NAME in QUERY, decoded into SCRATCH. */
static bool query_value(struct text query, const struct query_capture *q, char *scratch,
                        struct text *value)
{
    const char *p = query.p, *end = query.p + query.len;
    while (p <= end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *pair_end = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(pair_end - p));
        const char *name_end = eq ? eq : pair_end;
        if ((size_t)(name_end - p) == q->name_len && memcmp(p, q->name, q->name_len) == 0) {
            struct text raw = {eq ? eq + 1 : pair_end, eq ? (size_t)(pair_end - eq - 1) : 0};
            value->p = scratch;
            value->len = target_percent_decode(raw, scratch);
            return true;
        }
        if (!amp)
            break;
        p = amp + 1;
    }
    return false;
}

static bool match_rule(const struct rule *r, const struct text *segs, int nsegs,
                       struct text query, char *scratch, struct rule_match *m)
{
    int fixed = r->star ? r->nsegs - 1 : r->nsegs;
    if (r->star ? nsegs <= fixed : nsegs != fixed)
        return false;
    if (fixed > MAX_PATH_SEGMENTS)
        return false;
    m->kind = r->kind;
    m->resource = (struct text){"", 0};
    for (int i = 0; i < fixed; i++) {
        const struct segment *s = &r->segs[i];
        if (s->type == SEG_LITERAL) {
            if (segs[i].len != s->len || memcmp(segs[i].p, s->literal, s->len) != 0)
                return false;
        } else if (!id_class(segs[i].p, segs[i].len)) {
            return false;
        } else if (s->type == SEG_ID) {
            m->dataset = segs[i];
        } else {
            m->resource = segs[i];
        }
    }
    size_t used = 0;
    for (int i = 0; i < r->nqueries; i++) {
        struct text v;
        if (!query_value(query, &r->queries[i], scratch + used, &v) || !id_class(v.p, v.len))
            return false;
        used += v.len;
        if (r->queries[i].type == SEG_ID)
            m->dataset = v;
        else
            m->resource = v;
    }
    return true;
}

enum rule_result rules_match(const struct rules *rules, struct text path, struct text query,
                             int status, char *scratch, struct rule_match *match)
{
    struct text segs[MAX_PATH_SEGMENTS];
    int nsegs = split_path(path, segs);

    for (int i = 0; i < rules->count; i++) {
        const struct rule *r = &rules->list[i];
        if (!match_rule(r, segs, nsegs, query, scratch, match))
            continue;
        if (status < 0 || status >= (int)sizeof r->status_ok || !r->status_ok[status])
            return RULE_REFUSED;
        return RULE_EVENT;
    }
    return RULE_OTHER;
}
