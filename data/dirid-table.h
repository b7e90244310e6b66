/* dirid-table: INF DIRIDs -> Windows paths (generated from dirids.tsv).  Pure. */
#ifndef WS_DIRID_TABLE_H
#define WS_DIRID_TABLE_H

#include <stddef.h>

/* Default destination when DestinationDirs has neither the section nor DefaultDestDir
 * (SetupAPI DestinationDirs reference: the system directory). */
#define DIRID_DEFAULT_DEST 11
#define DIRID_DRIVER_STORE 13

struct dirid_row {
  int dirid;
  const char *path;   /* "%SystemRoot%\System32\drivers"; NULL for -1 and 1 */
  const char *name;   /* "drivers directory" */
  int tsv_line;
};

extern const struct dirid_row dirid_table_rows[];
extern const size_t dirid_table_rows_len;

/* The row for a DIRID, NULL when unknown.  Static, never freed. */
const struct dirid_row *dirid_table_lookup (int dirid);

#endif
