/* cmd-drivers: `winseed drivers --drivers PATH [--target OS/ARCH] [--json]`.
 *
 * Lists the packages of a driver set and, with --target, the package each role would use and
 * why.  Reads only the driver set: no appliance is launched.  A package that cannot be parsed is
 * listed with its error (and warned about on stderr); the command fails only when the set
 * itself is unusable, a single INF given as the set is malformed, or --target matches nothing.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "driver.h"
#include "driver-set.h"
#include "match.h"
#include "report.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed drivers --drivers PATH [--target OS/ARCH] [--json]\n"
  "List the driver packages of a driver set (a virtio-win ISO image, a directory in the ISO or\n"
  "RPM layout, any folder of INF packages, or one INF) and, with --target, which package would\n"
  "be used for each role (block, scsi, net, ...) and why.\n"
  "  --drivers PATH     the driver set\n"
  "  --target OS/ARCH   e.g. 2k19/amd64, w10/x86, win11/arm64, 10.0.17763/server/amd64\n"
  "  --json             print one JSON document on stdout\n"
  "  -q, --quiet        no warnings about unusable packages\n";

enum { OPT_DRIVERS = WS_OPT_COMMAND_BASE, OPT_TARGET };

static const struct command_option options[] = {
  { "drivers", required_argument, OPT_DRIVERS },
  { "target", required_argument, OPT_TARGET },
  { NULL },
};

struct drivers_opts {
  char *drivers;
  char *target_text;
  struct ws_target target;
  struct driver_set *ds;
  struct drv_selection *sel;
};

/* A NULL-terminated view of a GPtrArray of strings (g_free the view only). */
static char **
strv_view (const GPtrArray *a)
{
  char **v = g_new0 (char *, a->len + 1);
  for (guint i = 0; i < a->len; i++)
    v[i] = g_ptr_array_index (a, i);
  return v;
}

/* ---- text */

static char *
join_ids (const struct inf_driver *drv, gboolean compatible)
{
  g_autoptr (GPtrArray) v = g_ptr_array_new ();
  for (guint i = 0; drv && i < drv->models->len; i++) {
    const struct inf_model *m = g_ptr_array_index (drv->models, i);
    for (guint j = 0; compatible ? m->compatible_ids[j] != NULL : j == 0; j++) {
      const char *id = compatible ? m->compatible_ids[j] : m->hardware_id;
      gboolean dup = *id == '\0';
      for (guint k = 0; k < v->len && !dup; k++)
        dup = g_ascii_strcasecmp (g_ptr_array_index (v, k), id) == 0;
      if (!dup)
        g_ptr_array_add (v, (gpointer) id);
    }
  }
  g_ptr_array_add (v, NULL);
  return g_strjoinv (", ", (char **) v->pdata);
}

static void
text_services (GString *out, const struct inf_driver *drv)
{
  g_autoptr (GPtrArray) svcs = inf_driver_services (drv);
  for (guint i = 0; i < svcs->len; i++) {
    const struct inf_service *s = g_ptr_array_index (svcs, i);
    if (*s->name == '\0')
      report_line (out, "service", "(none: null driver)");
    else
      report_line (out, "service", "%s (start %d, group %s, %s)", s->name, s->start_type,
                   s->load_order_group ? s->load_order_group : "-", s->binary_raw);
  }
}

static void
text_package (GString *out, const struct drv_package *p)
{
  const struct inf_driver *d = p->summary;
  g_string_append_printf (out, "%s\n", p->inf_path);
  if (d != NULL) {
    g_autofree char *guid = d->has_class_guid ? ws_guid_format (d->class_guid) : NULL;
    g_autofree char *date = inf_driver_ver_date (&d->driver_ver);
    g_autofree char *ver = inf_driver_ver_version (&d->driver_ver);
    g_autofree char *decos = g_strjoinv (", ", p->decorations);
    g_autofree char *hw = join_ids (d, FALSE), *compat = join_ids (d, TRUE);
    report_line (out, "class", "%s %s", d->class_name ? d->class_name : "-", guid ? guid : "");
    report_line (out, "provider", "%s", d->provider ? d->provider : "-");
    report_line (out, "DriverVer", "%s %s", date ? date : "-", ver ? ver : "");
    report_line (out, "platform", "%s %s (%s)", p->os_dir ? p->os_dir : "-", ws_arch_name (p->arch),
                 *decos ? decos : "undecorated");
    report_line (out, "role", "%s", p->role);
    text_services (out, d);
    report_line (out, "hardware IDs", "%s", *hw ? hw : "-");
    report_line (out, "compatible IDs", "%s", *compat ? compat : "-");
  }
  if (p->error)
    report_line (out, "error", "%s", p->error->message);
  else if (p->missing->len == 0)
    report_line (out, "complete", "yes");
  else {
    g_autofree char **view = strv_view (p->missing);
    g_autofree char *m = g_strjoinv (", ", view);
    report_line (out, "complete", "no: missing %s", m);
  }
}

