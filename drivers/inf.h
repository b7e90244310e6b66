/* inf: what a driver package's INF tells Windows to do, for one target.  Pure.
 *
 * inf_driver_new() reads a parsed INF (inf-parse.h) the way Windows Setup does for a given
 * target: [Version]; the [Manufacturer] Models section chosen by TargetOSVersion decoration;
 * each model's DDInstall section with its platform extension; .Services, .HW, .CoInstallers;
 * AddReg, DelReg, CopyFiles (with DestinationDirs and SourceDisksNames/SourceDisksFiles),
 * CopyINF, Include/Needs.  The result is plain data for later stages (listing, matching,
 * registry and file plans); it holds no pointer into the inf_file it came from.
 *
 * Every item carries an inf_pos: the INF name and the line that produced it, so a registry edit
 * can always be traced back ("why does this key exist?").  inf_pos.file points at
 * inf_driver.file and lives as long as the driver.
 *
 * Ownership: inf_driver_free() frees everything reachable from the driver.  Arrays are
 * GPtrArray of the element type named in the comment, owned by their container.  Strings are
 * UTF-8 with %strkey% already substituted unless the field name ends in _raw.
 *
 * Sources: Microsoft INF reference pages ("INF Version Section", "INF Manufacturer Section",
 * "Combining Platform Extensions with Operating System Versions", "INF DDInstall Section",
 * "INF DDInstall.Services/.HW/.CoInstallers Section", "INF AddService Directive",
 * "INF AddReg Directive", "INF DelReg Directive", "INF CopyFiles Directive", "INF
 * DestinationDirs Section", "INF SourceDisksNames/SourceDisksFiles Section", "INF CopyINF
 * Directive", "INF FeatureScore Directive") and setupapi.h for the flag values.
 */
#ifndef WS_INF_H
#define WS_INF_H

#include <stdint.h>
#include <glib.h>

#include "ws-target.h"
#include "inf-parse.h"

/* Limits of one interpretation (the parser's are in inf-parse.h).  A 32 MiB INF can name one
 * big AddReg section thousands of times: without a cap on what it produces, memory would be the
 * limit.  Real INFs produce hundreds of items and nest Needs two or three deep. */
#define INF_MAX_ITEMS 100000       /* registry operations, files, services and models */
#define INF_MAX_NEEDS_DEPTH 64     /* Needs= chains */

struct inf_pos {
  const char *file;   /* borrowed: inf_driver.file */
  guint line;         /* 1-based; 0 when the item was not written in the INF (a default) */
};

/* ---- registry operations (AddReg / DelReg lines, and DDInstall keywords that become values) */

enum inf_reg_root { INF_ROOT_HKR, INF_ROOT_HKLM, INF_ROOT_HKCU, INF_ROOT_HKCR, INF_ROOT_HKU };

/* REG_* value types of winnt.h; other numbers (flags 0xTTTT0001) are kept as they are. */
enum inf_reg_type {
  INF_REG_NONE = 0, INF_REG_SZ = 1, INF_REG_EXPAND_SZ = 2, INF_REG_BINARY = 3,
  INF_REG_DWORD = 4, INF_REG_MULTI_SZ = 7, INF_REG_QWORD = 11,
};

/* Decoded modifier bits of the flags field (the raw value is kept too). */
enum inf_reg_flags {
  INF_REG_NOCLOBBER = 1 << 0,      /* FLG_ADDREG_NOCLOBBER 0x2: keep an existing value */
  INF_REG_DELVAL = 1 << 1,         /* FLG_ADDREG_DELVAL 0x4: delete the value (or key) */
  INF_REG_APPEND = 1 << 2,         /* FLG_ADDREG_APPEND 0x8: add to an existing MULTI_SZ */
  INF_REG_KEYONLY = 1 << 3,        /* FLG_ADDREG_KEYONLY 0x10: create the key only */
  INF_REG_OVERWRITEONLY = 1 << 4,  /* FLG_ADDREG_OVERWRITEONLY 0x20: only if the value exists */
  INF_REG_64BITKEY = 1 << 5,       /* FLG_ADDREG_64BITKEY 0x1000 */
  INF_REG_KEYONLY_COMMON = 1 << 6, /* FLG_ADDREG_KEYONLY_COMMON 0x2000 */
  INF_REG_32BITKEY = 1 << 7,       /* FLG_ADDREG_32BITKEY 0x4000 */
  INF_REG_DELSTRING = 1 << 8,      /* DelReg FLG_DELREG_MULTI_SZ_DELSTRING 0x18002 */
};

enum inf_reg_kind { INF_REG_ADD, INF_REG_DEL };

