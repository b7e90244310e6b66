/* verify-cddb: how Windows XP to 7/2008 R2 find a boot driver for a new device
 * (docs/windows-boot-drivers.md#criticaldevicedatabase).  Before Plug and Play runs, the kernel
 * looks the device's hardware IDs, then its compatible IDs, up in Control\CriticalDeviceDatabase
 * (with '\' written '#'); the first key that names a Service gives the driver to start and the
 * setup class (ClassGUID). */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "verify.h"
#include "banned.h"

#define NO_DRIVER "Windows has no driver to start for the controller before Plug and Play runs, " \
  "so the boot stops with 0x7B (INACCESSIBLE_BOOT_DEVICE)"

/* Service and ClassGUID of one matching key. */
static void
follow (hive_reader *h, hive_node key, const char *base, struct verify_candidate *c,
        const char *class_guid, const char *class_name)
{
  g_autofree char *where = g_strdup_printf ("%s\\%s", base, c->source);
  g_autofree char *problem = NULL, *guid = NULL, *package = NULL;
  if (!verify_read_string (h, key, "Service", &c->service, &problem) || c->service[0] == '\0') {
    g_clear_pointer (&c->service, g_free);
    verify_broken (c->links, "CriticalDeviceDatabase", where, "Service", NULL,
                   "CriticalDeviceDatabase\\%s names no %sService: %s", c->source,
                   problem ? "readable " : "", NO_DRIVER);
    return;
  }
  verify_read_string (h, key, "DriverPackageId", &package, &problem);
  g_autofree char *found = package ? g_strdup_printf ("%s (DriverPackageId %s)", c->service, package)
                                   : g_strdup (c->service);
  verify_ok (c->links, "CriticalDeviceDatabase", where, "Service", found);
  g_clear_pointer (&problem, g_free);
  uint8_t want[16], got[16];
  if (!verify_read_string (h, key, "ClassGUID", &guid, &problem) || guid[0] == '\0')
    verify_broken (c->links, "ClassGUID", where, "ClassGUID", NULL,
                   "CriticalDeviceDatabase\\%s has no %sClassGUID: the kernel cannot create the "
                   "device in the %s class, and %s", c->source, problem ? "readable " : "",
                   class_name, NO_DRIVER);
  else if (!ws_guid_parse (guid, got) || (ws_guid_parse (class_guid, want) && memcmp (got, want, 16)))
    verify_broken (c->links, "ClassGUID", where, "ClassGUID", guid,
                   "CriticalDeviceDatabase\\%s has ClassGUID %s, not %s (%s): the device is created "
                   "in the wrong setup class and %s", c->source, guid, class_guid, class_name, NO_DRIVER);
  else
    verify_ok (c->links, "ClassGUID", where, "ClassGUID", guid);
}

static gboolean
collect (hive_reader *h, hive_node cddb, const char *base, const char *id, gboolean compat,
         guint pos, const char *class_guid, const char *class_name, GPtrArray *out, GError **error)
{
  g_autofree char *key = g_strdelimit (g_strdup (id), "\\", '#');
  hive_node n = hive_reader_lookup (h, cddb, key, error);
  if (n == 0)
    return *error == NULL;
  struct verify_candidate *c = verify_candidate_new (id, compat, pos, key);
  c->rank = (compat ? 2u : 0u) << 12 | MIN (pos, 0xfff);
  follow (h, n, base, c, class_guid, class_name);
  c->broken = verify_chain_broken (c->links);
  g_ptr_array_add (out, c);
  return TRUE;
}

/* Keys that name a service first, then the order of the device's IDs: the first such key is the
 * one the kernel takes, whatever else is wrong with it. */
static gint
compare (gconstpointer pa, gconstpointer pb)
{
  const struct verify_candidate *a = *(struct verify_candidate *const *) pa;
  const struct verify_candidate *b = *(struct verify_candidate *const *) pb;
  if ((a->service == NULL) != (b->service == NULL))
    return a->service ? -1 : 1;
  return a->rank < b->rank ? -1 : a->rank > b->rank;
}

const struct verify_candidate *
verify_cddb_find (struct verify_ctx *c, char **hardware, char **compatible, const char *class_guid,
                  const char *class_name, GPtrArray *candidates, GPtrArray *chain, GError **error)
{
  hive_reader *h = c->g->system;
  g_autofree char *base = g_strdup_printf ("SYSTEM\\%s\\Control\\CriticalDeviceDatabase", c->control_set);
  hive_node cddb = c->control ? hive_reader_lookup (h, c->control, "CriticalDeviceDatabase", error) : 0;
  if (cddb == 0) {
    if (*error == NULL)
      verify_broken (chain, "CriticalDeviceDatabase", base, NULL, NULL,
                     "%s\\Control has no CriticalDeviceDatabase: %s", c->control_set, NO_DRIVER);
    return NULL;
  }
  for (size_t i = 0; hardware[i]; i++)
    if (!collect (h, cddb, base, hardware[i], FALSE, i, class_guid, class_name, candidates, error))
      return NULL;
  for (size_t i = 0; compatible[i]; i++)
    if (!collect (h, cddb, base, compatible[i], TRUE, i, class_guid, class_name, candidates, error))
      return NULL;
  if (candidates->len == 0) {
    guint n = g_strv_length (hardware) + g_strv_length (compatible);
    const char *first = hardware[0] ? hardware[0] : compatible[0];
    const char *last = compatible[0] ? compatible[g_strv_length (compatible) - 1] : first;
    verify_broken (chain, "CriticalDeviceDatabase", base, NULL, NULL,
                   "none of the %u IDs Windows lists for this %s device (%s%s%s) has a "
                   "CriticalDeviceDatabase entry: %s", n, class_name, first, n > 1 ? " ... " : "",
                   n > 1 ? last : "", NO_DRIVER);
    return NULL;
  }
  g_ptr_array_sort (candidates, compare);
  struct verify_candidate *best = g_ptr_array_index (candidates, 0);
  best->winner = best->service != NULL;
  return best->winner ? best : NULL;
}
