/* plan-addreg: INF AddReg/DelReg lines as registry edits, in the two forms Windows writes them:
 *
 *   live:  applied to a key that exists offline (Services\<svc>, its event-log source, HKLM
 *          paths), with the flag semantics of "INF AddReg Directive": NOCLOBBER keeps an existing
 *          value, APPEND adds to an existing MULTI_SZ, OVERWRITEONLY only replaces, DELVAL deletes;
 *   ddb:   pre-rendered under DriverDatabase\DriverPackages\<pkg>\Configurations\<cfg>\{Device,
 *          Driver,Services\<svc>} for the keys that only exist once a device is installed
 *          (docs/windows-boot-drivers.md#configurations).
 *          Windows keeps the modifier in the high word of the value type and marks deletions
 *          with types of their own (encoding below). */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan-internal.h"
#include "banned.h"

/* docs/windows-boot-drivers.md#value-types-in-configurations (REAL, 18362 hive): a NOCLOBBER value
 * is stored with type 0x2000T (cdrom AutoRun 0x20004, vmci "vwdk.installers" 0x20007), an APPEND
 * one with 0x4000T (stornvme IoStripeAlignment 0x40007).  DelReg lines become empty values:
 * 0x200000 names a value to delete (keyboard.inf OverrideKeyboardIdentifier under
 * Services\i8042prt\Parameters), 0x100000 a subkey to delete, stored in its parent (the UMDF
 * INFs' "WUDF" under Device) -- INFERRED from those key names. */
#define DDB_TYPE_NOCLOBBER 0x20000u
#define DDB_TYPE_APPEND 0x40000u
#define DDB_TYPE_DELETE_KEY 0x100000u
#define DDB_TYPE_DELETE_VALUE 0x200000u

static const struct plan_value_fact *
existing_value (const struct plan_service_fact *existing, const char *subkey, const char *name)
{
  for (guint i = 0; existing && i < existing->values->len; i++) {
    const struct plan_value_fact *v = g_ptr_array_index (existing->values, i);
    if (g_ascii_strcasecmp (v->key, subkey) == 0 && g_ascii_strcasecmp (v->name, name) == 0)
      return v;
  }
  return NULL;
}

/* APPEND: the existing MULTI_SZ followed by the new strings it lacks ("INF AddReg Directive":
 * "the given value is appended ... if it is not already present"). */
static GBytes *
append_multi (const struct plan_value_fact *old, const struct inf_reg_op *op, GError **error)
{
  size_t len = 0;
  g_auto (GStrv) have = ws_multi_sz_decode (g_bytes_get_data (old->data, NULL), g_bytes_get_size (old->data), error);
  if (have == NULL)
    return NULL;
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  for (char **h = have; *h; h++)
    g_ptr_array_add (all, *h);
  for (char **m = op->multi; m && *m; m++) {
    gboolean dup = FALSE;
    for (char **h = have; *h && !dup; h++)
      dup = g_ascii_strcasecmp (*h, *m) == 0;
    if (!dup)
      g_ptr_array_add (all, *m);
  }
  g_ptr_array_add (all, NULL);
  void *u = ws_multi_sz_encode ((const char *const *) all->pdata, &len, error);
  return u ? g_bytes_new_take (u, len) : NULL;
}

/* DelReg FLG_DELREG_MULTI_SZ_DELSTRING: the existing list without op->str. */
static GBytes *
remove_string (const struct plan_value_fact *old, const struct inf_reg_op *op, GError **error)
{
  size_t len = 0;
  g_auto (GStrv) have = ws_multi_sz_decode (g_bytes_get_data (old->data, NULL), g_bytes_get_size (old->data), error);
  if (have == NULL)
    return NULL;
  g_autoptr (GPtrArray) keep = g_ptr_array_new ();
  for (char **h = have; *h; h++)
    if (op->str == NULL || g_ascii_strcasecmp (*h, op->str) != 0)
      g_ptr_array_add (keep, *h);
  g_ptr_array_add (keep, NULL);
  void *u = ws_multi_sz_encode ((const char *const *) keep->pdata, &len, error);
  return u ? g_bytes_new_take (u, len) : NULL;
}

static gboolean
set_bytes (struct plan_ctx *ctx, enum reg_hive hive, const char *key, const char *name, uint32_t type,
           GBytes *data, const char *prov, GError **error)
{
  size_t len = 0;
  const void *p = data ? g_bytes_get_data (data, &len) : NULL;
  return reg_plan_add_value (ctx->plan, hive, key, name, type, p, len, prov, error) != NULL;
}