static void
text_selection (GString *out, const struct drv_selection *sel)
{
  g_autofree char *title = drv_target_title (sel);
  g_autofree char *t = ws_target_format (&sel->target);
  g_string_append_printf (out, "\nTarget: %s, %s\n", title, t);
  for (guint i = 0; i < sel->choices->len; i++) {
    const struct drv_choice *c = g_ptr_array_index (sel->choices, i);
    report_line (out, c->role, "%s", c->chosen ? c->chosen->pkg->inf_path : "(none)");
    report_line (out, "", "why: %s", c->reason);
  }
}

/* ---- JSON */

static void
json_services (JsonBuilder *b, const struct inf_driver *drv)
{
  g_autoptr (GPtrArray) svcs = inf_driver_services (drv);
  json_builder_set_member_name (b, "services");
  json_builder_begin_array (b);
  for (guint i = 0; i < svcs->len; i++) {
    const struct inf_service *s = g_ptr_array_index (svcs, i);
    json_builder_begin_object (b);
    report_add_string (b, "name", s->name);
    json_builder_set_member_name (b, "start_type");
    json_builder_add_int_value (b, s->start_type);
    json_builder_set_member_name (b, "service_type");
    json_builder_add_int_value (b, s->service_type);
    report_add_string (b, "load_order_group", s->load_order_group);
    report_add_string (b, "binary", s->binary_raw);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

static void
json_summary (JsonBuilder *b, const struct inf_driver *d)
{
  g_autofree char *guid = d->has_class_guid ? ws_guid_format (d->class_guid) : NULL;
  g_autofree char *date = inf_driver_ver_date (&d->driver_ver);
  g_autofree char *ver = inf_driver_ver_version (&d->driver_ver);
  g_autofree char *hw = join_ids (d, FALSE), *compat = join_ids (d, TRUE);
  g_auto (GStrv) hwv = *hw ? g_strsplit (hw, ", ", -1) : NULL;
  g_auto (GStrv) compatv = *compat ? g_strsplit (compat, ", ", -1) : NULL;
  report_add_string (b, "class", d->class_name);
  report_add_string (b, "class_guid", guid);
  report_add_string (b, "provider", d->provider);
  report_add_string (b, "driver_date", date);
  report_add_string (b, "driver_version", ver);
  report_add_string (b, "catalog", d->catalog);
  json_services (b, d);
  report_add_strv (b, "hardware_ids", hwv);
  report_add_strv (b, "compatible_ids", compatv);
}

static void
json_package (JsonBuilder *b, const struct drv_package *p)
{
  json_builder_begin_object (b);
  report_add_string (b, "inf", p->inf_path);
  report_add_string (b, "os_folder", p->os_dir);
  report_add_string (b, "arch", ws_arch_name (p->arch));
  report_add_string (b, "role", p->role);
  report_add_strv (b, "decorations", p->decorations);
  if (p->summary)
    json_summary (b, p->summary);
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, drv_package_complete (p));
  g_autofree char **missing = strv_view (p->missing);
  report_add_strv (b, "missing", missing);
  report_add_string (b, "error", p->error ? p->error->message : NULL);
  json_builder_end_object (b);
}

static void
json_choice (JsonBuilder *b, const struct drv_choice *c)
{
  json_builder_begin_object (b);
  report_add_string (b, "role", c->role);
  report_add_string (b, "inf", c->chosen ? c->chosen->pkg->inf_path : NULL);
  report_add_string (b, "reason", c->reason);
  json_builder_set_member_name (b, "candidates");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->candidates->len; i++) {
    const struct drv_candidate *cand = g_ptr_array_index (c->candidates, i);
    json_builder_begin_object (b);
    report_add_string (b, "inf", cand->pkg->inf_path);
    json_builder_set_member_name (b, "usable");
    json_builder_add_boolean_value (b, cand->usable);
    json_builder_set_member_name (b, "os_folder");
    json_builder_add_boolean_value (b, cand->os_folder);
    report_add_string (b, "reason", cand->reason);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
json_target (JsonBuilder *b, const struct drivers_opts *o, const struct drv_selection *sel)
{
  json_builder_set_member_name (b, "target");
  if (sel == NULL) {
    json_builder_add_null_value (b);
    return;
  }
  g_autofree char *title = drv_target_title (sel);
  g_autofree char *t = ws_target_format (&sel->target);
  json_builder_begin_object (b);
  report_add_string (b, "given", o->target_text);
  report_add_string (b, "target", t);
  report_add_string (b, "os", sel->os ? sel->os->name : NULL);
  report_add_string (b, "title", title);
  report_add_string (b, "boot", os_table_boot_model (&sel->target) == OS_BOOT_CDD ? "CriticalDeviceDatabase" : "DriverDatabase");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "selection");
  json_builder_begin_array (b);
  for (guint i = 0; i < sel->choices->len; i++)
    json_choice (b, g_ptr_array_index (sel->choices, i));
  json_builder_end_array (b);
}

static void
emit_json (const struct command_ctx *c, const GError *failure, JsonBuilder *b)
{
  const struct drivers_opts *o = c->state;
  report_add_string (b, "drivers", o->ds->path);
  report_add_string (b, "kind", driver_set_kind_name (o->ds->kind));
  json_builder_set_member_name (b, "packages");
  json_builder_begin_array (b);
  for (guint i = 0; i < o->ds->packages->len; i++)
    json_package (b, g_ptr_array_index (o->ds->packages, i));
  json_builder_end_array (b);
  json_target (b, o, o->sel);
}

static void
emit_text (const struct command_ctx *c, const GError *failure, GString *out, GString *err)
{
  const struct drivers_opts *o = c->state;
  const struct driver_set *ds = o->ds;
  g_string_append_printf (out, "Driver set: %s (%s), %u package%s\n", ds->path, driver_set_kind_name (ds->kind),
                          ds->packages->len, ds->packages->len == 1 ? "" : "s");
  for (guint i = 0; i < ds->packages->len; i++) {
    g_string_append_c (out, '\n');
    text_package (out, g_ptr_array_index (ds->packages, i));
  }
  if (o->sel)
    text_selection (out, o->sel);
}

/* ---- the command */

static gboolean
check_set (const struct drivers_opts *o, const struct driver_set *ds, gboolean quiet, GError **error)
{
  for (guint i = 0; i < ds->packages->len; i++) {
    const struct drv_package *p = g_ptr_array_index (ds->packages, i);
    if (p->error && ds->kind == DRIVER_SET_INF) {
      g_propagate_error (error, g_error_copy (p->error));
      return FALSE;
    }
    if (p->error && !quiet)
      ws_error_print (p->error);
  }
  return TRUE;
}

/* With --target, at least one role must have a package; say why the first has none. */
static gboolean
check_selection (const struct drivers_opts *o, const struct drv_selection *sel, GError **error)
{
  for (guint i = 0; i < sel->choices->len; i++)
    if (((const struct drv_choice *) g_ptr_array_index (sel->choices, i))->chosen)
      return TRUE;
  const struct drv_choice *c = sel->choices->len ? g_ptr_array_index (sel->choices, 0) : NULL;
  const struct drv_candidate *cand = c && c->candidates->len ? g_ptr_array_index (c->candidates, 0) : NULL;
  g_autofree char *title = drv_target_title (sel);
  g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "no package in '%s' applies to %s %s%s%s%s%s%s", o->drivers,
               title, ws_arch_name (sel->target.arch), cand ? " (" : "", cand ? cand->pkg->inf_path : "",
               cand ? ": " : "", cand ? cand->reason : "", cand ? ")" : "");
  return FALSE;
}

