/* plan: the conversion planners.  From interpreted INF packages (drivers/inf.h) and facts about
 * the guest's registry, derive what Windows itself writes when it installs a driver package:
 * the registry edits, per hive and each with its provenance (reg-plan.h), and the file
 * operations (driver store, Windows\INF\oemN.inf, the INF's CopyFiles destinations).
 *
 * Everything here is pure: no hivex, no file I/O (libhiveplan.la links without hivex,
 * docs/coding-style.md#layering-and-purity).  The facts are read by plan-facts.h (libhiveio.la)
 * or filled by hand in unit tests.
 *
 * Calling sequence (convert):
 *
 *   g_autoptr (plan_facts) facts = plan_facts_new ();
 *   plan_facts_read (facts, system, drivers_or_NULL, software_or_NULL, pkgs, n, &err);
 *   for each "oem*.inf" in Windows\INF:   (the caller lists the directory)
 *     plan_facts_add_oem_inf (facts, name, hash_or_NULL);
 *   g_autoptr (GPtrArray) layouts = plan_layout (facts, &opts, pkgs, n, &err);
 *   g_autoptr (reg_plan) edits = plan_registry (facts, &opts, layouts, &warnings, &err);
 *   g_autoptr (GPtrArray) files = plan_file_ops (layouts);
 *   ...stage the files (plan_file_op), apply reg_plan_for_hive (edits, h) to each hive...
 *
 * What is written, and the evidence for it, is in docs/windows-boot-drivers.md#driverdatabase
 * (DriverDatabase), docs/windows-boot-drivers.md#boot-start-services (Services),
 * docs/windows-boot-drivers.md#criticaldevicedatabase (CriticalDeviceDatabase),
 * docs/driver-store.md#what-an-offline-import-leaves-behind (what DISM leaves behind, write-set).
 * Nothing is copied from one driver's values: every value comes from the package's INF or from a
 * named rule ("rule: ..." provenance).
 */
#ifndef WS_PLAN_H
#define WS_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "inf.h"
#include "reg-plan.h"
#include "ws-target.h"

/* ---- facts about the guest (plan-common.c builds and frees them; plan-facts.c reads them) */

/* A non-inbox DriverDatabase\DriverPackages\<store> entry (one with an InfName value). */
struct plan_package_fact {
  char *store;          /* key name: "pvscsi.inf_amd64_b0d59727d712523f" */
  char *published;      /* (default): "oem4.inf" */
  char *inf_name;       /* InfName: the INF's original file name, "pvscsi.inf" */
  gboolean has_version;
  uint8_t version[48];  /* Version (docs/windows-boot-drivers.md#driverpackages-version) */
  char **ids;           /* Descriptors\<bus>\<id> as "<bus>\<id>" (NULL-terminated) */
};

/* One DriverDatabase node (docs/windows-boot-drivers.md#the-system-and-drivers-nodes):
 * SYSTEM\DriverDatabase or DRIVERS\DriverDatabase. */
struct plan_ddb_fact {
  gboolean present;
  gboolean has_oem_inf_map;
  GByteArray *oem_inf_map;   /* OemInfMap bytes (NULL when absent) */
  char **oem_inf_files;      /* DriverInfFiles\oem*.inf names (NULL-terminated) */
  GPtrArray *packages;       /* struct plan_package_fact * */
};

/* A value under an existing service key, for AddReg NOCLOBBER/APPEND/OVERWRITEONLY. */
struct plan_value_fact {
  char *key;     /* below the service key, '\'-separated; "" = the service key itself */
  char *name;
  uint32_t type;
  GBytes *data;
};

/* An existing Services\<name> key of a service the packages install. */
struct plan_service_fact {
  char *name;
  char *group;               /* Group, NULL when absent */
  gboolean has_tag;
  uint32_t tag;
  gboolean start_override;   /* has a StartOverride subkey (docs/windows-boot-drivers.md#startoverride) */
  GPtrArray *values;         /* struct plan_value_fact * */
};

/* A service of a load-order group, with its Tag. */
struct plan_tag_fact {
  char *service;
  uint32_t tag;
};

/* A load-order group the packages' services use (docs/windows-boot-drivers.md#group-and-tag). */
struct plan_group_fact {
  char *name;                /* as the INF writes it */
  char *list_value;          /* the GroupOrderList value name as stored, NULL when none */
  GArray *order;             /* guint32 tags of GroupOrderList\<group>, in load order */
  GPtrArray *members;        /* struct plan_tag_fact *: the group's services that have a Tag */
};

/* A Windows\INF\oem*.inf file; hash is the caller's 16-hex digest of its bytes (the one it
 * uses for store names), NULL when not computed. */
struct plan_oem_inf {
  char *name;
  char *hash;
};

/* SOFTWARE Policies\Microsoft\Windows\DeviceInstall\Restrictions, the Group Policy "Device
 * Installation Restrictions" (docs/registry-and-hives.md#device-installation-policy).  The
 * lists are the string values of the subkeys of the same names (char *, never NULL). */
