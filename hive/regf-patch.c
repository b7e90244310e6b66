/* regf-patch: a plan's edits as in-place writes to a hive; see regf-patch.h.
 *
 * This file applies the plan to a model of the keys it reaches (struct pkey), with hive_apply's
 * semantics, reading the hive only along the way; regf-patch-write.c turns the model into writes.
 */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "regf-patch-internal.h"
#include "banned.h"

static void
set_error_v (GError **error, int code, const char *fmt, va_list ap)
{
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  g_set_error_literal (error, WS_ERROR, code, msg);
}

gboolean
rp_set_bad (GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  set_error_v (error, WS_EXIT_BAD_INPUT, fmt, ap);
  va_end (ap);
  return FALSE;
}

gboolean
rp_refuse (GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  set_error_v (error, WS_EXIT_NOT_APPLICABLE, fmt, ap);
  va_end (ap);
  return FALSE;
}

/* ---- keys ---- */

static void
pval_free (gpointer v)
{
  struct pval *pv = v;
  g_free (pv->name);
  g_free (pv->data);
  g_free (pv);
}

static void
pkey_free (gpointer v)
{
  struct pkey *k = v;
  if (k == NULL)
    return;
  g_free (k->name);
  g_ptr_array_unref (k->kids);
  if (k->leaves)
    g_ptr_array_unref (k->leaves);
  if (k->vals)
    g_ptr_array_unref (k->vals);
  if (k->old_vals)
    g_array_unref (k->old_vals);
  g_free (k);
}

static struct pkey *
pkey_new (struct pkey *parent, const char *name)
{
  struct pkey *k = g_new0 (struct pkey, 1);
  k->parent = parent;
  k->name = g_strdup (name);
  k->kids = g_ptr_array_new_with_free_func (pkey_free);
  return k;
}

/* The existing key record at off. */
static struct pkey *
pkey_existing (regf_patch *p, struct pkey *parent, uint64_t off, GError **error)
{
  uint32_t size;
  const char *name = rp_nk_name (p, off, error);
  if (name == NULL || !regf_cell (p->r, off, "nk", &size, error))
    return NULL;
  struct pkey *k = pkey_new (parent, name);
  if (!regf_cell_read (p->r, off, size, 0, RP_NK_NAME, k->nk, error)) {
    pkey_free (k);
    return NULL;
  }
  k->off = off;
  k->sk_rel = ws_le32 (k->nk + RP_NK_SK);
  k->timestamp = ws_le64 (k->nk + RP_NK_TIMESTAMP);
  return k;
}

/* The subkey of k named name: touched before, existing, or (create) new. */
static gboolean
child (regf_patch *p, struct pkey *k, const char *name, gboolean create, struct pkey **out,
       GError **error)
{
  for (guint i = 0; i < k->kids->len; i++)
    if (g_ascii_strcasecmp ((*out = g_ptr_array_index (k->kids, i))->name, name) == 0)
      return TRUE;
  *out = NULL;
  uint64_t nk = 0;
  if (k->off && !rp_find_existing (p, k, name, &nk, error))
    return FALSE;
  if (nk) {
    if ((*out = pkey_existing (p, k, nk, error)) == NULL)
      return FALSE;
    g_ptr_array_add (k->kids, *out);
    return TRUE;
  }
  if (!create)
    return TRUE;
  struct pkey *kid = pkey_new (k, name);
  kid->sk_rel = k->sk_rel;
  kid->timestamp = k->timestamp;  /* as hivex: a new key takes its parent's time */
  g_ptr_array_add (k->kids, kid);
  *out = kid;
  return k->off == 0 || rp_insert_entry (p, k, kid, error);
}

static gboolean
resolve (regf_patch *p, const struct reg_edit *e, gboolean create, struct pkey **out,
         GError **error)
{
  g_auto (GStrv) parts = g_strsplit (e->key, "\\", -1);
  struct pkey *cur = p->root;
  for (size_t i = 0; cur && parts[i]; i++)
    if (!child (p, cur, parts[i], create, &cur, error)) {
      g_autofree char *where = reg_edit_where (e);
      g_prefix_error (error, "%s: ", where);
      return FALSE;
    }
  *out = cur;
  return TRUE;
}

/* ---- edits ---- */

