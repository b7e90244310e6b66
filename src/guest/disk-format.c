/* disk-format: refuse a disk image qemu cannot write in place; see disk-format.h. */
#include <config.h>

#include <string.h>

#include <json-glib/json-glib.h>

#include "ws-error.h"
#include "disk-format.h"
#include "banned.h"

/* qemu block drivers that open read-only whatever is asked (qemu block/dmg.c, bochs.c, cloop.c
 * have no write callback). */
static const char *const readonly_formats[] = { "dmg", "bochs", "cloop" };

/* qemu-img info --output=json for path: its stdout, or NULL + error naming the disk. */
static char *
qemu_img_info (const char *path, const char *format, GError **error)
{
  /* -U: only the header is read, and a lock held by a running VM must not make this step fail
   * with a less clear message than the appliance launch gives. */
  /* --backing-chain: an overlay whose backing file is gone fails here, naming the missing file,
   * rather than at the appliance launch (which would look like a host failure). */
  const char *argv[9] = { "qemu-img", "info", "-U", "--backing-chain", "--output=json" };
  size_t n = 5;
  if (format) {
    argv[n++] = "-f";
    argv[n++] = format;
  }
  argv[n++] = path;
  argv[n] = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 1;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL)) {
    g_free (out);
    g_autofree char *line = g_strndup (err ? err : "", err ? strcspn (err, "\n") : 0);
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read the format of disk image '%s': %s", path,
                 *line ? line : "qemu-img info failed");
    return NULL;
  }
  return out;
}

/* What stops qemu writing the image in place, or NULL: a read-only block driver, or a VMDK of
 * the streamOptimized kind (OVA exports), whose grains qemu only appends. */
static char *
not_writable_reason (JsonObject *info)
{
  const char *fmt = json_object_has_member (info, "format") ? json_object_get_string_member (info, "format") : NULL;
  if (fmt == NULL)
    return NULL;
  for (size_t i = 0; i < G_N_ELEMENTS (readonly_formats); i++)
    if (strcmp (fmt, readonly_formats[i]) == 0)
      return g_strdup_printf ("is a %s image, which qemu only reads", fmt);
  if (strcmp (fmt, "vmdk") != 0 || !json_object_has_member (info, "format-specific"))
    return NULL;
  JsonObject *spec = json_object_get_object_member (info, "format-specific");
  JsonObject *data = spec && json_object_has_member (spec, "data") ? json_object_get_object_member (spec, "data") : NULL;
  const char *type = data && json_object_has_member (data, "create-type")
                     ? json_object_get_string_member (data, "create-type") : NULL;
  if (type && g_ascii_strcasecmp (type, "streamOptimized") == 0)
    return g_strdup ("is a streamOptimized VMDK, which qemu cannot write in place");
  return NULL;
}

/* The image's own qemu-img info object (the first of its backing chain), owned by parser; NULL +
 * WS_EXIT_BAD_INPUT naming the disk. */
static JsonObject *
image_info (JsonParser *parser, const char *path, const char *format, GError **error)
{
  g_autofree char *json = qemu_img_info (path, format, error);
  if (json == NULL)
    return NULL;
  JsonNode *root = json_parser_load_from_data (parser, json, -1, NULL) ? json_parser_get_root (parser) : NULL;
  /* With --backing-chain: an array, the image itself first. */
  JsonArray *chain = root && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
  JsonNode *top = chain && json_array_get_length (chain) > 0 ? json_array_get_element (chain, 0) : NULL;
  if (top == NULL || !JSON_NODE_HOLDS_OBJECT (top)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read the format of disk image '%s': "
                 "qemu-img info gave no JSON object", path);
    return NULL;
  }
  return json_node_get_object (top);
}

char *
disk_check_format (const char *path, const char *format, gboolean writable, guint64 *virtual_size,
                   GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *info = image_info (parser, path, format, error);
  if (info == NULL)
    return NULL;
  const char *fmt = json_object_has_member (info, "format") ? json_object_get_string_member (info, "format") : NULL;
  if (fmt == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read the format of disk image '%s': "
                 "qemu-img info names none", path);
    return NULL;
  }
  if (virtual_size) {
    gint64 size = json_object_has_member (info, "virtual-size")
                  ? json_object_get_int_member (info, "virtual-size") : 0;
    *virtual_size = size > 0 ? (guint64) size : 0;
  }
  if (writable) {
    g_autofree char *why = not_writable_reason (info);
    if (why) {
      g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "disk image '%s' %s; write the converted guest "
                   "to a new image instead (winseed convert -a '%s' --output NEW.qcow2), which leaves "
                   "this one untouched", path, why, path);
      return NULL;
    }
  }
  return g_strdup (fmt);
}

char *
disk_probe_format (const char *path, const char *format, GError **error)
{
  return format ? g_strdup (format) : disk_check_format (path, NULL, FALSE, NULL, error);
}

gboolean
disk_overlay_create (const char *path, const char *backing_format, const char *overlay,
                     GError **error)
{
  /* An absolute backing path: the overlay lives in a scratch directory, not beside the source. */
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", "-F", backing_format, "-b", abs,
                         overlay, NULL };
  g_autofree char *err = NULL;
  int status = 1;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL)) {
    g_autofree char *line = g_strndup (err ? err : "", err ? strcspn (err, "\n") : 0);
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot create an overlay over disk image '%s': %s",
                 path, *line ? line : "qemu-img create failed");
    return FALSE;
  }
  return TRUE;
}
