/* verify-walk: one walk per controller, from its IDs to the boot disk's volume stack; see verify.h.
 * Pure with respect to the guest: hives come opened, files through struct verify_files. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "verify.h"
#include "banned.h"

/* Windows 8 / Server 2012 (NT 6.2) dropped the CriticalDeviceDatabase for the DriverDatabase
 * (docs/windows-boot-drivers.md#boot-models-by-windows-version: none of the 8.1/10 hives has one). */
enum verify_model
verify_boot_model (int major, int minor)
{
  return major > 6 || (major == 6 && minor >= 2) ? VERIFY_MODEL_DDB : VERIFY_MODEL_CDDB;
}

static gboolean
ctx_init (struct verify_ctx *c, const struct verify_guest *g, GError **error)
{
  memset (c, 0, sizeof *c);
  c->g = g;
  c->model = verify_boot_model (g->major, g->minor);
  c->control_set = hive_reader_current_control_set (g->system, error);
  if (c->control_set == NULL)
    return FALSE;
  hive_node cs = hive_reader_lookup (g->system, 0, c->control_set, error);
  if (cs && (c->control = hive_reader_lookup (g->system, cs, "Control", error)) == 0 && *error)
    return FALSE;
  if (cs && (c->services = hive_reader_lookup (g->system, cs, "Services", error)) == 0 && *error)
    return FALSE;
  hive_node sgo = c->control ? hive_reader_lookup (g->system, c->control, "ServiceGroupOrder", error) : 0;
  if (*error)
    return FALSE;
  g_autofree char *problem = NULL;
  if (sgo)
    verify_read_multi (g->system, sgo, "List", &c->group_order, &problem);
  return TRUE;
}

static void
ctx_clear (struct verify_ctx *c)
{
  g_free (c->control_set);
  g_strfreev (c->group_order);
}

/* Find the device's driver the way the boot model does and copy the chosen candidate's links
 * (or, when none is usable, the best one's, which end at its broken link) into chain.  Returns
 * the service to check, NULL when the chain is already broken. */
static const char *
find_driver (struct verify_ctx *c, char **hardware, char **compatible, const char *class_guid,
             const char *class_name, GPtrArray *candidates, GPtrArray *chain, GError **error)
{
  const struct verify_candidate *win = c->model == VERIFY_MODEL_DDB
    ? verify_ddb_find (c, hardware, compatible, class_guid, class_name, candidates, chain, error)
    : verify_cddb_find (c, hardware, compatible, class_guid, class_name, candidates, chain, error);
  return *error ? NULL : verify_chain_take (chain, win, candidates);
}

/* Volume services beyond the required ones: checked only when the guest boot-starts them. */
static gboolean
boot_started (struct verify_ctx *c, const char *service, GError **error)
{
  hive_node s = c->services ? hive_reader_lookup (c->g->system, c->services, service, error) : 0;
  uint32_t start = 1;
  g_autofree char *problem = NULL;
  return s && verify_read_dword (c->g->system, s, "Start", &start, &problem) && start == 0;
}

/* The boot disk appears as a new disk under the new controller: its driver is found like the
 * controller's, through the disk's compatible ID GenDisk (disk.inf: "disk_install, GenDisk"),
 * then the volume stack: partmgr, the volume manager (ftdisk before Vista, volmgr since), and
 * volsnap/fvevol when the guest boot-starts them. */
static gboolean
walk_disk_stack (struct verify_ctx *c, GPtrArray *chain, GError **error)
{
  char *hardware[] = { NULL };
  char *compatible[] = { (char *) "GenDisk", NULL };
  g_autoptr (GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) verify_candidate_free);
  const char *disk = find_driver (c, hardware, compatible, VERIFY_CLASS_DISKDRIVE, "DiskDrive",
                                  candidates, chain, error);
  if (disk == NULL)
    return *error == NULL;
  if (!verify_service (c, disk, FALSE, chain, error) || verify_chain_broken (chain))
    return *error == NULL;
  const char *required[] = { "partmgr", c->g->major >= 6 ? "volmgr" : "ftdisk" };
  for (size_t i = 0; i < G_N_ELEMENTS (required); i++)
    if (!verify_service (c, required[i], FALSE, chain, error) || verify_chain_broken (chain))
      return *error == NULL;
  const char *optional[] = { "volsnap", "fvevol" };
  for (size_t i = 0; i < G_N_ELEMENTS (optional); i++) {
    gboolean boot = boot_started (c, optional[i], error);
    if (*error)
      return FALSE;
    if (boot && (!verify_service (c, optional[i], FALSE, chain, error) || verify_chain_broken (chain)))
      return *error == NULL;
  }
  return TRUE;
}

static gboolean
walk_controller (struct verify_ctx *c, struct verify_controller *ctl, GError **error)
{
  const struct verify_device *d = ctl->device;
  if (verify_device_is_net (d))
    return verify_net_walk (c, ctl, error);
  verify_pci_ids (d, c->g->major >= 6, &ctl->hardware_ids, &ctl->compatible_ids);
  const char *service = find_driver (c, ctl->hardware_ids, ctl->compatible_ids, d->class_guid,
                                     d->class_name, ctl->candidates, ctl->chain, error);
  if (*error)
    return FALSE;
  if (service && !verify_service (c, service, TRUE, ctl->chain, error))
    return FALSE;
  if (verify_chain_broken (ctl->chain) == NULL && !walk_disk_stack (c, ctl->chain, error))
    return FALSE;
  if (verify_chain_broken (ctl->chain) == NULL && !verify_class_filters (c, ctl->chain, error))
    return FALSE;
  ctl->broken = verify_chain_broken (ctl->chain);
  return TRUE;
}

struct verify_result *
verify_walk (const struct verify_guest *g, const struct verify_device *devices, size_t n_devices,
             GError **error)
{
  struct verify_ctx c;
  if (!ctx_init (&c, g, error)) {
    ctx_clear (&c);
    return NULL;
  }
  g_autoptr (verify_result) r = g_new0 (struct verify_result, 1);
  r->model = c.model;
  r->control_set = g_strdup (c.control_set);
  r->controllers = g_ptr_array_new_with_free_func ((GDestroyNotify) verify_controller_free);
  for (size_t i = 0; i < n_devices; i++) {
    struct verify_controller *ctl = verify_controller_new (&devices[i]);
    g_ptr_array_add (r->controllers, ctl);
    if (!walk_controller (&c, ctl, error)) {
      ctx_clear (&c);
      return NULL;
    }
  }
  ctx_clear (&c);
  return g_steal_pointer (&r);
}

gboolean
verify_result_boots (const struct verify_result *r, const char *bus)
{
  for (guint i = 0; i < r->controllers->len; i++) {
    const struct verify_controller *ctl = g_ptr_array_index (r->controllers, i);
    if ((bus == NULL || strcmp (bus, "all") == 0 || strcmp (bus, ctl->device->bus) == 0) && ctl->broken)
      return FALSE;
  }
  return TRUE;
}