static gboolean
check (const struct command_ctx *c, GError **error)
{
  struct drivers_opts *o = c->state;
  if (o->drivers == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "no driver set given (use --drivers PATH)");
    return FALSE;
  }
  return o->target_text == NULL || ws_target_parse (o->target_text, &o->target, error);
}

static gboolean
run (const struct command_ctx *c, GError **error)
{
  struct drivers_opts *o = c->state;
  if ((o->ds = driver_set_open (o->drivers, NULL, error)) == NULL ||
      !check_set (o, o->ds, c->common->quiet, error))
    return FALSE;
  o->sel = o->target_text ? drv_select (o->ds->packages, &o->target) : NULL;
  return o->sel == NULL || check_selection (o, o->sel, error);
}

static gboolean
take (void *state, int id, const char *arg, GError **error)
{
  struct drivers_opts *o = state;
  char **slot = id == OPT_DRIVERS ? &o->drivers : &o->target_text;
  g_free (*slot);
  *slot = g_strdup (arg);
  return TRUE;
}

static void
clear (void *state)
{
  struct drivers_opts *o = state;
  drv_selection_free (o->sel);
  driver_set_free (o->ds);
  g_free (o->drivers);
  g_free (o->target_text);
}

const struct command command_drivers = {
  .name = "drivers",
  .summary = "list the driver packages of a driver set and choose them for a target",
  .help = help_text,
  .options = options,
  .disks = COMMAND_NO_DISKS,
  .state_size = sizeof (struct drivers_opts),
  .clear = clear,
  .take = take,
  .check = check,
  .run = run,
  .emit_text = emit_text,
  .emit_json = emit_json,
};
