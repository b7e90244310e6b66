/* platform-table: other hypervisors' guest tools (generated from platform-tools.tsv).  Pure. */
#ifndef WS_PLATFORM_TABLE_H
#define WS_PLATFORM_TABLE_H

#include <stddef.h>
#include <glib.h>

enum platform_role {
  PLATFORM_ROLE_DRIVER,
  PLATFORM_ROLE_SERVICE,
  PLATFORM_ROLE_FILTER,     /* named in class UpperFilters/LowerFilters */
  PLATFORM_ROLE_STORAGE,    /* the old platform's disk controller driver */
};

struct platform_tool_row {
  const char *service;      /* "xenfilt" */
  const char *platform;     /* "xen" */
  enum platform_role role;
  guint inbox_major, inbox_minor; /* Windows ships it from this NT version; 0.0 = never */
  const char *source;       /* "xen-pv" (docs/old-platform.md#sources) */
  int tsv_line;             /* line in platform-tools.tsv */
};

extern const struct platform_tool_row platform_table_rows[];
extern const size_t platform_table_rows_len;

/* The row for a service name (ASCII case-insensitive) that applies to Windows NT major.minor:
 * NULL when the table has none or when that Windows ships the service itself. */
const struct platform_tool_row *platform_table_lookup (const char *service, guint major, guint minor);

#endif
