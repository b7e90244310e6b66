/* convert-txn: stage, rename, roll back; see convert-txn.h. */
#include <config.h>

#include <string.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "ws-fault.h"
#include "ws-interrupt.h"
#include "ws-tmpdir.h"
#include "convert-txn-internal.h"
#include "banned.h"

/* The unit a patched file is compared and written in: a hive's page (hbin blocks are multiples
 * of 4096 bytes, docs/registry-and-hives.md#what-an-edit-changes). */
#define DELTA_BLOCK 4096

struct txn_file {
  char *local;
  char *guest;
  char *base;         /* local copy of the guest file it replaces: written as a patch of that file */
  char *sha256;       /* of the local file */
  guint64 size;       /* of the local file */
  gboolean keep_backup;
  gboolean remove_tree; /* a directory to remove, not a file to write */
  char *real;         /* guest path as the guest resolves it: normalised, in its real case */
  char *orig_sha256;  /* of the guest file it replaces, when known (not for hives) */
  gboolean existed;   /* replaces a file: staged beside it, then renamed over it */
  char *target;       /* where the tar puts it: real, or real + ".winseed-new" */
  char *staged;       /* temporary guest path while staged */
  char *backup;       /* where the replaced original went */
  gboolean placed;    /* renamed into place */
  gboolean undo_record; /* a patched hive's undo record: reported as its backup */
  gboolean kept;      /* left in the guest by a rollback that could not restore its hive */
};

static void
file_free (gpointer p)
{
  struct txn_file *f = p;
  g_free (f->local);
  g_free (f->guest);
  g_free (f->base);
  g_free (f->sha256);
  g_free (f->staged);
  g_free (f->backup);
  g_free (f->real);
  g_free (f->orig_sha256);
  g_free (f->target);
  g_free (f);
}

txn *
txn_new (guest *g, const char *stamp)
{
  txn *t = g_new0 (txn, 1);
  t->g = g;
  t->stamp = g_strdup (stamp);
  t->files = g_ptr_array_new_with_free_func (file_free);
  t->hives = g_ptr_array_new_with_free_func (txn_hive_free);
  t->new_dirs = g_ptr_array_new_with_free_func (g_free);
  t->dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->backups = g_ptr_array_new_with_free_func (g_free);
  t->written = g_ptr_array_new_with_free_func (g_free);
  t->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (t->backups, NULL);
  g_ptr_array_add (t->written, NULL);
  return t;
}

void
txn_free (txn *t)
{
  if (t == NULL)
    return;
  g_ptr_array_unref (t->files);
  g_ptr_array_unref (t->hives);
  g_ptr_array_unref (t->new_dirs);
  g_hash_table_unref (t->dirs);
  g_ptr_array_unref (t->backups);
  g_ptr_array_unref (t->written);
  g_ptr_array_unref (t->warnings);
  g_free (t->stamp);
  g_free (t);
}

void
txn_add_file (txn *t, const char *local_path, const char *guest_path, gboolean keep_backup)
{
  struct txn_file *f = g_new0 (struct txn_file, 1);
  f->local = g_strdup (local_path);
  f->guest = g_strdup (guest_path);
  f->keep_backup = keep_backup;
  g_ptr_array_add (t->files, f);
}

void
txn_add_patched_file (txn *t, const char *local_path, const char *guest_path, const char *base_path)
{
  txn_add_file (t, local_path, guest_path, TRUE);
  struct txn_file *f = g_ptr_array_index (t->files, t->files->len - 1);
  f->base = g_strdup (base_path);
}

gboolean
txn_add_hive_patch (txn *t, const char *guest_path, GBytes *undo_record, const char *undo_local,
                    const char *undo_guest_path, GError **error)
{
  regf_undo *u = regf_undo_decode (undo_record, undo_local, error);
  if (u == NULL)
    return FALSE;
  struct txn_hive *h = g_new0 (struct txn_hive, 1);
  h->guest = g_strdup (guest_path);
  h->undo = u;
  h->done = g_new0 (gboolean, MAX (regf_undo_len (u), 1));
  h->undo_path = g_strdup (undo_guest_path);
  g_ptr_array_add (t->hives, h);
  /* The record reaches the disk with the other files, before the first write to the hive. */
  txn_add_file (t, undo_local, undo_guest_path, FALSE);
  struct txn_file *f = g_ptr_array_index (t->files, t->files->len - 1);
  f->undo_record = TRUE;
  return TRUE;
}

