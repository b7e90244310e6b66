/* diagnose: `winseed diagnose (-a DISK | --log FILE) [--json]`.
 *
 * Explains, from the logs Windows writes while it installs devices (setupapi.dev.log and
 * setupapi.app.log in %SystemRoot%\INF, or setupapi.log in %SystemRoot% on XP/2003), what it did
 * on each device install: the device, the driver it chose (or the NULL driver), the result and
 * the cause in plain words; and which driver packages it imported.  This file does the I/O (local
 * files, standard input, or the guest through guest.h) and the report; the reading itself is the
 * pure streaming reader of setupapi-log.h.
 *
 * Memory stays bounded for any log size: the reader keeps one section, and the report keeps the
 * last install of each distinct device (at most DIAG_MAX_ENTRIES) and each package (at most
 * DIAG_MAX_PACKAGES); beyond those, entries are counted, and failures still set the exit status.
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
#include "setupapi-log.h"
#include "banned.h"

#define DIAG_MAX_ENTRIES 4096
#define DIAG_MAX_PACKAGES 4096
#define DIAG_READ_CHUNK 65536

struct diag {
  const char *log_label;    /* log being read, named in each entry */
  GHashTable *entries;      /* key -> JsonObject: last install of a device, or a failed section */
  GPtrArray *order;         /* keys in first-seen order (owned by entries) */
  GHashTable *packages;     /* name -> JsonObject */
  GPtrArray *package_order;
  JsonArray *logs;
  unsigned long dropped, failed_dropped, packages_dropped;
};

static void
diag_init (struct diag *d)
{
  memset (d, 0, sizeof *d);
  d->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  d->order = g_ptr_array_new ();
  d->packages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  d->package_order = g_ptr_array_new ();
  d->logs = json_array_new ();
}

static void
diag_clear (struct diag *d)
{
  g_hash_table_unref (d->entries), g_ptr_array_unref (d->order);
  g_hash_table_unref (d->packages), g_ptr_array_unref (d->package_order);
  json_array_unref (d->logs);
}

