/* batch-key: when a stored result still holds, and where it is stored; see batch.h.
 *
 * The key is what a conversion depends on, cheap to read back: a disk's (device, inode, size,
 * mtime, ctime) changes when anything writes to it (a conversion too: so the stored result of a
 * converted guest is keyed on the disks as the conversion left them); the driver set is digested
 * from its file list with sizes and mtimes rather than content (an ISO is one file; a tree of
 * hundreds of MiB is not read again).  The options and winseed's version complete it.
 */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <json-glib/json-glib.h>

#include "ws-error.h"
#include "batch.h"
#include "banned.h"

/* A driver tree larger than this is refused: the walk is bounded like every input. */
#define KEY_MAX_FILES 200000
#define KEY_MAX_DEPTH 32

static void
add_stat (GChecksum *c, const char *name, const struct stat *sb)
{
  g_autofree char *s = g_strdup_printf (
    "%s\t%ju\t%ju\t%jd\t%jd.%09ld\t%jd.%09ld\n", name, (uintmax_t) sb->st_dev, (uintmax_t) sb->st_ino,
    (intmax_t) sb->st_size, (intmax_t) sb->st_mtim.tv_sec, sb->st_mtim.tv_nsec,
    (intmax_t) sb->st_ctim.tv_sec, sb->st_ctim.tv_nsec);
  g_checksum_update (c, (const guchar *) s, -1);
}

static gint
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Every entry under dir, in sorted order, by relative path, size and mtime (lstat: links are
 * not followed). */
static gboolean
walk (GChecksum *c, const char *dir, const char *rel, int depth, guint *files, GError **error)
{
  if (depth > KEY_MAX_DEPTH) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "driver set '%s' is nested too deep", dir);
    return FALSE;
  }
  g_autoptr (GError) e = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &e);
  if (d == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read driver set: %s", e->message);
    return FALSE;
  }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (const char *n; (n = g_dir_read_name (d)) != NULL;)
    g_ptr_array_add (names, g_strdup (n));
  g_ptr_array_sort (names, cmp_str);
  for (guint i = 0; i < names->len; i++) {
    const char *n = g_ptr_array_index (names, i);
    g_autofree char *path = g_build_filename (dir, n, NULL);
    g_autofree char *r = rel ? g_strconcat (rel, "/", n, NULL) : g_strdup (n);
    struct stat sb;
    if (++*files > KEY_MAX_FILES || lstat (path, &sb) == -1) {
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot digest driver set entry '%s': %s",
                   path, *files > KEY_MAX_FILES ? "too many files" : g_strerror (errno));
      return FALSE;
    }
    sb.st_dev = 0, sb.st_ino = 0, sb.st_ctim = (struct timespec) { 0 };   /* a copy digests alike */
    add_stat (c, r, &sb);
    if (S_ISDIR (sb.st_mode) && !walk (c, path, r, depth + 1, files, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
add_path (GChecksum *c, const char *path, gboolean tree, GError **error)
{
  struct stat sb;
  if (stat (path, &sb) == -1) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot stat '%s': %s", path, g_strerror (errno));
    return FALSE;
  }
  add_stat (c, path, &sb);
  guint files = 0;
  return !tree || !S_ISDIR (sb.st_mode) || walk (c, path, NULL, 0, &files, error);
}

char *
batch_key (const struct batch_guest *g, GError **error)
{
  g_autoptr (GChecksum) c = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *head = g_strdup_printf ("winseed %s\nblock=%s net=%d tools=%d san=%d firstboot=%s xml=%d\n",
                                           PACKAGE_VERSION, g->o.block_driver ? g->o.block_driver : "",
                                           !g->o.no_network, !g->o.keep_tools, !g->o.keep_san_policy,
                                           g->o.firstboot ? g->o.firstboot : "", g->o.libvirt_xml);
  g_checksum_update (c, (const guchar *) head, -1);
  for (guint i = 0; g->o.also && i < g->o.also->len; i++) {
    g_autofree char *a = g_strdup_printf ("also=%s\n", (char *) g_ptr_array_index (g->o.also, i));
    g_checksum_update (c, (const guchar *) a, -1);
  }
  for (guint i = 0; g->o.nic_map && i < g->o.nic_map->len; i++) {
    g_autofree char *m = g_strdup_printf ("nic-map=%s\n", (char *) g_ptr_array_index (g->o.nic_map, i));
    g_checksum_update (c, (const guchar *) m, -1);
  }
  for (guint i = 0; i < g->disks->len; i++) {
    const struct guest_disk *d = g_ptr_array_index (g->disks, i);
    g_autofree char *f = g_strdup_printf ("format=%s\n", d->format ? d->format : "");
    g_checksum_update (c, (const guchar *) f, -1);
    if (!add_path (c, d->path, FALSE, error))
      return NULL;
  }
  if (!add_path (c, g->o.drivers, TRUE, error))
    return NULL;
  return g_strdup (g_checksum_get_string (c));
}

static char *
state_path (const char *out, const char *id)
{
  g_autofree char *name = g_strconcat (id, ".state.json", NULL);
  return g_build_filename (out, name, NULL);
}

void
batch_state_clear (struct batch_state *st)
{
  g_clear_pointer (&st->key, g_free);
}

gboolean
batch_state_load (const char *out, const char *id, struct batch_state *st)
{
  g_autofree char *path = state_path (out, id);
  g_autoptr (JsonParser) p = json_parser_new ();
  if (!json_parser_load_from_file (p, path, NULL))
    return FALSE;
  JsonNode *root = json_parser_get_root (p);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  JsonObject *o = json_node_get_object (root);
  const char *key = json_object_get_string_member_with_default (o, "key", NULL);
  gint64 code = json_object_get_int_member_with_default (o, "exit_code", -2);
  const char *cls = json_object_get_string_member_with_default (o, "class", "");
  if (key == NULL || code < -1 || code > 255)
    return FALSE;
  st->key = g_strdup (key);
  st->exit_code = (int) code;
  st->cls = strcmp (cls, "ok") == 0 ? BATCH_OK : strcmp (cls, "permanent") == 0 ? BATCH_PERMANENT
                                                                               : BATCH_TRANSIENT;
  st->seconds = json_object_get_double_member_with_default (o, "seconds", 0);
  return TRUE;
}

gboolean
batch_state_save (const char *out, const char *id, const struct batch_state *st, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, st->key);
  json_builder_set_member_name (b, "exit_code");
  json_builder_add_int_value (b, st->exit_code);
  json_builder_set_member_name (b, "class");
  json_builder_add_string_value (b, batch_class_name (st->cls));
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, st->seconds);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = json_to_string (root, TRUE);
  g_autofree char *path = state_path (out, id);
  g_autoptr (GError) e = NULL;
  if (!g_file_set_contents (path, text, -1, &e)) {   /* temporary file + rename */
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write '%s': %s", path, e->message);
    return FALSE;
  }
  return TRUE;
}
