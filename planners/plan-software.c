/* plan-software: what a driver install writes in the SOFTWARE hive.
 *   - Windows 8+: Setup\PnpLockdownFiles\%SystemRoot%/<path> for each file the INF copies out
 *     of the driver store, when the INF says PnpLockdown=1 (docs/driver-store.md#pnplockdownfiles:
 *     DISM's offline /Add-Driver writes {Class=5, Owners, Source}).
 *   - XP-7: DevicePath gets the folder each package was copied to, so that PnP finds the INF at
 *     first boot (virt-v2v appends %SystemRoot%\Drivers\VirtIO the same way,
 *     docs/virt-v2v-comparison.md#devicepath-and-first-boot-installation).  Pure. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "plan-internal.h"
#include "banned.h"

#define LOCKDOWN_KEY "Microsoft\\Windows\\CurrentVersion\\Setup\\PnpLockdownFiles"
/* docs/driver-store.md#pnplockdownfiles, DISM /Add-Driver on an offline image (ablation study) */
#define LOCKDOWN_CLASS 5u
#define RULE_LOCKDOWN "rule: PnpLockdown=1 protects the files the INF installs " \
  "(docs/driver-store.md#pnplockdownfiles)"
#define DEVICE_PATH_KEY "Microsoft\\Windows\\CurrentVersion"
/* what Windows ships (REAL, virt-v2v lab, docs/driver-store.md#devicepath) */
#define DEVICE_PATH_DEFAULT "%SystemRoot%\\inf"
#define RULE_DEVICE_PATH "rule: PnP searches DevicePath for the package at first boot " \
  "(docs/driver-store.md#devicepath)"

/* "%SystemRoot%/System32/drivers/netkvm.sys": the DIRID's folder below %SystemRoot%, '/'-separated
 * as Windows names these keys (REAL key names quoted in docs/driver-store.md#pnplockdownfiles). */
static char *
lockdown_name (const struct inf_copy_file *cf)
{
  const char *dir = cf->dest_dirid == 11 ? "/System32" : cf->dest_dirid == 12 ? "/System32/drivers" : "";
  g_autofree char *sub = g_strdup (cf->dest_subdir ? cf->dest_subdir : "");
  g_strdelimit (sub, "\\", '/');
  return g_strdup_printf ("%%SystemRoot%%%s%s%s/%s", dir, *sub ? "/" : "", sub, cf->dest_name);
}

gboolean
plan_pnp_lockdown (struct plan_ctx *ctx, const struct plan_layout *l, GError **error)
{
  if (!l->ddb || l->pkg->drv->pnp_lockdown != 1)
    return TRUE;
  g_autoptr (GPtrArray) sections = plan_install_sections (l->pkg->drv);
  const char *const owners[] = { l->published, NULL };
  for (guint i = 0; i < sections->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (sections, i);
    for (guint j = 0; j < ins->copy_files->len; j++) {
      const struct inf_copy_file *cf = g_ptr_array_index (ins->copy_files, j);
      if (cf->dest_dirid < 10 || cf->dest_dirid > 12)
        continue;   /* run from the driver store (13): nothing outside it to protect */
      g_autofree char *name = lockdown_name (cf);
      g_autofree char *key = plan_key (LOCKDOWN_KEY, name, NULL);
      g_autofree char *rel = cf->source_subdir && *cf->source_subdir
        ? g_strdup_printf ("%s\\%s", cf->source_subdir, cf->source_name) : g_strdup (cf->source_name);
      g_strdelimit (rel, "/", '\\');
      g_autofree char *source = g_strdup_printf ("%%SystemRoot%%\\System32\\DriverStore\\FileRepository\\%s\\%s",
                                                 l->store, rel);
      g_autofree char *prov = plan_pos (&cf->pos);
      if (!reg_plan_add_dword (ctx->plan, REG_HIVE_SOFTWARE, key, "Class", LOCKDOWN_CLASS, RULE_LOCKDOWN, error)
          || !reg_plan_add_multi_sz (ctx->plan, REG_HIVE_SOFTWARE, key, "Owners", owners, RULE_LOCKDOWN, error)
          || !reg_plan_add_expand_sz (ctx->plan, REG_HIVE_SOFTWARE, key, "Source", source, prov, error))
        return FALSE;
    }
  }
  return TRUE;
}

static gboolean
path_has (char **items, const char *dir)
{
  for (; items && *items; items++)
    if (g_ascii_strcasecmp (g_strstrip (*items), dir) == 0)
      return TRUE;
  return FALSE;
}

gboolean
plan_device_path (struct plan_ctx *ctx, GPtrArray *layouts, GError **error)
{
  const struct plan_facts *f = ctx->f;
  g_autoptr (GString) value = g_string_new (f->has_device_path && f->device_path ? f->device_path
                                            : DEVICE_PATH_DEFAULT);
  gboolean any = FALSE;
  for (guint i = 0; i < layouts->len; i++) {
    const struct plan_layout *l = g_ptr_array_index (layouts, i);
    if (l->ddb || l->action == PLAN_SKIP)
      continue;
    any = TRUE;
    g_autofree char *dir = g_strdup_printf ("%%SystemRoot%%\\Drivers\\VirtIO\\%s", l->driver);
    g_auto (GStrv) items = g_strsplit (value->str, ";", -1);
    if (!path_has (items, dir))
      g_string_append_printf (value, "%s%s", value->len ? ";" : "", dir);
  }
  if (!any)
    return TRUE;
  /* Keep the type the guest uses (REG_EXPAND_SZ on every Windows seen). */
  if (f->has_device_path && f->device_path_type == REG_TYPE_SZ)
    return reg_plan_add_sz (ctx->plan, REG_HIVE_SOFTWARE, DEVICE_PATH_KEY, "DevicePath", value->str,
                            RULE_DEVICE_PATH, error) != NULL;
  return reg_plan_add_expand_sz (ctx->plan, REG_HIVE_SOFTWARE, DEVICE_PATH_KEY, "DevicePath", value->str,
                                 RULE_DEVICE_PATH, error) != NULL;
}
