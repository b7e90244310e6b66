/* plan-service: Services\<svc> in the current control set, from the INF's AddService directive
 * and service-install section ("INF AddService Directive"), as Windows writes it (REAL 18362
 * Services\stornvme and LSI_SAS, docs/windows-boot-drivers.md#boot-start-services): Type, Start,
 * ErrorControl, Group, ImagePath, Tag, Owners, DisplayName, the service AddReg, the event-log
 * source, and no StartOverride.  Pure. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan-internal.h"
#include "banned.h"

#define RULE_BOOT_START "rule: a boot-critical storage driver must start at boot (Start=0), or " \
  "the first boot stops with 0x7B (docs/windows-boot-drivers.md#start-type-and-errorcontrol)"
#define RULE_NO_OVERRIDE "rule: StartOverride demotes a boot driver; the one we rely on has none " \
  "(docs/windows-boot-drivers.md#startoverride)"
#define RULE_TAG "rule: the service's Tag places it in its group's GroupOrderList " \
  "(docs/windows-boot-drivers.md#group-and-tag)"
#define RULE_GROUP_LIST "rule: a Tag the group did not list is appended to its GroupOrderList " \
  "(docs/windows-boot-drivers.md#group-and-tag)"
#define RULE_OWNERS "rule: Owners names the published INF " \
  "(docs/windows-boot-drivers.md#boot-start-services, " \
  "docs/driver-store.md#what-an-offline-import-leaves-behind)"
#define RULE_PACKAGE_ID "rule: Windows 7 services name their driver-store package (DriverPackageId, " \
  "like the guest's own CriticalDeviceDatabase entries, docs/windows-boot-drivers.md#criticaldevicedatabase)"

/* ImagePath as Windows writes it for the ServiceBinary's DIRID: REAL "System32\drivers\x.sys"
 * for 12; a driver-store path for 13 ("Run From Driver Store", docs/windows-boot-drivers.md#imagepath). */
static char *
image_path (const struct plan_layout *l, const struct inf_service *s, GError **error)
{
  g_autofree char *path = g_strdup (s->binary_path ? s->binary_path : "");
  g_strdelimit (path, "/", '\\');
  switch (s->binary_dirid) {
  case 10: return g_strdup_printf ("\\SystemRoot\\%s", path);
  case 11: return g_strdup_printf ("System32\\%s", path);
  case 12: return g_strdup_printf ("System32\\drivers\\%s", path);
  case 13:
    if (l->ddb)
      return g_strdup_printf ("\\SystemRoot\\System32\\DriverStore\\FileRepository\\%s\\%s", l->store, path);
    break;
  default:
    break;
  }
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
               "cannot plan service '%s' ('%s' line %u): ServiceBinary '%s' is not below DIRID 10, 11, 12 or 13%s",
               s->name, s->pos.file, s->pos.line, s->binary_raw ? s->binary_raw : "",
               s->binary_dirid == 13 ? " (13 needs Windows 8 or later)" : "");
  return NULL;
}

static struct plan_group_fact *
run_group (struct plan_ctx *ctx, const struct plan_group_fact *g)
{
  for (guint i = 0; i < ctx->groups->len; i++) {
    struct plan_group_fact *r = g_ptr_array_index (ctx->groups, i);
    if (g_ascii_strcasecmp (r->name, g->name) == 0)
      return r;
  }
  struct plan_group_fact *r = plan_group_fact_new (g->name);
  plan_group_fact_set_order (r, g->list_value, (const uint32_t *) (void *) g->order->data, g->order->len);
  g_ptr_array_add (ctx->groups, r);
  return r;
}

static gboolean
tag_used (const struct plan_group_fact *g, const struct plan_group_fact *run, const char *svc, uint32_t tag)
{
  const struct plan_group_fact *both[] = { g, run };
  for (size_t i = 0; i < G_N_ELEMENTS (both); i++)
    for (guint j = 0; j < both[i]->members->len; j++) {
      const struct plan_tag_fact *t = g_ptr_array_index (both[i]->members, j);
      if (t->tag == tag && g_ascii_strcasecmp (t->service, svc) != 0)
        return TRUE;
    }
  return FALSE;
}

