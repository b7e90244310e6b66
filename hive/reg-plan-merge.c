/* reg-plan-merge: comparing and merging registry edit plans; see reg-plan.h. */
#include <config.h>

#include <string.h>

#include "reg-plan.h"
#include "reg-export.h"
#include "banned.h"

static int
name_cmp (const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return g_ascii_strcasecmp (a, b);
}

static gboolean
same_data (const struct reg_edit *a, const struct reg_edit *b)
{
  return a->type == b->type && a->len == b->len
         && (a->len == 0 || memcmp (a->data, b->data, a->len) == 0);
}

int
reg_edit_compare (const struct reg_edit *a, const struct reg_edit *b)
{
  int r;
  if (a->hive != b->hive)
    return a->hive < b->hive ? -1 : 1;
  if ((r = g_ascii_strcasecmp (a->key, b->key)) != 0 || (r = name_cmp (a->name, b->name)) != 0)
    return r;
  if (a->op != b->op)
    return a->op < b->op ? -1 : 1;
  if (a->type != b->type)
    return a->type < b->type ? -1 : 1;
  if (a->len != b->len)
    return a->len < b->len ? -1 : 1;
  return a->len ? memcmp (a->data, b->data, a->len) : 0;
}

gboolean
reg_plan_equal (const struct reg_plan *a, const struct reg_plan *b, char **difference)
{
  size_t n = MIN (reg_plan_len (a), reg_plan_len (b));
  for (size_t i = 0; i < n; i++)
    if (reg_edit_compare (reg_plan_get (a, i), reg_plan_get (b, i)) != 0) {
      if (difference) {
        g_autofree char *da = reg_edit_describe (reg_plan_get (a, i));
        g_autofree char *db = reg_edit_describe (reg_plan_get (b, i));
        *difference = g_strdup_printf ("edit %zu differs: %s, versus %s", i + 1, da, db);
      }
      return FALSE;
    }
  if (reg_plan_len (a) == reg_plan_len (b))
    return TRUE;
  if (difference) {
    const struct reg_plan *longer = reg_plan_len (a) > n ? a : b;
    g_autofree char *d = reg_edit_describe (reg_plan_get (longer, n));
    *difference = g_strdup_printf ("%s plan has %zu more edits, from edit %zu: %s",
                                   longer == a ? "first" : "second",
                                   reg_plan_len (longer) - n, n + 1, d);
  }
  return FALSE;
}

/* Identity of what an edit folds with: "<kind><hive>:<key>" for keys, plus "\n<name>" for values,
 * ASCII-lower-cased.  Names never hold control characters, so "\n" cannot be forged. */
static char *
fold_id (const struct reg_edit *e)
{
  g_autofree char *key = g_ascii_strdown (e->key, -1);
  if (e->name == NULL)
    return g_strdup_printf ("K%d:%s", (int) e->hive, key);
  g_autofree char *name = g_ascii_strdown (e->name, -1);
  return g_strdup_printf ("V%d:%s\n%s", (int) e->hive, key, name);
}

/* A key deletion: forget everything folded at or under the key, so later edits there stay. */
static void
forget_under (GHashTable *seen, const struct reg_edit *del)
{
  g_autofree char *id = fold_id (del);
  const char *prefix = id + 1;
  size_t plen = strlen (prefix);
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, seen);
  while (g_hash_table_iter_next (&it, &k, NULL)) {
    const char *s = (const char *) k + 1;
    if (strncmp (s, prefix, plen) == 0
        && (s[plen] == '\0' || s[plen] == '\\' || s[plen] == '\n'))
      g_hash_table_iter_remove (&it);
  }
}

static char *
conflict_line (const struct reg_edit *prev, const struct reg_edit *next)
{
  g_autofree char *where = reg_edit_where (next);
  g_autofree char *was = reg_export_value_text (prev, TRUE);
  g_autofree char *now = next->op == REG_OP_SET_VALUE ? reg_export_value_text (next, TRUE)
                                                       : g_strdup ("deleted");
  return g_strdup_printf ("conflicting edits of %s: %s (%s), then %s (%s)", where, was,
                          prev->provenance, now, next->provenance);
}

struct reg_plan *
reg_plan_merge (const struct reg_plan *plan, char ***conflicts)
{
  /* kept: borrowed edits of plan, NULL where one was folded away; seen: fold id -> index + 1 */
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  for (size_t i = 0; i < reg_plan_len (plan); i++) {
    const struct reg_edit *e = reg_plan_get (plan, i);
    if (e->op == REG_OP_DELETE_KEY || e->op == REG_OP_DELETE_TREE) {
      forget_under (seen, e);
      g_ptr_array_add (kept, (gpointer) e);
      continue;
    }
    char *id = fold_id (e);
    guint prev = GPOINTER_TO_UINT (g_hash_table_lookup (seen, id));
    if (prev != 0 && e->op == REG_OP_ENSURE_KEY) {
      g_free (id);
      continue;
    }
    if (prev != 0) {
      const struct reg_edit *p = g_ptr_array_index (kept, prev - 1);
      if (p->op == REG_OP_SET_VALUE && !(e->flags & REG_EDIT_OVERRIDE)
          && (e->op == REG_OP_DELETE_VALUE || !same_data (p, e)))
        g_ptr_array_add (lines, conflict_line (p, e));
      g_ptr_array_index (kept, prev - 1) = NULL;
    }
    g_ptr_array_add (kept, (gpointer) e);
    g_hash_table_replace (seen, id, GUINT_TO_POINTER (kept->len));
  }
  struct reg_plan *out = reg_plan_new ();
  for (guint i = 0; i < kept->len; i++)
    if (g_ptr_array_index (kept, i))
      g_ptr_array_add (out->edits, reg_edit_copy (g_ptr_array_index (kept, i)));
  if (conflicts) {
    g_ptr_array_add (lines, NULL);
    *conflicts = (char **) g_ptr_array_steal (lines, NULL);
  }
  return out;
}
