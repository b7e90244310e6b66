/* plan-registry: every registry edit of a conversion, from the layouts: per package the Services
 * keys, then its DriverDatabase registration (8+) or CriticalDeviceDatabase entries (XP-7) and
 * its SOFTWARE entries; then what the packages share (GroupOrderList, OemInfMap, DevicePath, the
 * device-installation policy's allow list).
 * The result is merged, so that each value is set once, and a conflict between two packages is
 * an error.  Pure. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "plan-internal.h"
#include "banned.h"

/* AddReg lines of install sections whose HKR only exists once a device is installed (driver and
 * device keys): their HKLM/HKCR lines are global and written now. */
static gboolean
global_lines (struct plan_ctx *ctx, const struct plan_layout *l, GError **error)
{
  g_autoptr (GPtrArray) sections = plan_install_sections (l->pkg->drv);
  for (guint i = 0; i < sections->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (sections, i);
    GPtrArray *lists[] = { ins->delreg, ins->hw_delreg, ins->addreg, ins->hw_addreg, ins->coinstaller_addreg };
    for (size_t j = 0; j < G_N_ELEMENTS (lists); j++)
      if (!plan_addreg_global (ctx, lists[j], error))
        return FALSE;
  }
  return TRUE;
}

static gboolean
plan_package (struct plan_ctx *ctx, const struct plan_layout *l, GError **error)
{
  if (l->action == PLAN_SKIP)
    return TRUE;
  if (!plan_services (ctx, l, error) || !global_lines (ctx, l, error))
    return FALSE;
  if (!l->ddb)
    return plan_cdd (ctx, l, error);
  return plan_ddb_package_keys (ctx, l, error) && plan_ddb_ids (ctx, l, error)
    && plan_pnp_lockdown (ctx, l, error);
}

static struct reg_plan *
merged (struct reg_plan *plan, GError **error)
{
  g_auto (GStrv) conflicts = NULL;
  struct reg_plan *m = reg_plan_merge (plan, &conflicts);
  if (conflicts && conflicts[0]) {
    reg_plan_free (m);
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                 "cannot plan the packages together: %s%s", conflicts[0],
                 conflicts[1] ? " (and more)" : "");
    return NULL;
  }
  return m;
}

struct reg_plan *
plan_registry (const struct plan_facts *f, const struct plan_options *opts, GPtrArray *layouts,
               char ***warnings, GError **error)
{
  if (f->control_set == NULL || *f->control_set == '\0')
    return g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "the planner needs the current control set"), NULL;
  g_autoptr (reg_plan) plan = reg_plan_new ();
  g_autoptr (GPtrArray) warn = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func (plan_group_fact_free);
  struct plan_ctx ctx = { .f = f, .opts = opts, .plan = plan, .warnings = warn, .groups = groups };
  for (guint i = 0; i < layouts->len; i++) {
    const struct plan_layout *l = g_ptr_array_index (layouts, i);
    if (!plan_package (&ctx, l, error)) {
      g_prefix_error (error, "planning '%s': ", l->pkg->inf_name);
      return NULL;
    }
  }
  if (!plan_group_lists (&ctx, error) || !plan_ddb_oem_inf_maps (&ctx, layouts, error)
      || !plan_device_path (&ctx, layouts, error) || !plan_device_policy (&ctx, layouts, error))
    return NULL;
  struct reg_plan *m = merged (plan, error);
  if (m && warnings) {
    g_ptr_array_add (warn, NULL);
    *warnings = (char **) g_ptr_array_steal (warn, NULL);
  }
  return m;
}
