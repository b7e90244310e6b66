/* regf-patch-free: what the FREE stage releases (cells nothing points at any more, security
 * records' counts) and the PRELINK stage's raised counts; see regf-patch.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "regf-patch-internal.h"
#include "banned.h"

void
rp_add_free (regf_patch *p, uint64_t off)
{
  if (g_hash_table_contains (p->freed, &off))
    return;
  g_array_append_val (p->frees, off);
  g_hash_table_add (p->freed, g_memdup2 (&off, sizeof off));
}

/* An old value no longer listed: its record and its data cell (data held in big-data segments
 * is left allocated: a leak, never a dangling reference). */
gboolean
rp_free_value (regf_patch *p, uint64_t vk, GError **error)
{
  uint32_t size, dsize;
  uint8_t f[0x18];
  if (!regf_cell (p->r, vk, "vk", &size, error) || !regf_cell_read (p->r, vk, size, 0, sizeof f, f, error))
    return FALSE;
  uint32_t len = ws_le32 (f + 8);
  if (!(len & 0x80000000u) && len > 0) {
    uint64_t d = RP_BASE + (uint64_t) ws_le32 (f + 0x0c);
    if (!regf_cell (p->r, d, NULL, &dsize, error))
      return FALSE;
    if ((uint64_t) len + 4 <= dsize)
      rp_add_free (p, d);
  }
  rp_add_free (p, vk);
  return TRUE;
}

/* ---- deleted subtrees ---- */

static gboolean
free_key (regf_patch *p, uint64_t nk, GArray *stack, GError **error)
{
  struct pkey tmp = { .off = nk };
  uint32_t size;
  if (!regf_cell (p->r, nk, "nk", &size, error)
      || !regf_cell_read (p->r, nk, size, 0, RP_NK_NAME, tmp.nk, error))
    return FALSE;
  gboolean ok = rp_load_list (p, &tmp, error);
  for (guint i = 0; ok && i < tmp.leaves->len; i++) {
    struct pleaf *l = g_ptr_array_index (tmp.leaves, i);
    for (guint j = 0; j < l->ents->len; j++)
      g_array_append_val (stack, g_array_index (l->ents, struct pent, j).nk);
    rp_add_free (p, l->off);
  }
  if (ok && tmp.ri)
    rp_add_free (p, tmp.list_off);
  g_clear_pointer (&tmp.leaves, g_ptr_array_unref);
  g_autoptr (GArray) vals = ok ? regf_key_values (p->r, nk, error) : NULL;
  if (vals == NULL)
    return FALSE;
  for (guint i = 0; i < vals->len; i++)
    if (!rp_free_value (p, g_array_index (vals, uint64_t, i), error))
      return FALSE;
  if (vals->len)
    rp_add_free (p, RP_BASE + (uint64_t) ws_le32 (tmp.nk + RP_NK_VALUE_LIST));
  uint32_t key = ws_le32 (tmp.nk + RP_NK_SK);
  struct sk_count *c = g_hash_table_lookup (p->sk, GUINT_TO_POINTER (key));
  if (c == NULL)
    g_hash_table_insert (p->sk, GUINT_TO_POINTER (key), c = g_new0 (struct sk_count, 1));
  c->removed++;
  rp_add_free (p, nk);
  return TRUE;
}

static void
collect_live (GHashTable *live, const struct pkey *k)
{
  if (k->off)
    g_hash_table_add (live, g_memdup2 (&k->off, sizeof k->off));
  for (guint i = 0; i < k->kids->len; i++)
    collect_live (live, g_ptr_array_index (k->kids, i));
}

/* Every cell of a deleted subtree.  Walked with a stack, never recursion.  Each key is freed
 * once, and its security record released once, even when it was reached before: a subtree the
 * plan deleted before deleting its ancestor, or a key a hostile hive lists twice.  A key the
 * patch keeps (on the path of an edit) met in a deleted subtree is a cycle: freeing it would
 * leave the hive pointing at free cells. */
gboolean
rp_free_tree (regf_patch *p, uint64_t top, GError **error)
{
  if (p->live == NULL) {
    p->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    collect_live (p->live, p->root);
  }
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  g_array_append_val (stack, top);
  while (stack->len) {
    uint64_t nk = g_array_index (stack, uint64_t, stack->len - 1);
    g_array_set_size (stack, stack->len - 1);
    if (g_hash_table_contains (p->live, &nk))
      return rp_set_bad (error, "the deleted key at offset 0x%" G_GINT64_MODIFIER "x is also one the "
                         "patch keeps (the keys form a cycle)", nk);
    if (!g_hash_table_contains (p->freed, &nk) && !free_key (p, nk, stack, error))
      return FALSE;
  }
  return TRUE;
}

/* ---- security records, frees, header ---- */

static gint
cmp_u32 (gconstpointer a, gconstpointer b)
{
  uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
  return x < y ? -1 : x > y;
}

/* Counts raised before the links (PRELINK) and lowered after them (FREE).  A count that would
 * reach 0 stays at 1: freeing the record means unlinking it from the ring of security records,
 * two writes in two other cells that a crash could split, while an unused record that claims one
 * user is only a leak. */
static gboolean
write_sk (regf_patch *p, GError **error)
{
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  GHashTableIter it;
  gpointer key, val;
  g_hash_table_iter_init (&it, p->sk);
  while (g_hash_table_iter_next (&it, &key, &val)) {
    uint32_t k = GPOINTER_TO_UINT (key);
    g_array_append_val (keys, k);
  }
  g_array_sort (keys, cmp_u32);
  for (guint i = 0; i < keys->len; i++) {
    uint32_t k = g_array_index (keys, uint32_t, i);
    const struct sk_count *c = g_hash_table_lookup (p->sk, GUINT_TO_POINTER (k));
    uint64_t off = RP_BASE + (uint64_t) k;
    uint32_t size;
    uint8_t cnt[4];
    if (!regf_cell (p->r, off, "sk", &size, error)
        || !regf_cell_read (p->r, off, size, RP_SK_REFCOUNT, 4, cnt, error))
      return FALSE;
    uint64_t now = ws_le32 (cnt), raised = now + c->added;
    if (raised > UINT32_MAX)
      return rp_set_bad (error, "the security record at offset 0x%" G_GINT64_MODIFIER "x claims "
                         "too many users (%" G_GUINT64_FORMAT ")", off, now);
    uint64_t final = raised > c->removed ? raised - c->removed : 1;
    ws_put_le32 (cnt, (uint32_t) raised);
    if (raised != now && !rp_add_write (p, REGF_STAGE_PRELINK, off + RP_SK_REFCOUNT, cnt, 4, error))
      return FALSE;
    ws_put_le32 (cnt, (uint32_t) MAX (final, 1));
    if (MAX (final, 1) != raised && !rp_add_write (p, REGF_STAGE_FREE, off + RP_SK_REFCOUNT, cnt, 4, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
write_cells (regf_patch *p, GError **error)
{
  for (guint i = 0; i < p->frees->len; i++) {
    uint64_t off = g_array_index (p->frees, uint64_t, i);
    uint32_t size;
    uint8_t f[4];
    if (!regf_cell (p->r, off, NULL, &size, error))
      return FALSE;
    ws_put_le32 (f, size);
    if (!rp_add_write (p, REGF_STAGE_FREE, off, f, 4, error))
      return FALSE;
  }
  return TRUE;
}

gboolean
rp_write_frees (regf_patch *p, GError **error)
{
  return write_sk (p, error) && write_cells (p, error);
}
