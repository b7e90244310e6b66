/* test-driver-set: driver-set.c on a small tree and on ISO images of it (when xorriso exists):
 * the same packages, payload bytes read back through driver_set_read (what a conversion copies
 * into the guest), size limits, single-INF sets, and paths that are no driver set.  Hostile
 * sets (docs/driver-store.md#driver-sets-stay-inside-themselves): links that leave the set
 * (directly, through a chain, through a folder), special files, files swapped after the walk,
 * names that differ only in case and an INF with an unsafe name are refused with the file named;
 * an in-set link (the RPM's by-os into by-driver) still works. */
#include <config.h>

#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
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

#define SYS "viostor/w8.1/amd64/viostor.sys"
#define SECRET "host file that must never reach a guest"

/* A file outside the set (removed with the tree: it is the tree's sibling). */
static char *
outside_file (const char *root)
{
  g_autofree char *dir = g_strdup_printf ("%s-outside", root);
  put (dir, "secret", SECRET, -1);
  return g_build_filename (dir, "secret", NULL);
}

static void
remove_both (const char *root)
{
  g_autofree char *outside = g_strdup_printf ("%s-outside", root);
  remove_tree (root);
  remove_tree (outside);
}

static void
replace_with_link (const char *root, const char *rel, const char *target)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_unlink (path);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

/* driver_set_open refuses the set with an error that contains each of `parts`. */
static void
assert_refused (const char *root, const char *const *parts)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (driver_set) ds = driver_set_open (root, NULL, &err);
  g_assert_null (ds);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  for (; *parts; parts++)
    if (strstr (err->message, *parts) == NULL)
      g_error ("expected '%s' in '%s'", *parts, err->message);
}

static void
test_link_outside (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *secret = outside_file (root);
  replace_with_link (root, SYS, secret);
  assert_refused (root, (const char *[]) { SYS "'", "a link to '", "outside the driver set", NULL });
  /* A chain: viostor.sys -> hop.sys (in the set) -> the outside file.  Both links leave; the
   * walk names the one it meets first. */
  g_autofree char *hop = g_build_filename (root, "viostor", "hop.sys", NULL);
  g_assert_cmpint (symlink (secret, hop), ==, 0);
  replace_with_link (root, SYS, "../../hop.sys");
  assert_refused (root, (const char *[]) { ".sys': a link to '", "-outside/secret'", "outside the driver set", NULL });
  remove_both (root);
}

static void
test_folder_link_outside (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *secret = outside_file (root);
  g_autofree char *dir = g_path_get_dirname (secret);
  g_autofree char *link = g_build_filename (root, "viostor", "w8.1", "extra", NULL);
  g_assert_cmpint (symlink (dir, link), ==, 0);
  assert_refused (root, (const char *[]) { "viostor/w8.1/extra'", "outside the driver set", NULL });
  remove_both (root);
}

