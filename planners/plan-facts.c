/* plan-facts: the planners' registry facts, read from the guest's hives; see plan-facts.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan-facts.h"
#include "plan-internal.h"
#include "banned.h"

/* A string value, or NULL when absent or not a string: a malformed value in a hostile hive is
 * not ours to judge, only not to trust. */
static char *
read_sz (hive_reader *h, hive_node node, const char *name, GError **error)
{
  struct hive_value v;
  if (!hive_reader_value (h, node, name, &v, error))
    return NULL;
  char *s = NULL;
  if (v.type == REG_TYPE_SZ || v.type == REG_TYPE_EXPAND_SZ)
    s = ws_utf16le_to_utf8 (v.data, v.len, NULL);
  hive_value_clear (&v);
  return s;
}

static gboolean
read_dword (hive_reader *h, hive_node node, const char *name, uint32_t *out, GError **error)
{
  struct hive_value v;
  if (!hive_reader_value (h, node, name, &v, error))
    return FALSE;
  gboolean ok = (v.type == REG_TYPE_DWORD || v.type == REG_TYPE_BINARY) && v.len == 4;
  if (ok)
    *out = ws_le32 (v.data);
  hive_value_clear (&v);
  return ok;
}

static gboolean
wanted (const char *inf_name, const struct plan_package *pkgs, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (g_ascii_strcasecmp (pkgs[i].inf_name, inf_name) == 0)
      return TRUE;
  return FALSE;
}

/* Descriptors\<bus>\<id> keys: an ID is a key holding a Configuration value
 * (docs/windows-boot-drivers.md#descriptors-and-strings). */
static gboolean
descriptor_ids (hive_reader *h, hive_node node, const char *prefix, guint depth, GPtrArray *ids, GError **error)
{
  g_auto (GStrv) names = hive_reader_child_names (h, node, error);
  if (names == NULL)
    return FALSE;
  for (char **c = names; *c && ids->len < PLAN_FACTS_MAX_IDS; c++) {
    hive_node child = hive_reader_lookup (h, node, *c, error);
    if (child == 0)
      return *error == NULL;
    g_autofree char *id = *prefix ? g_strdup_printf ("%s\\%s", prefix, *c) : g_strdup (*c);
    struct hive_value v;
    if (hive_reader_value (h, child, "Configuration", &v, error)) {
      hive_value_clear (&v);
      g_ptr_array_add (ids, g_steal_pointer (&id));
    } else if (*error || (depth < PLAN_FACTS_MAX_DEPTH && !descriptor_ids (h, child, id, depth + 1, ids, error)))
      return FALSE;
  }
  return TRUE;
}

static gboolean
read_package (hive_reader *h, hive_node pkgs, const char *store, struct plan_ddb_fact *node,
              const struct plan_package *want, size_t n, GError **error)
{
  hive_node p = hive_reader_lookup (h, pkgs, store, error);
  g_autofree char *inf_name = p ? read_sz (h, p, "InfName", error) : NULL;
  if (*error || inf_name == NULL || (n && !wanted (inf_name, want, n)))
    return *error == NULL;
  g_autofree char *published = read_sz (h, p, "", error);
  struct plan_package_fact *pf = plan_facts_add_package (node, store, published, inf_name);
  struct hive_value v;
  if (hive_reader_value (h, p, "Version", &v, error) && v.len == 48) {
    memcpy (pf->version, v.data, 48);
    pf->has_version = TRUE;
  }
  hive_value_clear (&v);
  hive_node d = *error ? 0 : hive_reader_lookup (h, p, "Descriptors", error);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  if (d && !descriptor_ids (h, d, "", 1, ids, error))
    return FALSE;
  g_ptr_array_add (ids, NULL);
  g_strfreev (pf->ids);
  pf->ids = (char **) g_ptr_array_steal (ids, NULL);
  return *error == NULL;
}

