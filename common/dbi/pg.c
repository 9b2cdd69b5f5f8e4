/* pg.c - the dbi backend of PostgreSQL databases (libpq).
 *
 * Values travel as text, blobs as binary bytea. A statement is prepared on
 * the server when it first runs, with the types of its first bindings
 * (integers int8, text text, blobs bytea, NULL left to the server).
 * Statements that return no rows, run inside a transaction, are queued in
 * libpq's pipeline mode and synced every PIPELINE_MAX commands, at the next
 * statement that returns rows, and at commit.
 */
#define _GNU_SOURCE /* strcasestr */
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend.h"
#include "msg.h"

enum { PIPELINE_MAX = 256, MANY_ROWS = 100 };
enum { OID_BYTEA = 17, OID_INT8 = 20, OID_TEXT = 25 };
/* The first key of every advisory lock odstat takes ('odst'). */
#define LOCK_CLASS 1868854132

struct pg {
    struct dbi base;
    PGconn *conn;
    char err[512];
    bool in_txn;                /* between begin and commit/rollback */
    bool pipelined;             /* in pipeline mode, QUEUED commands unsynced */
    bool failed;                /* a queued command of this transaction failed */
    int queued;
    unsigned next_name;
    struct pg_stmt *pending;    /* a "many" statement with buffered rows */
    bool stream;                /* read-only: rows come one at a time */
    struct pg_stmt *streaming;  /* the statement whose rows are coming */
};

struct param {
    char *buf;
    size_t cap;
    int len, format;
    Oid type;
    bool null;
};

/* ROWS: a whole result in res; STREAM: rows arrive one by one (reports,
 * so a long result is never held whole); QUEUED: the rest of a stream,
 * read ahead because another statement needed the connection. */
enum run_state { IDLE, ROWS, STREAM, QUEUED, DONE };

struct pg_stmt {
    struct dbi_stmt base;
    char name[24];
    char *sql;                  /* with $N placeholders */
    int nparams;
    bool returns_rows, prepared;
    struct param *params;
    const char **values;        /* scratch for libpq, nparams each */
    int *lengths, *formats;
    PGresult *res;
    enum run_state state;
    int row, nrows;
    unsigned char *blob;        /* a decoded bytea column */
    size_t blob_cap;
    /* dbi_prepare_many: MANY_ROWS rows in one INSERT */
    char *many_sql;             /* NULL: not such a statement */
    char many_name[32];
    bool many_prepared;
    struct param *rows;         /* MANY_ROWS * nparams buffered values */
    int nrows_buffered;
    PGresult **ahead;           /* QUEUED: one-row results read ahead */
    size_t nahead, cap_ahead, next_ahead;
    bool ahead_failed;
};

static enum status drain(struct pg *p);
static void settle(struct pg *p);
static void pg_reset(struct dbi_stmt *st);

static struct pg *P(struct dbi *db) { return (struct pg *)db; }
static struct pg_stmt *PS(struct dbi_stmt *st) { return (struct pg_stmt *)st; }

/* Keeps libpq's message without its final newline. */
static void set_err(struct pg *p, const char *msg)
{
    snprintf(p->err, sizeof p->err, "%s", msg && *msg ? msg : "unknown error");
    size_t n = strlen(p->err);
    while (n && (p->err[n - 1] == '\n' || p->err[n - 1] == ' '))
        p->err[--n] = '\0';
}

