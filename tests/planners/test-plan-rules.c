/* Unit tests of the planners' rules on facts filled by hand: upgrade, refresh and skip of a
 * registered package, a package moving to the DRIVERS node, Tag allocation, AddReg flags in
 * both renderings, DIRID 13 and unsupported DIRIDs.  Links without hivex. */
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
#define NETKVM "NetKVM/w8.1/amd64/netkvm.inf"

/* Every flag the planners treat specially; line numbers are asserted below. */
static const char flags_inf[] =
  "[Version]\n"                                                       /* 1 */
  "Signature=\"$Windows NT$\"\n"
  "Class=SCSIAdapter\n"
  "ClassGUID={4D36E97B-E325-11CE-BFC1-08002BE10318}\n"
  "Provider=%P%\n"                                                    /* 5 */
  "DriverVer=01/02/2023,1.2.3.4\n"
  "CatalogFile=flags.cat\n"
  "[SourceDisksNames]\n"
  "1 = %P%,,,\"\"\n"
  "[SourceDisksFiles]\n"                                              /* 10 */
  "flags.sys = 1,,\n"
  "helper.dll = 1,sub,\n"
  "[DestinationDirs]\n"
  "DefaultDestDir = 13\n"
  "Helper = 11\n"                                                     /* 15 */
  "[Manufacturer]\n"
  "%P% = M,NTamd64\n"
  "[M.NTamd64]\n"
  "%Dev% = inst, PCI\\VEN_1234&DEV_0001, PCI\\VEN_1234&CC_0100\n"
  "%Dev2% = inst, PCI\\VEN_1234&DEV_0002, PCI\\VEN_1234&CC_0100\n"   /* 20 */
  "[inst]\n"
  "CopyFiles = Files, Helper\n"
  "AddReg = drv_reg\n"
  "FeatureScore = 0x80\n"
  "[inst.HW]\n"                                                       /* 25 */
  "AddReg = hw_reg\n"
  "DelReg = hw_del\n"
  "[inst.Services]\n"
  "AddService = flags, 2, svc, ev\n"
  "AddService = flt, 0, fltsvc\n"                                     /* 30 */
  "[Files]\n"
  "flags.sys\n"
  "[Helper]\n"
  "helper.dll\n"
  "[svc]\n"                                                           /* 35 */
  "ServiceType = 1\n"
  "StartType = 3\n"
  "ErrorControl = 1\n"
  "ServiceBinary = %13%\\flags.sys\n"
  "LoadOrderGroup = SCSI miniport\n"                                  /* 40 */
  "Dependencies = flt, +Boot Bus Extender\n"
  "AddReg = svc_reg\n"
  "[fltsvc]\n"
  "ServiceType = 1\n"
  "StartType = 0\n"                                                   /* 45 */
  "ErrorControl = 1\n"
  "ServiceBinary = %12%\\flt.sys\n"
  "[ev]\n"
  "AddReg = ev_reg\n"
  "[drv_reg]\n"                                                       /* 50 */
  "HKR,,Keep,0x00010003,7\n"
  "HKR,,List,0x00010008,\"b\"\n"
  "HKLM,\"SYSTEM\\CurrentControlSet\\Control\\Flags\",Global,0x00010001,1\n"
  "HKCU,\"Software\\X\",Y,,\"z\"\n"
  "[hw_reg]\n"                                                        /* 55 */
  "HKR,\"Interrupt Management\",,0x00000010\n"
  "[hw_del]\n"
  "HKR,,Gone\n"
  "HKR,WUDF\n"
  "[svc_reg]\n"                                                       /* 60 */
  "HKR,Parameters,Keep,0x00010003,2\n"
  "HKR,Parameters,List,0x00010008,\"b\"\n"
  "HKR,Parameters,New,0x00010001,5\n"
  "[ev_reg]\n"
  "HKR,,TypesSupported,0x00010001,7\n"                                /* 65 */
  "[Strings]\n"
  "P = \"Test\"\n"
  "Dev = \"Test device\"\n"
  "Dev2 = \"Second device\"\n";

