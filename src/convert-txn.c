/* convert-txn: stage, rename, roll back; see convert-txn.h. */
#include <config.h>

#include <string.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "ws-fault.h"
#include "convert-txn.h"
#include "banned.h"

struct txn_file {
  char *local;
  char *guest;
  char *sha256;       /* of the local file */
  gboolean keep_backup;
  gboolean remove_tree; /* a directory to remove, not a file to write */
  char *staged;       /* temporary guest path while staged */
  char *backup;       /* where the replaced original went */
  gboolean placed;    /* renamed into place */
};

struct txn {
  guest *g;
  char *stamp;
  GPtrArray *files;     /* struct txn_file * */
  GPtrArray *new_dirs;  /* guest directories we created, in creation order */
  guint writes;         /* fault-injection counter */
  GPtrArray *backups;   /* kept backups (char *) + NULL */
  GPtrArray *written;   /* char * + NULL */
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
  t->backups = g_ptr_array_new_with_free_func (g_free);
  t->written = g_ptr_array_new_with_free_func (g_free);
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
  g_ptr_array_unref (t->backups);
  g_ptr_array_unref (t->written);
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

guint
txn_prune_unchanged (txn *t, GError **error)
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
    if (f->sha256 == NULL && (f->sha256 = local_sha256 (f->local, error)) == NULL)
      return 0;
    g_autofree char *there = guest_is_file (t->g, f->guest) ? guest_sha256 (t->g, f->guest, NULL) : NULL;
    if (there && g_ascii_strcasecmp (there, f->sha256) == 0)
      g_ptr_array_remove_index (t->files, i);
    else
      i++;
  }
  return t->files->len;
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
  return ws_fault_point (step, error);
}

/* Create the missing directories of path's parent, remembering them for the rollback. */
static gboolean
make_parents (txn *t, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_auto (GStrv) parts = g_strsplit (dir, "/", -1);
  g_autoptr (GString) cur = g_string_new ("");
  for (size_t i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0')
      continue;
    g_string_append_printf (cur, "/%s", parts[i]);
    if (guest_is_dir (t->g, cur->str))
      continue;
    if (!write_step (t, error) || !guest_mkdir_p (t->g, cur->str, error))
      return FALSE;
    g_ptr_array_add (t->new_dirs, g_strdup (cur->str));
  }
  return TRUE;
}

static gboolean
stage_one (txn *t, struct txn_file *f, GError **error)
{
  if (f->remove_tree)
    return TRUE;
  if (f->sha256 == NULL && (f->sha256 = local_sha256 (f->local, error)) == NULL)
    return FALSE;
  if (!make_parents (t, f->guest, error))
    return FALSE;
  g_autofree char *tmp = g_strdup_printf ("%s.winseed-new", f->guest);
  if (!write_step (t, error))
    return FALSE;
  f->staged = g_strdup (tmp);   /* from here on the rollback removes it */
  if (!guest_upload (t->g, f->local, tmp, error))
    return FALSE;
  g_autofree char *sum = guest_sha256 (t->g, tmp, error);
  if (sum == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (sum, f->sha256) != 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK,
                 "guest file '%s' does not match what was written (sha256 %s, expected %s)", tmp, sum,
                 f->sha256);
    return FALSE;
  }
  return TRUE;
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
  if (guest_is_file (t->g, f->guest)) {
    g_autofree char *bak = g_strdup_printf ("%s.winseed-%s.bak", f->guest, t->stamp);
    if (!write_step (t, error) || !guest_mv (t->g, f->guest, bak, error))
      return FALSE;
    f->backup = g_steal_pointer (&bak);
  }
  if (!write_step (t, error) || !guest_mv (t->g, f->staged, f->guest, error))
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
  GError *e = NULL;
  if (!guest_sync (t->g, &e))
    g_string_append (left, "; flush the filesystem");
  g_clear_error (&e);
  if (left->len == 0) {
    g_prefix_error (error, "rolled back, the guest is unchanged: ");
    (*error)->code = WS_EXIT_ROLLED_BACK;
  } else {
    g_prefix_error (error, "ROLLBACK INCOMPLETE (by hand:%s): ", left->str + 1);
    (*error)->code = WS_EXIT_ROLLBACK_INCOMPLETE;
  }
}

gboolean
txn_commit (txn *t, GError **error)
{
  GError *e = NULL;
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < t->files->len; i++)
    ok = stage_one (t, g_ptr_array_index (t->files, i), &e);
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
      /* Harmless leftover: say so and go on. */
      g_printerr ("winseed: warning: cannot remove backup '%s': %s\n", f->backup, e->message);
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
