/* test-hive-limits: SYSTEM hives crafted to be slow or large stay within hive/hive-limits.h.
 *
 * Each hive starts as images/mkhive's empty hive with a minimal control set (Select\Current = 1,
 * ControlSet001\Control, Enum\PCI) written with hivex's API, plus one hostile shape:
 *   deep        a key chain 300 levels deep under Services\viostor and under Enum\PCI
 *   values      20,000 values on Control\Session Manager (HIVE_MAX_VALUES is 16,384)
 *   multi       a PendingFileRenameOperations of 70,000 strings (HIVE_MAX_MULTI_ITEMS 65,536)
 *   big-value   a PendingFileRenameOperations whose length says 17 MiB (HIVE_MAX_VALUE_SIZE 16 MiB)
 *   subkeys     70,000 subkeys under Enum\PCI (HIVE_MAX_SUBKEYS 65,536)
 *   lookups     60,000 subkeys under Enum\PCI, each looked up by inspect's storage scan, so the
 *               names read grow as the square (HIVE_MAX_NAMES_READ 10,000,000)
 * inspect_hives() must fail with exit code 2 and a message naming the hive, the key and the
 * limit (or, for the deep tree, which nothing walks past its own bound, succeed), in under 10 s
 * each: generous, as the machine may be busy; without the limits the lookups case alone reads
 * 3.6 billion subkey entries.
 *
 * hivex adds a subkey by copying the key's whole subkey list (see images/padhive.c), so the wide
 * keys are written here as padhive does: hivex makes the key with one child, then one new hbin
 * appended to the file holds an ri index over lh leaves that all name that child, and the key is
 * pointed at it.  Layout: "Windows registry file format specification" (msuhanov/regf on
 * GitHub), sections "Base block", "Hive bin", "Key node", "Index root", "Hash leaf".
 */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hivex.h>

#include "ws-error.h"
#include "ws-tmpdir.h"
#include "hive-read.h"
#include "inspect.h"

#define TIME_LIMIT_US (10 * G_USEC_PER_SEC)
#define LEAF_MAX 32768                   /* entries per lh leaf (its count is 16 bits) */

static char *tmpdir;

static void
put32 (uint8_t *p, uint32_t v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static uint32_t
get32 (const uint8_t *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static hive_node_h
child (hive_h *h, hive_node_h parent, const char *name)
{
  hive_node_h n = hivex_node_get_child (h, parent, name);
  if (n == 0)
    n = hivex_node_add_child (h, parent, name);
  g_assert_cmpuint (n, !=, 0);
  return n;
}

static void
set_dword (hive_h *h, hive_node_h node, const char *name, uint32_t v)
{
  char le[4];
  put32 ((uint8_t *) le, v);
  hive_set_value val = { .key = (char *) name, .t = hive_t_REG_DWORD, .len = 4, .value = le };
  g_assert_cmpint (hivex_node_set_value (h, node, &val, 0), ==, 0);
}

/* A new hive file with the minimal control set; *pci is ControlSet001\Enum\PCI. */
static hive_h *
new_hive (const char *path, hive_node_h *pci, hive_node_h *cs)
{
  g_autofree char *cmd = g_strdup_printf ("'%s/images/mkhive' '%s' SYSTEM", g_getenv ("WINSEED_TESTS_BUILDDIR"), path);
  g_assert_cmpint (system (cmd), ==, 0);
  hive_h *h = hivex_open (path, HIVEX_OPEN_WRITE);
  g_assert_nonnull (h);
  hive_node_h root = hivex_root (h);
  set_dword (h, child (h, root, "Select"), "Current", 1);
  *cs = child (h, root, "ControlSet001");
  child (h, *cs, "Control");
  *pci = child (h, child (h, *cs, "Enum"), "PCI");
  return h;
}

static void
commit (hive_h *h, const char *path)
{
  g_assert_cmpint (hivex_commit (h, path, 0), ==, 0);
  g_assert_cmpint (hivex_close (h), ==, 0);
}

/* Make the key at offset key (a hivex node handle: the file offset of its nk cell) list its one
 * existing child n times, through a new hbin at the end of the file. */
static void
widen (const char *path, hive_node_h key, size_t n)
{
  g_autofree uint8_t *buf = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, (char **) &buf, &len, NULL));
  uint8_t *nk = buf + key;
  g_assert_true (nk[4] == 'n' && nk[5] == 'k' && get32 (nk + 24) == 1);
  uint32_t list = get32 (nk + 32) + 0x1000;     /* its lh/lf list of one entry */
  uint32_t only_child = get32 (buf + list + 8);
  size_t leaves = (n + LEAF_MAX - 1) / LEAF_MAX;
  size_t ri_size = (4 + 4 + 4 * leaves + 7) & ~(size_t) 7;
  size_t leaf_size = 4 + 4 + 8 * LEAF_MAX;
  size_t used = 32 + ri_size + leaves * leaf_size;
  size_t hbin_size = (used + 4095) & ~(size_t) 4095;
  size_t hbin_at = len;                          /* file offset; data offsets count from 0x1000 */
  buf = g_realloc (buf, len + hbin_size);
  uint8_t *hb = buf + hbin_at;
  memset (hb, 0, hbin_size);
  memcpy (hb, "hbin", 4);
  put32 (hb + 4, (uint32_t) (hbin_at - 0x1000));
  put32 (hb + 8, (uint32_t) hbin_size);
  size_t at = hbin_at + 32;
  size_t ri_at = at;
  put32 (buf + at, (uint32_t) -(int32_t) ri_size);
  memcpy (buf + at + 4, "ri", 2);
  buf[at + 6] = leaves & 0xff;
  buf[at + 7] = (leaves >> 8) & 0xff;
  at += ri_size;
  size_t left = n;
  for (size_t l = 0; l < leaves; l++) {
    size_t count = MIN (left, (size_t) LEAF_MAX);
    put32 (buf + ri_at + 8 + 4 * l, (uint32_t) (at - 0x1000));
    put32 (buf + at, (uint32_t) -(int32_t) leaf_size);
    memcpy (buf + at + 4, "lh", 2);
    buf[at + 6] = count & 0xff;
    buf[at + 7] = (count >> 8) & 0xff;
    for (size_t i = 0; i < count; i++)
      put32 (buf + at + 8 + 8 * i, only_child);
    at += leaf_size;
    left -= count;
  }
  if (at < hbin_at + hbin_size)                  /* the rest of the hbin is one free cell */
    put32 (buf + at, (uint32_t) (hbin_at + hbin_size - at));
  nk = buf + key;
  put32 (nk + 24, (uint32_t) n);
  put32 (nk + 32, (uint32_t) (ri_at - 0x1000));
  /* Base block: hive bins data size, then the XOR checksum of its first 508 bytes. */
  put32 (buf + 40, (uint32_t) (len + hbin_size - 0x1000));
  uint32_t sum = 0;
  for (size_t i = 0; i < 508; i += 4)
    sum ^= get32 (buf + i);
  put32 (buf + 508, sum);
  g_assert_true (g_file_set_contents (path, (const char *) buf, (gssize) (len + hbin_size), NULL));
}

