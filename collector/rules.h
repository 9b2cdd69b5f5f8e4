/* rules.h - URL rules: normalised path + query -> (kind, dataset, resource).
 *
 * SPEC §1.4. Rules are tried in order and the first whose path and query
 * captures match decides; its status list then says whether the line
 * counts. Knows nothing of log formats or of counting.
 */
#ifndef ODSTAT_RULES_H
#define ODSTAT_RULES_H

#include <stdbool.h>

#include "logline.h"
#include "status.h"

enum event_kind { KIND_VIEW = 0, KIND_DOWNLOAD = 1 };

enum rule_result {
    RULE_OTHER,      /* no rule matches: not about a dataset */
    RULE_REFUSED,    /* a rule matches but its status list refuses STATUS */
    RULE_EVENT,      /* a counted request of a dataset */
};

struct rule_match {
    enum event_kind kind;
    struct text dataset;   /* points into the path or into SCRATCH */
    struct text resource;  /* empty when the rule has no {resource} */
};

struct rules;

/* Loads rules from PATH, or the built-in CKAN/data.gov.tw rules when PATH is
 * NULL. Errors name the file and line and return ST_USAGE. Free with
 * rules_free. */
enum status rules_load(struct rules **out, const char *path);

/* Same, from TEXT in memory; NAME is used in messages. */
enum status rules_parse(struct rules **out, const char *text, const char *name);

void rules_free(struct rules *rules);

/* Matches a normalised PATH and raw QUERY. Query captures are decoded into
 * SCRATCH (room for QUERY.len bytes). */
enum rule_result rules_match(const struct rules *rules, struct text path, struct text query,
                             int status, char *scratch, struct rule_match *match);

/* The built-in rules, in rule-file syntax. */
extern const char rules_builtin_text[];

#endif
