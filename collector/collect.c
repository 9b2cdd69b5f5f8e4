/* collect.c - a collector run: open every file, find how far each was read
 * before, merge their lines by timestamp (SPEC §2.1) and feed the counter,
 * committing in batches. */
#define _POSIX_C_SOURCE 200809L
#include "collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agents.h"
#include "counter.h"
#include "formats.h"
#include "geo.h"
#include "input.h"
#include "logline.h"
#include "parser.h"
#include "msg.h"
#include "netlist.h"
#include "rules.h"
#include "siphash.h"
#include "store.h"
#include "target.h"
#include "urlmap.h"

#define REJECTS_SHOWN 10

struct source {
    struct input *in;
    struct log_format *format;  /* this file's parser (W3C state is per file) */
    const char *path;
    struct ingest_record rec;   /* what earlier runs read */
    size_t prefix_len;
    uint64_t prefix_hash;
    uint64_t lines_read;        /* this run, including the pending head */
    uint64_t rejected;          /* this run */
    uint64_t pos;               /* offset just past the last line read */
    int64_t first_ts, last_ts;  /* of the lines consumed this run */
    int64_t last_day;           /* local day of the last consumed line */
    uint32_t pending[PARSE_RESULTS]; /* rejects waiting for a day */
    bool has_head, done;
    bool read_whole;            /* done at the end of the file, not at an error */
    uint64_t head_offset;       /* where the head line starts */
    struct line_parser *parser; /* the worker parsing this file, if any */
    struct logrec head;
};

