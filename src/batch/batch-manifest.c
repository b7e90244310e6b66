/* batch-manifest: JSON Lines, one guest per line; see batch.h.  Every problem names its line, and
 * the whole file is checked before anything runs. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "ws-error.h"
#include "fb.h"
#include "match.h"
#include "batch.h"
#include "banned.h"

/* The keys a line may have; anything else is refused (a typo must not silently mean "default"). */
static const char *const known_keys[] = {
  "id", "disks", "drivers", "block_driver", "network", "also", "timeout", "keep_tools",
  "keep_san_policy", "firstboot", "nic_map", "libvirt_xml", NULL,
};

void
batch_conv_opts_clear (struct batch_conv_opts *o)
{
  g_clear_pointer (&o->drivers, g_free);
  g_clear_pointer (&o->block_driver, g_free);
  g_clear_pointer (&o->also, g_ptr_array_unref);
  g_clear_pointer (&o->firstboot, g_free);
  g_clear_pointer (&o->nic_map, g_ptr_array_unref);
}

void
batch_guest_free (struct batch_guest *g)
{
  if (g == NULL)
    return;
  g_free (g->id);
  if (g->disks)
    g_ptr_array_unref (g->disks);
  batch_conv_opts_clear (&g->o);
  g_free (g);
}
typedef struct batch_guest batch_guest;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (batch_guest, batch_guest_free)

/* What one line is checked against while it is read. */
struct line_ctx {
  const char *manifest;
  const char *base;          /* the manifest's directory */
  guint line;
  GPtrArray *problems;
};

static void G_GNUC_PRINTF (2, 3)
problem (struct line_ctx *lc, const char *fmt, ...)
{
  if (lc->problems->len >= BATCH_MAX_ERRORS)
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_ptr_array_add (lc->problems, g_strdup_printf ("%s:%u: %s", lc->manifest, lc->line, what));
}

static gboolean
id_ok (const char *id)
{
  size_t n = strlen (id);
  if (n == 0 || n > BATCH_MAX_ID || id[0] == '.' || id[0] == '-')
    return FALSE;
  for (size_t i = 0; i < n; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '.' && id[i] != '_' && id[i] != '-')
      return FALSE;
  return TRUE;
}

/* A string member, or NULL (with a problem when present but not a string). */
static const char *
get_string (struct line_ctx *lc, JsonObject *o, const char *key)
{
  JsonNode *n = json_object_get_member (o, key);
  if (n == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING) {
    problem (lc, "'%s' must be a string", key);
    return NULL;
  }
  return json_node_get_string (n);
}

/* An absolute, checked copy of a path from the manifest; NULL with a problem. */
static char *
take_path (struct line_ctx *lc, const char *what, const char *p, gboolean want_file)
{
  size_t n = strlen (p);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char) p[i] < 0x20 || p[i] == 0x7f) {
      problem (lc, "%s path has a control character", what);
      return NULL;
    }
  if (n == 0 || n > BATCH_MAX_PATH) {
    problem (lc, "%s path is empty or longer than %d bytes", what, BATCH_MAX_PATH);
    return NULL;
  }
  g_autofree char *abs = g_canonicalize_filename (p, lc->base);
  if (!g_file_test (abs, G_FILE_TEST_EXISTS)) {
    problem (lc, "%s '%s' does not exist", what, abs);
    return NULL;
  }
  if (want_file && g_file_test (abs, G_FILE_TEST_IS_DIR)) {
    problem (lc, "%s '%s' is a directory", what, abs);
    return NULL;
  }
  return g_steal_pointer (&abs);
}

