/* counts.c - the snapshot import: kind detection, the one transaction, and
 * the writer that resolves each record's dataset and stores its values.
 *
 * Layouts live in counts_read.c; this file only sees records
 * (counts_int.h). What each source means: docs/snapshots.md.
 */
#define _POSIX_C_SOURCE 200809L
#include "counts.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "counts_int.h"
#include "db.h"
#include "importer.h"
#include "msg.h"
#include "target.h"

#define SHOWN 10             /* warnings shown of each kind; the rest are counted */
#define COUNT_MAX 9007199254740991.0 /* 2^53 - 1: exact in a JSON number */

enum { S_PUT, S_SAME, S_ALIAS, S_JOIN, S_STMTS };

static const char *const stmt_sql[S_STMTS] = {
    [S_PUT] = "INSERT INTO snapshot (dataset_id, metric, as_of, value, source)"
              " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (dataset_id, metric, as_of)"
              " DO UPDATE SET value = excluded.value, source = excluded.source",
    [S_SAME] = "SELECT 1 FROM snapshot WHERE dataset_id = ?1 AND metric = ?2 AND as_of = ?3"
               " AND value = ?4 AND source = ?5",
    [S_ALIAS] = "SELECT dataset_id FROM alias WHERE alias = ?1",
    [S_JOIN] = "SELECT id FROM dataset WHERE publisher = ?1 AND name = ?2 LIMIT 2",
};

struct counts_writer {
    struct dbi *db;
    const char *path;
    const struct counts_options *opt;
    struct counts_stats *stats;
    struct dbi_stmt *st[S_STMTS];
    char id[IMPORT_ID_MAX + 1];     /* the resolved dataset id of the record */
};

static const char *const source_names[] = {
    [COUNTS_CSV] = "csv", [COUNTS_DATAGOVTW_API] = "datagovtw-api",
    [COUNTS_DATAGOVTW_STATS] = "datagovtw-stats", [COUNTS_CKAN] = "ckan",
};

static void where(const struct counts_writer *w, const struct counts_record *rec, char *out,
                  size_t size)
{
    if (rec->line)
        snprintf(out, size, "'%s:%llu'", w->path, (unsigned long long)rec->line);
    else
        snprintf(out, size, "'%s' record %llu", w->path, (unsigned long long)rec->item);
}

void counts_writer_reject(struct counts_writer *w, const struct counts_record *rec,
                          const char *why)
{
    char at[300];
    if (++w->stats->rejected > SHOWN)
        return;
    where(w, rec, at, sizeof at);
    warnf("%s: %s; record skipped", at, why);
}

/* ---- values ------------------------------------------------------------- */

