/* report: spooled JSON and aligned human output; see report.h. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "ws-error.h"
#include "report.h"
#include "banned.h"

void
report_add_strv (JsonBuilder *b, const char *name, char *const *strv)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (size_t i = 0; strv && strv[i]; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

void
report_add_status (JsonBuilder *b, const GError *failure)
{
  json_builder_set_member_name (b, "status");
  json_builder_begin_object (b);
  enum ws_exit code = ws_exit_from_error (failure);
  json_builder_set_member_name (b, "exit_code");
  json_builder_add_int_value (b, code);
  report_add_string (b, "result", ws_exit_name (code));
  report_add_string (b, "error", failure ? failure->message : NULL);
  json_builder_end_object (b);
}

char *
report_json_text (JsonNode *root)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

void
report_add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
report_line (GString *out, const char *label, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *v = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_string_append_printf (out, "  %-16s %s\n", label, v);
}