struct plan_device_policy {
  gboolean present;
  uint32_t deny_unspecified;    /* DenyUnspecified: devices no Allow list names are not installed */
  uint32_t deny_all;            /* DenyAll: no device is installed */
  uint32_t allow_ids;           /* AllowDeviceIDs: the allow list of IDs is in force */
  uint32_t deny_ids;            /* DenyDeviceIDs */
  uint32_t deny_classes;        /* DenyDeviceClasses */
  GPtrArray *allow_id_list, *deny_id_list, *deny_class_list;
  guint64 allow_id_next;        /* the first number above every AllowDeviceIDs value name */
};

struct plan_facts {
  char *control_set;            /* "ControlSet001" (Select\Current) */
  gboolean ddb;                 /* SYSTEM\DriverDatabase exists: the Windows 8+ boot model */
  enum ws_arch arch;            /* Session Manager\Environment PROCESSOR_ARCHITECTURE */
  gboolean has_ddb_architecture;
  uint32_t ddb_architecture;    /* DriverDatabase\Architecture (PROCESSOR_ARCHITECTURE_*) */
  gboolean has_drivers_hive;    /* config\DRIVERS exists and was read */
  struct plan_ddb_fact system, drivers;
  GPtrArray *oem_infs;          /* struct plan_oem_inf * */
  GPtrArray *services;          /* struct plan_service_fact * */
  GPtrArray *groups;            /* struct plan_group_fact * */
  gboolean cddb_package_ids;    /* the guest's CriticalDeviceDatabase entries carry DriverPackageId */
  gboolean has_device_path;
  uint32_t device_path_type;    /* SOFTWARE ...\CurrentVersion\DevicePath (XP-7) */
  char *device_path;
  struct plan_device_policy policy;
};

struct plan_facts *plan_facts_new (void);
void plan_facts_free (struct plan_facts *f);
typedef struct plan_facts plan_facts;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (plan_facts, plan_facts_free)

/* Builders, for plan-facts.c and for tests that fill facts by hand.  Strings are copied; the
 * returned structs belong to the facts and may be completed by the caller. */
void plan_facts_add_oem_inf (struct plan_facts *f, const char *name, const char *hash);
struct plan_package_fact *plan_facts_add_package (struct plan_ddb_fact *node, const char *store,
                                                  const char *published, const char *inf_name);
struct plan_service_fact *plan_facts_add_service (struct plan_facts *f, const char *name);
void plan_service_fact_add_value (struct plan_service_fact *s, const char *key, const char *name,
                                  uint32_t type, const void *data, size_t len);
struct plan_group_fact *plan_facts_add_group (struct plan_facts *f, const char *name);
void plan_group_fact_add_member (struct plan_group_fact *g, const char *service, uint32_t tag);
/* GroupOrderList\<value_name>: the group's tags in load order. */
void plan_group_fact_set_order (struct plan_group_fact *g, const char *value_name,
                                const uint32_t *tags, size_t n);
void plan_ddb_fact_set_oem_inf_map (struct plan_ddb_fact *node, const void *bytes, size_t len);
void plan_ddb_fact_add_oem_inf_file (struct plan_ddb_fact *node, const char *name);

/* Lookups (ASCII case-insensitive); NULL when absent. */
const struct plan_service_fact *plan_facts_service (const struct plan_facts *f, const char *name);
const struct plan_group_fact *plan_facts_group (const struct plan_facts *f, const char *name);

/* ---- input: the packages to install */

struct plan_package {
  const struct inf_driver *drv;  /* the INF interpreted for the guest (inf_driver_new) */
  const struct inf_file *inf;    /* the parsed INF; gives the %tokens% Windows keeps in
                                    Descriptors and service DisplayName.  May be NULL: the
                                    substituted text is written instead */
  const char *inf_name;          /* the INF's file name in the driver set: "viostor.inf" */
  const char *dir;               /* its folder, driver-set relative, '/'-separated ("" = root) */
  const char *const *files;      /* optional: the package's files as set-relative paths in the
                                    set's case (drv_package_files); NULL: derived from the INF */
  const char *hash;              /* 16 lower-case hex digits, a digest of the INF's bytes
                                    (docs/driver-store.md#package-folder-names: Windows' own
                                    algorithm is unknown and not checked at boot) */
};

struct plan_options {
  const char *system_root;   /* guest path of the Windows directory, '/'-separated: "/Windows" */
  const char *windows_dir;   /* the same as Windows spells it: "C:\\Windows" (OemPath) */
  uint64_t import_date;      /* FILETIME written as ImportDate, so that plans are reproducible */
};

/* ---- layout (plan-layout.c): names, DriverDatabase node and files of each package */

enum plan_action {
  PLAN_INSTALL,   /* not registered: a new oemN.inf */
  PLAN_REFRESH,   /* the same DriverVer is registered: its oemN and store are written again */
  PLAN_UPGRADE,   /* an older DriverVer is registered: its oemN is kept, its store replaced */
  PLAN_SKIP,      /* a newer DriverVer is registered: nothing is planned for this package */
};

