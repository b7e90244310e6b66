/* plans: registry edit plans for the hive tests; see plans.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "plans.h"
#include "banned.h"

#define SYS REG_HIVE_SYSTEM
#define SVC "ControlSet001\\Services\\viostor"
#define NVME "ControlSet001\\Services\\stornvme"
#define DDB "DriverDatabase"
#define SCSI_CLASS "{4d36e97b-e325-11ce-bfc1-08002be10318}"
#define MSI "Interrupt Management\\MessageSignaledInterruptProperties"
#define VIOSTOR_ID "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00"

/* UTF-16LE of "x" + NUL, "a", "b" as a MULTI_SZ, ...: typed by hand, not by the code under test. */
static const uint8_t utf16_x[] = { 'x', 0, 0, 0 };
static const uint8_t multi_ab[] = { 'a', 0, 0, 0, 'b', 0, 0, 0, 0, 0 };
static const uint8_t devprop[] = { '3', 0, '0', 0, '0', 0, '9', 0, 0, 0 };
static const uint8_t deviceid[] = { 0x01, 0xff, 0x00, 0x00 };
static const uint8_t dword_be[] = { 0x00, 0x00, 0x00, 0x0a };
static const uint8_t none3[] = { 1, 2, 3 };

/* The new viostor service: every value type, default value, deep new keys. */
static gboolean
every_op_service (struct reg_plan *p, GError **error)
{
  static const char *const owners[] = { "oem12.inf", NULL };
  static const char *const empty[] = { NULL };
  return reg_plan_add_ensure_key (p, SYS, SVC "\\Parameters\\PnpInterface", "test: deep new key",
                                  error)
    && reg_plan_add_dword (p, SYS, SVC, "Type", 1, "viostor.inf:80", error)
    && reg_plan_add_dword (p, SYS, SVC, "Start", 0, "rule: boot start", error)
    && reg_plan_add_dword (p, SYS, SVC, "ErrorControl", 1, "viostor.inf:82", error)
    && reg_plan_add_sz (p, SYS, SVC, "Group", "SCSI miniport", "viostor.inf:83", error)
    && reg_plan_add_expand_sz (p, SYS, SVC, "ImagePath", "System32\\drivers\\viostor.sys",
                               "viostor.inf:84", error)
    && reg_plan_add_multi_sz (p, SYS, SVC, "Owners", owners, "rule: owners", error)
    && reg_plan_add_sz (p, SYS, SVC, "DisplayName",
                        "Red Hat VirtIO contr\xc3\xb4leur \xe2\x80\x94 SCSI", "viostor.inf:85",
                        error)
    && reg_plan_add_sz (p, SYS, SVC, "", "viostor default", "test: default value", error)
    && reg_plan_add_dword (p, SYS, SVC, "Tag", 0x21, "viostor.inf:86", error)
    && reg_plan_add_multi_sz (p, SYS, SVC, "Empty multi", empty, "test: empty MULTI_SZ", error)
    && reg_plan_add_value (p, SYS, SVC, "Zero-length multi", REG_TYPE_MULTI_SZ, NULL, 0,
                           "test: zero bytes", error)
    && reg_plan_add_sz (p, SYS, SVC, "Quote\"and\\backslash", "C:\\Path with \"quotes\"\\",
                        "test: escapes C:\\dir\\", error)
    && reg_plan_add_dword (p, SYS, SVC "\\Parameters\\PnpInterface", "5", 1, "viostor.inf:90",
                           error)
    && reg_plan_add_dword (p, SYS, SVC "\\Parameters\\" MSI, "MSISupported", 1, "viostor.inf:95",
                           error);
}

