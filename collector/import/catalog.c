/* catalog.c - the catalog import: kind detection, the one transaction, and
 * the writer that validates, normalises and stores each record.
 *
 * File formats live in catalog_csv.c and catalog_ckan.c; this file only
 * sees records (catalog_int.h). Normalisation rules are in docs/catalog.md.
 */
#define _POSIX_C_SOURCE 200809L
#include "catalog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog_int.h"
#include "db.h"
#include "importer.h"
#include "doi.h"
#include "pubid.h"
#include "msg.h"
#include "target.h"
#include "urlmap.h"

#define SHOW_REJECTED 10      /* records skipped with a warning; the rest are counted */
#define FIELD_MAX 65536       /* longer stored fields reject the record */

enum {
    W_GET,
    W_UPSERT,
    W_UNALIAS,
    W_ALIAS_TARGET,
    W_DROP,
    W_REPOINT,
    W_PUT_ALIAS,
    W_DROP_URLS,
    W_PUT_URL,
    W_URL_OWNER,
    W_STMTS
};

static const char *const stmt_sql[W_STMTS] = {
    [W_GET] = "SELECT name, publisher, badge, update_frequency, listed, data_updated,"
              " formats, source, doi, publisher_id FROM dataset WHERE id = ?1",
    [W_UPSERT] =
        "INSERT INTO dataset (id, name, publisher, badge, update_frequency, listed,"
        " data_updated, formats, source, imported_at, doi, publisher_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        " ON CONFLICT (id) DO UPDATE SET"
        " name = COALESCE(excluded.name, dataset.name),"
        " publisher = COALESCE(excluded.publisher, dataset.publisher),"
        " badge = COALESCE(excluded.badge, dataset.badge),"
        " update_frequency = COALESCE(excluded.update_frequency, dataset.update_frequency),"
        " listed = COALESCE(excluded.listed, dataset.listed),"
        " data_updated = COALESCE(excluded.data_updated, dataset.data_updated),"
        " formats = COALESCE(excluded.formats, dataset.formats),"
        " doi = COALESCE(excluded.doi, dataset.doi),"
        " publisher_id = COALESCE(excluded.publisher_id, dataset.publisher_id),"
        " source = excluded.source, imported_at = excluded.imported_at",
    [W_UNALIAS] = "DELETE FROM alias WHERE alias = ?1",
    [W_ALIAS_TARGET] = "SELECT dataset_id FROM alias WHERE alias = ?1",
    [W_DROP] = "DELETE FROM dataset WHERE id = ?1",
    [W_REPOINT] = "UPDATE alias SET dataset_id = ?2 WHERE dataset_id = ?1",
    [W_PUT_ALIAS] = "INSERT INTO alias (alias, dataset_id) VALUES (?1, ?2)"
                    " ON CONFLICT (alias) DO UPDATE SET dataset_id = excluded.dataset_id",
    [W_DROP_URLS] = "DELETE FROM resource_url WHERE dataset_id = ?1",
    [W_PUT_URL] = "INSERT INTO resource_url (dataset_id, position, resource_id, url, host, path,"
                  " query) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                  " ON CONFLICT (dataset_id, position) DO UPDATE SET"
                  " resource_id = excluded.resource_id, url = excluded.url,"
                  " host = excluded.host, path = excluded.path, query = excluded.query",
    [W_URL_OWNER] = "SELECT dataset_id FROM resource_url WHERE path = ?1 AND host = ?2"
                    " AND query = ?3 AND dataset_id <> ?4 ORDER BY dataset_id LIMIT 1",
};

struct catalog_writer {
    struct dbi *db;
    const char *path;
    const char *source;         /* 'datagovtw', 'ckan' or 'csv' */
    bool renames;               /* CKAN: an alias (the UUID) that moves to a new
                                   id means the dataset's old id was renamed */
    int64_t now;                /* imported_at */
    struct dbi_stmt *st[W_STMTS];
    struct catalog_stats *stats;
    char *scratch;              /* the normalised formats */
    size_t scratch_cap;
    char *url_buf;              /* a URL's host and path while it is split */
    size_t url_cap;
};

static const char *const field_names[CF_COUNT] = {
    [CF_ID] = "dataset_id", [CF_NAME] = "name", [CF_PUBLISHER] = "publisher",
    [CF_BADGE] = "badge", [CF_FREQUENCY] = "update_frequency", [CF_LISTED] = "listed",
    [CF_UPDATED] = "data_updated", [CF_FORMATS] = "formats", [CF_ALIASES] = "aliases",
    [CF_URLS] = "resource_urls", [CF_DOI] = "doi", [CF_PUBLISHER_ID] = "publisher_id",
};