static gboolean
read_ddb (hive_reader *h, struct plan_ddb_fact *node, const struct plan_package *pkgs, size_t n,
          uint32_t *arch, gboolean *has_arch, GError **error)
{
  hive_node root = hive_reader_lookup (h, 0, "DriverDatabase", error);
  if (root == 0)
    return *error == NULL;
  node->present = TRUE;
  if (arch && read_dword (h, root, "Architecture", arch, error))
    *has_arch = TRUE;
  struct hive_value v;
  if (hive_reader_value (h, root, "OemInfMap", &v, error))
    plan_ddb_fact_set_oem_inf_map (node, v.data, v.len);
  hive_value_clear (&v);
  hive_node files = *error ? 0 : hive_reader_lookup (h, root, "DriverInfFiles", error);
  g_auto (GStrv) names = files ? hive_reader_child_names (h, files, error) : NULL;
  for (char **c = names; c && *c; c++)
    if (g_ascii_strncasecmp (*c, "oem", 3) == 0)
      plan_ddb_fact_add_oem_inf_file (node, *c);
  hive_node pk = *error ? 0 : hive_reader_lookup (h, root, "DriverPackages", error);
  g_auto (GStrv) stores = pk ? hive_reader_child_names (h, pk, error) : NULL;
  for (char **c = stores; c && *c; c++)
    if (!read_package (h, pk, *c, node, pkgs, n, error))
      return FALSE;
  return *error == NULL;
}

/* Every value below a service key, for NOCLOBBER/APPEND ("INF AddReg Directive"). */
static gboolean
service_values (hive_reader *h, hive_node node, const char *prefix, guint depth, struct plan_service_fact *sf,
                GError **error)
{
  g_auto (GStrv) values = hive_reader_value_names (h, node, error);
  if (values == NULL)
    return FALSE;
  for (char **v = values; *v && sf->values->len < PLAN_FACTS_MAX_SERVICE_VALUES; v++) {
    struct hive_value hv;
    if (hive_reader_value (h, node, *v, &hv, error))
      plan_service_fact_add_value (sf, prefix, *v, hv.type, hv.data, hv.len);
    hive_value_clear (&hv);
    if (*error)
      return FALSE;
  }
  g_auto (GStrv) children = depth < PLAN_FACTS_MAX_DEPTH ? hive_reader_child_names (h, node, error) : NULL;
  for (char **c = children; c && *c; c++) {
    hive_node child = hive_reader_lookup (h, node, *c, error);
    g_autofree char *sub = *prefix ? g_strdup_printf ("%s\\%s", prefix, *c) : g_strdup (*c);
    if (child == 0 || !service_values (h, child, sub, depth + 1, sf, error))
      return *error == NULL;
  }
  return *error == NULL;
}

static gboolean
read_service (struct plan_facts *f, hive_reader *h, hive_node services, const char *name, GError **error)
{
  if (plan_facts_service (f, name))
    return TRUE;
  hive_node s = hive_reader_lookup (h, services, name, error);
  if (s == 0)
    return *error == NULL;
  struct plan_service_fact *sf = plan_facts_add_service (f, name);
  sf->group = read_sz (h, s, "Group", error);
  if (!*error)
    sf->has_tag = read_dword (h, s, "Tag", &sf->tag, error);
  if (!*error)
    sf->start_override = hive_reader_lookup (h, s, "StartOverride", error) != 0;
  return *error == NULL && service_values (h, s, "", 1, sf, error);
}

/* GroupOrderList\<group>: DWORD count, then the tags (MS "GroupOrderList"); the count is not
 * trusted beyond the value's length. */
static gboolean
read_order (hive_reader *h, hive_node list, struct plan_group_fact *g, GError **error)
{
  g_auto (GStrv) names = list ? hive_reader_value_names (h, list, error) : NULL;
  for (char **v = names; v && *v; v++) {
    if (g_ascii_strcasecmp (*v, g->name) != 0)
      continue;
    struct hive_value hv;
    if (hive_reader_value (h, list, *v, &hv, error) && hv.len >= 4) {
      size_t count = MIN ((size_t) ws_le32 (hv.data), (hv.len - 4) / 4);
      g_autofree uint32_t *tags = g_new (uint32_t, count + 1);
      for (size_t i = 0; i < count; i++)
        tags[i] = ws_le32 (hv.data + 4 + 4 * i);
      plan_group_fact_set_order (g, *v, tags, count);
    }
    hive_value_clear (&hv);
    break;
  }
  return *error == NULL;
}

