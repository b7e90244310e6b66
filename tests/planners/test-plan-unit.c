/* Unit tests of the pure planners on a Windows 10 guest described by hand (the facts of the real
 * 18362 hive: OemInfMap fff0, DriverInfFiles oem0/2/4/6/11, a DRIVERS hive).  Expected values
 * are read from the fixture INF text (line numbers included) and docs/windows-boot-drivers.md, never
 * from a planner run.  Links without hivex. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan.h"
#include "plan-fixture.h"
#include "banned.h"

#define SYS REG_HIVE_SYSTEM
#define DRV REG_HIVE_DRIVERS
#define SW REG_HIVE_SOFTWARE
#define W10 "10.0.18362/amd64"
#define VIOSTOR "viostor/w8.1/amd64/viostor.inf"
#define VIOSCSI "vioscsi/w8.1/amd64/vioscsi.inf"
#define NETKVM "NetKVM/w8.1/amd64/netkvm.inf"
#define FWCFG "qemufwcfg/w8.1/amd64/qemufwcfg.inf"
#define SCSI_GUID "{4d36e97b-e325-11ce-bfc1-08002be10318}"

static struct plan_facts *
win10_facts (void)
{
  static const uint8_t map[] = { 0xff, 0xf0 };
  static const uint32_t order[] = { 256, 257, 25, 1, 2, 3 };
  struct plan_facts *f = plan_facts_new ();
  f->control_set = g_strdup ("ControlSet001");
  f->ddb = TRUE;
  f->arch = WS_ARCH_AMD64;
  f->has_ddb_architecture = TRUE;
  f->ddb_architecture = 9;
  f->has_drivers_hive = TRUE;
  f->system.present = f->drivers.present = TRUE;
  plan_ddb_fact_set_oem_inf_map (&f->system, map, sizeof map);
  const char *infs[] = { "oem0.inf", "oem2.inf", "oem4.inf", "oem6.inf", "oem11.inf" };
  for (size_t i = 0; i < G_N_ELEMENTS (infs); i++)
    plan_ddb_fact_add_oem_inf_file (&f->system, infs[i]);
  struct plan_group_fact *g = plan_facts_add_group (f, "SCSI miniport");
  plan_group_fact_set_order (g, "SCSI miniport", order, G_N_ELEMENTS (order));
  plan_group_fact_add_member (g, "3ware", 1);
  plan_group_fact_add_member (g, "amdsata", 3);
  plan_group_fact_add_member (g, "iaStorV", 25);
  plan_facts_add_group (f, "NDIS");
  return f;
}

struct run {
  fixture_pkg *pkgs[4];
  struct plan_package in[4];
  size_t n;
  GPtrArray *layouts;
  struct reg_plan *plan;
  GPtrArray *files;
  char **warnings;
};

static void
run_plan (struct run *r, const struct plan_facts *f)
{
  g_autoptr (GError) err = NULL;
  for (size_t i = 0; i < r->n; i++)
    r->in[i] = r->pkgs[i]->pkg;
  r->layouts = plan_layout (f, &fixture_opts, r->in, r->n, &err);
  g_assert_no_error (err);
  r->plan = plan_registry (f, &fixture_opts, r->layouts, &r->warnings, &err);
  g_assert_no_error (err);
  r->files = plan_file_ops (r->layouts);
}

static void
run_clear (struct run *r)
{
  g_ptr_array_unref (r->files);
  reg_plan_free (r->plan);
  g_ptr_array_unref (r->layouts);
  g_strfreev (r->warnings);
  for (size_t i = 0; i < r->n; i++)
    fixture_pkg_free (r->pkgs[i]);
}

static void
run_win10 (struct run *r, const struct plan_facts *f)
{
  memset (r, 0, sizeof *r);
  r->pkgs[0] = fixture_pkg_load (VIOSTOR, W10, NULL, NULL);
  r->pkgs[1] = fixture_pkg_load (VIOSCSI, W10, NULL, NULL);
  r->pkgs[2] = fixture_pkg_load (NETKVM, W10, NULL, NULL);
  r->n = 3;
  run_plan (r, f);
}

static const struct plan_layout *
layout (const struct run *r, size_t i)
{
  return g_ptr_array_index (r->layouts, i);
}

static void
test_version (void)
{
  /* docs/windows-boot-drivers.md#driverpackages-version: the opsi vector for vioscsi
   * 100.85.104.20800 (08/30/2021) with the x64 header. */
  static const uint8_t viostor[48] = {
    0x00, 0xff, 0x09, 0x00, 0, 0, 0, 0,
    0x7b, 0xe9, 0x36, 0x4d, 0x25, 0xe3, 0xce, 0x11, 0xbf, 0xc1, 0x08, 0x00, 0x2b, 0xe1, 0x03, 0x18,
    0x00, 0x40, 0xc3, 0xf9, 0x31, 0x9d, 0xd7, 0x01,
    0x40, 0x51, 0x68, 0x00, 0x55, 0x00, 0x64, 0x00,
  };
  /* netkvm.inf: Net {4d36e972-...}, DriverVer 08/18/2022,100.91.104.22500, on arm64 (12). */
  static const uint8_t netkvm[48] = {
    0x00, 0xff, 0x0c, 0x00, 0, 0, 0, 0,
    0x72, 0xe9, 0x36, 0x4d, 0x25, 0xe3, 0xce, 0x11, 0xbf, 0xc1, 0x08, 0x00, 0x2b, 0xe1, 0x03, 0x18,
    0x00, 0x00, 0x95, 0x75, 0x95, 0xb2, 0xd8, 0x01,
    0xe4, 0x57, 0x68, 0x00, 0x5b, 0x00, 0x64, 0x00,
  };
  g_autoptr (fixture_pkg) s = fixture_pkg_load (VIOSTOR, W10, NULL, NULL);
  g_autoptr (fixture_pkg) n = fixture_pkg_load (NETKVM, W10, NULL, NULL);
  g_autoptr (GError) err = NULL;
  uint8_t v[48];
  g_assert_true (plan_ddb_version (s->drv, 9, v, &err));
  g_assert_cmpmem (v, 48, viostor, 48);
  g_assert_true (plan_ddb_version (n->drv, 12, v, &err));
  g_assert_cmpmem (v, 48, netkvm, 48);

  g_autoptr (plan_facts) f = plan_facts_new ();
  uint16_t arch;
  f->arch = WS_ARCH_X86;
  g_assert_true (plan_ddb_arch (f, &arch, &err));
  g_assert_cmpuint (arch, ==, 0);
  f->arch = WS_ARCH_ARM64;
  g_assert_true (plan_ddb_arch (f, &arch, &err));
  g_assert_cmpuint (arch, ==, 12);
  f->has_ddb_architecture = TRUE;   /* the guest's own value wins */
  f->ddb_architecture = 5;
  g_assert_true (plan_ddb_arch (f, &arch, &err));
  g_assert_cmpuint (arch, ==, 5);
  f->has_ddb_architecture = FALSE;
  f->arch = WS_ARCH_UNKNOWN;
  g_assert_false (plan_ddb_arch (f, &arch, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_NOT_APPLICABLE);
}

