/* batch-summary: what the batch tells its caller: one JSON Lines event per step on stdout,
 * summary.json after each guest, a stub report when a child wrote none; see batch.h. */
#include <config.h>

#include <string.h>

#include <json-glib/json-glib.h>

#include "ws-error.h"
#include "batch.h"
#include "banned.h"

const char *
batch_class_name (enum batch_class c)
{
  return c == BATCH_OK ? "ok" : c == BATCH_PERMANENT ? "permanent" : "transient";
}

/* Permanent: the input decides (usage, bad input, not applicable, refused, not bootable...) and
 * an incomplete rollback needs a person.  Transient: the host (9), a rollback after a write
 * failed (4: the guest is unchanged), a kill. */
enum batch_class
batch_class_of (int exit_code)
{
  if (exit_code == WS_EXIT_OK)
    return BATCH_OK;
  if (exit_code == -1 || exit_code == WS_EXIT_ROLLED_BACK || exit_code == WS_EXIT_INTERNAL ||
      exit_code == 127)
    return BATCH_TRANSIENT;
  return BATCH_PERMANENT;
}

static void
result_members (JsonBuilder *b, const struct batch_result *r)
{
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, r->g->id);
  if (!r->done)
    return;
  json_builder_set_member_name (b, "exit_code");
  json_builder_add_int_value (b, r->exit_code);
  json_builder_set_member_name (b, "class");
  json_builder_add_string_value (b, batch_class_name (r->cls));
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, r->seconds);
  json_builder_set_member_name (b, "resumed");
  json_builder_add_boolean_value (b, r->resumed);
  json_builder_set_member_name (b, "reason");
  if (r->reason)
    json_builder_add_string_value (b, r->reason);
  else
    json_builder_add_null_value (b);
}

static char *
to_text (JsonBuilder *b, gboolean pretty)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, pretty);
}

/* The shape of every winseed event (docs/json.md#events): "type", "command", "elapsed", then
 * the event's own members; a batch's are "guest" events.  Elapsed counts from the first event,
 * which comes as the batch starts its first guest. */
void
batch_event (FILE *f, const char *event, const struct batch_result *r)
{
  static gint64 t0;
  if (t0 == 0)
    t0 = g_get_monotonic_time ();
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "guest");
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, "batch");
  json_builder_set_member_name (b, "elapsed");
  json_builder_add_double_value (b, (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, event);
  result_members (b, r);
  json_builder_end_object (b);
  g_autofree char *text = to_text (b, FALSE);
  /* One line per event, flushed: a reader of the stream sees each as it happens. */
  fprintf (f, "%s\n", text);
  fflush (f);
}

static gboolean
write_atomic (const char *out, const char *name, const char *text, GError **error)
{
  g_autofree char *path = g_build_filename (out, name, NULL);
  g_autoptr (GError) e = NULL;
  if (!g_file_set_contents (path, text, -1, &e)) {   /* temporary file + rename */
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write '%s': %s", path, e->message);
    return FALSE;
  }
  return TRUE;
}

static void
count (JsonBuilder *b, const char *name, guint n)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, n);
}

gboolean
batch_summary_write (const char *out, const struct batch_result *rs, guint n, gboolean interrupted,
                     GError **error)
{
  guint ok = 0, perm = 0, trans = 0, resumed = 0, pending = 0;
  for (guint i = 0; i < n; i++) {
    if (!rs[i].done)
      pending++;
    else if (rs[i].cls == BATCH_OK)
      ok++;
    else if (rs[i].cls == BATCH_PERMANENT)
      perm++;
    else
      trans++;
    resumed += rs[i].done && rs[i].resumed;
  }
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  count (b, "version", 1);
  count (b, "total", n);
  count (b, "converted", ok);
  count (b, "failed_permanent", perm);
  count (b, "failed_transient", trans);
  count (b, "resumed", resumed);
  count (b, "pending", pending);
  json_builder_set_member_name (b, "interrupted");
  json_builder_add_boolean_value (b, interrupted);
  json_builder_set_member_name (b, "guests");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++) {
    json_builder_begin_object (b);
    result_members (b, &rs[i]);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_autofree char *text = to_text (b, TRUE);
  return write_atomic (out, "summary.json", text, error);
}

/* The envelope of convert's own report (docs/json.md#the-envelope), so a reader of reports needs
 * no second parser. */
gboolean
batch_report_stub (const char *out, const struct batch_result *r, const char *message,
                   GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, "convert");
  json_builder_set_member_name (b, "disks");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->g->disks->len; i++)
    json_builder_add_string_value (b, ((struct guest_disk *) g_ptr_array_index (r->g->disks, i))->path);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "status");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "exit_code");
  json_builder_add_int_value (b, r->exit_code);
  json_builder_set_member_name (b, "result");
  json_builder_add_string_value (b, r->reason ? r->reason : "failed");
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  g_autofree char *text = to_text (b, TRUE);
  g_autofree char *name = g_strconcat (r->g->id, ".report.json", NULL);
  return write_atomic (out, name, text, error);
}