/* Types with high bits (docs/windows-boot-drivers.md#value-types-in-configurations) and the odd ones. */
static gboolean
every_op_types (struct reg_plan *p, GError **error)
{
  uint8_t longbin[300];
  for (size_t i = 0; i < sizeof longbin; i++)
    longbin[i] = (uint8_t) (i * 7);
  const char *k = SVC "\\Parameters";
  return reg_plan_add_sz (p, SYS, k, "0x00000010", "", "test: empty string", error)
    && reg_plan_add_value (p, SYS, k, "BigEndian", REG_TYPE_DWORD_BIG_ENDIAN, dword_be, 4, "t",
                           error)
    && reg_plan_add_qword (p, SYS, k, "FileSize", G_GUINT64_CONSTANT (0x123456789abcdef0), "t",
                           error)
    && reg_plan_add_value (p, SYS, k, "NoClobber", 0x20001, utf16_x, sizeof utf16_x, "t", error)
    && reg_plan_add_value (p, SYS, k, "Append", 0x40007, multi_ab, sizeof multi_ab, "t", error)
    && reg_plan_add_value (p, SYS, k, "KeyOnly", 0x100000, NULL, 0, "t", error)
    && reg_plan_add_value (p, SYS, k, "DwordNoClobber", 0x20004, deviceid, 4, "t", error)
    && reg_plan_add_value (p, SYS, k, "DevProp", 0xffff0012, devprop, sizeof devprop, "t", error)
    && reg_plan_add_value (p, SYS, k, "Overwrite", 0x200000, none3, 1, "t", error)
    && reg_plan_add_binary (p, SYS, k, "Long", longbin, sizeof longbin, "t", error)
    && reg_plan_add_value (p, SYS, k, "None with data", REG_TYPE_NONE, none3, 3, "t", error)
    && reg_plan_add_none (p, SYS, k, "None", "t", error)
    && reg_plan_add_value (p, SYS, k, "Dropped", REG_TYPE_DWORD, deviceid, 4, "t", error)
    && reg_plan_add_delete_value (p, SYS, k, "Dropped", "test: set, then deleted", error);
}

/* Edits of real keys: replace, delete values, keys and trees, and recreate. */
static gboolean
every_op_real_keys (struct reg_plan *p, GError **error)
{
  static const char *const stripe[] = { "VEN_1AF4&DEV_1001 128", NULL };
  uint8_t version[48] = { 0x00, 0xff, 0x09, 0x00 };
  return reg_plan_add_binary (p, SYS, DDB "\\DeviceIds\\" VIOSTOR_ID, "oem12.inf", deviceid, 4,
                              "viostor.inf:40", error)
    && reg_plan_add_none (p, SYS, DDB "\\DeviceIds\\" SCSI_CLASS, "oem12.inf", "rule: class", error)
    && reg_plan_add_sz (p, SYS, DDB "\\DriverPackages\\viostor.inf_amd64_0123456789abcdef", "",
                        "oem12.inf", "rule: published name", error)
    && reg_plan_add_binary (p, SYS, DDB "\\DriverPackages\\viostor.inf_amd64_0123456789abcdef",
                            "Version", version, sizeof version, "viostor.inf:10", error)
    && reg_plan_add_dword (p, SYS, NVME, "start", 3, "test: other case replaces", error)
    && reg_plan_add_sz (p, SYS, NVME, "", "default on a real key", "test", error)
    && reg_plan_add_delete_value (p, SYS, NVME, "Tag", "test: real value", error)
    && reg_plan_add_delete_value (p, SYS, NVME, "NoSuchValue", "test: absent value", error)
    && reg_plan_add_dword (p, SYS, "controlset001\\services\\STORNVME", "ErrorControl", 1,
                           "test: key path in another case", error)
    && reg_plan_add_delete_key (p, SYS, NVME "\\StartOverride", "rule: no StartOverride", error)
    && reg_plan_add_delete_tree (p, SYS, NVME "\\Parameters", "test: real subtree", error)
    && reg_plan_add_multi_sz (p, SYS, NVME "\\Parameters\\Device", "IoStripeAlignment", stripe,
                              "test: recreated after deletion", error)
    && reg_plan_add_delete_key (p, SYS, "ControlSet001\\Services\\NoSuchService", "t", error)
    && reg_plan_add_delete_tree (p, SYS, "ControlSet001\\Services\\NoSuchService\\Deep", "t", error)
    && reg_plan_add_ensure_key (p, SYS, "ControlSet001\\Services", "test: existing key", error)
    && reg_plan_add_delete_value (p, SYS, DDB "\\DriverInfFiles\\stornvme.inf", "",
                                  "test: real default value", error);
}

static struct reg_plan *
every_op (GError **error)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  if (!every_op_service (p, error) || !every_op_types (p, error) || !every_op_real_keys (p, error))
    return NULL;
  return g_steal_pointer (&p);
}