static void quiet_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Reads the results of every queued command up to a sync. */
static enum status flush(struct pg *p)
{
    settle(p);
    if (!p->pipelined)
        return p->failed ? ST_DB : ST_OK;
    bool synced = false, broken = PQpipelineSync(p->conn) != 1;
    int nulls = 0;
    while (!synced && !broken) {
        PGresult *r = PQgetResult(p->conn);
        if (!r) {
            broken = ++nulls > p->queued + 1 || PQstatus(p->conn) != CONNECTION_OK;
            continue;
        }
        switch (PQresultStatus(r)) {
        case PGRES_PIPELINE_SYNC: synced = true; break;
        case PGRES_COMMAND_OK:
        case PGRES_TUPLES_OK: break;
        case PGRES_PIPELINE_ABORTED: p->failed = true; break;
        default:
            if (!p->failed)
                set_err(p, PQresultErrorMessage(r));
            p->failed = true;
        }
        PQclear(r);
    }
    if (broken) {
        set_err(p, PQerrorMessage(p->conn));
        p->failed = true;
    }
    if (PQexitPipelineMode(p->conn) != 1 && !p->failed) {
        set_err(p, PQerrorMessage(p->conn));
        p->failed = true;
    }
    p->pipelined = false;
    p->queued = 0;
    return p->failed ? ST_DB : ST_OK;
}

/* Runs SQL now (simple protocol); ROWS: a query whose result is wanted. */
static PGresult *run(struct pg *p, const char *sql)
{
    if (drain(p) != ST_OK || flush(p) != ST_OK)
        return NULL;
    PGresult *r = PQexec(p->conn, sql);
    ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        return r;
    set_err(p, r ? PQresultErrorMessage(r) : PQerrorMessage(p->conn));
    PQclear(r);
    return NULL;
}

static enum status pg_exec(struct dbi *db, const char *sql)
{
    PGresult *r = run(P(db), sql);
    PQclear(r);
    return r ? ST_OK : ST_DB;
}

static void pg_close(struct dbi *db)
{
    struct pg *p = P(db);
    if (p->conn)
        PQfinish(p->conn);
    free(p);
}

/* Writers commit without waiting for the WAL to reach the disk, as
 * SQLite's WAL with synchronous=NORMAL does: a server crash may lose the
 * last commits, never half of one, and a batch and its resume points go
 * together, so the next run counts them again, exactly. Reports run
 * without parallel workers: their queries read few rows (the monthly
 * rollup), and starting workers for each of them cost more than it gave
 * (summary of a quarter: 0.22 s with, 0.11 s without). */
static enum status pg_open(struct dbi **out, const char *uri, const char *name,
                           enum dbi_mode mode, int busy_ms)
{
    struct pg *p = calloc(1, sizeof *p);
    char setup[384];
    enum status rc = ST_NOMEM;

    *out = NULL;
    if (!p)
        goto out;
    rc = ST_DB;
    p->conn = PQconnectdb(uri);
    if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
        set_err(p, p->conn ? PQerrorMessage(p->conn) : "out of memory");
        errorf("cannot open database '%s': %s", name, p->err);
        goto out;
    }
    PQsetNoticeProcessor(p->conn, quiet_notices, NULL);
    p->stream = mode == DBI_READ;
    snprintf(setup, sizeof setup,
             "SET client_min_messages = warning; SET client_encoding = 'UTF8';"
             " SET lock_timeout = %d; SET default_transaction_read_only = %s;"
             " SET synchronous_commit = off%s",
             busy_ms, mode == DBI_READ ? "on" : "off",
             mode == DBI_READ ? "; SET max_parallel_workers_per_gather = 0" : "");
    rc = pg_exec(&p->base, setup);
    if (rc != ST_OK)
        errorf("cannot open database '%s': %s", name, p->err);
out:
    if (rc == ST_OK)
        *out = &p->base;
    else if (p)
        pg_close(&p->base);
    return rc;
}

static const char *pg_errmsg(struct dbi *db) { return P(db)->err; }

static enum status pg_begin(struct dbi *db)
{
    char sql[128];
    snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%d, 0)", LOCK_CLASS + 1);
    enum status rc = pg_exec(db, sql);
    if (rc == ST_OK) {
        P(db)->in_txn = true;
        P(db)->failed = false;
    }
    return rc;
}

static enum status pg_commit(struct dbi *db)
{
    struct pg *p = P(db);
    enum status rc = drain(p);
    if (rc == ST_OK)
        rc = flush(p);
    if (rc == ST_OK)
        rc = pg_exec(db, "COMMIT");
    if (rc == ST_OK)
        p->in_txn = false;
    return rc;
}

