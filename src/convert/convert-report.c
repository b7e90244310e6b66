/* convert-report: what a conversion did (or would do), for people and for pipelines. */
#include <config.h>

#include <string.h>
#include <sys/resource.h>

#include "ws-error.h"
#include "convert.h"
#include "inspect-report.h"
#include "report.h"
#include "banned.h"

static const char *const phase_names[PH_COUNT] = {
  [PH_OPEN] = "open", [PH_INSPECT] = "inspect", [PH_SELECT] = "select", [PH_PLAN] = "plan",
  [PH_STAGE] = "stage", [PH_COMMIT] = "commit", [PH_VERIFY] = "verify",
};

void
convert_report_text (GString *out, const struct convert_result *r, const struct convert_opts *o)
{
  const struct ws_windows *w = r->windows;
  if (w == NULL)
    return;
  g_string_append_printf (out, "%s %s (%s, %s, control set %s, %s)\n",
                          o->dry_run ? "Plan for" : r->changed ? "Converted" : "Checked",
                          w->root_device, w->os_name, w->arch, w->control_set,
                          w->boot_model == WS_BOOT_DDB ? "DriverDatabase" : "CriticalDeviceDatabase");
  for (guint i = 0; i < r->packages->len; i++) {
    const struct convert_package *k = g_ptr_array_index (r->packages, i);
    g_autofree char *svcs = k->services ? g_strjoinv (",", k->services) : g_strdup ("-");
    g_string_append_printf (out, "  %-6s %s: %s as %s, service %s, %u IDs, %u files%s%s\n",
                            k->role ? k->role : "-", k->inf_path ? k->inf_path : "?", k->action,
                            k->published ? k->published : "-", svcs,
                            k->ids ? g_strv_length (k->ids) : 0, k->files ? g_strv_length (k->files) : 0,
                            k->ddb_hive ? ", DriverDatabase in " : "", k->ddb_hive ? k->ddb_hive : "");
  }
  if (!o->dry_run && !r->changed && r->packages->len)
    g_string_append (out, "  already converted: nothing written\n");
  for (size_t i = 0; r->backups && r->backups[i]; i++)
    g_string_append_printf (out, "  backup: %s\n", r->backups[i]);
  for (guint i = 0; i < r->warnings->len; i++)
    g_string_append_printf (out, "  warning: %s\n", (char *) g_ptr_array_index (r->warnings, i));
  for (guint i = 0; i < w->blockers->len; i++) {
    const struct ws_blocker *b = g_ptr_array_index (w->blockers, i);
    g_string_append_printf (out, "  warning: %s: %s\n", b->kind, b->detail);
  }
  g_string_append (out, "  time:");
  for (int p = 0; p < PH_COUNT; p++)
    g_string_append_printf (out, " %s %.1fs", phase_names[p], r->seconds[p]);
  g_string_append_c (out, '\n');
}

static void
package_json (JsonBuilder *b, const struct convert_package *k)
{
  json_builder_begin_object (b);
  report_add_string (b, "role", k->role);
  report_add_string (b, "inf", k->inf_path);
  report_add_string (b, "reason", k->reason);
  report_add_string (b, "action", k->action);
  report_add_string (b, "published_inf", k->published);
  report_add_string (b, "driver_store_name", k->store);
  report_add_string (b, "driver_database_hive", k->ddb_hive);
  report_add_string (b, "driver_ver", k->driver_ver);
  report_add_strv (b, "services", k->services);
  report_add_strv (b, "ids", k->ids);
  report_add_strv (b, "files", k->files);
  json_builder_end_object (b);
}

void
convert_report_json (JsonBuilder *b, const struct convert_result *r, const struct convert_opts *o)
{
  json_builder_set_member_name (b, "dry_run");
  json_builder_add_boolean_value (b, o->dry_run);
  json_builder_set_member_name (b, "changed");
  json_builder_add_boolean_value (b, r->changed);
  if (r->windows) {
    json_builder_set_member_name (b, "windows");
    inspect_report_json (b, r->windows);
    report_add_string (b, "control_set", r->windows->control_set);
  }
  json_builder_set_member_name (b, "packages");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->packages->len; i++)
    package_json (b, g_ptr_array_index (r->packages, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "registry_edits");
  json_builder_add_int_value (b, r->n_edits);
  report_add_strv (b, "written", r->written);
  report_add_strv (b, "backups", r->backups);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (r->warnings, i));
  json_builder_end_array (b);
  if (r->plan_text)
    report_add_string (b, "plan", r->plan_text);
  /* This process only: the appliance (qemu) is a child and is not counted. */
  struct rusage ru;
  json_builder_set_member_name (b, "peak_rss_kib");
  json_builder_add_int_value (b, getrusage (RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1);
  json_builder_set_member_name (b, "seconds");
  json_builder_begin_object (b);
  for (int p = 0; p < PH_COUNT; p++) {
    json_builder_set_member_name (b, phase_names[p]);
    json_builder_add_double_value (b, r->seconds[p]);
  }
  json_builder_end_object (b);
}