void
txn_add_remove_tree (txn *t, const char *guest_path)
{
  struct txn_file *f = g_new0 (struct txn_file, 1);
  f->guest = g_strdup (guest_path);
  f->remove_tree = TRUE;
  g_ptr_array_add (t->files, f);
}

static char *normalise (const char *path, GError **error);

static char *
local_sha256 (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  GError *e = NULL;
  if (!g_file_get_contents (path, &data, &len, &e)) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot read staged file '%s': %s", path, e->message);
    g_error_free (e);
    return NULL;
  }
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

gboolean
txn_prune_unchanged (txn *t, guint *left, GError **error)
{
  for (guint i = 0; i < t->files->len;) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->remove_tree) {
      g_autofree char *norm = normalise (f->guest, error);
      if (norm == NULL)
        return FALSE;
      if (guest_is_dir (t->g, norm))
        i++;
      else
        g_ptr_array_remove_index (t->files, i);
      continue;
    }
    /* A staged hive always differs from the guest's (unchanged hives are never staged), and
     * hashing a 15 MiB hive in the appliance is not free: keep it without looking. */
    if (f->keep_backup) {
      i++;
      continue;
    }
    if (f->sha256 == NULL && (f->sha256 = local_sha256 (f->local, error)) == NULL)
      return FALSE;
    g_autofree char *norm = normalise (f->guest, error);
    if (norm == NULL)
      return FALSE;
    g_autofree char *there = guest_is_file (t->g, norm) ? guest_sha256 (t->g, norm, NULL) : NULL;
    if (there && g_ascii_strcasecmp (there, f->sha256) == 0) {
      g_ptr_array_remove_index (t->files, i);
      continue;
    }
    /* Kept, so that a rollback can check the original is back. */
    f->orig_sha256 = g_steal_pointer (&there);
    i++;
  }
  *left = t->files->len;
  return TRUE;
}

guint64
txn_bytes_needed (const txn *t)
{
  guint64 total = 0;
  for (guint i = 0; i < t->files->len; i++) {
    const struct txn_file *f = g_ptr_array_index (t->files, i);
    GStatBuf st;
    if (f->local && g_stat (f->local, &st) == 0)
      total += (guint64) st.st_size + 4096;   /* data plus an MFT record's worth */
  }
  for (guint i = 0; i < t->hives->len; i++) {
    const struct txn_hive *h = g_ptr_array_index (t->hives, i);
    total += regf_undo_new_size (h->undo) - regf_undo_old_size (h->undo);
  }
  return total;
}

/* Every guest write goes through here first: the fault-injection point. */
gboolean
txn_write_step (txn *t, GError **error)
{
  g_autofree char *step = g_strdup_printf ("convert:write:%u", ++t->writes);
  return ws_interrupt_check (error) && ws_fault_point (step, error);
}

/* path with '\\' as '/', empty and "." components dropped and ".." applied: the path the guest
 * will use.  NULL + error when ".." climbs above the root. */
