/* convert-undo: a conversion's hive patches taken back; see convert-undo.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-interrupt.h"
#include "events.h"
#include "convert-txn-internal.h"
#include "convert-undo.h"
#include "regf-cache.h"
#include "banned.h"

/* A record is a few kilobytes to a few megabytes (what a patch writes, twice); one this big was
 * not written by a conversion. */
#define UNDO_RECORD_MAX (256u << 20)
/* The unit a write lands in or not: a torn write leaves each sector old or new. */
#define SECTOR 512u

void
convert_undone_free (gpointer p)
{
  struct convert_undone *u = p;
  g_free (u->hive);
  g_free (u->record);
  g_free (u);
}

/* "SYSTEM.winseed-20261207T230430.undo" -> "SYSTEM" and the stamp; FALSE for other names. */
static gboolean
parse_record_name (const char *name, char **hive, char **stamp)
{
  static const char mark[] = ".winseed-";
  size_t n = strlen (name);
  if (n < 5 || g_ascii_strcasecmp (name + n - 5, ".undo") != 0)
    return FALSE;
  const char *m = g_strrstr (name, mark);
  if (m == NULL || m == name)
    return FALSE;
  const char *st = m + strlen (mark);
  size_t len = (size_t) (name + n - 5 - st);
  if (len != 15 || st[8] != 'T')
    return FALSE;
  for (size_t i = 0; i < len; i++)
    if (i != 8 && !g_ascii_isdigit (st[i]))
      return FALSE;
  g_autofree char *h = g_strndup (name, (gsize) (m - name));
  if (strcmp (h, ".") == 0 || strcmp (h, "..") == 0)
    return FALSE;   /* a directory, not a hive beside the record */
  *hive = g_steal_pointer (&h);
  *stamp = g_strndup (st, len);
  return TRUE;
}

/* The records of the run to undo, as names in dir (g_ptr_array of char *). */
static GPtrArray *
find_records (guest *g, const char *dir, const char *stamp, char **chosen, GError **error)
{
  g_auto (GStrv) names = guest_ls (g, dir, error);
  if (names == NULL)
    return NULL;
  /* The newest run, unless one is named: stamps sort as they read ("20261207T230430"). */
  g_autofree char *want = g_strdup (stamp);
  for (size_t i = 0; stamp == NULL && names[i]; i++) {
    g_autofree char *h = NULL, *st = NULL;
    if (parse_record_name (names[i], &h, &st) && (want == NULL || strcmp (st, want) > 0)) {
      g_free (want);
      want = g_steal_pointer (&st);
    }
  }
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  for (size_t i = 0; want && names[i]; i++) {
    g_autofree char *h = NULL, *st = NULL;
    if (parse_record_name (names[i], &h, &st) && strcmp (st, want) == 0)
      g_ptr_array_add (found, g_strdup (names[i]));
  }
  if (found->len == 0) {
    if (stamp)
      g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "no undo record of run %s in '%s'", stamp, dir);
    else
      g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "no undo record in '%s' (a conversion "
                   "keeps one per hive it patches in place)", dir);
    g_ptr_array_unref (found);
    return NULL;
  }
  *chosen = g_steal_pointer (&want);
  return found;
}

/* One 512-byte sector of the hive below its old end that the run wrote, in each state a commit
 * passes through: as it was, and after each group of writes. */
struct sector {
  uint8_t state[REGF_UNDO_GROUPS + 1][SECTOR];
};

/* Lay the part of a step's bytes that falls in sector i over buf. */
static void
lay (uint8_t *buf, uint64_t i, uint64_t off, const uint8_t *data, uint32_t len)
{
  uint64_t start = i * SECTOR, from = MAX (start, off), to = MIN (start + SECTOR, off + len);
  if (from < to)
    memcpy (buf + (from - start), data + (from - off), to - from);
}

/* The sectors the steps wrote below the old end, each in its states: read as the hive holds it
 * now, the old bytes laid over it earliest step last (what no step wrote never changed), then
 * each group's new bytes in turn. */
