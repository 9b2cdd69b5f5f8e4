/* fuzz_rules.c - libFuzzer target for target normalisation and the rule
 * matcher. Input starting with "R\n" is a rules file to parse and then
 * match the built-in paths against; any other input is a request target
 * matched against the built-in rules and a rule set with query captures. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "rules.h"
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char captures[] =
    "download /iisi/logaccess/{*} ?ndcnid={id} status=200,302\n"
    "view /x/{id} ?a={resource}\n"
    "view /dataset/{id}\n";

static void match_target(const struct rules *rules, const char *t, size_t len)
{
    char *path_buf = malloc(len + 1), *scratch = malloc(len + 1);
    struct text path, query;
    struct rule_match m;
    if (path_buf && scratch && target_normalise((struct text){t, len}, path_buf, &path, &query)) {
        if (rules_match(rules, path, query, 200, scratch, &m) != RULE_OTHER &&
            (m.dataset.len == 0 || m.dataset.len > 100))
            abort(); /* every match captures a valid id */
    }
    free(path_buf);
    free(scratch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct rules *builtin, *query_rules;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    msg_set_quiet(true);
    if (!builtin && (rules_load(&builtin, NULL) != ST_OK ||
                     rules_parse(&query_rules, captures, "fuzz") != ST_OK))
        abort();
    if (size >= 2 && memcmp(text, "R\n", 2) == 0) {
        struct rules *r = NULL;
        if (strlen(text) == size && rules_parse(&r, text + 2, "fuzz") == ST_OK) {
            match_target(r, "/dataset/a/resource/b/download/c", 32);
            match_target(r, "/iisi/logaccess/1?ndcnid=5", 26);
            rules_free(r);
        }
    } else {
        match_target(builtin, text, size);
        match_target(query_rules, text, size);
    }
    free(text);
    return 0;
}