const char *catalog_field_name(enum catalog_field f) { return field_names[f]; }

/* ---- rejecting ---------------------------------------------------------- */

static void vreject(struct catalog_writer *w, const struct catalog_record *rec,
                    const char *why, va_list ap) __attribute__((format(printf, 3, 0)));

static void vreject(struct catalog_writer *w, const struct catalog_record *rec,
                    const char *why, va_list ap)
{
    char text[256];

    if (++w->stats->rejected > SHOW_REJECTED)
        return;
    vsnprintf(text, sizeof text, why, ap);
    if (rec->line)
        warnf("'%s:%llu': %s; record skipped", w->path, (unsigned long long)rec->line, text);
    else
        warnf("'%s' package %llu: %s; record skipped", w->path,
              (unsigned long long)rec->package, text);
}

void catalog_writer_reject(struct catalog_writer *w, const struct catalog_record *rec,
                           const char *why, ...)
{
    va_list ap;
    va_start(ap, why);
    vreject(w, rec, why, ap);
    va_end(ap);
}

/* ---- normalisation ------------------------------------------------------ */

static bool equals(struct text t, const char *s)
{
    return t.len == strlen(s) && memcmp(t.p, s, t.len) == 0;
}

static bool equals_nocase(struct text t, const char *lower)
{
    if (t.len != strlen(lower))
        return false;
    for (size_t i = 0; i < t.len; i++) {
        char c = t.p[i] >= 'A' && t.p[i] <= 'Z' ? (char)(t.p[i] - 'A' + 'a') : t.p[i];
        if (c != lower[i])
            return false;
    }
    return true;
}

static bool strip_suffix(struct text *t, const char *suffix)
{
    size_t n = strlen(suffix);
    if (t->len < n || memcmp(t->p + t->len - n, suffix, n) != 0)
        return false;
    t->len -= n;
    return true;
}

/* Whether each item of IDS is a publisher id COUNTER can type (pubid.h);
 * rejects REC naming the first that is not. */
static bool valid_publisher_ids(struct catalog_writer *w, const struct catalog_record *rec,
                                struct text ids)
{
    struct pubid id;
    size_t pos = 0;
    int r;
    while ((r = pubid_next(ids.p, ids.len, &pos, &id)) == 1)
        ;
    if (r < 0)
        catalog_writer_reject(w, rec, "publisher_id '%.*s' is none of isni:, orcid:, grid:,"
                              " client-id: or urn:", (int)(id.value_len > 60 ? 60 : id.value_len),
                              id.value);
    return r == 0;
}

/* 金標章, 金質標章, 金, Gold -> gold; 無, 無標章, none, - -> ''; other text as
 * given. Returns a static string or IN. */
static struct text normalise_badge(struct text in)
{
    static const struct { const char *zh, *en; } badges[] = {
        {"白金", "platinum"}, {"金", "gold"}, {"銀", "silver"}, {"銅", "bronze"},
    };
    struct text stem = in;

    if (in.len == 0 || equals(in, "-") || equals_nocase(in, "none"))
        return (struct text){"", 0};
    strip_suffix(&stem, "標章");
    if (!strip_suffix(&stem, "質") && !strip_suffix(&stem, "牌"))
        strip_suffix(&stem, "級");
    if (equals(stem, "無"))
        return (struct text){"", 0};
    for (size_t i = 0; i < sizeof badges / sizeof badges[0]; i++)
        if (equals(stem, badges[i].zh) || equals_nocase(in, badges[i].en))
            return (struct text){badges[i].en, strlen(badges[i].en)};
    return in;
}

/* Reads MIN..MAX decimal digits at *S. */
static bool digits(const char **s, const char *end, int min, int max, int *value)
{
    int n = 0;
    *value = 0;
    while (*s < end && n < max && **s >= '0' && **s <= '9') {
        *value = *value * 10 + (**s - '0');
        (*s)++;
        n++;
    }
    return n >= min;
}

/* Parses the optional time part after the date at *S: [ T]H:MM[:SS[.frac]]
 * and an optional zone (Z, +08:00, +0800), which is dropped. */
