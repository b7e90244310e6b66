/* test-data: the data/ tables and --target parsing.  Expected values are from os-versions.tsv,
 * device-ids.tsv and dirids.tsv (the sources named in their headers). */
#include <config.h>

#include <string.h>
#include <glib.h>

#include "ws-error.h"
#include "ws-target.h"
#include "os-table.h"
#include "device-table.h"
#include "dirid-table.h"
#include "banned.h"

static void
check_target (const char *text, guint major, guint minor, guint build, enum ws_product_type p, enum ws_arch a)
{
  struct ws_target t;
  g_autoptr (GError) err = NULL;
  g_assert_true (ws_target_parse (text, &t, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (t.major, ==, major);
  g_assert_cmpuint (t.minor, ==, minor);
  g_assert_cmpuint (t.build, ==, build);
  g_assert_cmpint (t.product_type, ==, p);
  g_assert_cmpint (t.arch, ==, a);
}

static void
test_target_forms (void)
{
  check_target ("2k19/amd64", 10, 0, 17763, WS_PRODUCT_SERVER, WS_ARCH_AMD64);
  check_target ("w10/x86", 10, 0, 10240, WS_PRODUCT_WORKSTATION, WS_ARCH_X86);
  check_target ("win11/arm64", 10, 0, 22000, WS_PRODUCT_WORKSTATION, WS_ARCH_ARM64);
  check_target ("10.0.17763/server/amd64", 10, 0, 17763, WS_PRODUCT_SERVER, WS_ARCH_AMD64);
  check_target ("2012R2/x64", 6, 3, 9600, WS_PRODUCT_SERVER, WS_ARCH_AMD64);
  check_target ("XP/i386", 5, 1, 2600, WS_PRODUCT_WORKSTATION, WS_ARCH_X86);
  check_target ("7/amd64", 6, 1, 7600, WS_PRODUCT_WORKSTATION, WS_ARCH_AMD64);
  check_target ("8.1/x86", 6, 3, 9600, WS_PRODUCT_WORKSTATION, WS_ARCH_X86);   /* a name, not NT 8.1 */
  check_target ("Win2022/AMD64", 10, 0, 20348, WS_PRODUCT_SERVER, WS_ARCH_AMD64);
  check_target ("6.1/x86", 6, 1, 0, WS_PRODUCT_WORKSTATION, WS_ARCH_X86);
  check_target ("w10/dc/amd64", 10, 0, 10240, WS_PRODUCT_DC, WS_ARCH_AMD64);
  check_target ("2k25/aarch64", 10, 0, 26100, WS_PRODUCT_SERVER, WS_ARCH_ARM64);
}

static void
test_target_errors (void)
{
  const char *bad[] = { "", "w10", "w10/mips", "w99/amd64", "10/server/amd64/x", "10.0.x/amd64",
                        "w10/desktop/amd64", "w10/ia64", "1.2.3.4/amd64" };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++) {
    struct ws_target t;
    g_autoptr (GError) err = NULL;
    g_assert_false (ws_target_parse (bad[i], &t, &err));
    g_assert_error (err, WS_ERROR, WS_EXIT_USAGE);
  }
  g_autofree char *long_text = g_strnfill (300, 'a');
  g_autoptr (GError) err = NULL;
  struct ws_target t;
  g_assert_false (ws_target_parse (long_text, &t, &err));
}

static void
test_os_for_target (void)
{
  struct ws_target t = { 10, 0, 19041, WS_PRODUCT_WORKSTATION, WS_ARCH_AMD64, 0 };
  g_assert_cmpstr (os_table_for_target (&t)->name, ==, "w10");
  t.build = 22631;
  g_assert_cmpstr (os_table_for_target (&t)->name, ==, "w11");
  t.product_type = WS_PRODUCT_SERVER;
  t.build = 17763;
  g_assert_cmpstr (os_table_for_target (&t)->name, ==, "2k19");
  t.build = 20347;   /* below 2022's first build: still 2019 */
  g_assert_cmpstr (os_table_for_target (&t)->name, ==, "2k19");
  t.product_type = WS_PRODUCT_DC;   /* a domain controller is a server */
  t.build = 20348;
  g_assert_cmpstr (os_table_for_target (&t)->name, ==, "2k22");
  t.build = 9000;    /* a preview older than every release of 10.0 server */
  g_assert_cmpstr (os_table_for_target (&t)->name, ==, "2k16");
  struct ws_target t7 = { 6, 1, 7601, WS_PRODUCT_SERVER, WS_ARCH_AMD64, 0 };
  g_assert_cmpstr (os_table_for_target (&t7)->name, ==, "2k8R2");
  g_assert_cmpint (os_table_boot_model (&t7), ==, OS_BOOT_CDD);
  struct ws_target t8 = { 6, 2, 9200, WS_PRODUCT_WORKSTATION, WS_ARCH_AMD64, 0 };
  g_assert_cmpint (os_table_boot_model (&t8), ==, OS_BOOT_DDB);
  struct ws_target unknown = { 4, 0, 1381, WS_PRODUCT_WORKSTATION, WS_ARCH_X86, 0 };
  g_assert_null (os_table_for_target (&unknown));
}

static void
test_os_dirs (void)
{
  g_assert_cmpstr (os_table_for_dir ("Win2019")->name, ==, "2k19");
  g_assert_cmpstr (os_table_for_dir ("2K12R2")->name, ==, "2k12R2");
  g_assert_cmpstr (os_table_for_dir ("w8.1")->name, ==, "w8.1");
  g_assert_null (os_table_for_dir ("amd64"));
  g_assert_null (os_table_for_dir ("viostor"));
  /* Vista and 2008 share the 2k8 folder. */
  g_assert_true (os_table_is_dir_of (os_table_lookup ("vista"), "2k8"));
  g_assert_true (os_table_is_dir_of (os_table_lookup ("2k8"), "2k8"));
  g_assert_false (os_table_is_dir_of (os_table_lookup ("w10"), "2k16"));
  for (size_t i = 0; i < os_table_rows_len; i++)
    g_assert_true (os_table_lookup (os_table_rows[i].name) == &os_table_rows[i]);
}

static void
test_devices (void)
{
  g_assert_cmpstr (device_table_lookup ("PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00")->role, ==, "block");
  g_assert_cmpstr (device_table_lookup ("pci\\ven_1af4&dev_1042")->role, ==, "block");
  g_assert_cmpstr (device_table_lookup ("PCI\\VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01")->role, ==, "scsi");
  g_assert_cmpstr (device_table_lookup ("PCI\\VEN_1AF4&DEV_1041")->role, ==, "net");
  g_assert_cmpstr (device_table_lookup ("ACPI\\QEMU0002")->role, ==, "fwcfg");
  g_assert_null (device_table_lookup ("PCI\\VEN_1AF4&DEV_10010"));
  g_assert_null (device_table_lookup ("PCI\\VEN_8086&DEV_100E"));
}

static void
test_dirids (void)
{
  g_assert_cmpstr (dirid_table_lookup (12)->path, ==, "%SystemRoot%\\System32\\drivers");
  g_assert_cmpstr (dirid_table_lookup (11)->path, ==, "%SystemRoot%\\System32");
  g_assert_nonnull (dirid_table_lookup (DIRID_DRIVER_STORE));
  g_assert_cmpint (DIRID_DEFAULT_DEST, ==, 11);
  g_assert_null (dirid_table_lookup (9999));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/data/target/forms", test_target_forms);
  g_test_add_func ("/data/target/errors", test_target_errors);
  g_test_add_func ("/data/os/for-target", test_os_for_target);
  g_test_add_func ("/data/os/dirs", test_os_dirs);
  g_test_add_func ("/data/devices", test_devices);
  g_test_add_func ("/data/dirids", test_dirids);
  return g_test_run ();
}
