/* test-setupapi: the SetupAPI log reader and its code table, on small logs: the failure cases of
 * tests/diagnose/logs (each must name the right device, result and cause), hostile input, and the
 * limits.  The real Windows 10 log is tested in test-setupapi-real.c. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "transcript.h"

static void
test_code_table (void)
{
  static const struct { guint32 code; const char *name; } known[] = {
    { 0xe0000228, "ERROR_NO_COMPAT_DRIVERS" }, { 0xe0000203, "ERROR_NO_DRIVER_SELECTED" },
    { 0xe0000247, "ERROR_DRIVER_STORE_ADD_FAILED" }, { 0x800b0109, "CERT_E_UNTRUSTEDROOT" },
    { 0xe000022f, "ERROR_NO_CATALOG_FOR_OEM_INF" }, { 0xe0000223, "ERROR_NO_CONFIGMGR_SERVICES" },
    { 0x00000426, "ERROR_SERVICE_NOT_ACTIVE" }, { 0x80070426, "ERROR_SERVICE_NOT_ACTIVE" },
    { 0xe000020b, "ERROR_NO_SUCH_DEVINST" }, { 0xe0000219, "ERROR_NO_ASSOCIATED_SERVICE" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (known); i++) {
    const struct setupapi_code *c = setupapi_code_lookup (known[i].code);
    g_assert_nonnull (c);
    g_assert_cmpstr (c->name, ==, known[i].name);
    g_assert_false (setupapi_code_is_benign (known[i].code));
  }
  g_assert_true (setupapi_code_is_benign (0));
  g_assert_true (setupapi_code_is_benign (0xe000020e));   /* ERROR_DI_DO_DEFAULT */
  g_assert_true (setupapi_code_is_benign (0x00000bc3));   /* restart required: a success */
  g_assert_null (setupapi_code_lookup (0xe0001234));
  g_autofree char *d = setupapi_code_describe (0xe0001234);
  g_assert_cmpstr (d, ==, "0xe0001234 (a code winseed does not know)");
  g_autofree char *k = setupapi_code_describe (0x426);
  g_assert_true (g_str_has_prefix (k, "0x00000426 ERROR_SERVICE_NOT_ACTIVE: "));
}