/* "5080", "5,080" (groups of three after the first) -> 5080. */
static bool parse_count_text(struct text t, int64_t *out)
{
    int64_t v = 0;
    size_t group = 0;
    bool comma = false;

    t = import_trim(t);
    if (t.len == 0 || t.p[0] == ',')
        return false;
    for (size_t i = 0; i < t.len; i++) {
        char c = t.p[i];
        if (c == ',') {
            if (comma && group != 3)
                return false;
            if (!comma && group > 3)
                return false;
            comma = true;
            group = 0;
            continue;
        }
        if (c < '0' || c > '9' || v > (INT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (c - '0');
        group++;
    }
    if (comma && group != 3)
        return false;
    *out = v;
    return true;
}

/* A count of REC: *OK false when it is there but not a count. */
static bool take_count(const struct counts_value *v, int64_t *out)
{
    if (v->is_number) {
        if (!(v->number >= 0 && v->number <= COUNT_MAX) || floor(v->number) != v->number)
            return false;
        *out = (int64_t)v->number;
        return true;
    }
    return parse_count_text(v->text, out);
}

/* ---- storing ------------------------------------------------------------ */

static enum status step(struct counts_writer *w, struct dbi_stmt *st, int *row)
{
    return import_step(w->db, w->path, st, row);
}

/* The canonical id of ID (an alias resolves to its dataset) into w->id. */
static enum status resolve_alias(struct counts_writer *w, struct text id)
{
    struct dbi_stmt *st = w->st[S_ALIAS];
    int row = 0;
    memcpy(w->id, id.p, id.len);
    w->id[id.len] = '\0';
    import_bind(st, 1, id);
    enum status rc = step(w, st, &row);
    if (rc == ST_OK && row) {
        const char *p = dbi_column_text(st, 0);
        if (p && strlen(p) <= IMPORT_ID_MAX)
            strcpy(w->id, p);
    }
    import_finish(st);
    return rc;
}

/* The one catalog dataset of PUBLISHER and NAME into w->id; *FOUND is
 * false (with a warning) when there is none or more than one. */
static enum status join_catalog(struct counts_writer *w, const struct counts_record *rec,
                                bool *found)
{
    struct dbi_stmt *st = w->st[S_JOIN];
    struct text pub = import_trim(rec->publisher), name = import_trim(rec->name);
    int row = 0, rows = 0;
    enum status rc;
    char at[300];

    import_bind(st, 1, pub);
    import_bind(st, 2, name);
    while ((rc = step(w, st, &row)) == ST_OK && row) {
        const char *p = dbi_column_text(st, 0);
        if (rows++ == 0 && p && strlen(p) <= IMPORT_ID_MAX)
            strcpy(w->id, p);
    }
    import_finish(st);
    *found = rc == ST_OK && rows == 1;
    if (rc == ST_OK && !*found && ++w->stats->unmatched <= SHOWN) {
        where(w, rec, at, sizeof at);
        warnf("%s: %s '%.*s' / '%.*s' in the catalog; skipped", at,
              rows ? "more than one dataset named" : "no dataset", (int)pub.len, pub.p,
              (int)name.len, name.p);
    }
    return rc;
}

static void bind_value(struct dbi_stmt *st, const char *id, const char *metric, const char *as_of,
                       int64_t value, const char *source)
{
    dbi_bind_text(st, 1, id, -1);
    dbi_bind_text(st, 2, metric, -1);
    dbi_bind_text(st, 3, as_of, -1);
    dbi_bind_int64(st, 4, value);
    dbi_bind_text(st, 5, source, -1);
}

/* Stores VALUE of METRIC for w->id on AS_OF unless it is stored already
 * (an import again changes nothing); counts a change. */
static enum status put_value(struct counts_writer *w, const char *metric, const char *as_of,
                             int64_t value)
{
    int same = 0;
    bind_value(w->st[S_SAME], w->id, metric, as_of, value, w->stats->source);
    enum status rc = step(w, w->st[S_SAME], &same);
    import_finish(w->st[S_SAME]);
    if (rc == ST_OK && !same) {
        bind_value(w->st[S_PUT], w->id, metric, as_of, value, w->stats->source);
        rc = step(w, w->st[S_PUT], NULL);
        import_finish(w->st[S_PUT]);
    }
    if (rc == ST_OK) {
        w->stats->values++;
        w->stats->changed += !same;
    }
    return rc;
}

/* The record's date (its own, else --as-of) into OUT; false if none. */
static bool record_date(const struct counts_writer *w, const struct counts_record *rec,
                        char out[11])
{
    struct text t = import_trim(rec->as_of);
    int64_t day;
    char buf[16];
    if (t.len == 0) {
        if (!w->opt->as_of)
            return false;
        t = (struct text){w->opt->as_of, strlen(w->opt->as_of)};
    }
    if (t.len != 10)
        return false;
    memcpy(buf, t.p, 10);
    buf[10] = '\0';
    if (!civil_parse(buf, &day))
        return false;
    civil_format(day, out);
    return true;
}

enum status counts_writer_put(struct counts_writer *w, const struct counts_record *rec)
{
    int64_t views = 0, downloads = 0;
    bool want_views = w->opt->metric != COUNTS_DOWNLOADS && rec->views.present;
    bool want_downloads = w->opt->metric != COUNTS_VIEWS && rec->downloads.present;
    enum status rc = ST_OK;
    bool found = true;
    char as_of[11];

    if (!record_date(w, rec, as_of)) {
        counts_writer_reject(w, rec, "as_of is not a date YYYY-MM-DD");
        return ST_OK;
    }
    if ((want_views && !take_count(&rec->views, &views)) ||
        (want_downloads && !take_count(&rec->downloads, &downloads))) {
        counts_writer_reject(w, rec, "a count is not a whole number");
        return ST_OK;
    }
    if (rec->id.p) {
        struct text id = import_trim(rec->id);
        if (!import_valid_id(id)) {
            counts_writer_reject(w, rec, "dataset id is not one URL path segment"
                                         " of [A-Za-z0-9._~-]");
            return ST_OK;
        }
        rc = resolve_alias(w, id);
    } else {
        rc = join_catalog(w, rec, &found);
    }
    if (rc != ST_OK || !found || (!want_views && !want_downloads))
        return rc;
    if (want_views)
        rc = put_value(w, "views", as_of, views);
    if (rc == ST_OK && want_downloads)
        rc = put_value(w, "downloads", as_of, downloads);
    if (rc == ST_OK)
        w->stats->datasets++;
    return rc;
}

/* ---- the import --------------------------------------------------------- */

/* JSON ('{' first), the statistics export (a header starting with
 * 提供機關名稱), else the plain CSV. Rewinds F. */
static enum status detect(FILE *f, const char *path, bool *json, enum counts_kind *kind)
{
    static const char stats_head[] = "提供機關名稱";
    unsigned char head[64];
    size_t n = fread(head, 1, sizeof head, f), i = 0, j;

    if (ferror(f) || fseek(f, 0, SEEK_SET) != 0) {
        errorf("cannot read counts '%s': %s", path, strerror(errno));
        return ST_USAGE;
    }
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (j = i; j < n && import_is_blank((char)head[j]); j++)
        ;
    if (j == n) {
        errorf("counts '%s' is empty", path);
        return ST_USAGE;
    }
    *json = head[j] == '{';
    if (head[i] == '"')
        i++;
    *kind = n - i >= strlen(stats_head) && memcmp(head + i, stats_head, strlen(stats_head)) == 0
                ? COUNTS_DATAGOVTW_STATS : COUNTS_CSV;
    return ST_OK;
}

enum status counts_writer_begin(struct counts_writer *w, enum counts_kind kind, bool dated)
{
    w->stats->source = source_names[kind];
    if (dated || w->opt->as_of)
        return ST_OK;
    errorf("counts '%s' (%s) does not say what date its numbers are of: give --as-of DATE",
           w->path, source_names[kind]);
    return ST_USAGE;
}

static enum status read_file(struct counts_writer *w, FILE *f, const char *path)
{
    enum counts_kind kind;
    bool json;
    enum status rc = detect(f, path, &json, &kind);
    if (rc != ST_OK)
        return rc;
    if (json)
        return counts_read_json(w, f, path);
    return counts_read_csv(w, f, path, kind);
}

enum status counts_import(struct dbi *db, const char *path, const struct counts_options *opt,
                          struct counts_stats *stats)
{
    struct counts_writer w = {.db = db, .path = path, .opt = opt, .stats = stats};
    enum status rc = ST_OK;
    bool in_transaction = false;
    FILE *f = NULL;

    memset(stats, 0, sizeof *stats);
    if (!(f = fopen(path, "rb"))) {
        errorf("cannot open counts '%s': %s", path, strerror(errno));
        rc = ST_USAGE;
        goto out;
    }
    for (int i = 0; i < S_STMTS && rc == ST_OK; i++)
        rc = db_prepare(db, &w.st[i], stmt_sql[i]);
    if (rc == ST_OK && (rc = dbi_begin(db, path)) == ST_OK)
        in_transaction = true;
    if (rc == ST_OK)
        rc = read_file(&w, f, path);
    if (rc == ST_OK && (rc = dbi_commit(db, path)) == ST_OK)
        in_transaction = false;
out:
    if (in_transaction)
        dbi_rollback(db);
    if (rc == ST_OK && stats->unmatched > SHOWN)
        warnf("'%s': %llu more rows not found once in the catalog", path,
              (unsigned long long)(stats->unmatched - SHOWN));
    if (rc == ST_OK && stats->rejected > SHOWN)
        warnf("'%s': %llu more records skipped", path,
              (unsigned long long)(stats->rejected - SHOWN));
    if (rc == ST_OK && stats->rejected)
        rc = ST_INPUT;
    for (int i = 0; i < S_STMTS; i++)
        dbi_finalize(w.st[i]);
    if (f)
        fclose(f);
    return rc;
}