static struct plan_facts *
win10_facts (void)
{
  static const uint8_t map[] = { 0xff, 0xf0 };
  struct plan_facts *f = plan_facts_new ();
  f->control_set = g_strdup ("ControlSet001");
  f->ddb = TRUE;
  f->arch = WS_ARCH_AMD64;
  f->has_drivers_hive = TRUE;
  f->system.present = f->drivers.present = TRUE;
  plan_ddb_fact_set_oem_inf_map (&f->system, map, sizeof map);
  return f;
}

static GPtrArray *
layouts_of (const struct plan_facts *f, fixture_pkg *p, GError **error)
{
  return plan_layout (f, &fixture_opts, &p->pkg, 1, error);
}

static struct reg_plan *
plan_of (const struct plan_facts *f, GPtrArray *layouts, char ***warnings)
{
  g_autoptr (GError) err = NULL;
  struct reg_plan *p = plan_registry (f, &fixture_opts, layouts, warnings, &err);
  g_assert_no_error (err);
  return p;
}

static const struct plan_layout *
first (GPtrArray *layouts)
{
  return g_ptr_array_index (layouts, 0);
}

static void
assert_type (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name, uint32_t type,
             size_t len)
{
  const struct reg_edit *e = fixture_edit (p, h, key, name);
  if (e == NULL)
    g_error ("no edit of %s value '%s'", key, name);
  g_assert_cmphex (e->type, ==, type);
  g_assert_cmpuint (e->len, ==, len);
}

/* The data of a value edit, whatever its type. */
static void
assert_data (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name, const void *d, size_t len)
{
  const struct reg_edit *e = fixture_edit (p, h, key, name);
  g_assert_nonnull (e);
  g_assert_cmpmem (e->data, e->len, d, len);
}

static struct plan_facts *
flags_facts (void)
{
  struct plan_facts *f = win10_facts ();
  static const uint32_t order[] = { 1, 2 };
  static const uint8_t keep[] = { 9, 0, 0, 0 };
  static const uint8_t list[] = { 'a', 0, 0, 0, 0, 0 };
  struct plan_group_fact *g = plan_facts_add_group (f, "SCSI miniport");
  plan_group_fact_set_order (g, "SCSI Miniport", order, 2);
  plan_group_fact_add_member (g, "x", 1);
  plan_group_fact_add_member (g, "y", 2);
  struct plan_service_fact *s = plan_facts_add_service (f, "flags");
  plan_service_fact_add_value (s, "Parameters", "Keep", REG_TYPE_DWORD, keep, sizeof keep);
  plan_service_fact_add_value (s, "Parameters", "List", REG_TYPE_MULTI_SZ, list, sizeof list);
  return f;
}