static char *
normalise (const char *path, GError **error)
{
  g_auto (GStrv) parts = g_strsplit_set (path, "/\\", -1);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  for (size_t i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
      continue;
    if (strcmp (parts[i], "..") != 0)
      g_ptr_array_add (kept, parts[i]);
    else if (kept->len > 0)
      g_ptr_array_set_size (kept, kept->len - 1);
    else {
      g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write guest path '%s': it climbs above the "
                   "root of the filesystem", path);
      return NULL;
    }
  }
  g_autoptr (GString) out = g_string_new (NULL);
  for (guint i = 0; i < kept->len; i++)
    g_string_append_printf (out, "/%s", (const char *) g_ptr_array_index (kept, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The path this transaction writes for guest_path: normalised, existing components in their real
 * case, and a directory it creates spelt the same for every file in it (ntfs-3g would otherwise
 * create "New" and "new" side by side, which Windows cannot tell apart).  Directories the guest
 * lacks are recorded, outermost first: tar creates them, the rollback removes them. */
static char *
resolve_path (txn *t, const char *guest_path, GError **error)
{
  g_autofree char *norm = normalise (guest_path, error);
  if (norm == NULL)
    return NULL;
  g_autofree char *real = guest_real_path (t->g, norm);
  g_auto (GStrv) parts = g_strsplit (real, "/", -1);
  g_autoptr (GString) cur = g_string_new ("");
  for (size_t i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0')
      continue;
    if (parts[i + 1] == NULL) {
      g_string_append_printf (cur, "/%s", parts[i]);
      break;
    }
    g_autofree char *joined = g_strdup_printf ("%s/%s", cur->str, parts[i]);
    g_autofree char *lower = g_ascii_strdown (joined, -1);
    const char *known = g_hash_table_lookup (t->dirs, lower);
    if (known) {
      g_string_assign (cur, known);
      continue;
    }
    g_string_append_printf (cur, "/%s", parts[i]);
    g_hash_table_insert (t->dirs, g_steal_pointer (&lower), g_strdup (cur->str));
    if (!guest_is_dir (t->g, cur->str))
      g_ptr_array_add (t->new_dirs, g_strdup (cur->str));
  }
  return g_string_free (g_steal_pointer (&cur), FALSE);
}

/* One tar holding every file at its target path: one round trip instead of one per file.
 * archived receives those target paths (borrowed), for guest_tar_in. */
static char *
build_tar (txn *t, const char *tmp, GPtrArray *archived, GError **error)
{
  g_autofree char *tree = g_build_filename (tmp, "tree", NULL);
  g_autofree char *list = g_build_filename (tmp, "list", NULL);
  char *tar = g_build_filename (tmp, "files.tar", NULL);
  g_autoptr (GString) names = g_string_new (NULL);
  for (guint i = 0; i < t->files->len; i++) {
    const struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->remove_tree || f->base)
      continue;
    g_autofree char *dest = g_build_filename (tree, f->target, NULL);
    g_autofree char *dir = g_path_get_dirname (dest);
    g_autofree char *data = NULL;
    gsize len = 0;
    if (g_mkdir_with_parents (dir, 0700) != 0 || !g_file_get_contents (f->local, &data, &len, NULL) ||
        !g_file_set_contents (dest, data, (gssize) len, NULL)) {
      g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot stage '%s' in '%s'", f->local, tree);
      g_free (tar);
      return NULL;
    }
    g_string_append_printf (names, "%s\n", f->target + 1);
    g_ptr_array_add (archived, f->target);
  }
  int status = 1;
  const char *argv[] = { "tar", "-C", tree, "--no-recursion", "-cf", tar, "-T", list, NULL };
  if (!g_file_set_contents (list, names->str, -1, NULL) ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL) ||
      status != 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot build the staging archive '%s' (tar failed)", tar);
    g_free (tar);
    return NULL;
  }
  return tar;
}

/* Every file reads back, at its final name, as what was written; a mismatch rolls back. */
static gboolean
check_sums (txn *t, GError **error)
{
  for (guint i = 0; i < t->files->len; i++) {
    const struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->remove_tree)
      continue;
    /* Read at the name this run gave it, with no directory listed to find it (after a cache
     * drop that costs a call per directory): a file the disk did not keep cannot be read. */
    const char *path = f->real;
    g_autoptr (GError) e = NULL;
    g_autofree char *sum = guest_sha256_exact (t->g, path, &e);
    if (sum == NULL || g_ascii_strcasecmp (sum, f->sha256) != 0) {
      g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK, "guest file '%s' does not match what was written (%s%s, "
                   "expected sha256 %s)", path, sum ? "sha256 " : "cannot read it back: ",
                   sum ? sum : e->message, f->sha256);
      return FALSE;
    }
  }
  return TRUE;
}