struct run {
    const struct collect_options *opt;
    struct store *store;
    struct rules *rules;
    struct urlmap *urlmap;          /* the catalog's resource URLs (SPEC §1.4b) */
    struct agents *agents;
    struct geo *geo;
    struct counter *counter;
    struct log_format *format;      /* -f as given; "auto" is resolved per file */
    struct proxy_list *trusted;     /* --trusted-proxy */
    struct netlist *networks;       /* --robot-networks */
    struct input_pool *pool;        /* open descriptors within the limit */
    struct source *src;
    int nsrc;
    struct run_stats stats;
    uint64_t since_commit, rejects_shown;
    char *path_buf, *query_buf;     /* INPUT_LINE_MAX + 1 bytes each */
    enum status worst;
    int waiting;                    /* files whose last line waits for its newline */
    const char *waiting_path;       /* the first of them */
    bool progress;
    double started, last_progress;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Rejected lines are put on the day of the valid line before them in the
 * same file, or of the one after them when there is none before. */
static enum status count_reject(struct run *run, struct source *s, enum parse_result why)
{
    if (s->last_day == COUNTER_NO_TIME) {
        s->pending[why]++;
        return ST_OK;
    }
    return counter_reject(run->counter, s->last_day, why);
}

static enum status flush_pending(struct run *run, struct source *s, int64_t day)
{
    enum status rc = ST_OK;
    for (int r = 0; r < PARSE_RESULTS && rc == ST_OK; r++)
        for (; s->pending[r] > 0 && rc == ST_OK; s->pending[r]--)
            rc = counter_reject(run->counter, day, r);
    return rc;
}

static void note_reject(struct run *run, struct source *s, enum parse_result why)
{
    run->stats.rejected[why]++;
    s->rejected++;
    if (count_reject(run, s, why) != ST_OK)
        run->worst = status_worst(run->worst, ST_NOMEM);
    if (run->rejects_shown++ < REJECTS_SHOWN)
        notef("'%s':%llu: rejected line (%s)", s->path,
              (unsigned long long)(s->rec.lines + s->lines_read), logline_reject_name(why));
}

/* Reads S's lines until the next valid one, which becomes its head. */
/* The next line of S, parsed by its worker or here. */
static enum input_result next_parsed(struct source *s, struct parsed_line *local,
                                     const struct parsed_line **out)
{
    if (s->parser) {
        enum input_result r = INPUT_EOF;
        *out = line_parser_next(s->parser, &r);
        return *out ? INPUT_LINE : r;
    }
    *out = local;
    return parsed_next_inline(s->in, s->format, local);
}

/* Reads S's lines until the next valid one, which becomes its head. */
static void advance(struct run *run, struct source *s)
{
    struct parsed_line local;
    const struct parsed_line *pl;
    if (s->has_head)
        s->last_day = s->head.day; /* the head was just consumed */
    s->has_head = false;
    while (!s->done) {
        enum input_result r = next_parsed(s, &local, &pl);
        if (r != INPUT_LINE) {
            s->done = true;
            s->read_whole = r == INPUT_EOF && !input_held_back(s->in);
            if (r == INPUT_ERROR)
                run->worst = status_worst(run->worst, ST_INPUT);
            else if (input_held_back(s->in)) {
                notef("'%s': the last line has no newline yet; left for the next run", s->path);
                if (run->waiting++ == 0)
                    run->waiting_path = s->path;
            }
            break;
        }
        s->lines_read++;
        s->pos = pl->end;
        run->stats.lines++;
        if (pl->kind == PARSED_SKIP)
            continue;
        if (pl->kind == PARSED_REJECT) {
            note_reject(run, s, pl->reason);
            continue;
        }
        s->head = pl->rec;
        s->head_offset = pl->offset;
        s->has_head = true;
        if (flush_pending(run, s, s->head.day) != ST_OK)
            run->worst = status_worst(run->worst, ST_NOMEM);
        return;
    }
}

/* Skips BYTES already counted. A format whose directives steer later lines
 * (W3C #Fields) reads them line by line and sees the '#' lines. */
static enum skip_result skip_bytes(struct source *s, uint64_t bytes)
{
    struct input_line line;
    struct logrec rec;
    uint64_t target;
    if (!log_format_has_directives(s->format))
        return input_skip(s->in, bytes);
    if (input_next(s->in, &line) != INPUT_LINE)
        return input_skip(s->in, bytes);
    target = line.offset + bytes;
    for (;;) {
        if (!line.too_long && line.len > 0 && line.text[0] == '#')
            log_format_parse(s->format, line.text, line.len, &rec);
        if (line.end >= target) /* past it: the rest of a line that grew */
            return SKIP_DONE;
        enum input_result r = input_next(s->in, &line);
        if (r != INPUT_LINE)
            return r == INPUT_ERROR ? SKIP_ERROR : SKIP_SHORT;
    }
}

/* Skips what earlier runs counted: the file's own record, then any content
 * that follows it and is known under another identity (a log ingested in
 * pieces, then whole). Sets S->pos to where reading starts. */
static enum status skip_counted(struct run *run, struct source *s)
{
    struct ingest_record next = s->rec;
    enum status rc = ST_OK;
    uint64_t skipped = 0;

    s->pos = 0;
    if (next.offset > 0 && input_ends_at(s->in, next.offset, next.whole_size)) {
        /* a rotated .gz/.bz2/.xz/.zst read to its end before: skip it unread */
        notef("'%s' was counted before; nothing new", s->path);
        run->stats.counted_before++;
        s->rec.id = 0;
        return ST_OK;
    }
    const uint8_t *data;
    size_t len = 1;
    while (next.offset > 0) {
        enum skip_result skip = skip_bytes(s, next.offset);
        if (skip != SKIP_DONE) {
            /* a prefix of content already counted: nothing new, and its
             * record must keep the longer offset */
            if (skip == SKIP_ERROR)
                run->worst = status_worst(run->worst, ST_INPUT);
            else {
                notef("'%s' was counted before; nothing new", s->path);
                run->stats.counted_before++;
            }
            s->rec.id = 0;
            return ST_OK;
        }
        s->pos += next.offset;
        skipped++;
        input_peek(s->in, &data, &len);
        if (len == 0 || (rc = store_match_ingest(run->store, data, len, &next)) != ST_OK)
            break;
    }
    if (rc == ST_OK && s->pos > 0 && len == 0) {
        /* everything in it was counted: nothing new, as for the cases above */
        notef("'%s' was counted before; nothing new", s->path);
        run->stats.counted_before++;
    } else if (s->pos > 0)
        notef("'%s': resuming after %llu bytes already counted%s", s->path,
              (unsigned long long)s->pos, skipped > 1 ? " (in several pieces)" : "");
    return rc;
}

/* Opens PATH as source S: identity, resume point, first head. A file that
 * cannot be opened, is empty, or was given twice is marked done. */
static enum status open_source(struct run *run, struct source *s, const char *path, int index)
{
    const uint8_t *prefix;
    enum status rc;

