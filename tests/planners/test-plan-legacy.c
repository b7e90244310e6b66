/* Unit tests of the planners on Windows 7 and XP guests described by hand: the package in a
 * folder DevicePath names, CriticalDeviceDatabase entries for boot-critical classes only, with
 * DriverPackageId where the guest's own entries carry it (7) and without (XP), and a second run
 * that recognises its published INF.  The fixtures are w8.1/amd64 builds: their Models
 * decoration is rewritten to NTx86 so that they apply.  Links without hivex. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan.h"
#include "plan-fixture.h"
#include "banned.h"

#define SYS REG_HIVE_SYSTEM
#define SW REG_HIVE_SOFTWARE
#define VIOSTOR "viostor/w8.1/amd64/viostor.inf"
#define NETKVM "NetKVM/w8.1/amd64/netkvm.inf"

static const struct plan_layout *
first (GPtrArray *layouts)
{
  return g_ptr_array_index (layouts, 0);
}

static struct reg_plan *
plan_of (const struct plan_facts *f, GPtrArray *layouts)
{
  g_autoptr (GError) err = NULL;
  struct reg_plan *p = plan_registry (f, &fixture_opts, layouts, NULL, &err);
  g_assert_no_error (err);
  return p;
}

static void
assert_data (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name, const void *d, size_t len)
{
  const struct reg_edit *e = fixture_edit (p, h, key, name);
  g_assert_nonnull (e);
  g_assert_cmpmem (e->data, e->len, d, len);
}

static struct plan_facts *
legacy_facts (gboolean package_ids)
{
  struct plan_facts *f = plan_facts_new ();
  f->control_set = g_strdup ("ControlSet001");
  f->arch = WS_ARCH_X86;
  f->cddb_package_ids = package_ids;
  f->has_device_path = TRUE;
  f->device_path_type = REG_TYPE_EXPAND_SZ;
  f->device_path = g_strdup ("%SystemRoot%\\inf");
  return f;
}

static void
test_win7 (void)
{
  g_autoptr (plan_facts) f = legacy_facts (TRUE);
  fixture_pkg *p[2] = { fixture_pkg_load (VIOSTOR, "6.1/x86", "NTamd64.6.3", "NTx86"),
                        fixture_pkg_load (NETKVM, "6.1/x86", "NTamd64.6.3", "NTx86") };
  struct plan_package in[2] = { p[0]->pkg, p[1]->pkg };
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) ls = plan_layout (f, &fixture_opts, in, 2, &err);
  g_assert_no_error (err);
  g_autofree char *store = g_strdup_printf ("viostor.inf_x86_neutral_%s", p[0]->hash);
  g_assert_cmpstr (first (ls)->store, ==, store);
  g_assert_cmpstr (first (ls)->published, ==, "oem0.inf");
  g_assert_cmpstr (first (ls)->store_dir, ==, "/Windows/Drivers/VirtIO/viostor");
  g_autoptr (GPtrArray) ops = plan_file_ops (ls);
  g_assert_nonnull (fixture_file (ops, "/Windows/Drivers/VirtIO/viostor/viostor.sys"));
  g_assert_nonnull (fixture_file (ops, "/Windows/Drivers/VirtIO/netkvm/netkvm.inf"));
  g_assert_nonnull (fixture_file (ops, "/Windows/INF/oem1.inf"));
  g_assert_nonnull (fixture_file (ops, "/Windows/System32/drivers/viostor.sys"));
  g_autoptr (reg_plan) rp = plan_of (f, ls);
  const char *cdd = "ControlSet001\\Control\\CriticalDeviceDatabase\\PCI#VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01";
  size_t len;
  g_autofree void *u = ws_utf8_to_utf16le (store, &len, NULL);
  assert_data (rp, SYS, cdd, "DriverPackageId", u, len);
  assert_data (rp, SYS, "ControlSet001\\Services\\viostor", "DriverPackageId", u, len);
  g_autofree void *guid = ws_utf8_to_utf16le ("{4D36E97B-E325-11CE-BFC1-08002BE10318}", &len, NULL);
  assert_data (rp, SYS, cdd, "ClassGUID", guid, len);
  /* Four viostor IDs x {Service, ClassGUID, DriverPackageId}; none for the NIC, whose class
   * installer runs at first boot. */
  g_assert_cmpuint (fixture_count (rp, SYS, "ControlSet001\\Control\\CriticalDeviceDatabase\\"), ==, 12);
  g_assert_cmpuint (fixture_count (rp, SYS, "DriverDatabase"), ==, 0);
  g_assert_null (fixture_edit (rp, SYS, "ControlSet001\\Services\\viostor", "Owners"));
  g_autofree void *dp = ws_utf8_to_utf16le ("%SystemRoot%\\inf;%SystemRoot%\\Drivers\\VirtIO\\viostor;"
                                            "%SystemRoot%\\Drivers\\VirtIO\\netkvm", &len, NULL);
  assert_data (rp, SW, "Microsoft\\Windows\\CurrentVersion", "DevicePath", dp, len);
  g_assert_cmpuint (fixture_edit (rp, SW, "Microsoft\\Windows\\CurrentVersion", "DevicePath")->type, ==,
                    REG_TYPE_EXPAND_SZ);

  /* Again, on the converted guest: the published INF is recognised by its digest. */
  plan_facts_add_oem_inf (f, "oem0.inf", p[0]->hash);
  g_free (f->device_path);
  f->device_path = g_strdup ("%SystemRoot%\\inf;%SystemRoot%\\Drivers\\VirtIO\\viostor");
  g_autoptr (GPtrArray) ls2 = plan_layout (f, &fixture_opts, in, 2, &err);
  g_assert_cmpint (first (ls2)->action, ==, PLAN_REFRESH);
  g_assert_cmpstr (first (ls2)->published, ==, "oem0.inf");
  g_assert_cmpstr (((const struct plan_layout *) g_ptr_array_index (ls2, 1))->published, ==, "oem1.inf");
  g_autoptr (reg_plan) rp2 = plan_of (f, ls2);
  assert_data (rp2, SW, "Microsoft\\Windows\\CurrentVersion", "DevicePath", dp, len);
  fixture_pkg_free (p[0]);
  fixture_pkg_free (p[1]);
}

