/* device-table: lookups over the generated device-ID table; see device-table.h. */
#include <config.h>

#include <string.h>
#include <glib.h>

#include "device-table.h"
#include "banned.h"

const struct device_id_row *
device_table_lookup (const char *hardware_id)
{
  for (size_t i = 0; i < device_table_rows_len; i++) {
    const struct device_id_row *r = &device_table_rows[i];
    size_t n = strlen (r->id);
    /* PCI\VEN_1AF4&DEV_1001 must not match PCI\VEN_1AF4&DEV_10010: stop at an ID boundary. */
    if (g_ascii_strncasecmp (hardware_id, r->id, n) == 0
        && (hardware_id[n] == '\0' || hardware_id[n] == '&'))
      return r;
  }
  return NULL;
}