static void
test_flags_live (void)
{
  g_autoptr (plan_facts) f = flags_facts ();
  g_autoptr (fixture_pkg) p = fixture_pkg_text ("flags.inf", flags_inf, W10);
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) ls = layouts_of (f, p, &err);
  g_assert_no_error (err);
  g_auto (GStrv) warnings = NULL;
  g_autoptr (reg_plan) rp = plan_of (f, ls, &warnings);
  const char *k = "ControlSet001\\Services\\flags";
  g_autofree char *image = g_strdup_printf ("\\SystemRoot\\System32\\DriverStore\\FileRepository\\%s\\flags.sys",
                                            first (ls)->store);
  size_t len;
  g_autofree void *u = ws_utf8_to_utf16le (image, &len, NULL);
  assert_data (rp, SYS, k, "ImagePath", u, len);   /* ServiceBinary %13% (line 39) */
  /* StartType 3 (line 37), but a SCSIAdapter's function driver starts at boot: the rule wins. */
  const struct reg_edit *e = fixture_edit (rp, SYS, k, "Start");
  g_assert_cmpuint (ws_le32 (e->data), ==, 0);
  g_assert_true (g_str_has_prefix (e->provenance, "rule: "));
  g_assert_true (e->flags & REG_EDIT_OVERRIDE);
  static const uint8_t zero[] = { 0, 0, 0, 0 }, three[] = { 3, 0, 0, 0 }, five[] = { 5, 0, 0, 0 };
  assert_data (rp, SYS, "ControlSet001\\Services\\flt", "Start", zero, 4);   /* line 45 */
  assert_data (rp, SYS, k, "Tag", three, 4);   /* 1 and 2 are used: the next number, appended */
  static const uint8_t order[] = { 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0 };
  assert_data (rp, SYS, "ControlSet001\\Control\\GroupOrderList", "SCSI Miniport", order, sizeof order);
  static const uint8_t dep[] = { 'f', 0, 'l', 0, 't', 0, 0, 0, 0, 0 };
  assert_data (rp, SYS, k, "DependOnService", dep, sizeof dep);   /* line 41 */
  g_autofree void *grp = ws_multi_sz_encode ((const char *const[]) { "Boot Bus Extender", NULL }, &len, NULL);
  assert_data (rp, SYS, k, "DependOnGroup", grp, len);
  /* NOCLOBBER keeps the guest's Parameters\Keep (line 61); APPEND adds "b" to ["a"] (line 62). */
  g_assert_null (fixture_edit (rp, SYS, "ControlSet001\\Services\\flags\\Parameters", "Keep"));
  static const uint8_t ab[] = { 'a', 0, 0, 0, 'b', 0, 0, 0, 0, 0 };
  assert_data (rp, SYS, "ControlSet001\\Services\\flags\\Parameters", "List", ab, sizeof ab);
  assert_data (rp, SYS, "ControlSet001\\Services\\flags\\Parameters", "New", five, 4);
  static const uint8_t seven[] = { 7, 0, 0, 0 };
  assert_data (rp, SYS, "ControlSet001\\Services\\EventLog\\System\\flags", "TypesSupported", seven, 4);
  /* HKLM\SYSTEM\CurrentControlSet is the current control set (line 53); HKCU is left out. */
  static const uint8_t one[] = { 1, 0, 0, 0 };
  assert_data (rp, SYS, "ControlSet001\\Control\\Flags", "Global", one, 4);
  g_assert_cmpuint (g_strv_length (warnings), ==, 1);
  g_assert_nonnull (strstr (warnings[0], "flags.inf:54"));
  /* Files: DIRID 13 stays in the store; DIRID 11 gets helper.dll from the package's sub folder. */
  g_autoptr (GPtrArray) ops = plan_file_ops (ls);
  g_assert_null (fixture_file (ops, "/Windows/System32/drivers/flags.sys"));
  const struct plan_file_op *op = fixture_file (ops, "/Windows/System32/helper.dll");
  g_assert_cmpstr (op->source, ==, "sub/helper.dll");
  g_autofree char *in_store = g_strdup_printf ("%s/sub/helper.dll", first (ls)->store_dir);
  g_assert_nonnull (fixture_file (ops, in_store));
}

/* The DriverDatabase rendering keeps the modifiers in the value type
 * (docs/windows-boot-drivers.md#value-types-in-configurations). */
