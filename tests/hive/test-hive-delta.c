/* test-hive-delta: ws_delta_files, the block ranges a hive is patched with (common/ws-delta.h).
 * Each case writes two files whose differences are placed by hand, checks the ranges against the
 * ones the placement implies, and checks that writing those ranges of the new file over a copy
 * of the old one, cut to the new size, gives the new file byte for byte. */
#include <config.h>

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "ws-delta.h"

#define B 4096

static char *dir;

static char *
write_file (const char *name, const guint8 *data, gsize len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) len, NULL));
  return path;
}

/* n blocks of bytes that differ from block to block, so that no block equals another. */
static guint8 *
blocks (gsize n)
{
  guint8 *d = g_malloc (n * B);
  for (gsize i = 0; i < n * B; i++)
    d[i] = (guint8) (i * 7 + i / B);
  return d;
}

/* The ranges of after over before are `want` (offset, length pairs, 0-terminated by length), and
 * patching a copy of before with them gives after. */
static void
check (const guint8 *before, gsize blen, const guint8 *after, gsize alen, const guint64 *want)
{
  g_autofree char *pb = write_file ("before", before, blen);
  g_autofree char *pa = write_file ("after", after, alen);
  g_autoptr (GError) e = NULL;
  g_autoptr (GArray) r = ws_delta_files (pb, pa, B, &e);
  g_assert_no_error (e);
  guint n = 0;
  while (want[2 * n + 1])
    n++;
  g_assert_cmpuint (r->len, ==, n);
  for (guint i = 0; i < n; i++) {
    const struct ws_range *x = &g_array_index (r, struct ws_range, i);
    g_assert_cmpuint (x->offset, ==, want[2 * i]);
    g_assert_cmpuint (x->length, ==, want[2 * i + 1]);
  }
  g_autofree guint8 *patched = g_malloc0 (MAX (blen, alen));
  memcpy (patched, before, blen);
  for (guint i = 0; i < r->len; i++) {
    const struct ws_range *x = &g_array_index (r, struct ws_range, i);
    memcpy (patched + x->offset, after + x->offset, x->length);
  }
  g_assert_cmpmem (patched, alen, after, alen);
}

static void
test_identical (void)
{
  g_autofree guint8 *a = blocks (10);
  const guint64 want[] = { 0, 0 };
  check (a, 10 * B, a, 10 * B, want);
}

/* Blocks 2 and 3 changed (one range), block 7 changed by one byte, one and a half blocks added. */
static void
test_changed_and_appended (void)
{
  g_autofree guint8 *a = blocks (10);
  g_autofree guint8 *b = blocks (12);
  memcpy (b, a, 10 * B);
  b[2 * B + 5] ^= 1;
  b[3 * B + B - 1] ^= 1;
  b[7 * B] ^= 0x80;
  const guint64 want[] = { 2 * B, 2 * B, 7 * B, B, 10 * B, B + B / 2, 0, 0 };
  check (a, 10 * B, b, 10 * B + B + B / 2, want);
}

/* A change in the last block before the end of the old file runs on into the appended part. */
static void
test_change_meets_append (void)
{
  g_autofree guint8 *a = blocks (4);
  g_autofree guint8 *b = blocks (6);
  memcpy (b, a, 4 * B);
  b[3 * B + 100] ^= 1;
  const guint64 want[] = { 3 * B, 3 * B, 0, 0 };
  check (a, 4 * B, b, 6 * B, want);
}

/* A shorter new file: only the changed block, nothing for what was cut. */
static void
test_shorter (void)
{
  g_autofree guint8 *a = blocks (10);
  g_autofree guint8 *b = g_memdup2 (a, 8 * B);
  b[0] ^= 1;
  const guint64 want[] = { 0, B, 0, 0 };
  check (a, 10 * B, b, 8 * B, want);
}

/* Files bigger than one read (256 blocks): a change across the boundary stays one range, and an
 * old file whose last block is partial counts that block as changed when the new one fills it. */
static void
test_across_reads (void)
{
  gsize n = 600;
  g_autofree guint8 *a = blocks (n);
  g_autofree guint8 *b = g_memdup2 (a, n * B);
  b[255 * B + B - 1] ^= 1;
  b[256 * B] ^= 1;
  b[599 * B + 10] ^= 1;
  const guint64 want[] = { 255 * B, 2 * B, 599 * B, B, 0, 0 };
  check (a, n * B, b, n * B, want);
  b[599 * B + 10] ^= 1;   /* block 599 now differs only in length */
  check (a, n * B - 100, b, n * B, want);
}

static void
test_missing_file (void)
{
  g_autofree guint8 *a = blocks (1);
  g_autofree char *pa = write_file ("present", a, B);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr (GError) e = NULL;
  g_assert_null (ws_delta_files (missing, pa, B, &e));
  g_assert_nonnull (e);
  g_assert_nonnull (strstr (e->message, missing));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("test-hive-delta-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_test_add_func ("/delta/identical", test_identical);
  g_test_add_func ("/delta/changed-and-appended", test_changed_and_appended);
  g_test_add_func ("/delta/change-meets-append", test_change_meets_append);
  g_test_add_func ("/delta/shorter", test_shorter);
  g_test_add_func ("/delta/across-reads", test_across_reads);
  g_test_add_func ("/delta/missing-file", test_missing_file);
  int rc = g_test_run ();
  static const char *const names[] = { "before", "after", "present" };
  for (size_t i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree char *p = g_build_filename (dir, names[i], NULL);
    g_unlink (p);
  }
  g_rmdir (dir);
  g_free (dir);
  return rc;
}
