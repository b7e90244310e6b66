/* inspect-report: struct ws_windows as human text or JSON. */
#include <config.h>

#include <string.h>

#include "inspect.h"
#include "inspect-report.h"
#include "report.h"
#include "banned.h"

static const char *
boot_model_name (enum ws_boot_model m)
{
  return m == WS_BOOT_DDB ? "DriverDatabase" : "CriticalDeviceDatabase";
}

void
inspect_report_text (GString *out, const struct ws_windows *w)
{
  g_string_append_printf (out, "Windows root %s%s%s%s\n", w->root_device, w->drive_letter ? " (" : "",
                          w->drive_letter ? w->drive_letter : "", w->drive_letter ? ":)" : "");
  report_line (out, "product:", "%s", w->product_name ? w->product_name : "-");
  report_line (out, "version:", "%s, NT %d.%d build %d%s%s", w->os_name, w->major, w->minor, w->build,
               w->display_version ? ", " : "", w->display_version ? w->display_version : "");
  report_line (out, "edition:", "%s (%s)", w->edition_id ? w->edition_id : "-",
               w->server ? "server" : "client");
  report_line (out, "architecture:", "%s", w->arch ? w->arch : "unknown");
  report_line (out, "system root:", "%s", w->systemroot);
  report_line (out, "hostname:", "%s", w->hostname ? w->hostname : "-");
  report_line (out, "control set:", "%s (Select\\Current)", w->control_set);
  report_line (out, "boot model:", "%s", boot_model_name (w->boot_model));
  report_line (out, "DRIVERS hive:", "%s", w->has_drivers_hive ? "yes" : "no");
  for (guint i = 0; i < w->storage->len; i++) {
    const struct ws_storage *s = g_ptr_array_index (w->storage, i);
    report_line (out, i ? "" : "storage:", "%s -> %s (Start=%d%s%s)", s->instance_id, s->service,
                 s->start == UINT32_MAX ? -1 : (int) s->start, s->start == 0 ? ", boot-start" : "",
                 s->start_override ? ", StartOverride present" : "");
  }
  if (w->storage->len == 0)
    report_line (out, "storage:", "none found");
  for (guint i = 0; i < w->virtio->len; i++)
    report_line (out, i ? "" : "virtio drivers:", "%s", (char *) g_ptr_array_index (w->virtio, i));
  if (w->virtio->len == 0)
    report_line (out, "virtio drivers:", "none");
  for (guint i = 0; i < w->nics->len; i++)
    inspect_nic_text (out, g_ptr_array_index (w->nics, i));
  if (w->nics->len == 0)
    report_line (out, "NICs:", "none");
  for (guint i = 0; i < w->blockers->len; i++) {
    const struct ws_blocker *b = g_ptr_array_index (w->blockers, i);
    report_line (out, i ? "" : "blockers:", "%s%s: %s", b->refuses ? "REFUSES " : "", b->kind, b->detail);
  }
  if (w->blockers->len == 0)
    report_line (out, "blockers:", "none");
}

static void
storage_json (JsonBuilder *b, const struct ws_storage *s)
{
  json_builder_begin_object (b);
  report_add_string (b, "instance_id", s->instance_id);
  report_add_string (b, "description", s->description);
  report_add_string (b, "class_guid", s->class_guid);
  report_add_string (b, "service", s->service);
  json_builder_set_member_name (b, "start");
  if (s->start == UINT32_MAX)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, s->start);
  json_builder_set_member_name (b, "boot_start");
  json_builder_add_boolean_value (b, s->start == 0);
  json_builder_set_member_name (b, "start_override");
  json_builder_add_boolean_value (b, s->start_override);
  report_add_string (b, "image_path", s->image_path);
  json_builder_end_object (b);
}

static void
int_member (JsonBuilder *b, const char *name, gint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}

void
inspect_report_json (JsonBuilder *b, const struct ws_windows *w)
{
  json_builder_begin_object (b);
  report_add_string (b, "root", w->root_device);
  report_add_string (b, "product_name", w->product_name);
  report_add_string (b, "os", w->os_name);
  int_member (b, "major_version", w->major);
  int_member (b, "minor_version", w->minor);
  int_member (b, "build", w->build);
  report_add_string (b, "display_version", w->display_version);
  report_add_string (b, "edition_id", w->edition_id);
  report_add_string (b, "installation_type", w->installation_type);
  report_add_string (b, "edition", w->server ? "server" : "client");
  report_add_string (b, "arch", w->arch);
  report_add_string (b, "systemroot", w->systemroot);
  report_add_string (b, "drive_letter", w->drive_letter);
  report_add_string (b, "hostname", w->hostname);
  report_add_string (b, "control_set", w->control_set);
  report_add_string (b, "boot_model", boot_model_name (w->boot_model));
  json_builder_set_member_name (b, "drivers_hive");
  json_builder_add_boolean_value (b, w->has_drivers_hive);
  json_builder_set_member_name (b, "storage");
  json_builder_begin_array (b);
  for (guint i = 0; i < w->storage->len; i++)
    storage_json (b, g_ptr_array_index (w->storage, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "virtio");
  json_builder_begin_array (b);
  for (guint i = 0; i < w->virtio->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (w->virtio, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "nics");
  json_builder_begin_array (b);
  for (guint i = 0; i < w->nics->len; i++)
    inspect_nic_json (b, g_ptr_array_index (w->nics, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "blockers");
  json_builder_begin_array (b);
  for (guint i = 0; i < w->blockers->len; i++) {
    const struct ws_blocker *bl = g_ptr_array_index (w->blockers, i);
    json_builder_begin_object (b);
    report_add_string (b, "kind", bl->kind);
    report_add_string (b, "detail", bl->detail);
    json_builder_set_member_name (b, "refuses_conversion");
    json_builder_add_boolean_value (b, bl->refuses);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
}