/* The service's Tag when its group has a GroupOrderList: the one it already has in that group,
 * else the lowest tag the list names that no other service of the group uses, else one past the
 * highest tag in sight, appended to the list.  FALSE when the group has no list.
 * A listed tag gives the driver a defined place in its group's load order.  (Windows' service
 * control manager takes the lowest tag that is neither listed nor used, and leaves the list
 * alone: REAL 18362, e1i65x64 Tag 14 and BthPan 13 beyond NDIS's 12-entry list; such a tag
 * loads after every listed one.) */
static gboolean
assign_tag (struct plan_ctx *ctx, const struct inf_service *s, uint32_t *out)
{
  const struct plan_group_fact *g = s->load_order_group ? plan_facts_group (ctx->f, s->load_order_group) : NULL;
  if (g == NULL || g->list_value == NULL)
    return FALSE;
  struct plan_group_fact *run = run_group (ctx, g);
  const struct plan_service_fact *sf = plan_facts_service (ctx->f, s->name);
  gboolean found = FALSE;
  for (guint j = 0; j < run->members->len && !found; j++) {
    const struct plan_tag_fact *t = g_ptr_array_index (run->members, j);
    if ((found = g_ascii_strcasecmp (t->service, s->name) == 0))
      *out = t->tag;
  }
  if (!found && sf && sf->has_tag && sf->group && g_ascii_strcasecmp (sf->group, g->name) == 0
      && !tag_used (g, run, s->name, sf->tag)) {
    *out = sf->tag;
    found = TRUE;
    plan_group_fact_add_member (run, s->name, sf->tag);
  }
  uint32_t best = UINT32_MAX, max = 0;
  for (guint j = 0; j < run->order->len && !found; j++) {
    uint32_t t = g_array_index (run->order, guint32, j);
    max = MAX (max, t);
    if (t < best && !tag_used (g, run, s->name, t))
      best = t;
  }
  if (!found && best == UINT32_MAX) {
    for (guint j = 0; j < g->members->len; j++)
      max = MAX (max, ((const struct plan_tag_fact *) g_ptr_array_index (g->members, j))->tag);
    best = max + 1;
    g_array_append_val (run->order, best);
  }
  if (!found) {
    *out = best;
    plan_group_fact_add_member (run, s->name, best);
  }
  return TRUE;
}

/* GroupOrderList\<group> (REG_BINARY: DWORD count, then the tags; MS "GroupOrderList"), for every
 * group that got a new tag in this run. */
gboolean
plan_group_lists (struct plan_ctx *ctx, GError **error)
{
  for (guint i = 0; i < ctx->groups->len; i++) {
    const struct plan_group_fact *run = g_ptr_array_index (ctx->groups, i);
    const struct plan_group_fact *g = plan_facts_group (ctx->f, run->name);
    if (g && run->order->len == g->order->len)
      continue;
    g_autofree uint8_t *buf = g_malloc (4 + 4 * (size_t) run->order->len);
    ws_put_le32 (buf, run->order->len);
    for (guint j = 0; j < run->order->len; j++)
      ws_put_le32 (buf + 4 + 4 * j, g_array_index (run->order, guint32, j));
    g_autofree char *key = plan_key (ctx->f->control_set, "Control", "GroupOrderList", NULL);
    if (!reg_plan_add_binary (ctx->plan, REG_HIVE_SYSTEM, key, run->list_value, buf,
                              4 + 4 * (size_t) run->order->len, RULE_GROUP_LIST, error))
      return FALSE;
  }
  return TRUE;
}

