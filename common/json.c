/* json.c - strict recursive-descent JSON parser into a preorder node array.
 *
 * Nodes are stored in document order, so a container's first child is the
 * node after it and a node's next sibling is SPAN nodes further on; no
 * pointers between nodes, and the array may move while it grows. Decoded
 * strings never outgrow their escaped source, so the string pool is sized
 * once from the text length and string pointers stay valid.
 */
#include "json.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct json_node {
    union {
        double number;
        const char *string;   /* in the pool, NUL-terminated */
    } v;
    const char *key;          /* member key in the pool; NULL otherwise */
    uint32_t len;             /* string bytes, or elements / members */
    uint32_t key_len;
    uint32_t span;            /* nodes in this subtree, itself included */
    uint8_t type;             /* enum json_type */
    bool last;                /* no sibling follows */
};

struct json {
    struct json_node *nodes;
    size_t count;
    char *pool;
};

struct parser {
    const unsigned char *p, *start, *end;
    struct json_node *nodes;
    size_t count, cap;
    char *pool;               /* capacity: text length + 1 */
    size_t pool_len, pool_cap;
    int depth;
    enum status rc;           /* ST_INPUT or ST_NOMEM once failed */
    const unsigned char *err_at;
    struct json_error *err;
};

static bool fail(struct parser *ps, const unsigned char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(struct parser *ps, const unsigned char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err->message, sizeof ps->err->message, fmt, ap);
    va_end(ap);
    ps->err_at = at;
    ps->rc = ST_INPUT;
    return false;
}

static bool out_of_memory(struct parser *ps)
{
    snprintf(ps->err->message, sizeof ps->err->message, "out of memory");
    ps->err_at = ps->p;
    ps->rc = ST_NOMEM;
    return false;
}

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end &&
           (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

/* Appends a node and returns its index, or SIZE_MAX when out of memory. */
static size_t new_node(struct parser *ps, enum json_type type)
{
    if (ps->count == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 256;
        struct json_node *n = realloc(ps->nodes, cap * sizeof *n);
        if (!n)
            return SIZE_MAX;
        ps->nodes = n;
        ps->cap = cap;
    }
    memset(&ps->nodes[ps->count], 0, sizeof ps->nodes[0]);
    ps->nodes[ps->count].type = (uint8_t)type;
    return ps->count++;
}

/* Length of the well-formed UTF-8 sequence at S (no overlongs, surrogates
 * or code points past U+10FFFF), or 0 when it is not one. */
static size_t utf8_length(const unsigned char *s, const unsigned char *end)
{
    uint32_t cp, min;
    size_t n;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2, cp = s[0] & 0x1Fu, min = 0x80;
    else if ((s[0] & 0xF0) == 0xE0)
        n = 3, cp = s[0] & 0x0Fu, min = 0x800;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4, cp = s[0] & 0x07u, min = 0x10000;
    else
        return 0;
    if ((size_t)(end - s) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reads the 4 hex digits after "\u" at P into *UNIT. */
static bool hex4(const unsigned char *p, const unsigned char *end, uint32_t *unit)
{
    *unit = 0;
    if (end - p < 4)
        return false;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i];
        unsigned d = c >= '0' && c <= '9' ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;
        if (d == 16)
            return false;
        *unit = *unit << 4 | d;
    }
    return true;
}

/* Decodes the escape at ps->p (just after the backslash) into OUT; returns
 * the bytes written, 0 after a failure. */
static size_t parse_escape(struct parser *ps, char *out)
{
    const unsigned char *at = ps->p - 1;
    uint32_t cp, low;

    if (ps->p == ps->end)
        return fail(ps, ps->end, "unexpected end of input"), 0;
    switch (*ps->p++) {
    case '"': *out = '"'; return 1;
    case '\\': *out = '\\'; return 1;
    case '/': *out = '/'; return 1;
    case 'b': *out = '\b'; return 1;
    case 'f': *out = '\f'; return 1;
    case 'n': *out = '\n'; return 1;
    case 'r': *out = '\r'; return 1;
    case 't': *out = '\t'; return 1;
    case 'u': break;
    default: return fail(ps, at, "invalid escape in string"), 0;
    }
    if (ps->end - ps->p < 4)
        return fail(ps, ps->end, "unexpected end of input"), 0;
    if (!hex4(ps->p, ps->end, &cp))
        return fail(ps, at, "invalid \\u escape"), 0;
    ps->p += 4;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(ps, at, "lone low surrogate in \\u escape"), 0;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
            !hex4(ps->p + 2, ps->end, &low) || low < 0xDC00 || low > 0xDFFF)
            return fail(ps, at, "high surrogate not followed by a low surrogate"), 0;
        ps->p += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    return put_utf8(out, cp);
}