/* The Tags of every service of the groups our services join (one pass over Services). */
static gboolean
read_members (struct plan_facts *f, hive_reader *h, hive_node services, GError **error)
{
  g_auto (GStrv) names = hive_reader_child_names (h, services, error);
  for (char **c = names; c && *c; c++) {
    hive_node s = hive_reader_lookup (h, services, *c, error);
    g_autofree char *group = s ? read_sz (h, s, "Group", error) : NULL;
    const struct plan_group_fact *g = group ? plan_facts_group (f, group) : NULL;
    uint32_t tag;
    if (g && read_dword (h, s, "Tag", &tag, error))
      plan_group_fact_add_member ((struct plan_group_fact *) g, *c, tag);
    if (*error)
      return FALSE;
  }
  return names != NULL;
}

static gboolean
read_services (struct plan_facts *f, hive_reader *h, const struct plan_package *pkgs, size_t n, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Services", f->control_set);
  g_autofree char *lpath = g_strdup_printf ("%s\\Control\\GroupOrderList", f->control_set);
  hive_node services = hive_reader_lookup (h, 0, path, error);
  hive_node list = *error ? 0 : hive_reader_lookup (h, 0, lpath, error);
  if (services == 0 || *error)
    return *error == NULL;
  for (size_t i = 0; i < n; i++) {
    g_autoptr (GPtrArray) sections = plan_install_sections (pkgs[i].drv);
    for (guint j = 0; j < sections->len; j++) {
      const struct inf_install *ins = g_ptr_array_index (sections, j);
      for (guint k = 0; k < ins->services->len; k++) {
        const struct inf_service *s = g_ptr_array_index (ins->services, k);
        if (s->name[0] && !read_service (f, h, services, s->name, error))
          return FALSE;
        if (s->load_order_group && *s->load_order_group && !plan_facts_group (f, s->load_order_group)
            && !read_order (h, list, plan_facts_add_group (f, s->load_order_group), error))
          return FALSE;
      }
    }
  }
  return f->groups->len == 0 || read_members (f, h, services, error);
}

/* Whether the guest's own entries carry DriverPackageId (REAL: 2523 of 2549 on Windows 7, none
 * on XP, docs/windows-boot-drivers.md#criticaldevicedatabase). */
static gboolean
read_cddb (struct plan_facts *f, hive_reader *h, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Control\\CriticalDeviceDatabase", f->control_set);
  hive_node cddb = hive_reader_lookup (h, 0, path, error);
  g_auto (GStrv) names = cddb ? hive_reader_child_names (h, cddb, error) : NULL;
  for (char **c = names; c && *c && !f->cddb_package_ids && !*error; c++) {
    hive_node e = hive_reader_lookup (h, cddb, *c, error);
    g_autofree char *id = e ? read_sz (h, e, "DriverPackageId", error) : NULL;
    f->cddb_package_ids = id != NULL && *id;
  }
  return *error == NULL;
}

/* The string values of key\name into list; *next: one above the highest numbered value name. */
static gboolean
read_policy_list (hive_reader *h, hive_node key, const char *name, GPtrArray *list, guint64 *next,
                  GError **error)
{
  hive_node n = hive_reader_lookup (h, key, name, error);
  g_auto (GStrv) names = n ? hive_reader_value_names (h, n, error) : NULL;
  for (char **v = names; v && *v && *error == NULL; v++) {
    char *text = NULL;
    if (hive_reader_string (h, n, *v, &text, error))
      g_ptr_array_add (list, text);
    guint64 num = 0;
    if (next && g_ascii_string_to_unsigned (*v, 10, 0, G_MAXUINT32, &num, NULL) && num >= *next)
      *next = num + 1;
  }
  return *error == NULL;
}

