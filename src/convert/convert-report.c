/* convert-report: what a conversion did (or would do), for people and for pipelines. */
#include <config.h>

#include <string.h>
#include <sys/resource.h>

#include "ws-error.h"
#include "convert.h"
#include "inspect-report.h"
#include "report.h"
#include "plan-platform.h"
#include "convert-internal.h"
#include "banned.h"

static void
package_free (gpointer p)
{
  struct convert_package *k = p;
  g_free (k->role);
  g_free (k->inf_path);
  g_free (k->reason);
  g_free (k->action);
  g_free (k->published);
  g_free (k->store);
  g_free (k->ddb_hive);
  g_free (k->driver_ver);
  g_strfreev (k->services);
  g_strfreev (k->ids);
  g_strfreev (k->files);
  g_free (k);
}

static const char *
action_name (enum plan_action a)
{
  switch (a) {
  case PLAN_INSTALL: return "install";
  case PLAN_REFRESH: return "refresh";
  case PLAN_UPGRADE: return "upgrade";
  case PLAN_SKIP: return "skip (a newer version is installed)";
  }
  return "unknown";
}

/* Hardware and compatible IDs of the models the package installs for this guest. */
static char **
model_ids (const struct inf_driver *drv)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  for (guint i = 0; i < drv->models->len; i++) {
    const struct inf_model *m = g_ptr_array_index (drv->models, i);
    if (m->hardware_id && *m->hardware_id)
      g_ptr_array_add (ids, g_strdup (m->hardware_id));
    for (size_t j = 0; m->compatible_ids && m->compatible_ids[j]; j++)
      g_ptr_array_add (ids, g_strdup (m->compatible_ids[j]));
  }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* What the report says about each package: the plan's layout of it (planned names) and the
 * choice that selected it (layouts come in the selection's package order). */
GPtrArray *
conv_packages (const struct conv_selection *sel, const struct conv_plan *p)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (package_free);
  for (guint i = 0; p->layouts && i < p->layouts->len; i++) {
    const struct plan_layout *l = g_ptr_array_index (p->layouts, i);
    const struct drv_choice *ch = sel->pkg_choice[l->pkg - sel->pkgs];
    struct convert_package *k = g_new0 (struct convert_package, 1);
    k->role = g_strdup (ch->role);
    k->inf_path = g_strdup (ch->chosen->pkg->inf_path);
    k->reason = g_strdup (ch->reason);
    k->action = g_strdup (action_name (l->action));
    k->published = g_strdup (l->published);
    k->store = g_strdup (l->store);
    k->ddb_hive = l->ddb ? g_strdup (reg_hive_name (l->ddb_hive)) : NULL;
    g_autofree char *d = inf_driver_ver_date (&l->pkg->drv->driver_ver);
    g_autofree char *v = inf_driver_ver_version (&l->pkg->drv->driver_ver);
    k->driver_ver = g_strdup_printf ("%s, %s", d, v);
    g_autoptr (GPtrArray) svcs = inf_driver_services (l->pkg->drv);
    k->services = g_new0 (char *, svcs->len + 1);
    for (guint j = 0, n = 0; j < svcs->len; j++) {
      const struct inf_service *s = g_ptr_array_index (svcs, j);
      if (s->name && *s->name)
        k->services[n++] = g_strdup (s->name);
    }
    k->ids = model_ids (l->pkg->drv);
    k->files = g_new0 (char *, l->files->len + 1);
    for (guint j = 0; j < l->files->len; j++)
      k->files[j] = g_strdup (((struct plan_file_op *) g_ptr_array_index (l->files, j))->dest);
    g_ptr_array_add (out, k);
  }
  return out;
}

/* The phases a report lists: the output phase only for --output, which alone has one (it is
 * the last phase). */
static int
convert_phases_run (const struct convert_result *r)
{
  return r->outputs ? PH_COUNT : PH_OUTPUT;
}

/* What the first boot will carry; the MACs only hold if the target VM keeps the source MACs. */
static void
firstboot_text (GString *out, const struct convert_result *r)
{
  if (!r->firstboot_hook)
    return;
  g_string_append_printf (out, "  first boot: %s runs %s (the target VM must keep the source MACs)\n",
                          r->firstboot_hook, r->firstboot_payload);
  for (guint i = 0; i < r->firstboot_nics->len; i++) {
    const struct convert_fb_nic *n = g_ptr_array_index (r->firstboot_nics, i);
    g_string_append_printf (out, "    NIC '%s' %s -> new NIC %s (matched by %s)\n",
                            n->name ? n->name : "?", n->old_mac ? n->old_mac : "(no MAC)",
                            n->new_mac ? n->new_mac : "(the only virtio NIC)", n->matched_by);
    for (size_t j = 0; n->settings && n->settings[j]; j++)
      g_string_append_printf (out, "      %s\n", n->settings[j]);
  }
}