static gboolean
load_values (regf_patch *p, struct pkey *k, GError **error)
{
  if (k->vals_loaded)
    return TRUE;
  k->vals = g_ptr_array_new_with_free_func (pval_free);
  k->old_vals = k->off ? regf_key_values (p->r, k->off, error)
                       : g_array_new (FALSE, FALSE, sizeof (uint64_t));
  if (k->old_vals == NULL)
    return FALSE;
  for (guint i = 0; i < k->old_vals->len; i++) {
    struct pval *v = g_new0 (struct pval, 1);
    v->vk = g_array_index (k->old_vals, uint64_t, i);
    g_ptr_array_add (k->vals, v);
    if ((v->name = regf_value_name (p->r, v->vk, error)) == NULL
        || !regf_value_info (p->r, v->vk, &v->type, &v->len, error))
      return FALSE;
  }
  k->vals_loaded = TRUE;
  return TRUE;
}

/* Whether v already holds e's type, data and exact name. */
static gboolean
same_value (regf_patch *p, const struct pval *v, const struct reg_edit *e, gboolean *same,
            GError **error)
{
  *same = FALSE;
  if (strcmp (v->name, e->name) != 0 || v->type != e->type || v->len != e->len)
    return TRUE;
  if (v->vk == 0) {
    *same = e->len == 0 || memcmp (v->data, e->data, e->len) == 0;
    return TRUE;
  }
  size_t len = v->len;
  g_autofree uint8_t *data = regf_value_data (p->r, v->vk, &len, error);
  if (data == NULL)
    return FALSE;
  *same = len == e->len && (len == 0 || memcmp (data, e->data, len) == 0);
  return TRUE;
}

/* As hive-apply's edit_values: a replaced value takes the planned name and keeps its place. */
static gboolean
edit_value (regf_patch *p, struct pkey *k, const struct reg_edit *e, GError **error)
{
  if (!load_values (p, k, error))
    return FALSE;
  guint i = 0;
  while (i < k->vals->len && g_ascii_strcasecmp (((struct pval *) g_ptr_array_index (k->vals, i))->name, e->name))
    i++;
  if (e->op == REG_OP_DELETE_VALUE) {
    if (i < k->vals->len)
      g_ptr_array_remove_index (k->vals, i);
    return TRUE;
  }
  gboolean same = FALSE;
  if (i < k->vals->len && !same_value (p, g_ptr_array_index (k->vals, i), e, &same, error))
    return FALSE;
  if (same)
    return TRUE;
  struct pval *v = g_new0 (struct pval, 1);
  v->name = g_strdup (e->name);
  v->type = e->type;
  v->len = e->len;
  v->data = g_memdup2 (e->data ? e->data : (const uint8_t *) "", MAX (e->len, 1));
  if (i < k->vals->len) {
    pval_free (k->vals->pdata[i]);
    k->vals->pdata[i] = v;
  } else
    g_ptr_array_add (k->vals, v);
  return TRUE;
}

static gboolean
delete_key (regf_patch *p, struct pkey *k, const struct reg_edit *e, GError **error)
{
  if (e->op == REG_OP_DELETE_KEY) {
    guint n = k->kids->len;
    if (k->off) {
      if (!rp_load_list (p, k, error))
        return FALSE;
      n = rp_list_count (k);
    }
    if (n > 0) {
      g_autofree char *where = reg_edit_where (e);
      g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK,
                   "cannot delete %s: it has %u subkeys, and the plan deletes only the key (%s)",
                   where, n, e->provenance);
      return FALSE;
    }
  }
  struct pkey *parent = k->parent;
  if (parent->off)
    rp_remove_entry (p, parent, k);
  if (k->off)
    g_array_append_val (p->dead, k->off);
  g_ptr_array_remove (parent->kids, k);  /* frees k and what was touched below it */
  return TRUE;
}

static gboolean
apply_edit (regf_patch *p, const struct reg_edit *e, GError **error)
{
  struct pkey *k;
  gboolean create = e->op == REG_OP_ENSURE_KEY || e->op == REG_OP_SET_VALUE;
  if (!reg_edit_validate (e, error) || !resolve (p, e, create, &k, error))
    return FALSE;
  if (k == NULL || e->op == REG_OP_ENSURE_KEY)
    return TRUE;
  if (e->op == REG_OP_DELETE_KEY || e->op == REG_OP_DELETE_TREE)
    return delete_key (p, k, e, error);
  if (!edit_value (p, k, e, error)) {
    g_autofree char *where = reg_edit_where (e);
    g_prefix_error (error, "%s: ", where);
    return FALSE;
  }
  return TRUE;
}