static void pg_rollback(struct dbi *db)
{
    struct pg *p = P(db);
    if (p->pending)
        p->pending->nrows_buffered = 0;
    p->pending = NULL;
    flush(p);
    PQclear(PQexec(p->conn, "ROLLBACK"));
    p->in_txn = p->failed = false;
}

/* A session-level advisory lock: held until the connection closes. */
static enum status pg_try_lock(struct dbi *db, const char *name, bool *taken)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT pg_try_advisory_lock(%d, %" PRId32 ")::int", LOCK_CLASS,
             (int32_t)(uint32_t)dbi_lock_key(name));
    PGresult *r = run(P(db), sql);
    *taken = r && PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "1") == 0;
    PQclear(r);
    return r ? ST_OK : ST_DB;
}

/* The schema version lives in a one-row table odstat_schema. */
static enum status pg_schema_version(struct dbi *db, int *version)
{
    PGresult *r = run(P(db), "SELECT (to_regclass('odstat_schema') IS NOT NULL)::int");
    bool exists = r && strcmp(PQgetvalue(r, 0, 0), "1") == 0;
    PQclear(r);
    if (!r)
        return ST_DB;
    *version = 0;
    if (!exists)
        return ST_OK;
    r = run(P(db), "SELECT version FROM odstat_schema");
    if (r && PQntuples(r) == 1)
        *version = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return r ? ST_OK : ST_DB;
}

static enum status pg_set_schema_version(struct dbi *db, int version)
{
    char sql[160];
    snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS odstat_schema (version integer NOT NULL);"
             " DELETE FROM odstat_schema; INSERT INTO odstat_schema VALUES (%d)", version);
    return pg_exec(db, sql);
}

/* ?N -> $N outside quotes; a bare ? takes the next number. Sets *N to
 * the highest number. The caller frees the result. */
static char *translate(const char *sql, int *n, bool *returns_rows)
{
    char *out = malloc(strlen(sql) * 2 + 1), *o = out;
    char quote = 0;
    int next = 0;
    if (!out)
        return NULL;
    *n = 0;
    for (const char *s = sql; *s; s++) {
        if (quote) {
            quote = *s == quote ? 0 : quote;
            *o++ = *s;
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
            *o++ = *s;
        } else if (*s == '?') {
            char *end;
            long v = strtol(s + 1, &end, 10);
            if (end == s + 1)
                v = next + 1;
            next = (int)v;
            *n = next > *n ? next : *n;
            o += sprintf(o, "$%d", next);
            s = end - 1;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    const char *w = sql + strspn(sql, " \t\n(");
    *returns_rows = strncasecmp(w, "SELECT", 6) == 0 || strncasecmp(w, "WITH", 4) == 0 ||
                    strncasecmp(w, "VALUES", 6) == 0 || strcasestr(sql, "RETURNING") != NULL;
    return out;
}

static void pg_finalize(struct dbi_stmt *st)
{
    struct pg_stmt *s = PS(st);
    struct pg *p = P(st->db);
    pg_reset(st);
    free(s->ahead);
    if (p->pending == s)
        drain(p);
    if (s->rows)
        for (int i = 0; i < MANY_ROWS * s->nparams; i++)
            free(s->rows[i].buf);
    free(s->rows);
    free(s->many_sql);
    if (s->many_prepared && PQstatus(p->conn) == CONNECTION_OK && !p->pipelined) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->many_name);
        PQclear(PQexec(p->conn, sql));
    }
    if (s->prepared && PQstatus(p->conn) == CONNECTION_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        if (p->pipelined) {
            PQsendQueryParams(p->conn, sql, 0, NULL, NULL, NULL, NULL, 0);
            p->queued++;
        } else {
            PQclear(PQexec(p->conn, sql));
        }
    }
    PQclear(s->res);
    for (int i = 0; i < s->nparams; i++)
        free(s->params[i].buf);
    free(s->params);
    free(s->values);
    free(s->lengths);
    free(s->formats);
    free(s->sql);
    free(s->blob);
    free(s);
}