/* A file that replaces a big one it mostly repeats (a hive): staged as a copy of the guest's own
 * file, made inside the appliance, with the blocks that differ written over it.  What crosses the
 * channel is a few pages instead of the whole file; the checksum check that follows is the same. */
static gboolean
stage_patched (txn *t, struct txn_file *f, GError **error)
{
  g_autoptr (GArray) ranges = ws_delta_files (f->base, f->local, DELTA_BLOCK, error);
  if (ranges == NULL)
    return FALSE;
  /* From here on the temporary may exist: the rollback removes it. */
  f->staged = g_strdup (f->target);
  return txn_write_step (t, error) && guest_copy (t->g, f->real, f->target, error)
    && txn_write_step (t, error) && guest_patch (t->g, f->target, f->local, ranges, f->size, error);
}

/* Write every file into the guest: new files at their place, replacements beside the file they
 * replace. */
static gboolean
stage_all (txn *t, GError **error)
{
  for (guint i = 0; i < t->files->len; i++) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    if ((f->real = resolve_path (t, f->guest, error)) == NULL)
      return FALSE;
    if (f->remove_tree)
      continue;
    GStatBuf st;
    if (f->sha256 == NULL && (f->sha256 = local_sha256 (f->local, error)) == NULL)
      return FALSE;
    if (g_stat (f->local, &st) != 0) {
      g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot read staged file '%s'", f->local);
      return FALSE;
    }
    f->size = (guint64) st.st_size;
    f->existed = guest_is_file (t->g, f->real);
    f->target = f->existed ? g_strdup_printf ("%s.winseed-new", f->real) : g_strdup (f->real);
    if (!f->existed)
      g_clear_pointer (&f->base, g_free);   /* nothing to patch: sent whole */
  }
  for (guint i = 0; i < t->hives->len; i++) {
    struct txn_hive *h = g_ptr_array_index (t->hives, i);
    if ((h->real = resolve_path (t, h->guest, error)) == NULL)
      return FALSE;
  }
  g_autofree char *tmp = ws_tmpdir_new (error);
  g_autoptr (GPtrArray) in_tar = g_ptr_array_new ();
  g_autofree char *tar = tmp ? build_tar (t, tmp, in_tar, error) : NULL;
  if (tar == NULL || !txn_write_step (t, error)) {
    ws_tmpdir_remove (g_steal_pointer (&tmp));
    return FALSE;
  }
  /* From here on the rollback removes what the archive may have written. */
  for (guint i = 0; i < t->files->len; i++) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->base)
      continue;   /* staged by stage_patched, after the archive */
    if (f->existed)
      f->staged = g_strdup (f->target);
    else if (!f->remove_tree)
      f->placed = TRUE;
  }
  g_ptr_array_add (in_tar, NULL);
  gboolean ok = guest_tar_in (t->g, tar, (const char *const *) in_tar->pdata, error);
  for (guint i = 0; ok && i < t->files->len; i++) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->base)
      ok = stage_patched (t, f, error);
  }
  ws_tmpdir_remove (g_steal_pointer (&tmp));
  return ok;
}

static gboolean
place_one (txn *t, struct txn_file *f, GError **error)
{
  if (f->remove_tree) {
    g_autofree char *bak = g_strdup_printf ("%s.winseed-%s.bak", f->real, t->stamp);
    if (!txn_write_step (t, error) || !guest_mv (t->g, f->real, bak, error))
      return FALSE;
    f->backup = g_steal_pointer (&bak);
    return TRUE;
  }
  if (!f->existed)
    return TRUE;   /* written in place by stage_all */
  g_autofree char *bak = g_strdup_printf ("%s.winseed-%s.bak", f->real, t->stamp);
  if (!txn_write_step (t, error) || !guest_mv (t->g, f->real, bak, error))
    return FALSE;
  f->backup = g_steal_pointer (&bak);
  if (!txn_write_step (t, error) || !guest_mv (t->g, f->staged, f->real, error))
    return FALSE;
  g_clear_pointer (&f->staged, g_free);
  f->placed = TRUE;
  return TRUE;
}

