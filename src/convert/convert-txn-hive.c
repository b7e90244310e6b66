/* convert-txn-hive: the hives a transaction patches in place (convert-txn.h, regf-patch.h).
 *
 * Each hive's undo record (regf-undo.h) is its write plan: steps in four groups, written for
 * every hive together with one flush between groups instead of one per hive and group.  The undo
 * walks the groups backwards, flushing between them, and then cuts each file to its old size.
 * Both are checked by reading back, from the disk, every range a step wrote.
 */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "convert-txn-internal.h"
#include "banned.h"

/* Ranges closer than this are read back in one call; no call reads more than READ_MAX. */
#define READ_GAP (64u * 1024)
#define READ_MAX (1u << 20)

void
txn_hive_free (gpointer p)
{
  struct txn_hive *h = p;
  g_free (h->guest);
  g_free (h->real);
  g_free (h->undo_path);
  regf_undo_free (h->undo);
  g_free (h->done);
  g_free (h);
}

static gboolean
any_done (const struct txn_hive *h)
{
  for (guint i = 0; i < regf_undo_len (h->undo); i++)
    if (h->done[i])
      return TRUE;
  return FALSE;
}

/* The end of the last byte a patch writes: when the new size lies past it (bins that end in
 * slack), the file is extended to it explicitly. */
static uint64_t
written_end (const regf_undo *u)
{
  uint64_t end = 0;
  for (guint i = 0; i < regf_undo_len (u); i++) {
    const struct regf_undo_step *st = regf_undo_step (u, i);
    end = MAX (end, st->offset + st->new_len);
  }
  return end;
}

/* One hive's steps of one group, in record order (the record has joined what lies close). */
static gboolean
write_group (txn *t, struct txn_hive *h, int grp, gboolean *wrote, GError **error)
{
  for (guint i = 0; i < regf_undo_len (h->undo); i++) {
    const struct regf_undo_step *st = regf_undo_step (h->undo, i);
    if (regf_undo_group (st->stage) != grp)
      continue;
    if (!txn_write_step (t, error))
      return FALSE;
    h->done[i] = TRUE;   /* before the write: a failed one may have landed in part */
    *wrote = TRUE;
    if (!guest_write_at (t->g, h->real, st->offset, st->new_data, st->new_len, error))
      return FALSE;
  }
  uint64_t size = regf_undo_new_size (h->undo);
  return grp != 0 || written_end (h->undo) >= size
    || (txn_write_step (t, error) && guest_set_size (t->g, h->real, size, error));
}

gboolean
txn_hives_write (txn *t, GError **error)
{
  for (int grp = 0; grp < REGF_UNDO_GROUPS; grp++) {
    gboolean wrote = FALSE;
    for (guint k = 0; k < t->hives->len; k++)
      if (!write_group (t, g_ptr_array_index (t->hives, k), grp, &wrote, error))
        return FALSE;
    /* The next group relies on this one being on the disk; the last one is flushed by the
     * commit's read-back. */
    if (wrote && grp + 1 < REGF_UNDO_GROUPS && !guest_sync (t->g, error))
      return FALSE;
  }
  return TRUE;
}

/* A run of file bytes to read back: want[i] is expected where mask[i] is set. */
struct span {
  uint64_t off, end;
  guint8 *want, *mask;
};

static int
by_offset (gconstpointer a, gconstpointer b, gpointer data)
{
  const regf_undo *u = data;
  uint64_t x = regf_undo_step (u, *(const guint *) a)->offset, y = regf_undo_step (u, *(const guint *) b)->offset;
  return x < y ? -1 : x > y;
}

static void
span_clear (gpointer p)
{
  struct span *s = p;
  g_free (s->want);
  g_free (s->mask);
}

/* What the file must hold where steps were written: their new bytes (old = FALSE), or the bytes
 * they replaced (old = TRUE).  Where steps overlap, the last written wins for the new bytes and
 * the first for the old ones.  Nearby ranges share a span so that they are read in one call. */
static GArray *
expected_spans (const struct txn_hive *h, gboolean old)
{
  const regf_undo *u = h->undo;
  guint n = regf_undo_len (u);
  g_autofree guint *order = g_new (guint, n ? n : 1);
  g_autofree guint *span_of = g_new (guint, n ? n : 1);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof *order, by_offset, (gpointer) u);
  GArray *spans = g_array_new (FALSE, TRUE, sizeof (struct span));
  g_array_set_clear_func (spans, span_clear);
  for (guint k = 0; k < n; k++) {
    const struct regf_undo_step *st = regf_undo_step (u, order[k]);
    uint32_t len = old ? st->old_len : st->new_len;
    if (!h->done[order[k]] || len == 0)
      continue;
    struct span *last = spans->len ? &g_array_index (spans, struct span, spans->len - 1) : NULL;
    if (last && st->offset <= last->end + READ_GAP && st->offset + len - last->off <= READ_MAX)
      last->end = MAX (last->end, st->offset + len);
    else {
      struct span s = { .off = st->offset, .end = st->offset + len };
      g_array_append_val (spans, s);
    }
    span_of[order[k]] = spans->len - 1;
  }
  for (guint i = 0; i < spans->len; i++) {
    struct span *s = &g_array_index (spans, struct span, i);
    s->want = g_malloc0 (s->end - s->off);
    s->mask = g_malloc0 (s->end - s->off);
  }
  for (guint k = 0; k < n; k++) {
    guint i = old ? n - 1 - k : k;
    const struct regf_undo_step *st = regf_undo_step (u, i);
    uint32_t len = old ? st->old_len : st->new_len;
    if (!h->done[i] || len == 0)
      continue;
    struct span *s = &g_array_index (spans, struct span, span_of[i]);
    memcpy (s->want + (st->offset - s->off), old ? st->old_data : st->new_data, len);
    memset (s->mask + (st->offset - s->off), 1, len);
  }
  return spans;
}

