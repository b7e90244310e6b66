/* driver-set: walk a directory, an ISO or one INF and build its packages; see driver-set.h. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
  if (ds->root_fd >= 0)
    close (ds->root_fd);
  g_free (ds->root_real);
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

gboolean
driver_set_index_add (GHashTable *files, const char *set, const char *rel, GError **error)
{
  char *lower = g_ascii_strdown (rel, -1);
  const char *other = g_hash_table_lookup (files, lower);
  if (other && strcmp (other, rel) != 0) {
    /* Windows would see one file: which content it got would depend on the order of a walk. */
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                 "cannot read driver set '%s': '%s' and '%s' differ only in case: expected one file per name",
                 set, other, rel);
    g_free (lower);
    return FALSE;
  }
  g_hash_table_replace (files, lower, g_strdup (rel));
  return TRUE;
}

static const char *
kind_of (mode_t mode)
{
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISSOCK (mode))
    return "a socket";
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return "a device node";
  return "not a regular file";
}

/* The path below the set's root that `rel` finally names, every link followed; NULL when it
 * cannot be resolved (*gone when it does not exist) or leaves the root
 * (docs/driver-store.md#driver-sets-stay-inside-themselves). */
static char *
inside_path (struct driver_set *ds, const char *rel, gboolean *gone, GError **error)
{
  g_autofree char *full = g_build_filename (ds->root, rel, NULL);
  g_autofree char *real = realpath (full, NULL);
  *gone = real == NULL && errno == ENOENT;
  if (real == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': %s", full, g_strerror (errno));
    return NULL;
  }
  size_t n = strlen (ds->root_real);
  const char *rest = real + n;
  if (strncmp (real, ds->root_real, n) != 0 || (ds->root_real[n - 1] != '/' && *rest != '/' && *rest != '\0')) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                 "cannot read '%s': a link to '%s', outside the driver set '%s': expected links that stay in the set",
                 full, real, ds->path);
    return NULL;
  }
  while (*rest == '/')
    rest++;
  return g_strdup (rest);
}

/* Open `inside` (a path below the root without links, from inside_path) one component at a
 * time from the root's descriptor, following no link: a component swapped for a link since it
 * was resolved fails here instead of being followed.  -1 with errno on failure. */
static int
open_beneath (struct driver_set *ds, const char *inside)
{
  g_auto (GStrv) parts = g_strsplit (inside, "/", -1);
  int fd = openat (ds->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  for (guint i = 0; fd >= 0 && parts[i]; i++) {
    int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (parts[i + 1] ? O_DIRECTORY : O_NONBLOCK | O_NOCTTY);
    int next = openat (fd, parts[i], flags);
    int saved = errno;
    close (fd);
    errno = saved;
    fd = next;
  }
  return fd;
}

/* What a link found in the walk finally names: a regular file is indexed under the link's
 * name (the RPM's by-os tree links into by-driver); a folder is not followed (no loops, and
 * its files are indexed where they are); a link that leaves the set or names a special file
 * is an error; a dangling one is skipped (the file is missing). */
static gboolean
walk_link (struct driver_set *ds, const char *rel, GError **error)
{
  gboolean gone = FALSE;
  g_autoptr (GError) e = NULL;
  g_autofree char *inside = inside_path (ds, rel, &gone, &e);
  struct stat st;
  if (inside == NULL && gone)
    return TRUE;
  if (inside == NULL) {
    g_propagate_error (error, g_steal_pointer (&e));
    return FALSE;
  }
  if (fstatat (ds->root_fd, inside, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return TRUE;   /* vanished while we walked */
  if (S_ISDIR (st.st_mode))
    return TRUE;
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read driver set '%s': '%s' is a link to %s: expected a regular file",
                 ds->path, rel, kind_of (st.st_mode));
    return FALSE;
  }
  return driver_set_index_add (ds->files, ds->path, rel, error);
}

static gboolean walk_dir (struct driver_set *ds, int dir_fd, const char *rel, guint depth, gboolean recurse,
                          GError **error);

static gboolean
walk_entry (struct driver_set *ds, int dir_fd, const char *name, const char *child, guint depth, gboolean recurse,
            GError **error)
{
  struct stat st;
  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return TRUE;   /* vanished while we walked */
  if (S_ISLNK (st.st_mode))
    return walk_link (ds, child, error);
  if (S_ISREG (st.st_mode))
    return driver_set_index_add (ds->files, ds->path, child, error);
  if (!S_ISDIR (st.st_mode)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read driver set '%s': '%s' is %s: expected a regular file",
                 ds->path, child, kind_of (st.st_mode));
    return FALSE;
  }
  if (!recurse)
    return TRUE;
  if (depth >= DRIVER_SET_MAX_DEPTH) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read driver set '%s': '%s' is nested deeper than %d levels",
                 ds->path, child, DRIVER_SET_MAX_DEPTH);
    return FALSE;
  }
  int fd = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read folder '%s' of driver set '%s': %s", child, ds->path,
                 g_strerror (errno));
    return FALSE;
  }
  gboolean ok = walk_dir (ds, fd, child, depth + 1, TRUE, error);
  close (fd);
  return ok;
}

