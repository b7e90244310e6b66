/* convert-txn: stage, rename, roll back; see convert-txn.h. */
#include <config.h>

#include <string.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "ws-fault.h"
#include "ws-interrupt.h"
#include "ws-tmpdir.h"
#include "convert-txn.h"
#include "banned.h"

struct txn_file {
  char *local;
  char *guest;
  char *sha256;       /* of the local file */
  gboolean keep_backup;
  gboolean remove_tree; /* a directory to remove, not a file to write */
  char *real;         /* guest path in its real case */
  gboolean existed;   /* replaces a file: staged beside it, then renamed over it */
  char *target;       /* where the tar puts it: real, or real + ".winseed-new" */
  char *staged;       /* temporary guest path while staged */
  char *backup;       /* where the replaced original went */
  gboolean placed;    /* renamed into place */
};

struct txn {
  guest *g;
  char *stamp;
  GPtrArray *files;     /* struct txn_file * */
  GPtrArray *new_dirs;  /* guest directories we created, in creation order */
  GHashTable *dirs;     /* guest directories known to exist (lower-cased): each is checked once */
  guint writes;         /* fault-injection counter */
  GPtrArray *backups;   /* kept backups (char *) + NULL */
  GPtrArray *written;   /* char * + NULL */
  GPtrArray *warnings;  /* char *: harmless leftovers after a commit */
};

static void
file_free (gpointer p)
{
  struct txn_file *f = p;
  g_free (f->local);
  g_free (f->guest);
  g_free (f->sha256);
  g_free (f->staged);
  g_free (f->backup);
  g_free (f->real);
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
  t->new_dirs = g_ptr_array_new_with_free_func (g_free);
  t->dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
txn_add_remove_tree (txn *t, const char *guest_path)
{
  struct txn_file *f = g_new0 (struct txn_file, 1);
  f->guest = g_strdup (guest_path);
  f->remove_tree = TRUE;
  g_ptr_array_add (t->files, f);
}

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
      if (guest_is_dir (t->g, f->guest))
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
    g_autofree char *there = guest_is_file (t->g, f->guest) ? guest_sha256 (t->g, f->guest, NULL) : NULL;
    if (there && g_ascii_strcasecmp (there, f->sha256) == 0)
      g_ptr_array_remove_index (t->files, i);
    else
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
  return total;
}

/* Every guest write goes through here first: the fault-injection point. */
static gboolean
write_step (txn *t, GError **error)
{
  g_autofree char *step = g_strdup_printf ("convert:write:%u", ++t->writes);
  return ws_interrupt_check (error) && ws_fault_point (step, error);
}

/* Directories of real's parent the guest lacks, outermost first: tar creates them, the rollback
 * removes them. */
static void
note_new_dirs (txn *t, const char *real)
{
  g_autofree char *dir = g_path_get_dirname (real);
  g_auto (GStrv) parts = g_strsplit (dir, "/", -1);
  g_autoptr (GString) cur = g_string_new ("");
  for (size_t i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0')
      continue;
    g_string_append_printf (cur, "/%s", parts[i]);
    char *key = g_ascii_strdown (cur->str, -1);
    if (g_hash_table_contains (t->dirs, key)) {
      g_free (key);
      continue;
    }
    g_hash_table_add (t->dirs, key);
    if (!guest_is_dir (t->g, cur->str))
      g_ptr_array_add (t->new_dirs, g_strdup (cur->str));
  }
}

/* One tar holding every file at its target path: one round trip instead of one per file. */
static char *
build_tar (txn *t, const char *tmp, GError **error)
{
  g_autofree char *tree = g_build_filename (tmp, "tree", NULL);
  g_autofree char *list = g_build_filename (tmp, "list", NULL);
  char *tar = g_build_filename (tmp, "files.tar", NULL);
  g_autoptr (GString) names = g_string_new (NULL);
  for (guint i = 0; i < t->files->len; i++) {
    const struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->remove_tree)
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

/* The outermost new directory holding real, or NULL. */
static const char *
new_top_dir (txn *t, const char *real)
{
  for (guint i = 0; i < t->new_dirs->len; i++) {
    const char *d = g_ptr_array_index (t->new_dirs, i);
    if (g_str_has_prefix (real, d) && real[strlen (d)] == '/')
      return d;
  }
  return NULL;
}

/* Every file reads back as what was written, at its temporary name (placed = FALSE) or its final
 * one: one checksum listing per new directory tree (all ours), one checksum per file elsewhere.
 * A mismatch is `code`. */
static gboolean
check_sums (txn *t, gboolean placed, int code, GError **error)
{
  g_autoptr (GHashTable) sums_by_dir = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                              (GDestroyNotify) g_hash_table_unref);
  for (guint i = 0; i < t->files->len; i++) {
    const struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->remove_tree)
      continue;
    const char *path = placed ? f->real : f->target;
    const char *top = new_top_dir (t, path);
    g_autofree char *sum = NULL;
    if (top) {
      GHashTable *sums = g_hash_table_lookup (sums_by_dir, top);
      if (sums == NULL) {
        if ((sums = guest_checksums (t->g, top, error)) == NULL)
          return FALSE;
        g_hash_table_insert (sums_by_dir, (gpointer) top, sums);
      }
      sum = g_strdup (g_hash_table_lookup (sums, path + strlen (top) + 1));
    } else if ((sum = guest_sha256 (t->g, path, error)) == NULL)
      return FALSE;
    if (sum == NULL || g_ascii_strcasecmp (sum, f->sha256) != 0) {
      g_set_error (error, WS_ERROR, code, "guest file '%s' does not match what was "
                   "written (sha256 %s, expected %s)", path, sum ? sum : "missing", f->sha256);
      return FALSE;
    }
  }
  return TRUE;
}