static void
test_code_in_text (void)
{
  static const struct { const char *text; guint32 code; } yes[] = {
    { "Failed to import driver package into Driver Store. Error = 0xE0000247", 0xe0000247 },
    { "Error 0xe0000228: There are no compatible drivers for this device.", 0xe0000228 },
    { "Error 1062: The service has not been started.", 0x426 },
    { "Selecting driver failed(0xe0000228)", 0xe0000228 },
    { "{Core Device Install - exit(0xe0000203)} 20:06:28.891", 0xe0000203 },
    { "Device install failed. Error 0xe0000219: The installation failed", 0xe0000219 },
  };
  static const char *const no[] = {
    "Error Control = 1", "Indexed 2 device IDs for 'x'.", "Code = 1313, Line = 140",
    "Query remove failed : 0x17: CR_REMOVE_VETOED.", "error 12 files",
  };
  guint32 code;
  for (size_t i = 0; i < G_N_ELEMENTS (yes); i++) {
    g_assert_true (setupapi_code_in_text (yes[i].text, &code));
    g_assert_cmphex (code, ==, yes[i].code);
  }
  for (size_t i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_false (setupapi_code_in_text (no[i], &code));
}

static struct parsed *
parse_test_log (const char *name)
{
  size_t len;
  g_autofree char *data = read_test_log (name, &len);
  struct parsed *p = parse_all (data, len);
  g_assert_no_error (p->error);
  /* Cut at every byte: the same result. */
  g_autoptr (GArray) cuts = g_array_new (FALSE, FALSE, sizeof (size_t));
  for (size_t i = 1; i < len; i++)
    g_array_append_val (cuts, i);
  g_autoptr (parsed) bytewise = parse_cuts (data, len, (size_t *) (void *) cuts->data, cuts->len);
  g_assert_cmpstr (bytewise->transcript->str, ==, p->transcript->str);
  return p;
}

/* One failure case: the device it names, its result, and the cause. */
struct failure_case {
  const char *file, *id;
  enum setupapi_kind kind;
  enum setupapi_result result;
  guint32 cause;
  gboolean null_driver;
};

static void
test_failure (gconstpointer data)
{
  const struct failure_case *c = data;
  g_autoptr (parsed) p = parse_test_log (c->file);
  const struct rec *r = find_install (p, c->id);
  g_assert_nonnull (r);
  g_assert_cmpint (r->kind, ==, c->kind);
  g_assert_cmpstr (setupapi_result_name (r->result), ==, setupapi_result_name (c->result));
  g_assert_true (setupapi_result_is_failure (r->result));
  g_assert_true (r->has_cause);
  g_assert_cmphex (r->cause, ==, c->cause);
  g_assert_cmpint (r->null_driver, ==, c->null_driver);
}

static const struct failure_case failures[] = {
  { "seed001-null-driver.dev.txt", "PCI\\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00\\3&13c0b0c5&0&18",
    SETUPAPI_KIND_DEVICE, SETUPAPI_RESULT_NULL_DRIVER, 0xe0000228, TRUE },
  { "seed001-reboot-0x426.dev.txt", "PCI\\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00\\3&13c0b0c5&0&18",
    SETUPAPI_KIND_DEVICE, SETUPAPI_RESULT_NULL_DRIVER, 0x426, TRUE },
  { "internals-win11-0xe0000247.dev.txt", "PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01\\3&267a616a&0&20",
    SETUPAPI_KIND_DEVICE, SETUPAPI_RESULT_NULL_DRIVER, 0xe0000247, TRUE },
  { "internals-sig-untrusted-root.dev.txt", "C:\\virtio\\vioscsi\\w10\\amd64\\vioscsi.inf",
    SETUPAPI_KIND_PACKAGE, SETUPAPI_RESULT_FAILED, 0x800b0109, FALSE },
  { "internals-0xe0000223.dev.txt", "PCI\\VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01\\3&267a616a&0&28",
    SETUPAPI_KIND_DEVICE, SETUPAPI_RESULT_NULL_DRIVER, 0xe0000223, TRUE },
  { "xp-setupapi-log.txt", "PCI\\VEN_80EE&DEV_CAFE&SUBSYS_00000000&REV_00\\3&267A616A&0&20",
    SETUPAPI_KIND_DEVICE, SETUPAPI_RESULT_NULL_DRIVER, 0xe0000228, TRUE },
};

static void
test_null_driver_under_success (void)
{
  g_autoptr (parsed) p = parse_test_log ("internals-null-driver-kb.dev.txt");
  const struct rec *r = find_install (p, "PCI\\VEN_15AD&DEV_07B0&SUBSYS_07B015AD&REV_01\\FF565000B4C6AE6700");
  g_assert_nonnull (r);
  g_assert_true (r->has_status && r->status == 0);
  g_assert_cmpint (r->result, ==, SETUPAPI_RESULT_NULL_DRIVER);
  g_assert_cmpstr (r->cause_line, ==, "!!!  ndv: Device Install failed for new device...installing NULL driver.");
}

static void
test_seed_as_quoted (void)
{
  g_autoptr (parsed) p = parse_test_log ("seed001-as-quoted.txt");
  g_assert_cmpuint (p->installs->len, ==, 2);
  const struct rec *a = g_ptr_array_index (p->installs, 0), *b = g_ptr_array_index (p->installs, 1);
  g_assert_cmpstr (a->title, ==, "Device Install (Hardware initiated)");
  g_assert_cmpint (a->result, ==, SETUPAPI_RESULT_NULL_DRIVER);
  g_assert_cmphex (a->cause, ==, 0xe0000228);
  g_assert_null (b->title);   /* the second excerpt starts inside its section */
  g_assert_cmpint (b->result, ==, SETUPAPI_RESULT_FAILED);
  g_assert_cmphex (b->cause, ==, 0x426);
}

static void
test_reboot_cut (void)
{
  g_autoptr (parsed) p = parse_test_log ("reboot-cut.dev.txt");
  g_assert_cmpuint (p->installs->len, ==, 4);
  const struct rec *first = g_ptr_array_index (p->installs, 1), *second = g_ptr_array_index (p->installs, 2);
  g_assert_cmpstr (first->device, ==, second->device);
  g_assert_cmpint (first->result, ==, SETUPAPI_RESULT_INTERRUPTED);
  g_assert_cmpint (second->result, ==, SETUPAPI_RESULT_OK);
  g_assert_cmpstr (second->inf, ==, "oem3.inf");
  const struct rec *last = g_ptr_array_index (p->installs, 3);
  g_assert_cmpint (last->result, ==, SETUPAPI_RESULT_TRUNCATED);
  g_assert_cmpstr (p->stats.truncated_in, ==, "Device Install (Hardware initiated) - PCI\\VEN_1AF4&DEV_1002&"
                   "SUBSYS_00051AF4&REV_00\\3&267a616a&0&30 (started 2024/11/05 10:08:00.100)");
  g_assert_cmpuint (p->stats.boot_sessions, ==, 2);
}

static void
test_xp (void)
{
  g_autoptr (parsed) p = parse_test_log ("xp-setupapi-log.txt");
  g_assert_true (p->stats.xp_format);
  g_assert_cmpuint (p->installs->len, ==, 4);
  const struct rec *volsnap = find_install (p, "ROOT\\LEGACY_VOLSNAP\\0000");
  g_assert_true (volsnap->null_driver);
  g_assert_cmpint (volsnap->result, ==, SETUPAPI_RESULT_OK);   /* legacy service: NULL driver by design */
  const struct rec *ftdisk = find_install (p, "ROOT\\FTDISK\\0000");
  g_assert_cmpint (ftdisk->result, ==, SETUPAPI_RESULT_OK);
  g_assert_cmpstr (ftdisk->inf, ==, "machine.inf");
  const struct rec *virtio = find_install (p, "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00\\3&267A616A&0&28");
  g_assert_cmpint (virtio->result, ==, SETUPAPI_RESULT_OK);
  g_assert_cmpstr (virtio->inf, ==, "oem3.inf");
  g_assert_cmpstr (virtio->rank, ==, "0x00000000");
  g_assert_cmpuint (count_failures (p), ==, 1);
}

/* Windows 7 shapes: bracketed "Selected:" values, and SetupCopyOEMInf blocks that publish a
 * package (exit 0) or find it already there (exit 0x50, ERROR_FILE_EXISTS: not an import). */
static void
test_win7 (void)
{
  const char *log =
    ">>>  [Device Install (Hardware initiated) - STORAGE\\Volume\\1&30a96598&0&Signature1]\r\n"
    ">>>  Section start 2012/02/08 20:55:17.486\r\n"
    "     dvi:                Selected:\r\n"
    "     dvi:                     Description - [Generic volume]\r\n"
    "     dvi:                     InfFile     - [c:\\windows\\system32\\driverstore\\filerepository\\volume.inf_amd64_neutral_1b1a512d99c5b72c\\volume.inf]\r\n"
    "     dvi:                     Section     - [volume_install]\r\n"
    "     dvi:                     Signer      - [Microsoft Windows]\r\n"
    "     dvi:                     Rank        - [0x00ff0000]\r\n"
    "     dvi:           {Select Best Driver - exit(0x00000000)}\r\n"
    "     inf: {SetupCopyOEMInf: C:\\Windows\\INF\\volume.inf} 01:18:45.496\r\n"
    "     inf:      Driver Store location: C:\\Windows\\System32\\DriverStore\\FileRepository\\volume.inf_amd64_neutral_1b1a512d99c5b72c\\volume.inf\r\n"
    "     inf:      Published Inf Path: C:\\Windows\\INF\\volume.inf\r\n"
    "     inf: {SetupCopyOEMInf exit (0x00000050)} 01:18:45.496\r\n"
    "     inf: {SetupCopyOEMInf: C:\\virtio\\viostor.inf} 01:18:46.000\r\n"
    "     inf:      Driver Store location: C:\\Windows\\System32\\DriverStore\\FileRepository\\viostor.inf_amd64_neutral_0123456789abcdef\\viostor.inf\r\n"
    "     inf:      Published Inf Path: C:\\Windows\\INF\\oem3.inf\r\n"
    "     inf: {SetupCopyOEMInf exit (0x00000000)} 01:18:46.100\r\n"
    "<<<  Section end 2012/02/08 20:55:18.000\r\n"
    "<<<  [Exit status: SUCCESS]\r\n";
  g_autoptr (parsed) p = parse_all (log, strlen (log));
  g_assert_no_error (p->error);
  const struct rec *r = find_install (p, "STORAGE\\Volume\\1&30a96598&0&Signature1");
  g_assert_cmpint (r->result, ==, SETUPAPI_RESULT_OK);
  g_assert_cmpstr (r->inf, ==, "volume.inf");
  g_assert_cmpstr (r->rank, ==, "0x00ff0000");
  g_assert_cmpstr (r->signer, ==, "Microsoft Windows");
  g_assert_cmpuint (p->packages->len, ==, 1);
  const struct prec *k = g_ptr_array_index (p->packages, 0);
  g_assert_cmpstr (k->name, ==, "viostor.inf_amd64_neutral_0123456789abcdef");
  g_assert_cmpstr (k->published, ==, "oem3.inf");
  g_assert_cmpstr (k->source, ==, "C:\\virtio\\viostor.inf");
  g_assert_false (k->failed);
}

static void
test_unknown_code (void)
{
  const char *log = ">>>  [SetupCopyOEMInf - C:\\drv\\a.inf]\r\n"
    "!!!  sto: Failed to import driver package into Driver Store. Error = 0xE0001234\r\n"
    "<<<  [Exit status: FAILURE(0xe0001234)]\r\n"
    ">>>  [SetupCopyOEMInf - C:\\drv\\b.inf]\r\n"
    "!!!  sto: Failed to import driver package into Driver Store. Error = 0xE000022F\r\n"
    "<<<  [Exit status: FAILURE(0xe000022f)]\r\n";
  g_autoptr (parsed) p = parse_all (log, strlen (log));
  g_assert_no_error (p->error);
  const struct rec *a = find_install (p, "C:\\drv\\a.inf"), *b = find_install (p, "C:\\drv\\b.inf");
  g_assert_cmphex (a->cause, ==, 0xe0001234);   /* kept raw, not dropped */
  g_assert_null (setupapi_code_lookup (a->cause));
  g_assert_cmphex (b->cause, ==, 0xe000022f);
  g_assert_cmpint (a->kind, ==, SETUPAPI_KIND_PACKAGE);
}

static void
test_binary (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);
  guint8 junk[65536];
  for (size_t i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_rand_int (rand);
  static const char elf[64] = "\x7f" "ELF\x02\x01\x01";
  const char *text = "hello\nworld\n";
  struct { const void *d; size_t n; } bad[] = { { junk, sizeof junk }, { elf, sizeof elf }, { text, strlen (text) },
                                                { "", 0 }, { "\xff\xfe", 2 } };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (parsed) p = parse_all (bad[i].d, bad[i].n);
    g_assert_error (p->error, WS_ERROR, WS_EXIT_BAD_INPUT);
    g_assert_null (strchr (p->error->message, '\n'));
  }
}

