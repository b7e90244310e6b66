/* regf-patch-write: the final state of the touched keys as staged writes; see regf-patch.h for
 * the stages and docs/registry-and-hives.md#patching-a-hive-in-place for why they are safe.
 * Layouts: "Windows registry file format specification" (msuhanov/regf), as hivex lib/write.c
 * writes them. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "regf-patch-internal.h"
#include "banned.h"

#define BIN_HEADER 32
#define PAGE 4096u
/* Cell offsets are 32-bit and RP_NONE means none: stay well below. */
#define MAX_BINS 0x7fff0000u

static void
put16 (uint8_t *at, uint16_t v)
{
  at[0] = v & 0xff;
  at[1] = v >> 8;
}

static uint32_t
rel (uint64_t off)
{
  return (uint32_t) (off - RP_BASE);
}

/* ---- writes ---- */

gboolean
rp_add_write (regf_patch *p, enum regf_stage s, uint64_t off, const uint8_t *data, uint32_t len,
           GError **error)
{
  struct regf_write w = { .offset = off, .len = len, .data = g_memdup2 (data, len) };
  if (off < p->old_size) {
    w.old_len = (uint32_t) MIN ((uint64_t) len, p->old_size - off);
    w.old = g_malloc (w.old_len);
    if (!regf_read_raw (p->r, off, w.old_len, w.old, error)) {
      g_free (w.data);
      g_free (w.old);
      return FALSE;
    }
  }
  g_array_append_val (p->stages[s], w);
  return TRUE;
}

/* ---- the appended bins ---- */

static uint8_t *
area_at (regf_patch *p, uint64_t off)
{
  return p->area->data + (off - p->area_start);
}

/* The rest of the open bin becomes one free cell. */
static void
close_bin (regf_patch *p)
{
  if (p->bin_end > p->cur)
    ws_put_le32 (area_at (p, p->cur), (uint32_t) (p->bin_end - p->cur));
  p->cur = p->bin_end;
}

/* A new allocated cell of at least need bytes (its size field included), zeroed, in the open bin
 * or a new one big enough for it. */
static gboolean
alloc_cell (regf_patch *p, size_t need, uint64_t *off, GError **error)
{
  uint64_t size = ((uint64_t) need + 7) & ~(uint64_t) 7;
  if (p->bin_end - p->cur < size) {
    close_bin (p);
    uint64_t bin = (BIN_HEADER + size + PAGE - 1) / PAGE * PAGE;
    if (p->bin_end + bin - RP_BASE > MAX_BINS)
      return rp_refuse (error, "the hive would outgrow 32-bit cell offsets");
    g_byte_array_set_size (p->area, (guint) (p->bin_end + bin - p->area_start));
    uint8_t *h = area_at (p, p->bin_end);
    memset (h, 0, bin);
    memcpy (h, "hbin", 4);
    ws_put_le32 (h + 4, rel (p->bin_end));
    ws_put_le32 (h + 8, (uint32_t) bin);
    p->cur = p->bin_end + BIN_HEADER;
    p->bin_end += bin;
  }
  *off = p->cur;
  p->cur += size;
  ws_put_le32 (area_at (p, *off), (uint32_t) -(int32_t) size);
  return TRUE;
}

/* ---- values ---- */

static gboolean
values_dirty (const struct pkey *k)
{
  if (!k->vals_loaded || k->vals->len != k->old_vals->len)
    return k->vals_loaded;
  for (guint i = 0; i < k->vals->len; i++)
    if (((struct pval *) g_ptr_array_index (k->vals, i))->vk != g_array_index (k->old_vals, uint64_t, i))
      return TRUE;
  return FALSE;
}

/* A new vk cell, and a data cell unless the data fits in the record (4 bytes or less), as hivex
 * stores them. */
static gboolean
write_value (regf_patch *p, struct pval *v, GError **error)
{
  gboolean latin1;
  size_t nlen;
  g_autofree uint8_t *name = rp_encode_name (v->name, &latin1, &nlen);
  uint32_t len_field = (uint32_t) v->len;
  uint8_t data_field[4] = { 0 };
  if (v->len <= 4) {
    len_field |= 0x80000000u;
    memcpy (data_field, v->data, v->len);
  } else {
    uint64_t d;
    if (!alloc_cell (p, 4 + v->len, &d, error))
      return FALSE;
    memcpy (area_at (p, d) + 4, v->data, v->len);
    ws_put_le32 (data_field, rel (d));
  }
  if (!alloc_cell (p, 0x18 + nlen, &v->vk, error))
    return FALSE;
  uint8_t *c = area_at (p, v->vk);
  memcpy (c + 4, "vk", 2);
  put16 (c + 6, (uint16_t) nlen);
  ws_put_le32 (c + 8, len_field);
  memcpy (c + 0x0c, data_field, 4);
  ws_put_le32 (c + 0x10, v->type);
  put16 (c + 0x14, latin1 ? 1 : 0);
  memcpy (c + 0x18, name, nlen);
  return TRUE;
}

