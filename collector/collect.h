/* collect.h - one collector run: files -> merged stream -> counts -> store.
 *
 * Ties the stages together (input, logline, target, rules, agents, counter,
 * store) and owns the run's bookkeeping: resume points, reject counters,
 * progress and the summary line. main() only parses options.
 */
#ifndef ODSTAT_COLLECT_H
#define ODSTAT_COLLECT_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

struct collect_options {
    const char *db_path;
    const char *rules_path;     /* NULL: built-in rules */
    const char *robots_path;    /* NULL: built-in lists */
    const char *machines_path;
    const char *format;         /* -f: a log_format_new spec ("combined") */
    bool client_ip_xff;         /* --client-ip xff */
    const char *trusted_proxies;/* --trusted-proxy CIDRs (NULL: none) */
    const char *geoip_path;     /* NULL: look in the usual places */
    const char *const *hosts;   /* --host: the hosts these logs were served by */
    int nhosts;
    char *const *files;         /* "-" is stdin */
    int nfiles;
    bool quiet;                 /* no progress, no notes */
    int lock_wait_seconds;
    int jobs;                   /* gzip files inflated in threads of their own */
    uint64_t batch_lines;       /* lines between commits */
    const char *site;           /* --site (SPEC §7) */
    int64_t late_window;        /* --late-window, seconds (SPEC §2.5) */
    uint32_t max_requests;      /* --max-requests (SPEC §1.7); 0: off */
    const char *robot_networks_path; /* --robot-networks (SPEC §1.7); NULL: none */
};

/* Runs the collector; returns the worst status met (see status.h). */
enum status collect_run(const struct collect_options *opt);

#endif
