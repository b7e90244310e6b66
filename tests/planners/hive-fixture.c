/* hive-fixture: scratch copies of the real fixture hives; see hive-fixture.h. */
#include <config.h>

#include <string.h>

#include <gio/gio.h>

#include "ws-error.h"
#include "ws-tmpdir.h"
#include "hive-apply.h"
#include "hive-read.h"
#include "hive-fixture.h"
#include "banned.h"

static char *scratch;

const char *
hive_fixture_dir (void)
{
  if (scratch == NULL) {
    g_autoptr (GError) err = NULL;
    scratch = ws_tmpdir_new (&err);
    g_assert_no_error (err);
  }
  return scratch;
}

void
hive_fixture_cleanup (void)
{
  if (scratch)
    ws_tmpdir_remove (g_steal_pointer (&scratch));
}

static GBytes *
run (const char *const *argv, gboolean must_succeed)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GBytes) out = NULL, errout = NULL;
  g_autoptr (GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                 &err);
  g_assert_no_error (err);
  g_assert_true (g_subprocess_communicate (p, NULL, NULL, &out, &errout, &err));
  g_assert_no_error (err);
  if (!g_subprocess_get_if_exited (p) || g_subprocess_get_exit_status (p) != 0) {
    if (must_succeed)
      g_error ("%s failed: %.*s", argv[0], (int) g_bytes_get_size (errout),
               (const char *) g_bytes_get_data (errout, NULL));
    return NULL;
  }
  return g_steal_pointer (&out);
}

char *
hive_fixture_copy (const char *fixture, const char *name)
{
  const char *fx = g_getenv ("WINSEED_FIXTURES");
  g_assert_nonnull (fx);
  g_autofree char *src = g_strdup_printf ("%s/hives/%s.xz", fx, fixture);
  char *dst = g_build_filename (hive_fixture_dir (), name, NULL);
  const char *argv[] = { "xz", "-dc", src, NULL };
  g_autoptr (GBytes) data = run (argv, TRUE);
  g_autoptr (GError) err = NULL;
  g_assert_true (g_file_set_contents (dst, g_bytes_get_data (data, NULL), (gssize) g_bytes_get_size (data), &err));
  return dst;
}

char *
hive_fixture_drivers (const char *fixture, const char *name)
{
  char *path = hive_fixture_copy (fixture, name);
  g_autoptr (GError) err = NULL;
  g_auto (GStrv) children = NULL;
  {
    g_autoptr (hive_reader) h = hive_reader_open (path, "DRIVERS", &err);
    g_assert_no_error (err);
    children = hive_reader_child_names (h, hive_reader_root (h), &err);
    g_assert_no_error (err);
  }
  g_autoptr (reg_plan) p = reg_plan_new ();
  for (char **c = children; *c; c++)
    g_assert_nonnull (reg_plan_add_delete_tree (p, REG_HIVE_DRIVERS, *c, "test: empty hive", &err));
  g_assert_nonnull (reg_plan_add_dword (p, REG_HIVE_DRIVERS, "DriverDatabase", "Version", 0x0a000000, "test", &err));
  g_assert_nonnull (reg_plan_add_dword (p, REG_HIVE_DRIVERS, "DriverDatabase", "SchemaVersion", 0x00010000, "test", &err));
  g_assert_nonnull (reg_plan_add_dword (p, REG_HIVE_DRIVERS, "DriverDatabase", "Architecture", 9, "test", &err));
  hive_fixture_apply (path, p, REG_HIVE_DRIVERS);
  return path;
}

void
hive_fixture_apply (const char *path, const struct reg_plan *plan, enum reg_hive hive)
{
  g_autoptr (GError) err = NULL;
  g_assert_true (hive_apply (path, path, plan, hive, &err));
  g_assert_no_error (err);
}

GBytes *
hive_fixture_get (const char *path, const char *key, const char *value)
{
  const char *argv[] = { "hivexget", path, key, value, NULL };
  return run (argv, FALSE);
}

char *
hive_fixture_get_text (const char *path, const char *key, const char *value)
{
  g_autoptr (GBytes) b = hive_fixture_get (path, key, value);
  if (b == NULL)
    return NULL;
  char *s = g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  g_strchomp (s);
  return s;
}

char *
hive_fixture_export (const char *path, const char *key)
{
  const char *argv[] = { "hivexregedit", "--export", path, key, NULL };
  g_autoptr (GBytes) b = run (argv, TRUE);
  return g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}
