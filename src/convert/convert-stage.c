/* convert-stage: every byte of the conversion prepared on the host (driver files extracted from
 * the set; for each edited hive, the writes that patch it in place and their undo record, or
 * where it cannot be patched in place, an edited and checked host copy) and queued in a
 * transaction; and the check, after the commit, of what reached the guest's disk. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "hive-apply.h"
#include "regf-patch.h"
#include "regf-undo.h"
#include "convert-internal.h"
#include "banned.h"

/* Extract one driver-set file to the scratch directory. */
static char *
extract (struct driver_set *ds, const char *scratch, const char *relpath, guint n, GError **error)
{
  g_autoptr (GBytes) b = driver_set_read (ds, relpath, 0, error);
  if (b == NULL)
    return NULL;
  g_autofree char *dir = g_build_filename (scratch, "files", NULL);
  g_mkdir_with_parents (dir, 0700);
  char *local = g_strdup_printf ("%s/%u", dir, n);
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  GError *e = NULL;
  if (!g_file_set_contents (local, data, (gssize) len, &e)) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot stage '%s': %s", relpath, e->message);
    g_error_free (e);
    g_free (local);
    return NULL;
  }
  return local;
}

static gboolean
stage_files (txn *t, struct driver_set *ds, const char *scratch, const struct conv_plan *p,
             GError **error)
{
  for (guint i = 0; i < p->file_ops->len; i++) {
    const struct plan_file_op *op = g_ptr_array_index (p->file_ops, i);
    if (op->kind == PLAN_FILE_REMOVE_DIR) {
      txn_add_remove_tree (t, op->dest);
      continue;
    }
    g_autofree char *local = extract (ds, scratch, op->source, i, error);
    if (local == NULL)
      return FALSE;
    txn_add_file (t, local, op->dest, FALSE);
  }
  return TRUE;
}

/* The first-boot payload: one more file, written before the hives that schedule it. */
static gboolean
stage_payload (txn *t, const char *scratch, const struct conv_plan *p, GError **error)
{
  if (!p->fb_payload)
    return TRUE;
  g_autofree char *local = g_build_filename (scratch, "firstboot.cmd", NULL);
  GError *e = NULL;
  if (!g_file_set_contents (local, p->fb_payload, -1, &e)) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot stage the first-boot payload: %s", e->message);
    g_error_free (e);
    return FALSE;
  }
  txn_add_file (t, local, p->fb_guest_path, FALSE);
  return TRUE;
}

/* A hive the patch cannot edit in place (regf-patch.h says when): downloaded, edited with hivex
 * and checked on the host, and written back as a patched copy of the guest's file. */
static gboolean
stage_hive_copy (txn *t, session *s, enum reg_hive hive, const struct conv_hive *h,
                 const struct reg_plan *edits, GError **error)
{
  const char *local = session_hive_local (s, reg_hive_name (hive), error);
  if (local == NULL)
    return FALSE;
  g_autofree char *staged = g_strdup_printf ("%s.staged", local);
  if (!hive_apply (local, staged, edits, hive, error)) {
    g_prefix_error (error, "%s: ", h->guest_path);
    return FALSE;
  }
  txn_add_patched_file (t, staged, h->guest_path, local);
  return TRUE;
}

/* One edited hive: the writes that patch it in place, computed from the cells the edits reach,
 * with the undo record that goes into the guest before them.  A hive that already holds every
 * edit (a re-run) gives no writes and is left alone. */
