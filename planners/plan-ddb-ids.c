/* plan-ddb-ids: how kernel PnP finds a package by device ID
 * (docs/windows-boot-drivers.md#descriptors-and-strings, docs/windows-boot-drivers.md#deviceids,
 * docs/windows-boot-drivers.md#how-kernel-pnp-follows-the-chain): Descriptors and Strings under
 * the package, DeviceIds\<bus>\<id> and DeviceIds\{class} values named after the published INF,
 * and the OemInfMap bit of its number (docs/windows-boot-drivers.md#oeminfmap).  Pure. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan-internal.h"
#include "banned.h"

#define RULE_CLASS "rule: DeviceIds\\{class} lists every package of the class " \
  "(docs/windows-boot-drivers.md#deviceids)"
#define RULE_STALE "rule: the upgraded package no longer lists this ID " \
  "(docs/windows-boot-drivers.md#deviceids)"
#define RULE_MOVE "rule: the package moves to the DriverDatabase node its class belongs in " \
  "(docs/windows-boot-drivers.md#the-system-and-drivers-nodes)"

/* Descriptors keep the Models line's %token% lower-cased (REAL "%ms-nvme%"), or the text when
 * the INF wrote no single token; the token and its text go to Strings. */
static char *
descriptor_text (const char *raw, const char *text, GHashTable *tokens)
{
  g_autofree char *token = plan_raw_token (raw);
  if (token == NULL)
    return g_strdup (text ? text : "");
  char *out = g_strdup_printf ("%%%s%%", token);
  g_hash_table_add (tokens, g_steal_pointer (&token));
  return out;
}

static gboolean
descriptor (struct plan_ctx *ctx, const struct plan_layout *l, const char *pkgkey, const struct plan_id *pi,
            GHashTable *tokens, GError **error)
{
  const struct inf_model *m = pi->model;
  g_autofree char *key = plan_key (pkgkey, "Descriptors", pi->id, NULL);
  g_autofree char *prov = plan_pos (&m->pos);
  g_autofree char *mfr = descriptor_text (plan_manufacturer_raw (l->pkg, m), m->manufacturer, tokens);
  g_autofree char *desc = descriptor_text (m->description_raw, m->description, tokens);
  enum reg_hive h = l->ddb_hive;
  return reg_plan_add_sz (ctx->plan, h, key, "Configuration", m->install->name, prov, error)
    && reg_plan_add_sz (ctx->plan, h, key, "Manufacturer", mfr, prov, error)
    && reg_plan_add_sz (ctx->plan, h, key, "Description", desc, prov, error);
}

/* DeviceIds\<id>\oemN.inf = { 1 hardware / 2 compatible / 3 both, FeatureScore, 0, 0 }
 * (docs/windows-boot-drivers.md#deviceids). */
static gboolean
device_id (struct plan_ctx *ctx, const struct plan_layout *l, const struct plan_id *pi, GError **error)
{
  const uint8_t value[4] = { (uint8_t) pi->flags, (uint8_t) pi->model->install->feature_score, 0, 0 };
  g_autofree char *key = plan_key ("DriverDatabase", "DeviceIds", pi->id, NULL);
  g_autofree char *prov = plan_pos (&pi->model->pos);
  return reg_plan_add_binary (ctx->plan, l->ddb_hive, key, l->published, value, sizeof value, prov, error) != NULL;
}