    memset(s, 0, sizeof *s);
    s->path = strcmp(path, "-") == 0 ? "stdin" : path;
    s->first_ts = s->last_ts = s->last_day = COUNTER_NO_TIME;
    s->done = true;
    if (input_open(&s->in, path, index < run->opt->jobs, run->pool) != ST_OK) {
        run->worst = status_worst(run->worst, ST_INPUT);
        return ST_OK;
    }
    run->stats.files++;
    input_prefix(s->in, &prefix, &s->prefix_len);
    if (s->prefix_len == 0) {
        notef("'%s' is empty", s->path);
        return ST_OK;
    }
    const uint8_t *head;
    size_t head_len;
    input_head(s->in, &head, &head_len);
    rc = log_format_for_file(&s->format, run->format, s->path, (const char *)head, head_len);
    if (rc == ST_INPUT) { /* no format fits, or not the one given: said why */
        run->worst = status_worst(run->worst, ST_INPUT);
        return ST_OK;
    }
    if (rc != ST_OK)
        return rc;
    rc = store_find_ingest(run->store, prefix, s->prefix_len, s->path, &s->rec, &s->prefix_hash);
    if (rc != ST_OK)
        return rc;
    for (int i = 0; i < index; i++) {
        if (run->src[i].rec.id == s->rec.id) {
            notef("'%s' has the same content as '%s'; read once", s->path, run->src[i].path);
            s->rec.id = 0;
            return ST_OK;
        }
    }
    rc = skip_counted(run, s);
    if (rc != ST_OK || s->rec.id == 0)
        return rc;
    s->last_day = s->rec.last_day;
    s->done = false;
    if (index < run->opt->jobs && line_parser_start(&s->parser, s->in, s->format) != ST_OK)
        warnf("'%s': no thread to parse in; parsing in this one", s->path);
    advance(run, s);
    return ST_OK;
}

static int64_t min_time(int64_t a, int64_t b)
{
    if (a == COUNTER_NO_TIME) return b;
    if (b == COUNTER_NO_TIME) return a;
    return a < b ? a : b;
}

static int64_t max_time(int64_t a, int64_t b)
{
    if (a == COUNTER_NO_TIME) return b;
    if (b == COUNTER_NO_TIME) return a;
    return a > b ? a : b;
}

static enum status commit(struct run *run, bool final)
{
    struct ingest_progress *files = calloc((size_t)run->nsrc + 1, sizeof *files);
    size_t n = 0;
    enum status rc;