/* Parses the string at ps->p (on its opening quote) into the pool. */
static bool parse_string(struct parser *ps, const char **str, uint32_t *len)
{
    const unsigned char *open = ps->p++;
    char *dst = ps->pool + ps->pool_len, *begin = dst;

    for (;;) {
        if (ps->p == ps->end)
            return fail(ps, open, "string not closed before the end of input");
        unsigned c = *ps->p;
        if (c == '"') {
            ps->p++;
            break;
        }
        if (c == '\\') {
            ps->p++;
            size_t n = parse_escape(ps, dst);
            if (n == 0)
                return false;
            dst += n;
        } else if (c < 0x20) {
            return fail(ps, ps->p, "control character in string");
        } else {
            size_t n = utf8_length(ps->p, ps->end);
            if (n == 0)
                return fail(ps, ps->p, "invalid UTF-8 in string");
            memcpy(dst, ps->p, n);
            dst += n;
            ps->p += n;
        }
    }
    *dst++ = '\0';
    /* Decoded text plus NUL never exceeds the quoted source. */
    ps->pool_len = (size_t)(dst - ps->pool);
    *str = begin;
    *len = (uint32_t)(dst - begin - 1);
    return true;
}

static bool is_digit(const struct parser *ps)
{
    return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9';
}

static bool parse_number(struct parser *ps, double *value)
{
    const unsigned char *s = ps->p;
    char small[64], *copy = small;
    size_t n;

    if (*ps->p == '-')
        ps->p++;
    if (!is_digit(ps))
        return fail(ps, s, "invalid number");
    if (*ps->p == '0') {
        ps->p++;
        if (is_digit(ps))
            return fail(ps, s, "number with a leading zero");
    }
    while (is_digit(ps))
        ps->p++;
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (!is_digit(ps))
            return fail(ps, s, "invalid number");
        while (is_digit(ps))
            ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (!is_digit(ps))
            return fail(ps, s, "invalid number");
        while (is_digit(ps))
            ps->p++;
    }
    n = (size_t)(ps->p - s);
    if (n >= sizeof small && !(copy = malloc(n + 1)))
        return out_of_memory(ps);
    memcpy(copy, s, n);
    copy[n] = '\0';
    *value = strtod(copy, NULL);
    if (copy != small)
        free(copy);
    if (isinf(*value))
        return fail(ps, s, "number out of range");
    return true;
}

static bool parse_literal(struct parser *ps, const char *word, enum json_type type, size_t i)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return fail(ps, ps->p, "invalid literal");
    ps->p += n;
    ps->nodes[i].type = (uint8_t)type;
    return true;
}

static bool parse_value(struct parser *ps, const char *key, uint32_t key_len);

/* Parses the elements (CLOSE ']') or members (CLOSE '}') of the container
 * node I, whose opening bracket is at ps->p. */
static bool parse_container(struct parser *ps, size_t i, unsigned char close)
{
    const unsigned char *open = ps->p++;
    size_t last_child = SIZE_MAX;
    uint32_t n = 0;

    if (++ps->depth > JSON_DEPTH_MAX)
        return fail(ps, open, "nested deeper than %d levels", JSON_DEPTH_MAX);
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        goto done;
    }
    for (;;) {
        const char *key = NULL;
        uint32_t key_len = 0;
        skip_ws(ps);
        if (close == '}') {
            if (ps->p == ps->end || *ps->p != '"')
                return fail(ps, ps->p, ps->p == ps->end ? "unexpected end of input"
                                                        : "expected a string key");
            if (!parse_string(ps, &key, &key_len))
                return false;
            skip_ws(ps);
            if (ps->p == ps->end || *ps->p != ':')
                return fail(ps, ps->p, "expected ':' after a key");
            ps->p++;
        }
        last_child = ps->count;
        if (!parse_value(ps, key, key_len))
            return false;
        n++;
        skip_ws(ps);
        if (ps->p == ps->end)
            return fail(ps, ps->p, "unexpected end of input");
        if (*ps->p == close) {
            ps->p++;
            break;
        }
        if (*ps->p != ',')
            return fail(ps, ps->p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
        ps->p++;
    }
done:
    if (last_child != SIZE_MAX)
        ps->nodes[last_child].last = true;
    ps->nodes[i].len = n;
    ps->depth--;
    return true;
}