static gboolean
strings (struct plan_ctx *ctx, const struct plan_layout *l, const char *pkgkey, GHashTable *tokens,
         GError **error)
{
  g_autofree char *key = plan_key (pkgkey, "Strings", NULL);
  g_autoptr (GList) names = g_list_sort (g_hash_table_get_keys (tokens), (GCompareFunc) g_strcmp0);
  g_autofree char *prov = plan_pos (&l->pkg->drv->version_pos);
  for (GList *n = names; n; n = n->next) {
    const char *text = g_hash_table_lookup (l->pkg->drv->strings, n->data);
    if (text && !reg_plan_add_sz (ctx->plan, l->ddb_hive, key, n->data, text, prov, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
listed (GPtrArray *ids, const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_ascii_strcasecmp (((const struct plan_id *) g_ptr_array_index (ids, i))->id, id) == 0)
      return TRUE;
  return FALSE;
}

/* The registered package's IDs that no longer point at it: all of them when it moves to the
 * other node (with its class marker), else those the new version dropped. */
static gboolean
stale_ids (struct plan_ctx *ctx, const struct plan_layout *l, GPtrArray *ids, GError **error)
{
  if (l->old == NULL)
    return TRUE;
  gboolean moved = l->old_hive != l->ddb_hive;
  for (char **id = l->old->ids; id && *id; id++) {
    if (!moved && listed (ids, *id))
      continue;
    g_autofree char *key = plan_key ("DriverDatabase", "DeviceIds", *id, NULL);
    if (!reg_plan_add_delete_value (ctx->plan, l->old_hive, key, l->published, moved ? RULE_MOVE : RULE_STALE, error))
      return FALSE;
  }
  if (moved && l->old->has_version) {
    g_autofree char *guid = ws_guid_format (l->old->version + 8);
    g_autofree char *key = plan_key ("DriverDatabase", "DeviceIds", guid, NULL);
    if (!reg_plan_add_delete_value (ctx->plan, l->old_hive, key, l->published, RULE_MOVE, error))
      return FALSE;
  }
  return TRUE;
}

gboolean
plan_ddb_ids (struct plan_ctx *ctx, const struct plan_layout *l, GError **error)
{
  g_autoptr (GPtrArray) ids = plan_model_ids (l->pkg->drv);
  g_autoptr (GHashTable) tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *pkgkey = plan_key ("DriverDatabase", "DriverPackages", l->store, NULL);
  if (!stale_ids (ctx, l, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++) {
    const struct plan_id *pi = g_ptr_array_index (ids, i);
    if (!descriptor (ctx, l, pkgkey, pi, tokens, error) || !device_id (ctx, l, pi, error))
      return FALSE;
  }
  if (!strings (ctx, l, pkgkey, tokens, error))
    return FALSE;
  /* REAL: "DeviceIds\{4d36e97b-...}" (lower case) holds an empty REG_NONE per package
   * (docs/windows-boot-drivers.md#deviceids). */
  g_autofree char *guid = ws_guid_format (l->pkg->drv->class_guid);
  g_autofree char *ckey = plan_key ("DriverDatabase", "DeviceIds", guid, NULL);
  return reg_plan_add_none (ctx->plan, l->ddb_hive, ckey, l->published, RULE_CLASS, error) != NULL;
}

/* OemInfMap: one map for the oemN numbers of both nodes (docs/windows-boot-drivers.md#oeminfmap,
 * docs/windows-boot-drivers.md#the-system-and-drivers-nodes), written where the guest keeps it
 * (the SYSTEM node on the real hives), with the bit of every published INF set. */
gboolean
plan_ddb_oem_inf_maps (struct plan_ctx *ctx, GPtrArray *layouts, GError **error)
{
  const struct plan_ddb_fact *nodes[] = { &ctx->f->system, &ctx->f->drivers };
  const enum reg_hive hives[] = { REG_HIVE_SYSTEM, REG_HIVE_DRIVERS };
  gboolean any = FALSE, kept = ctx->f->system.has_oem_inf_map || ctx->f->drivers.has_oem_inf_map;
  g_autoptr (GString) prov = g_string_new ("rule: OemInfMap bit of");
  for (guint i = 0; i < layouts->len; i++) {
    const struct plan_layout *l = g_ptr_array_index (layouts, i);
    if (l->ddb && l->action != PLAN_SKIP) {
      g_string_append_printf (prov, "%s %s", any ? "," : "", l->published);
      any = TRUE;
    }
  }
  g_string_append (prov, " (docs/windows-boot-drivers.md#oeminfmap)");
  for (size_t n = 0; any && n < G_N_ELEMENTS (nodes); n++) {
    if (!nodes[n]->has_oem_inf_map && (kept || hives[n] != REG_HIVE_SYSTEM))
      continue;
    g_autoptr (GByteArray) map = g_byte_array_new ();
    if (nodes[n]->oem_inf_map)
      g_byte_array_append (map, nodes[n]->oem_inf_map->data, nodes[n]->oem_inf_map->len);
    for (guint i = 0; i < layouts->len; i++) {
      const struct plan_layout *l = g_ptr_array_index (layouts, i);
      if (l->ddb && l->action != PLAN_SKIP)
        plan_oem_inf_map_set (map, l->oem_number);
    }
    if (!reg_plan_add_binary (ctx->plan, hives[n], "DriverDatabase", "OemInfMap", map->data, map->len, prov->str,
                              error))
      return FALSE;
  }
  return TRUE;
}
