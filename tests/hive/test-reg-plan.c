/* Unit tests of hive/reg-plan: typed values, validation, hives, merging, comparing.
 * Expected bytes are written out by hand (UTF-16LE, little-endian), never produced by the code
 * under test.  Links without hivex. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "reg-plan.h"
#include "reg-export.h"
#include "banned.h"

#define SYS REG_HIVE_SYSTEM
#define K "ControlSet001\\Services\\viostor"

static void
assert_bytes (const struct reg_edit *e, uint32_t type, const void *want, size_t len)
{
  g_assert_nonnull (e);
  g_assert_cmpuint (e->op, ==, REG_OP_SET_VALUE);
  g_assert_cmpuint (e->type, ==, type);
  g_assert_cmpmem (e->data, e->len, want, len);
}

static void
test_hives (void)
{
  enum reg_hive h;
  g_assert_cmpstr (reg_hive_name (REG_HIVE_SYSTEM), ==, "SYSTEM");
  g_assert_cmpstr (reg_hive_name (REG_HIVE_DRIVERS), ==, "DRIVERS");
  g_assert_cmpstr (reg_hive_prefix (REG_HIVE_SOFTWARE), ==, "HKEY_LOCAL_MACHINE\\SOFTWARE");
  g_assert_cmpstr (reg_hive_prefix (REG_HIVE_DEFAULT), ==, "HKEY_USERS\\.DEFAULT");
  g_assert_true (reg_hive_from_name ("drivers", &h));
  g_assert_cmpint (h, ==, REG_HIVE_DRIVERS);
  g_assert_false (reg_hive_from_name ("COMPONENTS", &h));
  g_assert_false (reg_hive_from_name (NULL, &h));

  g_autoptr (reg_plan) p = reg_plan_new ();
  enum reg_hive out[REG_HIVE_COUNT];
  g_assert_cmpuint (reg_plan_hives (p, out), ==, 0);
  g_assert_nonnull (reg_plan_add_ensure_key (p, REG_HIVE_SOFTWARE, "A", NULL, NULL));
  g_assert_nonnull (reg_plan_add_ensure_key (p, REG_HIVE_DRIVERS, "A", NULL, NULL));
  g_assert_nonnull (reg_plan_add_ensure_key (p, SYS, "A", NULL, NULL));
  g_assert_nonnull (reg_plan_add_ensure_key (p, REG_HIVE_SOFTWARE, "B", NULL, NULL));
  g_assert_cmpuint (reg_plan_hives (p, out), ==, 3);
  g_assert_cmpint (out[0], ==, SYS);
  g_assert_cmpint (out[1], ==, REG_HIVE_SOFTWARE);
  g_assert_cmpint (out[2], ==, REG_HIVE_DRIVERS);

  g_autoptr (reg_plan) sw = reg_plan_for_hive (p, REG_HIVE_SOFTWARE);
  g_assert_cmpuint (reg_plan_len (sw), ==, 2);
  g_assert_cmpstr (reg_plan_get (sw, 1)->key, ==, "B");
  reg_plan_append (sw, p);
  g_assert_cmpuint (reg_plan_len (sw), ==, 6);
  g_assert_cmpstr (reg_plan_get (sw, 2)->provenance, ==, "");
}

static void
test_typed_values (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  static const uint8_t sz[] = { 'A', 0, 'b', 0, 0, 0 };
  static const uint8_t accented[] = { 0xe9, 0x00, 0xac, 0x20, 0, 0 };  /* "é€" */
  static const uint8_t multi[] = { 'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0, 0, 0 };
  static const uint8_t empty_multi[] = { 0, 0 };
  static const uint8_t dword[] = { 0x78, 0x56, 0x34, 0x12 };
  static const uint8_t qword[] = { 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12 };
  static const uint8_t devprop[] = { '1', 0, 0, 0 };
  const char *strv[] = { "a", "bc", NULL };
  const char *none[] = { NULL };

  assert_bytes (reg_plan_add_sz (p, SYS, K, "S", "Ab", "x", NULL), REG_TYPE_SZ, sz, sizeof sz);
  assert_bytes (reg_plan_add_sz (p, SYS, K, "U", "\xc3\xa9\xe2\x82\xac", "x", NULL), REG_TYPE_SZ,
                accented, sizeof accented);
  assert_bytes (reg_plan_add_expand_sz (p, SYS, K, "E", "Ab", "x", NULL), REG_TYPE_EXPAND_SZ, sz,
                sizeof sz);
  assert_bytes (reg_plan_add_multi_sz (p, SYS, K, "M", strv, "x", NULL), REG_TYPE_MULTI_SZ, multi,
                sizeof multi);
  assert_bytes (reg_plan_add_multi_sz (p, SYS, K, "M0", none, "x", NULL), REG_TYPE_MULTI_SZ,
                empty_multi, sizeof empty_multi);
  assert_bytes (reg_plan_add_multi_sz (p, SYS, K, "M1", NULL, "x", NULL), REG_TYPE_MULTI_SZ,
                empty_multi, sizeof empty_multi);
  assert_bytes (reg_plan_add_dword (p, SYS, K, "D", 0x12345678, "x", NULL), REG_TYPE_DWORD,
                dword, 4);
  assert_bytes (reg_plan_add_qword (p, SYS, K, "Q", G_GUINT64_CONSTANT (0x123456789abcdef0), "x",
                                    NULL), REG_TYPE_QWORD, qword, 8);
  assert_bytes (reg_plan_add_binary (p, SYS, K, "B", dword, 4, "x", NULL), REG_TYPE_BINARY,
                dword, 4);
  assert_bytes (reg_plan_add_value (p, SYS, K, "P", 0xffff0012, devprop, 4, "x", NULL), 0xffff0012,
                devprop, 4);
  assert_bytes (reg_plan_add_value (p, SYS, K, "K", 0x100000, NULL, 0, "x", NULL), 0x100000,
                NULL, 0);

  const struct reg_edit *n = reg_plan_add_none (p, SYS, K, "N", "x", NULL);
  g_assert_cmpuint (n->type, ==, REG_TYPE_NONE);
  g_assert_cmpuint (n->len, ==, 0);
  g_assert_null (n->data);

  /* Names keep their case; "" and NULL both name the default value. */
  const struct reg_edit *d = reg_plan_add_dword (p, SYS, "ControlSet001\\SERVICES\\x", NULL, 1,
                                                 NULL, NULL);
  g_assert_cmpstr (d->name, ==, "");
  g_assert_cmpstr (d->key, ==, "ControlSet001\\SERVICES\\x");
  g_assert_cmpstr (d->provenance, ==, "");
  g_assert_cmpuint (reg_plan_len (p), ==, 13);

  /* An empty string would end a MULTI_SZ early: refused. */
  const char *bad[] = { "a", "", "b", NULL };
  g_autoptr (GError) err = NULL;
  g_assert_null (reg_plan_add_multi_sz (p, SYS, K, "M", bad, "viostor.inf:9", &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  g_assert_nonnull (strstr (err->message, "viostor.inf:9"));
}

static void
assert_refused (struct reg_plan *p, enum reg_hive hive, const char *key, const char *name,
                size_t len, const char *what)
{
  g_autoptr (GError) err = NULL;
  g_autofree uint8_t *data = g_malloc0 (len + 1);
  struct reg_edit *e = name ? reg_plan_add_value (p, hive, key, name, 3, data, len, "inf:7", &err)
                            : reg_plan_add_ensure_key (p, hive, key, "inf:7", &err);
  g_assert_null (e);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  if (!strstr (err->message, what) || !strstr (err->message, "(inf:7)"))
    g_error ("message '%s' lacks '%s'", err->message, what);
  g_assert_null (strchr (err->message, '\n'));
}

static void
test_validation (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  g_autofree char *long_name = g_strnfill (REG_PLAN_MAX_KEY_NAME_CHARS + 1, 'k');
  g_autofree char *deep = NULL;
  GString *d = g_string_new ("k");
  for (int i = 1; i < REG_PLAN_MAX_DEPTH; i++)
    g_string_append (d, "\\k");
  g_assert_nonnull (reg_plan_add_ensure_key (p, SYS, d->str, NULL, NULL));  /* 512 levels */
  g_string_append (d, "\\k");
  deep = g_string_free (d, FALSE);

  assert_refused (p, SYS, "", NULL, 0, "empty key path");
  assert_refused (p, SYS, NULL, NULL, 0, "empty key path");
  assert_refused (p, SYS, "\\Services", NULL, 0, "empty key name");
  assert_refused (p, SYS, "Services\\", NULL, 0, "empty key name");
  assert_refused (p, SYS, "A\\\\B", NULL, 0, "empty key name");
  assert_refused (p, SYS, "A\nB", NULL, 0, "control character");
  assert_refused (p, SYS, "A\xff", NULL, 0, "UTF-8");
  assert_refused (p, SYS, long_name, NULL, 0, "longer than 255");
  assert_refused (p, SYS, deep, NULL, 0, "deeper than 512");
  assert_refused (p, (enum reg_hive) 42, "A", NULL, 0, "unknown hive");
  assert_refused (p, SYS, "A", "bad\rname", 1, "control character in value name");
  assert_refused (p, SYS, "A", "v", REG_PLAN_MAX_VALUE_LEN + 1, "larger than 16344");
  g_assert_cmpuint (reg_plan_len (p), ==, 1);

  /* At the limits: accepted.  Multibyte names count in characters, not bytes. */
  long_name[REG_PLAN_MAX_KEY_NAME_CHARS] = '\0';
  g_assert_nonnull (reg_plan_add_ensure_key (p, SYS, long_name, NULL, NULL));
  g_autofree uint8_t *big = g_malloc0 (REG_PLAN_MAX_VALUE_LEN);
  g_assert_nonnull (reg_plan_add_binary (p, SYS, "A", "v", big, REG_PLAN_MAX_VALUE_LEN, NULL,
                                         NULL));
  GString *wide = g_string_new (NULL);
  for (int i = 0; i < REG_PLAN_MAX_KEY_NAME_CHARS; i++)
    g_string_append (wide, "\xc3\xa9");
  g_assert_nonnull (reg_plan_add_ensure_key (p, SYS, wide->str, NULL, NULL));
  g_string_free (wide, TRUE);
  g_assert_nonnull (reg_plan_add_dword (p, SYS, "A", "Back\\slash \"quoted\"", 1, NULL, NULL));
}

/* Edits built by hand are checked again by their consumers. */
static void
test_validate (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  struct reg_edit *e = reg_plan_add_dword (p, SYS, K, "Start", 0, "inf:1", NULL);
  g_assert_true (reg_edit_validate (e, NULL));
  struct reg_edit bad = *e;
  bad.name = NULL;  /* a value edit without a name */
  g_assert_false (reg_edit_validate (&bad, NULL));
  bad = *e;
  bad.data = NULL;  /* 4 bytes of nothing */
  g_assert_false (reg_edit_validate (&bad, NULL));
  bad = *e;
  bad.op = REG_OP_DELETE_TREE;  /* a key edit with a value name */
  g_assert_false (reg_edit_validate (&bad, NULL));
  bad = *e;
  bad.key = (char *) "A\\\\B";
  g_autoptr (GError) err = NULL;
  g_assert_false (reg_edit_validate (&bad, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  g_assert_cmpstr (err->message, ==,
                   "empty key name in path: SYSTEM key 'A\\\\B' value 'Start' (inf:1)");
}

static void
test_merge_values (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  reg_plan_add_dword (p, SYS, K, "Start", 3, "viostor.inf:71", NULL);
  reg_plan_add_dword (p, SYS, K, "Type", 1, "viostor.inf:72", NULL);
  reg_plan_add_dword (p, SYS, "controlset001\\services\\VIOSTOR", "start", 0, "rule: boot", NULL);
  reg_plan_add_dword (p, SYS, K, "Type", 1, "again, same data", NULL);
  reg_plan_add_dword (p, REG_HIVE_DRIVERS, K, "Type", 2, "another hive", NULL);
  g_auto (GStrv) conflicts = NULL;
  g_autoptr (reg_plan) m = reg_plan_merge (p, &conflicts);
  g_assert_cmpuint (reg_plan_len (m), ==, 3);
  /* The later edit wins, in its own position, with its own name and provenance. */
  g_assert_cmpstr (reg_plan_get (m, 0)->name, ==, "start");
  g_assert_cmpstr (reg_plan_get (m, 0)->provenance, ==, "rule: boot");
  g_assert_cmpstr (reg_plan_get (m, 1)->provenance, ==, "again, same data");
  g_assert_cmpint (reg_plan_get (m, 2)->hive, ==, REG_HIVE_DRIVERS);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 1);
  g_assert_cmpstr (conflicts[0], ==,
                   "conflicting edits of SYSTEM key 'controlset001\\services\\VIOSTOR' "
                   "value 'start': "
                   "dword:00000003 (viostor.inf:71), then dword:00000000 (rule: boot)");

  /* REG_EDIT_OVERRIDE: the same change, on purpose. */
  g_autoptr (reg_plan) q = reg_plan_new ();
  reg_plan_add_dword (q, SYS, K, "Start", 3, "viostor.inf:71", NULL);
  reg_plan_add_dword (q, SYS, K, "Start", 0, "rule: boot", NULL)->flags |= REG_EDIT_OVERRIDE;
  g_auto (GStrv) none = NULL;
  g_autoptr (reg_plan) mq = reg_plan_merge (q, &none);
  g_assert_cmpuint (reg_plan_len (mq), ==, 1);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_true (reg_plan_get (mq, 0)->flags & REG_EDIT_OVERRIDE);
}

static void
test_merge_deletions (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  reg_plan_add_delete_value (p, SYS, K, "Old", "a", NULL);        /* 0: folded into 1 */
  reg_plan_add_sz (p, SYS, K, "Old", "new", "b", NULL);           /* 1: delete then set: fine */
  reg_plan_add_sz (p, SYS, K, "Gone", "x", "c", NULL);            /* 2: folded into 3 */
  reg_plan_add_delete_value (p, SYS, K, "gone", "d", NULL);       /* 3: set then delete: conflict */
  reg_plan_add_ensure_key (p, SYS, K "\\Parameters", "e", NULL);  /* 4 */
  reg_plan_add_ensure_key (p, SYS, K "\\PARAMETERS", "f", NULL);  /* 5: dropped */
  reg_plan_add_dword (p, SYS, K "\\Parameters", "v", 1, "g", NULL);  /* 6 */
  reg_plan_add_delete_tree (p, SYS, K, "h", NULL);                /* 7: ends the folding below K */
  reg_plan_add_delete_tree (p, SYS, K, "i", NULL);                /* 8: kept */
  reg_plan_add_ensure_key (p, SYS, K "\\Parameters", "j", NULL);  /* 9: kept */
  reg_plan_add_dword (p, SYS, K "\\Parameters", "v", 2, "k", NULL);  /* 10: kept, no conflict */
  reg_plan_add_delete_key (p, SYS, "ControlSet001\\Services\\viostorX", "l", NULL);  /* 11 */
  reg_plan_add_dword (p, SYS, K "X", "v", 1, "m", NULL);          /* 12: not under K */
  g_auto (GStrv) conflicts = NULL;
  g_autoptr (reg_plan) m = reg_plan_merge (p, &conflicts);
  const char *want = "bdeghijklm";
  g_assert_cmpuint (reg_plan_len (m), ==, strlen (want));
  for (size_t i = 0; i < strlen (want); i++)
    g_assert_cmpint (reg_plan_get (m, i)->provenance[0], ==, want[i]);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 1);
  g_assert_nonnull (strstr (conflicts[0], "value 'gone'"));
  g_assert_nonnull (strstr (conflicts[0], "(c), then deleted (d)"));

  /* Deterministic, and a merged plan merges to itself. */
  g_autoptr (reg_plan) again = reg_plan_merge (p, NULL);
  g_autoptr (reg_plan) twice = reg_plan_merge (m, NULL);
  g_assert_true (reg_plan_equal (m, again, NULL));
  g_assert_true (reg_plan_equal (m, twice, NULL));
}

static void
test_compare (void)
{
  g_autoptr (reg_plan) a = reg_plan_new ();
  g_autoptr (reg_plan) b = reg_plan_new ();
  reg_plan_add_dword (a, SYS, K, "Start", 0, "viostor.inf:71", NULL);
  reg_plan_add_delete_tree (a, SYS, K "\\Old", "x", NULL);
  reg_plan_add_dword (b, SYS, "CONTROLSET001\\services\\viostor", "START", 0, "other", NULL);
  reg_plan_add_delete_tree (b, SYS, K "\\old", "y", NULL);
  g_autofree char *diff = NULL;
  g_assert_true (reg_plan_equal (a, b, &diff));
  g_assert_null (diff);
  g_assert_cmpint (reg_edit_compare (reg_plan_get (a, 0), reg_plan_get (b, 0)), ==, 0);

  reg_plan_add_dword (b, SYS, K, "Type", 1, "z", NULL);
  g_assert_false (reg_plan_equal (a, b, &diff));
  g_assert_cmpstr (diff, ==, "second plan has 1 more edits, from edit 3: set SYSTEM\\" K
                             " \"Type\"=dword:00000001");
  g_clear_pointer (&diff, g_free);

  g_autoptr (reg_plan) c = reg_plan_new ();
  reg_plan_add_dword (c, SYS, K, "Start", 3, "viostor.inf:71", NULL);
  g_assert_false (reg_plan_equal (a, c, &diff));
  g_assert_cmpstr (diff, ==, "edit 1 differs: set SYSTEM\\" K " \"Start\"=dword:00000000, versus "
                             "set SYSTEM\\" K " \"Start\"=dword:00000003");
  g_assert_cmpint (reg_edit_compare (reg_plan_get (a, 0), reg_plan_get (c, 0)), <, 0);
  /* Same bytes, other type; other op. */
  g_autoptr (reg_plan) d = reg_plan_new ();
  uint8_t zero[4] = { 0 };
  reg_plan_add_binary (d, SYS, K, "Start", zero, 4, NULL, NULL);
  reg_plan_add_delete_key (d, SYS, K "\\Old", NULL, NULL);
  g_assert_cmpint (reg_edit_compare (reg_plan_get (a, 0), reg_plan_get (d, 0)), !=, 0);
  g_assert_cmpint (reg_edit_compare (reg_plan_get (a, 1), reg_plan_get (d, 1)), !=, 0);
}

static void
test_where (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  g_autofree char *w1 = reg_edit_where (reg_plan_add_dword (p, SYS, K, "Start", 0, NULL, NULL));
  g_autofree char *w2 = reg_edit_where (reg_plan_add_sz (p, REG_HIVE_DRIVERS, K, "", "x", NULL,
                                                         NULL));
  g_autofree char *w3 = reg_edit_where (reg_plan_add_delete_tree (p, SYS, K, NULL, NULL));
  g_assert_cmpstr (w1, ==, "SYSTEM key '" K "' value 'Start'");
  g_assert_cmpstr (w2, ==, "DRIVERS key '" K "' value '(default)'");
  g_assert_cmpstr (w3, ==, "SYSTEM key '" K "'");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reg-plan/hives", test_hives);
  g_test_add_func ("/reg-plan/typed-values", test_typed_values);
  g_test_add_func ("/reg-plan/validation", test_validation);
  g_test_add_func ("/reg-plan/validate", test_validate);
  g_test_add_func ("/reg-plan/merge-values", test_merge_values);
  g_test_add_func ("/reg-plan/merge-deletions", test_merge_deletions);
  g_test_add_func ("/reg-plan/compare", test_compare);
  g_test_add_func ("/reg-plan/where", test_where);
  return g_test_run ();
}