static enum status pg_prepare(struct dbi *db, struct dbi_stmt **out, const char *sql)
{
    struct pg *p = P(db);
    struct pg_stmt *s = calloc(1, sizeof *s);
    *out = NULL;
    if (s && (s->sql = translate(sql, &s->nparams, &s->returns_rows))) {
        int n = s->nparams ? s->nparams : 1;
        s->params = calloc((size_t)n, sizeof *s->params);
        s->values = calloc((size_t)n, sizeof *s->values);
        s->lengths = calloc((size_t)n, sizeof *s->lengths);
        s->formats = calloc((size_t)n, sizeof *s->formats);
        if (s->params && s->values && s->lengths && s->formats) {
            for (int i = 0; i < s->nparams; i++)
                s->params[i].null = true;
            snprintf(s->name, sizeof s->name, "odstat_%u", ++p->next_name);
            s->base.db = db;
            *out = &s->base;
            return ST_OK;
        }
    }
    if (s) {
        s->base.db = db;
        pg_finalize(&s->base);
    }
    set_err(p, "out of memory");
    return ST_NOMEM;
}

/* "INSERT ... VALUES (row) rest" -> "INSERT ... VALUES (row1), ... (rowK)
 * rest", the placeholders of row k numbered from k * N + 1. */
static char *many_sql(const char *sql, int n)
{
    const char *v = strcasestr(sql, "VALUES (");
    if (!v || n == 0)
        return NULL;
    const char *open = strchr(v, '('), *close = open;
    for (int depth = 0; *close; close++)
        if ((depth += *close == '(' ? 1 : *close == ')' ? -1 : 0) == 0)
            break;
    if (!*close)
        return NULL;
    size_t row = (size_t)(close - open + 1), cap = strlen(sql) + MANY_ROWS * (row + 8 * (size_t)n + 4);
    char *out = malloc(cap), *o = out;
    if (!out)
        return NULL;
    o += sprintf(o, "%.*s", (int)(open - sql), sql);
    for (int k = 0; k < MANY_ROWS; k++) {
        if (k)
            *o++ = ',';
        for (const char *c = open; c <= close; c++) {
            if (*c == '$') {
                char *end;
                long i = strtol(c + 1, &end, 10);
                o += sprintf(o, "$%ld", (long)k * n + i);
                c = end - 1;
            } else {
                *o++ = *c;
            }
        }
    }
    strcpy(o, close + 1);
    return out;
}

static enum status pg_prepare_many(struct dbi *db, struct dbi_stmt **out, const char *sql)
{
    enum status rc = pg_prepare(db, out, sql);
    if (rc != ST_OK)
        return rc;
    struct pg_stmt *s = PS(*out);
    s->rows = calloc((size_t)MANY_ROWS * (size_t)(s->nparams ? s->nparams : 1), sizeof *s->rows);
    s->many_sql = s->rows ? many_sql(s->sql, s->nparams) : NULL;
    if (!s->many_sql) {
        free(s->rows);
        s->rows = NULL;
    }
    snprintf(s->many_name, sizeof s->many_name, "%s_many", s->name);
    return ST_OK;
}

static struct param *param(struct dbi_stmt *st, int i)
{
    return i >= 1 && i <= PS(st)->nparams ? &PS(st)->params[i - 1] : NULL;
}

static void set_param(struct dbi_stmt *st, int i, const void *data, size_t len, int format,
                      Oid type)
{
    struct param *q = param(st, i);
    if (!q)
        return;
    if (len + 1 > q->cap) {
        char *b = realloc(q->buf, len + 1);
        if (!b) {
            q->null = true;
            return;
        }
        q->buf = b;
        q->cap = len + 1;
    }
    memcpy(q->buf, data, len);
    q->buf[len] = '\0';
    q->len = (int)len;
    q->format = format;
    q->type = type;
    q->null = false;
}

static void pg_bind_int64(struct dbi_stmt *st, int i, int64_t v)
{
    char text[24];
    int n = snprintf(text, sizeof text, "%" PRId64, v);
    set_param(st, i, text, (size_t)n, 0, OID_INT8);
}

