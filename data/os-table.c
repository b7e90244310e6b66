/* os-table: lookups over the generated Windows release table; see os-table.h. */
#include <config.h>

#include <string.h>

#include "os-table.h"
#include "banned.h"

static gboolean
same_class (enum ws_product_type row, enum ws_product_type want)
{
  if (want == WS_PRODUCT_UNKNOWN)
    return TRUE;
  if (want == WS_PRODUCT_DC)
    want = WS_PRODUCT_SERVER;
  return row == want;
}

static const struct os_version *
best_row (const struct ws_target *t, gboolean check_class)
{
  const struct os_version *best = NULL;
  for (size_t i = 0; i < os_table_rows_len; i++) {
    const struct os_version *r = &os_table_rows[i];
    if (r->major != t->major || r->minor != t->minor)
      continue;
    if (check_class && !same_class (r->product, t->product_type))
      continue;
    if (t->build != 0 && r->build > t->build)
      continue;
    /* Unknown build: the release's first row; known build: the latest release at or below it. */
    if (best == NULL || (t->build == 0 ? r->build < best->build : r->build > best->build))
      best = r;
  }
  return best;
}

const struct os_version *
os_table_for_target (const struct ws_target *t)
{
  const struct os_version *r = best_row (t, TRUE);
  if (r == NULL)
    r = best_row (t, FALSE);
  if (r == NULL && t->build != 0) {
    /* A build older than every row of its version (a preview): use the first release. */
    struct ws_target early = *t;
    early.build = 0;
    r = best_row (&early, TRUE);
  }
  return r;
}

static gboolean
in_alias_list (const char *list, const char *name)
{
  if (list == NULL)
    return FALSE;
  g_auto (GStrv) v = g_strsplit (list, ",", -1);
  for (size_t i = 0; v[i]; i++)
    if (g_ascii_strcasecmp (v[i], name) == 0)
      return TRUE;
  return FALSE;
}

const struct os_version *
os_table_lookup (const char *name)
{
  for (size_t i = 0; i < os_table_rows_len; i++) {
    const struct os_version *r = &os_table_rows[i];
    if (g_ascii_strcasecmp (r->name, name) == 0)
      return r;
  }
  for (size_t i = 0; i < os_table_rows_len; i++) {
    const struct os_version *r = &os_table_rows[i];
    if ((r->iso_dir && g_ascii_strcasecmp (r->iso_dir, name) == 0)
        || (r->rpm_dir && g_ascii_strcasecmp (r->rpm_dir, name) == 0)
        || in_alias_list (r->aliases, name))
      return r;
  }
  return NULL;
}

gboolean
os_table_is_dir_of (const struct os_version *os, const char *dir)
{
  if (os == NULL || dir == NULL)
    return FALSE;
  return (os->iso_dir && g_ascii_strcasecmp (os->iso_dir, dir) == 0)
         || (os->rpm_dir && g_ascii_strcasecmp (os->rpm_dir, dir) == 0);
}

const struct os_version *
os_table_for_dir (const char *dir)
{
  for (size_t i = 0; i < os_table_rows_len; i++)
    if (os_table_is_dir_of (&os_table_rows[i], dir))
      return &os_table_rows[i];
  return NULL;
}

enum os_boot_model
os_table_boot_model (const struct ws_target *t)
{
  const struct os_version *r = os_table_for_target (t);
  if (r != NULL)
    return r->boot;
  /* Not in the table: older than XP never gets here (no virtio-win), newer is DDB. */
  return (t->major > 6 || (t->major == 6 && t->minor >= 2)) ? OS_BOOT_DDB : OS_BOOT_CDD;
}
