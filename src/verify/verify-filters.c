/* verify-filters: the class filter drivers of the boot disk's stack (docs/old-platform.md#class-filters).
 *
 * PnP loads every service named in a setup class's UpperFilters/LowerFilters on each device of
 * the class; one that has no service key or is disabled fails the device's start, and for the
 * storage controller, disk and volume classes that is the boot disk (0x7B).  A broken filter of
 * the Net class leaves the network down but the guest boots: it is a warning. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "verify.h"
#include "banned.h"

struct boot_class {
  const char *guid;
  const char *name;
  gboolean boot;            /* a broken filter stops the boot (else: a warning) */
};

static const struct boot_class boot_classes[] = {
  { VERIFY_CLASS_SCSIADAPTER, "SCSIAdapter", TRUE },
  { "{4D36E96A-E325-11CE-BFC1-08002BE10318}", "HDC", TRUE },
  { VERIFY_CLASS_DISKDRIVE, "DiskDrive", TRUE },
  { "{71A27CDD-812A-11D0-BEC7-08002BE2092F}", "Volume", TRUE },
  { "{4D36E972-E325-11CE-BFC1-08002BE10318}", "Net", FALSE },
};

/* One filter: its service exists and is not disabled. */
static gboolean
check_filter (struct verify_ctx *c, const struct boot_class *bc, const char *where,
              const char *value, const char *filter, GPtrArray *chain, GError **error)
{
  hive_reader *h = c->g->system;
  hive_node s = c->services ? hive_reader_lookup (h, c->services, filter, error) : 0;
  if (*error)
    return FALSE;
  const struct verify_link *(*bad) (GPtrArray *, const char *, const char *, const char *,
                                    const char *, const char *, ...) G_GNUC_PRINTF (6, 7)
    = bc->boot ? verify_broken : verify_warn;
  const char *consequence = bc->boot ? "every device of the class fails to start, the boot disk "
                                       "with it (stop 0x7B)"
                                     : "every network adapter fails to start";
  if (s == 0) {
    bad (chain, "filter", where, value, filter, "%s %s names %s, which has no service key: %s",
         bc->name, value, filter, consequence);
    return TRUE;
  }
  uint32_t start = 0;
  g_autofree char *problem = NULL;
  if (verify_read_dword (h, s, "Start", &start, &problem) && start == 4) {
    bad (chain, "filter", where, value, filter, "%s %s names %s, which is disabled (Start=4): %s",
         bc->name, value, filter, consequence);
    return TRUE;
  }
  if (problem || !verify_read_dword (h, s, "Start", &start, &problem)) {
    bad (chain, "filter", where, value, filter, "%s %s names %s, which has no readable Start: %s",
         bc->name, value, filter, consequence);
    return TRUE;
  }
  verify_ok (chain, "filter", where, value, filter);
  return TRUE;
}

gboolean
verify_class_filters (struct verify_ctx *c, GPtrArray *chain, GError **error)
{
  hive_reader *h = c->g->system;
  hive_node classes = c->control ? hive_reader_lookup (h, c->control, "Class", error) : 0;
  if (classes == 0)
    return *error == NULL;
  for (size_t i = 0; i < G_N_ELEMENTS (boot_classes); i++) {
    const struct boot_class *bc = &boot_classes[i];
    hive_node k = hive_reader_lookup (h, classes, bc->guid, error);
    if (*error)
      return FALSE;
    if (k == 0)
      continue;
    g_autofree char *where = g_strdup_printf ("SYSTEM\\%s\\Control\\Class\\%s", c->control_set, bc->guid);
    const char *values[] = { "UpperFilters", "LowerFilters" };
    for (size_t v = 0; v < G_N_ELEMENTS (values); v++) {
      g_auto (GStrv) filters = NULL;
      g_autofree char *problem = NULL;
      if (!verify_read_multi (h, k, values[v], &filters, &problem)) {
        if (problem && bc->boot)
          verify_broken (chain, "filter", where, values[v], NULL, "%s %s is unreadable (%s): "
                         "PnP cannot load the class's filters", bc->name, values[v], problem);
        continue;
      }
      for (size_t f = 0; filters[f]; f++) {
        if (!filters[f][0])
          continue;
        if (!check_filter (c, bc, where, values[v], filters[f], chain, error))
          return FALSE;
        if (verify_chain_broken (chain))
          return TRUE;
      }
    }
  }
  return TRUE;
}
