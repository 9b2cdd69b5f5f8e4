/* pubid.c - a publisher's identifiers (see pubid.h). */
#include "pubid.h"

#include <string.h>
#include <strings.h>

static const char *const types[] = {"isni", "orcid", "grid", "client-id"};

static bool blank(char c) { return c == ' ' || c == '\t'; }

/* Classifies the item ITEM[0..N) (trimmed, non-empty) into *ID. */
static int classify(const char *item, size_t n, struct pubid *id)
{
    const char *colon = memchr(item, ':', n);
    size_t k = colon ? (size_t)(colon - item) : 0;

    id->type = NULL;
    id->value = item;
    id->value_len = n;
    if (!colon || colon + 1 == item + n)
        return -1;
    if (k == 3 && strncasecmp(item, "urn", 3) == 0) {
        id->type = "urn";  /* a URN is its own value */
        return 1;
    }
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i]) == k && strncasecmp(item, types[i], k) == 0) {
            id->type = types[i];
            id->value = colon + 1;
            id->value_len = n - k - 1;
            return 1;
        }
    return -1;
}

int pubid_next(const char *text, size_t len, size_t *pos, struct pubid *id)
{
    while (*pos < len) {
        size_t start = *pos, end;
        const char *semi = memchr(text + start, ';', len - start);
        end = semi ? (size_t)(semi - text) : len;
        *pos = semi ? end + 1 : len;
        while (start < end && blank(text[start]))
            start++;
        while (end > start && blank(text[end - 1]))
            end--;
        if (end > start)
            return classify(text + start, end - start, id);
    }
    return 0;
}
