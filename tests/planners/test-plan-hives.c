/* The planners on the real fixture hives: facts read from a copy of the hive, the plan applied
 * with hive-apply, the result read back with hivexget/hivexregedit and compared with the entries
 * Windows wrote for its own boot-storage packages in the same hive (stornvme, pvscsi, LSI_SAS on
 * Windows 10 18362; LSI_SCSI on 7; atapi on XP).  Expected values are read by hand from the INF
 * text and from the hives (docs/windows-boot-drivers.md). */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan.h"
#include "plan-facts.h"
#include "plan-fixture.h"
#include "hive-fixture.h"
#include "banned.h"

#define W10_HIVE "win10-18362_regipy_SYSTEM"
#define W7_HIVE "win7-sp1_regipy_SYSTEM"
#define XP_HIVE "winxp-sp3_bitcurator_SYSTEM"
#define VIOSTOR "viostor/w8.1/amd64/viostor.inf"
#define VIOSCSI "vioscsi/w8.1/amd64/vioscsi.inf"
#define NETKVM "NetKVM/w8.1/amd64/netkvm.inf"
#define CCS "\\ControlSet001"

struct conv {
  char *system, *drivers;          /* hive paths */
  fixture_pkg *pkgs[3];
  struct plan_package in[3];
  size_t n;
  plan_facts *facts;
  GPtrArray *layouts;
  reg_plan *plan;
};

static void
conv_plan (struct conv *c)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (hive_reader) sys = hive_reader_open (c->system, "SYSTEM", &err);
  g_assert_no_error (err);
  g_autoptr (hive_reader) drv = c->drivers ? hive_reader_open (c->drivers, "DRIVERS", &err) : NULL;
  g_assert_no_error (err);
  for (size_t i = 0; i < c->n; i++)
    c->in[i] = c->pkgs[i]->pkg;
  g_clear_pointer (&c->facts, plan_facts_free);
  g_clear_pointer (&c->layouts, g_ptr_array_unref);
  g_clear_pointer (&c->plan, reg_plan_free);
  c->facts = plan_facts_new ();
  g_assert_true (plan_facts_read (c->facts, sys, drv, NULL, c->in, c->n, &err));
  g_assert_no_error (err);
  c->layouts = plan_layout (c->facts, &fixture_opts, c->in, c->n, &err);
  g_assert_no_error (err);
  c->plan = plan_registry (c->facts, &fixture_opts, c->layouts, NULL, &err);
  g_assert_no_error (err);
}

static void
conv_apply (struct conv *c)
{
  hive_fixture_apply (c->system, c->plan, REG_HIVE_SYSTEM);
  if (c->drivers)
    hive_fixture_apply (c->drivers, c->plan, REG_HIVE_DRIVERS);
}

static void
conv_clear (struct conv *c)
{
  g_free (c->system);
  g_free (c->drivers);
  for (size_t i = 0; i < c->n; i++)
    fixture_pkg_free (c->pkgs[i]);
  plan_facts_free (c->facts);
  if (c->layouts)
    g_ptr_array_unref (c->layouts);
  reg_plan_free (c->plan);
}

static const struct plan_layout *
layout (const struct conv *c, size_t i)
{
  return g_ptr_array_index (c->layouts, i);
}

static void
assert_get (const char *hive, const char *key, const char *value, const char *want)
{
  g_autofree char *got = hive_fixture_get_text (hive, key, value);
  if (g_strcmp0 (got, want) != 0)
    g_error ("%s %s '%s': expected '%s', got '%s'", hive, key, value, want, got ? got : "(absent)");
}

static void
assert_bytes (const char *hive, const char *key, const char *value, const uint8_t *want, size_t len)
{
  g_autoptr (GBytes) b = hive_fixture_get (hive, key, value);
  g_assert_nonnull (b);
  g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (b), want, len);
}

/* The Windows 10 conversion of viostor, vioscsi and netkvm, with a StartOverride on vioscsi
 * like the one the real hive has on every unused inbox miniport
 * (docs/windows-boot-drivers.md#startoverride). */
