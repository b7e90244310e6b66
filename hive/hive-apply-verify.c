/* hive-apply-verify: check, read-only, that a hive file holds what a plan wrote; see hive-apply.h.
 *
 * The plan is walked backwards, remembering what later edits decide, so that each edit is checked
 * only when nothing after it in the plan overrides it: a value set twice is checked once (the
 * last), a value under a key deleted afterwards is not checked, and a key deletion is not checked
 * when a later edit creates the key again.
 */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "ws-error.h"
#include "hive-apply.h"
#include "hive-apply-internal.h"
#include "reg-export.h"
#include "banned.h"

struct later {
  GHashTable *values;  /* "key\nname", lower-cased: values decided by a later edit */
  GPtrArray *deleted;  /* lower-cased keys deleted by a later edit */
  GPtrArray *created;  /* lower-cased keys created (ensured or given a value) by a later edit */
};

/* key is k itself or below it */
static gboolean
at_or_under (const char *key, const char *k)
{
  size_t n = strlen (k);
  return strncmp (key, k, n) == 0 && (key[n] == '\0' || key[n] == '\\');
}

static gboolean
deleted_later (const struct later *l, const char *key)
{
  for (guint i = 0; i < l->deleted->len; i++)
    if (at_or_under (key, g_ptr_array_index (l->deleted, i)))
      return TRUE;
  return FALSE;
}

static gboolean
created_later (const struct later *l, const char *key)
{
  for (guint i = 0; i < l->created->len; i++)
    if (at_or_under (g_ptr_array_index (l->created, i), key))
      return TRUE;
  return FALSE;
}

static gboolean
mismatch (const struct reg_edit *e, const char *what, GError **error)
{
  g_autofree char *where = reg_edit_where (e);
  g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK, "verification failed: %s %s (%s)", where, what,
               e->provenance);
  return FALSE;
}

static gboolean
check_value (hive_nodes *c, const struct reg_edit *e, hive_node_h node, GError **error)
{
  hive_value_h v = 0;
  if (node != 0 && !hive_nodes_find_value (c, e, node, &v, error))
    return FALSE;
  if (e->op == REG_OP_DELETE_VALUE)
    return v == 0 ? TRUE : mismatch (e, "is still present", error);
  if (v == 0)
    return mismatch (e, node ? "is missing" : "is missing (its key is missing)", error);
  hive_type t;
  size_t len;
  errno = 0;
  if (hivex_value_type (c->h, v, &t, &len) == -1)
    return hive_nodes_fail (c, e, "cannot read", error);
  g_autofree char *data = NULL;
  if (len == e->len && (uint32_t) t == e->type) {
    errno = 0;
    if ((data = hivex_value_value (c->h, v, &t, &len)) == NULL)
      return hive_nodes_fail (c, e, "cannot read", error);
  }
  if (data && len == e->len && (len == 0 || memcmp (data, e->data, len) == 0))
    return TRUE;
  struct reg_edit found = *e;
  found.type = (uint32_t) t;
  found.len = len;
  found.data = (uint8_t *) data;
  /* Data of another type or size is not read: its type and size say enough. */
  g_autofree char *was = data ? reg_export_value_text (&found, TRUE)
                              : g_strdup_printf ("type 0x%x, %zu bytes", (unsigned) t, len);
  g_autofree char *want = reg_export_value_text (e, TRUE);
  g_autofree char *what = g_strdup_printf ("holds %s, planned %s", was, want);
  return mismatch (e, what, error);
}

static gboolean
verify_edit (hive_nodes *c, struct later *l, const struct reg_edit *e, GError **error)
{
  char *key = g_ascii_strdown (e->key, -1);  /* owned by l->deleted or l->created, or freed */
  gboolean check, ok = TRUE;
  hive_node_h node = 0;
  if (e->op == REG_OP_SET_VALUE || e->op == REG_OP_DELETE_VALUE) {
    g_autofree char *name = g_ascii_strdown (e->name, -1);
    char *id = g_strdup_printf ("%s\n%s", key, name);
    check = !g_hash_table_contains (l->values, id) && !deleted_later (l, key);
    ok = !check || (hive_nodes_resolve (c, e, FALSE, &node, error)
                    && check_value (c, e, node, error));
    g_hash_table_add (l->values, id);
  } else if (e->op == REG_OP_ENSURE_KEY) {
    check = !deleted_later (l, key);
    ok = !check || hive_nodes_resolve (c, e, FALSE, &node, error);
    if (ok && check && node == 0)
      ok = mismatch (e, "is missing", error);
  } else {
    check = !created_later (l, key);
    ok = !check || hive_nodes_resolve (c, e, FALSE, &node, error);
    if (ok && check && node != 0)
      ok = mismatch (e, "is still present", error);
    g_ptr_array_add (l->deleted, key);
    return ok;
  }
  if (e->op != REG_OP_DELETE_VALUE)
    g_ptr_array_add (l->created, key);
  else
    g_free (key);
  return ok;
}

gboolean
hive_apply_verify (const char *path, const struct reg_plan *plan, enum reg_hive hive,
                   GError **error)
{
  g_autoptr (hive_h) h = hive_nodes_open (path, hive, 0, NULL, error);
  if (h == NULL)
    return FALSE;
  g_auto (hive_nodes) c = { 0 };
  if (!hive_nodes_init (&c, h, hive, path, error))
    return FALSE;
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) deleted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) created = g_ptr_array_new_with_free_func (g_free);
  struct later l = { values, deleted, created };
  for (size_t i = reg_plan_len (plan); i-- > 0;) {
    const struct reg_edit *e = reg_plan_get (plan, i);
    if (e->hive == hive && (!reg_edit_validate (e, error) || !verify_edit (&c, &l, e, error)))
      return FALSE;
  }
  return TRUE;
}