/* The names in a folder, read through its own descriptor (`dir_fd` stays open). */
static GPtrArray *
read_names (struct driver_set *ds, int dir_fd, const char *rel, GError **error)
{
  int fd = openat (dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read folder '%s' of driver set '%s': %s",
                 *rel ? rel : ".", ds->path, g_strerror (errno));
    if (fd >= 0)
      close (fd);
    return NULL;
  }
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (struct dirent *d; (d = readdir (dir)) != NULL;)
    if (strcmp (d->d_name, ".") != 0 && strcmp (d->d_name, "..") != 0)
      g_ptr_array_add (names, g_strdup (d->d_name));
  closedir (dir);
  return names;
}

/* Index the regular files below the folder `dir_fd` (at `rel`), through descriptors and
 * without following a folder link, so that the walk cannot be led out of the set. */
static gboolean
walk_dir (struct driver_set *ds, int dir_fd, const char *rel, guint depth, gboolean recurse, GError **error)
{
  g_autoptr (GPtrArray) names = read_names (ds, dir_fd, rel, error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    g_autofree char *child = *rel ? g_strdup_printf ("%s/%s", rel, name) : g_strdup (name);
    if (too_many (ds, error) || !walk_entry (ds, dir_fd, name, child, depth, recurse, error))
      return FALSE;
  }
  return TRUE;
}

/* All of `fd`, at most max_size bytes. */
static GBytes *
read_fd (int fd, const char *path, gsize max_size, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  guint8 chunk[65536];
  for (;;) {
    ssize_t n = read (fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': %s", path, g_strerror (errno));
      return NULL;
    }
    if (n == 0)
      return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
    if (buf->len + (gsize) n > max_size) {
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': more than %zu bytes", path, (size_t) max_size);
      return NULL;
    }
    g_byte_array_append (buf, chunk, (guint) n);
  }
}

/* One descriptor from check to copy: resolved inside the set, opened without following a
 * link, checked with fstat, read. */
static GBytes *
read_dir_file (struct driver_set *ds, const char *relpath, gsize max_size, GError **error)
{
  g_autofree char *path = g_build_filename (ds->root, relpath, NULL);
  gboolean gone;
  g_autofree char *inside = inside_path (ds, relpath, &gone, error);
  if (inside == NULL)
    return NULL;
  int fd = open_beneath (ds, inside);
  if (fd < 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': %s", path,
                 errno == ELOOP ? "it changed into a link while being read" : g_strerror (errno));
    return NULL;
  }
  struct stat st;
  GBytes *out = NULL;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': it is %s: expected a regular file", path,
                 kind_of (st.st_mode));
  else if ((guint64) st.st_size > max_size)
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s': %lld bytes, expected at most %zu", path,
                 (long long) st.st_size, (size_t) max_size);
  else
    out = read_fd (fd, path, max_size, error);
  close (fd);
  return out;
}

GBytes *
driver_set_read (struct driver_set *ds, const char *relpath, gsize max_size, GError **error)
{
  if (max_size == 0)
    max_size = DRIVER_SET_MAX_READ;
  if (ds->kind == DRIVER_SET_ISO)
    return driver_set_iso_read (ds->iso, relpath, max_size, error);
  return read_dir_file (ds, relpath, max_size, error);
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

/* The root is opened once: every file is then reached from this descriptor. */
static gboolean
open_root (struct driver_set *ds, GError **error)
{
  ds->root_fd = open (ds->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ds->root_real = ds->root_fd >= 0 ? realpath (ds->root, NULL) : NULL;
  if (ds->root_real == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read folder '%s': %s", ds->root, g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}

static gboolean
open_kind (struct driver_set *ds, GError **error)
{
  if (g_file_test (ds->path, G_FILE_TEST_IS_DIR)) {
    ds->kind = DRIVER_SET_DIR;
    ds->root = g_strdup (ds->path);
    return open_root (ds, error) && walk_dir (ds, ds->root_fd, "", 0, TRUE, error);
  }
  if (!g_file_test (ds->path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read driver set '%s': %s", ds->path,
                 g_file_test (ds->path, G_FILE_TEST_EXISTS) ? "not a file or folder" : "no such file or folder");
    return FALSE;
  }
  if (is_inf (ds->path)) {
    ds->kind = DRIVER_SET_INF;
    ds->root = g_path_get_dirname (ds->path);
    return open_root (ds, error) && walk_dir (ds, ds->root_fd, "", 0, FALSE, error);
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
  ds->root_fd = -1;
  ds->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ds->packages = g_ptr_array_new_with_free_func ((GDestroyNotify) drv_package_free);
  if (!open_kind (ds, error))
    return NULL;
  g_autofree char *base = ds->kind == DRIVER_SET_INF ? g_path_get_basename (path) : NULL;
  build_packages (ds, base, locale);
  for (guint i = 0; i < ds->packages->len; i++) {
    const struct drv_package *p = g_ptr_array_index (ds->packages, i);
    if (p->unsafe) {   /* a hostile set, not a broken package: nothing of it is used */
      g_propagate_error (error, g_error_copy (p->error));
      return NULL;
    }
  }
  if (ds->packages->len == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "no driver package in '%s': expected *.inf files", path);
    return NULL;
  }
  return g_steal_pointer (&ds);
}