static void
w10_convert (struct conv *c)
{
  memset (c, 0, sizeof *c);
  c->system = hive_fixture_copy (W10_HIVE, "w10-SYSTEM");
  c->drivers = hive_fixture_drivers (W10_HIVE, "w10-DRIVERS");
  g_autoptr (reg_plan) pre = reg_plan_new ();
  g_assert_nonnull (reg_plan_add_dword (pre, REG_HIVE_SYSTEM, "ControlSet001\\Services\\vioscsi\\StartOverride",
                                        "0", 3, "test: demoted like stornvme", NULL));
  hive_fixture_apply (c->system, pre, REG_HIVE_SYSTEM);
  c->pkgs[0] = fixture_pkg_load (VIOSTOR, "10.0.18362/amd64", NULL, NULL);
  c->pkgs[1] = fixture_pkg_load (VIOSCSI, "10.0.18362/amd64", NULL, NULL);
  c->pkgs[2] = fixture_pkg_load (NETKVM, "10.0.18362/amd64", NULL, NULL);
  c->n = 3;
  conv_plan (c);
  g_assert_true (c->facts->ddb);
  g_assert_cmpstr (c->facts->control_set, ==, "ControlSet001");
  g_assert_true (plan_facts_service (c->facts, "vioscsi")->start_override);
  conv_apply (c);
}

/* Facts read by hand from the INFs (viostor.inf lines 52-53, 70-77, 92-93; vioscsi.inf lines
 * 52-53, 70-77; netkvm.inf lines 27-28, 43-44, 289-290) and the 18362 hive (OemInfMap fff0;
 * GroupOrderList "SCSI miniport" lists tags 1-32 and others, of which 2 and 7 are the lowest no
 * SCSI miniport service uses). */
static void
test_w10_values (void)
{
  struct conv c;
  w10_convert (&c);
  const char *s = c.system, *d = c.drivers;
  static const uint8_t map[] = { 0xff, 0xfe };
  assert_bytes (s, "\\DriverDatabase", "OemInfMap", map, sizeof map);
  g_assert_cmpstr (layout (&c, 0)->published, ==, "oem12.inf");
  g_assert_cmpstr (layout (&c, 1)->published, ==, "oem13.inf");
  g_assert_cmpstr (layout (&c, 2)->published, ==, "oem14.inf");
  const char *svc = CCS "\\Services\\viostor";
  assert_get (s, svc, "Start", "0");
  assert_get (s, svc, "Type", "1");
  assert_get (s, svc, "ErrorControl", "1");
  assert_get (s, svc, "Group", "SCSI miniport");
  assert_get (s, svc, "ImagePath", "System32\\drivers\\viostor.sys");
  assert_get (s, svc, "Owners", "oem12.inf");
  assert_get (s, svc, "Tag", "2");
  assert_get (s, CCS "\\Services\\viostor\\Parameters", "BusType", "1");
  assert_get (s, CCS "\\Services\\vioscsi", "Tag", "7");
  assert_get (s, CCS "\\Services\\vioscsi\\Parameters", "BusType", "10");
  g_autofree char *no_override = hive_fixture_get_text (s, CCS "\\Services\\vioscsi\\StartOverride", NULL);
  g_assert_null (no_override);
  assert_get (s, CCS "\\Services\\netkvm", "Start", "3");
  assert_get (s, CCS "\\Services\\netkvm", "Group", "NDIS");

  static const uint8_t hw[] = { 1, 0xff, 0, 0 }, compat[] = { 2, 0xff, 0, 0 };
  const char *ids[] = { "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00", "PCI\\VEN_1AF4&DEV_1001",
                        "PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01", "PCI\\VEN_1AF4&DEV_1042" };
  for (size_t i = 0; i < G_N_ELEMENTS (ids); i++) {
    g_autofree char *key = g_strdup_printf ("\\DriverDatabase\\DeviceIds\\%s", ids[i]);
    assert_bytes (s, key, "oem12.inf", i % 2 ? compat : hw, 4);
  }
  assert_bytes (d, "\\DriverDatabase\\DeviceIds\\PCI\\VEN_1AF4&DEV_1041", "oem14.inf", compat, 4);

  /* Version decodes to viostor.inf line 22: 08/30/2021, 100.85.104.20800. */
  g_autofree char *pk = g_strdup_printf ("\\DriverDatabase\\DriverPackages\\%s", layout (&c, 0)->store);
  g_autoptr (GBytes) v = hive_fixture_get (s, pk, "Version");
  g_assert_cmpuint (g_bytes_get_size (v), ==, 48);
  const uint8_t *vb = g_bytes_get_data (v, NULL);
  g_autofree char *date = ws_filetime_to_date (ws_le64 (vb + 24));
  g_assert_cmpstr (date, ==, "2021-08-30");
  uint64_t ver = ws_le64 (vb + 32);
  g_assert_cmpuint (ver >> 48, ==, 100);
  g_assert_cmpuint ((ver >> 32) & 0xffff, ==, 85);
  g_assert_cmpuint ((ver >> 16) & 0xffff, ==, 104);
  g_assert_cmpuint (ver & 0xffff, ==, 20800);
  g_assert_cmpuint (vb[0], ==, 0x00);
  g_assert_cmpuint (vb[2], ==, 9);   /* the hive's DriverDatabase\Architecture */

  /* netkvm in the DRIVERS node: Ndi\Interfaces (lines 289-290), Characteristics 0x84 (line 43). */
  g_autofree char *cfg = g_strdup_printf ("\\DriverDatabase\\DriverPackages\\%s\\Configurations\\kvmnet6.ndi\\Driver",
                                          layout (&c, 2)->store);
  g_autofree char *ndi = g_strdup_printf ("%s\\Ndi\\Interfaces", cfg);
  assert_get (d, ndi, "UpperRange", "ndis5");
  assert_get (d, ndi, "LowerRange", "ethernet");
  assert_get (d, cfg, "Characteristics", "132");
  g_autofree char *in_system = hive_fixture_get_text (s, cfg, "Characteristics");
  g_assert_null (in_system);
  conv_clear (&c);
}