static void
test_oem_inf_map (void)
{
  /* 18362: oem0..11 taken (docs/windows-boot-drivers.md#oeminfmap) */
  static const uint8_t map[] = { 0xff, 0xf0 };
  for (guint n = 0; n < 12; n++)
    g_assert_true (plan_oem_inf_map_test (map, sizeof map, n));
  g_assert_false (plan_oem_inf_map_test (map, sizeof map, 12));
  g_assert_false (plan_oem_inf_map_test (map, sizeof map, 100));
  g_autoptr (GByteArray) m = g_byte_array_new ();
  g_byte_array_append (m, map, sizeof map);
  plan_oem_inf_map_set (m, 12);
  plan_oem_inf_map_set (m, 17);   /* grows the map: bit 7-1 of byte 2 */
  static const uint8_t want[] = { 0xff, 0xf8, 0x40 };
  g_assert_cmpmem (m->data, m->len, want, sizeof want);
}

static void
test_layout_win10 (void)
{
  g_autoptr (plan_facts) f = win10_facts ();
  struct run r;
  run_win10 (&r, f);
  const char *names[] = { "oem12.inf", "oem13.inf", "oem14.inf" };
  const enum reg_hive nodes[] = { SYS, SYS, DRV };
  for (size_t i = 0; i < 3; i++) {
    g_assert_cmpint (layout (&r, i)->action, ==, PLAN_INSTALL);
    g_assert_cmpstr (layout (&r, i)->published, ==, names[i]);
    g_assert_cmpint (layout (&r, i)->ddb_hive, ==, nodes[i]);
    g_assert_true (layout (&r, i)->ddb);
  }
  g_assert_true (layout (&r, 0)->boot_critical);
  g_assert_false (layout (&r, 2)->boot_critical);
  g_autofree char *store = g_strdup_printf ("viostor.inf_amd64_%s", r.pkgs[0]->hash);
  g_assert_cmpstr (layout (&r, 0)->store, ==, store);
  g_autofree char *dir = g_strdup_printf ("/Windows/System32/DriverStore/FileRepository/%s", store);
  g_assert_cmpstr (layout (&r, 0)->store_dir, ==, dir);

  /* Files: the package in its store folder, the published INF, CopyFiles at DIRID 12 (line 60). */
  const char *in_store[] = { "viostor.inf", "viostor.cat", "viostor.sys" };
  for (size_t i = 0; i < G_N_ELEMENTS (in_store); i++) {
    g_autofree char *dest = g_strdup_printf ("%s/%s", dir, in_store[i]);
    g_autofree char *src = g_strdup_printf ("viostor/w8.1/amd64/%s", in_store[i]);
    const struct plan_file_op *op = fixture_file (r.files, dest);
    g_assert_nonnull (op);
    g_assert_cmpstr (op->source, ==, src);
  }
  const struct plan_file_op *op = fixture_file (r.files, "/Windows/INF/oem12.inf");
  g_assert_cmpstr (op->source, ==, VIOSTOR);
  op = fixture_file (r.files, "/Windows/System32/drivers/viostor.sys");
  g_assert_cmpstr (op->source, ==, "viostor/w8.1/amd64/viostor.sys");
  g_assert_cmpstr (op->provenance, ==, VIOSTOR ":60");
  g_assert_nonnull (fixture_file (r.files, "/Windows/System32/drivers/netkvm.sys"));
  g_assert_cmpuint (r.files->len, ==, 15);   /* 3 packages x (inf, cat, sys, oemN.inf, drivers\sys) */
  run_clear (&r);

  /* A stray Windows\INF\oem12.inf is taken too. */
  plan_facts_add_oem_inf (f, "OEM12.INF", NULL);
  run_win10 (&r, f);
  g_assert_cmpstr (layout (&r, 0)->published, ==, "oem13.inf");
  g_assert_cmpstr (layout (&r, 2)->published, ==, "oem15.inf");
  run_clear (&r);
}