static gboolean
take_disk (struct line_ctx *lc, JsonNode *n, struct batch_guest *g)
{
  const char *path = NULL, *format = NULL;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING) {
    path = json_node_get_string (n);
  } else if (JSON_NODE_HOLDS_OBJECT (n)) {
    JsonObject *o = json_node_get_object (n);
    GList *keys = json_object_get_members (o);
    for (GList *k = keys; k; k = k->next)
      if (strcmp (k->data, "path") != 0 && strcmp (k->data, "format") != 0)
        problem (lc, "unknown key '%s' in a disk (known: path, format)", (char *) k->data);
    g_list_free (keys);
    path = get_string (lc, o, "path");
    format = get_string (lc, o, "format");
    if (format && strcmp (format, "raw") != 0 && strcmp (format, "qcow2") != 0 &&
        strcmp (format, "vmdk") != 0 && strcmp (format, "vdi") != 0 && strcmp (format, "vhdx") != 0) {
      problem (lc, "disk format '%s' is not raw, qcow2, vmdk, vdi or vhdx", format);
      return FALSE;
    }
  }
  if (path == NULL) {
    problem (lc, "a disk must be a path or {\"path\": ..., \"format\": ...}");
    return FALSE;
  }
  g_autofree char *abs = take_path (lc, "disk image", path, TRUE);
  if (abs == NULL)
    return FALSE;
  struct guest_disk *d = g_new0 (struct guest_disk, 1);
  d->path = g_steal_pointer (&abs);
  d->format = g_strdup (format);
  g_ptr_array_add (g->disks, d);
  return TRUE;
}

static void
take_disks (struct line_ctx *lc, JsonObject *o, struct batch_guest *g)
{
  JsonNode *n = json_object_get_member (o, "disks");
  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n)) {
    problem (lc, "'disks' must be an array of disk images");
    return;
  }
  JsonArray *a = json_node_get_array (n);
  guint len = json_array_get_length (a);
  if (len == 0 || len > BATCH_MAX_DISKS) {
    problem (lc, "'disks' must hold 1 to %d disk images", BATCH_MAX_DISKS);
    return;
  }
  for (guint i = 0; i < len; i++)
    take_disk (lc, json_array_get_element (a, i), g);
}

static void
take_also (struct line_ctx *lc, JsonObject *o, struct batch_guest *g)
{
  JsonNode *n = json_object_get_member (o, "also");
  if (n == NULL)
    return;
  JsonArray *a = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
  if (a == NULL || json_array_get_length (a) > BATCH_MAX_ALSO) {
    problem (lc, "'also' must be an array of at most %d role names", BATCH_MAX_ALSO);
    return;
  }
  g_clear_pointer (&g->o.also, g_ptr_array_unref);
  g->o.also = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (a); i++) {
    JsonNode *e = json_array_get_element (a, i);
    const char *role = JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
      ? json_node_get_string (e) : NULL;
    if (role == NULL || role[0] == '\0' || role[0] == '-' || strlen (role) > BATCH_MAX_ID)
      problem (lc, "'also' element %u is not a role name", i + 1);
    else
      g_ptr_array_add (g->o.also, g_strdup (role));
  }
}

/* A boolean member into *out (left alone when absent). */
static void
take_flag (struct line_ctx *lc, JsonObject *o, const char *key, gboolean *out)
{
  JsonNode *n = json_object_get_member (o, key);
  if (n && (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN))
    problem (lc, "'%s' must be true or false", key);
  else if (n)
    *out = json_node_get_boolean (n);
}

/* convert's --firstboot / --no-firstboot and --nic-map, checked as convert checks them, so that
 * a typo is this line's problem rather than a failed conversion. */
static void
take_firstboot (struct line_ctx *lc, JsonObject *o, struct batch_guest *g)
{
  const char *fb = get_string (lc, o, "firstboot");
  enum fb_hook hook;
  if (fb && !fb_hook_from_name (fb, &hook))
    problem (lc, "'firstboot' must be service, setup-cmdline or none, not '%s'", fb);
  else if (fb) {
    g_free (g->o.firstboot);
    g->o.firstboot = g_strdup (fb);
  }
  JsonNode *n = json_object_get_member (o, "nic_map");
  if (n == NULL)
    return;
  JsonArray *a = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
  if (a == NULL || json_array_get_length (a) > BATCH_MAX_ALSO) {
    problem (lc, "'nic_map' must be an array of at most %d \"OLD=NEW\" MAC pairs", BATCH_MAX_ALSO);
    return;
  }
  g_autoptr (GStrvBuilder) sb = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (a); i++) {
    JsonNode *e = json_array_get_element (a, i);
    if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING) {
      problem (lc, "'nic_map' element %u is not a string", i + 1);
      return;
    }
    g_strv_builder_add (sb, json_node_get_string (e));
  }
  g_auto (GStrv) pairs = g_strv_builder_end (sb);
  g_autoptr (GError) e = NULL;
  if (!fb_nic_map_check (pairs, &e)) {
    problem (lc, "'nic_map': %s", e->message);
    return;
  }
  g_clear_pointer (&g->o.nic_map, g_ptr_array_unref);
  g->o.nic_map = g_ptr_array_new_with_free_func (g_free);
  for (size_t i = 0; pairs[i]; i++)
    g_ptr_array_add (g->o.nic_map, g_strdup (pairs[i]));
}