/* ---- bench: ~100 edits per package, shaped like a conversion ---- */

#define BENCH_IDS 12

static gboolean
bench_service (struct reg_plan *p, unsigned i, GError **error)
{
  g_autofree char *svc = g_strdup_printf ("ControlSet001\\Services\\vtest%03u", i);
  g_autofree char *par = g_strdup_printf ("%s\\Parameters", svc);
  g_autofree char *pnp = g_strdup_printf ("%s\\PnpInterface", par);
  g_autofree char *dev = g_strdup_printf ("%s\\Device", par);
  g_autofree char *over = g_strdup_printf ("%s\\StartOverride", svc);
  g_autofree char *inf = g_strdup_printf ("oem%u.inf", 100 + i);
  const char *owners[] = { inf, NULL };
  gboolean ok = reg_plan_add_ensure_key (p, SYS, pnp, "b", error)
    && reg_plan_add_dword (p, SYS, svc, "Type", 1, "b", error)
    && reg_plan_add_dword (p, SYS, svc, "Start", 0, "b", error)
    && reg_plan_add_dword (p, SYS, svc, "ErrorControl", 1, "b", error)
    && reg_plan_add_sz (p, SYS, svc, "Group", "SCSI miniport", "b", error)
    && reg_plan_add_expand_sz (p, SYS, svc, "ImagePath", "System32\\drivers\\vtest.sys", "b", error)
    && reg_plan_add_sz (p, SYS, svc, "DisplayName", "@oem.inf,%desc%;Test driver", "b", error)
    && reg_plan_add_multi_sz (p, SYS, svc, "Owners", owners, "b", error)
    && reg_plan_add_dword (p, SYS, svc, "Tag", 0x21, "b", error)
    && reg_plan_add_delete_key (p, SYS, over, "b", error)
    && reg_plan_add_dword (p, SYS, par, "BusType", 1, "b", error)
    && reg_plan_add_dword (p, SYS, pnp, "5", 1, "b", error);
  for (unsigned k = 0; ok && k < 5; k++) {
    g_autofree char *name = g_strdup_printf ("Setting%u", k);
    ok = reg_plan_add_dword (p, SYS, dev, name, k, "b", error) != NULL;
  }
  return ok;
}

static gboolean
bench_package (struct reg_plan *p, unsigned i, GError **error)
{
  g_autofree char *inf = g_strdup_printf ("oem%u.inf", 100 + i);
  g_autofree char *pkg = g_strdup_printf (DDB "\\DriverPackages\\vtest%03u.inf_amd64_%016x", i, i);
  g_autofree char *files = g_strdup_printf (DDB "\\DriverInfFiles\\%s", inf);
  g_autofree char *cfg = g_strdup_printf ("%s\\Configurations\\vtest_Inst", pkg);
  g_autofree char *msi = g_strdup_printf ("%s\\Device\\" MSI, cfg);
  g_autofree char *cfgsvc = g_strdup_printf ("%s\\Services\\vtest%03u\\Parameters", cfg, i);
  g_autofree char *strings = g_strdup_printf ("%s\\Strings", pkg);
  uint8_t version[48] = { 0x00, 0xff, 0x09, 0x00 };
  uint8_t filetime[8] = { 0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01 };
  const char *pkgs[] = { pkg + strlen (DDB "\\DriverPackages\\"), NULL };
  const char *cfgs[] = { "vtest_Inst", NULL };
  gboolean ok = reg_plan_add_multi_sz (p, SYS, files, "", pkgs, "b", error)
    && reg_plan_add_sz (p, SYS, files, "Active", pkgs[0], "b", error)
    && reg_plan_add_multi_sz (p, SYS, files, "Configurations", cfgs, "b", error)
    && reg_plan_add_sz (p, SYS, pkg, "", inf, "b", error)
    && reg_plan_add_binary (p, SYS, pkg, "Version", version, sizeof version, "b", error)
    && reg_plan_add_sz (p, SYS, pkg, "Provider", "Red Hat, Inc.", "b", error)
    && reg_plan_add_dword (p, SYS, pkg, "SignerScore", 0x0d000005, "b", error)
    && reg_plan_add_dword (p, SYS, pkg, "StatusFlags", 0x12, "b", error)
    && reg_plan_add_sz (p, SYS, pkg, "InfName", "vtest.inf", "b", error)
    && reg_plan_add_sz (p, SYS, pkg, "OemPath", "C:\\Drivers\\vtest", "b", error)
    && reg_plan_add_sz (p, SYS, pkg, "SignerName", "Test Signer", "b", error)
    && reg_plan_add_binary (p, SYS, pkg, "ImportDate", filetime, sizeof filetime, "b", error)
    && reg_plan_add_sz (p, SYS, pkg, "Catalog", "vtest.cat", "b", error)
    && reg_plan_add_dword (p, SYS, cfg, "ConfigFlags", 0, "b", error)
    && reg_plan_add_dword (p, SYS, cfg, "ConfigScope", 7, "b", error)
    && reg_plan_add_sz (p, SYS, cfg, "Service", "vtest", "b", error)
    && reg_plan_add_dword (p, SYS, msi, "MSISupported", 1, "b", error)
    && reg_plan_add_dword (p, SYS, cfgsvc, "BusType", 1, "b", error);
  for (unsigned k = 0; ok && k < 10; k++) {
    g_autofree char *name = g_strdup_printf ("string%u", k);
    ok = reg_plan_add_sz (p, SYS, strings, name, "Some text", "b", error) != NULL;
  }
  return ok;
}

