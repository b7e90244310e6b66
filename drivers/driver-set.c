/* driver-set: walk a directory, an ISO or one INF and build its packages; see driver-set.h. */
#include <config.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "ws-error.h"
#include "driver-set.h"
#include "driver-set-iso.h"
#include "banned.h"

const char *
driver_set_kind_name (enum driver_set_kind kind)
{
  switch (kind) {
  case DRIVER_SET_ISO: return "iso";
  case DRIVER_SET_INF: return "inf";
  default: return "directory";
  }
}

void
driver_set_free (struct driver_set *ds)
{
  if (ds == NULL)
    return;
  if (ds->packages)
    g_ptr_array_unref (ds->packages);
  if (ds->files)
    g_hash_table_unref (ds->files);
  driver_set_iso_free (ds->iso);
  g_free (ds->root);
  g_free (ds->path);
  g_free (ds);
}

static gboolean
too_many (struct driver_set *ds, GError **error)
{
  if (g_hash_table_size (ds->files) < DRIVER_SET_MAX_FILES)
    return FALSE;
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read driver set '%s': more than %d files", ds->path,
               DRIVER_SET_MAX_FILES);
  return TRUE;
}

/* Index the regular files below root/rel.  Directory symlinks are not followed (no loops);
 * file symlinks are (the RPM's by-os tree links into by-driver). */
static gboolean
walk_dir (struct driver_set *ds, const char *rel, guint depth, gboolean recurse, GError **error)
{
  g_autofree char *full = *rel ? g_build_filename (ds->root, rel, NULL) : g_strdup (ds->root);
  g_autoptr (GError) err = NULL;
  g_autoptr (GDir) dir = g_dir_open (full, 0, &err);
  if (dir == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read folder '%s': %s", full, err->message);
    return FALSE;
  }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (const char *n; (n = g_dir_read_name (dir)) != NULL;)
    g_ptr_array_add (names, g_strdup (n));
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    g_autofree char *child = *rel ? g_strdup_printf ("%s/%s", rel, name) : g_strdup (name);
    g_autofree char *path = g_build_filename (ds->root, child, NULL);
    struct stat lst, st;
    if (too_many (ds, error))
      return FALSE;
    if (lstat (path, &lst) != 0)
      continue;   /* vanished while we walked */
    if (S_ISDIR (lst.st_mode)) {
      if (recurse && depth >= DRIVER_SET_MAX_DEPTH) {
        g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read driver set '%s': '%s' is nested deeper than %d levels",
                     ds->path, child, DRIVER_SET_MAX_DEPTH);
        return FALSE;
      }
      if (recurse && !walk_dir (ds, child, depth + 1, TRUE, error))
        return FALSE;
    } else if (stat (path, &st) == 0 && S_ISREG (st.st_mode)) {
      char *lower = g_ascii_strdown (child, -1);
      g_hash_table_replace (ds->files, lower, g_steal_pointer (&child));
    }
  }
  return TRUE;
}

GBytes *
driver_set_read (struct driver_set *ds, const char *relpath, gsize max_size, GError **error)
{
  if (max_size == 0)
    max_size = DRIVER_SET_MAX_READ;
  if (ds->kind == DRIVER_SET_ISO)
    return driver_set_iso_read (ds->iso, relpath, max_size, error);
  g_autofree char *path = g_build_filename (ds->root, relpath, NULL);
  struct stat st;
  if (stat (path, &st) != 0 || !S_ISREG (st.st_mode)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': %s", path,
                 errno ? g_strerror (errno) : "not a regular file");
    return NULL;
  }
  if ((guint64) st.st_size > max_size) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': %lld bytes, expected at most %zu", path,
                 (long long) st.st_size, (size_t) max_size);
    return NULL;
  }
  char *buf = NULL;
  gsize len = 0;
  g_autoptr (GError) err = NULL;
  if (!g_file_get_contents (path, &buf, &len, &err)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': %s", path, err->message);
    return NULL;
  }
  return g_bytes_new_take (buf, len);
}

static gboolean
is_inf (const char *path)
{
  size_t n = strlen (path);
  return n > 4 && g_ascii_strcasecmp (path + n - 4, ".inf") == 0;
}

static int
path_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* One package per *.inf of the index (or the single INF), in path order. */
static void
build_packages (struct driver_set *ds, const char *only, const char *locale)
{
  g_autoptr (GPtrArray) infs = g_ptr_array_new ();
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, ds->files);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (only ? strcmp (value, only) == 0 : is_inf (value))
      g_ptr_array_add (infs, value);
  g_ptr_array_sort (infs, path_cmp);
  for (guint i = 0; i < infs->len; i++) {
    const char *rel = g_ptr_array_index (infs, i);
    g_autoptr (GError) err = NULL;
    g_autoptr (GBytes) bytes = driver_set_read (ds, rel, INF_MAX_FILE_SIZE, &err);
    gsize len = 0;
    const void *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
    g_ptr_array_add (ds->packages, bytes ? drv_package_new (rel, data, len, ds->files, locale)
                                         : drv_package_new_failed (rel, ds->files, g_steal_pointer (&err)));
  }
}

static gboolean
open_kind (struct driver_set *ds, GError **error)
{
  if (g_file_test (ds->path, G_FILE_TEST_IS_DIR)) {
    ds->kind = DRIVER_SET_DIR;
    ds->root = g_strdup (ds->path);
    return walk_dir (ds, "", 0, TRUE, error);
  }
  if (!g_file_test (ds->path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read driver set '%s': %s", ds->path,
                 g_file_test (ds->path, G_FILE_TEST_EXISTS) ? "not a file or folder" : "no such file or folder");
    return FALSE;
  }
  if (is_inf (ds->path)) {
    ds->kind = DRIVER_SET_INF;
    ds->root = g_path_get_dirname (ds->path);
    return walk_dir (ds, "", 0, FALSE, error);
  }
  if (!driver_set_iso_probe (ds->path)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                 "cannot read driver set '%s': expected a folder, an INF file or an ISO 9660 image", ds->path);
    return FALSE;
  }
  ds->kind = DRIVER_SET_ISO;
  ds->iso = driver_set_iso_open (ds->path, ds->files, error);
  return ds->iso != NULL;
}

struct driver_set *
driver_set_open (const char *path, const char *locale, GError **error)
{
  g_autoptr (driver_set) ds = g_new0 (struct driver_set, 1);
  ds->path = g_strdup (path);
  ds->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ds->packages = g_ptr_array_new_with_free_func ((GDestroyNotify) drv_package_free);
  if (!open_kind (ds, error))
    return NULL;
  g_autofree char *base = ds->kind == DRIVER_SET_INF ? g_path_get_basename (path) : NULL;
  build_packages (ds, base, locale);
  if (ds->packages->len == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "no driver package in '%s': expected *.inf files", path);
    return NULL;
  }
  return g_steal_pointer (&ds);
}