static void
test_services_win10 (void)
{
  g_autoptr (plan_facts) f = win10_facts ();
  struct run r;
  run_win10 (&r, f);
  const struct reg_plan *p = r.plan;
  const char *k = "ControlSet001\\Services\\viostor";
  /* viostor.inf [scsi_Service_Inst] lines 73-77, AddService line 70 */
  fixture_assert_dword (p, SYS, k, "Type", 1);
  fixture_assert_dword (p, SYS, k, "Start", 0);
  fixture_assert_dword (p, SYS, k, "ErrorControl", 1);
  fixture_assert_sz (p, SYS, k, "Group", REG_TYPE_SZ, "SCSI miniport");
  fixture_assert_sz (p, SYS, k, "ImagePath", REG_TYPE_EXPAND_SZ, "System32\\drivers\\viostor.sys");
  fixture_assert_multi (p, SYS, k, "Owners", "oem12.inf");
  g_assert_cmpstr (fixture_edit (p, SYS, k, "Type")->provenance, ==, VIOSTOR ":70");
  g_assert_null (fixture_edit (p, SYS, k, "DisplayName"));   /* the INF gives none */
  /* Tag: the lowest listed tag no other service of the group uses (1, 3, 25 are), then the next. */
  fixture_assert_dword (p, SYS, k, "Tag", 2);
  fixture_assert_dword (p, SYS, "ControlSet001\\Services\\vioscsi", "Tag", 256);
  g_assert_null (fixture_edit (p, SYS, "ControlSet001\\Control\\GroupOrderList", "SCSI miniport"));
  /* [pnpsafe_pci_addreg] lines 92-93, the event log lines 87-88 */
  fixture_assert_dword (p, SYS, "ControlSet001\\Services\\viostor\\Parameters", "BusType", 1);
  fixture_assert_dword (p, SYS, "ControlSet001\\Services\\viostor\\Parameters\\PnpInterface", "5", 1);
  g_assert_cmpstr (fixture_edit (p, SYS, "ControlSet001\\Services\\viostor\\Parameters", "BusType")->provenance,
                   ==, VIOSTOR ":93");
  fixture_assert_sz (p, SYS, "ControlSet001\\Services\\EventLog\\System\\viostor", "EventMessageFile", REG_TYPE_EXPAND_SZ,
             "%SystemRoot%\\System32\\IoLogMsg.dll");
  fixture_assert_dword (p, SYS, "ControlSet001\\Services\\EventLog\\System\\viostor", "TypesSupported", 7);
  const struct reg_edit *e = fixture_edit (p, SYS, "ControlSet001\\Services\\viostor\\StartOverride", NULL);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->op, ==, REG_OP_DELETE_TREE);
  /* vioscsi: DisplayName is %VirtioScsi.SVCDESC% (line 73) */
  fixture_assert_sz (p, SYS, "ControlSet001\\Services\\vioscsi", "DisplayName", REG_TYPE_SZ,
             "@oem13.inf,%VirtioScsi.SVCDESC%;Red Hat VirtIO SCSI pass-through Service");
  /* netkvm: StartType 3, NDIS (no GroupOrderList in these facts: no Tag), TextModeFlags line 222 */
  k = "ControlSet001\\Services\\netkvm";
  fixture_assert_dword (p, SYS, k, "Start", 3);
  fixture_assert_sz (p, SYS, k, "Group", REG_TYPE_SZ, "NDIS");
  g_assert_null (fixture_edit (p, SYS, k, "Tag"));
  fixture_assert_sz (p, SYS, k, "DisplayName", REG_TYPE_SZ,
             "@oem14.inf,%kvmnet6.Service.DispName%;Red Hat VirtIO Ethernet Adapter Service");
  fixture_assert_dword (p, SYS, k, "TextModeFlags", 1);
  fixture_assert_sz (p, SYS, "ControlSet001\\Services\\netkvm\\Parameters", "EarlyDebug", REG_TYPE_SZ, "3");
  g_assert_null (r.warnings[0]);
  run_clear (&r);
}