struct inf_reg_op {
  enum inf_reg_kind kind;
  enum inf_reg_root root;
  char *subkey;        /* '\'-separated path below the root; "" = the root key itself */
  char *value_name;    /* NULL: the key itself (create it, or delete it with DelReg); "" = default value */
  uint32_t raw_flags;  /* the flags field as written (0 when empty) */
  guint flags;         /* enum inf_reg_flags */
  uint32_t type;       /* enum inf_reg_type (or another REG_ number); only for values */
  gboolean has_data;   /* FALSE when the line had no value field */
  char *str;           /* SZ, EXPAND_SZ; for INF_REG_DELSTRING the string to remove */
  char **multi;        /* MULTI_SZ (NULL-terminated) */
  uint64_t number;     /* DWORD, QWORD */
  GBytes *bytes;       /* BINARY, NONE and other types */
  char *section;       /* the AddReg/DelReg section, or the DDInstall section for keywords */
  struct inf_pos pos;
};

/* The value's data as the registry stores it (UTF-16LE strings with terminator, REG_MULTI_SZ
 * list, little-endian DWORD/QWORD, raw bytes).  NULL for a key-only or delete operation. */
GBytes *inf_reg_op_data (const struct inf_reg_op *op, GError **error);
const char *inf_reg_root_name (enum inf_reg_root root);   /* "HKR" */
const char *inf_reg_type_name (uint32_t type);            /* "REG_DWORD"; NULL for other numbers */

/* ---- files */

struct inf_copy_file {
  char *dest_name;      /* name in the destination directory */
  char *source_name;    /* name in the package (= dest_name unless the line renames) */
  uint32_t flags;       /* COPYFLG_* */
  int disk_id;          /* SourceDisksFiles disk, -1 when the file is not listed there */
  char *source_subdir;  /* folder below the INF's folder, '\'-separated, "" = the INF's folder */
  int dest_dirid;       /* DestinationDirs entry, DefaultDestDir, or 11 */
  char *dest_subdir;    /* "" when none */
  char *section;        /* file-list section, or "@" for CopyFiles=@file */
  struct inf_pos pos;   /* the file-list line, or the CopyFiles directive for @file */
};

struct inf_ref {        /* a name an INF refers to: CopyINF, Include, Needs */
  char *name;
  struct inf_pos pos;
};

/* ---- services */

struct inf_event_log {
  char *log_type;       /* EventLogType, default "System" */
  char *source;         /* EventName, default the service name */
  char *section;
  GPtrArray *addreg;    /* struct inf_reg_op *; HKR = ...\EventLog\<log_type>\<source> */
  GPtrArray *delreg;
  struct inf_pos pos;
};

struct inf_service {
  char *name;              /* "" for a null service (AddService = ,0x2) */
  uint32_t flags;          /* SPSVCINST_*: 0x2 = ASSOCSERVICE (the device's function driver) */
  char *install_section;   /* NULL for a null service */
  int service_type;        /* -1 when absent */
  int start_type;
  int error_control;
  char *display_name, *description, *load_order_group, *start_name, *security;
  char **dependencies;     /* NULL-terminated; "+Group" names a load-order group */
  char *binary_raw;        /* ServiceBinary after substitution: "%12%\viostor.sys" */
  int binary_dirid;        /* 12; -1 when the path does not start with a DIRID */
  char *binary_path;       /* "viostor.sys": the rest below the DIRID (or the whole path) */
  GPtrArray *addreg;       /* struct inf_reg_op *; HKR = Services\<name> */
  GPtrArray *delreg;
  GPtrArray *event_logs;   /* struct inf_event_log * */
  struct inf_pos pos;      /* the AddService line */
};

/* ---- install sections and models */

struct inf_install {
  char *base_name;           /* as the Models line names it: "scsi_inst" */
  char *name;                /* the decorated section used: "scsi_inst", "FWCfg_Device.NT" */
  struct inf_pos pos;        /* its [header] */
  GPtrArray *copy_files;     /* struct inf_copy_file *: DDInstall and .CoInstallers CopyFiles */
  GPtrArray *addreg;         /* struct inf_reg_op *: DDInstall AddReg + Characteristics, BusType, *IfType...; HKR = driver (software) key */
  GPtrArray *delreg;
  GPtrArray *hw_addreg;      /* .HW AddReg; HKR = device (hardware) key */
  GPtrArray *hw_delreg;
  GPtrArray *coinstaller_addreg; /* .CoInstallers AddReg; HKR = driver key */
  GPtrArray *services;       /* struct inf_service *, in AddService order */
  GPtrArray *copy_inf;       /* struct inf_ref * */
  GPtrArray *includes;       /* struct inf_ref *: Include= INF names */
  GPtrArray *needs;          /* struct inf_ref *: Needs= sections not in this INF (in an included INF) */
  guint feature_score;       /* FeatureScore, 0xFF when absent */
  gboolean has_feature_score;
};

