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

gboolean
rp_set_bad (GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, WS_ERROR, WS_EXIT_BAD_INPUT, msg);
  return FALSE;
}

gboolean
rp_refuse (GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "cannot patch in place: %s", msg);
  return FALSE;
}

/* ---- names ---- */

/* Upper case of a UTF-16 code unit: ASCII and Latin-1 only.  Windows upper-cases with its own
 * table, which agrees on these; names a plan writes are ASCII, and lookups never depend on it
 * (see find_existing). */
static gunichar2
upcase (gunichar2 c)
{
  if ((c >= 'a' && c <= 'z') || (c >= 0xe0 && c <= 0xfe && c != 0xf7))
    return c - 0x20;
  return c;
}

static gunichar2 *
utf16 (const char *name, glong *n)
{
  gunichar2 *u = g_utf8_to_utf16 (name, -1, NULL, n, NULL);
  if (u == NULL) {  /* names come from plans (validated) or lossy decoding: cannot happen */
    *n = 0;
    return g_new0 (gunichar2, 1);
  }
  return u;
}

int
rp_name_cmp (const char *a, const char *b)
{
  glong na, nb;
  g_autofree gunichar2 *ua = utf16 (a, &na);
  g_autofree gunichar2 *ub = utf16 (b, &nb);
  for (glong i = 0; i < na && i < nb; i++)
    if (upcase (ua[i]) != upcase (ub[i]))
      return upcase (ua[i]) < upcase (ub[i]) ? -1 : 1;
  return na < nb ? -1 : na > nb;
}

void
rp_hint (const char sig[2], const char *name, uint8_t out[4])
{
  glong n;
  g_autofree gunichar2 *u = utf16 (name, &n);
  memset (out, 0, 4);
  if (sig[1] == 'h') {
    uint32_t h = 0;
    for (glong i = 0; i < n; i++)
      h = h * 37 + upcase (u[i]);
    ws_put_le32 (out, h);
  } else if (sig[1] == 'f')
    /* The first four characters; a hint only (the low byte of a character beyond Latin-1). */
    for (glong i = 0; i < n && i < 4; i++)
      out[i] = (uint8_t) u[i];
}

uint32_t
rp_utf16_bytes (const char *name)
{
  glong n;
  g_autofree gunichar2 *u = utf16 (name, &n);
  return (uint32_t) n * 2;
}

uint8_t *
rp_encode_name (const char *name, gboolean *latin1, size_t *len)
{
  *latin1 = TRUE;
  for (const char *s = name; *s; s = g_utf8_next_char (s))
    if (g_utf8_get_char (s) > 0xff)
      *latin1 = FALSE;
  if (*latin1) {
    GByteArray *b = g_byte_array_new ();
    for (const char *s = name; *s; s = g_utf8_next_char (s)) {
      uint8_t c = (uint8_t) g_utf8_get_char (s);
      g_byte_array_append (b, &c, 1);
    }
    *len = b->len;
    g_byte_array_append (b, (const uint8_t *) "", 1);
    return g_byte_array_free (b, FALSE);
  }
  glong n;
  gunichar2 *u = utf16 (name, &n);
  uint8_t *out = g_malloc (n * 2 + 1);
  for (glong i = 0; i < n; i++)
    out[2 * i] = u[i] & 0xff, out[2 * i + 1] = u[i] >> 8;
  g_free (u);
  *len = (size_t) n * 2;
  return out;
}