/* What was done to the old hypervisor's tools, with the values it replaced. */
static void
platform_text (GString *out, const struct convert_result *r)
{
  for (guint i = 0; r->platform_changes && i < r->platform_changes->len; i++) {
    const struct platform_change *c = g_ptr_array_index (r->platform_changes, i);
    g_string_append_printf (out, "  old platform: %s %s: %s -> %s (%s)\n", c->kind, c->what,
                            c->old_value, c->new_value, c->source);
  }
}

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
  firstboot_text (out, r);
  platform_text (out, r);
  for (size_t i = 0; r->backups && r->backups[i]; i++)
    g_string_append_printf (out, "  backup: %s\n", r->backups[i]);
  for (guint i = 0; r->outputs && i < r->outputs->len; i++) {
    const struct convert_output *x = g_ptr_array_index (r->outputs, i);
    g_string_append_printf (out, "  output: %s (%s) from %s%s\n", x->path, x->format, x->source,
                            x->written ? "" : ": not written");
  }
  if (r->domain.xml)
    g_string_append_printf (out, "  libvirt domain: %s (%s, %s, %s)\n", o->libvirt_xml, r->domain.firmware,
                            r->domain.machine, r->domain.bus);
  for (guint i = 0; i < r->warnings->len; i++)
    g_string_append_printf (out, "  warning: %s\n", (char *) g_ptr_array_index (r->warnings, i));
  for (guint i = 0; i < w->blockers->len; i++) {
    const struct ws_blocker *b = g_ptr_array_index (w->blockers, i);
    g_string_append_printf (out, "  warning: %s: %s\n", b->kind, b->detail);
  }
  g_string_append (out, "  time:");
  for (int p = 0; p < convert_phases_run (r); p++)
    g_string_append_printf (out, " %s %.1fs", convert_phase_names[p], r->seconds[p]);
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

static void
firstboot_json (JsonBuilder *b, const struct convert_result *r)
{
  json_builder_set_member_name (b, "firstboot");
  if (!r->firstboot_hook) {
    json_builder_add_null_value (b);
    return;
  }
  json_builder_begin_object (b);
  report_add_string (b, "mechanism", r->firstboot_hook);
  report_add_string (b, "payload", r->firstboot_payload);
  json_builder_set_member_name (b, "nics");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->firstboot_nics->len; i++) {
    const struct convert_fb_nic *n = g_ptr_array_index (r->firstboot_nics, i);
    json_builder_begin_object (b);
    report_add_string (b, "connection_name", n->name);
    report_add_string (b, "old_mac", n->old_mac);
    report_add_string (b, "new_mac", n->new_mac);
    report_add_string (b, "matched_by", n->matched_by);
    report_add_strv (b, "settings", n->settings);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
platform_json (JsonBuilder *b, const struct convert_result *r)
{
  json_builder_set_member_name (b, "old_platform");
  json_builder_begin_array (b);
  for (guint i = 0; r->platform_changes && i < r->platform_changes->len; i++) {
    const struct platform_change *c = g_ptr_array_index (r->platform_changes, i);
    json_builder_begin_object (b);
    report_add_string (b, "kind", c->kind);
    report_add_string (b, "what", c->what);
    report_add_string (b, "key", c->key);
    report_add_string (b, "old", c->old_value);
    report_add_string (b, "new", c->new_value);
    report_add_string (b, "source", c->source);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

/* --output: each image, in -a order; null without --output. */
static void
outputs_json (JsonBuilder *b, const struct convert_result *r)
{
  json_builder_set_member_name (b, "outputs");
  if (r->outputs == NULL) {
    json_builder_add_null_value (b);
    return;
  }
  json_builder_begin_array (b);
  for (guint i = 0; i < r->outputs->len; i++) {
    const struct convert_output *x = g_ptr_array_index (r->outputs, i);
    json_builder_begin_object (b);
    report_add_string (b, "path", x->path);
    report_add_string (b, "format", x->format);
    report_add_string (b, "source", x->source);
    json_builder_set_member_name (b, "complete");
    json_builder_add_boolean_value (b, x->written);
    json_builder_set_member_name (b, "size");
    json_builder_add_int_value (b, x->size);
    json_builder_set_member_name (b, "seconds");
    json_builder_add_double_value (b, x->seconds);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

/* --libvirt-xml: the domain written; null when none was (not asked, or the conversion failed). */
static void
domain_json (JsonBuilder *b, const struct convert_result *r, const struct convert_opts *o)
{
  json_builder_set_member_name (b, "libvirt_xml");
  if (r->domain.xml == NULL) {
    json_builder_add_null_value (b);
    return;
  }
  json_builder_begin_object (b);
  report_add_string (b, "path", o->libvirt_xml);
  report_add_string (b, "firmware", r->domain.firmware);
  report_add_string (b, "machine", r->domain.machine);
  report_add_string (b, "bus", r->domain.bus);
  report_add_string (b, "os_id", r->domain.os_id);
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
  outputs_json (b, r);
  domain_json (b, r, o);
  firstboot_json (b, r);
  platform_json (b, r);
  /* The warnings are the envelope's (the driver's "warnings", from events_warning). */
  if (r->plan_text)
    report_add_string (b, "plan", r->plan_text);
  /* This process only: the appliance (qemu) is a child and is not counted. */
  struct rusage ru;
  json_builder_set_member_name (b, "peak_rss_kib");
  json_builder_add_int_value (b, getrusage (RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1);
  json_builder_set_member_name (b, "seconds");
  json_builder_begin_object (b);
  for (int p = 0; p < convert_phases_run (r); p++) {
    json_builder_set_member_name (b, convert_phase_names[p]);
    json_builder_add_double_value (b, r->seconds[p]);
  }
  json_builder_end_object (b);
}