static gboolean
live_del (struct plan_ctx *ctx, enum reg_hive hive, const char *key, const struct inf_reg_op *op,
          const struct plan_value_fact *old, const char *prov, GError **error)
{
  if (op->value_name == NULL && op->root == INF_ROOT_HKR && *op->subkey == '\0') {
    plan_warn (ctx, &op->pos, "deleting the key being installed makes no sense offline; left out");
    return TRUE;
  }
  if (op->value_name == NULL)
    return reg_plan_add_delete_tree (ctx->plan, hive, key, prov, error) != NULL;
  if (!(op->flags & INF_REG_DELSTRING))
    return reg_plan_add_delete_value (ctx->plan, hive, key, op->value_name, prov, error) != NULL;
  if (old == NULL)
    return TRUE;
  g_autoptr (GBytes) data = remove_string (old, op, error);
  return data && set_bytes (ctx, hive, key, op->value_name, old->type, data, prov, error);
}

static gboolean
live_one (struct plan_ctx *ctx, enum reg_hive hive, const char *base, const struct inf_reg_op *op,
          const struct plan_service_fact *existing, GError **error)
{
  g_autofree char *key = plan_key (base, op->subkey, NULL);
  g_autofree char *prov = plan_pos (&op->pos);
  const struct plan_value_fact *old = op->value_name ? existing_value (existing, op->subkey, op->value_name) : NULL;
  if (op->kind == INF_REG_DEL || (op->flags & INF_REG_DELVAL))
    return live_del (ctx, hive, key, op, old, prov, error);
  if (op->value_name == NULL)
    return reg_plan_add_ensure_key (ctx->plan, hive, key, prov, error) != NULL;
  if ((op->flags & INF_REG_NOCLOBBER) && old)
    return TRUE;
  if ((op->flags & INF_REG_OVERWRITEONLY) && old == NULL)
    return TRUE;
  g_autoptr (GBytes) data = NULL;
  if ((op->flags & INF_REG_APPEND) && old && old->type == INF_REG_MULTI_SZ)
    data = append_multi (old, op, error);
  else {
    GError *e = NULL;
    data = inf_reg_op_data (op, &e);
    if (e)
      g_propagate_error (error, e);
  }
  return data && set_bytes (ctx, hive, key, op->value_name, op->type, data, prov, error);
}

gboolean
plan_addreg_live (struct plan_ctx *ctx, enum reg_hive hive, const char *key, GPtrArray *addreg,
                  GPtrArray *delreg, const struct plan_service_fact *existing, GError **error)
{
  GPtrArray *lists[] = { delreg, addreg };   /* "INF DDInstall Section": DelReg before AddReg */
  for (size_t i = 0; i < G_N_ELEMENTS (lists); i++)
    for (guint j = 0; lists[i] && j < lists[i]->len; j++) {
      const struct inf_reg_op *op = g_ptr_array_index (lists[i], j);
      if (op->root == INF_ROOT_HKR && !live_one (ctx, hive, key, op, existing, error))
        return FALSE;
    }
  return plan_addreg_global (ctx, delreg, error) && plan_addreg_global (ctx, addreg, error);
}

/* Where an absolute AddReg root lands offline: HKLM\SYSTEM\CurrentControlSet is the current
 * control set, HKLM\SYSTEM and HKLM\SOFTWARE their hives, HKCR is SOFTWARE\Classes.  The user
 * hives are not loaded offline. */
static char *
global_key (struct plan_ctx *ctx, const struct inf_reg_op *op, enum reg_hive *hive)
{
  static const char ccs[] = "SYSTEM\\CurrentControlSet\\";
  const char *sub = op->subkey;
  if (g_ascii_strcasecmp (sub, "SYSTEM\\CurrentControlSet") == 0) {
    *hive = REG_HIVE_SYSTEM;
    return g_strdup (ctx->f->control_set);
  }
  if (op->root == INF_ROOT_HKCR) {
    *hive = REG_HIVE_SOFTWARE;
    return plan_key ("Classes", sub, NULL);
  }
  if (op->root != INF_ROOT_HKLM)
    return NULL;
  if (g_ascii_strncasecmp (sub, ccs, strlen (ccs)) == 0) {
    *hive = REG_HIVE_SYSTEM;
    return plan_key (ctx->f->control_set, sub + strlen (ccs), NULL);
  }
  if (g_ascii_strncasecmp (sub, "SYSTEM\\", 7) == 0) {
    *hive = REG_HIVE_SYSTEM;
    return g_strdup (sub + 7);
  }
  if (g_ascii_strncasecmp (sub, "SOFTWARE\\", 9) == 0) {
    *hive = REG_HIVE_SOFTWARE;
    return g_strdup (sub + 9);
  }
  return NULL;
}