static gboolean
stage_hive (txn *t, session *s, const char *stamp, enum reg_hive hive, const struct conv_hive *h,
            const struct reg_plan *edits, GError **error)
{
  const char *name = reg_hive_name (hive);
  /* Read where the planners read (most of what the patch needs is fetched already), and read
   * again by the undo record for the bytes between the writes it joins. */
  regf_cache *cache = session_hive_bytes (s, name, error);
  if (cache == NULL)
    return FALSE;
  struct regf_source src = regf_cache_source (cache);
  gboolean fallback = FALSE;
  GError *e = NULL;
  g_autoptr (regf_patch) patch = regf_patch_new (&src, edits, hive, &fallback, &e);
  if (patch == NULL && fallback) {
    g_error_free (e);
    return stage_hive_copy (t, s, hive, h, edits, error);
  }
  if (patch == NULL) {
    g_propagate_prefixed_error (error, e, "%s: ", h->guest_path);
    return FALSE;
  }
  if (regf_patch_empty (patch))
    return TRUE;
  g_autoptr (GBytes) record = regf_undo_encode (patch, cache, error);
  if (record == NULL) {
    g_prefix_error (error, "%s: ", h->guest_path);
    return FALSE;
  }
  g_autofree char *local = g_strdup_printf ("%s/%s.undo", session_scratch (s), name);
  g_autofree char *undo_path = g_strdup_printf ("%s.winseed-%s.undo", h->guest_path, stamp);
  GError *w = NULL;
  gsize len;
  const char *data = g_bytes_get_data (record, &len);
  if (!g_file_set_contents (local, data, (gssize) len, &w)) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot stage the undo record of %s: %s", name, w->message);
    g_error_free (w);
    return FALSE;
  }
  return txn_add_hive_patch (t, h->guest_path, record, local, undo_path, error);
}

/* Hives last: they are what makes Windows use the files, so they are written last. */
static gboolean
stage_hives (txn *t, session *s, const char *stamp, const struct conv_guest *gu, const struct conv_plan *p,
             GError **error)
{
  enum reg_hive hives[REG_HIVE_COUNT];
  size_t n = reg_plan_hives (p->edits, hives);
  for (size_t i = 0; i < n; i++) {
    const struct conv_hive *h = &gu->hives[hives[i]];
    if (!h->present) {
      g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "the plan edits the %s hive, which the "
                   "guest does not have", reg_hive_name (hives[i]));
      return FALSE;
    }
    if (!stage_hive (t, s, stamp, hives[i], h, p->edits, error))
      return FALSE;
  }
  return TRUE;
}

static char *
run_stamp (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y%m%dT%H%M%S");
}

txn *
conv_stage (session *s, const struct conv_guest *gu, const struct conv_selection *sel,
            const struct conv_plan *p, GError **error)
{
  g_autofree char *stamp = run_stamp ();
  const char *scratch = session_scratch (s);
  g_autoptr (txn) t = txn_new (session_guest (s), stamp);
  if (!stage_files (t, sel->ds, scratch, p, error) || !stage_payload (t, scratch, p, error)
      || !stage_hives (t, s, stamp, gu, p, error))
    return NULL;
  return g_steal_pointer (&t);
}

/* A guest path as a key: lower case, '/' only (the plan's spelling and the disk's may differ). */
static char *
path_key (const char *path)
{
  char *k = g_ascii_strdown (path, -1);
  g_strdelimit (k, "\\", '/');
  return k;
}

gboolean
conv_verify (guest *g, txn *t, const struct conv_plan *p, GError **error)
{
  /* The commit read every file it wrote back from the disk at its final name, after the
   * appliance's caches were dropped, before it let go of the backups (convert-txn.h).  What is
   * left to check, on listings read from the disk again, is the rest of the plan's shape: every
   * folder it removes is gone, and every file it copies that the commit did not write (already
   * there, identical) is still there. */
  if (!guest_drop_caches (g, error))
    return FALSE;
  g_autoptr (GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (const char *const *w = txn_written (t); *w; w++)
    g_hash_table_add (written, path_key (*w));
  for (guint i = 0; i < p->file_ops->len; i++) {
    const struct plan_file_op *op = g_ptr_array_index (p->file_ops, i);
    g_autofree char *key = path_key (op->dest);
    if (op->kind == PLAN_FILE_COPY && g_hash_table_contains (written, key))
      continue;
    gboolean there = guest_is_file (g, op->dest) || guest_is_dir (g, op->dest);
    if ((op->kind == PLAN_FILE_COPY) != there) {
      g_set_error (error, WS_ERROR, WS_EXIT_ROLLBACK_INCOMPLETE, "guest file '%s' is %s", op->dest,
                   there ? "still there" : "missing");
      return FALSE;
    }
  }
  return TRUE;
}