/* Write every file into the guest: new files at their place, replacements beside the file they
 * replace. */
static gboolean
stage_all (txn *t, GError **error)
{
  for (guint i = 0; i < t->files->len; i++) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->remove_tree)
      continue;
    if (f->sha256 == NULL && (f->sha256 = local_sha256 (f->local, error)) == NULL)
      return FALSE;
    f->real = guest_real_path (t->g, f->guest);
    f->existed = guest_is_file (t->g, f->real);
    f->target = f->existed ? g_strdup_printf ("%s.winseed-new", f->real) : g_strdup (f->real);
    note_new_dirs (t, f->real);
  }
  g_autofree char *tmp = ws_tmpdir_new (error);
  g_autofree char *tar = tmp ? build_tar (t, tmp, error) : NULL;
  if (tar == NULL || !write_step (t, error)) {
    ws_tmpdir_remove (g_steal_pointer (&tmp));
    return FALSE;
  }
  /* From here on the rollback removes what the archive may have written. */
  for (guint i = 0; i < t->files->len; i++) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    if (f->existed)
      f->staged = g_strdup (f->target);
    else if (!f->remove_tree)
      f->placed = TRUE;
  }
  gboolean ok = guest_tar_in (t->g, tar, error) && check_sums (t, FALSE, WS_EXIT_ROLLED_BACK, error);
  ws_tmpdir_remove (g_steal_pointer (&tmp));
  return ok;
}

static gboolean
place_one (txn *t, struct txn_file *f, GError **error)
{
  if (f->remove_tree) {
    g_autofree char *bak = g_strdup_printf ("%s.winseed-%s.bak", f->guest, t->stamp);
    if (!write_step (t, error) || !guest_mv (t->g, f->guest, bak, error))
      return FALSE;
    f->backup = g_steal_pointer (&bak);
    return TRUE;
  }
  if (!f->existed)
    return TRUE;   /* written in place by stage_all */
  g_autofree char *bak = g_strdup_printf ("%s.winseed-%s.bak", f->real, t->stamp);
  if (!write_step (t, error) || !guest_mv (t->g, f->real, bak, error))
    return FALSE;
  f->backup = g_steal_pointer (&bak);
  if (!write_step (t, error) || !guest_mv (t->g, f->staged, f->real, error))
    return FALSE;
  g_clear_pointer (&f->staged, g_free);
  f->placed = TRUE;
  return TRUE;
}

/* Undo in reverse order.  Each undo step is tried even when an earlier one failed; what could not
 * be undone is listed in the error. */
static void
rollback (txn *t, GError **error)
{
  g_autoptr (GString) left = g_string_new (NULL);
  for (guint i = t->files->len; i-- > 0;) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    GError *e = NULL;
    if (f->placed && !f->remove_tree && !guest_rm (t->g, f->guest, &e))
      g_string_append_printf (left, "; remove '%s'", f->guest);
    g_clear_error (&e);
    if (f->backup && !guest_mv (t->g, f->backup, f->guest, &e))
      g_string_append_printf (left, "; rename '%s' back to '%s'", f->backup, f->guest);
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
  g_ptr_array_set_size (t->new_dirs, 0);
  g_hash_table_remove_all (t->dirs);
  GError *e = NULL;
  if (!guest_sync (t->g, &e))
    g_string_append (left, "; flush the filesystem");
  g_clear_error (&e);
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
  if (ok)
    ok = write_step (t, &e) && guest_sync (t->g, &e);
  if (!ok) {
    rollback (t, &e);
    g_propagate_error (error, e);
    return FALSE;
  }
  /* Committed.  Backups of driver files only served the rollback; hive backups stay. */
  g_ptr_array_set_size (t->backups, 0);
  g_ptr_array_set_size (t->written, 0);
  for (guint i = 0; i < t->files->len; i++) {
    struct txn_file *f = g_ptr_array_index (t->files, i);
    g_ptr_array_add (t->written, g_strdup (f->guest));
    if (f->backup && f->keep_backup)
      g_ptr_array_add (t->backups, g_strdup (f->backup));
    else if (f->backup && !(f->remove_tree ? guest_rm_rf (t->g, f->backup, &e)
                                           : guest_rm (t->g, f->backup, &e))) {
      /* Harmless leftover: the report says so. */
      g_ptr_array_add (t->warnings, g_strdup_printf ("cannot remove backup '%s': %s", f->backup, e->message));
      g_clear_error (&e);
    }
  }
  g_ptr_array_add (t->backups, NULL);
  g_ptr_array_add (t->written, NULL);
  return guest_sync (t->g, error);
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

gboolean
txn_check_on_disk (txn *t, GError **error)
{
  return guest_drop_caches (t->g, error) && check_sums (t, TRUE, WS_EXIT_ROLLBACK_INCOMPLETE, error);
}
