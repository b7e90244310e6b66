/* regf-undo: encode and decode the undo record of an in-place hive patch; see regf-undo.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "regf-undo.h"
#include "banned.h"

#define UNDO_MAGIC "WSUNDO01"
#define UNDO_MAGIC_LEN 8

struct regf_undo {
  GBytes *record;       /* the steps point into it */
  uint64_t old_size, new_size;
  GArray *steps;        /* struct regf_undo_step */
};

static void
put_u32 (GByteArray *b, uint32_t v)
{
  uint32_t le = GUINT32_TO_LE (v);
  g_byte_array_append (b, (const guint8 *) &le, sizeof le);
}

static void
put_u64 (GByteArray *b, uint64_t v)
{
  uint64_t le = GUINT64_TO_LE (v);
  g_byte_array_append (b, (const guint8 *) &le, sizeof le);
}

int
regf_undo_group (enum regf_stage s)
{
  switch (s) {
  case REGF_STAGE_APPEND:
    return 0;
  case REGF_STAGE_HEADER:
  case REGF_STAGE_PRELINK:
    return 1;
  case REGF_STAGE_LINK:
    return 2;
  case REGF_STAGE_FREE:
  default:
    return 3;
  }
}

/* One write of the patch, with its group. */
struct pw {
  const struct regf_write *w;
  enum regf_stage stage;
  int group;
  guint order;    /* position in the patch's own order */
};