static void
test_limits (void)
{
  GString *s = g_string_new (">>>  [Device Install (Hardware initiated) - PCI\\VEN_1AF4&DEV_1000\\1]\n     dvi: ");
  for (int i = 0; i < 1000000; i++)   /* a 1 MB line */
    g_string_append_c (s, 'x');
  g_string_append_c (s, '\n');
  for (int i = 0; i < 10000; i++)
    g_string_append (s, "     dvi: {Nested}\n");
  for (int i = 0; i < 10; i++)
    g_string_append (s, "     dvi: {Never Opened - exit(0x00000000)}\n");
  g_string_append (s, "<<<  [Exit status: SUCCESS]\n");
  g_string_append_len (s, "\0\0\0\0\0\0\0\0", 8);   /* a crash leaves NULs at the end */
  g_autoptr (parsed) p = parse_all (s->str, s->len);
  g_string_free (s, TRUE);
  g_assert_no_error (p->error);
  g_assert_cmpuint (p->stats.long_lines, ==, 1);
  g_assert_cmpuint (p->stats.deep_blocks, ==, 10000 - SETUPAPI_MAX_DEPTH);
  g_assert_cmpuint (p->stats.nul_bytes, ==, 8);
  g_assert_cmpuint (count_failures (p), ==, 0);
}

