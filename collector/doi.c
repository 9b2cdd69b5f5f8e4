/* doi.c - the DOI syntax of doi.h: prefixes, registrant code, suffix. */
#include "doi.h"

#include <string.h>

static const char *const prefixes[] = {
    "doi:", "info:doi/", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
    "http://dx.doi.org/",
};

static bool starts_nocase(const char *text, size_t len, const char *lower)
{
    size_t n = strlen(lower);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] - 'A' + 'a') : text[i];
        if (c != lower[i])
            return false;
    }
    return true;
}

/* "10." digits ("." digits)* "/" suffix, the suffix printable and without
 * blanks (bytes >= 0x80 are allowed: DOIs may hold Unicode). */
static bool bare_doi(const char *s, size_t len)
{
    size_t i = 3;
    bool digit = false;

    if (len < 3 || memcmp(s, "10.", 3) != 0)
        return false;
    for (; i < len && s[i] != '/'; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digit = true;
        else if (s[i] != '.' || !digit)
            return false;
        else
            digit = false; /* a dot must follow a digit and precede one */
    }
    if (i == len || !digit || i + 1 == len)
        return false;
    for (i++; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

bool doi_parse(const char *text, size_t len, size_t *start)
{
    size_t skip = 0;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (starts_nocase(text, len, prefixes[i])) {
            skip = strlen(prefixes[i]);
            break;
        }
    if (!bare_doi(text + skip, len - skip))
        return false;
    *start = skip;
    return true;
}
