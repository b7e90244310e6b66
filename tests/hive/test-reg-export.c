/* Unit tests of hive/reg-export: the .reg dialect hivexregedit --merge reads, and the one-line
 * descriptions.  Expected text is written out by hand.  Links without hivex. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "reg-export.h"
#include "banned.h"

#define SYS REG_HIVE_SYSTEM
#define K "ControlSet001\\Services\\viostor"
#define P "[HKEY_LOCAL_MACHINE\\SYSTEM\\"

static char *
export (const struct reg_plan *plan, const char *prefix)
{
  g_autoptr (GError) err = NULL;
  char *text = reg_export (plan, SYS, prefix, &err);
  g_assert_no_error (err);
  return text;
}

static void
test_golden (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  reg_plan_add_dword (p, SYS, K, "Start", 0, "viostor.inf:71", NULL);
  reg_plan_add_expand_sz (p, SYS, K, "ImagePath", "a.sys", "viostor.inf:72", NULL);
  reg_plan_add_delete_value (p, SYS, K, "Old", "", NULL);
  reg_plan_add_sz (p, SYS, K, "", "A \"q\" \\", "rule: default", NULL);
  reg_plan_add_delete_value (p, SYS, K, "", "rule: no default", NULL);
  reg_plan_add_ensure_key (p, SYS, K "\\Parameters", "rule: params", NULL);
  reg_plan_add_delete_key (p, SYS, "ControlSet001\\Services\\stornvme\\StartOverride",
                           "rule: no override", NULL);
  reg_plan_add_dword (p, REG_HIVE_DRIVERS, "X", "y", 1, "another hive", NULL);
  reg_plan_add_dword (p, SYS, "controlset001\\SERVICES\\x", "v", 1, "", NULL);
  reg_plan_add_delete_tree (p, SYS, "ControlSet001", "t", NULL);
  reg_plan_add_dword (p, SYS, "ControlSet001\\Services\\x", "v", 2, "", NULL);
  g_autofree char *text = export (p, "HKEY_LOCAL_MACHINE\\SYSTEM");
  g_assert_cmpstr (text, ==,
    "Windows Registry Editor Version 5.00\n"
    "\n"
    P "ControlSet001]\n"
    "\n"
    P "ControlSet001\\Services]\n"
    "\n"
    "; \"Start\": viostor.inf:71\n"
    "; \"ImagePath\": viostor.inf:72\n"
    "; @: rule: default\n"
    P K "]\n"
    "\"Start\"=dword:00000000\n"
    "\"ImagePath\"=hex(2):61,00,2e,00,73,00,79,00,73,00,00,00\n"
    "\"Old\"=-\n"
    "@=\"A \\\"q\\\" \\\\\"\n"
    "\n"
    "; @: rule: no default\n"
    P K "]\n"
    "@=-\n"
    "\n"
    "; rule: params\n"
    P K "\\Parameters]\n"
    "\n"
    "; rule: no override\n"
    "[-HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\stornvme\\StartOverride]\n"
    "\n"
    P "controlset001\\SERVICES\\x]\n"
    "\"v\"=dword:00000001\n"
    "\n"
    "; t\n"
    "[-HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001]\n"
    "\n"
    P "ControlSet001]\n"
    "\n"
    P "ControlSet001\\Services]\n"
    "\n"
    P "ControlSet001\\Services\\x]\n"
    "\"v\"=dword:00000002\n"
    "\n");
}

static void
test_prefix (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  reg_plan_add_dword (p, SYS, "Select", "Current", 1, NULL, NULL);
  g_autofree char *none = export (p, NULL);
  g_autofree char *slash = export (p, "HKEY_LOCAL_MACHINE\\SYSTEM\\");
  g_assert_cmpstr (none, ==, "Windows Registry Editor Version 5.00\n\n[\\Select]\n"
                             "\"Current\"=dword:00000001\n\n");
  g_assert_cmpstr (slash, ==, "Windows Registry Editor Version 5.00\n\n" P "Select]\n"
                              "\"Current\"=dword:00000001\n\n");
  g_autofree char *other = reg_export (p, REG_HIVE_SOFTWARE, NULL, NULL);
  g_assert_cmpstr (other, ==, "Windows Registry Editor Version 5.00\n\n");
}

static void
assert_text (const struct reg_edit *e, gboolean abbreviate, const char *want)
{
  g_autofree char *got = reg_export_value_text (e, abbreviate);
  g_assert_cmpstr (got, ==, want);
}

static void
test_value_text (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  static const uint8_t three[] = { 1, 2, 3 };
  static const uint8_t no_nul[] = { 'x', 0 };
  static const uint8_t two[] = { 'a', 0, 0, 0, 'b', 0, 0, 0 };
  static const uint8_t tab[] = { '\t', 0, 0, 0 };
  static const uint8_t x[] = { 'x', 0, 0, 0 };
  uint8_t forty[40];
  for (int i = 0; i < 40; i++)
    forty[i] = (uint8_t) i;
  assert_text (reg_plan_add_dword (p, SYS, K, "a", 42, NULL, NULL), FALSE, "dword:0000002a");
  assert_text (reg_plan_add_value (p, SYS, K, "a", 4, three, 3, NULL, NULL), FALSE,
               "hex(4):01,02,03");
  assert_text (reg_plan_add_sz (p, SYS, K, "a", "x", NULL, NULL), FALSE, "\"x\"");
  assert_text (reg_plan_add_sz (p, SYS, K, "a", "", NULL, NULL), FALSE, "\"\"");
  assert_text (reg_plan_add_value (p, SYS, K, "a", 1, no_nul, 2, NULL, NULL), FALSE,
               "hex(1):78,00");
  assert_text (reg_plan_add_value (p, SYS, K, "a", 1, two, 8, NULL, NULL), FALSE,
               "hex(1):61,00,00,00,62,00,00,00");
  assert_text (reg_plan_add_value (p, SYS, K, "a", 1, tab, 4, NULL, NULL), FALSE,
               "hex(1):09,00,00,00");
  assert_text (reg_plan_add_sz (p, SYS, K, "a", "\xc3\xa9", NULL, NULL), FALSE,
               "hex(1):e9,00,00,00");
  assert_text (reg_plan_add_value (p, SYS, K, "a", 0x20001, x, 4, NULL, NULL), FALSE,
               "hex(20001):78,00,00,00");
  assert_text (reg_plan_add_value (p, SYS, K, "a", 0xffff0012, x, 4, NULL, NULL), FALSE,
               "hex(ffff0012):78,00,00,00");
  assert_text (reg_plan_add_qword (p, SYS, K, "a", 1, NULL, NULL), FALSE,
               "hex(b):01,00,00,00,00,00,00,00");
  assert_text (reg_plan_add_binary (p, SYS, K, "a", NULL, 0, NULL, NULL), FALSE, "hex:");
  assert_text (reg_plan_add_none (p, SYS, K, "a", NULL, NULL), FALSE, "hex(0):");
  assert_text (reg_plan_add_value (p, SYS, K, "a", 7, NULL, 0, NULL, NULL), FALSE, "hex(7):");
  assert_text (reg_plan_add_delete_value (p, SYS, K, "a", NULL, NULL), FALSE, "-");
  assert_text (reg_plan_add_binary (p, SYS, K, "a", forty, 40, NULL, NULL), TRUE,
               "hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,...(40 bytes)");
  assert_text (reg_plan_add_expand_sz (p, SYS, K, "a", "a.sys", NULL, NULL), TRUE,
               "hex(2):61,00,2e,00,73,00,79,00,73,00,00,00 (\"a.sys\")");
  assert_text (reg_plan_add_value (p, SYS, K, "a", 7, two, 8, NULL, NULL), TRUE,
               "hex(7):61,00,00,00,62,00,00,00 (\"a\", \"b\")");
}

static void
test_describe (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  const struct reg_edit *e[] = {
    reg_plan_add_ensure_key (p, SYS, K, NULL, NULL),
    reg_plan_add_sz (p, SYS, K, "", "x", NULL, NULL),
    reg_plan_add_delete_value (p, REG_HIVE_DRIVERS, K, "Old \"one\"", NULL, NULL),
    reg_plan_add_delete_key (p, SYS, K, NULL, NULL),
    reg_plan_add_delete_tree (p, SYS, K, NULL, NULL),
  };
  const char *want[] = {
    "ensure SYSTEM\\" K,
    "set SYSTEM\\" K " @=\"x\"",
    "delete value DRIVERS\\" K " \"Old \\\"one\\\"\"",
    "delete key SYSTEM\\" K,
    "delete tree SYSTEM\\" K,
  };
  for (size_t i = 0; i < G_N_ELEMENTS (e); i++) {
    g_autofree char *d = reg_edit_describe (e[i]);
    g_assert_cmpstr (d, ==, want[i]);
  }
}

/* Long data wraps as regedit writes it: lines of at most 80 characters ending in ",\", the
 * following ones indented by two spaces; joined again, they give the unwrapped value. */