static void
test_ddb_win10 (void)
{
  g_autoptr (plan_facts) f = win10_facts ();
  struct run r;
  run_win10 (&r, f);
  const struct reg_plan *p = r.plan;
  const char *store = layout (&r, 0)->store;
  g_autofree char *inf = g_strdup ("DriverDatabase\\DriverInfFiles\\oem12.inf");
  fixture_assert_multi (p, SYS, inf, "", store);
  fixture_assert_sz (p, SYS, inf, "Active", REG_TYPE_SZ, store);
  fixture_assert_multi (p, SYS, inf, "Configurations", "scsi_inst");
  g_autofree char *pk = g_strdup_printf ("DriverDatabase\\DriverPackages\\%s", store);
  fixture_assert_sz (p, SYS, pk, "", REG_TYPE_SZ, "oem12.inf");
  fixture_assert_sz (p, SYS, pk, "Provider", REG_TYPE_SZ, "Red Hat, Inc.");
  fixture_assert_sz (p, SYS, pk, "InfName", REG_TYPE_SZ, "viostor.inf");
  fixture_assert_sz (p, SYS, pk, "Catalog", REG_TYPE_SZ, "viostor.cat");
  fixture_assert_dword (p, SYS, pk, "SignerScore", 0x0d000005);
  fixture_assert_dword (p, SYS, pk, "StatusFlags", 0x12);
  static const uint8_t date[8] = { 0x00, 0xc0, 0xea, 0xbc, 0x7a, 0x7b, 0xdc, 0x01 };
  fixture_assert_value (p, SYS, pk, "ImportDate", REG_TYPE_BINARY, date, sizeof date);
  g_assert_cmpuint (fixture_edit (p, SYS, pk, "Version")->len, ==, 48);

  g_autofree char *cfg = g_strdup_printf ("%s\\Configurations\\scsi_inst", pk);
  fixture_assert_dword (p, SYS, cfg, "ConfigFlags", 0);
  fixture_assert_dword (p, SYS, cfg, "ConfigScope", 7);
  fixture_assert_sz (p, SYS, cfg, "Service", REG_TYPE_SZ, "viostor");
  g_autofree char *im = g_strdup_printf ("%s\\Device\\Interrupt Management", cfg);
  /* line 96, the quirk of docs/windows-boot-drivers.md#value-types-in-configurations */
  fixture_assert_sz (p, SYS, im, "0x00000010", REG_TYPE_SZ, "");
  g_autofree char *msi = g_strdup_printf ("%s\\MessageSignaledInterruptProperties", im);
  fixture_assert_dword (p, SYS, msi, "MessageNumberLimit", 256);   /* line 99 */
  g_autofree char *par = g_strdup_printf ("%s\\Services\\viostor\\Parameters", cfg);
  fixture_assert_dword (p, SYS, par, "BusType", 1);

  g_autofree char *d = g_strdup_printf ("%s\\Descriptors\\PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01", pk);
  fixture_assert_sz (p, SYS, d, "Configuration", REG_TYPE_SZ, "scsi_inst");
  fixture_assert_sz (p, SYS, d, "Manufacturer", REG_TYPE_SZ, "%vendor%");
  fixture_assert_sz (p, SYS, d, "Description", REG_TYPE_SZ, "%viostorscsi.devicedesc%");
  g_autofree char *s = g_strdup_printf ("%s\\Strings", pk);
  fixture_assert_sz (p, SYS, s, "vendor", REG_TYPE_SZ, "Red Hat, Inc.");
  fixture_assert_sz (p, SYS, s, "viostorscsi.devicedesc", REG_TYPE_SZ, "Red Hat VirtIO SCSI controller");

  /* Every ID of lines 52-53: hardware IDs 01, compatible IDs 02, feature score ff. */
  static const uint8_t hw[] = { 1, 0xff, 0, 0 }, compat[] = { 2, 0xff, 0, 0 };
  const char *ids[] = { "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00", "PCI\\VEN_1AF4&DEV_1001",
                        "PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01", "PCI\\VEN_1AF4&DEV_1042" };
  for (size_t i = 0; i < G_N_ELEMENTS (ids); i++) {
    g_autofree char *key = g_strdup_printf ("DriverDatabase\\DeviceIds\\%s", ids[i]);
    fixture_assert_value (p, SYS, key, "oem12.inf", REG_TYPE_BINARY, i % 2 ? compat : hw, 4);
  }
  g_assert_cmpuint (fixture_count (p, SYS, "DriverDatabase\\DeviceIds\\PCI\\"), ==, 8);  /* viostor + vioscsi */
  fixture_assert_value (p, SYS, "DriverDatabase\\DeviceIds\\" SCSI_GUID, "oem12.inf", REG_TYPE_NONE, NULL, 0);
  static const uint8_t map[] = { 0xff, 0xfe };   /* oem12, 13, 14 added to fff0 */
  fixture_assert_value (p, SYS, "DriverDatabase", "OemInfMap", REG_TYPE_BINARY, map, sizeof map);
  g_assert_cmpuint (fixture_count (p, SYS, "ControlSet001\\Control\\CriticalDeviceDatabase"), ==, 0);
  run_clear (&r);
}