const char *
rp_nk_name (regf_patch *p, uint64_t nk, GError **error)
{
  char *name = g_hash_table_lookup (p->names, &nk);
  if (name)
    return name;
  if ((name = regf_key_name (p->r, nk, error)) == NULL)
    return NULL;
  uint64_t *key = g_memdup2 (&nk, sizeof nk);
  g_hash_table_insert (p->names, key, name);
  return name;
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
pleaf_free (gpointer v)
{
  struct pleaf *l = v;
  g_array_unref (l->ents);
  g_free (l);
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

static struct pleaf *
pleaf_new (uint64_t off, const char *sig)
{
  struct pleaf *l = g_new0 (struct pleaf, 1);
  l->off = off;
  memcpy (l->sig, sig, 2);
  l->ents = g_array_new (FALSE, TRUE, sizeof (struct pent));
  return l;
}

/* A leaf record (lf, lh or li) and its entries. */
static struct pleaf *
read_leaf (regf_patch *p, uint64_t off, GError **error)
{
  uint32_t size;
  uint8_t head[8];
  if (!regf_cell (p->r, off, NULL, &size, error)
      || !regf_cell_read (p->r, off, size, 0, sizeof head, head, error))
    return NULL;
  const char *sig = (const char *) head + 4;
  size_t width = memcmp (sig, "li", 2) == 0 ? 4 : 8;
  if (memcmp (sig, "lf", 2) && memcmp (sig, "lh", 2) && memcmp (sig, "li", 2)) {
    rp_set_bad (error, "the subkey list at offset 0x%" G_GINT64_MODIFIER "x is not an lf, lh or li "
                "record", off);
    return NULL;
  }
  size_t n = head[6] | head[7] << 8;
  if (8 + n * width > size) {
    rp_set_bad (error, "the list at offset 0x%" G_GINT64_MODIFIER "x (%u bytes) is too short for its "
                "%zu entries", off, size, n);
    return NULL;
  }
  g_autofree uint8_t *raw = g_malloc (n * width + 1);
  if (!regf_cell_read (p->r, off, size, 8, n * width, raw, error))
    return NULL;
  struct pleaf *l = pleaf_new (off, sig);
  for (size_t i = 0; i < n; i++) {
    struct pent e = { .nk = RP_BASE + (uint64_t) ws_le32 (raw + i * width) };
    if (width == 8)
      memcpy (e.hint, raw + i * width + 4, 4);
    g_array_append_val (l->ents, e);
  }
  return l;
}

guint
rp_list_count (const struct pkey *k)
{
  guint n = 0;
  for (guint i = 0; k->leaves && i < k->leaves->len; i++)
    n += ((struct pleaf *) g_ptr_array_index (k->leaves, i))->ents->len;
  return n;
}

/* The subkey list of an existing key: its leaves, each as it is on disk.  An index root lists
 * leaves only, as Windows writes them. */
gboolean
rp_load_list (regf_patch *p, struct pkey *k, GError **error)
{
  if (k->list_loaded)
    return TRUE;
  k->leaves = g_ptr_array_new_with_free_func (pleaf_free);
  k->list_loaded = TRUE;
  uint32_t n = k->off ? ws_le32 (k->nk + RP_NK_SUBKEYS) : 0;
  if (n == 0)
    return TRUE;
  if ((uint64_t) n * 8 > regf_bins_end (p->r) - RP_BASE)
    return rp_set_bad (error, "the key at offset 0x%" G_GINT64_MODIFIER "x declares %u subkeys, more "
                       "than the hive could hold", k->off, n);
  k->list_off = RP_BASE + (uint64_t) ws_le32 (k->nk + RP_NK_SUBKEY_LIST);
  uint32_t size;
  uint8_t head[8];
  if (!regf_cell (p->r, k->list_off, NULL, &size, error)
      || !regf_cell_read (p->r, k->list_off, size, 0, sizeof head, head, error))
    return FALSE;
  if (memcmp (head + 4, "ri", 2) != 0) {
    struct pleaf *l = read_leaf (p, k->list_off, error);
    if (l == NULL)
      return FALSE;
    g_ptr_array_add (k->leaves, l);
  } else {
    k->ri = TRUE;
    size_t count = head[6] | head[7] << 8;
    if (8 + count * 4 > size)
      return rp_set_bad (error, "the index root at offset 0x%" G_GINT64_MODIFIER "x is too short for "
                         "its %zu leaves", k->list_off, count);
    g_autofree uint8_t *raw = g_malloc (count * 4 + 1);
    if (!regf_cell_read (p->r, k->list_off, size, 8, count * 4, raw, error))
      return FALSE;
    /* Stop once the leaves list more than the key declares: a hostile index root may name
     * thousands of leaves. */
    for (size_t i = 0, total = 0; i < count && total <= n; i++) {
      struct pleaf *l = read_leaf (p, RP_BASE + (uint64_t) ws_le32 (raw + 4 * i), error);
      if (l == NULL)
        return FALSE;
      g_ptr_array_add (k->leaves, l);
      total += l->ents->len;
    }
  }
  if (rp_list_count (k) != n)
    return rp_set_bad (error, "the key at offset 0x%" G_GINT64_MODIFIER "x declares %u subkeys and "
                       "lists %u", k->off, n, rp_list_count (k));
  return TRUE;
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((unsigned char) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* Whether an entry's hint rules out the name, without reading the key.  Only for ASCII names,
 * whose hash and first characters every writer computes alike; anything doubtful is read. */
static gboolean
hint_excludes (const struct pleaf *l, const struct pent *e, const char *name)
{
  if (!is_ascii (name))
    return FALSE;
  uint8_t want[4];
  rp_hint (l->sig, name, want);
  if (l->sig[1] == 'h')
    return memcmp (want, e->hint, 4) != 0;
  if (l->sig[1] == 'f')
    for (size_t i = 0; i < 4 && name[i]; i++)
      if (e->hint[i] && e->hint[i] < 0x80 && g_ascii_toupper (e->hint[i]) != g_ascii_toupper (name[i]))
        return TRUE;
  return FALSE;
}

/* The existing subkey of k named name (ASCII-case-insensitively, the first one in list order, as
 * hivex finds it), or NULL. */
static gboolean
find_existing (regf_patch *p, struct pkey *k, const char *name, uint64_t *out, GError **error)
{
  *out = 0;
  if (!rp_load_list (p, k, error))
    return FALSE;
  for (guint i = 0; i < k->leaves->len; i++) {
    struct pleaf *l = g_ptr_array_index (k->leaves, i);
    for (guint j = 0; j < l->ents->len; j++) {
      struct pent *e = &g_array_index (l->ents, struct pent, j);
      if (e->key || hint_excludes (l, e, name))
        continue;
      const char *n = rp_nk_name (p, e->nk, error);
      if (n == NULL)
        return FALSE;
      if (g_ascii_strcasecmp (n, name) == 0) {
        *out = e->nk;
        return TRUE;
      }
    }
  }
  return TRUE;
}

gboolean
rp_list_changed (regf_patch *p, struct pkey *k, gboolean *changed, GError **error)
{
  *changed = k->list_dirty;
  if (!k->list_dirty)
    return TRUE;
  struct pkey disk = { .off = k->off };
  memcpy (disk.nk, k->nk, sizeof disk.nk);
  if (!rp_load_list (p, &disk, error)) {
    g_clear_pointer (&disk.leaves, g_ptr_array_unref);
    return FALSE;
  }
  gboolean same = disk.leaves->len == k->leaves->len;
  for (guint i = 0; same && i < k->leaves->len; i++) {
    const struct pleaf *a = g_ptr_array_index (k->leaves, i), *b = g_ptr_array_index (disk.leaves, i);
    same = a->off == b->off && a->ents->len == b->ents->len;
    for (guint j = 0; same && j < a->ents->len; j++) {
      const struct pent *x = &g_array_index (a->ents, struct pent, j);
      same = x->key == NULL && x->nk == g_array_index (b->ents, struct pent, j).nk;
    }
  }
  g_ptr_array_unref (disk.leaves);
  *changed = !same;
  return TRUE;
}

static const char *
ent_name (regf_patch *p, const struct pent *e, GError **error)
{
  return e->key ? e->key->name : rp_nk_name (p, e->nk, error);
}

/* Insert a new key into its existing parent's list, where Windows' sort order puts it (a binary
 * search: the list is sorted, and reading every sibling would cost a read per key). */
static gboolean
insert_entry (regf_patch *p, struct pkey *k, struct pkey *kid, GError **error)
{
  if (!rp_load_list (p, k, error))
    return FALSE;
  guint lo = 0, hi = rp_list_count (k);
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2, at = mid, i = 0;
    struct pleaf *l;
    while (at >= (l = g_ptr_array_index (k->leaves, i))->ents->len)
      at -= l->ents->len, i++;
    const char *n = ent_name (p, &g_array_index (l->ents, struct pent, at), error);
    if (n == NULL)
      return FALSE;
    if (rp_name_cmp (kid->name, n) < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  if (k->leaves->len == 0)
    g_ptr_array_add (k->leaves, pleaf_new (0, p->minor >= 5 ? "lh" : "lf"));
  /* The leaf holding the first greater entry; past the end, the last leaf. */
  guint i = 0;
  struct pleaf *l = g_ptr_array_index (k->leaves, 0);
  while (lo >= l->ents->len && i + 1 < k->leaves->len) {
    lo -= l->ents->len;
    l = g_ptr_array_index (k->leaves, ++i);
  }
  if (l->ents->len >= 0xffff)
    return rp_refuse (error, "the subkey list of '%s' would outgrow its 16-bit count", k->name);
  struct pent e = { .key = kid };
  rp_hint (l->sig, kid->name, e.hint);
  g_array_insert_val (l->ents, lo, e);
  l->dirty = k->list_dirty = TRUE;
  return TRUE;
}

/* Take kid out of its parent's list; an index root drops a leaf left empty. */
static void
remove_entry (regf_patch *p, struct pkey *k, struct pkey *kid)
{
  for (guint i = 0; i < k->leaves->len; i++) {
    struct pleaf *l = g_ptr_array_index (k->leaves, i);
    for (guint j = 0; j < l->ents->len; j++) {
      struct pent *e = &g_array_index (l->ents, struct pent, j);
      if (kid->off ? e->nk != kid->off || e->key : e->key != kid)
        continue;
      g_array_remove_index (l->ents, j);
      l->dirty = k->list_dirty = TRUE;
      if (l->ents->len == 0 && k->leaves->len > 1) {
        if (l->off && !g_hash_table_contains (p->freed, &l->off)) {
          g_array_append_val (p->frees, l->off);
          g_hash_table_add (p->freed, g_memdup2 (&l->off, sizeof l->off));
        }
        g_ptr_array_remove_index (k->leaves, i);
      }
      return;
    }
  }
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
  if (k->off && !find_existing (p, k, name, &nk, error))
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
  return k->off == 0 || insert_entry (p, k, kid, error);
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
    remove_entry (p, parent, k);
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
  if (seq1 != seq2)
    return rp_set_bad (error, "the sequence numbers at 0x4 (%u) and 0x8 (%u) differ: the hive was "
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
  if (fallback)
    *fallback = FALSE;
  gboolean ok = open_hive (p, src, error);
  for (size_t i = 0; ok && i < reg_plan_len (plan); i++)
    if (reg_plan_get (plan, i)->hive == hive)
      ok = apply_edit (p, reg_plan_get (plan, i), error);
  ok = ok && rp_emit (p, error);
  if (p->r)
    p->chunks = regf_chunks_read (p->r);
  g_clear_pointer (&p->r, regf_free);
  if (!ok) {
    if (fallback && error && *error && (*error)->code == WS_EXIT_NOT_APPLICABLE)
      *fallback = TRUE;
    g_prefix_error (error, "cannot patch the %s hive: ", reg_hive_name (hive));
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