/* The key's values as a new list; *max_name and *max_data: the largest of the new ones. */
static gboolean
write_values (regf_patch *p, struct pkey *k, uint32_t *list, uint32_t *max_name,
              uint32_t *max_data, GError **error)
{
  g_autoptr (GHashTable) kept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  *list = RP_NONE;
  for (guint i = 0; i < k->vals->len; i++) {
    struct pval *v = g_ptr_array_index (k->vals, i);
    if (v->vk) {
      g_hash_table_add (kept, g_memdup2 (&v->vk, sizeof v->vk));
      continue;
    }
    *max_name = MAX (*max_name, rp_utf16_bytes (v->name));
    *max_data = MAX (*max_data, (uint32_t) v->len);
    if (!write_value (p, v, error))
      return FALSE;
  }
  if (k->vals->len) {
    uint64_t l;
    if (!alloc_cell (p, 4 + 4 * (size_t) k->vals->len, &l, error))
      return FALSE;
    for (guint i = 0; i < k->vals->len; i++)
      ws_put_le32 (area_at (p, l) + 4 + 4 * i, rel (((struct pval *) g_ptr_array_index (k->vals, i))->vk));
    *list = rel (l);
  }
  if (k->off && k->old_vals->len)
    rp_add_free (p, RP_BASE + (uint64_t) ws_le32 (k->nk + RP_NK_VALUE_LIST));
  for (guint i = 0; i < k->old_vals->len; i++) {
    uint64_t vk = g_array_index (k->old_vals, uint64_t, i);
    if (!g_hash_table_contains (kept, &vk) && !rp_free_value (p, vk, error))
      return FALSE;
  }
  return TRUE;
}

/* ---- subkey lists ---- */

static uint32_t
ent_rel (const struct pent *e)
{
  return rel (e->key ? e->key->new_off : e->nk);
}

static gboolean
write_leaf (regf_patch *p, const struct pleaf *l, uint64_t *off, GError **error)
{
  gboolean li = l->sig[1] == 'i';
  size_t width = li ? 4 : 8;
  if (!alloc_cell (p, 8 + width * l->ents->len, off, error))
    return FALSE;
  uint8_t *c = area_at (p, *off);
  memcpy (c + 4, l->sig, 2);
  put16 (c + 6, (uint16_t) l->ents->len);
  for (guint i = 0; i < l->ents->len; i++) {
    const struct pent *e = &g_array_index (l->ents, struct pent, i);
    ws_put_le32 (c + 8 + width * i, ent_rel (e));
    if (!li)
      memcpy (c + 12 + width * i, e->hint, 4);
  }
  return TRUE;
}

static gint
kid_order (gconstpointer a, gconstpointer b)
{
  return rp_name_cmp ((*(struct pkey *const *) a)->name, (*(struct pkey *const *) b)->name);
}

/* A new key's subkeys (all new) as one leaf, sorted as Windows sorts them. */
static gboolean
new_key_list (regf_patch *p, struct pkey *k, GError **error)
{
  k->leaves = g_ptr_array_new_with_free_func (rp_leaf_free);
  if (k->kids->len == 0)
    return TRUE;
  if (k->kids->len > 0xffff)
    return rp_refuse (error, "the new key '%s' would have more than 65535 subkeys", k->name);
  g_ptr_array_sort (k->kids, kid_order);
  GArray *ents = g_array_new (FALSE, TRUE, sizeof (struct pent));
  const char *sig = p->minor >= 5 ? "lh" : "lf";
  for (guint i = 0; i < k->kids->len; i++) {
    struct pent e = { .key = g_ptr_array_index (k->kids, i) };
    rp_hint (sig, e.key->name, e.hint);
    g_array_append_val (ents, e);
  }
  struct pleaf *l = g_new0 (struct pleaf, 1);
  memcpy (l->sig, sig, 2);
  l->ents = ents;
  l->dirty = TRUE;
  g_ptr_array_add (k->leaves, l);
  return TRUE;
}

/* The key's subkey list in its final state: changed leaves copied, and a new index root over them
 * when the key had one.  *list is RP_NONE when no subkey is left. */