/* inspect_hives on the hive at path: the error (NULL when it succeeds) and the time it took. */
static GError *
inspect (const char *path, gint64 *elapsed)
{
  GError *err = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (hive_reader) sys = hive_reader_open (path, "SYSTEM", &err);
  g_assert_no_error (err);
  g_autoptr (ws_windows) w = ws_windows_new ();
  gboolean ok = inspect_hives (w, sys, NULL, &err);
  *elapsed = g_get_monotonic_time () - start;
  g_assert_true (ok == (err == NULL));
  g_test_message ("%s: %.2f s: %s", path, *elapsed / 1e6, err ? err->message : "ok");
  return err;
}

static void
assert_limit (const char *path, const char *key, const char *limit)
{
  gint64 us;
  g_autoptr (GError) err = inspect (path, &us);
  g_assert_nonnull (err);
  g_assert_cmpint (err->code, ==, WS_EXIT_BAD_INPUT);
  g_autofree char *want = g_strdup_printf ("hostile SYSTEM hive '%s': key '%s' ", path, key);
  if (!g_str_has_prefix (err->message, want) || !g_str_has_suffix (err->message, limit))
    g_error ("unexpected error: %s (want '%s...%s')", err->message, want, limit);
  g_assert_cmpint (us, <, TIME_LIMIT_US);
}

static char *
hive_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
test_deep (void)
{
  g_autofree char *path = hive_path ("deep");
  hive_node_h pci, cs;
  hive_h *h = new_hive (path, &pci, &cs);
  hive_node_h n = child (h, child (h, cs, "Services"), "viostor");
  hive_node_h p = pci;
  for (int i = 0; i < 300; i++) {
    n = child (h, n, "d");
    p = child (h, p, "VEN_1AF4&DEV_1001");
  }
  commit (h, path);
  gint64 us;
  g_autoptr (GError) err = inspect (path, &us);
  g_assert_no_error (err);
  g_assert_cmpint (us, <, TIME_LIMIT_US);
}