static void pg_bind_text(struct dbi_stmt *st, int i, const char *text, size_t len)
{
    set_param(st, i, text, len, 0, OID_TEXT);
}

static void pg_bind_blob(struct dbi_stmt *st, int i, const void *data, size_t len)
{
    set_param(st, i, data, len, 1, OID_BYTEA);
}

static void pg_bind_null(struct dbi_stmt *st, int i)
{
    struct param *q = param(st, i);
    if (q)
        q->null = true;
}

static void pg_clear_bindings(struct dbi_stmt *st)
{
    for (int i = 1; i <= PS(st)->nparams; i++)
        pg_bind_null(st, i);
}

static void free_ahead(struct pg_stmt *s)
{
    for (size_t i = s->next_ahead; i < s->nahead; i++)
        PQclear(s->ahead[i]);
    s->nahead = s->next_ahead = 0;
    s->ahead_failed = false;
}

/* Reads the rest of the streaming statement's rows, so the connection is
 * free for another. */
static void settle(struct pg *p)
{
    struct pg_stmt *s = p->streaming;
    PGresult *r;
    if (!s)
        return;
    p->streaming = NULL;
    s->state = QUEUED;
    while ((r = PQgetResult(p->conn))) {
        ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_SINGLE_TUPLE && s->nahead == s->cap_ahead) {
            size_t cap = s->cap_ahead ? 2 * s->cap_ahead : 64;
            PGresult **a = realloc(s->ahead, cap * sizeof *a);
            if (a) {
                s->ahead = a;
                s->cap_ahead = cap;
            }
        }
        if (status == PGRES_SINGLE_TUPLE && s->nahead < s->cap_ahead) {
            s->ahead[s->nahead++] = r;
            continue;
        }
        if (status != PGRES_TUPLES_OK) {
            set_err(p, PQresultErrorMessage(r));
            s->ahead_failed = true;
        }
        PQclear(r);
    }
}

static void pg_reset(struct dbi_stmt *st)
{
    struct pg_stmt *s = PS(st);
    if (P(st->db)->streaming == s)
        settle(P(st->db));
    free_ahead(s);
    PQclear(s->res);
    s->res = NULL;
    s->state = IDLE;
}

static void fill_values(struct pg_stmt *s)
{
    for (int i = 0; i < s->nparams; i++) {
        struct param *q = &s->params[i];
        s->values[i] = q->null ? NULL : q->buf;
        s->lengths[i] = q->null ? 0 : q->len;
        s->formats[i] = q->null ? 0 : q->format;
    }
}

/* Prepares S on the server with the types of its current bindings. A
 * NULL is left to the server to type, unless it cannot ("?1 IS NULL" is
 * all it says): then it is text. */
static enum status prepare_now(struct pg *p, struct pg_stmt *s)
{
    Oid types[s->nparams ? s->nparams : 1];
    enum status rc = ST_DB;
    if (flush(p) != ST_OK)
        return ST_DB;
    for (int attempt = 0; attempt < 2 && rc != ST_OK; attempt++) {
        for (int i = 0; i < s->nparams; i++)
            types[i] = !s->params[i].null ? s->params[i].type : attempt ? OID_TEXT : 0;
        PGresult *r = PQprepare(p->conn, s->name, s->sql, s->nparams, types);
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        rc = PQresultStatus(r) == PGRES_COMMAND_OK ? ST_OK : ST_DB;
        if (rc != ST_OK)
            set_err(p, r ? PQresultErrorMessage(r) : PQerrorMessage(p->conn));
        bool untyped = state && (strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0);
        PQclear(r);
        if (!untyped)
            break;
    }
    s->prepared = rc == ST_OK;
    return rc;
}