static GHashTable *
sector_states (regf_cache *hive, const regf_undo *u, GError **error)
{
  uint64_t old_size = regf_undo_old_size (u);
  g_autoptr (GHashTable) sectors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint k = 0; k < regf_undo_len (u); k++) {
    const struct regf_undo_step *st = regf_undo_step (u, k);
    uint64_t end = MIN (st->offset + st->new_len, old_size);
    for (uint64_t i = st->offset / SECTOR; i * SECTOR < end; i++) {
      if (g_hash_table_contains (sectors, &i))
        continue;
      struct sector *sec = g_new (struct sector, 1);
      size_t n = (size_t) MIN ((uint64_t) SECTOR, old_size - i * SECTOR);
      memset (sec->state[0], 0, SECTOR);
      if (!regf_cache_read (hive, i * SECTOR, n, sec->state[0], error)) {
        g_free (sec);
        return NULL;
      }
      g_hash_table_insert (sectors, g_memdup2 (&i, sizeof i), sec);
    }
  }
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, sectors);
  while (g_hash_table_iter_next (&it, &key, &value)) {
    uint64_t i = *(uint64_t *) key;
    struct sector *sec = value;
    for (guint k = regf_undo_len (u); k-- > 0;) {
      const struct regf_undo_step *st = regf_undo_step (u, k);
      lay (sec->state[0], i, st->offset, st->old_data, st->old_len);
    }
    for (int grp = 0; grp < REGF_UNDO_GROUPS; grp++) {
      memcpy (sec->state[grp + 1], sec->state[grp], SECTOR);
      for (guint k = 0; k < regf_undo_len (u); k++) {
        const struct regf_undo_step *st = regf_undo_step (u, k);
        if (regf_undo_group (st->stage) == grp)
          lay (sec->state[grp + 1], i, st->offset, st->new_data, st->new_len);
      }
    }
  }
  return g_steal_pointer (&sectors);
}

/* The hive is as the run left it, or as a commit cut short left it: its size between the old and
 * the new one, and every sector the run wrote below the old end in one of the states a commit
 * passes through (each sector on its own: a torn write leaves some sectors before and some
 * after). */
static gboolean
check_state (session *s, const char *name, const char *hive_path, const char *record_path,
             const regf_undo *u, GError **error)
{
  regf_cache *hive = session_hive_bytes (s, name, error);
  if (hive == NULL)
    return FALSE;
  int64_t size = guest_filesize (session_guest (s), hive_path, error);
  if (size < 0)
    return FALSE;
  g_autofree char *where = NULL;
  if ((uint64_t) size < regf_undo_old_size (u) || (uint64_t) size > regf_undo_new_size (u))
    where = g_strdup_printf ("it is %" G_GINT64_FORMAT " bytes long, the run left %" G_GUINT64_FORMAT,
                             size, regf_undo_new_size (u));
  g_autoptr (GHashTable) sectors = where ? NULL : sector_states (hive, u, error);
  if (where == NULL && sectors == NULL)
    return FALSE;
  GHashTableIter it;
  gpointer key, value;
  if (sectors)
    g_hash_table_iter_init (&it, sectors);
  while (where == NULL && sectors && g_hash_table_iter_next (&it, &key, &value)) {
    const struct sector *sec = value;
    uint8_t disk[SECTOR] = { 0 };
    uint64_t i = *(uint64_t *) key;
    size_t n = (size_t) MIN ((uint64_t) SECTOR, regf_undo_old_size (u) - i * SECTOR);
    if (!regf_cache_read (hive, i * SECTOR, n, disk, error))
      return FALSE;
    gboolean known = FALSE;
    for (int k = 0; !known && k <= REGF_UNDO_GROUPS; k++)
      known = memcmp (disk, sec->state[k], SECTOR) == 0;
    if (!known)
      where = g_strdup_printf ("at offset %" G_GUINT64_FORMAT, i * SECTOR);
  }
  if (where) {
    g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "'%s' has changed since the conversion that wrote "
                 "'%s' (%s): writing its old bytes back would corrupt it; nothing was written",
                 hive_path, record_path, where);
    return FALSE;
  }
  return TRUE;
}

/* One record: read, decoded, checked against its hive, queued in t (every step marked written, so
 * that the undo puts back all of them). */
