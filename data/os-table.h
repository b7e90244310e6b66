/* os-table: Windows releases and their virtio-win folder names (generated from os-versions.tsv).
 *
 * Pure lookups over a constant table; every pointer returned is static and never freed.
 */
#ifndef WS_OS_TABLE_H
#define WS_OS_TABLE_H

#include <stddef.h>
#include <glib.h>

#include "ws-target.h"

/* How the kernel finds the boot storage driver
 * (docs/windows-boot-drivers.md#boot-models-by-windows-version). */
enum os_boot_model {
  OS_BOOT_CDD,   /* CriticalDeviceDatabase: XP ... 7 / 2008 R2 */
  OS_BOOT_DDB,   /* DriverDatabase: 8 / 2012 and later */
};

struct os_version {
  const char *name;              /* "2k19": the ISO folder name where one exists */
  guint major, minor, build;     /* build = the release's first build */
  enum ws_product_type product;  /* WS_PRODUCT_WORKSTATION or WS_PRODUCT_SERVER */
  enum os_boot_model boot;
  const char *iso_dir;           /* "2k19"; NULL when virtio-win never had one */
  const char *rpm_dir;           /* "Win2019"; NULL when the RPM has none */
  const char *aliases;           /* "win2k19,2019,win2019" */
  const char *title;             /* "Windows Server 2019" */
  int tsv_line;                  /* line in os-versions.tsv */
};

extern const struct os_version os_table_rows[];
extern const size_t os_table_rows_len;

/* The release a target runs: same major.minor and product class (a DC is a server), the
 * highest first build not above the target's build (build 0 = the earliest).  When no row has
 * the product class, any row of that version.  NULL for a version the table lacks. */
const struct os_version *os_table_for_target (const struct ws_target *t);

/* A row by name, ISO folder, RPM folder or alias (ASCII case-insensitive).  NULL if none. */
const struct os_version *os_table_lookup (const char *name);

/* A row by a driver-set folder name (ISO or RPM spelling).  When two rows share a folder
 * (Vista and 2008 use "2k8") the first is returned; compare folders with os_table_same_dir. */
const struct os_version *os_table_for_dir (const char *dir);

/* TRUE when folder name `dir` is the folder virtio-win uses for `os` (ISO or RPM spelling). */
gboolean os_table_is_dir_of (const struct os_version *os, const char *dir);

/* Boot model for a target; DDB for versions newer than the table. */
enum os_boot_model os_table_boot_model (const struct ws_target *t);

#endif