/* Hardware IDs under the big DeviceIds\PCI key and their descriptors. */
static gboolean
bench_ids (struct reg_plan *p, unsigned i, GError **error)
{
  g_autofree char *inf = g_strdup_printf ("oem%u.inf", 100 + i);
  g_autofree char *pkg = g_strdup_printf (DDB "\\DriverPackages\\vtest%03u.inf_amd64_%016x", i, i);
  uint8_t oemmap[16] = { 0xff, 0xf0 };
  gboolean ok = reg_plan_add_none (p, SYS, DDB "\\DeviceIds\\" SCSI_CLASS, inf, "b", error)
    && reg_plan_add_binary (p, SYS, DDB, "OemInfMap", oemmap, sizeof oemmap, "b", error);
  for (unsigned k = 0; ok && k < BENCH_IDS; k++) {
    g_autofree char *id = g_strdup_printf ("PCI\\VEN_1AF4&DEV_%04X&SUBSYS_%04X1AF4&REV_00",
                                           0x1000 + i, 0x0100 + k);
    g_autofree char *devid = g_strdup_printf (DDB "\\DeviceIds\\%s", id);
    g_autofree char *desc = g_strdup_printf ("%s\\Descriptors\\%s", pkg, id);
    ok = reg_plan_add_binary (p, SYS, devid, inf, deviceid, sizeof deviceid, "b", error)
      && reg_plan_add_sz (p, SYS, desc, "Configuration", "vtest_Inst", "b", error)
      && reg_plan_add_sz (p, SYS, desc, "Manufacturer", "%redhat%", "b", error)
      && reg_plan_add_sz (p, SYS, desc, "Description", "%vtest.devicedesc%", "b", error);
  }
  return ok;
}

struct reg_plan *
test_plan_bench (unsigned n, GError **error)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  for (unsigned i = 0; i < n; i++)
    if (!bench_service (p, i, error) || !bench_package (p, i, error) || !bench_ids (p, i, error))
      return NULL;
  return g_steal_pointer (&p);
}

struct reg_plan *
test_plan (const char *name, GError **error)
{
  g_autoptr (reg_plan) p = reg_plan_new ();
  if (g_str_equal (name, "every-op"))
    return every_op (error);
  if (g_str_equal (name, "bench"))
    return test_plan_bench (21, error);
  if (g_str_equal (name, "delete-nonleaf")) {
    if (!reg_plan_add_dword (p, SYS, SVC, "Start", 0, "test", error)
        || !reg_plan_add_delete_key (p, SYS, NVME, "test: has subkeys", error))
      return NULL;
  } else if (g_str_equal (name, "big-value")) {
    if (!reg_plan_add_dword (p, SYS, "ControlSet001\\Control\\ProductOptions", "Extra", 1,
                             "test: key holds ProductPolicy", error))
      return NULL;
  } else {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "unknown test plan '%s'", name);
    return NULL;
  }
  return g_steal_pointer (&p);
}
