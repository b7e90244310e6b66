/* SYSTEM hives for the NIC tests (see nic-hives.h). */
#include <config.h>

#include <stdlib.h>

#include "nic-hives.h"

hive_reader *
nic_hive_open (const char *path)
{
  g_autoptr (GError) err = NULL;
  hive_reader *h = hive_reader_open (path, "SYSTEM", &err);
  g_assert_no_error (err);
  return h;
}

hive_reader *
nic_hive_fixture (const char *dir, const char *name)
{
  const char *fx = g_getenv ("WINSEED_FIXTURES");
  g_assert_nonnull (fx);
  g_autofree char *dst = g_build_filename (dir, name, NULL);
  g_autofree char *cmd = g_strdup_printf ("xz -dc '%s/hives/%s.xz' > '%s'", fx, name, dst);
  g_assert_cmpint (system (cmd), ==, 0);
  return nic_hive_open (dst);
}

hive_reader *
nic_hive_static (const char *dir)
{
  const char *src = g_getenv ("WINSEED_TESTS_SRCDIR"), *build = g_getenv ("WINSEED_TESTS_BUILDDIR");
  g_assert_nonnull (src);
  g_assert_nonnull (build);
  g_autofree char *dst = g_build_filename (dir, "static-SYSTEM", NULL);
  g_autofree char *cmd = g_strdup_printf (
    "'%s/images/mkhive' '%s' SYSTEM && perl '%s/images/imgtool.pl' reg --control-set ControlSet001 "
    "'%s/network/static-nics.reg' > '%s.reg' && hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\\SYSTEM' "
    "'%s' '%s.reg'", build, dst, src, src, dst, dst, dst);
  g_assert_cmpint (system (cmd), ==, 0);
  return nic_hive_open (dst);
}
