/* verify-test: helpers shared by the verify unit tests; see verify-test.h. */
#include <config.h>

#include <string.h>

#include "ws-tmpdir.h"
#include "verify-test.h"

static char *tmpdir;
static GHashTable *files;      /* lower-case path -> size (gint64 *) */
static GHashTable *checked;    /* lower-case paths asked for */
static int copies;

static void
cleanup (void)
{
  ws_tmpdir_remove (tmpdir);
}

void
vt_init (void)
{
  g_autoptr (GError) err = NULL;
  tmpdir = ws_tmpdir_new (&err);
  g_assert_no_error (err);
  atexit (cleanup);
  files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gboolean
run (const char *const *argv)
{
  g_autoptr (GError) err = NULL;
  int status = 0;
  g_autofree char *out = NULL, *errout = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &errout,
                     &status, &err))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_printerr ("%s failed: %s\n", argv[0], errout);
    g_assert_not_reached ();
  }
  return TRUE;
}

/* Decompressed once into the scratch directory. */
static const char *
fixture (const char *name)
{
  static GHashTable *cache;
  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);
  const char *p = g_hash_table_lookup (cache, name);
  if (p)
    return p;
  const char *fx = g_getenv ("WINSEED_FIXTURES");
  g_assert_nonnull (fx);
  g_autofree char *src = g_strdup_printf ("%s/hives/%s.xz", fx, name);
  char *dst = g_build_filename (tmpdir, name, NULL);
  g_autofree char *cmd = g_strdup_printf ("xz -dc '%s' > '%s'", src, dst);
  g_assert_cmpint (system (cmd), ==, 0);
  g_hash_table_insert (cache, g_strdup (name), dst);
  return dst;
}

char *
vt_hive (const char *name, const char *const *regs)
{
  const char *src = fixture (name);
  if (regs == NULL || regs[0] == NULL)
    return g_strdup (src);
  g_autofree char *dst = g_strdup_printf ("%s/%s-%d", tmpdir, name, ++copies);
  g_autofree char *contents = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (dst, contents, len, NULL));
  const char *srcdir = g_getenv ("WINSEED_TESTS_SRCDIR");
  g_assert_nonnull (srcdir);
  for (size_t i = 0; regs[i]; i++) {
    g_autofree char *reg = g_strdup_printf ("%s/verify/%s", srcdir, regs[i]);
    const char *argv[] = { "hivexregedit", "--merge", "--prefix", "HKEY_LOCAL_MACHINE\\SYSTEM",
                           dst, reg, NULL };
    if (!run (argv))
      return NULL;
  }
  return g_steal_pointer (&dst);
}

void
vt_file_set (const char *path, int64_t size)
{
  g_hash_table_insert (files, g_ascii_strdown (path, -1), g_memdup2 (&size, sizeof size));
}

void
vt_files_reset (void)
{
  g_hash_table_remove_all (files);
  g_hash_table_remove_all (checked);
}

gboolean
vt_file_checked (const char *path)
{
  g_autofree char *k = g_ascii_strdown (path, -1);
  return g_hash_table_contains (checked, k);
}

static int64_t
fake_size (void *opaque, const char *path, GError **error)
{
  char *k = g_ascii_strdown (path, -1);
  const int64_t *size = g_hash_table_lookup (files, k);
  g_hash_table_add (checked, k);
  return size ? *size : 4096;
}

struct verify_result *
vt_walk (const char *path, const char *drivers_path, int major, int minor,
         const struct verify_device *devices, size_t n)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (hive_reader) sys = hive_reader_open (path, "SYSTEM", &err);
  g_assert_no_error (err);
  g_autoptr (hive_reader) drv = drivers_path ? hive_reader_open (drivers_path, "DRIVERS", &err) : NULL;
  g_assert_no_error (err);
  struct verify_guest g = {
    .system = sys, .drivers = drv, .major = major, .minor = minor, .systemroot = "/Windows",
    .drive_letter = "C", .files = { .size = fake_size },
  };
  struct verify_result *r = verify_walk (&g, devices, n, &err);
  g_assert_no_error (err);
  g_assert_nonnull (r);
  return r;
}

const struct verify_link *
vt_link (const struct verify_controller *ctl, const char *what, const char *where_part)
{
  for (guint i = 0; i < ctl->chain->len; i++) {
    const struct verify_link *l = g_ptr_array_index (ctl->chain, i);
    if (strcmp (l->what, what) == 0 && (where_part == NULL || strstr (l->where, where_part)))
      return l;
  }
  return NULL;
}

const struct verify_controller *
vt_controller (const struct verify_result *r, const char *name)
{
  for (guint i = 0; i < r->controllers->len; i++) {
    const struct verify_controller *ctl = g_ptr_array_index (r->controllers, i);
    g_autofree char *n = verify_device_name (ctl->device);
    if (strcmp (n, name) == 0)
      return ctl;
  }
  g_assert_not_reached ();
}