static gboolean
exists (txn *t, const char *path)
{
  g_autofree char *real = guest_resolve (t->g, path, NULL);
  return real != NULL;
}

/* One file after the rollback: a new one is gone, a replaced one is back with its content, and
 * neither its temporary nor its backup is left. */
static void
check_file_undone (txn *t, const struct txn_file *f, GString *left)
{
  g_autofree char *bak = g_strdup_printf ("%s.winseed-%s.bak", f->real, t->stamp);
  if (exists (t, bak))
    g_string_append_printf (left, "; '%s' is still there", bak);
  if (f->remove_tree) {
    if (!guest_is_dir (t->g, f->real))
      g_string_append_printf (left, "; '%s' was not restored", f->real);
    return;
  }
  if (f->existed && g_strcmp0 (f->target, f->real) != 0 && exists (t, f->target))
    g_string_append_printf (left, "; '%s' is still there", f->target);
  if (!f->existed) {
    if (exists (t, f->real))
      g_string_append_printf (left, "; '%s' is still there", f->real);
    return;
  }
  g_autofree char *sum = guest_is_file (t->g, f->real) ? guest_sha256 (t->g, f->real, NULL) : NULL;
  if (sum == NULL || (f->orig_sha256 && g_ascii_strcasecmp (sum, f->orig_sha256) != 0))
    g_string_append_printf (left, "; '%s' was not restored", f->real);
}

/* After the undo steps, read back (caches dropped) every path the transaction recorded. */
static void
check_rolled_back (txn *t, GString *left)
{
  if (!guest_drop_caches (t->g, NULL)) {
    g_string_append (left, "; flush the filesystem");
    return;
  }
  txn_hives_check_undone (t, left);
  for (guint i = 0; i < t->files->len; i++) {
    const struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->real && !f->kept)   /* NULL: the commit stopped before resolving it, so nothing was written */
      check_file_undone (t, f, left);
  }
  for (guint i = 0; i < t->new_dirs->len; i++) {
    const char *d = g_ptr_array_index (t->new_dirs, i);
    if (exists (t, d))
      g_string_append_printf (left, "; '%s' is still there", d);
  }
}

/* Undo in reverse order.  Each undo step is tried even when an earlier one failed; what could not
 * be undone is listed in the error. */
static void
rollback (txn *t, GError **error)
{
  g_autoptr (GString) left = g_string_new (NULL);
  /* The hives were written last: undone first.  While one is not back as it was, its undo record
   * stays in the guest, where the error names it. */
  txn_hives_undo (t, left);
  gboolean keep_records = left->len > 0;
  for (guint i = t->files->len; i-- > 0;) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    GError *e = NULL;
    if (f->undo_record && keep_records && f->placed) {
      f->kept = TRUE;
      continue;
    }
    if (f->placed && !f->remove_tree && !guest_rm (t->g, f->real, &e))
      g_string_append_printf (left, "; remove '%s'", f->real);
    g_clear_error (&e);
    if (f->backup && !guest_mv (t->g, f->backup, f->real, &e))
      g_string_append_printf (left, "; rename '%s' back to '%s'", f->backup, f->real);
    g_clear_error (&e);
    if (f->staged && !guest_rm (t->g, f->staged, &e))
      g_string_append_printf (left, "; remove '%s'", f->staged);
    g_clear_error (&e);
    f->placed = FALSE;
    g_clear_pointer (&f->backup, g_free);
    g_clear_pointer (&f->staged, g_free);
  }
  for (guint i = t->new_dirs->len; i-- > 0;) {
    const char *d = g_ptr_array_index (t->new_dirs, i);
    if (!guest_rmdir (t->g, d, NULL))
      g_string_append_printf (left, "; remove directory '%s'", d);
  }
  /* Not "unchanged" on the strength of the undo steps alone: look at the disk. */
  check_rolled_back (t, left);
  g_ptr_array_set_size (t->new_dirs, 0);
  g_hash_table_remove_all (t->dirs);
  /* The outcome decides the code, whatever the failure's own was. */
  GError *cause = *error;
  if (left->len == 0)
    *error = g_error_new (WS_ERROR, WS_EXIT_ROLLED_BACK, "rolled back, the guest is unchanged: %s",
                          cause->message);
  else
    *error = g_error_new (WS_ERROR, WS_EXIT_ROLLBACK_INCOMPLETE, "ROLLBACK INCOMPLETE (by hand:%s): %s",
                          left->str + 1, cause->message);
  g_error_free (cause);
}

