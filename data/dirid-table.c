/* dirid-table: lookups over the generated DIRID table; see dirid-table.h. */
#include <config.h>

#include "dirid-table.h"
#include "banned.h"

const struct dirid_row *
dirid_table_lookup (int dirid)
{
  for (size_t i = 0; i < dirid_table_rows_len; i++)
    if (dirid_table_rows[i].dirid == dirid)
      return &dirid_table_rows[i];
  return NULL;
}
