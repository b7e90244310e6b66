/* plan-fixture: the fixture INF packages as planner input; see plan-fixture.h. */
#include <config.h>

#include <string.h>

#include "ws-text.h"
#include "plan-fixture.h"
#include "banned.h"

/* 2026-01-02 00:00 UTC as a FILETIME. */
const struct plan_options fixture_opts = {
  .system_root = "/Windows",
  .windows_dir = "C:\\Windows",
  .import_date = UINT64_C (134117856000000000),
};

static struct fixture_pkg *
build (const char *name, const char *dir, const char *buf, size_t len, const char *target)
{
  g_autoptr (GError) err = NULL;
  struct ws_target t;
  g_assert_true (ws_target_parse (target, &t, &err));
  struct fixture_pkg *p = g_new0 (struct fixture_pkg, 1);
  p->inf_name = g_strdup (name);
  p->dir = g_strdup (dir);
  g_autofree char *path = *dir ? g_strdup_printf ("%s/%s", dir, name) : g_strdup (name);
  p->inf = inf_file_parse (buf, len, path, NULL, &err);
  g_assert_no_error (err);
  p->drv = inf_driver_new (p->inf, &t, &err);
  g_assert_no_error (err);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) buf, len);
  p->hash = g_strndup (sha, 16);
  p->pkg.drv = p->drv;
  p->pkg.inf = p->inf;
  p->pkg.inf_name = p->inf_name;
  p->pkg.dir = p->dir;
  p->pkg.hash = p->hash;
  return p;
}

struct fixture_pkg *
fixture_pkg_load (const char *rel, const char *target, const char *rewrite_from, const char *rewrite_to)
{
  const char *fx = g_getenv ("WINSEED_FIXTURES");
  g_assert_nonnull (fx);
  g_autofree char *path = g_build_filename (fx, "virtio-win", rel, NULL);
  g_autofree char *buf = NULL;
  gsize len = 0;
  g_autoptr (GError) err = NULL;
  g_assert_true (g_file_get_contents (path, &buf, &len, &err));
  if (rewrite_from) {
    g_auto (GStrv) parts = g_strsplit (buf, rewrite_from, -1);
    g_assert_cmpuint (g_strv_length (parts), >, 1);
    g_free (buf);
    buf = g_strjoinv (rewrite_to, parts);
    len = strlen (buf);
  }
  g_autofree char *name = g_path_get_basename (rel);
  g_autofree char *dir = g_path_get_dirname (rel);
  return build (name, dir, buf, len, target);
}

struct fixture_pkg *
fixture_pkg_text (const char *name, const char *text, const char *target)
{
  return build (name, "", text, strlen (text), target);
}

void
fixture_pkg_free (struct fixture_pkg *p)
{
  if (p == NULL)
    return;
  inf_driver_free (p->drv);
  inf_file_free (p->inf);
  g_free (p->inf_name);
  g_free (p->dir);
  g_free (p->hash);
  g_strfreev (p->files);
  g_free (p);
}

const struct reg_edit *
fixture_edit (const struct reg_plan *plan, enum reg_hive hive, const char *key, const char *name)
{
  for (size_t i = 0; i < reg_plan_len (plan); i++) {
    const struct reg_edit *e = reg_plan_get (plan, i);
    if (e->hive != hive || g_ascii_strcasecmp (e->key, key) != 0)
      continue;
    if ((name == NULL && e->name == NULL) || (name && e->name && g_ascii_strcasecmp (name, e->name) == 0))
      return e;
  }
  return NULL;
}

guint
fixture_count (const struct reg_plan *plan, enum reg_hive hive, const char *prefix)
{
  guint n = 0;
  for (size_t i = 0; i < reg_plan_len (plan); i++) {
    const struct reg_edit *e = reg_plan_get (plan, i);
    if (e->hive == hive && g_ascii_strncasecmp (e->key, prefix, strlen (prefix)) == 0)
      n++;
  }
  return n;
}

const struct plan_file_op *
fixture_file (GPtrArray *ops, const char *dest)
{
  for (guint i = 0; i < ops->len; i++) {
    const struct plan_file_op *op = g_ptr_array_index (ops, i);
    if (g_ascii_strcasecmp (op->dest, dest) == 0)
      return op;
  }
  return NULL;
}

static const struct reg_edit *
must_edit (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name)
{
  const struct reg_edit *e = fixture_edit (p, h, key, name);
  if (e == NULL)
    g_error ("no edit of %s\\%s '%s'", reg_hive_name (h), key, name ? name : "(key)");
  return e;
}

void
fixture_assert_value (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name, uint32_t type,
                      const void *data, size_t len)
{
  const struct reg_edit *e = must_edit (p, h, key, name);
  g_assert_cmpuint (e->op, ==, REG_OP_SET_VALUE);
  g_assert_cmphex (e->type, ==, type);
  g_assert_cmpmem (e->data, e->len, data, len);
}

void
fixture_assert_dword (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name, uint32_t v)
{
  uint8_t b[4];
  ws_put_le32 (b, v);
  fixture_assert_value (p, h, key, name, REG_TYPE_DWORD, b, 4);
}

void
fixture_assert_sz (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name, uint32_t type,
                   const char *text)
{
  size_t len;
  g_autofree void *u = ws_utf8_to_utf16le (text, &len, NULL);
  fixture_assert_value (p, h, key, name, type, u, len);
}

void
fixture_assert_multi (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name, const char *one)
{
  const char *const v[] = { one, NULL };
  size_t len;
  g_autofree void *u = ws_multi_sz_encode (v, &len, NULL);
  fixture_assert_value (p, h, key, name, REG_TYPE_MULTI_SZ, u, len);
}

void
fixture_assert_op (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name, enum reg_op op)
{
  g_assert_cmpint (must_edit (p, h, key, name)->op, ==, op);
}
