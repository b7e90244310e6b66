/* diagnose-collect: what the SetupAPI log reader reports, kept for the report of
 * `winseed diagnose`; see diagnose.h.
 *
 * Each section becomes one JSON object, with its outcome and cause explained in one sentence.
 * Memory stays bounded for any log size: only the last install of each distinct device (at most
 * DIAG_MAX_ENTRIES) and each package (at most DIAG_MAX_PACKAGES) are kept; beyond those, entries
 * are counted, and failures still set the exit status.
 */
#include <config.h>

#include <string.h>

#include "diagnose.h"
#include "banned.h"

#define DIAG_MAX_ENTRIES 4096
#define DIAG_MAX_PACKAGES 4096

void
diag_init (struct diag *d)
{
  memset (d, 0, sizeof *d);
  d->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  d->order = g_ptr_array_new ();
  d->packages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  d->package_order = g_ptr_array_new ();
  d->logs = json_array_new ();
}

void
diag_clear (struct diag *d)
{
  g_hash_table_unref (d->entries), g_ptr_array_unref (d->order);
  g_hash_table_unref (d->packages), g_ptr_array_unref (d->package_order);
  json_array_unref (d->logs);
  g_free (d->firstboot_log);
  g_free (d->firstboot_error);
  if (d->firstboot)
    json_array_unref (d->firstboot);
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
void
diag_on_install (const struct setupapi_install *i, void *opaque)
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

void
diag_on_package (const struct setupapi_package *p, void *opaque)
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

void
diag_add_log (struct diag *d, const char *label, const struct setupapi_stats *st, const char *error)
{
  JsonObject *o = stats_object (label, st);
  set_str (o, "error", error);
  json_array_add_object_element (d->logs, o);
}