struct inf_model {
  char *manufacturer;        /* [Manufacturer] name, substituted */
  char *models_section;      /* the decorated Models section: "VioStor.NTamd64.6.3" */
  char *description;         /* "Red Hat VirtIO SCSI controller" */
  char *description_raw;     /* "%VioStorScsi.DeviceDesc%" (DriverDatabase keeps the token) */
  char *install_section;     /* as written: "scsi_inst" */
  const struct inf_install *install;  /* borrowed from inf_driver.installs */
  char *hardware_id;         /* "" when the line has none */
  char **compatible_ids;     /* NULL-terminated, possibly empty */
  struct inf_pos pos;
};

/* One [Manufacturer] entry and the Models section chosen from its decorations. */
struct inf_models_choice {
  char *manufacturer;
  char *section;             /* chosen decorated Models section, NULL when none applies */
  char *decoration;          /* "NTamd64.6.3"; "" for the undecorated section */
  char *reason;              /* why this one, or why none applies */
  struct inf_pos pos;        /* the [Manufacturer] line */
};

struct inf_driver_ver {
  gboolean present;
  int year, month, day;
  guint16 version[4];        /* missing parts are 0 */
  struct inf_pos pos;
};

struct inf_driver {
  char *file;                    /* INF name used in messages (owned; inf_pos.file points here) */
  struct ws_target target;       /* what the models were chosen for */
  gboolean any_version;          /* built by inf_driver_new_all: versions ignored */
  char *signature;               /* "$Windows NT$" */
  char *class_name;              /* "SCSIAdapter"; NULL when absent */
  uint8_t class_guid[16];        /* Windows byte order (ws-text.h) */
  gboolean has_class_guid;
  char *provider;
  struct inf_driver_ver driver_ver;
  char *catalog;                 /* CatalogFile for the target's platform, NULL when none */
  char *catalog_key;             /* the directive used: "CatalogFile.NTamd64", "CatalogFile" */
  int pnp_lockdown;              /* -1 when absent */
  char *package_type;            /* DriverPackageType */
  char *package_display_name;    /* DriverPackageDisplayName */
  GPtrArray *choices;            /* struct inf_models_choice *, one per [Manufacturer] entry */
  GPtrArray *models;             /* struct inf_model * that apply to the target */
  GPtrArray *installs;           /* struct inf_install *, one per distinct DDInstall section */
  GHashTable *strings;           /* string table: lower-cased key -> substituted value */
  struct inf_pos version_pos;    /* [Version] header */
};

/* Interpret `inf` for `target`.  An INF whose decorations exclude the target is not an error:
 * the driver has no models and each choice says why.  NULL + *error on a malformed INF. */
struct inf_driver *inf_driver_new (const struct inf_file *inf, const struct ws_target *target,
                                   GError **error);

/* Interpret every Models section usable on `arch`, whatever the OS version: what a package
 * holds for that platform (listing, completeness checks). */
struct inf_driver *inf_driver_new_all (const struct inf_file *inf, enum ws_arch arch, GError **error);

/* FALSE when an interpretation for `arch` meets a name that would leave the package or its
 * destination folders (inf-names.h), with that error; other problems of the INF are for
 * inf_driver_new_all to report.  Every interpretation refuses such names; this tells them apart
 * from a malformed INF, so that a driver set holding one can be refused as a whole. */
gboolean inf_driver_names_safe (const struct inf_file *inf, enum ws_arch arch, GError **error);

void inf_driver_free (struct inf_driver *drv);
typedef struct inf_driver inf_driver;   /* for g_autoptr (inf_driver) */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (inf_driver, inf_driver_free)

/* The services of every install section, without duplicates by name (borrowed). */
GPtrArray *inf_driver_services (const struct inf_driver *drv);

/* "2021-08-30" and "100.85.104.20800" (g_free). */
char *inf_driver_ver_date (const struct inf_driver_ver *v);
char *inf_driver_ver_version (const struct inf_driver_ver *v);
/* <0 when a is older than b, >0 when newer (date first, then version), like strcmp. */
int inf_driver_ver_cmp (const struct inf_driver_ver *a, const struct inf_driver_ver *b);

/* ---- TargetOSVersion decorations (inf-decoration.c) */

struct inf_decoration {
  gboolean nt;               /* FALSE: the undecorated Models section */
  enum ws_arch arch;         /* WS_ARCH_UNKNOWN when none is given */
  gboolean has_arch;
  gboolean bad;              /* not understood: never applies */
  guint major, minor, build; /* 0 when not given */
  gboolean has_version;
  uint32_t product_type;     /* 0 when not given */
  uint32_t suite_mask;       /* 0 when not given */
};

/* "NTamd64.10.0...17763" -> decoration ("" = undecorated). */
void inf_decoration_parse (const char *text, struct inf_decoration *out);
/* Whether Windows would consider it on `t`; when not, *why gets the reason (g_free). */
gboolean inf_decoration_applies (const struct inf_decoration *d, const struct ws_target *t, char **why);
/* Of two applicable decorations, >0 when a is the better (closer) match. */
int inf_decoration_cmp (const struct inf_decoration *a, const struct inf_decoration *b);

#endif
