/* diagnose-read: the logs diagnose reads, streamed through the setupapi reader.
 *
 * Explains, from the logs Windows writes while it installs devices (setupapi.dev.log and
 * setupapi.app.log in %SystemRoot%\INF, or setupapi.log in %SystemRoot% on XP/2003), what it did
 * on each device install: the device, the driver it chose (or the NULL driver), the result and
 * the cause in plain words; and which driver packages it imported.  This file does the I/O
 * (local files, standard input, or the guest through a session); the reading itself
 * is the pure streaming reader of setupapi-log.h, what it reports is kept by diagnose-collect.c,
 * and diagnose-report.c writes the report.
 *
 * Memory stays bounded for any log size: the reader keeps one section, and diagnose-collect.c
 * keeps a bounded number of entries.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ws-error.h"
#include "session.h"
#include "diagnose.h"
#include "banned.h"

#define DIAG_READ_CHUNK 65536

/* ---- reading ----------------------------------------------------------------------------- */

/* Stream one log (a path, or "-" for standard input) through the reader. */
gboolean
diag_read_log (struct diag *d, const char *path, const char *label, GError **error)
{
  struct setupapi_callbacks cb = { diag_on_install, diag_on_package, d };
  g_autoptr (setupapi_log) log = setupapi_log_new (&cb);
  g_autofree char *buf = g_malloc (DIAG_READ_CHUNK);
  int fd = strcmp (path, "-") == 0 ? STDIN_FILENO : g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok = fd >= 0, named = !ok;   /* errors of open/read name the file themselves */
  if (!ok)
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot open '%s': %s", label, g_strerror (errno));
  d->log_label = label;
  while (ok) {
    ssize_t n = read (fd, buf, DIAG_READ_CHUNK);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': %s", label, g_strerror (errno));
      named = TRUE;
    }
    if (n <= 0) {
      ok = n == 0 && setupapi_log_finish (log, error);
      break;
    }
    ok = setupapi_log_feed (log, buf, (size_t) n, error);
  }
  if (fd > STDIN_FILENO)
    close (fd);
  if (!ok && !named)
    g_prefix_error (error, "cannot read '%s': ", label);
  diag_add_log (d, label, setupapi_log_stats (log), ok || !error || !*error ? NULL : (*error)->message);
  return ok;
}

static int
cmp_names (gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp (*(char *const *) a, *(char *const *) b);
}

/* The guest's logs, oldest first: rotated setupapi.dev.YYYYMMDD_HHMMSS.log, then the current
 * setupapi.dev.log, setupapi.app.log, and XP/2003's %SystemRoot%\setupapi.log. */
static GPtrArray *
guest_log_paths (guest *g, const char *sysroot)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *inf = g_strdup_printf ("%s/INF", sysroot);
  g_auto (GStrv) names = guest_is_dir (g, inf) ? guest_ls (g, inf, NULL) : NULL;
  GPtrArray *rotated = g_ptr_array_new_with_free_func (g_free);
  for (size_t i = 0; names && names[i]; i++) {
    size_t n = strlen (names[i]);
    if (n > 17 && g_ascii_strncasecmp (names[i], "setupapi.dev.", 13) == 0
        && g_ascii_strcasecmp (names[i] + n - 4, ".log") == 0)
      g_ptr_array_add (rotated, g_strdup_printf ("%s/%s", inf, names[i]));
  }
  g_ptr_array_sort (rotated, cmp_names);
  for (guint i = 0; i < rotated->len; i++)
    g_ptr_array_add (paths, g_strdup (g_ptr_array_index (rotated, i)));
  g_ptr_array_unref (rotated);
  g_ptr_array_add (paths, g_strdup_printf ("%s/setupapi.dev.log", inf));
  g_ptr_array_add (paths, g_strdup_printf ("%s/setupapi.app.log", inf));
  g_ptr_array_add (paths, g_strdup_printf ("%s/setupapi.log", sysroot));
  return paths;
}

static gboolean
read_guest_logs (struct diag *d, guest *g, const char *tmpdir, const char *sysroot, GError **error)
{
  g_autoptr (GPtrArray) paths = guest_log_paths (g, sysroot);
  g_autoptr (GError) first = NULL;
  unsigned good = 0;
  for (guint i = 0; i < paths->len; i++) {
    const char *want = g_ptr_array_index (paths, i);
    g_autofree char *real = guest_resolve (g, want, error);
    if (!real && error && *error)
      return FALSE;
    if (!real || !guest_is_file (g, real))
      continue;
    g_autofree char *local = g_build_filename (tmpdir, "log", NULL);
    if (!guest_download (g, real, local, error))
      return FALSE;
    GError *err = NULL;
    good += diag_read_log (d, local, real, &err);
    g_unlink (local);
    if (err && !first)
      first = err;
    else
      g_clear_error (&err);
  }
  if (good > 0)
    return TRUE;
  if (first)
    g_propagate_error (error, g_steal_pointer (&first));
  else
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "no SetupAPI log in the guest (looked for "
                 "%s/INF/setupapi.dev.log, setupapi.app.log and %s/setupapi.log)", sysroot, sysroot);
  return FALSE;
}

gboolean
diag_read_guest (struct diag *d, session *s, GError **error)
{
  return read_guest_logs (d, session_guest (s), session_scratch (s), session_root (s)->systemroot, error);
}