    if (!files)
        return ST_NOMEM;
    for (int i = 0; i < run->nsrc; i++) {
        struct source *s = &run->src[i];
        if (s->rec.id == 0)
            continue;
        files[n++] = (struct ingest_progress){
            .id = s->rec.id,
            .path = s->path,
            .prefix_len = s->prefix_len,
            .prefix_hash = s->prefix_hash,
            .offset = s->has_head ? s->head_offset : s->pos,
            .lines = s->rec.lines + s->lines_read - (s->has_head ? 1 : 0),
            .rejected = s->rec.rejected + s->rejected,
            .first_ts = min_time(s->rec.first_ts, s->first_ts),
            .last_ts = max_time(s->rec.last_ts, s->last_ts),
            .last_day = s->last_day,
            .whole_size = s->read_whole ? input_whole_size(s->in) : 0,
        };
    }
    rc = store_commit(run->store, run->counter, files, n, final);
    free(files);
    run->since_commit = 0;
    return rc;
}

static bool is_robots_txt(struct text path)
{
    return path.len == 11 && memcmp(path.p, "/robots.txt", 11) == 0;
}

/* The event of REC (a dataset request, or /robots.txt): its class by the
 * UA lists (SPEC §1.6; human when the format has no UA field, §1.1) and
 * its country. */
static struct event make_event(struct run *run, struct logrec *rec, bool has_ua, char *country)
{
    if (!has_ua)
        rec->ua = (struct text){"", 0};
    /* the UA is hashed once: for the class cache and the state keys */
    uint64_t ua_hash = siphash64(store_secret(run->store), rec->ua.p, rec->ua.len);
    struct event ev = {
        .rec = rec,
        .cls = has_ua ? agents_classify_hashed(run->agents, rec->ua.p, rec->ua.len, ua_hash)
                      : AGENT_HUMAN,
        .country = country,
        .ua_hash = ua_hash,
    };
    if (ev.cls != AGENT_ROBOT)
        geo_lookup(run->geo, rec->addr, country);
    /* SPEC §1.7: only browsers become robots by their network */
    ev.in_network = ev.cls == AGENT_HUMAN &&
                    netlist_contains(run->networks, rec->addr.p, rec->addr.len);
    return ev;
}

/* One valid line of the merged stream (SPEC §1.3-1.7, then §2). */
static enum status consume(struct run *run, struct logrec *rec)
{
    struct text path, query;
    struct rule_match m;
    char country[3] = "ZZ";
    bool late, normal, robots_txt, event;
    enum status rc = counter_observe(run->counter, rec, &late);

