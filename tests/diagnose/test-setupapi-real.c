/* test-setupapi-real: the SetupAPI log reader on the real Windows 10 19043 log of
 * tests/fixtures/logs.  It must report no failure and the 31 driver packages the log imported
 * (names below read from the log by hand: grep "Created driver package object" and "Published"),
 * whatever the chunking, the encoding (UTF-8, UTF-16LE with or without BOM, CRLF) or where the
 * log is cut. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "transcript.h"

static const struct { const char *name, *published, *node; } expected_packages[] = {
  { "prnms009.inf_amd64_a7412a554c9bc1fd", "oem0.inf", "DRIVERS" },
  { "prnms001.inf_amd64_8bc1bda6cf47380c", "oem1.inf", "DRIVERS" },
  { "vmci.inf_amd64_5e38a278d114b813", "oem2.inf", "SYSTEM" },
  { "efifw.inf_amd64_69a2acd666b70e2c", "oem3.inf", "SYSTEM" },
  { "vmxnet3.inf_amd64_84f789b1d4e21d32", "oem4.inf", "DRIVERS" },
  { "pvscsi.inf_amd64_9e7bfe6e33172952", "oem5.inf", "SYSTEM" },
  { "vmusbmouse.inf_amd64_64ac7a0aab2a032c", "oem6.inf", "SYSTEM" },
  { "vmmouse.inf_amd64_916101d3748847e7", "oem7.inf", "SYSTEM" },
  { "vm3d.inf_amd64_e3eb5e2a70444b3f", "oem8.inf", "DRIVERS" },
  { "microsoft_bluetooth_hfp.inf_amd64_9effd93a75bc489e", "microsoft_bluetooth_hfp.inf", "DRIVERS" },
  { "xboxgip.inf_amd64_fc2142148528df39", "xboxgip.inf", "SYSTEM" },
  { "xinputhid.inf_amd64_f44d0aeec735b5a6", "xinputhid.inf", "SYSTEM" },
  { "usbvideo.inf_amd64_16aab9c2171830d2", "usbvideo.inf", "DRIVERS" },
  { "intelpep.inf_amd64_2e156c5dc4231642", "intelpep.inf", "SYSTEM" },
  { "cdrom.inf_amd64_28c103304ddff3c0", "cdrom.inf", "SYSTEM" },
  { "sbp2.inf_amd64_1d08bca921956372", "sbp2.inf", "SYSTEM" },
  { "spaceport.inf_amd64_152cb12444ea19d3", "spaceport.inf", "SYSTEM" },
  { "mshdc.inf_amd64_0d06b6638bdb4763", "mshdc.inf", "SYSTEM" },
  { "pci.inf_amd64_e8ca312fe4a0452d", "pci.inf", "SYSTEM" },
  { "stornvme.inf_amd64_1218fad01506b7af", "stornvme.inf", "SYSTEM" },
  { "storufs.inf_amd64_4bf6d33d58212336", "storufs.inf", "SYSTEM" },
  { "vhdmp.inf_amd64_aa94d04ecf56de1f", "vhdmp.inf", "SYSTEM" },
  { "bth.inf_amd64_81928e56856a6cf6", "bth.inf", "DRIVERS" },
  { "usbstor.inf_amd64_2be0e52237040d42", "usbstor.inf", "SYSTEM" },
  { "usbxhci.inf_amd64_445b4fc5ede13660", "usbxhci.inf", "SYSTEM" },
  { "sdstor.inf_amd64_0d2a33dd67a36577", "sdstor.inf", "SYSTEM" },
  { "wvid.inf_amd64_0ab1ad45d910072b", "wvid.inf", "SYSTEM" },
  { "prnms002.inf_amd64_14b6fbd636fe2b5b", "prnms002.inf", "DRIVERS" },
  { "wvmbus.inf_amd64_b3e8f3ce60e5c8b5", "wvmbus.inf", "SYSTEM" },
  { "wnetvsc.inf_amd64_7cbdf2bb1b105414", "wnetvsc.inf", "DRIVERS" },
  { "tsusbhub.inf_amd64_1d3c24897a28f594", "tsusbhub.inf", "SYSTEM" },
};

static char *real;
static size_t real_len;

#define REQUIRE_REAL()                                                   \
  do {                                                                   \
    if (!real) {                                                         \
      g_test_skip ("the real log or xz is not available");               \
      return;                                                            \
    }                                                                    \
  } while (0)

static void
check_real (const struct parsed *p)
{
  g_assert_no_error (p->error);
  g_assert_cmpuint (count_failures (p), ==, 0);
  g_assert_cmpuint (p->packages->len, ==, G_N_ELEMENTS (expected_packages));
  for (size_t i = 0; i < G_N_ELEMENTS (expected_packages); i++) {
    const struct prec *k = g_ptr_array_index (p->packages, i);
    g_assert_cmpstr (k->name, ==, expected_packages[i].name);
    g_assert_cmpstr (k->published, ==, expected_packages[i].published);
    g_assert_cmpstr (k->node, ==, expected_packages[i].node);
    g_assert_false (k->failed);
  }
  g_assert_cmpuint (p->stats.lines, ==, 12227);
  g_assert_cmpuint (p->stats.boot_sessions, ==, 3);
  g_assert_cmpuint (p->stats.warnings, ==, 1275);   /* grep -c '^!    ' */
  g_assert_cmpuint (p->stats.errors, ==, 0);
  g_assert_null (p->stats.truncated_in);
}

