/* test-plan-compare: compare the planned entries with the ones Windows wrote for its own
 * packages in the same hive, and check that nothing outside the plan changed. */
#include <config.h>

#include <string.h>

#include "ws-text.h"
#include "hive-fixture.h"
#include "banned.h"

static hive_node
node (hive_reader *h, const char *path)
{
  g_autoptr (GError) err = NULL;
  hive_node n = hive_reader_lookup (h, 0, path, &err);
  g_assert_no_error (err);
  if (n == 0)
    g_error ("no key '%s'", path);
  return n;
}

/* name -> "type/len" (len only for binary and DWORD data: strings differ by their text). */
static GHashTable *
shapes (hive_reader *h, const char *path)
{
  g_autoptr (GError) err = NULL;
  hive_node n = node (h, path);
  g_auto (GStrv) names = hive_reader_value_names (h, n, &err);
  g_assert_no_error (err);
  GHashTable *t = g_hash_table_new_full (ws_ascii_case_hash, ws_ascii_case_equal, g_free, g_free);
  for (char **v = names; *v; v++) {
    struct hive_value hv;
    g_assert_true (hive_reader_value (h, n, *v, &hv, &err));
    gboolean sized = hv.type == REG_TYPE_BINARY || hv.type == REG_TYPE_DWORD || hv.type == REG_TYPE_NONE;
    g_hash_table_insert (t, g_strdup (*v), sized ? g_strdup_printf ("%x/%zu", hv.type, hv.len)
                                                 : g_strdup_printf ("%x", hv.type));
    hive_value_clear (&hv);
  }
  return t;
}

void
compare_values (hive_reader *h, const char *ours, const char *theirs, enum compare_mode mode)
{
  g_autoptr (GHashTable) a = shapes (h, ours), b = shapes (h, theirs);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, a);
  while (g_hash_table_iter_next (&it, &k, &v)) {
    const char *w = g_hash_table_lookup (b, k);
    if (w == NULL)
      g_error ("'%s' has value '%s', '%s' has not", ours, (char *) k, theirs);
    if (strcmp (v, w) != 0)
      g_error ("value '%s': %s in '%s', %s in '%s'", (char *) k, (char *) v, ours, w, theirs);
  }
  if (mode == COMPARE_SAME && g_hash_table_size (a) != g_hash_table_size (b)) {
    g_hash_table_iter_init (&it, b);
    while (g_hash_table_iter_next (&it, &k, &v))
      if (!g_hash_table_contains (a, k))
        g_error ("'%s' has value '%s', '%s' has not", theirs, (char *) k, ours);
  }
}

void
compare_value (hive_reader *h, const char *ours, const char *oname, const char *theirs, const char *tname)
{
  g_autoptr (GHashTable) a = shapes (h, ours), b = shapes (h, theirs);
  const char *x = g_hash_table_lookup (a, oname), *y = g_hash_table_lookup (b, tname);
  g_assert_nonnull (x);
  g_assert_nonnull (y);
  g_assert_cmpstr (x, ==, y);
}

void
compare_subkeys (hive_reader *h, const char *ours, const char *theirs, enum compare_mode mode)
{
  g_autoptr (GError) err = NULL;
  g_auto (GStrv) a = hive_reader_child_names (h, node (h, ours), &err);
  g_auto (GStrv) b = hive_reader_child_names (h, node (h, theirs), &err);
  g_assert_no_error (err);
  for (char **x = a; *x; x++)
    if (!g_strv_contains ((const char *const *) b, *x))
      g_error ("'%s' has subkey '%s', '%s' has not", ours, *x, theirs);
  if (mode == COMPARE_SAME)
    g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
}

void
compare_all_typed (hive_reader *h, const char *ours, const char *theirs, uint32_t type)
{
  const char *keys[] = { ours, theirs };
  g_autofree char *want = g_strdup_printf ("%x", type);
  for (size_t i = 0; i < G_N_ELEMENTS (keys); i++) {
    g_autoptr (GHashTable) t = shapes (h, keys[i]);
    g_assert_cmpuint (g_hash_table_size (t), >, 0);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init (&it, t);
    while (g_hash_table_iter_next (&it, &k, &v))
      g_assert_cmpstr (v, ==, want);
  }
}

/* key (lower case, no leading '\') -> its section text, from a hivexregedit export. */
static GHashTable *
sections (const char *export)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = strstr (export, "\n[");
  while (p) {
    const char *start = p + 2, *end = strchr (start, ']');
    const char *next = strstr (start, "\n[");
    g_assert_nonnull (end);
    g_autofree char *raw = g_strndup (start, (size_t) (end - start));
    const char *name = raw[0] == '\\' ? raw + 1 : raw;
    char *body = next ? g_strndup (end, (size_t) (next - end)) : g_strdup (end);
    g_hash_table_insert (t, g_ascii_strdown (name, -1), body);
    p = next;
  }
  return t;
}

static gboolean
planned (const char *key, const struct reg_plan *plan, enum reg_hive hive)
{
  size_t klen = strlen (key);
  for (size_t i = 0; i < reg_plan_len (plan); i++) {
    const struct reg_edit *e = reg_plan_get (plan, i);
    size_t elen = strlen (e->key);
    if (e->hive != hive)
      continue;
    if (g_ascii_strcasecmp (e->key, key) == 0)
      return TRUE;
    if (elen > klen && e->key[klen] == '\\' && g_ascii_strncasecmp (e->key, key, klen) == 0)
      return TRUE;   /* an ancestor of an edited key */
    if (e->op == REG_OP_DELETE_TREE && klen > elen && key[elen] == '\\'
        && g_ascii_strncasecmp (e->key, key, elen) == 0)
      return TRUE;
  }
  return FALSE;
}

void
assert_changes_planned (const char *before, const char *after, const struct reg_plan *plan, enum reg_hive hive)
{
  g_autoptr (GHashTable) a = sections (before), b = sections (after);
  GHashTable *both[] = { a, b };
  guint changed = 0;
  for (size_t i = 0; i < G_N_ELEMENTS (both); i++) {
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init (&it, both[i]);
    while (g_hash_table_iter_next (&it, &k, &v)) {
      const char *other = g_hash_table_lookup (both[1 - i], k);
      if (other && strcmp (other, v) == 0)
        continue;
      changed++;
      if (!planned (k, plan, hive))
        g_error ("%s key '%s' changed but the plan does not touch it", reg_hive_name (hive), (char *) k);
    }
  }
  g_assert_cmpuint (changed, >, 0);
}
