/* help.h - the help texts of odstat-report: the overview and one page per
 * command (`odstat-report top --help`). Text only; main.c owns the command
 * table and decides when help is shown. */
#ifndef ODSTAT_REPORT_HELP_H
#define ODSTAT_REPORT_HELP_H

#include <stdbool.h>
#include <stdio.h>

/* Writes the help of command NAME to OUT: its synopsis, the options it
 * takes, the shared options and the exit codes. False for an unknown NAME. */
bool help_command(FILE *out, const char *name);

/* The shared options and the exit codes, for the overview. */
void help_common(FILE *out);

/* True when ARGV[0..ARGC) asks for help (-h or --help before any "--"). */
bool help_wanted(int argc, char **argv);

#endif