/* The options of a line over the defaults already in g->o. */
static void
take_options (struct line_ctx *lc, JsonObject *o, struct batch_guest *g)
{
  const char *drivers = get_string (lc, o, "drivers");
  if (drivers) {
    g_free (g->o.drivers);
    g->o.drivers = take_path (lc, "driver set", drivers, FALSE);
  } else if (g->o.drivers == NULL && !json_object_has_member (o, "drivers")) {
    problem (lc, "no driver set: give 'drivers' here or --drivers to the batch");
  }
  const char *block = get_string (lc, o, "block_driver");
  gboolean viostor, vioscsi;
  if (block && !drv_block_driver_parse (block, &viostor, &vioscsi))
    problem (lc, "'block_driver' must be viostor, vioscsi or both, not '%s'", block);
  else if (block) {
    g_free (g->o.block_driver);
    g->o.block_driver = g_strdup (block);
  }
  gboolean network = !g->o.no_network;
  take_flag (lc, o, "network", &network);
  g->o.no_network = !network;
  JsonNode *t = json_object_get_member (o, "timeout");
  if (t && (!JSON_NODE_HOLDS_VALUE (t) || json_node_get_value_type (t) != G_TYPE_INT64 ||
            json_node_get_int (t) < 0 || json_node_get_int (t) > 7 * 24 * 3600))
    problem (lc, "'timeout' must be a number of seconds from 0 to 604800");
  else if (t)
    g->o.timeout = (int) json_node_get_int (t);
  take_also (lc, o, g);
  take_flag (lc, o, "keep_tools", &g->o.keep_tools);
  take_flag (lc, o, "keep_san_policy", &g->o.keep_san_policy);
  take_flag (lc, o, "libvirt_xml", &g->o.libvirt_xml);
  take_firstboot (lc, o, g);
}

static struct batch_guest *
guest_new (const struct batch_conv_opts *d)
{
  struct batch_guest *g = g_new0 (struct batch_guest, 1);
  g->disks = g_ptr_array_new_with_free_func (guest_disk_free);
  g->o.drivers = g_strdup (d->drivers);
  g->o.block_driver = g_strdup (d->block_driver);
  g->o.no_network = d->no_network;
  g->o.timeout = d->timeout;
  g->o.keep_tools = d->keep_tools;
  g->o.keep_san_policy = d->keep_san_policy;
  g->o.libvirt_xml = d->libvirt_xml;
  g->o.firstboot = g_strdup (d->firstboot);
  if (d->also) {
    g->o.also = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < d->also->len; i++)
      g_ptr_array_add (g->o.also, g_strdup (g_ptr_array_index (d->also, i)));
  }
  return g;
}

/* One line; NULL when it has a problem (recorded) or is blank. */
static struct batch_guest *
read_line (struct line_ctx *lc, const char *text, const struct batch_conv_opts *defaults,
           GHashTable *ids)
{
  guint before = lc->problems->len;
  g_autoptr (JsonParser) p = json_parser_new ();
  g_autoptr (GError) e = NULL;
  if (!json_parser_load_from_data (p, text, -1, &e)) {
    problem (lc, "not JSON: %s", e->message);
    return NULL;
  }
  JsonNode *root = json_parser_get_root (p);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
    problem (lc, "a line must be one JSON object");
    return NULL;
  }
  JsonObject *o = json_node_get_object (root);
  GList *keys = json_object_get_members (o);
  for (GList *k = keys; k; k = k->next)
    if (!g_strv_contains (known_keys, k->data))
      problem (lc, "unknown key '%s'", (char *) k->data);
  g_list_free (keys);
  g_autoptr (batch_guest) g = guest_new (defaults);
  g->line = lc->line;
  const char *id = get_string (lc, o, "id");
  if (id == NULL || !id_ok (id))
    problem (lc, "'id' must be 1 to %d characters of A-Z a-z 0-9 . _ - (not starting with . or -)",
             BATCH_MAX_ID);
  else if (g_hash_table_contains (ids, id))
    problem (lc, "duplicate id '%s' (first on line %u)", id,
             GPOINTER_TO_UINT (g_hash_table_lookup (ids, id)));
  else
    g_hash_table_insert (ids, g_strdup (id), GUINT_TO_POINTER (lc->line));
  g->id = g_strdup (id);
  take_disks (lc, o, g);
  take_options (lc, o, g);
  return lc->problems->len == before ? g_steal_pointer (&g) : NULL;
}

