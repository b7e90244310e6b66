/* verify-report: the verdicts as text (one line per controller) and as JSON (everything the walk
 * saw); see verify.h.  Pure: the command prints what this builds. */
#include <config.h>

#include "ws-text.h"
#include "report.h"
#include "verify.h"
#include "banned.h"

static const char *
status_name (enum verify_status s)
{
  return s == VERIFY_LINK_OK ? "ok" : s == VERIFY_LINK_WARNING ? "warning" : "broken";
}

/* Which of the device's lists matched which of the INF's (the T digit of the rank,
 * docs/windows-boot-drivers.md#driver-ranking). */
static const char *
match_name (const struct verify_candidate *c, enum verify_model model)
{
  if (model == VERIFY_MODEL_CDDB)
    return c->device_compatible ? "device compatible ID" : "device hardware ID";
  static const char *const names[] = {
    "device hardware ID = INF hardware ID", "device hardware ID = INF compatible ID",
    "device compatible ID = INF hardware ID", "device compatible ID = INF compatible ID",
  };
  return names[(c->rank >> 12) & 3];
}

/* A NIC does not boot anything: it comes up (configured) or not. */
static const char *
verdict (const struct verify_device *d, gboolean ok)
{
  if (verify_device_is_net (d))
    return ok ? "comes up" : "does not come up";
  return ok ? "boots" : "does not boot";
}

static const struct verify_candidate *
winner (const struct verify_controller *ctl)
{
  for (guint i = 0; i < ctl->candidates->len; i++) {
    const struct verify_candidate *c = g_ptr_array_index (ctl->candidates, i);
    if (c->winner)
      return c;
  }
  return NULL;
}

static void
text_link (GString *out, const struct verify_link *l)
{
  g_string_append_printf (out, "    %-7s %-22s %s%s%s", status_name (l->status), l->what, l->where,
                          l->value ? " : " : "", l->value ? (l->value[0] ? l->value : "(default)") : "");
  g_string_append_printf (out, " = %s\n", l->found ? l->found : "(absent)");
}

static void
text_controller (GString *out, const struct verify_controller *ctl, enum verify_model model,
                 gboolean verbose)
{
  g_autofree char *name = verify_device_name (ctl->device);
  const struct verify_candidate *w = winner (ctl);
  g_string_append_printf (out, "%s %s %s: ", ctl->device->bus, ctl->device->variant, name);
  if (ctl->broken)
    g_string_append_printf (out, "%s: %s\n", verdict (ctl->device, FALSE), ctl->broken->why);
  else
    g_string_append_printf (out, "%s (%s via %s%s%s)\n", verdict (ctl->device, TRUE), w->service, w->source,
                            w->package ? ", package " : "", w->package ? w->package : "");
  for (guint i = 0; i < ctl->chain->len; i++) {
    const struct verify_link *l = g_ptr_array_index (ctl->chain, i);
    if (l->status == VERIFY_LINK_WARNING)
      g_string_append_printf (out, "  warning: %s\n", l->why);
  }
  if (!verbose)
    return;
  for (guint i = 0; i < ctl->candidates->len; i++) {
    const struct verify_candidate *c = g_ptr_array_index (ctl->candidates, i);
    g_string_append_printf (out, "  candidate %s at %s (%s, rank 0x%08x)%s%s\n", c->source, c->device_id,
                            match_name (c, model), c->rank, c->winner ? ": chosen" : c->broken ? ": unusable: " : "",
                            !c->winner && c->broken ? c->broken->why : "");
  }
  g_string_append (out, "  links walked:\n");
  for (guint i = 0; i < ctl->chain->len; i++)
    text_link (out, g_ptr_array_index (ctl->chain, i));
}

void
verify_report_text (GString *out, const struct verify_result *r, gboolean verbose)
{
  for (guint i = 0; i < r->controllers->len; i++)
    text_controller (out, g_ptr_array_index (r->controllers, i), r->model, verbose);
}

static void
json_link (JsonBuilder *b, const struct verify_link *l)
{
  json_builder_begin_object (b);
  report_add_string (b, "what", l->what);
  report_add_string (b, "where", l->where);
  report_add_string (b, "value", l->value);
  report_add_string (b, "found", l->found);
  report_add_string (b, "status", status_name (l->status));
  report_add_string (b, "why", l->why);
  json_builder_end_object (b);
}