static void
test_utf16_surrogates (void)
{
  /* "[Boot Session: ...]" then a section whose target holds U+1F600 (a pair) and a lone high
   * surrogate, fed one byte at a time. */
  const char *head = ">>>  [Device Install (Hardware initiated) - ROOT\\X\\";
  g_autoptr (GString) u = g_string_new_len ("\xff\xfe", 2);
  for (const char *c = head; *c; c++)
    g_string_append_c (u, *c), g_string_append_c (u, '\0');
  g_string_append_len (u, "\x3d\xd8\x00\xde" "\x3d\xd8" "A\0" "]\0\n\0", 12);
  g_autoptr (parsed) p = parse_all (u->str, u->len);
  g_assert_no_error (p->error);
  g_assert_cmpuint (p->installs->len, ==, 1);
  const struct rec *r = g_ptr_array_index (p->installs, 0);
  g_assert_cmpstr (r->target, ==, "ROOT\\X\\\xf0\x9f\x98\x80\xef\xbf\xbd" "A");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/setupapi/codes/table", test_code_table);
  g_test_add_func ("/setupapi/codes/in-text", test_code_in_text);
  for (size_t i = 0; i < G_N_ELEMENTS (failures); i++) {
    g_autofree char *name = g_strdup_printf ("/setupapi/failure/%s", failures[i].file);
    g_test_add_data_func (name, &failures[i], test_failure);
  }
  g_test_add_func ("/setupapi/failure/null-driver-under-success", test_null_driver_under_success);
  g_test_add_func ("/setupapi/seed-as-quoted", test_seed_as_quoted);
  g_test_add_func ("/setupapi/reboot-cut", test_reboot_cut);
  g_test_add_func ("/setupapi/xp", test_xp);
  g_test_add_func ("/setupapi/win7", test_win7);
  g_test_add_func ("/setupapi/unknown-code", test_unknown_code);
  g_test_add_func ("/setupapi/bad/binary", test_binary);
  g_test_add_func ("/setupapi/bad/limits", test_limits);
  g_test_add_func ("/setupapi/utf16-surrogates", test_utf16_surrogates);
  return g_test_run ();
}
