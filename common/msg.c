/* msg.c - stderr diagnostics with a program-name prefix. */
#include "msg.h"

#include <stdarg.h>
#include <stdio.h>

static const char *program = "odstat";
static bool quiet_notes;

void msg_set_program(const char *name) { program = name; }
void msg_set_quiet(bool quiet) { quiet_notes = quiet; }

static void vmsg(const char *level, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: %s", program, level);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("error: ", fmt, ap);
    va_end(ap);
}

void warnf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning: ", fmt, ap);
    va_end(ap);
}

void notef(const char *fmt, ...)
{
    va_list ap;
    if (quiet_notes)
        return;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}