static gboolean commit_guarded (txn *t, GError **error);

gboolean
txn_commit (txn *t, GError **error)
{
  /* A signal from here on is only recorded: the next write step sees it and rolls back, so the
   * guest is never left half written (ws-interrupt.h). */
  ws_interrupt_guard_begin ();
  gboolean ok = commit_guarded (t, error);
  ws_interrupt_guard_end ();
  return ok;
}

static gboolean
commit_guarded (txn *t, GError **error)
{
  GError *e = NULL;
  gboolean ok = TRUE;
  ok = stage_all (t, &e);
  for (guint i = 0; ok && i < t->files->len; i++)
    ok = place_one (t, g_ptr_array_index (t->files, i), &e);
  /* The hives last: they are what makes Windows use the files. */
  ok = ok && txn_hives_write (t, &e);
  /* Everything is in place: the failure that leaves the most to undo. */
  ok = ok && ws_fault_point ("convert:placed", &e);
  /* Every file, read back at its final name from the disk (flushed, caches dropped), must be
   * what was staged, while the backups are still there to roll back to: a write the disk image
   * did not keep, or a rename it lost, undoes the whole commit. */
  if (ok)
    ok = txn_write_step (t, &e) && guest_drop_caches (t->g, &e) && check_sums (t, &e)
      && txn_hives_check (t, &e);
  if (!ok) {
    rollback (t, &e);
    g_propagate_error (error, e);
    return FALSE;
  }
  /* Committed.  Backups of driver files only served the rollback; hive backups stay. */
  g_ptr_array_set_size (t->backups, 0);
  g_ptr_array_set_size (t->written, 0);
  gboolean removed = FALSE;
  for (guint i = 0; i < t->files->len; i++) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->undo_record)
      g_ptr_array_add (t->backups, g_strdup (f->real));
    else if (!f->remove_tree)   /* a removed folder was not written: it is gone */
      g_ptr_array_add (t->written, g_strdup (f->real));
    if (f->backup && f->keep_backup)
      g_ptr_array_add (t->backups, g_strdup (f->backup));
    else if (f->backup && !(f->remove_tree ? guest_rm_rf (t->g, f->backup, &e)
                                           : guest_rm (t->g, f->backup, &e))) {
      /* Harmless leftover: the report says so. */
      g_ptr_array_add (t->warnings, g_strdup_printf ("cannot remove backup '%s': %s", f->backup, e->message));
      g_clear_error (&e);
    } else if (f->backup)
      removed = TRUE;
  }
  for (guint i = 0; i < t->hives->len; i++) {
    const struct txn_hive *h = g_ptr_array_index (t->hives, i);
    g_ptr_array_add (t->written, g_strdup (h->real));
  }
  g_ptr_array_add (t->backups, NULL);
  g_ptr_array_add (t->written, NULL);
  return !removed || guest_sync (t->g, error);
}

const char *const *
txn_backups (const txn *t)
{
  return (const char *const *) t->backups->pdata;
}

const char *const *
txn_written (const txn *t)
{
  return (const char *const *) t->written->pdata;
}

const GPtrArray *
txn_warnings (const txn *t)
{
  return t->warnings;
}