static void
json_candidate (JsonBuilder *b, const struct verify_candidate *c, enum verify_model model)
{
  json_builder_begin_object (b);
  report_add_string (b, "source", c->source);
  report_add_string (b, "device_id", c->device_id);
  report_add_string (b, "match", match_name (c, model));
  g_autofree char *rank = g_strdup_printf ("0x%08x", c->rank);
  report_add_string (b, "rank", rank);
  report_add_string (b, "package", c->package);
  g_autofree char *date = c->date ? ws_filetime_to_date (c->date) : NULL;
  report_add_string (b, "date", date);
  g_autofree char *version = model == VERIFY_MODEL_DDB && c->package
    ? g_strdup_printf ("%u.%u.%u.%u", (unsigned) (c->version >> 48), (unsigned) (c->version >> 32) & 0xffff,
                       (unsigned) (c->version >> 16) & 0xffff, (unsigned) c->version & 0xffff) : NULL;
  report_add_string (b, "version", version);
  report_add_string (b, "service", c->service);
  json_builder_set_member_name (b, "chosen");
  json_builder_add_boolean_value (b, c->winner);
  report_add_string (b, "unusable", c->broken ? c->broken->why : NULL);
  json_builder_end_object (b);
}

static void
json_controller (JsonBuilder *b, const struct verify_controller *ctl, enum verify_model model)
{
  g_autofree char *name = verify_device_name (ctl->device);
  json_builder_begin_object (b);
  report_add_string (b, "bus", ctl->device->bus);
  report_add_string (b, "variant", ctl->device->variant);
  report_add_string (b, "device", name);
  report_add_strv (b, "hardware_ids", ctl->hardware_ids);
  report_add_strv (b, "compatible_ids", ctl->compatible_ids);
  json_builder_set_member_name (b, "boots");
  json_builder_add_boolean_value (b, ctl->broken == NULL);
  report_add_string (b, "verdict", verdict (ctl->device, ctl->broken == NULL));
  report_add_string (b, "reason", ctl->broken ? ctl->broken->why : NULL);
  json_builder_set_member_name (b, "broken_link");
  if (ctl->broken)
    json_link (b, ctl->broken);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "candidates");
  json_builder_begin_array (b);
  for (guint i = 0; i < ctl->candidates->len; i++)
    json_candidate (b, g_ptr_array_index (ctl->candidates, i), model);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "chain");
  json_builder_begin_array (b);
  for (guint i = 0; i < ctl->chain->len; i++)
    json_link (b, g_ptr_array_index (ctl->chain, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* The buses of the controllers walked, in order, each once (g_ptr_array_unref; borrowed names). */
static GPtrArray *
buses (const struct verify_result *r)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < r->controllers->len; i++) {
    const char *bus = ((struct verify_controller *) g_ptr_array_index (r->controllers, i))->device->bus;
    gboolean seen = FALSE;
    for (guint j = 0; j < out->len && !seen; j++)
      seen = g_strcmp0 (g_ptr_array_index (out, j), bus) == 0;
    if (!seen)
      g_ptr_array_add (out, (gpointer) bus);
  }
  return out;
}

void
verify_report_bus_text (GString *out, const struct verify_result *r)
{
  g_autoptr (GPtrArray) names = buses (r);
  for (guint i = 0; i < names->len; i++) {
    const char *bus = g_ptr_array_index (names, i);
    const struct verify_device *d = NULL;
    for (guint j = 0; j < r->controllers->len && d == NULL; j++) {
      const struct verify_controller *ctl = g_ptr_array_index (r->controllers, j);
      d = g_strcmp0 (ctl->device->bus, bus) == 0 ? ctl->device : NULL;
    }
    g_string_append_printf (out, "%s: %s\n", bus, verdict (d, verify_result_boots (r, bus)));
  }
}

void
verify_report_json (JsonBuilder *b, const struct verify_result *r)
{
  report_add_string (b, "boot_model", verify_model_name (r->model));
  report_add_string (b, "control_set", r->control_set);
  json_builder_set_member_name (b, "boots");
  json_builder_add_boolean_value (b, verify_result_boots (r, "all"));
  json_builder_set_member_name (b, "buses");
  json_builder_begin_array (b);
  g_autoptr (GPtrArray) names = buses (r);
  for (guint i = 0; i < names->len; i++) {
    json_builder_begin_object (b);
    report_add_string (b, "bus", g_ptr_array_index (names, i));
    json_builder_set_member_name (b, "boots");
    json_builder_add_boolean_value (b, verify_result_boots (r, g_ptr_array_index (names, i)));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "controllers");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->controllers->len; i++)
    json_controller (b, g_ptr_array_index (r->controllers, i), r->model);
  json_builder_end_array (b);
}