static void
test_wrapping (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  uint8_t data[300];
  memset (data, 0xab, sizeof data);
  reg_plan_add_binary (p, SYS, "A", "Long", data, sizeof data, NULL, NULL);
  g_autofree char *text = export (p, NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *joined = g_string_new (NULL);
  guint n = 0;
  for (guint i = 3; lines[i] && *lines[i]; i++, n++) {
    const char *l = lines[i];
    g_assert_cmpuint (strlen (l), <=, 80);
    gboolean more = g_str_has_suffix (l, ",\\");
    gboolean last = lines[i + 1] == NULL || *lines[i + 1] == '\0';
    g_assert_true (more != last);
    if (i > 3)
      g_assert_true (g_str_has_prefix (l, "  ") && l[2] != ' ');
    size_t indent = i > 3 ? 2 : 0;
    g_string_append_len (joined, l + indent, (gssize) (strlen (l) - indent - (more ? 1 : 0)));
  }
  g_assert_cmpuint (n, ==, 13);  /* 22 bytes, then 25 a line: 22 + 11 * 25 = 297, then 3 */
  g_autofree char *flat = reg_export_value_text (reg_plan_get (p, 0), FALSE);
  g_autofree char *want = g_strconcat ("\"Long\"=", flat, NULL);
  g_assert_cmpstr (joined->str, ==, want);
  g_string_free (joined, TRUE);
}

static void
test_comments (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  reg_plan_add_dword (p, SYS, "A", "v", 1, "path C:\\dir\\", NULL);
  reg_plan_add_dword (p, SYS, "A", "w", 1, "two\nlines\r", NULL);
  reg_plan_add_delete_tree (p, SYS, "B", "ends in \\\\  ", NULL);
  g_autofree char *text = export (p, NULL);
  g_assert_cmpstr (text, ==, "Windows Registry Editor Version 5.00\n\n"
                             "; \"v\": path C:\\dir\\ ;\n"
                             "; \"w\": two lines\n"
                             "[\\A]\n\"v\"=dword:00000001\n\"w\"=dword:00000001\n\n"
                             "; ends in \\\\ ;\n"
                             "[-\\B]\n\n");
}

/* A section names each value once: "set X, delete X" must not become one section, where
 * hivexregedit would apply the deletion first. */
static void
test_repeated_value (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  reg_plan_add_dword (p, SYS, "A", "X", 1, NULL, NULL);
  reg_plan_add_dword (p, SYS, "A", "Y", 1, NULL, NULL);
  reg_plan_add_delete_value (p, SYS, "a", "x", NULL, NULL);
  reg_plan_add_dword (p, SYS, "A", "X", 2, NULL, NULL);
  reg_plan_add_dword (p, SYS, "A", "Z", 2, NULL, NULL);
  g_autofree char *text = export (p, NULL);
  g_assert_cmpstr (text, ==, "Windows Registry Editor Version 5.00\n\n"
                             "[\\A]\n\"X\"=dword:00000001\n\"Y\"=dword:00000001\n\n"
                             "[\\a]\n\"x\"=-\n\n"
                             "[\\A]\n\"X\"=dword:00000002\n\"Z\"=dword:00000002\n\n");
}

static void
test_refused (void)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  struct reg_edit *e = reg_plan_add_dword (p, SYS, "A", "v", 1, "inf:3", NULL);
  e->name[0] = '\n';  /* only possible by editing the struct by hand */
  g_autoptr (GError) err = NULL;
  g_assert_null (reg_export (p, SYS, NULL, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  g_assert_nonnull (strstr (err->message, "(inf:3)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reg-export/golden", test_golden);
  g_test_add_func ("/reg-export/prefix", test_prefix);
  g_test_add_func ("/reg-export/value-text", test_value_text);
  g_test_add_func ("/reg-export/describe", test_describe);
  g_test_add_func ("/reg-export/wrapping", test_wrapping);
  g_test_add_func ("/reg-export/comments", test_comments);
  g_test_add_func ("/reg-export/repeated-value", test_repeated_value);
  g_test_add_func ("/reg-export/refused", test_refused);
  return g_test_run ();
}
