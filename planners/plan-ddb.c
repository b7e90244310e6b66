/* plan-ddb: a package's DriverDatabase registration (Windows 8 and later,
 * docs/windows-boot-drivers.md#driverdatabase): DriverInfFiles, DriverPackages with the values
 * DISM leaves (docs/windows-boot-drivers.md#driverpackages,
 * docs/driver-store.md#what-an-offline-import-leaves-behind) and the 48-byte Version
 * (docs/windows-boot-drivers.md#driverpackages-version), and the Configurations Windows
 * pre-renders from the INF's AddReg (docs/windows-boot-drivers.md#configurations).  The IDs
 * (Descriptors, Strings, DeviceIds, OemInfMap) are in plan-ddb-ids.c.  Pure. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan-internal.h"
#include "banned.h"

/* docs/windows-boot-drivers.md#driverpackages (REAL): 0x0D000005 is SIGNERSCORE_WHQL, what the
 * 18362 hive holds for VMware's Microsoft-signed pvscsi and vmci packages and what the setupapi
 * log prints as "(WHQL)".
 * virtio-win packages ship a catalog signed through Microsoft's hardware program, which
 * Windows would score the same; the catalog is not verified offline, and the score only ranks
 * drivers that match the same device.  A package without a catalog is SIGNERSCORE_UNSIGNED
 * (setupapi.h), and Windows records no SignerName for it. */
#define SIGNER_SCORE_WHQL 0x0D000005u
#define SIGNER_SCORE_UNSIGNED 0x80000000u
#define SIGNER_NAME "Microsoft Windows Hardware Compatibility Publisher"
/* docs/windows-boot-drivers.md#driverpackages (REAL 18362): 0x12 on every configured package
 * (inbox stornvme, VMware's vmci), 0x112 on the staged-only pvscsi.  We configure the package,
 * so 0x12. */
#define STATUS_FLAGS_CONFIGURED 0x12u
/* docs/windows-boot-drivers.md#configurations (REAL 1709/18362): ConfigFlags 0 and ConfigScope 7
 * are what most Configurations hold (stornvme, vmci). */
#define CONFIG_FLAGS 0u
#define CONFIG_SCOPE 7u

#define RULE_PACKAGE "rule: DriverPackages values of an imported OEM package " \
  "(docs/windows-boot-drivers.md#driverpackages, docs/driver-store.md#what-an-offline-import-leaves-behind)"
#define RULE_INF_FILES "rule: DriverInfFiles entry of the published INF " \
  "(docs/windows-boot-drivers.md#driverinffiles)"
#define RULE_CONFIG "rule: Configuration of a configured package " \
  "(docs/windows-boot-drivers.md#configurations)"
#define RULE_REPLACE "rule: the upgraded package replaces the registered older one"
#define RULE_MOVE "rule: the package moves to the DriverDatabase node its class belongs in " \
  "(docs/windows-boot-drivers.md#the-system-and-drivers-nodes)"

gboolean
plan_ddb_arch (const struct plan_facts *f, uint16_t *out, GError **error)
{
  /* The Version header holds the same number as DriverDatabase\Architecture
   * (docs/windows-boot-drivers.md#driverpackages-version; REAL 9 on every x64 hive).  No x86 or
   * arm64 DriverDatabase was available, so for those the guest's own Architecture value is taken
   * as it is; without one, the PROCESSOR_ARCHITECTURE_* numbers of winnt.h (x86 0, amd64 9,
   * arm64 12) are used. */
  if (f->has_ddb_architecture && f->ddb_architecture <= 0xffff) {
    *out = (uint16_t) f->ddb_architecture;
    return TRUE;
  }
  switch (f->arch) {
  case WS_ARCH_X86: *out = 0; return TRUE;
  case WS_ARCH_AMD64: *out = 9; return TRUE;
  case WS_ARCH_ARM64: *out = 12; return TRUE;
  default:
    return g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE,
                        "cannot register a driver package: unknown guest architecture"), FALSE;
  }
}

