/* main.c - odstat-report: a table of commands, shared options, exit code. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "countries.h"
#include "daily.h"
#include "deck.h"
#include "dsr.h"
#include "ingests.h"
#include "db.h"
#include "help.h"
#include "msg.h"
#include "options.h"
#include "publishers.h"
#include "spikes.h"
#include "stdfd.h"
#include "status_report.h"
#include "snapshots.h"
#include "summary.h"
#include "top.h"
#include "trend.h"
#include "version.h"

struct command {
    const char *name;
    const char *summary;
    enum status (*run)(struct dbi *db, const struct report_options *opt, FILE *out);
    bool writes_directory;  /* -o names a directory, not a file */
};

static const struct command commands[] = {
    {"daily", "one row per (date, dataset) with all metrics (CSV)", report_daily},
    {"countries", "human views and downloads per country", report_countries},
    {"top", "ranking of datasets by downloads or views (-n, --by, --cumulative)", report_top},
    {"summary", "portal totals of the period, beside the previous period and a year before", report_summary},
    {"publishers", "per-agency usage and share of the portal", report_publishers},
    {"badges", "per-agency count of datasets by quality badge (from the catalog)", report_badges},
    {"trend", "views/downloads per --interval day|week|month|quarter", report_trend},
    {"deck", "the quarterly meeting pack: every table and chart, and index.html (-o DIR)",
     report_deck, true},
    {"ingests", "the files read so far: identity, bytes, lines, time span", report_ingests},
    {"spikes", "months of unusual use per dataset, and the busiest human session-hours (-n)",
     report_spikes},
    {"status", "what the database holds: versions, days, files, catalog, lists", report_status},
    {"snapshots", "the count snapshots imported: source, date, datasets, sums", report_snapshots},
    {"counter", "COUNTER dataset report (DSR rd1 JSON) of whole months (--platform)",
     report_counter},
};

static void usage(FILE *f)
{
    fputs("usage: odstat-report COMMAND [OPTIONS]\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nodstat-report COMMAND --help shows the options of COMMAND.\n\n", f);
    help_common(f);
}

/* -o FILE is written as FILE.XXXXXX beside it and renamed over FILE only
 * when the report succeeded, so a failed run never truncates last
 * quarter's file. TMP receives the temporary name. What exists and is no
 * regular file (/dev/null, a FIFO, a terminal) is written as it is, with
 * TMP empty: a rename would put a file in the device's place. */
static FILE *open_output(const char *path, char *tmp, size_t size)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        FILE *direct = fopen(path, "w");
        tmp[0] = '\0';
        if (!direct)
            errorf("cannot write '%s': %s", path, strerror(errno));
        return direct;
    }
    snprintf(tmp, size, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    mode_t mask = umask(0);
    umask(mask);
    if (fd >= 0) /* mkstemp makes 0600; a report is as readable as fopen makes it */
        fchmod(fd, 0666 & ~mask);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        errorf("cannot write '%s': %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
    }
    return f;
}

static enum status finish_output(FILE *out, const char *path, const char *tmp, enum status rc)
{
    if (fflush(out) != 0 || ferror(out)) {
        errorf("cannot write the report: %s", strerror(errno));
        rc = status_worst(rc, ST_USAGE);
    }
    if (out == stdout)
        return rc;
    if (fclose(out) != 0 && rc == ST_OK) {
        errorf("cannot write '%s': %s", path, strerror(errno));
        rc = ST_USAGE;
    }
    if (!tmp[0])   /* written in place */
        return rc;
    if (rc == ST_OK && rename(tmp, path) != 0) {
        errorf("cannot write '%s': %s", path, strerror(errno));
        rc = ST_USAGE;
    }
    if (rc != ST_OK)
        unlink(tmp);
    return rc;
}

static enum status run_command(const struct command *cmd, const struct report_options *opt)
{
    struct dbi *db = NULL;
    FILE *out = stdout;
    char tmp[4096];
    bool to_file = opt->output && strcmp(opt->output, "-") != 0 && !cmd->writes_directory;
    enum status rc = db_open(&db, opt->db_path, DB_EXISTING, 10000);
    if (rc != ST_OK)
        return rc;
    if (to_file && !(out = open_output(opt->output, tmp, sizeof tmp))) {
        db_close(db);
        return ST_USAGE;
    }
    rc = cmd->run(db, opt, out);
    rc = finish_output(out, opt->output, tmp, rc);
    db_close(db);
    return rc;
}

int main(int argc, char **argv)
{
    struct report_options opt;

    msg_set_program("odstat-report");
    if (stdfd_ensure() != ST_OK)
        return status_exit_code(ST_USAGE);
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? status_exit_code(ST_USAGE) : 0;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        version_print(stdout, "odstat-report");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (help_wanted(argc - 2, argv + 2))
            return help_command(stdout, commands[i].name) ? 0 : status_exit_code(ST_USAGE);
        if (report_options_parse(argc - 1, argv + 1, &opt) != ST_OK)
            return status_exit_code(ST_USAGE);
        return status_exit_code(run_command(&commands[i], &opt));
    }
    errorf("unknown command '%s'", argv[1]);
    usage(stderr);
    return status_exit_code(ST_USAGE);
}