static void
test_flags_ddb (void)
{
  g_autoptr (plan_facts) f = flags_facts ();
  g_autoptr (fixture_pkg) p = fixture_pkg_text ("flags.inf", flags_inf, W10);
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) ls = layouts_of (f, p, &err);
  g_autoptr (reg_plan) rp = plan_of (f, ls, NULL);
  g_autofree char *cfg = g_strdup_printf ("DriverDatabase\\DriverPackages\\%s\\Configurations\\inst", first (ls)->store);
  g_autofree char *drv = g_strdup_printf ("%s\\Driver", cfg);
  g_autofree char *dev = g_strdup_printf ("%s\\Device", cfg);
  g_autofree char *par = g_strdup_printf ("%s\\Services\\flags\\Parameters", cfg);
  g_autofree char *im = g_strdup_printf ("%s\\Interrupt Management", dev);
  assert_type (rp, SYS, drv, "Keep", 0x20004, 4);     /* NOCLOBBER DWORD, line 51 */
  assert_type (rp, SYS, drv, "List", 0x40007, 6);     /* APPEND MULTI_SZ, line 52 */
  assert_type (rp, SYS, par, "Keep", 0x20004, 4);
  assert_type (rp, SYS, par, "New", REG_TYPE_DWORD, 4);
  assert_type (rp, SYS, im, "0x00000010", REG_TYPE_SZ, 2);
  assert_type (rp, SYS, dev, "Gone", 0x200000, 0);    /* DelReg value, line 58 */
  assert_type (rp, SYS, dev, "WUDF", 0x100000, 0);    /* DelReg key, line 59 */
  g_assert_null (fixture_edit (rp, SYS, drv, "Global"));
  g_autofree char *svc = g_strdup_printf ("%s", cfg);
  size_t len;
  g_autofree void *flags = ws_utf8_to_utf16le ("flags", &len, NULL);
  assert_data (rp, SYS, svc, "Service", flags, len);  /* AddService flag 2, line 29 */
  /* FeatureScore 0x80 (line 24); PCI\VEN_1234&CC_0100 is a compatible ID of both lines. */
  static const uint8_t hw[] = { 1, 0x80, 0, 0 }, compat[] = { 2, 0x80, 0, 0 };
  assert_data (rp, SYS, "DriverDatabase\\DeviceIds\\PCI\\VEN_1234&DEV_0002", "oem12.inf", hw, 4);
  assert_data (rp, SYS, "DriverDatabase\\DeviceIds\\PCI\\VEN_1234&CC_0100", "oem12.inf", compat, 4);
  g_autofree char *d = g_strdup_printf ("DriverDatabase\\DriverPackages\\%s\\Descriptors\\PCI\\VEN_1234&CC_0100",
                                        first (ls)->store);
  g_autofree void *dev1 = ws_utf8_to_utf16le ("%dev%", &len, NULL);
  assert_data (rp, SYS, d, "Description", dev1, len);   /* the first line naming it */
}