static gboolean
blank (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static void
record_free (gpointer p)
{
  struct batch_record *r = p;
  g_free (r->text);
  g_free (r);
}

/* The records of a manifest: its lines, or its CSV rows as JSON.  FALSE with a problem. */
static gboolean
records (const char *path, char *text, GPtrArray *out, struct line_ctx *lc)
{
  if (g_str_has_suffix (path, ".csv")) {
    if (batch_csv_records (text, out, &lc->line))
      return TRUE;
    problem (lc, "unterminated quoted field");
    return FALSE;
  }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    struct batch_record *r = g_new0 (struct batch_record, 1);
    r->line = i + 1;
    r->text = g_steal_pointer (&lines[i]);
    g_ptr_array_add (out, r);
  }
  return TRUE;
}

static gboolean
read_file (const char *path, char **text, gsize *len, GError **error)
{
  g_autoptr (GError) e = NULL;
  if (g_file_get_contents (path, text, len, &e))
    return TRUE;
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read manifest: %s", e->message);
  return FALSE;
}

/* Standard input up to one byte past the size limit, so that an oversized manifest is refused
 * by the same check as a file's, without reading an endless stream. */
static gboolean
read_stdin (char **text, gsize *len, GError **error)
{
  GString *buf = g_string_new (NULL);
  char chunk[65536];
  size_t n;
  while (buf->len <= BATCH_MAX_FILE && (n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    g_string_append_len (buf, chunk, (gssize) n);
  if (ferror (stdin)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read the manifest from standard "
                 "input: %s", g_strerror (errno));
    g_string_free (buf, TRUE);
    return FALSE;
  }
  *len = buf->len;
  *text = g_string_free (buf, FALSE);
  return TRUE;
}

gboolean
batch_manifest_read (const char *path, const struct batch_conv_opts *defaults, GPtrArray *guests,
                     GPtrArray *problems, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  gboolean from_stdin = strcmp (path, "-") == 0;
  if (!(from_stdin ? read_stdin (&text, &len, error) : read_file (path, &text, &len, error)))
    return FALSE;
  if (len > BATCH_MAX_FILE || memchr (text, '\0', len) != NULL || !g_utf8_validate (text, len, NULL)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "manifest '%s' is not UTF-8 text of at most "
                 "%d MiB", path, BATCH_MAX_FILE >> 20);
    return FALSE;
  }
  /* A manifest on stdin has no directory: its relative paths are relative to where batch runs. */
  g_autofree char *base = from_stdin ? g_strdup (".") : g_path_get_dirname (path);
  g_autofree char *abs_base = g_canonicalize_filename (base, NULL);
  struct line_ctx lc = { .manifest = path, .base = abs_base, .problems = problems };
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) recs = g_ptr_array_new_with_free_func (record_free);
  records (path, text, recs, &lc);
  for (guint i = 0; i < recs->len; i++) {
    const struct batch_record *r = g_ptr_array_index (recs, i);
    lc.line = r->line;
    if (blank (r->text))
      continue;
    if (strlen (r->text) > BATCH_MAX_LINE || guests->len >= BATCH_MAX_GUESTS) {
      problem (&lc, "line longer than %d bytes, or more than %d guests", BATCH_MAX_LINE,
               BATCH_MAX_GUESTS);
      break;
    }
    struct batch_guest *g = read_line (&lc, r->text, defaults, ids);
    if (g)
      g_ptr_array_add (guests, g);
  }
  if (problems->len == 0 && guests->len == 0)
    g_ptr_array_add (problems, g_strdup_printf ("%s: no guest in the manifest", path));
  if (problems->len > 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "manifest '%s': %u problem%s%s", path,
                 problems->len, problems->len == 1 ? "" : "s",
                 problems->len >= BATCH_MAX_ERRORS ? " (only the first are listed)" : "");
    return FALSE;
  }
  return TRUE;
}