/* docs/registry-and-hives.md#device-installation-policy */
static gboolean
read_device_policy (struct plan_device_policy *p, hive_reader *h, GError **error)
{
  hive_node pol = hive_reader_lookup (h, 0, "Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions", error);
  if (pol == 0)
    return *error == NULL;
  p->present = TRUE;
  p->allow_id_next = 1;
  struct { const char *name; uint32_t *out; } dwords[] = {
    { "DenyUnspecified", &p->deny_unspecified }, { "DenyAll", &p->deny_all },
    { "AllowDeviceIDs", &p->allow_ids }, { "DenyDeviceIDs", &p->deny_ids },
    { "DenyDeviceClasses", &p->deny_classes },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (dwords) && *error == NULL; i++)
    hive_reader_dword (h, pol, dwords[i].name, dwords[i].out, error);
  return *error == NULL
    && read_policy_list (h, pol, "AllowDeviceIDs", p->allow_id_list, &p->allow_id_next, error)
    && read_policy_list (h, pol, "DenyDeviceIDs", p->deny_id_list, NULL, error)
    && read_policy_list (h, pol, "DenyDeviceClasses", p->deny_class_list, NULL, error);
}

static gboolean
read_software (struct plan_facts *f, hive_reader *h, GError **error)
{
  hive_node cv = hive_reader_lookup (h, 0, "Microsoft\\Windows\\CurrentVersion", error);
  struct hive_value v = { 0 };   /* cleared below even when no key was found */
  if (cv && hive_reader_value (h, cv, "DevicePath", &v, error)
      && (v.type == REG_TYPE_SZ || v.type == REG_TYPE_EXPAND_SZ)) {
    f->device_path = ws_utf16le_to_utf8 (v.data, v.len, NULL);
    f->has_device_path = f->device_path != NULL;
    f->device_path_type = v.type;
  }
  hive_value_clear (&v);
  return *error == NULL && read_device_policy (&f->policy, h, error);
}

static gboolean
read_system (struct plan_facts *f, hive_reader *h, const struct plan_package *pkgs, size_t n, GError **error)
{
  f->control_set = hive_reader_current_control_set (h, error);
  if (f->control_set == NULL)
    return FALSE;
  g_autofree char *env = g_strdup_printf ("%s\\Control\\Session Manager\\Environment", f->control_set);
  hive_node e = hive_reader_lookup (h, 0, env, error);
  g_autofree char *pa = e ? read_sz (h, e, "PROCESSOR_ARCHITECTURE", error) : NULL;
  f->arch = pa ? ws_arch_from_name (pa) : WS_ARCH_UNKNOWN;
  if (*error || !read_ddb (h, &f->system, pkgs, n, &f->ddb_architecture, &f->has_ddb_architecture, error))
    return FALSE;
  f->ddb = f->system.present;
  return read_services (f, h, pkgs, n, error) && (f->ddb || read_cddb (f, h, error));
}

gboolean
plan_facts_read (struct plan_facts *f, hive_reader *system, hive_reader *drivers, hive_reader *software,
                 const struct plan_package *pkgs, size_t n, GError **error)
{
  GError *e = NULL;
  if (!read_system (f, system, pkgs, n, &e)) {
    g_propagate_prefixed_error (error, e, "reading the planner's facts from SYSTEM: ");
    return FALSE;
  }
  f->has_drivers_hive = drivers != NULL;
  if (drivers && !read_ddb (drivers, &f->drivers, pkgs, n, NULL, NULL, &e)) {
    g_propagate_prefixed_error (error, e, "reading the planner's facts from DRIVERS: ");
    return FALSE;
  }
  if (software && !read_software (f, software, &e)) {
    g_propagate_prefixed_error (error, e, "reading the planner's facts from SOFTWARE: ");
    return FALSE;
  }
  return TRUE;
}
