/* report: spooled JSON and aligned human output; see report.h. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "ws-error.h"
#include "report.h"
#include "banned.h"

gboolean
report_write_json (FILE *f, JsonNode *root, GError **error)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  gsize len = 0;
  g_autofree char *text = json_generator_to_data (gen, &len);
  if (fwrite (text, 1, len, f) != len || fputc ('\n', f) == EOF || fflush (f) != 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write the report: %s", g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}

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
report_add_disks (JsonBuilder *b, const struct ws_common_opts *opts)
{
  json_builder_set_member_name (b, "disks");
  json_builder_begin_array (b);
  for (guint i = 0; i < opts->disks->len; i++)
    json_builder_add_string_value (b, ((struct ws_disk *) g_ptr_array_index (opts->disks, i))->path);
  json_builder_end_array (b);
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
