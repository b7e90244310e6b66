/* test-appliance-ready: guest_appliance_ready, which spares a batch its warm-up launch when
 * libguestfs would not build its appliance anyway.  Each case lays out a libguestfs path
 * (LIBGUESTFS_PATH) and an appliance cache (LIBGUESTFS_CACHEDIR) in a scratch directory, with
 * mtimes set relative to the package database (/var/lib/dpkg/status), and checks the answer
 * that supermin's --if-newer rule gives for that layout. */
#include <config.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "guest.h"

static char *root;

static char *
path_in (const char *rel)
{
  return g_build_filename (root, rel, NULL);
}

static void
set_mtime (const char *rel, time_t t)
{
  g_autofree char *p = path_in (rel);
  struct utimbuf u = { t, t };
  g_assert_cmpint (utime (p, &u), ==, 0);
}

static void
make (const char *rel, gboolean dir)
{
  g_autofree char *p = path_in (rel);
  if (dir)
    g_assert_cmpint (g_mkdir_with_parents (p, 0755), ==, 0);
  else
    g_assert_true (g_file_set_contents (p, "", 0, NULL));
}

/* A libguestfs path with supermin.d, and a cache with kernel, initrd and root, every mtime at
 * `cache` (the cache directory) and `input` (supermin.d). */
static void
layout (time_t input, time_t cache, gboolean with_root)
{
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s/lib' '%s/cache'", root, root);
  g_assert_cmpint (system (rm), ==, 0);
  make ("lib/supermin.d", TRUE);
  g_autofree char *out = g_strdup_printf ("cache/.guestfs-%ld/appliance.d", (long) geteuid ());
  make (out, TRUE);
  static const char *const files[] = { "kernel", "initrd", "root" };
  for (size_t i = 0; i < G_N_ELEMENTS (files); i++) {
    if (!with_root && i == 2)
      continue;
    g_autofree char *f = g_strdup_printf ("%s/%s", out, files[i]);
    make (f, FALSE);
  }
  set_mtime ("lib/supermin.d", input);
  set_mtime (out, cache);
}

static time_t
packages (void)
{
  struct stat st;
  g_assert_cmpint (stat ("/var/lib/dpkg/status", &st), ==, 0);
  return st.st_mtime;
}

static void
test_fresh (void)
{
  layout (packages () - 100, packages () + 100, TRUE);
  g_assert_true (guest_appliance_ready ());
}

static void
test_input_newer (void)
{
  layout (packages () + 200, packages () + 100, TRUE);
  g_assert_false (guest_appliance_ready ());
}

static void
test_packages_newer (void)
{
  layout (packages () - 200, packages () - 100, TRUE);
  g_assert_false (guest_appliance_ready ());
}

static void
test_same_second (void)
{
  /* supermin wants every input strictly older than the output */
  layout (packages () + 100, packages () + 100, TRUE);
  g_assert_false (guest_appliance_ready ());
}

static void
test_file_missing (void)
{
  layout (packages () - 100, packages () + 100, FALSE);
  g_assert_false (guest_appliance_ready ());
}

static void
test_fixed (void)
{
  layout (packages () + 200, packages () + 100, FALSE);
  make ("lib/appliance", TRUE);
  make ("lib/appliance/README.fixed", FALSE);
  g_assert_true (guest_appliance_ready ());
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (access ("/var/lib/dpkg/status", R_OK) != 0) {
    g_print ("1..0 # SKIP no dpkg package database\n");
    return 77;
  }
  root = g_dir_make_tmp ("test-appliance-ready-XXXXXX", NULL);
  g_assert_nonnull (root);
  g_autofree char *lib = path_in ("lib");
  g_autofree char *cache = path_in ("cache");
  g_setenv ("LIBGUESTFS_PATH", lib, TRUE);
  g_setenv ("LIBGUESTFS_CACHEDIR", cache, TRUE);
  g_test_add_func ("/appliance-ready/fresh", test_fresh);
  g_test_add_func ("/appliance-ready/input-newer", test_input_newer);
  g_test_add_func ("/appliance-ready/packages-newer", test_packages_newer);
  g_test_add_func ("/appliance-ready/same-second", test_same_second);
  g_test_add_func ("/appliance-ready/file-missing", test_file_missing);
  g_test_add_func ("/appliance-ready/fixed", test_fixed);
  int rc = g_test_run ();
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", root);
  g_assert_cmpint (system (rm), ==, 0);
  g_free (root);
  return rc;
}