static int queue(struct pg *p, struct pg_stmt *s)
{
    settle(p);
    if (!p->pipelined) {
        if (PQenterPipelineMode(p->conn) != 1) {
            set_err(p, PQerrorMessage(p->conn));
            return DBI_ERROR;
        }
        p->pipelined = true;
    }
    fill_values(s);
    if (PQsendQueryPrepared(p->conn, s->name, s->nparams, s->values, s->lengths, s->formats, 0)
        != 1) {
        set_err(p, PQerrorMessage(p->conn));
        p->failed = true;
        return DBI_ERROR;
    }
    s->state = DONE;
    if (++p->queued >= PIPELINE_MAX && flush(p) != ST_OK)
        return DBI_ERROR;
    return DBI_DONE;
}

static void copy_param(struct param *to, const struct param *from)
{
    if (from->null) {
        to->null = true;
        return;
    }
    if ((size_t)from->len + 1 > to->cap) {
        char *b = realloc(to->buf, (size_t)from->len + 1);
        if (!b) {
            to->null = true;
            return;
        }
        to->buf = b;
        to->cap = (size_t)from->len + 1;
    }
    memcpy(to->buf, from->buf, (size_t)from->len + 1);
    to->len = from->len;
    to->format = from->format;
    to->type = from->type;
    to->null = false;
}

/* Sends the rows P->pending buffered one by one (fewer than MANY_ROWS). */
static enum status drain(struct pg *p)
{
    struct pg_stmt *s = p->pending;
    enum status rc = ST_OK;
    p->pending = NULL;
    if (!s)
        return ST_OK;
    struct param saved[s->nparams ? s->nparams : 1];
    memcpy(saved, s->params, sizeof saved);
    for (int r = 0; r < s->nrows_buffered && rc == ST_OK; r++) {
        memcpy(s->params, s->rows + (size_t)r * (size_t)s->nparams, sizeof saved);
        if (!s->prepared && prepare_now(p, s) != ST_OK)
            rc = ST_DB;
        else if (queue(p, s) == DBI_ERROR)
            rc = ST_DB;
    }
    memcpy(s->params, saved, sizeof saved);
    s->nrows_buffered = 0;
    return rc;
}

/* Buffers the bound row of S; MANY_ROWS rows go as one statement. */
static int buffer_row(struct pg *p, struct pg_stmt *s)
{
    settle(p);
    if (p->pending != s && drain(p) != ST_OK)
        return DBI_ERROR;
    struct param *row = s->rows + (size_t)s->nrows_buffered * (size_t)s->nparams;
    for (int i = 0; i < s->nparams; i++)
        copy_param(&row[i], &s->params[i]);
    p->pending = s;
    s->state = DONE;
    if (++s->nrows_buffered < MANY_ROWS)
        return DBI_DONE;
    int n = MANY_ROWS * s->nparams;
    if (!s->many_prepared) {
        Oid *types = calloc((size_t)n, sizeof *types);
        for (int i = 0; types && i < n; i++)
            types[i] = s->rows[i].null ? 0 : s->rows[i].type;
        PGresult *r = types && flush(p) == ST_OK
                          ? PQprepare(p->conn, s->many_name, s->many_sql, n, types) : NULL;
        free(types);
        s->many_prepared = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!s->many_prepared) {
            set_err(p, r ? PQresultErrorMessage(r) : PQerrorMessage(p->conn));
            p->failed = true;
        }
        PQclear(r);
        if (!s->many_prepared)
            return DBI_ERROR;
    }
    const char **values = malloc((size_t)n * sizeof *values);
    int *lengths = malloc((size_t)n * sizeof *lengths), *formats = malloc((size_t)n * sizeof *formats);
    int sent = 0;
    if (values && lengths && formats) {
        for (int i = 0; i < n; i++) {
            values[i] = s->rows[i].null ? NULL : s->rows[i].buf;
            lengths[i] = s->rows[i].null ? 0 : s->rows[i].len;
            formats[i] = s->rows[i].null ? 0 : s->rows[i].format;
        }
        if (!p->pipelined && PQenterPipelineMode(p->conn) == 1)
            p->pipelined = true;
        sent = p->pipelined &&
               PQsendQueryPrepared(p->conn, s->many_name, n, values, lengths, formats, 0);
    }
    free(values);
    free(lengths);
    free(formats);
    s->nrows_buffered = 0;
    p->pending = NULL;
    if (!sent) {
        set_err(p, PQerrorMessage(p->conn));
        p->failed = true;
        return DBI_ERROR;
    }
    if (++p->queued >= PIPELINE_MAX && flush(p) != ST_OK)
        return DBI_ERROR;
    return DBI_DONE;
}