gboolean
plan_addreg_global (struct plan_ctx *ctx, GPtrArray *ops, GError **error)
{
  for (guint i = 0; ops && i < ops->len; i++) {
    const struct inf_reg_op *op = g_ptr_array_index (ops, i);
    if (op->root == INF_ROOT_HKR)
      continue;
    enum reg_hive hive;
    g_autofree char *key = global_key (ctx, op, &hive);
    if (key == NULL || *key == '\0') {
      plan_warn (ctx, &op->pos, "%s\\%s is not in a hive an offline conversion writes; left out",
                 inf_reg_root_name (op->root), op->subkey);
      continue;
    }
    if (op->flags & INF_REG_APPEND) {
      /* The existing list is not known here, and a plain write would replace it. */
      plan_warn (ctx, &op->pos, "APPEND to %s\\%s needs the existing value; left out",
                 inf_reg_root_name (op->root), op->subkey);
      continue;
    }
    /* Nothing tells what these keys already hold: lines are planned as if their values were
     * absent (NOCLOBBER writes, OVERWRITEONLY does nothing), which is what a first install finds. */
    struct inf_reg_op rel = *op;
    rel.subkey = (char *) "";
    if (!live_one (ctx, hive, key, &rel, NULL, error))
      return FALSE;
  }
  return TRUE;
}

/* ---- DriverDatabase rendering */

static gboolean
ddb_del (struct plan_ctx *ctx, enum reg_hive hive, const char *base, const struct inf_reg_op *op,
         const char *prov, GError **error)
{
  if (op->value_name) {
    if (op->flags & INF_REG_DELSTRING) {
      plan_warn (ctx, &op->pos, "the DriverDatabase form of a DelReg string removal is not known; left out");
      return TRUE;
    }
    g_autofree char *key = plan_key (base, op->subkey, NULL);
    return reg_plan_add_value (ctx->plan, hive, key, op->value_name, DDB_TYPE_DELETE_VALUE, NULL, 0,
                               prov, error) != NULL;
  }
  const char *slash = strrchr (op->subkey, '\\');
  const char *leaf = slash ? slash + 1 : op->subkey;
  if (*leaf == '\0') {
    plan_warn (ctx, &op->pos, "a DelReg of the device's own key cannot be pre-rendered; left out");
    return TRUE;
  }
  g_autofree char *parent_sub = slash ? g_strndup (op->subkey, (size_t) (slash - op->subkey)) : g_strdup ("");
  g_autofree char *key = plan_key (base, parent_sub, NULL);
  return reg_plan_add_value (ctx->plan, hive, key, leaf, DDB_TYPE_DELETE_KEY, NULL, 0, prov, error) != NULL;
}

static gboolean
ddb_one (struct plan_ctx *ctx, enum reg_hive hive, const char *base, const struct inf_reg_op *op,
         GError **error)
{
  g_autofree char *prov = plan_pos (&op->pos);
  if (op->kind == INF_REG_DEL || (op->flags & INF_REG_DELVAL))
    return ddb_del (ctx, hive, base, op, prov, error);
  g_autofree char *key = plan_key (base, op->subkey, NULL);
  if (op->value_name == NULL) {
    if (!(op->flags & INF_REG_KEYONLY))
      return reg_plan_add_ensure_key (ctx->plan, hive, key, prov, error) != NULL;
    /* docs/windows-boot-drivers.md#value-types-in-configurations quirk (REAL, all DDB hives):
     * `HKR,"Interrupt Management",,0x00000010` is kept as an empty REG_SZ named after the flags
     * field. */
    g_autofree char *name = g_strdup_printf ("0x%08x", op->raw_flags);
    return reg_plan_add_sz (ctx->plan, hive, key, name, "", prov, error) != NULL;
  }
  GError *e = NULL;
  g_autoptr (GBytes) data = inf_reg_op_data (op, &e);
  if (e)
    return g_propagate_error (error, e), FALSE;
  uint32_t type = op->type;
  if (type <= 0xffff) {
    if (op->flags & INF_REG_NOCLOBBER)
      type |= DDB_TYPE_NOCLOBBER;
    if (op->flags & INF_REG_APPEND)
      type |= DDB_TYPE_APPEND;
  }
  return set_bytes (ctx, hive, key, op->value_name, type, data, prov, error);
}

gboolean
plan_addreg_ddb (struct plan_ctx *ctx, enum reg_hive hive, const char *key, GPtrArray *addreg,
                 GPtrArray *delreg, GError **error)
{
  GPtrArray *lists[] = { delreg, addreg };
  for (size_t i = 0; i < G_N_ELEMENTS (lists); i++)
    for (guint j = 0; lists[i] && j < lists[i]->len; j++) {
      const struct inf_reg_op *op = g_ptr_array_index (lists[i], j);
      if (op->root == INF_ROOT_HKR && !ddb_one (ctx, hive, key, op, error))
        return FALSE;
    }
  return TRUE;
}
