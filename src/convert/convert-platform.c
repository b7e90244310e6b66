/* convert-platform: retire the old hypervisor's guest tools (docs/old-platform.md).
 *
 * Part of the plan: the facts come from the host copy of the SYSTEM hive and the edits
 * (planners/plan-platform.c, pure) join the plan's SYSTEM edits, so they are written, checked
 * and rolled back with the rest of the conversion.
 */
#include <config.h>

#include <string.h>

#include "hive-read.h"
#include "plan-platform.h"
#include "convert-internal.h"
#include "banned.h"

/* The conversion installs a virtio storage driver: the old controller's driver is not the only
 * boot path left. */
static gboolean
installs_virtio_storage (const struct conv_selection *sel)
{
  for (guint i = 0; sel->chosen && i < sel->chosen->len; i++) {
    const struct drv_choice *ch = g_ptr_array_index (sel->chosen, i);
    if (ch->chosen && ch->role && (strcmp (ch->role, "block") == 0 || strcmp (ch->role, "scsi") == 0))
      return TRUE;
  }
  return FALSE;
}

gboolean
conv_plan_platform (const struct convert_opts *o, const struct conv_guest *gu,
                    const struct conv_selection *sel, struct conv_plan *p, GError **error)
{
  p->platform_changes = g_ptr_array_new_with_free_func ((GDestroyNotify) platform_change_free);
  const struct ws_windows *w = gu->windows;
  if ((o->keep_tools && o->keep_san_policy) || !gu->hives[REG_HIVE_SYSTEM].present)
    return TRUE;
  g_autoptr (platform_facts) f = plan_platform_read (gu->hives[REG_HIVE_SYSTEM].reader, w->control_set,
                                                     w->major, w->minor, error);
  if (f == NULL)
    return FALSE;
  struct platform_options po = { .keep_tools = o->keep_tools, .keep_san_policy = o->keep_san_policy,
                                 .virtio_storage = installs_virtio_storage (sel) };
  return plan_platform (f, &po, p->edits, p->platform_changes, error);
}
