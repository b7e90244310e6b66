/* diagnose-report: the report of `winseed diagnose`, as text or as one JSON document, from what
 * diagnose-collect.c kept; see diagnose.h.  Pure: it builds a string, the caller prints it.
 */
#include <config.h>

#include <string.h>

#include "diagnose.h"
#include "banned.h"

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

/* What the first boot did, step by step (docs/firstboot.md#payload). */
static void
firstboot_text (GString *out, const struct diag *d)
{
  if (!d->firstboot_log)
    return;
  g_string_append_printf (out, "\nFirst boot (%s):\n", d->firstboot_log);
  if (d->firstboot_error) {
    g_string_append_printf (out, "  not read: %s\n", d->firstboot_error);
    return;
  }
  guint n = d->firstboot ? json_array_get_length (d->firstboot) : 0;
  if (n == 0)
    g_string_append (out, "  (empty: the payload never got to write a step)\n");
  for (guint i = 0; i < n; i++) {
    JsonObject *o = json_array_get_object_element (d->firstboot, i);
    if (!json_object_has_member (o, "step")) {
      g_string_append_printf (out, "  line %" G_GINT64_FORMAT ": %s: %s\n", json_object_get_int_member (o, "line"),
                              str_or (o, "meaning", ""), str_or (o, "text", ""));
      continue;
    }
    g_string_append_printf (out, "  %-24s %-16s %-16s %s%s\n", str_or (o, "time", ""), str_or (o, "step", ""),
                            str_or (o, "result", ""), str_or (o, "meaning", ""),
                            json_object_get_boolean_member (o, "failed") ? "  FAILED" : "");
  }
  g_string_append_printf (out, "  %u step(s) failed\n", d->firstboot_failed);
}

void
diagnose_report_text (GString *out, const struct diag *d, JsonObject *summary)
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
  firstboot_text (out, d);
  g_string_append_printf (out, "\nSummary: %" G_GINT64_FORMAT " device installs, %" G_GINT64_FORMAT " failed; %"
                          G_GINT64_FORMAT " driver packages imported\n",
                          json_object_get_int_member (summary, "device_installs"),
                          json_object_get_int_member (summary, "failed"), json_object_get_int_member (summary, "packages"));
  if (d->dropped || d->packages_dropped)
    g_string_append_printf (out, "  (%lu more sections and %lu more packages were counted but not listed)\n",
                            d->dropped, d->packages_dropped);
}

JsonObject *
diagnose_report_summary (const struct diag *d)
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

void
diagnose_report_json (JsonBuilder *b, const struct diag *d, JsonObject *summary)
{
  JsonArray *entries = json_array_new (), *packages = json_array_new ();
  for (guint i = 0; i < d->order->len; i++)
    json_array_add_object_element (entries, json_object_ref (g_hash_table_lookup (d->entries, g_ptr_array_index (d->order, i))));
  for (guint i = 0; i < d->package_order->len; i++)
    json_array_add_object_element (packages, json_object_ref (g_hash_table_lookup (d->packages, g_ptr_array_index (d->package_order, i))));
  JsonNode *n;
  json_builder_set_member_name (b, "logs");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), d->logs));
  json_builder_set_member_name (b, "installs");
  n = json_node_init_array (json_node_alloc (), entries);
  json_array_unref (entries);
  json_builder_add_value (b, n);
  json_builder_set_member_name (b, "packages");
  n = json_node_init_array (json_node_alloc (), packages);
  json_array_unref (packages);
  json_builder_add_value (b, n);
  json_builder_set_member_name (b, "firstboot");
  if (!d->firstboot_log)
    json_builder_add_null_value (b);
  else {
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "log");
    json_builder_add_string_value (b, d->firstboot_log);
    json_builder_set_member_name (b, "error");
    if (d->firstboot_error)
      json_builder_add_string_value (b, d->firstboot_error);
    else
      json_builder_add_null_value (b);
    json_builder_set_member_name (b, "failed");
    json_builder_add_int_value (b, d->firstboot_failed);
    json_builder_set_member_name (b, "steps");
    JsonArray *steps = d->firstboot ? json_array_ref (d->firstboot) : json_array_new ();
    json_builder_add_value (b, json_node_init_array (json_node_alloc (), steps));
    json_array_unref (steps);
    json_builder_end_object (b);
  }
  json_builder_set_member_name (b, "summary");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), summary));
}