static gboolean
write_list (regf_patch *p, struct pkey *k, uint32_t *list, GError **error)
{
  *list = RP_NONE;
  guint n = rp_list_count (k);
  g_autoptr (GArray) offs = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  for (guint i = 0; i < k->leaves->len; i++) {
    struct pleaf *l = g_ptr_array_index (k->leaves, i);
    uint64_t off = l->off;
    if (l->dirty && l->off)
      rp_add_free (p, l->off);
    if ((l->dirty || !l->off) && n && !write_leaf (p, l, &off, error))
      return FALSE;
    g_array_append_val (offs, off);
  }
  if (k->ri && k->list_off)
    rp_add_free (p, k->list_off);
  if (n == 0)
    return TRUE;
  if (!k->ri) {
    *list = rel (g_array_index (offs, uint64_t, 0));
    return TRUE;
  }
  uint64_t ri;
  if (!alloc_cell (p, 8 + 4 * (size_t) offs->len, &ri, error))
    return FALSE;
  uint8_t *c = area_at (p, ri);
  memcpy (c + 4, "ri", 2);
  put16 (c + 6, (uint16_t) offs->len);
  for (guint i = 0; i < offs->len; i++)
    ws_put_le32 (c + 8 + 4 * i, rel (g_array_index (offs, uint64_t, i)));
  *list = rel (ri);
  return TRUE;
}

/* ---- keys ---- */

/* Every new key gets its cell first: lists and parents point at keys not yet written. */
static gboolean
alloc_keys (regf_patch *p, struct pkey *k, GError **error)
{
  if (k->off == 0) {
    gboolean latin1;
    size_t nlen;
    g_autofree uint8_t *name = rp_encode_name (k->name, &latin1, &nlen);
    if (!alloc_cell (p, RP_NK_NAME + nlen, &k->new_off, error))
      return FALSE;
    uint32_t key = k->sk_rel;
    struct sk_count *c = g_hash_table_lookup (p->sk, GUINT_TO_POINTER (key));
    if (c == NULL)
      g_hash_table_insert (p->sk, GUINT_TO_POINTER (key), c = g_new0 (struct sk_count, 1));
    c->added++;
  }
  for (guint i = 0; i < k->kids->len; i++)
    if (!alloc_keys (p, g_ptr_array_index (k->kids, i), error))
      return FALSE;
  return TRUE;
}

static uint32_t
max_kid_name (const struct pkey *k)
{
  uint32_t m = 0;
  for (guint i = 0; i < k->kids->len; i++) {
    const struct pkey *kid = g_ptr_array_index (k->kids, i);
    if (kid->off == 0)
      m = MAX (m, rp_utf16_bytes (kid->name));
  }
  return m;
}

static void
fill_new_key (regf_patch *p, struct pkey *k, uint32_t list, uint32_t vlist, uint32_t max_name,
              uint32_t max_data)
{
  gboolean latin1;
  size_t nlen;
  g_autofree uint8_t *name = rp_encode_name (k->name, &latin1, &nlen);
  uint8_t *c = area_at (p, k->new_off);
  memcpy (c + 4, "nk", 2);
  put16 (c + 6, latin1 ? 0x20 : 0);
  ws_put_le64 (c + RP_NK_TIMESTAMP, k->timestamp);
  ws_put_le32 (c + RP_NK_PARENT, rel (k->parent->off ? k->parent->off : k->parent->new_off));
  ws_put_le32 (c + RP_NK_SUBKEYS, rp_list_count (k));
  ws_put_le32 (c + RP_NK_SUBKEY_LIST, list);
  ws_put_le32 (c + RP_NK_VOLATILE_LIST, RP_NONE);
  ws_put_le32 (c + RP_NK_VALUES, k->vals_loaded ? k->vals->len : 0);
  ws_put_le32 (c + RP_NK_VALUE_LIST, vlist);
  ws_put_le32 (c + RP_NK_SK, k->sk_rel);
  ws_put_le32 (c + RP_NK_CLASS, RP_NONE);
  put16 (c + RP_NK_MAX_SUBKEY_NAME, (uint16_t) MIN (max_kid_name (k), 0xffffu));
  ws_put_le32 (c + RP_NK_MAX_VALUE_NAME, max_name);
  ws_put_le32 (c + RP_NK_MAX_VALUE_DATA, max_data);
  put16 (c + RP_NK_NAME_LEN, (uint16_t) nlen);
  memcpy (c + RP_NK_NAME, name, nlen);
}

/* The one in-place write that makes an existing key's new state reachable: the bytes of its
 * record that change, which must lie in one page (a write within a page lands whole). */
