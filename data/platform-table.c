/* platform-table: lookups over the generated guest-tools table; see platform-table.h. */
#include <config.h>

#include <glib.h>

#include "platform-table.h"
#include "banned.h"

const struct platform_tool_row *
platform_table_lookup (const char *service, guint major, guint minor)
{
  for (size_t i = 0; i < platform_table_rows_len; i++) {
    const struct platform_tool_row *r = &platform_table_rows[i];
    if (g_ascii_strcasecmp (service, r->service) != 0)
      continue;
    gboolean inbox = r->inbox_major != 0
      && (major > r->inbox_major || (major == r->inbox_major && minor >= r->inbox_minor));
    return inbox ? NULL : r;
  }
  return NULL;
}