/* "@oem12.inf,%token%;text" (REAL 18362 stornvme/vmci DisplayName) when the INF gives a
 * %strkey%; the text itself otherwise, and before Windows 8 (REAL Windows 7 iaStorV:
 * "Intel RAID Controller Windows 7"). */
static char *
indirect (const struct plan_layout *l, const struct inf_service *s, const char *key, const char *text)
{
  const char *raw = plan_service_field_raw (l->pkg, s, key);
  g_autofree char *token = plan_raw_token (raw);
  if (token == NULL || !l->ddb)
    return g_strdup (text);
  return g_strdup_printf ("@%s,%s;%s", l->published, raw, text);
}

static gboolean
dependencies (struct plan_ctx *ctx, const char *key, const struct inf_service *s, const char *prov,
              GError **error)
{
  if (s->dependencies == NULL || s->dependencies[0] == NULL)
    return TRUE;
  /* "INF AddService Directive": "+name" is a load-order group (DependOnGroup). */
  g_autoptr (GPtrArray) svc = g_ptr_array_new (), grp = g_ptr_array_new ();
  for (char **d = s->dependencies; *d; d++)
    if (**d)
      g_ptr_array_add (**d == '+' ? grp : svc, **d == '+' ? *d + 1 : *d);
  g_ptr_array_add (svc, NULL);
  g_ptr_array_add (grp, NULL);
  return (svc->len == 1 || reg_plan_add_multi_sz (ctx->plan, REG_HIVE_SYSTEM, key, "DependOnService",
                                                  (const char *const *) svc->pdata, prov, error))
    && (grp->len == 1 || reg_plan_add_multi_sz (ctx->plan, REG_HIVE_SYSTEM, key, "DependOnGroup",
                                                (const char *const *) grp->pdata, prov, error));
}

static gboolean
start_value (struct plan_ctx *ctx, const struct plan_layout *l, const char *key, const struct inf_service *s,
             gboolean function_driver, const char *prov, GError **error)
{
  if (s->start_type >= 0
      && !reg_plan_add_dword (ctx->plan, REG_HIVE_SYSTEM, key, "Start", (uint32_t) s->start_type, prov, error))
    return FALSE;
  if (!l->boot_critical || !function_driver || s->start_type == 0)
    return TRUE;
  struct reg_edit *e = reg_plan_add_dword (ctx->plan, REG_HIVE_SYSTEM, key, "Start", 0, RULE_BOOT_START, error);
  if (e)
    e->flags |= REG_EDIT_OVERRIDE;
  return e != NULL;
}

static gboolean
text_values (struct plan_ctx *ctx, const struct plan_layout *l, const char *key, const struct inf_service *s,
             const char *prov, GError **error)
{
  static const char *const names[] = { "DisplayName", "Description" };
  const char *texts[] = { s->display_name, s->description };
  for (size_t i = 0; i < G_N_ELEMENTS (names); i++) {
    if (texts[i] == NULL || texts[i][0] == '\0')
      continue;
    g_autofree char *v = indirect (l, s, names[i], texts[i]);
    if (!reg_plan_add_sz (ctx->plan, REG_HIVE_SYSTEM, key, names[i], v, prov, error))
      return FALSE;
  }
  if (s->load_order_group && *s->load_order_group
      && !reg_plan_add_sz (ctx->plan, REG_HIVE_SYSTEM, key, "Group", s->load_order_group, prov, error))
    return FALSE;
  return !s->start_name || !*s->start_name
    || reg_plan_add_sz (ctx->plan, REG_HIVE_SYSTEM, key, "ObjectName", s->start_name, prov, error);
}

