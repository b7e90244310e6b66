/* regf-patch-list: names as Windows sorts and hashes them, and the subkey lists of the keys a
 * plan reaches: reading them, finding a name in them, inserting and removing entries.  See
 * regf-patch.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "regf-patch-internal.h"
#include "banned.h"

/* ---- names ---- */

/* Upper case of a UTF-16 code unit: ASCII and Latin-1 only.  Windows upper-cases with its own
 * table, which agrees on these; names a plan writes are ASCII, and lookups never depend on it
 * (see rp_find_existing). */
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

void
rp_leaf_free (gpointer v)
{
  struct pleaf *l = v;
  g_array_unref (l->ents);
  g_free (l);
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
  k->leaves = g_ptr_array_new_with_free_func (rp_leaf_free);
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
gboolean
rp_find_existing (regf_patch *p, struct pkey *k, const char *name, uint64_t *out, GError **error)
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
gboolean
rp_insert_entry (regf_patch *p, struct pkey *k, struct pkey *kid, GError **error)
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
void
rp_remove_entry (regf_patch *p, struct pkey *k, struct pkey *kid)
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
