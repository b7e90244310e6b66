/* plan-policy: the guest's device-installation policy must let PnP install the new devices
 * (docs/registry-and-hives.md#device-installation-policy).
 *   - DenyUnspecified=1 (devices no Allow list names are not installed): every hardware and
 *     compatible ID of the installed packages' Models lines is added to the AllowDeviceIDs list,
 *     and the list is switched on (AllowDeviceIDs=1);
 *   - DenyAll=1, or a Deny list naming one of those IDs or a package's setup class: Deny settings
 *     win over Allow settings, so no edit helps: WS_EXIT_REFUSED, naming the setting.  Pure. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan-internal.h"
#include "banned.h"

#define POLICY_KEY "Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions"
#define RULE_POLICY_ALLOW "rule: with DenyUnspecified=1, PnP installs only devices an Allow list names " \
  "(docs/registry-and-hives.md#device-installation-policy)"

static gboolean
in_list (const GPtrArray *list, const char *item)
{
  for (guint i = 0; i < list->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (list, i), item) == 0)
      return TRUE;
  return FALSE;
}

/* The IDs of every installed package, each once (borrowed from the packages). */
static GPtrArray *
package_ids (GPtrArray *layouts)
{
  GPtrArray *ids = g_ptr_array_new ();
  for (guint i = 0; i < layouts->len; i++) {
    const struct plan_layout *l = g_ptr_array_index (layouts, i);
    if (l->action == PLAN_SKIP)
      continue;
    g_autoptr (GPtrArray) mine = plan_model_ids (l->pkg->drv);
    for (guint j = 0; j < mine->len; j++) {
      const char *id = ((const struct plan_id *) g_ptr_array_index (mine, j))->id;
      if (!in_list (ids, id))
        g_ptr_array_add (ids, (gpointer) id);
    }
  }
  return ids;
}

static gboolean
refuse (GError **error, const char *what)
{
  g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "device installation is blocked by policy: %s in "
               "SOFTWARE\\" POLICY_KEY "; Deny settings win over Allow lists, so lift it before migrating", what);
  return FALSE;
}

/* A Deny setting that stops one of the packages, whatever is allowed. */
static gboolean
check_denied (const struct plan_device_policy *p, GPtrArray *layouts, GPtrArray *ids, GError **error)
{
  if (p->deny_all)
    return refuse (error, "DenyAll=1 (no device may be installed)");
  for (guint i = 0; p->deny_ids && i < ids->len; i++)
    if (in_list (p->deny_id_list, g_ptr_array_index (ids, i))) {
      g_autofree char *what = g_strdup_printf ("DenyDeviceIDs names '%s'", (const char *) g_ptr_array_index (ids, i));
      return refuse (error, what);
    }
  for (guint i = 0; p->deny_classes && i < layouts->len; i++) {
    const struct plan_layout *l = g_ptr_array_index (layouts, i);
    if (l->action == PLAN_SKIP || !l->pkg->drv->has_class_guid)
      continue;
    g_autofree char *guid = ws_guid_format (l->pkg->drv->class_guid);
    if (in_list (p->deny_class_list, guid)) {
      g_autofree char *what = g_strdup_printf ("DenyDeviceClasses names %s, the class of '%s'", guid,
                                               l->pkg->inf_name);
      return refuse (error, what);
    }
  }
  return TRUE;
}

gboolean
plan_device_policy (struct plan_ctx *ctx, GPtrArray *layouts, GError **error)
{
  const struct plan_device_policy *p = &ctx->f->policy;
  if (!p->present)
    return TRUE;
  g_autoptr (GPtrArray) ids = package_ids (layouts);
  if (!check_denied (p, layouts, ids, error))
    return FALSE;
  if (!p->deny_unspecified)
    return TRUE;
  guint64 next = p->allow_id_next;
  for (guint i = 0; i < ids->len; i++) {
    const char *id = g_ptr_array_index (ids, i);
    if (in_list (p->allow_id_list, id))
      continue;
    g_autofree char *name = g_strdup_printf ("%" G_GUINT64_FORMAT, next++);
    if (!reg_plan_add_sz (ctx->plan, REG_HIVE_SOFTWARE, POLICY_KEY "\\AllowDeviceIDs", name, id,
                          RULE_POLICY_ALLOW, error))
      return FALSE;
  }
  if (p->allow_ids != 1 && !reg_plan_add_dword (ctx->plan, REG_HIVE_SOFTWARE, POLICY_KEY, "AllowDeviceIDs", 1,
                                                RULE_POLICY_ALLOW, error))
    return FALSE;
  return TRUE;
}