/* The next row of a streaming statement. */
static int next_streamed(struct pg *p, struct pg_stmt *s)
{
    PQclear(s->res);
    s->res = PQgetResult(p->conn);
    ExecStatusType status = PQresultStatus(s->res);
    if (status == PGRES_SINGLE_TUPLE) {
        s->row = 0;
        s->nrows = 1;
        return DBI_ROW;
    }
    if (status != PGRES_TUPLES_OK)
        set_err(p, s->res ? PQresultErrorMessage(s->res) : PQerrorMessage(p->conn));
    PQclear(s->res);
    s->res = NULL;
    settle(p); /* reads the end of the result */
    free_ahead(s);
    s->state = DONE;
    return status == PGRES_TUPLES_OK ? DBI_DONE : DBI_ERROR;
}

static int next_ahead(struct pg *p, struct pg_stmt *s)
{
    (void)p;
    PQclear(s->res);
    s->res = NULL;
    if (s->next_ahead < s->nahead) {
        s->res = s->ahead[s->next_ahead++];
        s->row = 0;
        s->nrows = 1;
        return DBI_ROW;
    }
    int r = s->ahead_failed ? DBI_ERROR : DBI_DONE;
    free_ahead(s);
    s->state = DONE;
    return r;
}

static int start_stream(struct pg *p, struct pg_stmt *s)
{
    if (PQsendQueryPrepared(p->conn, s->name, s->nparams, s->values, s->lengths, s->formats,
                            0) != 1) {
        set_err(p, PQerrorMessage(p->conn));
        return DBI_ERROR;
    }
    PQsetSingleRowMode(p->conn);
    p->streaming = s;
    s->state = STREAM;
    return next_streamed(p, s);
}

static int pg_step(struct dbi_stmt *st)
{
    struct pg_stmt *s = PS(st);
    struct pg *p = P(st->db);

    if (s->state == ROWS)
        return ++s->row < s->nrows ? DBI_ROW : (pg_reset(st), s->state = DONE, DBI_DONE);
    if (s->state == STREAM)
        return next_streamed(p, s);
    if (s->state == QUEUED)
        return next_ahead(p, s);
    pg_reset(st);
    if (p->in_txn && p->failed)
        return DBI_ERROR;
    if (p->in_txn && s->many_sql)
        return buffer_row(p, s);
    if (drain(p) != ST_OK)
        return DBI_ERROR;
    if (!s->prepared && prepare_now(p, s) != ST_OK)
        return DBI_ERROR;
    if (p->in_txn && !s->returns_rows)
        return queue(p, s);
    if (flush(p) != ST_OK)
        return DBI_ERROR;
    fill_values(s);
    if (p->stream && !p->in_txn && s->returns_rows)
        return start_stream(p, s);
    PGresult *r = PQexecPrepared(p->conn, s->name, s->nparams, s->values, s->lengths,
                                 s->formats, 0);
    ExecStatusType status = PQresultStatus(r);
    if (status == PGRES_TUPLES_OK && PQntuples(r) > 0) {
        s->res = r;
        s->row = 0;
        s->nrows = PQntuples(r);
        s->state = ROWS;
        return DBI_ROW;
    }
    s->state = DONE;
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
        PQclear(r);
        return DBI_DONE;
    }
    set_err(p, r ? PQresultErrorMessage(r) : PQerrorMessage(p->conn));
    if (p->in_txn)
        p->failed = true;
    PQclear(r);
    return DBI_ERROR;
}