enum plan_file_kind {
  PLAN_FILE_COPY,        /* copy source (driver-set relative) to dest (guest path) */
  PLAN_FILE_REMOVE_DIR,  /* remove the folder dest and its content (a replaced store folder) */
};

/* Guest paths start with opts->system_root and use '/': "/Windows/System32/drivers/viostor.sys".
 * They are spelled as Windows names the folders (System32, DriverStore\FileRepository, INF);
 * the caller resolves them against the case the guest's filesystem actually uses. */
struct plan_file_op {
  enum plan_file_kind kind;
  char *source;      /* PLAN_FILE_COPY: set-relative path; NULL otherwise */
  char *dest;        /* guest path */
  char *provenance;  /* "viostor.inf:60", "rule: ..." */
};

struct plan_layout {
  const struct plan_package *pkg;  /* borrowed: the caller's array outlives the layouts */
  enum plan_action action;
  char *reason;                    /* why this action, one line */
  guint oem_number;
  char *published;                 /* "oem12.inf" */
  char *store;                     /* "viostor.inf_amd64_<hash>"; Vista/7: "..._neutral_<hash>"
                                      (CriticalDeviceDatabase DriverPackageId); XP: NULL */
  char *store_dir;                 /* guest folder the whole package is copied to */
  char *driver;                    /* "viostor": the INF name without ".inf" */
  gboolean ddb;                    /* DriverDatabase guest (else CriticalDeviceDatabase) */
  enum reg_hive ddb_hive;          /* the node its DriverDatabase entries go to */
  gboolean boot_critical;          /* class SCSIAdapter or hdc: Start=0, SYSTEM node, CDDB */
  const struct plan_package_fact *old;  /* 8+ PLAN_UPGRADE/REFRESH/SKIP: the registered
                                           package (borrowed from the facts) */
  enum reg_hive old_hive;          /* ...and the node it is in */
  GPtrArray *files;                /* struct plan_file_op * */
};

void plan_file_op_free (struct plan_file_op *op);
void plan_layout_free (struct plan_layout *l);

/* The layout of every package, in order (struct plan_layout *; g_ptr_array_unref frees them).
 *  - published name: a registered package with the same InfName keeps its oemN (8+); on XP-7 a
 *    Windows\INF\oemN.inf with the INF's digest is ours; else the lowest N that neither node's
 *    OemInfMap nor DriverInfFiles nor Windows\INF uses, and no other package of this run got;
 *  - DriverDatabase node: SYSTEM, but DRIVERS for Net/Display/Printer classes when the guest has
 *    that hive (docs/windows-boot-drivers.md#the-system-and-drivers-nodes);
 *  - files: plan-files.c.
 * Errors: a package without models for the guest (WS_EXIT_NOT_APPLICABLE), a CopyFiles DIRID
 * other than 10-13 (WS_EXIT_BAD_INPUT, naming the INF line), an unknown guest architecture. */
GPtrArray *plan_layout (const struct plan_facts *f, const struct plan_options *opts,
                        const struct plan_package *pkgs, size_t n, GError **error);

/* Every file operation of the layouts, in order (deep copies; g_ptr_array_unref). */
GPtrArray *plan_file_ops (GPtrArray *layouts);

/* ---- registry (plan-registry.c and the plan-*.c it calls) */

/* The registry edits of every layout, merged (reg_plan_merge) and checked for conflicts: the
 * Services keys (plan-service.c), the DriverDatabase (plan-ddb*.c) or the CriticalDeviceDatabase
 * (plan-cdd.c), and SOFTWARE (plan-software.c).  warnings (may be NULL) receives the INF lines
 * that cannot be written offline and were left out (g_strfreev). */
struct reg_plan *plan_registry (const struct plan_facts *f, const struct plan_options *opts,
                                GPtrArray *layouts, char ***warnings, GError **error);

/* ---- small codecs shared with tests and verify */

/* DriverPackages\<store>\Version (docs/windows-boot-drivers.md#driverpackages-version): 00 ff,
 * arch (LE16), 4 zero bytes, class GUID, DriverVer date as FILETIME, DriverVer version as QWORD,
 * 8 zero bytes.  FALSE with an error when the INF has no ClassGUID or DriverVer. */
gboolean plan_ddb_version (const struct inf_driver *drv, uint16_t arch, uint8_t out[48],
                           GError **error);

/* The PROCESSOR_ARCHITECTURE_* number of the Version header: the guest's own
 * DriverDatabase\Architecture when known, else x86 0, amd64 9, arm64 12 (winnt.h). */
gboolean plan_ddb_arch (const struct plan_facts *f, uint16_t *out, GError **error);

/* OemInfMap (docs/windows-boot-drivers.md#oeminfmap): bit 7-(N%8) of byte N/8 is set when oemN.inf
 * is taken. */
gboolean plan_oem_inf_map_test (const uint8_t *map, size_t len, guint n);
void plan_oem_inf_map_set (GByteArray *map, guint n);

#endif