static gboolean
link_key (regf_patch *p, struct pkey *k, gboolean subs, uint32_t list, gboolean vals,
          uint32_t vlist, uint32_t max_name, uint32_t max_data, GError **error)
{
  uint8_t f[RP_NK_NAME];
  memcpy (f, k->nk, sizeof f);
  if (subs) {
    ws_put_le32 (f + RP_NK_SUBKEYS, rp_list_count (k));
    ws_put_le32 (f + RP_NK_SUBKEY_LIST, list);
    uint32_t m = max_kid_name (k);
    if (m > (uint32_t) (f[RP_NK_MAX_SUBKEY_NAME] | f[RP_NK_MAX_SUBKEY_NAME + 1] << 8))
      put16 (f + RP_NK_MAX_SUBKEY_NAME, (uint16_t) MIN (m, 0xffffu));
  }
  if (vals) {
    ws_put_le32 (f + RP_NK_VALUES, k->vals->len);
    ws_put_le32 (f + RP_NK_VALUE_LIST, vlist);
    ws_put_le32 (f + RP_NK_MAX_VALUE_NAME, MAX (max_name, ws_le32 (f + RP_NK_MAX_VALUE_NAME)));
    ws_put_le32 (f + RP_NK_MAX_VALUE_DATA, MAX (max_data, ws_le32 (f + RP_NK_MAX_VALUE_DATA)));
  }
  uint32_t lo = 0, hi = sizeof f;
  while (lo < hi && f[lo] == k->nk[lo])
    lo++;
  while (hi > lo && f[hi - 1] == k->nk[hi - 1])
    hi--;
  if (lo == hi)
    return TRUE;
  if ((k->off + lo) / PAGE != (k->off + hi - 1) / PAGE)
    return rp_refuse (error, "the record of key '%s' at offset 0x%" G_GINT64_MODIFIER "x straddles a "
                      "page boundary where it would be written", k->name, k->off);
  return rp_add_write (p, REGF_STAGE_LINK, k->off + lo, f + lo, hi - lo, error);
}

static gboolean
emit_key (regf_patch *p, struct pkey *k, GError **error)
{
  for (guint i = 0; i < k->kids->len; i++)
    if (!emit_key (p, g_ptr_array_index (k->kids, i), error))
      return FALSE;
  gboolean vals = k->off == 0 ? k->vals_loaded && k->vals->len : values_dirty (k);
  gboolean subs = k->kids->len > 0;
  if (k->off && !rp_list_changed (p, k, &subs, error))
    return FALSE;
  uint32_t vlist = RP_NONE, list = RP_NONE, max_name = 0, max_data = 0;
  if (vals && !write_values (p, k, &vlist, &max_name, &max_data, error))
    return FALSE;
  if (k->off == 0 && !new_key_list (p, k, error))
    return FALSE;
  if (subs && !write_list (p, k, &list, error))
    return FALSE;
  if (k->off == 0) {
    fill_new_key (p, k, list, vlist, max_name, max_data);
    return TRUE;
  }
  return (!vals && !subs) || link_key (p, k, subs, list, vals, vlist, max_name, max_data, error);
}

static gboolean
write_header (regf_patch *p, GError **error)
{
  uint8_t h[512];
  memcpy (h, p->header, sizeof h);
  uint32_t seq = ws_le32 (h + 4) + 1;
  ws_put_le32 (h + 4, seq);
  ws_put_le32 (h + 8, seq);
  ws_put_le32 (h + 0x28, rel (MAX (p->bin_end, p->area_start)));
  uint32_t sum = 0;
  for (size_t i = 0; i < 0x1fc; i += 4)
    sum ^= ws_le32 (h + i);
  ws_put_le32 (h + 0x1fc, sum == 0 ? 1 : sum == 0xffffffffu ? 0xfffffffeu : sum);
  return rp_add_write (p, REGF_STAGE_HEADER, 0, h, sizeof h, error);
}

gboolean
rp_emit (regf_patch *p, GError **error)
{
  p->area_start = p->cur = p->bin_end = regf_bins_end (p->r);
  if (!alloc_keys (p, p->root, error) || !emit_key (p, p->root, error))
    return FALSE;
  for (guint i = 0; i < p->dead->len; i++)
    if (!rp_free_tree (p, g_array_index (p->dead, uint64_t, i), error))
      return FALSE;
  if (!rp_write_frees (p, error))
    return FALSE;
  close_bin (p);
  p->new_size = MAX (p->old_size, p->bin_end);
  for (uint64_t b = p->area_start; b < p->bin_end;) {
    uint32_t size = ws_le32 (area_at (p, b) + 8);
    if (!rp_add_write (p, REGF_STAGE_APPEND, b, area_at (p, b), size, error))
      return FALSE;
    b += size;
  }
  if (regf_patch_empty (p))
    return TRUE;
  return write_header (p, error);
}