static const char *value(struct dbi_stmt *st, int i)
{
    struct pg_stmt *s = PS(st);
    if (!s->res || s->state == IDLE || s->state == DONE || i < 0 || i >= PQnfields(s->res) ||
        PQgetisnull(s->res, s->row, i))
        return NULL;
    return PQgetvalue(s->res, s->row, i);
}

static int pg_column_count(struct dbi_stmt *st)
{
    return PS(st)->res ? PQnfields(PS(st)->res) : 0;
}

static const char *pg_column_name(struct dbi_stmt *st, int i)
{
    return PS(st)->res ? PQfname(PS(st)->res, i) : NULL;
}

static enum dbi_type pg_column_type(struct dbi_stmt *st, int i)
{
    if (!value(st, i))
        return DBI_NULL;
    switch (PQftype(PS(st)->res, i)) {
    case OID_BYTEA: return DBI_BLOB;
    case OID_INT8: case 21: case 23: return DBI_INTEGER;       /* int8, int2, int4 */
    case 700: case 701: case 1700: return DBI_FLOAT;          /* float4, float8, numeric */
    default: return DBI_TEXT;
    }
}

/* An identity column's sequence goes on after the largest key. */
static enum status pg_sync_ids(struct dbi *db, const char *table, const char *id)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', '%s'),"
             " COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)", table, id, id, table);
    return pg_exec(db, sql);
}

static bool pg_column_is_null(struct dbi_stmt *st, int i) { return value(st, i) == NULL; }

static int64_t pg_column_int64(struct dbi_stmt *st, int i)
{
    const char *v = value(st, i);
    if (!v)
        return 0;
    if (*v == 't' || *v == 'f')
        return *v == 't';
    return strtoll(v, NULL, 10);
}

static double pg_column_double(struct dbi_stmt *st, int i)
{
    const char *v = value(st, i);
    return v ? strtod(v, NULL) : 0.0;
}

static const char *pg_column_text(struct dbi_stmt *st, int i) { return value(st, i); }

static int pg_column_bytes(struct dbi_stmt *st, int i)
{
    return value(st, i) ? PQgetlength(PS(st)->res, PS(st)->row, i) : 0;
}

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* bytea comes as text "\x0a1b...": decoded into the statement's buffer. */
static const void *pg_column_blob(struct dbi_stmt *st, int i, size_t *len)
{
    struct pg_stmt *s = PS(st);
    const char *v = value(st, i);
    *len = 0;
    if (!v)
        return NULL;
    size_t n = (size_t)PQgetlength(s->res, s->row, i);
    if (PQftype(s->res, i) != OID_BYTEA || n < 2 || v[0] != '\\' || v[1] != 'x') {
        *len = n;
        return v;
    }
    n = (n - 2) / 2;
    if (n > s->blob_cap) {
        unsigned char *b = realloc(s->blob, n);
        if (!b)
            return NULL;
        s->blob = b;
        s->blob_cap = n;
    }
    for (size_t k = 0; k < n; k++)
        s->blob[k] = (unsigned char)(hex(v[2 + 2 * k]) << 4 | hex(v[3 + 2 * k]));
    *len = n;
    return s->blob;
}

const struct dbi_ops dbi_pg_ops = {
    .engine = DBI_POSTGRES,
    .open = pg_open, .close = pg_close, .errmsg = pg_errmsg, .exec = pg_exec,
    .begin = pg_begin, .commit = pg_commit, .rollback = pg_rollback,
    .try_lock = pg_try_lock, .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .prepare = pg_prepare, .prepare_many = pg_prepare_many, .finalize = pg_finalize,
    .bind_int64 = pg_bind_int64, .bind_text = pg_bind_text, .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null, .step = pg_step, .reset = pg_reset,
    .clear_bindings = pg_clear_bindings, .column_count = pg_column_count,
    .column_name = pg_column_name, .column_type = pg_column_type, .sync_ids = pg_sync_ids,
    .column_is_null = pg_column_is_null,
    .column_int64 = pg_column_int64, .column_double = pg_column_double,
    .column_text = pg_column_text, .column_bytes = pg_column_bytes,
    .column_blob = pg_column_blob,
};
