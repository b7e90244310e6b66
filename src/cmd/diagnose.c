/* diagnose: `winseed diagnose (-a DISK | --log FILE) [--json]`.
 *
 * Explains, from the logs Windows writes while it installs devices (setupapi.dev.log and
 * setupapi.app.log in %SystemRoot%\INF, or setupapi.log in %SystemRoot% on XP/2003), what it did
 * on each device install: the device, the driver it chose (or the NULL driver), the result and
 * the cause in plain words; and which driver packages it imported.  This file does the command
 * line and the I/O (local files, standard input, or the guest through guest.h); the reading itself
 * is the pure streaming reader of setupapi-log.h, what it reports is kept by diagnose-collect.c,
 * and diagnose-report.c writes the report.
 *
 * Memory stays bounded for any log size: the reader keeps one section, and diagnose-collect.c
 * keeps a bounded number of entries.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ws-error.h"
#include "commands.h"
#include "options.h"
#include "guest.h"
#include "diagnose-internal.h"
#include "banned.h"

#define DIAG_READ_CHUNK 65536

/* ---- reading ----------------------------------------------------------------------------- */

/* Stream one log (a path, or "-" for standard input) through the reader. */
static gboolean
read_log (struct diag *d, const char *path, const char *label, GError **error)
{
  struct setupapi_callbacks cb = { diag_on_install, diag_on_package, d };
  g_autoptr (setupapi_log) log = setupapi_log_new (&cb);
  g_autofree char *buf = g_malloc (DIAG_READ_CHUNK);
  int fd = strcmp (path, "-") == 0 ? STDIN_FILENO : g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok = fd >= 0;
  if (!ok)
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot open '%s': %s", label, g_strerror (errno));
  d->log_label = label;
  while (ok) {
    ssize_t n = read (fd, buf, DIAG_READ_CHUNK);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': %s", label, g_strerror (errno));
    if (n <= 0) {
      ok = n == 0 && setupapi_log_finish (log, error);
      break;
    }
    ok = setupapi_log_feed (log, buf, (size_t) n, error);
  }
  if (fd > STDIN_FILENO)
    close (fd);
  if (!ok && error && *error && !g_str_has_prefix ((*error)->message, "cannot "))
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
    good += read_log (d, local, real, &err);
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

static gboolean
diagnose_guest (struct diag *d, const struct ws_common_opts *opts, GError **error)
{
  g_autoptr (guest) g = guest_open (opts, TRUE, error);
  if (!g)
    return FALSE;
  const struct guest_root *root = guest_pick_root (g, opts->root, error);
  if (!root || !guest_mount_root (g, root, error))
    return FALSE;
  g_autofree char *tmpdir = g_dir_make_tmp ("winseed-diagnose-XXXXXX", error);
  if (!tmpdir)
    return FALSE;
  gboolean ok = read_guest_logs (d, g, tmpdir, root->systemroot, error);
  g_rmdir (tmpdir);
  return ok;
}

/* ---- command ----------------------------------------------------------------------------- */

static const char help_text[] =
  "Usage: winseed diagnose (-a DISK | --log FILE) [--json]\n"
  "Explain the device installs Windows logged in setupapi.dev.log, setupapi.app.log (Vista and\n"
  "later) or setupapi.log (XP/2003): device, driver chosen or NULL driver, result, cause.\n\n"
  "  -a, --add DISK     read the logs of the Windows guest in DISK (read-only)\n"
  "  --format FMT       format of the following -a disks\n"
  "  --root DEV         the Windows root to use when DISK holds several\n"
  "  --log FILE         read this log instead (repeatable; '-' is standard input)\n"
  "  --json             print one JSON document\n"
  "  -v, -x, -q         verbose, libguestfs trace, quiet\n\n"
  "Exit status: 0 no failed install, 8 the log shows failed installs, 2 unreadable or not a log.\n";

enum { OPT_LOG = WS_OPT_COMMAND_BASE };

static const struct option long_options[] = {
  WS_COMMON_LONG_OPTIONS,
  { "log", required_argument, NULL, OPT_LOG },
  { NULL, 0, NULL, 0 },
};

static enum ws_exit
run (struct diag *d, const struct ws_common_opts *opts, GPtrArray *logs, GError **error)
{
  if (logs->len > 0 && opts->disks->len > 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "give either -a DISK or --log FILE, not both");
    return WS_EXIT_USAGE;
  }
  if (logs->len == 0 && opts->disks->len == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "nothing to read (use -a DISK or --log FILE)");
    return WS_EXIT_USAGE;
  }
  for (guint i = 0; i < logs->len; i++)
    if (!read_log (d, g_ptr_array_index (logs, i), g_ptr_array_index (logs, i), error))
      return ws_exit_from_error (*error);
  if (opts->disks->len > 0 && !diagnose_guest (d, opts, error))
    return ws_exit_from_error (*error);
  return WS_EXIT_OK;
}

/* Parse the command line; FALSE with *exit_now set when the command ends here (--help, errors). */
static gboolean
parse_args (int argc, char **argv, struct ws_common_opts *opts, GPtrArray *logs, int *exit_now, GError **error)
{
  int c;
  while ((c = getopt_long (argc, argv, WS_COMMON_SHORT_OPTIONS, long_options, NULL)) != -1) {
    if (c == OPT_LOG) {
      g_ptr_array_add (logs, g_strdup (optarg));
      continue;
    }
    switch (ws_common_opts_take (opts, c, optarg, help_text, long_options, WS_COMMON_SHORT_OPTIONS, error)) {
    case WS_OPT_TAKEN:
      break;
    case WS_OPT_EXIT_OK:
      *exit_now = WS_EXIT_OK;
      return FALSE;
    case WS_OPT_NOT_MINE:
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad option (see --help)");
      /* fall through */
    case WS_OPT_BAD:
      *exit_now = WS_EXIT_USAGE;
      return FALSE;
    }
  }
  if (!ws_common_opts_finish (opts, argc, argv, optind, FALSE, error)) {
    *exit_now = WS_EXIT_USAGE;
    return FALSE;
  }
  return TRUE;
}

int
cmd_diagnose (int argc, char **argv)
{
  struct ws_common_opts opts;
  struct diag d;
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) logs = g_ptr_array_new_with_free_func (g_free);
  int status = WS_EXIT_OK;
  ws_common_opts_init (&opts);
  diag_init (&d);
  if (parse_args (argc, argv, &opts, logs, &status, &err))
    status = run (&d, &opts, logs, &err);
  if (status == WS_EXIT_OK && err == NULL && (logs->len > 0 || opts.disks->len > 0)) {
    g_autoptr (JsonObject) summary = diagnose_report_summary (&d);
    status = json_object_get_int_member (summary, "failed") > 0 ? WS_EXIT_INSTALL_FAILED : WS_EXIT_OK;
    g_autoptr (GString) out = g_string_new (NULL);
    if (opts.json) {
      g_autofree char *doc = diagnose_report_json (&d, summary, status);
      g_string_append (out, doc);
      g_string_append_c (out, '\n');
    } else {
      diagnose_report_text (out, &d, summary);
    }
    fputs (out->str, stdout);   /* spooled: the report is printed whole, or not at all */
  } else if (err) {
    ws_error_print (err);
  }
  diag_clear (&d);
  ws_common_opts_clear (&opts);
  return status;
}
