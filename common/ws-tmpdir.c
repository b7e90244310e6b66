/* ws-tmpdir: scratch directories; see ws-tmpdir.h. */
#include <config.h>

#include <errno.h>
#include <stdio.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "ws-interrupt.h"
#include "ws-tmpdir.h"
#include "banned.h"

char *
ws_tmpdir_new (GError **error)
{
  GError *e = NULL;
  char *dir = g_dir_make_tmp ("winseed-XXXXXX", &e);
  if (dir == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot create a temporary directory: %s",
                 e->message);
    g_error_free (e);
  } else {
    ws_interrupt_add_dir (dir);
  }
  return dir;
}

static void
remove_tree (const char *path, int depth)
{
  /* Only our own files live here; the depth bound is a guard, not a limit we expect to meet. */
  if (depth > 32)
    return;
  GDir *d = g_dir_open (path, 0, NULL);
  if (d) {
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child, depth + 1);
      else
        g_unlink (child);
    }
    g_dir_close (d);
  }
  g_rmdir (path);
}

void
ws_tmpdir_remove (char *dir)
{
  if (dir == NULL)
    return;
  remove_tree (dir, 0);
  ws_interrupt_remove_dir (dir);
  g_free (dir);
}