gboolean
plan_ddb_version (const struct inf_driver *drv, uint16_t arch, uint8_t out[48], GError **error)
{
  const struct inf_driver_ver *v = &drv->driver_ver;
  uint64_t filetime;
  if (!drv->has_class_guid || !v->present)
    return g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                        "cannot register '%s': its [Version] section lacks %s", drv->file,
                        drv->has_class_guid ? "DriverVer" : "ClassGUID"), FALSE;
  if (!ws_filetime_from_date (v->year, v->month, v->day, &filetime))
    return g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot register '%s' ('%s' line %u): "
                        "DriverVer date %04d-%02d-%02d is not a date Windows can hold",
                        drv->file, v->pos.file, v->pos.line, v->year, v->month, v->day), FALSE;
  memset (out, 0, 48);
  out[0] = 0x00;   /* 0xff for inbox packages, 0x00 for OEM ones (REAL, every InfName package) */
  out[1] = 0xff;
  out[2] = (uint8_t) arch;
  out[3] = (uint8_t) (arch >> 8);
  memcpy (out + 8, drv->class_guid, 16);
  ws_put_le64 (out + 24, filetime);
  ws_put_le64 (out + 32, (uint64_t) v->version[0] << 48 | (uint64_t) v->version[1] << 32
               | (uint64_t) v->version[2] << 16 | v->version[3]);
  return TRUE;
}