static int
by_offset (gconstpointer a, gconstpointer b)
{
  const struct pw *x = a, *y = b;
  if (x->w->offset != y->w->offset)
    return x->w->offset < y->w->offset ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int
by_order (gconstpointer a, gconstpointer b)
{
  const struct pw *x = *(const struct pw *const *) a, *y = *(const struct pw *const *) b;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Lay w's bytes that fall inside [start, start + len) over buf. */
static void
overlay (uint8_t *buf, uint64_t start, uint64_t len, uint64_t off, const uint8_t *data, uint64_t n)
{
  uint64_t from = MAX (start, off), to = MIN (start + len, off + n);
  if (from < to)
    memcpy (buf + (from - start), data + (from - off), to - from);
}

struct encoder {
  GByteArray *out;
  uint32_t steps;
  uint64_t old_size;
  GArray *all;        /* struct pw, every write */
  regf_cache *file;
};

/* One step of the record: the writes run[0..n) of group grp, joined over [start, end).  Its old
 * bytes are the file as the earlier groups leave it; its new bytes those with the run's writes
 * laid over them in the patch's order. */
static gboolean
emit (struct encoder *en, int grp, GPtrArray *run, uint64_t start, uint64_t end, GError **error)
{
  uint64_t len = end - start;
  g_autofree uint8_t *buf = g_malloc0 (len);
  g_autofree uint8_t *covered = g_malloc0 (len);
  for (guint i = 0; i < run->len; i++) {
    const struct regf_write *w = ((const struct pw *) g_ptr_array_index (run, i))->w;
    overlay (buf, start, len, w->offset, w->old, w->old_len);
    memset (covered + (w->offset - start), 1, w->len);
  }
  /* Between the writes: the file's own bytes (all below the old end: see join_runs). */
  for (uint64_t i = 0; i < len;) {
    if (covered[i]) {
      i++;
      continue;
    }
    uint64_t j = i;
    while (j < len && !covered[j])
      j++;
    if (!regf_cache_read (en->file, start + i, (size_t) (j - i), buf + i, error))
      return FALSE;
    i = j;
  }
  for (guint i = 0; i < en->all->len; i++) {
    const struct pw *e = &g_array_index (en->all, struct pw, i);
    if (e->group < grp)
      overlay (buf, start, len, e->w->offset, e->w->data, e->w->len);
  }
  uint32_t old_len = start >= en->old_size ? 0 : (uint32_t) MIN (len, en->old_size - start);
  guint8 stage = (guint8) ((const struct pw *) g_ptr_array_index (run, 0))->stage;
  g_byte_array_append (en->out, &stage, 1);
  put_u64 (en->out, start);
  put_u32 (en->out, (uint32_t) len);
  guint at = en->out->len;
  g_byte_array_append (en->out, buf, (guint) len);
  g_ptr_array_sort (run, by_order);
  for (guint i = 0; i < run->len; i++) {
    const struct regf_write *w = ((const struct pw *) g_ptr_array_index (run, i))->w;
    memcpy (en->out->data + at + (w->offset - start), w->data, w->len);
  }
  put_u32 (en->out, old_len);
  g_byte_array_append (en->out, buf, old_len);
  en->steps++;
  return TRUE;
}

/* The writes of group grp, by offset, joined into steps: a write that touches or overlaps the
 * step before always joins it; one a gap away only when both lie below the old end, where the
 * gap's bytes exist. */
static gboolean
join_runs (struct encoder *en, int grp, GError **error)
{
  g_autoptr (GArray) sel = g_array_new (FALSE, FALSE, sizeof (struct pw));
  for (guint i = 0; i < en->all->len; i++)
    if (g_array_index (en->all, struct pw, i).group == grp)
      g_array_append_val (sel, g_array_index (en->all, struct pw, i));
  g_array_sort (sel, by_offset);
  g_autoptr (GPtrArray) run = g_ptr_array_new ();
  uint64_t start = 0, end = 0;
  for (guint i = 0; i < sel->len; i++) {
    const struct pw *e = &g_array_index (sel, struct pw, i);
    uint64_t wend = e->w->offset + e->w->len;
    gboolean joins = run->len && e->w->offset <= end + REGF_UNDO_GAP && MAX (end, wend) - start <= REGF_UNDO_JOIN_MAX
      && (e->w->offset <= end || wend <= en->old_size);
    if (run->len && !joins) {
      if (!emit (en, grp, run, start, end, error))
        return FALSE;
      g_ptr_array_set_size (run, 0);
    }
    if (run->len == 0) {
      start = e->w->offset;
      end = wend;
    }
    end = MAX (end, wend);
    g_ptr_array_add (run, (gpointer) e);
  }
  return run->len == 0 || emit (en, grp, run, start, end, error);
}

GBytes *
regf_undo_encode (const regf_patch *p, regf_cache *file, GError **error)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (struct pw));
  for (int s = 0; s < REGF_STAGE_COUNT; s++) {
    const GArray *ws = regf_patch_stage (p, (enum regf_stage) s);
    for (guint i = 0; i < ws->len; i++) {
      struct pw e = { &g_array_index (ws, struct regf_write, i), (enum regf_stage) s,
                      regf_undo_group ((enum regf_stage) s), all->len };
      g_array_append_val (all, e);
    }
  }
  g_byte_array_append (out, (const guint8 *) UNDO_MAGIC, UNDO_MAGIC_LEN);
  put_u64 (out, regf_patch_old_size (p));
  put_u64 (out, regf_patch_new_size (p));
  put_u32 (out, 0);   /* the step count, filled in below */
  struct encoder en = { out, 0, regf_patch_old_size (p), all, file };
  for (int grp = 0; grp < REGF_UNDO_GROUPS; grp++)
    if (!join_runs (&en, grp, error))
      return NULL;
  uint32_t le = GUINT32_TO_LE (en.steps);
  memcpy (out->data + UNDO_MAGIC_LEN + 16, &le, sizeof le);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* A cursor over the record: each take fails, naming where, once the record runs out. */
struct cursor {
  const uint8_t *data;
  size_t len, at;
  const char *origin;
};

static gboolean
take (struct cursor *c, size_t n, const uint8_t **out, GError **error)
{
  if (n > c->len - c->at) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "undo record '%s' is truncated at byte %zu "
                 "(%zu more bytes announced, %zu left)", c->origin, c->at, n, c->len - c->at);
    return FALSE;
  }
  *out = c->data + c->at;
  c->at += n;
  return TRUE;
}

/* A little-endian integer of size bytes (4 or 8). */
static gboolean
take_le (struct cursor *c, size_t size, uint64_t *v, GError **error)
{
  const uint8_t *p;
  if (!take (c, size, &p, error))
    return FALSE;
  *v = 0;
  for (size_t i = size; i-- > 0;)
    *v = *v << 8 | p[i];
  return TRUE;
}