static void
test_net_win10 (void)
{
  g_autoptr (plan_facts) f = win10_facts ();
  struct run r;
  run_win10 (&r, f);
  const struct reg_plan *p = r.plan;
  const char *store = layout (&r, 2)->store;
  g_autofree char *drv = g_strdup_printf ("DriverDatabase\\DriverPackages\\%s\\Configurations\\kvmnet6.ndi\\Driver",
                                          store);
  g_assert_null (fixture_edit (p, SYS, drv, "Characteristics"));
  fixture_assert_dword (p, DRV, drv, "Characteristics", 0x84);   /* line 43 */
  fixture_assert_sz (p, DRV, drv, "BusType", REG_TYPE_SZ, "5");    /* line 44: REG_SZ as Windows keeps it */
  fixture_assert_dword (p, DRV, drv, "*IfType", 6);
  g_autofree char *ndi = g_strdup_printf ("%s\\Ndi\\Interfaces", drv);
  fixture_assert_sz (p, DRV, ndi, "UpperRange", REG_TYPE_SZ, "ndis5");   /* line 289 */
  fixture_assert_sz (p, DRV, ndi, "LowerRange", REG_TYPE_SZ, "ethernet");
  fixture_assert_multi (p, DRV, "DriverDatabase\\DriverInfFiles\\oem14.inf", "Configurations", "kvmnet6.ndi");
  static const uint8_t hw[] = { 1, 0xff, 0, 0 };
  fixture_assert_value (p, DRV, "DriverDatabase\\DeviceIds\\PCI\\VEN_1AF4&DEV_1000&SUBSYS_00011AF4&REV_00", "oem14.inf",
                REG_TYPE_BINARY, hw, 4);
  /* PnpLockdown=1 (line 21): the file CopyFiles puts in System32\drivers (line 203). */
  const char *lk = "Microsoft\\Windows\\CurrentVersion\\Setup\\PnpLockdownFiles\\%SystemRoot%/System32/drivers/netkvm.sys";
  fixture_assert_dword (p, SW, lk, "Class", 5);
  fixture_assert_multi (p, SW, lk, "Owners", "oem14.inf");
  g_autofree char *src = g_strdup_printf ("%%SystemRoot%%\\System32\\DriverStore\\FileRepository\\%s\\netkvm.sys", store);
  fixture_assert_sz (p, SW, lk, "Source", REG_TYPE_EXPAND_SZ, src);
  g_assert_cmpuint (fixture_count (p, SW, "Microsoft\\Windows\\CurrentVersion\\Setup\\PnpLockdownFiles\\"), ==, 3);
  /* viostor.inf has no PnpLockdown; the map stays in SYSTEM, where this guest keeps it. */
  g_assert_null (fixture_edit (p, DRV, "DriverDatabase", "OemInfMap"));
  run_clear (&r);

  /* Without a DRIVERS hive the Net package goes to SYSTEM. */
  f->has_drivers_hive = FALSE;
  run_win10 (&r, f);
  g_assert_cmpint (layout (&r, 2)->ddb_hive, ==, SYS);
  g_assert_cmpuint (fixture_count (r.plan, DRV, ""), ==, 0);
  run_clear (&r);
}