static void
test_winxp (void)
{
  g_autoptr (plan_facts) f = legacy_facts (FALSE);
  f->has_device_path = FALSE;
  g_autoptr (fixture_pkg) p = fixture_pkg_load ("vioscsi/w8.1/amd64/vioscsi.inf", "5.1/x86", "NTamd64.6.3", "NTx86");
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) ls = plan_layout (f, &fixture_opts, &p->pkg, 1, &err);
  g_assert_no_error (err);
  g_assert_null (first (ls)->store);   /* XP has no driver store */
  g_autoptr (reg_plan) rp = plan_of (f, ls);
  const char *cdd = "ControlSet001\\Control\\CriticalDeviceDatabase\\PCI#VEN_1AF4&DEV_1004";
  g_assert_nonnull (fixture_edit (rp, SYS, cdd, "Service"));
  g_assert_null (fixture_edit (rp, SYS, cdd, "DriverPackageId"));
  g_assert_null (fixture_edit (rp, SYS, "ControlSet001\\Services\\vioscsi", "DriverPackageId"));
  size_t len;
  g_autofree void *dn = ws_utf8_to_utf16le ("Red Hat VirtIO SCSI pass-through Service", &len, NULL);
  assert_data (rp, SYS, "ControlSet001\\Services\\vioscsi", "DisplayName", dn, len);
  g_autofree void *dp = ws_utf8_to_utf16le ("%SystemRoot%\\inf;%SystemRoot%\\Drivers\\VirtIO\\vioscsi", &len, NULL);
  assert_data (rp, SW, "Microsoft\\Windows\\CurrentVersion", "DevicePath", dp, len);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-legacy/win7", test_win7);
  g_test_add_func ("/plan-legacy/winxp", test_winxp);
  return g_test_run ();
}
