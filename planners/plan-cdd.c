/* plan-cdd: Control\CriticalDeviceDatabase entries (XP, 2003, Vista, 7, 2008, 2008 R2;
 * docs/windows-boot-drivers.md#criticaldevicedatabase).
 * Before a device has a driver, the kernel looks its hardware and compatible IDs up there (with
 * '\' written as '#') and starts the named service if it is boot-start.  Only boot-critical
 * classes get entries: the kernel binds the service without running the class installer, which
 * a storage miniport does not need and a NIC does (its Ndi configuration comes from PnP at first
 * boot, from the folder DevicePath points at).  Pure. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan-internal.h"
#include "banned.h"

#define RULE_PACKAGE_ID "rule: the guest's own CriticalDeviceDatabase entries carry DriverPackageId " \
  "(docs/windows-boot-drivers.md#criticaldevicedatabase)"

gboolean
plan_cdd (struct plan_ctx *ctx, const struct plan_layout *l, GError **error)
{
  if (!l->boot_critical)
    return TRUE;
  g_autoptr (GPtrArray) ids = plan_model_ids (l->pkg->drv);
  /* REAL XP and 7 entries: ClassGUID upper case in braces ("{4D36E97B-E325-11CE-BFC1-08002BE10318}"). */
  g_autofree char *lower = ws_guid_format (l->pkg->drv->class_guid);
  g_autofree char *guid = g_ascii_strup (lower, -1);
  g_autofree char *cprov = plan_pos (&l->pkg->drv->version_pos);
  for (guint i = 0; i < ids->len; i++) {
    const struct plan_id *pi = g_ptr_array_index (ids, i);
    const struct inf_service *svc = plan_assoc_service (pi->model->install);
    if (svc == NULL)
      continue;   /* a null-service model: nothing for the kernel to start */
    g_autofree char *name = g_strdup (pi->id);
    g_strdelimit (name, "\\", '#');
    g_autofree char *key = plan_key (ctx->f->control_set, "Control", "CriticalDeviceDatabase", name, NULL);
    g_autofree char *sprov = plan_pos (&svc->pos);
    if (!reg_plan_add_sz (ctx->plan, REG_HIVE_SYSTEM, key, "Service", svc->name, sprov, error)
        || !reg_plan_add_sz (ctx->plan, REG_HIVE_SYSTEM, key, "ClassGUID", guid, cprov, error))
      return FALSE;
    if (ctx->f->cddb_package_ids && l->store
        && !reg_plan_add_sz (ctx->plan, REG_HIVE_SYSTEM, key, "DriverPackageId", l->store, RULE_PACKAGE_ID, error))
      return FALSE;
  }
  return TRUE;
}