/* qemufwcfg.inf: a null service (AddService = ,2), decorated install section FWCfg_Device.NT,
 * an ACPI ID with no compatible ID. */
static void
test_null_service (void)
{
  g_autoptr (plan_facts) f = win10_facts ();
  struct run r = { 0 };
  r.pkgs[0] = fixture_pkg_load (FWCFG, W10, NULL, NULL);
  r.n = 1;
  run_plan (&r, f);
  const char *store = layout (&r, 0)->store;
  g_autofree char *cfg = g_strdup_printf ("DriverDatabase\\DriverPackages\\%s\\Configurations\\FWCfg_Device.NT", store);
  fixture_assert_dword (r.plan, SYS, cfg, "ConfigScope", 7);
  g_assert_null (fixture_edit (r.plan, SYS, cfg, "Service"));
  g_assert_cmpuint (fixture_count (r.plan, SYS, "ControlSet001\\Services"), ==, 0);
  static const uint8_t hw[] = { 1, 0xff, 0, 0 };
  fixture_assert_value (r.plan, SYS, "DriverDatabase\\DeviceIds\\ACPI\\QEMU0002", "oem12.inf", REG_TYPE_BINARY, hw, 4);
  fixture_assert_value (r.plan, SYS, "DriverDatabase\\DeviceIds\\{4d36e97d-e325-11ce-bfc1-08002be10318}", "oem12.inf",
                REG_TYPE_NONE, NULL, 0);
  g_autofree char *d = g_strdup_printf ("DriverDatabase\\DriverPackages\\%s\\Descriptors\\ACPI\\QEMU0002", store);
  fixture_assert_sz (r.plan, SYS, d, "Configuration", REG_TYPE_SZ, "FWCfg_Device.NT");
  fixture_assert_sz (r.plan, SYS, d, "Manufacturer", REG_TYPE_SZ, "%qemu%");
  run_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan/version", test_version);
  g_test_add_func ("/plan/oem-inf-map", test_oem_inf_map);
  g_test_add_func ("/plan/win10/layout", test_layout_win10);
  g_test_add_func ("/plan/win10/services", test_services_win10);
  g_test_add_func ("/plan/win10/ddb", test_ddb_win10);
  g_test_add_func ("/plan/win10/net", test_net_win10);
  g_test_add_func ("/plan/win10/null-service", test_null_service);
  return g_test_run ();
}
