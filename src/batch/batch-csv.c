/* batch-csv: a CSV manifest, turned row by row into the JSON object of the same guest, so that
 * both formats go through one checker; see batch.h.
 *
 * RFC 4180: a header row names the columns (the JSON keys), fields may be quoted ("" is a quote,
 * quoted fields may hold commas and newlines).  Lists (disks, also, nic_map) are ';'-separated in one
 * cell; an empty cell means "not given".  Each record keeps the line its row starts on.
 */
#include <config.h>

#include <string.h>

#include <json-glib/json-glib.h>

#include "batch.h"
#include "banned.h"

/* One row's fields; *p advances past the row; *line counts the newlines consumed.  NULL at the
 * end of the text; *bad set on an unterminated quote. */
static GPtrArray *
next_row (const char **p, guint *line, gboolean *bad)
{
  if (**p == '\0')
    return NULL;
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *f = g_string_new (NULL);
  gboolean quoted = FALSE;
  for (;; (*p)++) {
    char c = **p;
    if (c == '\0' && quoted) {
      *bad = TRUE;
      break;
    }
    if (quoted && c == '"' && (*p)[1] == '"') {
      g_string_append_c (f, '"');
      (*p)++;
    } else if (c == '"' && (quoted || f->len == 0)) {
      quoted = !quoted;
    } else if (!quoted && (c == ',' || c == '\n' || c == '\0')) {
      g_string_truncate (f, f->len && f->str[f->len - 1] == '\r' ? f->len - 1 : f->len);
      g_ptr_array_add (fields, g_string_free (f, FALSE));
      f = g_string_new (NULL);
      if (c != ',') {
        if (c == '\n')
          (*p)++, (*line)++;
        break;
      }
    } else {
      *line += c == '\n';
      g_string_append_c (f, c);
    }
  }
  g_string_free (f, TRUE);
  return fields;
}

static void
add_list (JsonBuilder *b, const char *cell)
{
  g_auto (GStrv) items = g_strsplit (cell, ";", -1);
  json_builder_begin_array (b);
  for (guint i = 0; items[i]; i++)
    if (items[i][0])
      json_builder_add_string_value (b, items[i]);
  json_builder_end_array (b);
}

/* A cell as the JSON value of its column: lists, booleans and numbers as JSON would have them;
 * a cell that is none of those stays a string, which the checker then refuses by its type. */
static void
add_cell (JsonBuilder *b, const char *col, const char *cell)
{
  json_builder_set_member_name (b, col);
  gboolean flag = strcmp (col, "network") == 0 || strcmp (col, "keep_tools") == 0
    || strcmp (col, "keep_san_policy") == 0 || strcmp (col, "libvirt_xml") == 0;
  if (strcmp (col, "disks") == 0 || strcmp (col, "also") == 0 || strcmp (col, "nic_map") == 0) {
    add_list (b, cell);
  } else if (flag && (strcmp (cell, "true") == 0 || strcmp (cell, "false") == 0)) {
    json_builder_add_boolean_value (b, strcmp (cell, "true") == 0);
  } else if (strcmp (col, "timeout") == 0 && cell[strspn (cell, "0123456789")] == '\0' &&
             strlen (cell) < 10) {
    json_builder_add_int_value (b, g_ascii_strtoll (cell, NULL, 10));
  } else {
    json_builder_add_string_value (b, cell);
  }
}

static char *
row_json (GPtrArray *header, GPtrArray *row)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  for (guint i = 0; i < row->len && i < header->len; i++) {
    const char *cell = g_ptr_array_index (row, i);
    if (cell[0])
      add_cell (b, g_ptr_array_index (header, i), cell);
  }
  if (row->len > header->len) {   /* an extra cell is an unknown key, named by its position */
    g_autofree char *name = g_strdup_printf ("column %u", header->len + 1);
    json_builder_set_member_name (b, name);
    json_builder_add_string_value (b, g_ptr_array_index (row, header->len));
  }
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

gboolean
batch_csv_records (const char *text, GPtrArray *records, guint *bad_line)
{
  const char *p = text;
  guint line = 1;
  gboolean bad = FALSE;
  g_autoptr (GPtrArray) header = next_row (&p, &line, &bad);
  if (header == NULL || bad) {
    *bad_line = 1;
    return FALSE;
  }
  for (;;) {
    guint start = line;
    g_autoptr (GPtrArray) row = next_row (&p, &line, &bad);
    if (bad) {
      *bad_line = start;
      return FALSE;
    }
    if (row == NULL)
      return TRUE;
    if (row->len == 1 && ((char *) g_ptr_array_index (row, 0))[0] == '\0')
      continue;   /* a blank line */
    struct batch_record *r = g_new0 (struct batch_record, 1);
    r->line = start;
    r->text = row_json (header, row);
    g_ptr_array_add (records, r);
  }
}
