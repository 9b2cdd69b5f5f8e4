/* version.h - the one place the version of odstat is written.
 *
 * Both programs print it (--version) and reports that name their maker
 * (the COUNTER report's created-by) use it.
 */
#ifndef ODSTAT_VERSION_H
#define ODSTAT_VERSION_H

#define ODSTAT_VERSION "2.0.0"

#endif