static void
test_whole (void)
{
  REQUIRE_REAL ();
  g_autoptr (parsed) p = parse_all (real, real_len);
  check_real (p);
  const struct rec *vmci = find_install (p, "PCI\\VEN_15AD&DEV_0740&SUBSYS_074015AD&REV_10\\3&61aaa01&0&3F");
  g_assert_nonnull (vmci);
  g_assert_cmpint (vmci->result, ==, SETUPAPI_RESULT_OK);
  g_assert_cmpstr (vmci->inf, ==, "oem2.inf");
  g_assert_cmpstr (vmci->path, ==, "C:\\Windows\\System32\\DriverStore\\FileRepository\\vmci.inf_amd64_5e38a278d114b813\\vmci.inf");
  g_assert_cmpstr (vmci->rank, ==, "00FF0001");
  g_assert_cmpstr (vmci->signer, ==, "WHQL (0D000005)");
  /* UpdateDriverForPlugAndPlayDevices for devices this VM does not have: staged, not failed. */
  const char *absent[] = { "PCI\\VEN_15AD&DEV_07B0&SUBSYS_07B015AD", "PCI\\VEN_15AD&DEV_07B0",
                           "PCI\\VEN_15AD&DEV_07C0&SUBSYS_07C015AD", "PCI\\VEN_15AD&DEV_07C0" };
  for (size_t i = 0; i < G_N_ELEMENTS (absent); i++)
    g_assert_cmpint (find_install (p, absent[i])->result, ==, SETUPAPI_RESULT_NO_DEVICE);
  const struct rec *mouse = find_install (p, "ACPI\\VMW0003\\4&1BD7F811&0");
  g_assert_cmpint (mouse->result, ==, SETUPAPI_RESULT_OK);
  g_assert_true (mouse->reboot);
}

static void
test_chunks (void)
{
  REQUIRE_REAL ();
  g_autoptr (parsed) whole = parse_all (real, real_len);
  g_autoptr (GRand) rand = g_rand_new_with_seed (19043);
  for (int i = 0; i < 10; i++) {
    g_autoptr (parsed) p = parse_random (real, real_len, rand, i < 5 ? 7 : 70000);
    g_assert_cmpstr (p->transcript->str, ==, whole->transcript->str);
  }
}

/* The same log re-encoded: everything but the encoding line of the statistics is identical. */
static void
check_same (const struct parsed *a, const struct parsed *b)
{
  const char *sa = strstr (a->transcript->str, "\nstats "), *sb = strstr (b->transcript->str, "\nstats ");
  g_assert_nonnull (sa);
  g_assert_cmpint (sa - a->transcript->str, ==, sb - b->transcript->str);
  g_assert_true (strncmp (a->transcript->str, b->transcript->str, (size_t) (sa - a->transcript->str)) == 0);
  g_assert_cmpstr (strstr (sa, " xp="), ==, strstr (sb, " xp="));
}