static gboolean
service_values (struct plan_ctx *ctx, const struct plan_layout *l, const char *key, const struct inf_service *s,
                gboolean function_driver, GError **error)
{
  g_autofree char *prov = plan_pos (&s->pos);
  g_autofree char *image = image_path (l, s, error);
  uint32_t tag = 0;
  if (image == NULL)
    return FALSE;
  if ((s->service_type >= 0
       && !reg_plan_add_dword (ctx->plan, REG_HIVE_SYSTEM, key, "Type", (uint32_t) s->service_type, prov, error))
      || !start_value (ctx, l, key, s, function_driver, prov, error)
      || (s->error_control >= 0
          && !reg_plan_add_dword (ctx->plan, REG_HIVE_SYSTEM, key, "ErrorControl", (uint32_t) s->error_control,
                                  prov, error))
      || !reg_plan_add_expand_sz (ctx->plan, REG_HIVE_SYSTEM, key, "ImagePath", image, prov, error)
      || !text_values (ctx, l, key, s, prov, error)
      || !dependencies (ctx, key, s, prov, error))
    return FALSE;
  if (assign_tag (ctx, s, &tag) && !reg_plan_add_dword (ctx->plan, REG_HIVE_SYSTEM, key, "Tag", tag, RULE_TAG, error))
    return FALSE;
  /* Owners: REAL on 8.1/10 (Services\stornvme = [stornvme.inf]).  Windows 7 has none, but names
   * the driver-store package instead (REAL iaStorV, HpSAMD: DriverPackageId), as its
   * CriticalDeviceDatabase does. */
  const char *const owners[] = { l->published, NULL };
  if (l->ddb)
    return reg_plan_add_multi_sz (ctx->plan, REG_HIVE_SYSTEM, key, "Owners", owners, RULE_OWNERS, error) != NULL;
  return !ctx->f->cddb_package_ids || l->store == NULL
    || reg_plan_add_sz (ctx->plan, REG_HIVE_SYSTEM, key, "DriverPackageId", l->store, RULE_PACKAGE_ID, error);
}

static gboolean
plan_service (struct plan_ctx *ctx, const struct plan_layout *l, const struct inf_service *s,
              gboolean function_driver, GError **error)
{
  g_autofree char *key = plan_key (ctx->f->control_set, "Services", s->name, NULL);
  g_autofree char *override = plan_key (key, "StartOverride", NULL);
  const struct plan_service_fact *sf = plan_facts_service (ctx->f, s->name);
  if (!service_values (ctx, l, key, s, function_driver, error)
      || !plan_addreg_live (ctx, REG_HIVE_SYSTEM, key, s->addreg, s->delreg, sf, error)
      || !reg_plan_add_delete_tree (ctx->plan, REG_HIVE_SYSTEM, override, RULE_NO_OVERRIDE, error))
    return FALSE;
  for (guint i = 0; i < s->event_logs->len; i++) {
    const struct inf_event_log *ev = g_ptr_array_index (s->event_logs, i);
    g_autofree char *evkey = plan_key (ctx->f->control_set, "Services", "EventLog", ev->log_type, ev->source, NULL);
    if (!plan_addreg_live (ctx, REG_HIVE_SYSTEM, evkey, ev->addreg, ev->delreg, NULL, error))
      return FALSE;
  }
  return TRUE;
}

gboolean
plan_services (struct plan_ctx *ctx, const struct plan_layout *l, GError **error)
{
  g_autoptr (GPtrArray) sections = plan_install_sections (l->pkg->drv);
  g_autoptr (GPtrArray) done = g_ptr_array_new ();
  for (guint i = 0; i < sections->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (sections, i);
    const struct inf_service *assoc = plan_assoc_service (ins);
    for (guint j = 0; j < ins->services->len; j++) {
      const struct inf_service *s = g_ptr_array_index (ins->services, j);
      gboolean dup = s->name[0] == '\0';
      for (guint k = 0; k < done->len && !dup; k++)
        dup = g_ascii_strcasecmp (((const struct inf_service *) g_ptr_array_index (done, k))->name, s->name) == 0;
      if (dup)
        continue;
      g_ptr_array_add (done, (gpointer) s);
      if (!plan_service (ctx, l, s, s == assoc, error))
        return FALSE;
    }
  }
  return TRUE;
}