    if (rc != ST_OK)
        return rc;
    run->stats.late += late;
    normal = target_normalise(rec->target, run->path_buf, &path, &query);
    robots_txt = normal && is_robots_txt(path);
    bool get = rec->method.len == 3 && memcmp(rec->method.p, "GET", 3) == 0;
    enum rule_result r = RULE_OTHER;
    if (get && normal && !robots_txt)
        r = rules_match(run->rules, path, query, rec->status, run->query_buf, &m);
    if (get && !robots_txt && r == RULE_OTHER) /* catalog URLs only where no rule matched (§1.4b) */
        r = urlmap_match(run->urlmap, rec->target, rec->host, rec->status, &m);
    event = r == RULE_EVENT;
    if (!event && !robots_txt) {
        run->stats.other++;
        return ST_OK;
    }
    if (run->opt->client_ip_xff)
        rec->addr = proxy_list_client(run->trusted, rec);
    struct event ev = make_event(run, rec, rec->has_ua, country);
    if (robots_txt) {
        run->stats.other++;
        return counter_robots_txt(run->counter, &ev);
    }
    run->stats.events++;
    ev.kind = m.kind;
    ev.dataset = m.dataset;
    ev.resource = m.resource;
    return counter_add(run->counter, &ev);
}

static void show_progress(struct run *run, bool final)
{
    uint64_t done = 0, total = 0;
    double t = now_seconds();
    if (!run->progress || (!final && t - run->last_progress < 0.5))
        return;
    run->last_progress = t;
    if (final) {
        fputs("\r\033[K", stderr);
        return;
    }
    for (int i = 0; i < run->nsrc; i++) {
        uint64_t d, tot;
        if (!run->src[i].in)
            continue;
        if (run->src[i].parser)
            line_parser_progress(run->src[i].parser, &d, &tot);
        else
            input_progress(run->src[i].in, &d, &tot);
        done += d;
        total += tot;
    }
    double elapsed = t - run->started;
    fprintf(stderr, "\r\033[K%.1fM lines, %.0fk lines/s", (double)run->stats.lines / 1e6,
            (double)run->stats.lines / elapsed / 1e3);
    if (total > 0 && done > 0 && done <= total)
        fprintf(stderr, ", %.0f%%, eta %.0f s", 100.0 * (double)done / (double)total,
                elapsed * (double)(total - done) / (double)done);
    fflush(stderr);
}

/* The merge: repeatedly the source whose head has the earliest instant;
 * ties go to the file named first. */
static struct source *earliest(struct run *run)
{
    struct source *best = NULL;
    for (int i = 0; i < run->nsrc; i++) {
        struct source *s = &run->src[i];
        if (s->has_head && (!best || s->head.instant < best->head.instant))
            best = s;
    }
    return best;
}

static enum status stream(struct run *run)
{
    struct source *s;
    enum status rc = ST_OK;
    while (rc == ST_OK && (s = earliest(run))) {
        s->first_ts = min_time(s->first_ts, s->head.instant);
        s->last_ts = max_time(s->last_ts, s->head.instant);
        rc = consume(run, &s->head);
        if (rc != ST_OK)
            break;
        advance(run, s);
        if (++run->since_commit >= run->opt->batch_lines)
            rc = commit(run, false);
        if ((run->stats.lines & 0xffff) == 0)
            show_progress(run, false);
    }
    if (rc == ST_OK)
        rc = commit(run, true);
    return rc;
}

static void print_summary(const struct run *run)
{
    const uint64_t *r = run->stats.rejected;
    double secs = now_seconds() - run->started;
    uint64_t rejected = 0;
    for (int i = 1; i < PARSE_RESULTS; i++)
        rejected += r[i];
    fprintf(stderr,
            "odstat-collect: %llu files (%llu counted before), %llu lines, %llu events,"
            " %llu other, %llu rejected"
            " (format %llu, timestamp %llu, status %llu, request %llu, too long %llu,"
            " field count %llu),"
            " %llu late, %.2f s, %.0f lines/s",
            (unsigned long long)run->stats.files, (unsigned long long)run->stats.counted_before,
            (unsigned long long)run->stats.lines,
            (unsigned long long)run->stats.events, (unsigned long long)run->stats.other,
            (unsigned long long)rejected, (unsigned long long)r[REJECT_FORMAT],
            (unsigned long long)r[REJECT_TIMESTAMP], (unsigned long long)r[REJECT_STATUS],
            (unsigned long long)r[REJECT_REQUEST], (unsigned long long)r[REJECT_LONG],
            (unsigned long long)r[REJECT_FIELDS],
            (unsigned long long)run->stats.late, secs,
            secs > 0 ? (double)run->stats.lines / secs : 0.0);
    if (run->waiting > 0) /* a line that never parses must not wait unseen */
        fprintf(stderr, ", %d last line%s waiting for a newline ('%s'%s)", run->waiting,
                run->waiting > 1 ? "s" : "", run->waiting_path, run->waiting > 1 ? ", ..." : "");
    fputc('\n', stderr);
}

/* The late window and the request limit a site was last run with: a
 * change is worth a word, since it changes what counts as late or robot. */
static enum status remember_settings(struct run *run)
{
    int64_t was;
    enum status rc = store_setting(run->store, "late_window", run->opt->late_window, &was);
    if (rc == ST_OK && was != run->opt->late_window)
        notef("late window of site '%s' changed from %llds to %llds", run->opt->site,
              (long long)was, (long long)run->opt->late_window);
    if (rc == ST_OK)
        rc = store_setting(run->store, "max_requests", run->opt->max_requests, &was);
    if (rc == ST_OK && was != (int64_t)run->opt->max_requests)
        notef("--max-requests of site '%s' changed from %lld to %u", run->opt->site,
              (long long)was, run->opt->max_requests);
    return rc;
}

static enum status setup(struct run *run)
{
    const struct collect_options *opt = run->opt;
    enum status rc = log_format_new(&run->format, opt->format ? opt->format : "combined");
    if (rc == ST_OK && opt->client_ip_xff && !log_format_has_xff(run->format)) {
        errorf("--client-ip xff: log format '%s' has no X-Forwarded-For field",
               log_format_name(run->format));
        rc = ST_USAGE;
    }
    if (rc == ST_OK && opt->trusted_proxies)
        rc = proxy_list_new(&run->trusted, opt->trusted_proxies);
    if (rc == ST_OK && opt->robot_networks_path)
        rc = netlist_load(&run->networks, opt->robot_networks_path);
    if (rc == ST_OK)
        rc = rules_load(&run->rules, opt->rules_path);
    if (rc == ST_OK)
        rc = agents_new(&run->agents, opt->machines_path, opt->robots_path);
    if (rc == ST_OK)
        rc = geo_open(&run->geo, opt->geoip_path);
    if (rc == ST_OK)
        rc = store_open(&run->store, opt->db_path, opt->site, opt->lock_wait_seconds);
    if (rc == ST_OK)
        rc = remember_settings(run);
    /* which lists decided robot and machine, for odstat-report status */
    if (rc == ST_OK)
        rc = store_note(run->store, "robot_list",
                        opt->robots_path ? opt->robots_path
                                         : "built-in (COUNTER-Robots and extra-robots)");
    if (rc == ST_OK)
        rc = store_note(run->store, "machine_list",
                        opt->machines_path ? opt->machines_path : "built-in (machine-agents)");
    if (rc == ST_OK)
        rc = input_pool_new(&run->pool);
    if (rc == ST_OK)
        rc = urlmap_load(&run->urlmap, opt->db_path, opt->hosts, opt->nhosts);
    if (rc != ST_OK)
        return rc;
    struct counter_config cfg = {
        .secret = store_secret(run->store),
        .late_window = opt->late_window,
        .max_requests = opt->max_requests,
        .newest = store_newest(run->store),
        .load = store_load_hour,
        .load_ctx = run->store,
    };
    run->counter = counter_new(&cfg);
    run->src = calloc((size_t)opt->nfiles + 1, sizeof *run->src);
    run->path_buf = malloc(INPUT_LINE_MAX + 1);
    run->query_buf = malloc(INPUT_LINE_MAX + 1);
    if (!run->counter || !run->src || !run->path_buf || !run->query_buf)
        return ST_NOMEM;
    rc = store_load_state(run->store, run->counter);
    for (int i = 0; i < opt->nfiles && rc == ST_OK; i++, run->nsrc++)
        rc = open_source(run, &run->src[i], opt->files[i], i);
    return rc;
}

enum status collect_run(const struct collect_options *opt)
{
    struct run run = {.opt = opt, .worst = ST_OK};
    time_t started = time(NULL);
    enum status rc;

    run.started = now_seconds();
    run.progress = !opt->quiet && isatty(STDERR_FILENO);
    rc = setup(&run);
    if (rc == ST_OK)
        rc = stream(&run);
    show_progress(&run, true);
    if (rc == ST_NOMEM)
        errorf("out of memory");
    rc = status_worst(rc, run.worst);
    if (run.store) {
        print_summary(&run);
        if (store_record_run(run.store, started, &run.stats, status_exit_code(rc)) != ST_OK)
            rc = status_worst(rc, ST_DB);
    }
    for (int i = 0; i < run.nsrc; i++) {
        line_parser_stop(run.src[i].parser); /* it reads in and format */
        input_close(run.src[i].in);
        log_format_free(run.src[i].format);
    }
    input_pool_free(run.pool);
    log_format_free(run.format);
    proxy_list_free(run.trusted);
    netlist_free(run.networks);
    free(run.src);
    free(run.path_buf);
    free(run.query_buf);
    counter_free(run.counter);
    store_close(run.store);
    agents_free(run.agents);
    geo_close(run.geo);
    rules_free(run.rules);
    urlmap_free(run.urlmap);
    return rc;
}