static gboolean
queue_record (session *s, txn *t, const char *dir, const char *record_name, GError **error)
{
  guest *g = session_guest (s);
  g_autofree char *hive_name = NULL, *stamp = NULL;
  parse_record_name (record_name, &hive_name, &stamp);
  g_autofree char *record_path = g_strdup_printf ("%s/%s", dir, record_name);
  g_autofree char *hive_path = g_strdup_printf ("%s/%s", dir, hive_name);
  int64_t rsize = guest_filesize (g, record_path, error);
  if (rsize < 0)
    return FALSE;
  if ((uint64_t) rsize > UNDO_RECORD_MAX) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "undo record '%s' is %" G_GINT64_FORMAT " bytes, "
                 "more than a conversion writes (%u MiB at most)", record_path, rsize, UNDO_RECORD_MAX >> 20);
    return FALSE;
  }
  if (!guest_is_file (g, hive_path)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "undo record '%s' has no hive beside it ('%s' is "
                 "missing)", record_path, hive_path);
    return FALSE;
  }
  g_autofree char *local = g_build_filename (session_scratch (s), record_name, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!guest_download (g, record_path, local, error) || !g_file_get_contents (local, &data, &len, error))
    return FALSE;
  g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  g_autoptr (regf_undo) u = regf_undo_decode (bytes, record_path, error);
  if (u == NULL || !check_state (s, hive_name, hive_path, record_path, u, error))
    return FALSE;
  struct txn_hive *h = g_new0 (struct txn_hive, 1);
  h->guest = g_strdup (hive_path);
  h->real = guest_resolve (g, hive_path, NULL);
  h->undo_path = g_strdup (record_path);
  h->done = g_new (gboolean, MAX (regf_undo_len (u), 1));
  for (guint i = 0; i < regf_undo_len (u); i++)
    h->done[i] = TRUE;
  h->undo = g_steal_pointer (&u);
  g_ptr_array_add (t->hives, h);
  return TRUE;
}

/* Write the old bytes back and read them back; then the records go. */
static gboolean
restore (txn *t, GPtrArray *undone, GError **error)
{
  g_autoptr (GString) left = g_string_new (NULL);
  txn_hives_undo (t, left);
  if (!guest_drop_caches (t->g, NULL))
    g_string_append (left, "; flush the filesystem");
  else
    txn_hives_check_undone (t, left);
  if (left->len) {
    g_set_error (error, WS_ERROR, WS_EXIT_ROLLBACK_INCOMPLETE, "UNDO INCOMPLETE (by hand:%s)", left->str + 1);
    return FALSE;
  }
  for (guint i = 0; i < t->hives->len; i++) {
    const struct txn_hive *h = g_ptr_array_index (t->hives, i);
    GError *e = NULL;
    if (!guest_rm (t->g, h->undo_path, &e)) {
      g_autofree char *w = g_strdup_printf ("cannot remove undo record '%s': %s", h->undo_path, e->message);
      events_warning (w);
      g_error_free (e);
    }
    struct convert_undone *d = g_new0 (struct convert_undone, 1);
    d->hive = g_strdup (h->real);
    d->record = g_strdup (h->undo_path);
    g_ptr_array_add (undone, d);
  }
  return guest_sync (t->g, error);
}

gboolean
convert_undo (session *s, const char *stamp, char **out_stamp, GPtrArray *undone, GError **error)
{
  guest *g = session_guest (s);
  g_autofree char *dir = session_hive_path (s, "");
  dir[strlen (dir) - 1] = '\0';   /* ".../System32/config" */
  g_autofree char *chosen = NULL;
  g_autoptr (GPtrArray) records = find_records (g, dir, stamp, &chosen, error);
  if (records == NULL)
    return FALSE;
  g_autoptr (txn) t = txn_new (g, chosen);
  for (guint i = 0; i < records->len; i++)
    if (!queue_record (s, t, dir, g_ptr_array_index (records, i), error))
      return FALSE;
  /* Nothing is written before every record checked out. */
  if (!guest_remount_rw (g, session_root (s), error))
    return FALSE;
  ws_interrupt_guard_begin ();
  gboolean ok = restore (t, undone, error);
  ws_interrupt_guard_end ();
  session_release_hives (s);
  *out_stamp = g_steal_pointer (&chosen);
  return ok;
}