static void
test_values (void)
{
  g_autofree char *path = hive_path ("values");
  hive_node_h pci, cs;
  hive_h *h = new_hive (path, &pci, &cs);
  hive_node_h sm = child (h, child (h, cs, "Control"), "Session Manager");
  enum { N = 20000 };
  hive_set_value *vals = g_new0 (hive_set_value, N);
  char le[4] = { 0 };
  for (int i = 0; i < N; i++)
    vals[i] = (hive_set_value) { .key = g_strdup_printf ("v%05d", i), .t = hive_t_REG_DWORD, .len = 4, .value = le };
  g_assert_cmpint (hivex_node_set_values (h, sm, N, vals, 0), ==, 0);
  for (int i = 0; i < N; i++)
    g_free (vals[i].key);
  g_free (vals);
  commit (h, path);
  assert_limit (path, "ControlSet001\\Control\\Session Manager", "(HIVE_MAX_VALUES)");
}

/* PendingFileRenameOperations of the given bytes (REG_MULTI_SZ). */
static void
pending_renames (const char *path, const void *data, size_t len)
{
  hive_node_h pci, cs;
  hive_h *h = new_hive (path, &pci, &cs);
  hive_node_h sm = child (h, child (h, cs, "Control"), "Session Manager");
  hive_set_value v = { .key = (char *) "PendingFileRenameOperations", .t = hive_t_REG_MULTI_SZ, .len = len,
                       .value = (char *) data };
  g_assert_cmpint (hivex_node_set_value (h, sm, &v, 0), ==, 0);
  commit (h, path);
}

static void
test_multi (void)
{
  g_autofree char *path = hive_path ("multi");
  enum { N = 70000 };
  g_autofree uint8_t *data = g_new0 (uint8_t, 4 * N + 2);
  for (int i = 0; i < N; i++)
    data[4 * i] = 'a';                           /* "a\0" in UTF-16LE, N times, then "\0" */
  pending_renames (path, data, 4 * N + 2);
  assert_limit (path, "ControlSet001\\Control\\Session Manager", "(HIVE_MAX_MULTI_ITEMS)");
}

/* The value's length field says 17 MiB (hivex writes no value that large, and a crafted hive
 * need not hold the bytes its length claims: the length alone must be refused). */
static void
test_big_value (void)
{
  g_autofree char *path = hive_path ("big-value");
  static const uint8_t data[] = { 'a', 0, 0, 0, 0, 0 };
  pending_renames (path, data, sizeof data);
  hive_h *h = hivex_open (path, 0);
  g_assert_nonnull (h);
  hive_node_h sm = hivex_node_get_child (h, hivex_node_get_child (h, hivex_node_get_child (h,
                                         hivex_root (h), "ControlSet001"), "Control"), "Session Manager");
  hive_value_h v = hivex_node_get_value (h, sm, "PendingFileRenameOperations");
  g_assert_cmpuint (v, !=, 0);
  hivex_close (h);
  g_autofree uint8_t *buf = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, (char **) &buf, &len, NULL));
  g_assert_true (buf[v + 4] == 'v' && buf[v + 5] == 'k' && get32 (buf + v + 8) == sizeof data);
  put32 (buf + v + 8, 17 * 1024 * 1024);      /* vk data length (its top bit clear: not inline) */
  g_assert_true (g_file_set_contents (path, (const char *) buf, (gssize) len, NULL));
  assert_limit (path, "ControlSet001\\Control\\Session Manager", "(HIVE_MAX_VALUE_SIZE)");
}

static void
wide_pci (const char *name, size_t n)
{
  g_autofree char *path = hive_path (name);
  hive_node_h pci, cs;
  hive_h *h = new_hive (path, &pci, &cs);
  child (h, pci, "VEN_8086&DEV_2922");
  commit (h, path);
  widen (path, pci, n);
}

static void
test_subkeys (void)
{
  wide_pci ("subkeys", 70000);
  g_autofree char *path = hive_path ("subkeys");
  assert_limit (path, "ControlSet001\\Enum\\PCI", "(HIVE_MAX_SUBKEYS)");
}

static void
test_lookups (void)
{
  wide_pci ("lookups", 60000);
  g_autofree char *path = hive_path ("lookups");
  assert_limit (path, "ControlSet001\\Enum\\PCI", "(HIVE_MAX_NAMES_READ)");
}

static void
cleanup (void)
{
  ws_tmpdir_remove (tmpdir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr (GError) err = NULL;
  tmpdir = ws_tmpdir_new (&err);
  g_assert_no_error (err);
  atexit (cleanup);
  g_test_add_func ("/hive-limits/deep", test_deep);
  g_test_add_func ("/hive-limits/values", test_values);
  g_test_add_func ("/hive-limits/multi", test_multi);
  g_test_add_func ("/hive-limits/big-value", test_big_value);
  g_test_add_func ("/hive-limits/subkeys", test_subkeys);
  g_test_add_func ("/hive-limits/lookups", test_lookups);
  return g_test_run ();
}