/* An upgrade deletes the older package's key; a package found in the other node leaves it. */
static gboolean
replace_old (struct plan_ctx *ctx, const struct plan_layout *l, GError **error)
{
  if (l->old == NULL)
    return TRUE;
  gboolean moved = l->old_hive != l->ddb_hive;
  if (moved || g_ascii_strcasecmp (l->old->store, l->store) != 0) {
    g_autofree char *k = plan_key ("DriverDatabase", "DriverPackages", l->old->store, NULL);
    if (!reg_plan_add_delete_tree (ctx->plan, l->old_hive, k, moved ? RULE_MOVE : RULE_REPLACE, error))
      return FALSE;
  }
  if (moved) {
    g_autofree char *k = plan_key ("DriverDatabase", "DriverInfFiles", l->published, NULL);
    if (!reg_plan_add_delete_tree (ctx->plan, l->old_hive, k, RULE_MOVE, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
inf_files (struct plan_ctx *ctx, const struct plan_layout *l, GPtrArray *sections, GError **error)
{
  g_autofree char *key = plan_key ("DriverDatabase", "DriverInfFiles", l->published, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (guint i = 0; i < sections->len; i++)
    g_ptr_array_add (names, ((const struct inf_install *) g_ptr_array_index (sections, i))->name);
  g_ptr_array_add (names, NULL);
  const char *const stores[] = { l->store, NULL };
  enum reg_hive h = l->ddb_hive;
  return reg_plan_add_multi_sz (ctx->plan, h, key, "", stores, RULE_INF_FILES, error)
    && reg_plan_add_sz (ctx->plan, h, key, "Active", l->store, RULE_INF_FILES, error)
    && reg_plan_add_multi_sz (ctx->plan, h, key, "Configurations", (const char *const *) names->pdata,
                              RULE_INF_FILES, error);
}

static gboolean
package_values (struct plan_ctx *ctx, const struct plan_layout *l, const char *key, GError **error)
{
  const struct inf_driver *drv = l->pkg->drv;
  enum reg_hive h = l->ddb_hive;
  uint8_t version[48], date[8];
  uint16_t arch;
  g_autofree char *vprov = plan_pos (&drv->driver_ver.pos);
  g_autofree char *pprov = plan_pos (&drv->version_pos);
  g_autofree char *oem_path = g_strdup_printf ("%s\\System32\\DriverStore\\FileRepository\\%s",
                                               ctx->opts->windows_dir ? ctx->opts->windows_dir : "C:\\Windows",
                                               l->store);
  ws_put_le64 (date, ctx->opts->import_date);
  if (!plan_ddb_arch (ctx->f, &arch, error) || !plan_ddb_version (drv, arch, version, error))
    return FALSE;
  gboolean ok = reg_plan_add_sz (ctx->plan, h, key, "", l->published, RULE_PACKAGE, error)
    && reg_plan_add_binary (ctx->plan, h, key, "Version", version, sizeof version, vprov, error)
    && (drv->provider == NULL || reg_plan_add_sz (ctx->plan, h, key, "Provider", drv->provider, pprov, error))
    && reg_plan_add_dword (ctx->plan, h, key, "SignerScore", drv->catalog ? SIGNER_SCORE_WHQL : SIGNER_SCORE_UNSIGNED,
                           RULE_PACKAGE, error)
    && (drv->catalog == NULL || reg_plan_add_sz (ctx->plan, h, key, "SignerName", SIGNER_NAME, RULE_PACKAGE, error))
    && reg_plan_add_dword (ctx->plan, h, key, "StatusFlags", STATUS_FLAGS_CONFIGURED, RULE_PACKAGE, error)
    && reg_plan_add_sz (ctx->plan, h, key, "InfName", l->pkg->inf_name, RULE_PACKAGE, error)
    && reg_plan_add_sz (ctx->plan, h, key, "OemPath", oem_path, RULE_PACKAGE, error)
    && (drv->catalog == NULL || reg_plan_add_sz (ctx->plan, h, key, "Catalog", drv->catalog, pprov, error));
  /* A refresh keeps the date of the first import, so that converting twice changes nothing. */
  return ok && (l->action == PLAN_REFRESH
                || reg_plan_add_binary (ctx->plan, h, key, "ImportDate", date, sizeof date, RULE_PACKAGE, error));
}

/* Configurations\<install section>: the Service it binds, and the section's AddReg rendered per
 * target key: Device (.HW, the device key), Driver (DDInstall and .CoInstallers, the software
 * key), Services\<svc> (each AddService's AddReg) -- REAL stornvme, vmci
 * (docs/windows-boot-drivers.md#configurations). */
static gboolean
configuration (struct plan_ctx *ctx, const struct plan_layout *l, const char *pkgkey,
               const struct inf_install *ins, GError **error)
{
  enum reg_hive h = l->ddb_hive;
  g_autofree char *key = plan_key (pkgkey, "Configurations", ins->name, NULL);
  g_autofree char *dev = plan_key (key, "Device", NULL);
  g_autofree char *drvkey = plan_key (key, "Driver", NULL);
  const struct inf_service *assoc = plan_assoc_service (ins);
  g_autofree char *sprov = assoc ? plan_pos (&assoc->pos) : NULL;
  if (!reg_plan_add_dword (ctx->plan, h, key, "ConfigFlags", CONFIG_FLAGS, RULE_CONFIG, error)
      || !reg_plan_add_dword (ctx->plan, h, key, "ConfigScope", CONFIG_SCOPE, RULE_CONFIG, error)
      || (assoc && !reg_plan_add_sz (ctx->plan, h, key, "Service", assoc->name, sprov, error))
      || !plan_addreg_ddb (ctx, h, dev, ins->hw_addreg, ins->hw_delreg, error)
      || !plan_addreg_ddb (ctx, h, drvkey, ins->addreg, ins->delreg, error)
      || !plan_addreg_ddb (ctx, h, drvkey, ins->coinstaller_addreg, NULL, error))
    return FALSE;
  for (guint i = 0; i < ins->services->len; i++) {
    const struct inf_service *s = g_ptr_array_index (ins->services, i);
    if (s->name[0] == '\0')
      continue;
    g_autofree char *skey = plan_key (key, "Services", s->name, NULL);
    if (!plan_addreg_ddb (ctx, h, skey, s->addreg, s->delreg, error))
      return FALSE;
  }
  return TRUE;
}

gboolean
plan_ddb_package_keys (struct plan_ctx *ctx, const struct plan_layout *l, GError **error)
{
  g_autoptr (GPtrArray) sections = plan_install_sections (l->pkg->drv);
  g_autofree char *pkgkey = plan_key ("DriverDatabase", "DriverPackages", l->store, NULL);
  if (!replace_old (ctx, l, error) || !inf_files (ctx, l, sections, error)
      || !package_values (ctx, l, pkgkey, error))
    return FALSE;
  for (guint i = 0; i < sections->len; i++)
    if (!configuration (ctx, l, pkgkey, g_ptr_array_index (sections, i), error))
      return FALSE;
  return TRUE;
}