/* An older viostor.inf registered as oem3.inf is upgraded in place. */
static void
test_upgrade (void)
{
  g_autoptr (plan_facts) f = win10_facts ();
  struct plan_package_fact *old = plan_facts_add_package (&f->system, "viostor.inf_amd64_1111111111111111",
                                                          "oem3.inf", "VIOSTOR.INF");
  static const uint8_t v2019[48] = { [1] = 0xff, [2] = 9, [24] = 0x00, [25] = 0x80, [26] = 0x3e, [27] = 0x7a,
                                     [28] = 0x7f, [29] = 0x1e, [30] = 0xd5, [31] = 0x01 };
  memcpy (old->version, v2019, 48);
  old->has_version = TRUE;
  g_strfreev (old->ids);
  old->ids = g_strsplit ("PCI\\VEN_1AF4&DEV_1001|PCI\\VEN_1AF4&DEV_9999", "|", -1);
  g_autoptr (fixture_pkg) p = fixture_pkg_load (VIOSTOR, W10, NULL, NULL);
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) ls = layouts_of (f, p, &err);
  g_assert_no_error (err);
  const struct plan_layout *l = first (ls);
  g_assert_cmpint (l->action, ==, PLAN_UPGRADE);
  g_assert_cmpstr (l->published, ==, "oem3.inf");
  g_autoptr (reg_plan) rp = plan_of (f, ls, NULL);
  fixture_assert_op (rp, SYS, "DriverDatabase\\DriverPackages\\viostor.inf_amd64_1111111111111111", NULL, REG_OP_DELETE_TREE);
  fixture_assert_op (rp, SYS, "DriverDatabase\\DeviceIds\\PCI\\VEN_1AF4&DEV_9999", "oem3.inf", REG_OP_DELETE_VALUE);
  fixture_assert_op (rp, SYS, "DriverDatabase\\DeviceIds\\PCI\\VEN_1AF4&DEV_1001", "oem3.inf", REG_OP_SET_VALUE);
  g_autofree char *pk = g_strdup_printf ("DriverDatabase\\DriverPackages\\%s", l->store);
  g_assert_nonnull (fixture_edit (rp, SYS, pk, "ImportDate"));
  static const uint8_t map[] = { 0xff, 0xf0 };   /* oem3 was taken already */
  assert_data (rp, SYS, "DriverDatabase", "OemInfMap", map, sizeof map);
  g_autoptr (GPtrArray) ops = plan_file_ops (ls);
  const struct plan_file_op *op =
    fixture_file (ops, "/Windows/System32/DriverStore/FileRepository/viostor.inf_amd64_1111111111111111");
  g_assert_nonnull (op);
  g_assert_cmpint (op->kind, ==, PLAN_FILE_REMOVE_DIR);
  g_assert_nonnull (fixture_file (ops, "/Windows/INF/oem3.inf"));

  /* The same DriverVer under another folder name (Windows staged it): refresh, keep its name. */
  g_autoptr (GPtrArray) ls2 = NULL;
  g_assert_true (plan_ddb_version (p->drv, 9, old->version, &err));
  ls2 = layouts_of (f, p, &err);
  g_assert_cmpint (first (ls2)->action, ==, PLAN_REFRESH);
  g_assert_cmpstr (first (ls2)->store, ==, "viostor.inf_amd64_1111111111111111");
  g_autoptr (reg_plan) rp2 = plan_of (f, ls2, NULL);
  g_assert_null (fixture_edit (rp2, SYS, "DriverDatabase\\DriverPackages\\viostor.inf_amd64_1111111111111111", NULL));
  g_assert_null (fixture_edit (rp2, SYS, "DriverDatabase\\DriverPackages\\viostor.inf_amd64_1111111111111111",
                               "ImportDate"));

  /* A newer one: nothing is planned. */
  old->version[31] = 0x02;
  g_autoptr (GPtrArray) ls3 = layouts_of (f, p, &err);
  g_assert_cmpint (first (ls3)->action, ==, PLAN_SKIP);
  g_assert_cmpuint (first (ls3)->files->len, ==, 0);
  g_autoptr (reg_plan) rp3 = plan_of (f, ls3, NULL);
  g_assert_cmpuint (reg_plan_len (rp3), ==, 0);
}

/* netkvm registered in SYSTEM by an older tool moves to the DRIVERS node
 * (docs/windows-boot-drivers.md#the-system-and-drivers-nodes). */
static void
test_move_node (void)
{
  g_autoptr (plan_facts) f = win10_facts ();
  struct plan_package_fact *old = plan_facts_add_package (&f->system, "netkvm.inf_amd64_2222222222222222",
                                                          "oem5.inf", "netkvm.inf");
  g_autoptr (fixture_pkg) p = fixture_pkg_load (NETKVM, W10, NULL, NULL);
  g_autoptr (GError) err = NULL;
  g_assert_true (plan_ddb_version (p->drv, 9, old->version, &err));
  old->version[27]--;   /* a little older */
  old->has_version = TRUE;
  g_strfreev (old->ids);
  old->ids = g_strsplit ("PCI\\VEN_1AF4&DEV_1000", "|", -1);
  g_autoptr (GPtrArray) ls = layouts_of (f, p, &err);
  g_assert_no_error (err);
  g_assert_cmpint (first (ls)->action, ==, PLAN_UPGRADE);
  g_assert_cmpint (first (ls)->ddb_hive, ==, DRV);
  g_autoptr (reg_plan) rp = plan_of (f, ls, NULL);
  fixture_assert_op (rp, SYS, "DriverDatabase\\DriverPackages\\netkvm.inf_amd64_2222222222222222", NULL, REG_OP_DELETE_TREE);
  fixture_assert_op (rp, SYS, "DriverDatabase\\DriverInfFiles\\oem5.inf", NULL, REG_OP_DELETE_TREE);
  fixture_assert_op (rp, SYS, "DriverDatabase\\DeviceIds\\PCI\\VEN_1AF4&DEV_1000", "oem5.inf", REG_OP_DELETE_VALUE);
  fixture_assert_op (rp, SYS, "DriverDatabase\\DeviceIds\\{4d36e972-e325-11ce-bfc1-08002be10318}", "oem5.inf",
             REG_OP_DELETE_VALUE);
  fixture_assert_op (rp, DRV, "DriverDatabase\\DeviceIds\\PCI\\VEN_1AF4&DEV_1000", "oem5.inf", REG_OP_SET_VALUE);
}