static bool parse_clock(const char **s, const char *end, int *h, int *mi, int *sec)
{
    int zone;
    if (!digits(s, end, 1, 2, h) || *s == end || *(*s)++ != ':' || !digits(s, end, 2, 2, mi))
        return false;
    if (*s < end && **s == ':') {
        (*s)++;
        if (!digits(s, end, 2, 2, sec))
            return false;
        if (*s < end && **s == '.') {
            (*s)++;
            if (!digits(s, end, 1, 1, &zone))
                return false;
            while (*s < end && **s >= '0' && **s <= '9')
                (*s)++;
        }
    }
    if (*s < end && **s == 'Z') {
        (*s)++;
    } else if (*s < end && (**s == '+' || **s == '-')) {
        (*s)++;
        if (!digits(s, end, 2, 2, &zone))
            return false;
        if (*s < end && **s == ':')
            (*s)++;
        if (!digits(s, end, 2, 2, &zone))
            return false;
    }
    return true;
}

/* YYYY-MM-DD or YYYY/M/D, optionally with a time -> 'YYYY-MM-DD' or
 * 'YYYY-MM-DD HH:MM:SS' in BUF; anything else is returned as given. */
static struct text normalise_time(struct text in, char buf[32])
{
    const char *s = in.p, *end = in.p + in.len;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    bool clock = false;
    char sep;

    if (!digits(&s, end, 4, 4, &y) || s == end || (*s != '-' && *s != '/'))
        return in;
    sep = *s++;
    if (!digits(&s, end, 1, 2, &mo) || s == end || *s++ != sep || !digits(&s, end, 1, 2, &d))
        return in;
    if (s < end && (*s == ' ' || *s == 'T')) {
        s++;
        if (!parse_clock(&s, end, &h, &mi, &sec))
            return in;
        clock = true;
    }
    if (s != end || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
        return in;
    /* The ranges are checked; the modulos only tell the compiler. */
    if (clock)
        snprintf(buf, 32, "%04u-%02u-%02u %02u:%02u:%02u", (unsigned)y % 10000u,
                 (unsigned)mo % 100u, (unsigned)d % 100u, (unsigned)h % 100u,
                 (unsigned)mi % 100u, (unsigned)sec % 100u);
    else
        snprintf(buf, 32, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u,
                 (unsigned)d % 100u);
    return (struct text){buf, strlen(buf)};
}

/* Length of a format separator at S (; , 、 ； ，), 0 if none. */
static size_t format_separator(const char *s, const char *end)
{
    static const char *const wide[] = {"、", "；", "，"};
    if (*s == ';' || *s == ',')
        return 1;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        size_t n = strlen(wide[i]);
        if ((size_t)(end - s) >= n && memcmp(s, wide[i], n) == 0)
            return n;
    }
    return 0;
}