/* ---- the patch ---- */

static void
write_clear (gpointer v)
{
  struct regf_write *w = v;
  g_free (w->data);
  g_free (w->old);
}

static gboolean
open_hive (regf_patch *p, const struct regf_source *src, GError **error)
{
  p->old_size = src->size;
  if ((p->r = regf_open (src, error)) == NULL
      || !regf_read_raw (p->r, 0, sizeof p->header, p->header, error))
    return FALSE;
  uint32_t seq1 = ws_le32 (p->header + 4), seq2 = ws_le32 (p->header + 8);
  /* Windows left a log to replay.  Not a reason to refuse the conversion (inspect reports it as
   * the dirty-hive blocker, and the whole-file edit goes ahead as it always has), but a patch
   * that raised both numbers would claim a clean hive on top of a log it never read. */
  if (seq1 != seq2)
    return rp_refuse (error, "the sequence numbers at 0x4 (%u) and 0x8 (%u) differ: the hive was "
                      "not cleanly written, its log is not replayed", seq1, seq2);
  p->minor = (uint16_t) ws_le32 (p->header + 0x18);
  p->root = pkey_existing (p, NULL, regf_root (p->r), error);
  return p->root != NULL;
}

regf_patch *
regf_patch_new (const struct regf_source *src, const struct reg_plan *plan, enum reg_hive hive,
                gboolean *fallback, GError **error)
{
  g_autoptr (regf_patch) p = g_new0 (regf_patch, 1);
  for (int s = 0; s < REGF_STAGE_COUNT; s++) {
    p->stages[s] = g_array_new (FALSE, TRUE, sizeof (struct regf_write));
    g_array_set_clear_func (p->stages[s], write_clear);
  }
  p->dead = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  p->frees = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  p->freed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  p->sk = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  p->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  p->area = g_byte_array_new ();
  g_autoptr (GError) err = NULL;  /* own: the code says whether to fall back */
  gboolean ok = open_hive (p, src, &err);
  for (size_t i = 0; ok && i < reg_plan_len (plan); i++)
    if (reg_plan_get (plan, i)->hive == hive)
      ok = apply_edit (p, reg_plan_get (plan, i), &err);
  ok = ok && rp_emit (p, &err);
  if (p->r)
    p->chunks = regf_chunks_read (p->r);
  g_clear_pointer (&p->r, regf_free);
  gboolean in_place = !ok && err->domain == WS_ERROR && err->code == WS_EXIT_NOT_APPLICABLE;
  if (fallback)
    *fallback = in_place;
  if (!ok) {
    g_propagate_prefixed_error (error, g_steal_pointer (&err), "cannot patch the %s hive%s: ",
                                reg_hive_name (hive), in_place ? " in place" : "");
    return NULL;
  }
  return g_steal_pointer (&p);
}

void
regf_patch_free (regf_patch *p)
{
  if (p == NULL)
    return;
  for (int s = 0; s < REGF_STAGE_COUNT; s++)
    if (p->stages[s])
      g_array_unref (p->stages[s]);
  regf_free (p->r);
  pkey_free (p->root);
  g_clear_pointer (&p->dead, g_array_unref);
  g_clear_pointer (&p->frees, g_array_unref);
  g_clear_pointer (&p->freed, g_hash_table_unref);
  g_clear_pointer (&p->live, g_hash_table_unref);
  g_clear_pointer (&p->sk, g_hash_table_unref);
  g_clear_pointer (&p->names, g_hash_table_unref);
  if (p->area)
    g_byte_array_unref (p->area);
  g_free (p);
}

const GArray *
regf_patch_stage (const regf_patch *p, enum regf_stage s)
{
  return p->stages[s];
}

gboolean
regf_patch_empty (const regf_patch *p)
{
  for (int s = 0; s < REGF_STAGE_COUNT; s++)
    if (p->stages[s]->len)
      return FALSE;
  return TRUE;
}

uint64_t
regf_patch_old_size (const regf_patch *p)
{
  return p->old_size;
}

uint64_t
regf_patch_new_size (const regf_patch *p)
{
  return p->new_size;
}

uint64_t
regf_patch_chunks_read (const regf_patch *p)
{
  return p->chunks;
}