/* Our entries have the value names, types and binary lengths of the ones Windows wrote. */
static void
test_w10_structure (void)
{
  struct conv c;
  w10_convert (&c);
  g_autoptr (GError) err = NULL;
  g_autoptr (hive_reader) h = hive_reader_open (c.system, "SYSTEM", &err);
  g_assert_no_error (err);
  g_autofree char *ours = g_strdup_printf ("DriverDatabase\\DriverPackages\\%s", layout (&c, 0)->store);
  const char *nvme = "DriverDatabase\\DriverPackages\\stornvme.inf_amd64_798a5c267d576f00";
  const char *pvscsi = "DriverDatabase\\DriverPackages\\pvscsi.inf_amd64_b0d59727d712523f";
  compare_values (h, ours, pvscsi, COMPARE_SAME);   /* the OEM package VMware's installer staged */
  compare_subkeys (h, ours, nvme, COMPARE_SAME);    /* Configurations, Descriptors, Strings */
  g_autofree char *cfg = g_strdup_printf ("%s\\Configurations\\scsi_inst", ours);
  g_autofree char *ncfg = g_strdup_printf ("%s\\Configurations\\Stornvme_Inst", nvme);
  compare_values (h, cfg, ncfg, COMPARE_SAME);
  compare_subkeys (h, cfg, ncfg, COMPARE_SAME);
  const char *dev[][2] = {
    { "Device\\Interrupt Management", "same" },
    { "Device\\Interrupt Management\\MessageSignaledInterruptProperties", "same" },
    { "Device\\Interrupt Management\\Affinity Policy", "subset" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (dev); i++) {
    g_autofree char *a = g_strdup_printf ("%s\\%s", cfg, dev[i][0]);
    g_autofree char *b = g_strdup_printf ("%s\\%s", ncfg, dev[i][0]);
    compare_values (h, a, b, strcmp (dev[i][1], "same") == 0 ? COMPARE_SAME : COMPARE_SUBSET);
  }
  g_autofree char *par = g_strdup_printf ("%s\\Services\\viostor\\Parameters", cfg);
  g_autofree char *npar = g_strdup_printf ("%s\\Services\\stornvme\\Parameters", ncfg);
  compare_values (h, par, npar, COMPARE_SUBSET);
  g_autofree char *pnp = g_strdup_printf ("%s\\PnpInterface", par);
  g_autofree char *npnp = g_strdup_printf ("%s\\PnpInterface", npar);
  compare_values (h, pnp, npnp, COMPARE_SAME);
  g_autofree char *desc = g_strdup_printf ("%s\\Descriptors\\PCI\\VEN_1AF4&DEV_1001", ours);
  g_autofree char *ndesc = g_strdup_printf ("%s\\Descriptors\\PCI\\CC_010802", nvme);
  compare_values (h, desc, ndesc, COMPARE_SAME);
  g_autofree char *str = g_strdup_printf ("%s\\Strings", ours);
  g_autofree char *nstr = g_strdup_printf ("%s\\Strings", nvme);
  compare_all_typed (h, str, nstr, REG_TYPE_SZ);
  compare_value (h, "DriverDatabase\\DeviceIds\\PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00", "oem12.inf",
                 "DriverDatabase\\DeviceIds\\PCI\\VEN_15AD&DEV_07C0", "oem4.inf");
  compare_value (h, "DriverDatabase\\DeviceIds\\{4d36e97b-e325-11ce-bfc1-08002be10318}", "oem12.inf",
                 "DriverDatabase\\DeviceIds\\{4d36e97b-e325-11ce-bfc1-08002be10318}", "stornvme.inf");
  compare_values (h, "DriverDatabase\\DriverInfFiles\\oem12.inf", "DriverDatabase\\DriverInfFiles\\stornvme.inf",
                  COMPARE_SAME);
  compare_values (h, "ControlSet001\\Services\\viostor", "ControlSet001\\Services\\LSI_SAS", COMPARE_SAME);
  compare_values (h, "ControlSet001\\Services\\vioscsi", "ControlSet001\\Services\\stornvme", COMPARE_SAME);
  compare_values (h, "ControlSet001\\Services\\EventLog\\System\\viostor",
                  "ControlSet001\\Services\\EventLog\\System\\stornvme", COMPARE_SAME);
  conv_clear (&c);
}

/* Converting twice gives the hive converting once gave: the second plan is the first, and
 * applying it changes nothing.  And nothing outside the plan changed the first time. */
static void
test_w10_twice (void)
{
  struct conv c;
  w10_convert (&c);
  g_autofree char *orig = hive_fixture_copy (W10_HIVE, "w10-orig");
  g_autofree char *before = hive_fixture_export (orig, "\\");
  g_autofree char *once = hive_fixture_export (c.system, "\\");
  g_autofree char *once_drv = hive_fixture_export (c.drivers, "\\");
  g_autoptr (reg_plan) first = g_steal_pointer (&c.plan);
  /* the StartOverride the test added first is not the plan's doing; the rest is */
  assert_changes_planned (before, once, first, REG_HIVE_SYSTEM);

  conv_plan (&c);
  for (size_t i = 0; i < c.n; i++) {
    g_assert_cmpint (layout (&c, i)->action, ==, PLAN_REFRESH);
    g_assert_cmpuint (layout (&c, i)->oem_number, ==, 12 + i);
  }
  /* The refresh leaves ImportDate as the first import wrote it; every other edit is the same. */
  g_autoptr (reg_plan) a = reg_plan_new ();
  for (size_t i = 0; i < reg_plan_len (first); i++) {
    const struct reg_edit *e = reg_plan_get (first, i);
    if (e->name == NULL || g_ascii_strcasecmp (e->name, "ImportDate") != 0)
      g_ptr_array_add (a->edits, reg_edit_copy (e));
  }
  g_autofree char *diff = NULL;
  if (!reg_plan_equal (a, c.plan, &diff))
    g_error ("the second plan differs: %s", diff);
  g_assert_cmpuint (reg_plan_len (first), ==, reg_plan_len (c.plan) + 3);
  conv_apply (&c);
  g_autofree char *twice = hive_fixture_export (c.system, "\\");
  g_autofree char *twice_drv = hive_fixture_export (c.drivers, "\\");
  g_assert_true (strcmp (once, twice) == 0);
  g_assert_true (strcmp (once_drv, twice_drv) == 0);
  conv_clear (&c);
}

/* Windows 7 (x86, CriticalDeviceDatabase with DriverPackageId) and XP (without it).  The fixtures
 * are w8.1/amd64 builds: their Models decoration is rewritten to NTx86 so that they apply. */
static void
legacy (const char *fixture, const char *target, const char *real_cddb, const char *real_svc,
        gboolean package_ids)
{
  struct conv c = { 0 };
  c.system = hive_fixture_copy (fixture, "legacy-SYSTEM");
  c.pkgs[0] = fixture_pkg_load (VIOSCSI, target, "NTamd64.6.3", "NTx86");
  c.n = 1;
  conv_plan (&c);
  g_assert_false (c.facts->ddb);
  g_assert_cmpint (c.facts->arch, ==, WS_ARCH_X86);
  g_assert_cmpint (c.facts->cddb_package_ids, ==, package_ids);
  g_autofree char *before = hive_fixture_export (c.system, "\\");
  conv_apply (&c);
  g_autofree char *after = hive_fixture_export (c.system, "\\");
  assert_changes_planned (before, after, c.plan, REG_HIVE_SYSTEM);
  const char *ids[] = { "PCI#VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00", "PCI#VEN_1AF4&DEV_1004",
                        "PCI#VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01", "PCI#VEN_1AF4&DEV_1048" };
  g_autoptr (GError) err = NULL;
  g_autoptr (hive_reader) h = hive_reader_open (c.system, "SYSTEM", &err);
  for (size_t i = 0; i < G_N_ELEMENTS (ids); i++) {
    g_autofree char *key = g_strdup_printf ("\\ControlSet001\\Control\\CriticalDeviceDatabase\\%s", ids[i]);
    assert_get (c.system, key, "Service", "vioscsi");
    assert_get (c.system, key, "ClassGUID", "{4D36E97B-E325-11CE-BFC1-08002BE10318}");
    g_autofree char *pid = hive_fixture_get_text (c.system, key, "DriverPackageId");
    g_autofree char *want = package_ids ? g_strdup_printf ("vioscsi.inf_x86_neutral_%s", c.pkgs[0]->hash) : NULL;
    g_assert_cmpstr (pid, ==, want);
    compare_values (h, key + 1, real_cddb, COMPARE_SAME);
  }
  assert_get (c.system, CCS "\\Services\\vioscsi", "Start", "0");
  assert_get (c.system, CCS "\\Services\\vioscsi", "ImagePath", "System32\\drivers\\vioscsi.sys");
  /* Before Windows 8 the DisplayName is the text itself (REAL Windows 7 iaStorV, XP atapi). */
  assert_get (c.system, CCS "\\Services\\vioscsi", "DisplayName", "Red Hat VirtIO SCSI pass-through Service");
  g_autofree char *pid = hive_fixture_get_text (c.system, CCS "\\Services\\vioscsi", "DriverPackageId");
  g_autofree char *want = package_ids ? g_strdup_printf ("vioscsi.inf_x86_neutral_%s", c.pkgs[0]->hash) : NULL;
  g_assert_cmpstr (pid, ==, want);
  compare_values (h, "ControlSet001\\Services\\vioscsi", real_svc, COMPARE_SAME);
  conv_clear (&c);
}

static void
test_win7 (void)
{
  legacy (W7_HIVE, "6.1/x86", "ControlSet001\\Control\\CriticalDeviceDatabase\\PCI#VEN_1000&DEV_0030",
          "ControlSet001\\Services\\iaStorV", TRUE);
}

static void
test_winxp (void)
{
  legacy (XP_HIVE, "5.1/x86", "ControlSet001\\Control\\CriticalDeviceDatabase\\pci#ven_8086&dev_24cb",
          "ControlSet001\\Services\\atapi", FALSE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-hives/win10/values", test_w10_values);
  g_test_add_func ("/plan-hives/win10/structure", test_w10_structure);
  g_test_add_func ("/plan-hives/win10/twice", test_w10_twice);
  g_test_add_func ("/plan-hives/win7", test_win7);
  g_test_add_func ("/plan-hives/winxp", test_winxp);
  int r = g_test_run ();
  hive_fixture_cleanup ();
  return r;
}