/* Compares two format names in byte order (a prefix sorts first). */
static int compare_items(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

/* Inserts ITEM into the sorted ';'-list LIST[0..*LEN) unless it is there. */
static void insert_item(char *list, size_t *len, struct text item)
{
    size_t i = 0;
    while (i < *len) {
        size_t j = i;
        while (j < *len && list[j] != ';')
            j++;
        int c = compare_items(item.p, item.len, list + i, j - i);
        if (c == 0)
            return;
        if (c < 0)
            break;
        i = j + 1;
    }
    if (i >= *len) {
        if (*len)
            list[(*len)++] = ';';
        memcpy(list + *len, item.p, item.len);
        *len += item.len;
        return;
    }
    memmove(list + i + item.len + 1, list + i, *len - i);
    memcpy(list + i, item.p, item.len);
    list[i + item.len] = ';';
    *len += item.len + 1;
}

/* "json; CSV、csv" -> "CSV;JSON": upper-case ASCII, sorted, no repeats,
 * into the writer's scratch buffer (the list in its first half, never
 * longer than the input; the item being added in its second half). */
static enum status normalise_formats(struct catalog_writer *w, struct text in, struct text *out)
{
    const char *s = in.p, *end = in.p + in.len;
    size_t n = 0, half = in.len + 1;

    if (w->scratch_cap < 2 * half) {
        char *p = realloc(w->scratch, 2 * half);
        if (!p)
            return ST_NOMEM;
        w->scratch = p;
        w->scratch_cap = 2 * half;
    }
    while (s < end) {
        const char *start = s;
        size_t sep = 0;
        while (s < end && !(sep = format_separator(s, end)))
            s++;
        struct text item = import_trim((struct text){start, (size_t)(s - start)});
        char *upper = w->scratch + half;
        for (size_t i = 0; i < item.len; i++)
            upper[i] = item.p[i] >= 'a' && item.p[i] <= 'z' ? (char)(item.p[i] - 'a' + 'A')
                                                            : item.p[i];
        if (item.len)
            insert_item(w->scratch, &n, (struct text){upper, item.len});
        s += sep;
    }
    *out = (struct text){w->scratch, n};
    return ST_OK;
}

/* The next ';'-separated, trimmed, non-empty alias after *POS in LIST. */
static bool next_alias(struct text list, size_t *pos, struct text *alias)
{
    while (*pos < list.len) {
        size_t start = *pos;
        while (*pos < list.len && list.p[*pos] != ';')
            (*pos)++;
        *alias = import_trim((struct text){list.p + start, *pos - start});
        if (*pos < list.len)
            (*pos)++;
        if (alias->len)
            return true;
    }
    return false;
}

/* ---- storing ------------------------------------------------------------ */

static enum status step(struct catalog_writer *w, struct dbi_stmt *st, int *row)
{
    return import_step(w->db, w->path, st, row);
}

static enum status exec2(struct catalog_writer *w, int which, struct text a, struct text b)
{
    struct dbi_stmt *st = w->st[which];
    import_bind(st, 1, a);
    import_bind(st, 2, b);
    enum status rc = step(w, st, NULL);
    import_finish(st);
    return rc;
}

/* Makes OLD an alias of ID: OLD's dataset row goes, aliases of OLD now
 * point at ID, and OLD -> ID is recorded. */
static enum status merge_into(struct catalog_writer *w, struct text old, struct text id)
{
    enum status rc = exec2(w, W_DROP, old, (struct text){0});
    if (rc == ST_OK)
        rc = exec2(w, W_DROP_URLS, old, (struct text){0});
    if (rc == ST_OK)
        rc = exec2(w, W_REPOINT, old, id);
    if (rc == ST_OK)
        rc = exec2(w, W_PUT_ALIAS, old, id);
    if (rc == ST_OK)
        w->stats->aliases++;
    return rc;
}

/* Records ALIAS for ID. With w->renames, the id ALIAS pointed at before is
 * an earlier name of the same dataset and becomes an alias as well. */
static enum status put_alias(struct catalog_writer *w, struct text alias, struct text id)
{
    struct dbi_stmt *st = w->st[W_ALIAS_TARGET];
    enum status rc = ST_OK;
    char *previous = NULL;
    int row = 0;

    if (equals(alias, "") || (alias.len == id.len && memcmp(alias.p, id.p, id.len) == 0))
        return ST_OK;
    if (w->renames) {
        import_bind(st, 1, alias);
        rc = step(w, st, &row);
        if (rc == ST_OK && row) {
            const char *p = dbi_column_text(st, 0);
            size_t n = (size_t)dbi_column_bytes(st, 0);
            if (p && !(n == id.len && memcmp(p, id.p, n) == 0) && !(previous = strndup(p, n)))
                rc = ST_NOMEM;
        }
        import_finish(st);
        if (rc == ST_OK && previous)
            rc = merge_into(w, (struct text){previous, strlen(previous)}, id);
    }
    if (rc == ST_OK)
        rc = merge_into(w, alias, id);
    free(previous);
    return rc;
}

/* Whether the given field V (not NULL) differs from the STORED text. */
static bool differs(struct text v, const char *stored)
{
    return v.p && (!stored || strlen(stored) != v.len || memcmp(stored, v.p, v.len) != 0);
}

/* Compares the stored row of ID with V (NULL fields are not compared):
 * sets *EXISTS and *CHANGED. */
static enum status compare_stored(struct catalog_writer *w, const struct text v[CF_COUNT],
                                  bool *exists, bool *changed)
{
    struct dbi_stmt *st = w->st[W_GET];
    int row = 0;
    enum status rc;

    import_bind(st, 1, v[CF_ID]);
    rc = step(w, st, &row);
    *exists = row;
    *changed = !row;
    for (int f = CF_NAME; rc == ST_OK && row && f <= CF_FORMATS; f++) {
        const char *p = dbi_column_text(st, f - CF_NAME);
        size_t n = (size_t)dbi_column_bytes(st, f - CF_NAME);
        if (v[f].p && (!p || n != v[f].len || memcmp(p, v[f].p, n) != 0))
            *changed = true;
    }
    if (rc == ST_OK && row) {
        const char *src = dbi_column_text(st, 7); /* source */
        if (!src || strcmp(src, w->source) != 0)
            *changed = true;
        *changed |= differs(v[CF_DOI], dbi_column_text(st, 8));
        *changed |= differs(v[CF_PUBLISHER_ID], dbi_column_text(st, 9));
    }
    import_finish(st);
    return rc;
}

/* ---- resource URLs (SPEC §1.4b) ----------------------------------------- */

/* Warns when URL (split into HOST, PATH, QUERY) is listed under another
 * dataset than ID: the byte-smallest dataset id takes its downloads. */
static enum status warn_shared(struct catalog_writer *w, struct text id, struct text url,
                               struct text host, struct text path, struct text query)
{
    struct dbi_stmt *st = w->st[W_URL_OWNER];
    int row = 0;
    import_bind(st, 1, path);
    import_bind(st, 2, host);
    import_bind(st, 3, query);
    import_bind(st, 4, id);
    enum status rc = step(w, st, &row);
    if (rc == ST_OK && row && ++w->stats->shared_urls <= SHOW_REJECTED) {
        const char *other = dbi_column_text(st, 0);
        struct text o = {other, strlen(other)};
        int c = memcmp(o.p, id.p, o.len < id.len ? o.len : id.len);
        bool other_first = c < 0 || (c == 0 && o.len < id.len);
        warnf("'%s': resource URL '%.*s' is listed under datasets '%s' and '%.*s';"
              " its downloads count for '%.*s'", w->path, (int)(url.len > 200 ? 200 : url.len),
              url.p, other, (int)id.len, id.p, other_first ? (int)o.len : (int)id.len,
              other_first ? o.p : id.p);
    }
    import_finish(st);
    return rc;
}

/* Stores URL as resource POSITION (RESOURCE: its id, else the position)
 * of dataset ID. A URL that is not scheme://host/path or /path is skipped
 * with a warning; the record is kept. */
static enum status put_url(struct catalog_writer *w, struct text id, int64_t position,
                           struct text resource, struct text url)
{
    struct text host, path, query;
    char number[24];
    enum status rc;

    if (w->url_cap < 2 * (url.len + 2)) {
        char *p = realloc(w->url_buf, 2 * (url.len + 2));
        if (!p)
            return ST_NOMEM;
        w->url_buf = p;
        w->url_cap = 2 * (url.len + 2);
    }
    if (!urlmap_split_url(url, w->url_buf, &host, w->url_buf + url.len + 2, &path, &query)) {
        warnf("'%s': dataset '%.*s': resource URL '%.*s' is not a URL; not matched in logs",
              w->path, (int)id.len, id.p, (int)(url.len > 200 ? 200 : url.len), url.p);
        return ST_OK;
    }
    if (resource.len == 0) {
        snprintf(number, sizeof number, "%lld", (long long)position);
        resource = (struct text){number, strlen(number)};
    }
    struct dbi_stmt *st = w->st[W_PUT_URL];
    import_bind(st, 1, id);
    dbi_bind_int64(st, 2, position);
    import_bind(st, 3, resource);
    import_bind(st, 4, url);
    import_bind(st, 5, host);
    import_bind(st, 6, path);
    import_bind(st, 7, query);
    rc = step(w, st, NULL);
    import_finish(st);
    if (rc == ST_OK)
        w->stats->urls++;
    if (rc == ST_OK)
        rc = warn_shared(w, id, url, host, path, query);
    return rc;
}

/* Replaces the stored URLs of ID with the record's: RESOURCES (CKAN), or
 * the ';'-separated list LIST, numbered from 1. */
static enum status store_urls(struct catalog_writer *w, struct text id,
                              const struct catalog_record *rec, struct text list)
{
    enum status rc = exec2(w, W_DROP_URLS, id, (struct text){0});
    int64_t position = 0;
    size_t pos = 0;
    struct text url;

    for (size_t i = 0; rc == ST_OK && rec->resources && i < rec->nresources; i++) {
        url = import_trim(rec->resources[i].url);
        if (url.len)
            rc = put_url(w, id, ++position, import_trim(rec->resources[i].id), url);
    }
    while (rc == ST_OK && !rec->resources && list.p && next_alias(list, &pos, &url))
        rc = put_url(w, id, ++position, (struct text){"", 0}, url);
    return rc;
}

static bool has_urls(const struct catalog_record *rec, const struct text v[CF_COUNT])
{
    return rec->resources || v[CF_URLS].p;
}

static enum status store(struct catalog_writer *w, const struct catalog_record *rec,
                         const struct text v[CF_COUNT])
{
    struct dbi_stmt *st = w->st[W_UPSERT];
    size_t pos = 0;
    struct text alias;
    bool exists, changed;
    enum status rc = compare_stored(w, v, &exists, &changed);

    if (rc != ST_OK)
        return rc;
    for (int f = CF_ID; f <= CF_FORMATS; f++)
        import_bind(st, f + 1, v[f]);
    dbi_bind_text(st, 9, w->source, -1);
    dbi_bind_int64(st, 10, w->now);
    import_bind(st, 11, v[CF_DOI]);
    import_bind(st, 12, v[CF_PUBLISHER_ID]);
    rc = step(w, st, NULL);
    import_finish(st);
    if (rc == ST_OK)
        rc = exec2(w, W_UNALIAS, v[CF_ID], (struct text){0});
    while (rc == ST_OK && v[CF_ALIASES].p && next_alias(v[CF_ALIASES], &pos, &alias))
        rc = put_alias(w, alias, v[CF_ID]);
    if (rc == ST_OK && has_urls(rec, v))
        rc = store_urls(w, v[CF_ID], rec, v[CF_URLS]);
    if (rc == ST_OK) {
        w->stats->datasets++;
        w->stats->inserted += !exists;
        w->stats->updated += exists && changed;
    }
    return rc;
}

enum status catalog_writer_put(struct catalog_writer *w, const struct catalog_record *rec)
{
    struct text v[CF_COUNT] = {{0}}, alias;
    char listed[32], updated[32];
    size_t pos = 0;

    for (int f = 0; f < CF_COUNT; f++) {
        if (!rec->field[f])
            continue;
        v[f] = import_trim((struct text){rec->field[f], rec->len[f]});
        if (memchr(v[f].p, '\0', v[f].len) ||
            !target_valid_utf8((const unsigned char *)v[f].p, v[f].len)) {
            catalog_writer_reject(w, rec, "%s is not valid UTF-8 text", field_names[f]);
            return ST_OK;
        }
        if (v[f].len > FIELD_MAX) {
            catalog_writer_reject(w, rec, "%s is longer than %d bytes", field_names[f], FIELD_MAX);
            return ST_OK;
        }
    }
    if (!v[CF_ID].p || v[CF_ID].len == 0) {
        catalog_writer_reject(w, rec, "dataset id is empty");
        return ST_OK;
    }
    if (!import_valid_id(v[CF_ID])) {
        catalog_writer_reject(w, rec, "dataset id '%.*s' is not one URL path segment"
                              " of [A-Za-z0-9._~-]", (int)(v[CF_ID].len > 60 ? 60 : v[CF_ID].len),
                              v[CF_ID].p);
        return ST_OK;
    }
    while (v[CF_ALIASES].p && next_alias(v[CF_ALIASES], &pos, &alias)) {
        if (!import_valid_id(alias)) {
            catalog_writer_reject(w, rec, "alias '%.*s' is not one URL path segment"
                                  " of [A-Za-z0-9._~-]", (int)(alias.len > 60 ? 60 : alias.len),
                                  alias.p);
            return ST_OK;
        }
    }
    if (v[CF_DOI].p && v[CF_DOI].len) {
        size_t start;
        if (!doi_parse(v[CF_DOI].p, v[CF_DOI].len, &start)) {
            catalog_writer_reject(w, rec, "doi '%.*s' is not a DOI (10.NNNN/suffix)",
                                  (int)(v[CF_DOI].len > 60 ? 60 : v[CF_DOI].len), v[CF_DOI].p);
            return ST_OK;
        }
        v[CF_DOI].p += start; /* the bare DOI: no doi: or resolver prefix */
        v[CF_DOI].len -= start;
    }
    if (v[CF_PUBLISHER_ID].p && !valid_publisher_ids(w, rec, v[CF_PUBLISHER_ID]))
        return ST_OK;
    if (v[CF_BADGE].p)
        v[CF_BADGE] = normalise_badge(v[CF_BADGE]);
    if (v[CF_LISTED].p)
        v[CF_LISTED] = normalise_time(v[CF_LISTED], listed);
    if (v[CF_UPDATED].p)
        v[CF_UPDATED] = normalise_time(v[CF_UPDATED], updated);
    if (v[CF_FORMATS].p && normalise_formats(w, v[CF_FORMATS], &v[CF_FORMATS]) != ST_OK)
        return ST_NOMEM;
    return store(w, rec, v);
}

/* ---- the import --------------------------------------------------------- */

/* Detects the kind from the first bytes of F and rewinds it. */
static enum status detect(FILE *f, const char *path, enum catalog_kind *kind)
{
    static const char bom[] = "\xEF\xBB\xBF", datagovtw[] = "資料集識別碼";
    unsigned char head[64];
    size_t n = fread(head, 1, sizeof head, f), i = 0, j;

    if (ferror(f) || fseek(f, 0, SEEK_SET) != 0) {
        errorf("cannot read catalog '%s': %s", path, strerror(errno));
        return ST_USAGE;
    }
    if (n >= 3 && memcmp(head, bom, 3) == 0)
        i = 3;
    for (j = i; j < n && import_is_blank((char)head[j]); j++)
        ;
    if (j == n && n < sizeof head) {
        errorf("catalog '%s' is empty", path);
        return ST_USAGE;
    }
    if (j < n && head[j] == '{')
        *kind = CATALOG_CKAN;
    else {
        if (i < n && head[i] == '"')
            i++;
        *kind = n - i >= strlen(datagovtw) && memcmp(head + i, datagovtw, strlen(datagovtw)) == 0
                    ? CATALOG_DATAGOVTW : CATALOG_CSV;
    }
    return ST_OK;
}

static const char *source_name(enum catalog_kind kind)
{
    switch (kind) {
    case CATALOG_DATAGOVTW: return "datagovtw";
    case CATALOG_CKAN: return "ckan";
    case CATALOG_AUTO:
    case CATALOG_CSV: break;
    }
    return "csv";
}

enum status catalog_import_as(struct dbi *db, const char *path, enum catalog_kind kind,
                              struct catalog_stats *stats)
{
    struct catalog_writer w = {.db = db, .path = path, .stats = stats, .now = (int64_t)time(NULL)};
    enum status rc = ST_OK;
    bool in_transaction = false;
    FILE *f = NULL;

    memset(stats, 0, sizeof *stats);
    if (!(f = fopen(path, "rb"))) {
        errorf("cannot open catalog '%s': %s", path, strerror(errno));
        rc = ST_USAGE;
        goto out;
    }
    if (kind == CATALOG_AUTO && (rc = detect(f, path, &kind)) != ST_OK)
        goto out;
    w.source = source_name(kind);
    w.renames = kind == CATALOG_CKAN;
    for (int i = 0; i < W_STMTS && rc == ST_OK; i++)
        rc = db_prepare(db, &w.st[i], stmt_sql[i]);
    if (rc == ST_OK)
        rc = dbi_begin(db, path);
    if (rc != ST_OK)
        goto out;
    in_transaction = true;
    if (kind == CATALOG_CKAN)
        rc = catalog_read_ckan(&w, f, path);
    else
        rc = catalog_read_csv(&w, f, path, kind);
    if (rc == ST_OK && (rc = dbi_commit(db, path)) == ST_OK)
        in_transaction = false;
out:
    if (in_transaction)
        dbi_rollback(db);
    if (rc == ST_OK && stats->shared_urls > SHOW_REJECTED)
        warnf("'%s': %llu more resource URLs listed under several datasets", path,
              (unsigned long long)(stats->shared_urls - SHOW_REJECTED));
    if (rc == ST_OK && stats->rejected > SHOW_REJECTED)
        warnf("'%s': %llu more records skipped", path,
              (unsigned long long)(stats->rejected - SHOW_REJECTED));
    if (rc == ST_OK && stats->rejected)
        rc = ST_INPUT;
    else if (rc != ST_OK)
        memset(stats, 0, sizeof *stats);
    for (int i = 0; i < W_STMTS; i++)
        dbi_finalize(w.st[i]);
    free(w.scratch);
    free(w.url_buf);
    if (f)
        fclose(f);
    return rc;
}

enum status catalog_import(struct dbi *db, const char *path, struct catalog_stats *stats)
{
    return catalog_import_as(db, path, CATALOG_AUTO, stats);
}
