/* test-driver-set: driver-set.c on a small tree and on ISO images of it (when xorriso exists):
 * the same packages, payload bytes read back through driver_set_read (what a conversion copies
 * into the guest), size limits, single-INF sets, and paths that are no driver set. */
#include <config.h>

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "ws-error.h"
#include "driver-set.h"
#include "banned.h"

#define PAYLOAD "not a real driver, but these exact bytes"

static char *
fixture (const char *rel)
{
  const char *dir = g_getenv ("WINSEED_FIXTURES");
  return g_build_filename (dir ? dir : "fixtures", "virtio-win", rel, NULL);
}

static void
put (const char *root, const char *rel, const char *data, gssize len)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
}

/* viostor and NetKVM in the ISO layout, each with its catalog and payload. */
static char *
make_tree (void)
{
  char *root = g_dir_make_tmp ("winseed-test-set-XXXXXX", NULL);
  const char *infs[][2] = { { "viostor/w8.1/amd64/viostor.inf", "viostor" }, { "NetKVM/w8.1/amd64/netkvm.inf", "netkvm" } };
  for (size_t i = 0; i < G_N_ELEMENTS (infs); i++) {
    g_autofree char *src = fixture (infs[i][0]), *text = NULL;
    gsize len;
    g_assert_true (g_file_get_contents (src, &text, &len, NULL));
    put (root, infs[i][0], text, (gssize) len);
    g_autofree char *dir = g_path_get_dirname (infs[i][0]);
    g_autofree char *sys = g_strdup_printf ("%s/%s.sys", dir, infs[i][1]), *cat = g_strdup_printf ("%s/%s.cat", dir, infs[i][1]);
    put (root, sys, PAYLOAD, -1);
    put (root, cat, "catalog", -1);
  }
  return root;
}

static void
remove_tree (const char *root)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", root);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
}

static void
check_set (struct driver_set *ds)
{
  g_assert_cmpuint (ds->packages->len, ==, 2);
  const struct drv_package *net = g_ptr_array_index (ds->packages, 0);   /* path order */
  g_assert_cmpstr (net->inf_path, ==, "NetKVM/w8.1/amd64/netkvm.inf");
  g_assert_true (drv_package_complete (net));
  g_autoptr (GError) err = NULL;
  g_autoptr (GBytes) b = driver_set_read (ds, "viostor/w8.1/amd64/viostor.sys", 0, &err);
  g_assert_no_error (err);
  g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (b), PAYLOAD, strlen (PAYLOAD));
  g_autoptr (GBytes) small = driver_set_read (ds, "viostor/w8.1/amd64/viostor.sys", 10, &err);
  g_assert_null (small);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  g_clear_error (&err);
  g_autoptr (GBytes) none = driver_set_read (ds, "viostor/w8.1/amd64/nosuch.sys", 0, &err);
  g_assert_null (none);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  /* The files a package needs, in the set's spelling, ready to copy. */
  const struct drv_package *stor = g_ptr_array_index (ds->packages, 1);
  g_autoptr (GPtrArray) files = drv_package_files (stor, stor->summary);
  g_assert_cmpuint (files->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (files, 0), ==, "viostor/w8.1/amd64/viostor.inf");
  g_assert_cmpstr (g_ptr_array_index (files, 1), ==, "viostor/w8.1/amd64/viostor.cat");
  g_assert_cmpstr (g_ptr_array_index (files, 2), ==, "viostor/w8.1/amd64/viostor.sys");
}

static void
test_directory (void)
{
  g_autofree char *root = make_tree ();
  g_autoptr (GError) err = NULL;
  g_autoptr (driver_set) ds = driver_set_open (root, NULL, &err);
  g_assert_no_error (err);
  g_assert_cmpint (ds->kind, ==, DRIVER_SET_DIR);
  check_set (ds);
  remove_tree (root);
}

static void
test_iso (void)
{
  g_autofree char *xorriso = g_find_program_in_path ("xorriso");
  if (xorriso == NULL) {
    g_test_skip ("xorriso not installed");
    return;
  }
  g_autofree char *root = make_tree ();
  g_autofree char *iso = g_strdup_printf ("%s.iso", root);
  const char *argv[] = { xorriso, "-as", "mkisofs", "-quiet", "-J", "-R", "-o", iso, root, NULL };
  gint status;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_autoptr (GError) err = NULL;
  g_autoptr (driver_set) ds = driver_set_open (iso, NULL, &err);
  g_assert_no_error (err);
  g_assert_cmpint (ds->kind, ==, DRIVER_SET_ISO);
  check_set (ds);
  g_unlink (iso);
  remove_tree (root);
}

static void
test_single_inf (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *inf = g_build_filename (root, "viostor", "w8.1", "amd64", "viostor.inf", NULL);
  g_autoptr (GError) err = NULL;
  g_autoptr (driver_set) ds = driver_set_open (inf, NULL, &err);
  g_assert_no_error (err);
  g_assert_cmpint (ds->kind, ==, DRIVER_SET_INF);
  g_assert_cmpuint (ds->packages->len, ==, 1);
  const struct drv_package *p = g_ptr_array_index (ds->packages, 0);
  g_assert_cmpstr (p->inf_path, ==, "viostor.inf");
  g_assert_true (drv_package_complete (p));
  remove_tree (root);
}

static void
test_not_a_set (void)
{
  g_autofree char *root = g_dir_make_tmp ("winseed-test-set-XXXXXX", NULL);
  g_autoptr (GError) err = NULL;
  g_autoptr (driver_set) empty = driver_set_open (root, NULL, &err);
  g_assert_null (empty);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  g_clear_error (&err);
  put (root, "readme.txt", "hello", -1);
  g_autofree char *txt = g_build_filename (root, "readme.txt", NULL);
  g_autoptr (driver_set) text = driver_set_open (txt, NULL, &err);
  g_assert_null (text);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/driver-set/directory", test_directory);
  g_test_add_func ("/driver-set/iso", test_iso);
  g_test_add_func ("/driver-set/single-inf", test_single_inf);
  g_test_add_func ("/driver-set/not-a-set", test_not_a_set);
  return g_test_run ();
}