/* Whether the guest file holds a span's expected bytes; FALSE with *error set when it cannot be
 * read, FALSE without when it differs or is short. */
static gboolean
span_matches (txn *t, const char *path, const struct span *s, GError **error)
{
  for (uint64_t at = s->off; at < s->end;) {
    size_t got = 0;
    g_autofree char *data = guest_read_at_exact (t->g, path, at, (size_t) MIN ((uint64_t) READ_MAX, s->end - at),
                                                 &got, error);
    if (data == NULL || got == 0)
      return FALSE;
    got = (size_t) MIN ((uint64_t) got, s->end - at);
    for (size_t i = 0; i < got; i++) {
      size_t j = (size_t) (at - s->off) + i;
      if (s->mask[j] && (guint8) data[i] != s->want[j])
        return FALSE;
    }
    at += got;
  }
  return TRUE;
}

/* Whether a hive reads back as the patch left it (old = FALSE) or as it was before (old = TRUE);
 * NULL when it does, else what differs (g_free).  *error only when it cannot be read. */
static char *
hive_differs (txn *t, const struct txn_hive *h, gboolean old, GError **error)
{
  uint64_t want = old ? regf_undo_old_size (h->undo) : regf_undo_new_size (h->undo);
  int64_t size = guest_filesize_exact (t->g, h->real, error);
  if (size < 0)
    return NULL;
  if ((uint64_t) size != want)
    return g_strdup_printf ("is %" G_GINT64_FORMAT " bytes long, expected %" G_GUINT64_FORMAT, size, want);
  g_autoptr (GArray) spans = expected_spans (h, old);
  for (guint i = 0; i < spans->len; i++) {
    const struct span *s = &g_array_index (spans, struct span, i);
    GError *e = NULL;
    if (!span_matches (t, h->real, s, &e)) {
      if (e) {
        g_propagate_error (error, e);
        return NULL;
      }
      return g_strdup_printf ("differs from what was written between offsets %" G_GUINT64_FORMAT
                              " and %" G_GUINT64_FORMAT, s->off, s->end);
    }
  }
  return NULL;
}

gboolean
txn_hives_check (txn *t, GError **error)
{
  for (guint k = 0; k < t->hives->len; k++) {
    const struct txn_hive *h = g_ptr_array_index (t->hives, k);
    GError *e = NULL;
    g_autofree char *why = hive_differs (t, h, FALSE, &e);
    if (e) {
      g_propagate_error (error, e);
      return FALSE;
    }
    if (why) {
      g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK, "guest hive '%s' %s", h->real, why);
      return FALSE;
    }
  }
  return TRUE;
}

void
txn_hives_undo (txn *t, GString *left)
{
  for (int grp = REGF_UNDO_GROUPS; grp-- > 0;) {
    gboolean wrote = FALSE;
    for (guint k = t->hives->len; k-- > 0;) {
      struct txn_hive *h = g_ptr_array_index (t->hives, k);
      for (guint i = regf_undo_len (h->undo); i-- > 0;) {
        const struct regf_undo_step *st = regf_undo_step (h->undo, i);
        if (!h->done[i] || regf_undo_group (st->stage) != grp || st->old_len == 0)
          continue;
        wrote = TRUE;
        if (!guest_write_at (t->g, h->real, st->offset, st->old_data, st->old_len, NULL))
          g_string_append_printf (left, "; write back '%s' at offset %" G_GUINT64_FORMAT, h->real, st->offset);
      }
    }
    /* The stage before relies on this one being undone on the disk first. */
    if (wrote && !guest_sync (t->g, NULL))
      g_string_append (left, "; flush the filesystem");
  }
  for (guint k = 0; k < t->hives->len; k++) {
    struct txn_hive *h = g_ptr_array_index (t->hives, k);
    if (any_done (h) && !guest_set_size (t->g, h->real, regf_undo_old_size (h->undo), NULL))
      g_string_append_printf (left, "; cut '%s' back to %" G_GUINT64_FORMAT " bytes", h->real,
                              regf_undo_old_size (h->undo));
  }
}

void
txn_hives_check_undone (txn *t, GString *left)
{
  for (guint k = 0; k < t->hives->len; k++) {
    const struct txn_hive *h = g_ptr_array_index (t->hives, k);
    if (!any_done (h))
      continue;
    GError *e = NULL;
    g_autofree char *why = hive_differs (t, h, TRUE, &e);
    if (e || why)
      g_string_append_printf (left, "; '%s' was not restored (%s; its undo record is '%s')", h->real,
                              e ? e->message : why, h->undo_path);
    g_clear_error (&e);
  }
}