static gboolean
take_u32 (struct cursor *c, uint32_t *v, GError **error)
{
  uint64_t x;
  if (!take_le (c, 4, &x, error))
    return FALSE;
  *v = (uint32_t) x;
  return TRUE;
}

static gboolean
bad (const struct cursor *c, size_t at, const char *what, GError **error)
{
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "undo record '%s' is not valid at byte %zu: %s",
               c->origin, at, what);
  return FALSE;
}

/* One step, checked against the sizes the record announces: its new bytes lie below the new
 * size, and the old ones are the part of them that lay below the old size. */
static gboolean
take_step (struct cursor *c, const regf_undo *u, struct regf_undo_step *st, GError **error)
{
  size_t at = c->at;
  const uint8_t *stage;
  if (!take (c, 1, &stage, error) || !take_le (c, 8, &st->offset, error) || !take_u32 (c, &st->new_len, error)
      || !take (c, st->new_len, &st->new_data, error) || !take_u32 (c, &st->old_len, error)
      || !take (c, st->old_len, &st->old_data, error))
    return FALSE;
  if (*stage >= REGF_STAGE_COUNT)
    return bad (c, at, "unknown stage", error);
  st->stage = (enum regf_stage) *stage;
  if (st->offset > u->new_size || st->new_len > u->new_size - st->offset)
    return bad (c, at, "a step writes past the new size", error);
  uint64_t below_old = st->offset >= u->old_size ? 0 : MIN ((uint64_t) st->new_len, u->old_size - st->offset);
  if (st->old_len != below_old)
    return bad (c, at, "a step's old bytes do not match the old size", error);
  if (st->old_len == 0)
    st->old_data = NULL;
  return TRUE;
}

regf_undo *
regf_undo_decode (GBytes *record, const char *origin, GError **error)
{
  g_autoptr (regf_undo) u = g_new0 (regf_undo, 1);
  u->record = g_bytes_ref (record);
  u->steps = g_array_new (FALSE, FALSE, sizeof (struct regf_undo_step));
  gsize len;
  struct cursor c = { .data = g_bytes_get_data (record, &len), .origin = origin };
  c.len = len;
  const uint8_t *magic;
  uint32_t n;
  if (!take (&c, UNDO_MAGIC_LEN, &magic, error))
    return NULL;
  if (memcmp (magic, UNDO_MAGIC, UNDO_MAGIC_LEN) != 0) {
    bad (&c, 0, "no WSUNDO01 signature", error);
    return NULL;
  }
  if (!take_le (&c, 8, &u->old_size, error) || !take_le (&c, 8, &u->new_size, error) || !take_u32 (&c, &n, error))
    return NULL;
  if (u->new_size < u->old_size) {
    bad (&c, UNDO_MAGIC_LEN, "the new size is below the old one", error);
    return NULL;
  }
  /* Each step takes at least 17 bytes: a count beyond that is a lie, not an allocation. */
  if (n > (c.len - c.at) / 17) {
    bad (&c, UNDO_MAGIC_LEN + 16, "more steps announced than the record holds", error);
    return NULL;
  }
  for (uint32_t i = 0; i < n; i++) {
    struct regf_undo_step st;
    if (!take_step (&c, u, &st, error))
      return NULL;
    g_array_append_val (u->steps, st);
  }
  if (c.at != c.len) {
    bad (&c, c.at, "bytes after the last step", error);
    return NULL;
  }
  return g_steal_pointer (&u);
}

void
regf_undo_free (regf_undo *u)
{
  if (u == NULL)
    return;
  g_bytes_unref (u->record);
  if (u->steps)
    g_array_unref (u->steps);
  g_free (u);
}

uint64_t
regf_undo_old_size (const regf_undo *u)
{
  return u->old_size;
}

uint64_t
regf_undo_new_size (const regf_undo *u)
{
  return u->new_size;
}

guint
regf_undo_len (const regf_undo *u)
{
  return u->steps->len;
}

const struct regf_undo_step *
regf_undo_step (const regf_undo *u, guint i)
{
  return &g_array_index (u->steps, struct regf_undo_step, i);
}