static bool parse_value(struct parser *ps, const char *key, uint32_t key_len)
{
    size_t i;
    bool ok;

    skip_ws(ps);
    if (ps->p == ps->end)
        return fail(ps, ps->p, "unexpected end of input");
    if ((i = new_node(ps, JSON_NULL)) == SIZE_MAX)
        return out_of_memory(ps);
    ps->nodes[i].key = key;
    ps->nodes[i].key_len = key_len;
    switch (*ps->p) {
    case '{':
        ps->nodes[i].type = JSON_OBJECT;
        ok = parse_container(ps, i, '}');
        break;
    case '[':
        ps->nodes[i].type = JSON_ARRAY;
        ok = parse_container(ps, i, ']');
        break;
    case '"': {
        const char *s;
        uint32_t n;
        ok = parse_string(ps, &s, &n);
        ps->nodes[i].type = JSON_STRING;
        ps->nodes[i].v.string = ok ? s : NULL;
        ps->nodes[i].len = ok ? n : 0;
        break;
    }
    case 't': ok = parse_literal(ps, "true", JSON_TRUE, i); break;
    case 'f': ok = parse_literal(ps, "false", JSON_FALSE, i); break;
    case 'n': ok = parse_literal(ps, "null", JSON_NULL, i); break;
    default:
        if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
            double v = 0;
            ok = parse_number(ps, &v);
            ps->nodes[i].type = JSON_NUMBER;
            ps->nodes[i].v.number = v;
        } else if (*ps->p >= 0x20 && *ps->p < 0x7f) {
            ok = fail(ps, ps->p, "unexpected character '%c'", *ps->p);
        } else {
            ok = fail(ps, ps->p, "unexpected byte 0x%02x", *ps->p);
        }
    }
    if (ok)
        ps->nodes[i].span = (uint32_t)(ps->count - i);
    return ok;
}

static void locate(const struct parser *ps, struct json_error *err)
{
    err->line = 1;
    err->column = 1;
    for (const unsigned char *q = ps->start; q < ps->err_at; q++) {
        if (*q == '\n') {
            err->line++;
            err->column = 1;
        } else {
            err->column++;
        }
    }
}

enum status json_parse(struct json **out, const char *text, size_t len,
                       struct json_error *err)
{
    struct json_error scratch;
    struct parser ps = {0};
    struct json *doc = NULL;

    *out = NULL;
    ps.err = err ? err : &scratch;
    ps.err->message[0] = '\0';
    ps.start = ps.p = (const unsigned char *)text;
    ps.end = ps.start + len;
    ps.rc = ST_OK;
    if (len >= UINT32_MAX) {
        fail(&ps, ps.start, "text larger than 4 GiB");
        goto out;
    }
    ps.pool_cap = len + 1;
    if (!(doc = calloc(1, sizeof *doc)) || !(ps.pool = malloc(ps.pool_cap))) {
        out_of_memory(&ps);
        goto out;
    }
    if (!parse_value(&ps, NULL, 0))
        goto out;
    skip_ws(&ps);
    if (ps.p != ps.end) {
        fail(&ps, ps.p, "unexpected characters after the JSON value");
        goto out;
    }
    ps.nodes[0].last = true;
    doc->nodes = ps.nodes;
    doc->count = ps.count;
    doc->pool = ps.pool;
    *out = doc;
    doc = NULL;
    ps.nodes = NULL;
    ps.pool = NULL;
out:
    if (ps.rc != ST_OK)
        locate(&ps, ps.err);
    free(ps.nodes);
    free(ps.pool);
    free(doc);
    return ps.rc;
}

void json_free(struct json *doc)
{
    if (!doc)
        return;
    free(doc->nodes);
    free(doc->pool);
    free(doc);
}

const struct json_node *json_root(const struct json *doc) { return &doc->nodes[0]; }

enum json_type json_type(const struct json_node *node) { return (enum json_type)node->type; }

const char *json_string(const struct json_node *node, size_t *len)
{
    if (node->type != JSON_STRING)
        return NULL;
    if (len)
        *len = node->len;
    return node->v.string;
}

bool json_number(const struct json_node *node, double *value)
{
    if (node->type != JSON_NUMBER)
        return false;
    *value = node->v.number;
    return true;
}

size_t json_size(const struct json_node *node)
{
    return node->type == JSON_ARRAY || node->type == JSON_OBJECT ? node->len : 0;
}

const struct json_node *json_first(const struct json_node *node)
{
    return json_size(node) > 0 ? node + 1 : NULL;
}

const struct json_node *json_next(const struct json_node *node)
{
    return node->last ? NULL : node + node->span;
}

const char *json_key(const struct json_node *node, size_t *len)
{
    if (node->key && len)
        *len = node->key_len;
    return node->key;
}

const struct json_node *json_get(const struct json_node *object, const char *key)
{
    size_t n = strlen(key);

    if (object->type != JSON_OBJECT)
        return NULL;
    for (const struct json_node *m = json_first(object); m; m = json_next(m))
        if (m->key_len == n && memcmp(m->key, key, n) == 0)
            return m;
    return NULL;
}