static void
set_str (JsonObject *o, const char *name, const char *value)
{
  if (value)
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

static char *
hex (uint32_t v)
{
  return g_strdup_printf ("0x%08x", v);
}

/* A status code explained; has_code FALSE for a cause that is only a logged line. */
static JsonObject *
cause_object (gboolean has_code, uint32_t code, const char *line, const char *step)
{
  JsonObject *o = json_object_new ();
  const struct setupapi_code *c = has_code ? setupapi_code_lookup (code) : NULL;
  g_autofree char *h = has_code ? hex (code) : NULL;
  set_str (o, "code", h);
  set_str (o, "name", c ? c->name : NULL);
  set_str (o, "meaning", c ? c->words : has_code ? "a code winseed does not know" : NULL);
  set_str (o, "line", line);
  set_str (o, "step", step);
  return o;
}

/* One sentence: what happened, and why. */
static char *
explain (const struct setupapi_install *i)
{
  static const char *const what[] = {
    [SETUPAPI_RESULT_OK] = "installed",
    [SETUPAPI_RESULT_NO_DEVICE] = "nothing installed: no matching device was present (the package stays staged)",
    [SETUPAPI_RESULT_NULL_DRIVER] = "Windows installed the NULL driver: the device has no working driver",
    [SETUPAPI_RESULT_FAILED] = "the install failed",
    [SETUPAPI_RESULT_INTERRUPTED] = "the install never finished: a new boot session began before its end (cut by a reboot)",
    [SETUPAPI_RESULT_TRUNCATED] = "outcome unknown: the log ends inside this section",
    [SETUPAPI_RESULT_UNKNOWN] = "no outcome was logged",
  };
  GString *s = g_string_new (what[i->result]);
  gboolean failure = setupapi_result_is_failure (i->result);
  if (i->result == SETUPAPI_RESULT_OK && i->null_driver)
    g_string_append (s, " (NULL driver: a legacy service, as designed)");
  if (i->result == SETUPAPI_RESULT_OK && i->reboot)
    g_string_append (s, "; a reboot is needed to finish");
  if (failure && i->has_cause) {
    const struct setupapi_code *c = setupapi_code_lookup (i->cause_code);
    g_string_append_printf (s, ", because %s (0x%08x%s%s)", c ? c->words : "of a code winseed does not know",
                            i->cause_code, c ? " " : "", c ? c->name : "");
  }
  if (failure && setupapi_id_is_virtio_storage (i->device ? i->device : i->target))
    g_string_append (s, "; this is a virtio storage controller: a guest that boots from it stops "
                     "with 0x7B INACCESSIBLE_BOOT_DEVICE");
  return g_string_free (s, FALSE);
}

static JsonObject *
driver_object (const struct setupapi_driver *dr)
{
  JsonObject *o = json_object_new ();
  set_str (o, "inf", dr->inf), set_str (o, "path", dr->path);
  set_str (o, "description", dr->description), set_str (o, "section", dr->section);
  set_str (o, "rank", dr->rank), set_str (o, "signer", dr->signer), set_str (o, "version", dr->version);
  return o;
}

static JsonObject *
install_object (const struct diag *d, const struct setupapi_install *i)
{
  JsonObject *o = json_object_new ();
  const char *id = i->device ? i->device : i->target;
  g_autofree char *why = explain (i);
  set_str (o, "device", i->device), set_str (o, "title", i->title), set_str (o, "target", i->target);
  set_str (o, "start", i->start), set_str (o, "boot_session", i->boot), set_str (o, "log", d->log_label);
  json_object_set_int_member (o, "line", (gint64) i->line);
  json_object_set_boolean_member (o, "virtio", setupapi_id_is_virtio (id));
  json_object_set_boolean_member (o, "virtio_storage", setupapi_id_is_virtio_storage (id));
  json_object_set_string_member (o, "result", setupapi_result_name (i->result));
  json_object_set_boolean_member (o, "failed", setupapi_result_is_failure (i->result));
  json_object_set_string_member (o, "explanation", why);
  if (i->has_status)
    json_object_set_object_member (o, "exit_status", cause_object (TRUE, i->status, NULL, NULL));
  else
    json_object_set_null_member (o, "exit_status");
  json_object_set_boolean_member (o, "null_driver", i->null_driver);
  json_object_set_boolean_member (o, "reboot_required", i->reboot);
  if (i->driver.inf || i->driver.path)
    json_object_set_object_member (o, "driver", driver_object (&i->driver));
  else
    json_object_set_null_member (o, "driver");
  if (i->has_cause || i->cause_line)
    json_object_set_object_member (o, "cause", cause_object (i->has_cause, i->cause_code, i->cause_line, i->failed_step));
  else
    json_object_set_null_member (o, "cause");
  json_object_set_int_member (o, "warnings", i->warnings);
  json_object_set_int_member (o, "errors", i->errors);
  JsonArray *lines = json_array_new ();
  for (guint k = 0; k < i->error_lines->len; k++)
    json_array_add_string_element (lines, g_ptr_array_index (i->error_lines, k));
  json_object_set_array_member (o, "error_lines", lines);
  return o;
}

/* Keep the last install of each device; a section that is not a device install is kept only
 * when it failed. */
static void
on_install (const struct setupapi_install *i, void *opaque)
{
  struct diag *d = opaque;
  gboolean failure = setupapi_result_is_failure (i->result);
  if (i->kind != SETUPAPI_KIND_DEVICE && !failure)
    return;
  char *key = i->kind == SETUPAPI_KIND_DEVICE && i->device ? g_ascii_strup (i->device, -1)
    : g_strdup_printf ("%d|%s|%s", i->kind, i->title ? i->title : "", i->target ? i->target : "");
  JsonObject *old = g_hash_table_lookup (d->entries, key);
  if (!old && g_hash_table_size (d->entries) >= DIAG_MAX_ENTRIES) {
    d->dropped++, d->failed_dropped += failure && i->kind != SETUPAPI_KIND_OTHER;
    g_free (key);
    return;
  }
  JsonObject *o = install_object (d, i);
  json_object_set_string_member (o, "kind", i->kind == SETUPAPI_KIND_DEVICE ? "device"
                                 : i->kind == SETUPAPI_KIND_PACKAGE ? "package-import" : "other");
  gint64 attempts = old ? json_object_get_int_member (old, "attempts") : 0;
  gint64 failures = old ? json_object_get_int_member (old, "failed_attempts") : 0;
  json_object_set_int_member (o, "attempts", attempts + 1);
  json_object_set_int_member (o, "failed_attempts", failures + failure);
  if (!old)
    g_ptr_array_add (d->order, key);
  g_hash_table_insert (d->entries, key, o);   /* a key already there stays (order points to it) */
}

/* "vmci.inf_amd64_5e38a278d114b813" -> "vmci.inf" */
static char *
package_inf (const char *name)
{
  const char *p = g_strrstr (name, ".inf_");
  return p ? g_strndup (name, (size_t) (p - name) + 4) : g_strdup (name);
}

static void
on_package (const struct setupapi_package *p, void *opaque)
{
  struct diag *d = opaque;
  gboolean seen = g_hash_table_contains (d->packages, p->name);
  if (!seen && g_hash_table_size (d->packages) >= DIAG_MAX_PACKAGES) {
    d->packages_dropped++;
    return;
  }
  JsonObject *o = json_object_new ();
  g_autofree char *inf = package_inf (p->name);
  set_str (o, "name", p->name), set_str (o, "inf", inf), set_str (o, "published", p->published);
  set_str (o, "node", p->node), set_str (o, "source", p->source), set_str (o, "signer", p->signer);
  json_object_set_string_member (o, "result", p->failed ? "failed" : "imported");
  if (p->has_code)
    json_object_set_object_member (o, "code", cause_object (TRUE, p->code, NULL, NULL));
  else
    json_object_set_null_member (o, "code");
  set_str (o, "log", d->log_label);
  char *key = g_strdup (p->name);
  if (!seen)
    g_ptr_array_add (d->package_order, key);
  g_hash_table_insert (d->packages, key, o);   /* a key already there stays */
}

/* ---- reading ----------------------------------------------------------------------------- */

static JsonObject *
stats_object (const char *label, const struct setupapi_stats *st)
{
  JsonObject *o = json_object_new ();
  set_str (o, "path", label);
  set_str (o, "format", st->xp_format ? "setupapi.log (Windows XP/2003)" : "setupapi.dev.log (Windows Vista and later)");
  set_str (o, "encoding", st->encoding == SETUPAPI_ENC_UTF16LE ? "UTF-16LE" : "UTF-8");
  json_object_set_boolean_member (o, "bom", st->bom);
  json_object_set_int_member (o, "bytes", (gint64) st->bytes);
  json_object_set_int_member (o, "lines", (gint64) st->lines);
  json_object_set_int_member (o, "sections", (gint64) st->sections);
  json_object_set_int_member (o, "boot_sessions", (gint64) st->boot_sessions);
  json_object_set_int_member (o, "warnings", (gint64) st->warnings);
  json_object_set_int_member (o, "errors", (gint64) st->errors);
  json_object_set_int_member (o, "long_lines", (gint64) st->long_lines);
  json_object_set_int_member (o, "nul_bytes", (gint64) st->nul_bytes);
  json_object_set_int_member (o, "deep_blocks", (gint64) st->deep_blocks);
  json_object_set_int_member (o, "unmatched_exits", (gint64) st->unmatched_exits);
  json_object_set_boolean_member (o, "partial_last_line", st->partial_last_line);
  set_str (o, "truncated_in", st->truncated_in);
  return o;
}

/* Stream one log (a path, or "-" for standard input) through the reader. */
static gboolean
read_log (struct diag *d, const char *path, const char *label, GError **error)
{
  struct setupapi_callbacks cb = { on_install, on_package, d };
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
  JsonObject *o = stats_object (label, setupapi_log_stats (log));
  set_str (o, "error", ok || !error || !*error ? NULL : (*error)->message);
  json_array_add_object_element (d->logs, o);
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

/* ---- report ------------------------------------------------------------------------------ */

static const char *
str_or (JsonObject *o, const char *name, const char *fallback)
{
  const char *v = json_object_get_string_member_with_default (o, name, NULL);
  return v ? v : fallback;
}

static void
text_driver (GString *out, JsonObject *drv)
{
  const char *path = str_or (drv, "path", NULL), *rank = str_or (drv, "rank", NULL);
  const char *signer = str_or (drv, "signer", NULL);
  g_string_append_printf (out, "    driver:  %s", str_or (drv, "inf", "?"));
  if (path)
    g_string_append_printf (out, " (%s)", path);
  if (rank)
    g_string_append_printf (out, ", rank %s", rank);
  if (signer)
    g_string_append_printf (out, ", signer %s", signer);
  g_string_append_c (out, '\n');
}

static void
text_entry (GString *out, JsonObject *e)
{
  JsonObject *drv = json_object_get_object_member (e, "driver");
  JsonObject *cause = json_object_get_object_member (e, "cause");
  JsonObject *st = json_object_get_object_member (e, "exit_status");
  gint64 tries = json_object_get_int_member (e, "attempts");
  g_string_append_printf (out, "  %s%s\n", str_or (e, "device", str_or (e, "target", "(device not named)")),
                          json_object_get_boolean_member (e, "virtio_storage") ? "  [virtio storage]"
                          : json_object_get_boolean_member (e, "virtio") ? "  [virtio]" : "");
  g_string_append_printf (out, "    section: %s, %s (%s line %" G_GINT64_FORMAT ")\n",
                          str_or (e, "title", "(untitled: the log starts inside it)"),
                          str_or (e, "start", "start not logged"), str_or (e, "log", "?"),
                          json_object_get_int_member (e, "line"));
  if (json_object_get_boolean_member (e, "null_driver"))
    g_string_append (out, "    driver:  NULL driver\n");
  else if (drv)
    text_driver (out, drv);
  g_string_append_printf (out, "    result:  %s", str_or (e, "result", "?"));
  if (st)
    g_string_append_printf (out, ", exit status %s %s", str_or (st, "code", ""), str_or (st, "name", ""));
  g_string_append_printf (out, "\n    why:     %s\n", str_or (e, "explanation", ""));
  if (cause && json_object_get_boolean_member (e, "failed") && str_or (cause, "line", NULL))
    g_string_append_printf (out, "    logged:  %s\n", str_or (cause, "line", ""));
  if (tries > 1)
    g_string_append_printf (out, "    attempts: %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " failed; the last is shown\n",
                            tries, json_object_get_int_member (e, "failed_attempts"));
}

/* Entries of one kind, virtio devices first: failed ones (failed = 1), the others but those
 * for absent devices (0), those for absent devices, one line each (-1), or all (2). */
static void
text_group (GString *out, const struct diag *d, const char *heading, const char *kind, int failed)
{
  unsigned n = 0;
  for (int virtio = 1; virtio >= 0; virtio--)
    for (guint i = 0; i < d->order->len; i++) {
      JsonObject *e = g_hash_table_lookup (d->entries, g_ptr_array_index (d->order, i));
      gboolean absent = strcmp (str_or (e, "result", ""), "no-device") == 0;
      int group = json_object_get_boolean_member (e, "failed") ? 1 : absent ? -1 : 0;
      if (strcmp (str_or (e, "kind", ""), kind) != 0 || json_object_get_boolean_member (e, "virtio") != virtio
          || (failed != 2 && group != failed))
        continue;
      if (n++ == 0)
        g_string_append_printf (out, "\n%s:\n", heading);
      if (group == -1)
        g_string_append_printf (out, "  %s (%s)\n", str_or (e, "target", "?"), str_or (e, "start", "?"));
      else
        text_entry (out, e);
    }
}

static void
text_report (GString *out, const struct diag *d, JsonObject *summary)
{
  for (guint i = 0; i < json_array_get_length (d->logs); i++) {
    JsonObject *l = json_array_get_object_element (d->logs, i);
    g_string_append_printf (out, "log %s: %s, %s, %" G_GINT64_FORMAT " lines, %" G_GINT64_FORMAT " sections, %"
                            G_GINT64_FORMAT " boot sessions, %" G_GINT64_FORMAT " warnings, %" G_GINT64_FORMAT " errors\n",
                            str_or (l, "path", "?"), str_or (l, "format", "?"), str_or (l, "encoding", "?"),
                            json_object_get_int_member (l, "lines"), json_object_get_int_member (l, "sections"),
                            json_object_get_int_member (l, "boot_sessions"), json_object_get_int_member (l, "warnings"),
                            json_object_get_int_member (l, "errors"));
    if (str_or (l, "truncated_in", NULL))
      g_string_append_printf (out, "  note: the log ends inside section %s\n", str_or (l, "truncated_in", ""));
    if (json_object_get_boolean_member (l, "partial_last_line"))
      g_string_append (out, "  note: the last line is incomplete (the log was cut while being written)\n");
    if (json_object_get_int_member (l, "nul_bytes") > 0)
      g_string_append_printf (out, "  note: %" G_GINT64_FORMAT " NUL bytes skipped (the guest stopped while writing)\n",
                              json_object_get_int_member (l, "nul_bytes"));
    if (str_or (l, "error", NULL))
      g_string_append_printf (out, "  not read: %s\n", str_or (l, "error", ""));
  }
  text_group (out, d, "Failed device installs", "device", 1);
  text_group (out, d, "Device installs", "device", 0);
  text_group (out, d, "Drivers staged for devices not present (ERROR_NO_SUCH_DEVINST, not a failure)", "device", -1);
  text_group (out, d, "Failed driver package imports", "package-import", 2);
  text_group (out, d, "Other failed operations", "other", 2);
  g_string_append_printf (out, "\nDriver packages imported (%u):\n", d->package_order->len);
  for (guint i = 0; i < d->package_order->len; i++) {
    JsonObject *p = g_hash_table_lookup (d->packages, g_ptr_array_index (d->package_order, i));
    g_string_append_printf (out, "  %-14s %s  %s node, signer %s%s\n", str_or (p, "published", "-"),
                            str_or (p, "name", "?"), str_or (p, "node", "?"), str_or (p, "signer", "unknown"),
                            strcmp (str_or (p, "result", ""), "failed") == 0 ? "  IMPORT FAILED" : "");
  }
  g_string_append_printf (out, "\nSummary: %" G_GINT64_FORMAT " device installs, %" G_GINT64_FORMAT " failed; %"
                          G_GINT64_FORMAT " driver packages imported\n",
                          json_object_get_int_member (summary, "device_installs"),
                          json_object_get_int_member (summary, "failed"), json_object_get_int_member (summary, "packages"));
  if (d->dropped || d->packages_dropped)
    g_string_append_printf (out, "  (%lu more sections and %lu more packages were counted but not listed)\n",
                            d->dropped, d->packages_dropped);
}

static JsonObject *
summarize (const struct diag *d)
{
  gint64 devices = 0, failed = (gint64) d->failed_dropped;
  for (guint i = 0; i < d->order->len; i++) {
    JsonObject *e = g_hash_table_lookup (d->entries, g_ptr_array_index (d->order, i));
    gboolean device = strcmp (str_or (e, "kind", ""), "device") == 0;
    devices += device;
    failed += json_object_get_boolean_member (e, "failed") && strcmp (str_or (e, "kind", ""), "other") != 0;
  }
  JsonObject *o = json_object_new ();
  json_object_set_int_member (o, "device_installs", devices);
  json_object_set_int_member (o, "failed", failed);
  json_object_set_int_member (o, "packages", d->package_order->len);
  json_object_set_int_member (o, "sections_not_listed", (gint64) d->dropped);
  json_object_set_int_member (o, "packages_not_listed", (gint64) d->packages_dropped);
  return o;
}

static char *
json_report (const struct diag *d, JsonObject *summary, enum ws_exit status)
{
  JsonObject *root = json_object_new ();
  JsonArray *entries = json_array_new (), *packages = json_array_new ();
  for (guint i = 0; i < d->order->len; i++)
    json_array_add_object_element (entries, json_object_ref (g_hash_table_lookup (d->entries, g_ptr_array_index (d->order, i))));
  for (guint i = 0; i < d->package_order->len; i++)
    json_array_add_object_element (packages, json_object_ref (g_hash_table_lookup (d->packages, g_ptr_array_index (d->package_order, i))));
  json_object_set_array_member (root, "logs", json_array_ref (d->logs));
  json_object_set_array_member (root, "installs", entries);
  json_object_set_array_member (root, "packages", packages);
  json_object_set_object_member (root, "summary", json_object_ref (summary));
  json_object_set_string_member (root, "status", ws_exit_name (status));
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
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
    g_autoptr (JsonObject) summary = summarize (&d);
    status = json_object_get_int_member (summary, "failed") > 0 ? WS_EXIT_INSTALL_FAILED : WS_EXIT_OK;
    g_autoptr (GString) out = g_string_new (NULL);
    if (opts.json) {
      g_autofree char *doc = json_report (&d, summary, status);
      g_string_append (out, doc);
      g_string_append_c (out, '\n');
    } else {
      text_report (out, &d, summary);
    }
    fputs (out->str, stdout);   /* spooled: the report is printed whole, or not at all */
  } else if (err) {
    ws_error_print (err);
  }
  diag_clear (&d);
  ws_common_opts_clear (&opts);
  return status;
}