static void
test_bad_dirid (void)
{
  g_autofree char *text = g_strdup (flags_inf);
  char *p = strstr (text, "DefaultDestDir = 13");
  p[18] = '7';   /* 17: the INF directory */
  g_autoptr (fixture_pkg) pkg = fixture_pkg_text ("flags.inf", text, W10);
  g_autoptr (plan_facts) f = win10_facts ();
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) ls = layouts_of (f, pkg, &err);
  g_assert_null (ls);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  g_assert_nonnull (strstr (err->message, "flags.inf' line 32"));
  g_assert_nonnull (strstr (err->message, "DIRID 17"));
}

/* The caller's file list gives the package's content and the case of its names. */
static void
test_listed_files (void)
{
  g_autoptr (plan_facts) f = win10_facts ();
  g_autoptr (fixture_pkg) p = fixture_pkg_load (VIOSTOR, W10, NULL, NULL);
  p->files = g_strsplit ("viostor/w8.1/amd64/viostor.inf|viostor/w8.1/amd64/VIOSTOR.SYS|"
                         "viostor/w8.1/amd64/viostor.cat|viostor/w8.1/amd64/readme.txt", "|", -1);
  p->pkg.files = (const char *const *) p->files;
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) ls = layouts_of (f, p, &err);
  g_assert_no_error (err);
  g_autoptr (GPtrArray) ops = plan_file_ops (ls);
  g_autofree char *readme = g_strdup_printf ("%s/readme.txt", first (ls)->store_dir);
  g_assert_nonnull (fixture_file (ops, readme));
  const struct plan_file_op *op = fixture_file (ops, "/Windows/System32/drivers/viostor.sys");
  g_assert_cmpstr (op->source, ==, "viostor/w8.1/amd64/VIOSTOR.SYS");
  g_assert_cmpuint (ops->len, ==, 6);
}

/* Packages the planner refuses, with the reason. */
static void
test_refused (void)
{
  g_autoptr (plan_facts) f = win10_facts ();
  g_autoptr (GError) err = NULL;
  /* viostor's only Models section is NTamd64.6.3: nothing applies to Windows 7 x64. */
  g_autoptr (fixture_pkg) old = fixture_pkg_load (VIOSTOR, "6.1/amd64", NULL, NULL);
  g_assert_null (layouts_of (f, old, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_NOT_APPLICABLE);
  g_clear_error (&err);
  g_autoptr (fixture_pkg) p = fixture_pkg_load (VIOSTOR, W10, NULL, NULL);
  p->pkg.hash = "not-hex";
  g_assert_null (layouts_of (f, p, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_INTERNAL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-rules/flags/live", test_flags_live);
  g_test_add_func ("/plan-rules/flags/ddb", test_flags_ddb);
  g_test_add_func ("/plan-rules/upgrade", test_upgrade);
  g_test_add_func ("/plan-rules/move-node", test_move_node);
  g_test_add_func ("/plan-rules/bad-dirid", test_bad_dirid);
  g_test_add_func ("/plan-rules/listed-files", test_listed_files);
  g_test_add_func ("/plan-rules/refused", test_refused);
  return g_test_run ();
}
