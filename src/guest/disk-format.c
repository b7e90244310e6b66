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

gboolean
disk_check_format (const char *path, const char *format, gboolean writable, GError **error)
{
  g_autofree char *json = qemu_img_info (path, format, error);
  if (json == NULL)
    return FALSE;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root = json_parser_load_from_data (parser, json, -1, NULL) ? json_parser_get_root (parser) : NULL;
  /* With --backing-chain: an array, the image itself first. */
  JsonArray *chain = root && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
  JsonNode *top = chain && json_array_get_length (chain) > 0 ? json_array_get_element (chain, 0) : NULL;
  if (top == NULL || !JSON_NODE_HOLDS_OBJECT (top)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read the format of disk image '%s': "
                 "qemu-img info gave no JSON object", path);
    return FALSE;
  }
  if (!writable)
    return TRUE;
  g_autofree char *why = not_writable_reason (json_node_get_object (top));
  if (why) {
    g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "disk image '%s' %s; convert a writable copy first "
                 "(qemu-img convert -O qcow2 '%s' COPY.qcow2) and give winseed the copy", path, why, path);
    return FALSE;
  }
  return TRUE;
}