static void
test_special_files (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *sys = g_build_filename (root, SYS, NULL);
  g_unlink (sys);
  g_assert_cmpint (mkfifo (sys, 0600), ==, 0);
  assert_refused (root, (const char *[]) { "'" SYS "' is a FIFO", NULL });
  g_unlink (sys);
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  int s = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpuint (strlen (sys), <, sizeof sa.sun_path);
  memcpy (sa.sun_path, sys, strlen (sys) + 1);
  g_assert_cmpint (bind (s, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  assert_refused (root, (const char *[]) { "'" SYS "' is a socket", NULL });
  close (s);
  g_unlink (sys);
  if (mknod (sys, S_IFCHR | 0600, makedev (1, 3)) == 0) {   /* /dev/null's numbers; needs root */
    assert_refused (root, (const char *[]) { "'" SYS "' is a device node", NULL });
    g_unlink (sys);
  }
  remove_tree (root);
}

/* The RPM layout: by-os/<arch>/<os>/ links into by-driver/.  The link is read as the file. */
static void
test_link_inside (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *byos = g_build_filename (root, "by-os", "amd64", "w8.1", NULL);
  g_assert_cmpint (g_mkdir_with_parents (byos, 0755), ==, 0);
  const char *names[] = { "viostor.inf", "viostor.sys", "viostor.cat" };
  for (size_t i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree char *rel = g_strdup_printf ("by-os/amd64/w8.1/%s", names[i]);
    g_autofree char *target = g_strdup_printf ("../../../viostor/w8.1/amd64/%s", names[i]);
    g_autofree char *path = g_build_filename (root, rel, NULL);
    g_assert_cmpint (symlink (target, path), ==, 0);
  }
  g_autoptr (GError) err = NULL;
  g_autoptr (driver_set) ds = driver_set_open (root, NULL, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (ds->packages->len, ==, 3);
  const struct drv_package *p = g_ptr_array_index (ds->packages, 1);
  g_assert_cmpstr (p->inf_path, ==, "by-os/amd64/w8.1/viostor.inf");
  g_assert_true (drv_package_complete (p));
  g_autoptr (GBytes) b = driver_set_read (ds, "by-os/amd64/w8.1/viostor.sys", 0, &err);
  g_assert_no_error (err);
  g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (b), PAYLOAD, strlen (PAYLOAD));
  remove_tree (root);
}

/* Swapped after the walk: the file for a FIFO or a link out, a folder for a link to a copy
 * outside. */
static void
test_swapped (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *secret = outside_file (root);
  g_autoptr (GError) err = NULL;
  g_autoptr (driver_set) ds = driver_set_open (root, NULL, &err);
  g_assert_no_error (err);
  g_autofree char *sys = g_build_filename (root, SYS, NULL);
  g_unlink (sys);
  g_assert_cmpint (mkfifo (sys, 0600), ==, 0);   /* opened without blocking, then refused */
  g_autoptr (GBytes) fifo = driver_set_read (ds, SYS, 0, &err);
  g_assert_null (fifo);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  g_assert_nonnull (strstr (err->message, "it is a FIFO"));
  g_clear_error (&err);
  replace_with_link (root, SYS, secret);
  g_autoptr (GBytes) b = driver_set_read (ds, SYS, 0, &err);
  g_assert_null (b);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  g_assert_nonnull (strstr (err->message, "outside the driver set"));
  g_clear_error (&err);
  g_autofree char *outside = g_path_get_dirname (secret);
  g_autofree char *copy = g_build_filename (outside, "viostor.sys", NULL);
  g_assert_true (g_file_set_contents (copy, SECRET, -1, NULL));
  g_autofree char *amd64 = g_build_filename (root, "viostor", "w8.1", "amd64", NULL);
  g_autofree char *moved = g_build_filename (root, "viostor", "w8.1", "moved", NULL);
  g_assert_cmpint (g_rename (amd64, moved), ==, 0);
  g_assert_cmpint (symlink (outside, amd64), ==, 0);
  g_autoptr (GBytes) c = driver_set_read (ds, SYS, 0, &err);
  g_assert_null (c);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  remove_both (root);
}

static void
test_case_and_unsafe_inf (void)
{
  g_autofree char *root = make_tree ();
  put (root, "viostor/w8.1/amd64/VIOSTOR.SYS", "other bytes", -1);
  assert_refused (root, (const char *[]) { "differ only in case", "viostor/w8.1/amd64/VIOSTOR.SYS", SYS, NULL });
  g_autofree char *upper = g_build_filename (root, "viostor/w8.1/amd64/VIOSTOR.SYS", NULL);
  g_unlink (upper);
  g_autofree char *inf = g_build_filename (root, "viostor/w8.1/amd64/viostor.inf", NULL), *text = NULL;
  g_assert_true (g_file_get_contents (inf, &text, NULL, NULL));
  g_auto (GStrv) halves = g_strsplit (text, "[DestinationDirs]", 2);
  g_autofree char *edited = g_strconcat (halves[0], "[DestinationDirs]\r\nviostor_Files_Driver = 12,..\\..\\Users\\Public",
                                         halves[1], NULL);
  guint line = 2;   /* the line after the header */
  for (const char *c = halves[0]; *c; c++)
    line += *c == '\n';
  g_autofree char *where = g_strdup_printf ("cannot parse 'viostor/w8.1/amd64/viostor.inf' line %u: ", line);
  put (root, "viostor/w8.1/amd64/viostor.inf", edited, -1);
  assert_refused (root, (const char *[]) { where, "unsafe DestinationDirs subdirectory '..\\..\\Users\\Public'", NULL });
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
  g_test_add_func ("/driver-set/link-outside", test_link_outside);
  g_test_add_func ("/driver-set/folder-link-outside", test_folder_link_outside);
  g_test_add_func ("/driver-set/special-files", test_special_files);
  g_test_add_func ("/driver-set/link-inside", test_link_inside);
  g_test_add_func ("/driver-set/swapped", test_swapped);
  g_test_add_func ("/driver-set/case-and-unsafe-inf", test_case_and_unsafe_inf);
  return g_test_run ();
}
