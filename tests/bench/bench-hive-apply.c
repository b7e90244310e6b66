/* bench-hive-apply: time and memory of hive_apply on the real 15 MB Windows 10 SYSTEM hive with
 * about 2000 edits (the bench plan of plans.h).  Prints figures; asserts nothing about them.
 *
 *   bench-hive-apply [HIVE]
 *
 * Without HIVE it decompresses tests/fixtures/hives/win10-18362_regipy_SYSTEM.xz (found through
 * WINSEED_TOP_SRCDIR, which ./run sets) into a scratch directory.  Run it with `make bench`.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "reg-export.h"
#include "hive-apply.h"
#include "plans.h"
#include "banned.h"

#define FIXTURE "tests/fixtures/hives/win10-18362_regipy_SYSTEM.xz"

static long
peak_rss_kib (void)
{
  struct rusage ru;
  return getrusage (RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

static long long
file_size (const char *path)
{
  GStatBuf st;
  return g_stat (path, &st) == 0 ? (long long) st.st_size : -1;
}

/* xz runs in a child, so the decompression does not count towards our peak RSS. */
static gboolean
decompress_fixture (const char *out, GError **error)
{
  const char *top = g_getenv ("WINSEED_TOP_SRCDIR");
  g_autofree char *xz = g_build_filename (top ? top : ".", FIXTURE, NULL);
  const char *argv[] = { "sh", "-c", "xz -dc \"$1\" > \"$2\"", "sh", xz, out, NULL };
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, error))
    return FALSE;
  return g_spawn_check_wait_status (status, error);
}

static gboolean
bench (const char *hive, const char *dir, GError **error)
{
  g_autofree char *out = g_build_filename (dir, "SYSTEM.out", NULL);
  g_autofree char *again = g_build_filename (dir, "SYSTEM.again", NULL);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (reg_plan) plan = test_plan ("bench", error);
  if (plan == NULL)
    return FALSE;
  gint64 t1 = g_get_monotonic_time ();
  const char *prefix = reg_hive_prefix (REG_HIVE_SYSTEM);
  g_autofree char *text = reg_export (plan, REG_HIVE_SYSTEM, prefix, error);
  gint64 t2 = g_get_monotonic_time ();
  long rss_before = peak_rss_kib ();
  if (text == NULL || !hive_apply (hive, out, plan, REG_HIVE_SYSTEM, error))
    return FALSE;
  gint64 t3 = g_get_monotonic_time ();
  long rss_after = peak_rss_kib ();
  if (!hive_apply_verify (out, plan, REG_HIVE_SYSTEM, error))
    return FALSE;
  gint64 t4 = g_get_monotonic_time ();
  if (!hive_apply (out, again, plan, REG_HIVE_SYSTEM, error))
    return FALSE;
  gint64 t5 = g_get_monotonic_time ();
  printf ("edits:                      %zu\n", reg_plan_len (plan));
  printf ("hive in / out / re-applied: %lld / %lld / %lld bytes\n", file_size (hive),
          file_size (out), file_size (again));
  printf ("build plan:                 %.3f s\n", (t1 - t0) / 1e6);
  printf ("export .reg:                %.3f s (%zu bytes)\n", (t2 - t1) / 1e6, strlen (text));
  printf ("apply (incl. verify):       %.3f s\n", (t3 - t2) / 1e6);
  printf ("verify alone:               %.3f s\n", (t4 - t3) / 1e6);
  printf ("apply to its own result:    %.3f s\n", (t5 - t4) / 1e6);
  printf ("peak RSS before/after apply: %ld / %ld KiB\n", rss_before, rss_after);
  g_unlink (out);
  g_unlink (again);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winseed-bench-XXXXXX", &err);
  g_autofree char *hive = NULL;
  gboolean ok = dir != NULL;
  if (ok && argc > 1)
    hive = g_strdup (argv[1]);
  else if (ok) {
    hive = g_build_filename (dir, "SYSTEM", NULL);
    ok = decompress_fixture (hive, &err);
  }
  ok = ok && bench (hive, dir, &err);
  if (dir) {
    if (argc <= 1)
      g_unlink (hive);
    g_rmdir (dir);
  }
  if (!ok) {
    ws_error_print (err);
    return ws_exit_from_error (err);
  }
  return 0;
}