static void
test_encodings (void)
{
  REQUIRE_REAL ();
  g_autoptr (parsed) whole = parse_all (real, real_len);
  g_autoptr (GString) crlf = g_string_new ("\xef\xbb\xbf");   /* UTF-8 BOM + CRLF */
  for (const char *p = real; *p; p++)
    *p == '\n' ? g_string_append (crlf, "\r\n") : g_string_append_c (crlf, *p);
  g_autoptr (parsed) c = parse_all (crlf->str, crlf->len);
  check_same (whole, c);
  g_assert_true (c->stats.bom);
  for (int bom = 0; bom <= 1; bom++) {
    glong n = 0;
    g_autofree gunichar2 *u16 = g_utf8_to_utf16 (crlf->str + 3, (glong) crlf->len - 3, NULL, &n, NULL);
    g_autoptr (GByteArray) b = g_byte_array_new ();
    if (bom)
      g_byte_array_append (b, (const guint8 *) "\xff\xfe", 2);
    for (glong i = 0; i < n; i++) {   /* little-endian whatever the host */
      guint8 le[2] = { (guint8) (u16[i] & 0xff), (guint8) (u16[i] >> 8) };
      g_byte_array_append (b, le, 2);
    }
    g_autoptr (GRand) rand = g_rand_new_with_seed (16);
    g_autoptr (parsed) u = parse_random (b->data, b->len, rand, 4097);   /* odd sizes split code units */
    check_same (whole, u);
    g_assert_cmpint (u->stats.encoding, ==, SETUPAPI_ENC_UTF16LE);
    g_assert_cmpint (u->stats.bom, ==, bom);
  }
}

/* Cut the log at random offsets: never a crash or a failure; a cut inside a section says so. */
static void
test_truncated (void)
{
  REQUIRE_REAL ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  for (int i = 0; i < 60; i++) {
    size_t cut = (size_t) g_rand_int_range (rand, 1, (gint32) real_len);
    g_autoptr (parsed) p = parse_all (real, cut);
    if (p->error) {   /* too short to hold a marker: a one-line message */
      g_assert_error (p->error, WS_ERROR, WS_EXIT_BAD_INPUT);
      g_assert_cmpuint (cut, <, 200);
      continue;
    }
    g_assert_cmpuint (count_failures (p), ==, 0);
    /* Inside a section when the last header before the cut has no complete exit line after it. */
    g_autofree char *head = g_strndup (real, cut);
    const char *open = g_strrstr (head, ">>>  [");
    const char *exit = g_strrstr (head, "<<<  [Exit status:");
    gboolean inside = open && (!exit || exit < open || !strchr (exit, '\n'));
    g_assert_cmpint (p->stats.truncated_in != NULL, ==, inside);
    if (inside) {
      g_autofree char *title = g_strndup (open + 6, strcspn (open + 6, "]- "));
      g_assert_true (g_str_has_prefix (p->stats.truncated_in, title));
    }
    const char *nl = strrchr (head, '\n'), *tail = nl ? nl + 1 : head;
    g_assert_cmpint (p->stats.partial_last_line, ==, tail[strspn (tail, " ")] != '\0');
  }
}

/* A log rotated mid-section (or quoted from the middle) starts inside a section. */
static void
test_starts_inside (void)
{
  REQUIRE_REAL ();
  const char *mid = strstr (real, "     sig:                     Installed catalog 'vmci.cat' as 'oem2.cat'.");
  g_assert_nonnull (mid);
  g_autoptr (parsed) p = parse_all (mid, real_len - (size_t) (mid - real));
  g_assert_no_error (p->error);
  const struct rec *first = g_ptr_array_index (p->installs, 0);
  g_assert_null (first->title);
  g_assert_cmpint (first->result, ==, SETUPAPI_RESULT_OK);
  g_assert_cmpuint (count_failures (p), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  real = read_real_log (&real_len);
  g_test_add_func ("/setupapi/real/whole", test_whole);
  g_test_add_func ("/setupapi/real/chunks", test_chunks);
  g_test_add_func ("/setupapi/real/encodings", test_encodings);
  g_test_add_func ("/setupapi/real/truncated", test_truncated);
  g_test_add_func ("/setupapi/real/starts-inside", test_starts_inside);
  int r = g_test_run ();
  g_free (real);
  return r;
}
