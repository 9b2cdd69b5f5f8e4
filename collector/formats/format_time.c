/* format_time.c - strftime-like time specs read backwards (a small strptime
 * without locale or time zone database), for W3C, JSON and custom formats.
 *
 * Only numeric offsets (%z) move the instant; zone names (%Z) are skipped.
 * A timestamp without %z is taken as UTC for the instant; its day and hour
 * are the ones written, as everywhere in odstat (SPEC §2.2).
 */
#include "format_int.h"

#include <string.h>

#include "civil.h"

static const char *const month_names[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* MIN to MAX digits at S into *OUT. */
static const char *digits(const char *s, const char *end, int min, int max, int *out)
{
    int v = 0, n = 0;
    while (n < max && s < end && is_digit(*s)) {
        v = v * 10 + (*s++ - '0');
        n++;
    }
    if (n < min)
        return NULL;
    *out = v;
    return s;
}

/* True when the N bytes at S equal NAME's first N letters, ignoring case. */
static bool prefix_is(const char *s, const char *end, const char *name, size_t n)
{
    if ((size_t)(end - s) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != name[i])
            return false;
    return true;
}

/* %b (three letters) or, when FULL, %B (the whole name, else three). */
static const char *month(const char *s, const char *end, bool full, int *out)
{
    for (int i = 0; i < 12; i++) {
        size_t n = strlen(month_names[i]);
        if (full && prefix_is(s, end, month_names[i], n)) {
            *out = i + 1;
            return s + n;
        }
    }
    for (int i = 0; i < 12; i++) {
        if (prefix_is(s, end, month_names[i], 3)) {
            *out = i + 1;
            return s + 3;
        }
    }
    return NULL;
}

/* %a %A %Z: a run of letters, skipped (names carry no offset we can use). */
static const char *letters(const char *s, const char *end)
{
    const char *start = s;
    while (s < end && lower((unsigned char)*s) >= 'a' && lower((unsigned char)*s) <= 'z')
        s++;
    return s > start ? s : NULL;
}

/* %z: Z, +HH, +HHMM or +HH:MM. */
static const char *zone(const char *s, const char *end, int *offset)
{
    int hh, mm = 0, sign;
    if (s < end && (*s == 'Z' || *s == 'z')) {
        *offset = 0;
        return s + 1;
    }
    if (s >= end || (*s != '+' && *s != '-'))
        return NULL;
    sign = *s++ == '-' ? -1 : 1;
    if (!(s = digits(s, end, 2, 2, &hh)))
        return NULL;
    if (s < end && *s == ':') {
        if (!(s = digits(s + 1, end, 2, 2, &mm)))
            return NULL;
    } else if (s + 1 < end && is_digit(s[0]) && is_digit(s[1])) {
        s = digits(s, end, 2, 2, &mm);
    }
    if (hh > 23 || mm > 59)
        return NULL;
    *offset = sign * (hh * 3600 + mm * 60);
    return s;
}

/* A fraction of a second after %S or %s (".123", ",5"), which odstat drops;
 * not taken when the spec itself goes on with that character. */
static const char *fraction(const char *s, const char *end, int follow)
{
    if (s + 1 < end && (*s == '.' || *s == ',') && *s != follow && is_digit(s[1])) {
        s++;
        while (s < end && is_digit(*s))
            s++;
    }
    return s;
}

/* %s: seconds since 1970 (UTC). */
static const char *epoch(const char *s, const char *end, int follow, struct fmt_time *t)
{
    int64_t v = 0;
    const char *start = s;
    while (s < end && is_digit(*s) && s - start < 18)
        v = v * 10 + (*s++ - '0');
    if (s == start)
        return NULL;
    t->epoch = v;
    t->epoch_seen = true;
    return fraction(s, end, follow);
}

static const char *match(const char *spec, const char *spec_end, const char *s, const char *end,
                         struct fmt_time *t, int follow);

/* One conversion CONV at S; FOLLOW is the spec character after it. */
static const char *convert(char conv, const char *s, const char *end, struct fmt_time *t,
                           int follow)
{
    static const struct {
        char conv;
        const char *spec;
    } composite[] = {{'T', "%H:%M:%S"}, {'F', "%Y-%m-%d"}, {'D', "%m/%d/%y"}, {'R', "%H:%M"}};
    int y;

    for (size_t i = 0; i < sizeof composite / sizeof composite[0]; i++)
        if (conv == composite[i].conv)
            return match(composite[i].spec, composite[i].spec + strlen(composite[i].spec), s,
                         end, t, follow);
    switch (conv) {
    case 'Y': return digits(s, end, 4, 4, &t->year);
    case 'y':
        if (!(s = digits(s, end, 2, 2, &y)))
            return NULL;
        t->year = y < 69 ? 2000 + y : 1900 + y;
        return s;
    case 'm': return digits(s, end, 1, 2, &t->month);
    case 'e':
        if (s < end && *s == ' ')
            s++;
        /* fall through */
    case 'd': return digits(s, end, 1, 2, &t->day);
    case 'b':
    case 'h': return month(s, end, false, &t->month);
    case 'B': return month(s, end, true, &t->month);
    case 'H': return digits(s, end, 1, 2, &t->hour);
    case 'M': return digits(s, end, 1, 2, &t->minute);
    case 'S':
        if (!(s = digits(s, end, 1, 2, &t->second)))
            return NULL;
        return fraction(s, end, follow);
    case 'z': return zone(s, end, &t->offset);
    case 'Z':
    case 'a':
    case 'A': return letters(s, end);
    case 's': return epoch(s, end, follow, t);
    case '%': return s < end && *s == '%' ? s + 1 : NULL;
    default: return NULL;
    }
}

static const char *match(const char *spec, const char *spec_end, const char *s, const char *end,
                         struct fmt_time *t, int follow)
{
    while (spec < spec_end && s) {
        if (*spec == '%' && spec + 1 < spec_end) {
            int next = spec + 2 < spec_end ? spec[2] : follow;
            s = convert(spec[1], s, end, t, next);
            spec += 2;
        } else if (*spec == ' ') {
            /* one blank in the spec matches a run of them, as in strptime */
            if (s >= end || *s != ' ')
                return NULL;
            while (s < end && *s == ' ')
                s++;
            spec++;
        } else {
            if (s >= end || *s != *spec)
                return NULL;
            s++;
            spec++;
        }
    }
    return s;
}

void fmt_time_init(struct fmt_time *t)
{
    *t = (struct fmt_time){-1, -1, -1, -1, -1, -1, 0, false, 0};
}

const char *fmt_time_match(const char *spec, size_t speclen, const char *s, const char *end,
                           struct fmt_time *t)
{
    return match(spec, spec + speclen, s, end, t, -1);
}

bool fmt_time_check(const char *spec, size_t speclen, int *has, char *bad)
{
    static const struct {
        char conv;
        int parts;
    } known[] = {
        {'Y', FMT_HAS_YEAR},  {'y', FMT_HAS_YEAR},   {'m', FMT_HAS_MONTH}, {'b', FMT_HAS_MONTH},
        {'h', FMT_HAS_MONTH}, {'B', FMT_HAS_MONTH},  {'d', FMT_HAS_DAY},   {'e', FMT_HAS_DAY},
        {'H', FMT_HAS_HOUR},  {'M', FMT_HAS_MINUTE}, {'S', 0},             {'z', 0},
        {'Z', 0},             {'a', 0},              {'A', 0},             {'%', 0},
        {'s', FMT_HAS_EPOCH}, {'T', FMT_HAS_CLOCK},  {'R', FMT_HAS_CLOCK}, {'F', FMT_HAS_DATE},
        {'D', FMT_HAS_DATE},
    };
    for (size_t i = 0; i < speclen; i++) {
        if (spec[i] != '%')
            continue;
        size_t k = 0, n = sizeof known / sizeof known[0];
        char conv = i + 1 < speclen ? spec[++i] : '\0';
        while (k < n && known[k].conv != conv)
            k++;
        if (k == n) {
            *bad = conv;
            return false;
        }
        *has |= known[k].parts;
    }
    return true;
}

bool fmt_time_finish(const struct fmt_time *t, struct logrec *rec)
{
    if (t->epoch_seen) {
        int64_t days = t->epoch / 86400, secs = t->epoch % 86400;
        rec->day = days;
        rec->hour = (int)(secs / 3600);
        rec->second_of_hour = (int)(secs % 3600);
        rec->instant = t->epoch;
        return true;
    }
    int second = t->second < 0 ? 0 : t->second;
    if (!civil_valid(t->year, t->month, t->day) || t->hour < 0 || t->hour > 23 ||
        t->minute < 0 || t->minute > 59 || second > 59)
        return false;
    rec->day = civil_to_days(t->year, t->month, t->day);
    rec->hour = t->hour;
    rec->second_of_hour = t->minute * 60 + second;
    rec->instant = rec->day * 86400 + t->hour * 3600 + rec->second_of_hour - t->offset;
    return true;
}
