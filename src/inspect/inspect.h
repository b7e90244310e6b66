/* inspect: what Windows is in the guest, read from its files and registry hives.
 *
 * Two halves:
 *   inspect_hives()  pure with respect to the guest: takes opened SYSTEM/SOFTWARE hives and fills
 *                    the registry facts (so tests can run it on the real fixture hives directly);
 *   inspect_root()   guest I/O: downloads the hives, runs inspect_hives(), adds file-based facts
 *                    (hiberfil.sys, DRIVERS hive present) and disk-level blockers.
 * The result is plain data consumed by the report (inspect-report.c) and by later stages
 * (selection, planning); nothing here writes to the guest.
 */
#ifndef WS_INSPECT_H
#define WS_INSPECT_H

#include <stdint.h>
#include <glib.h>

#include "guest.h"
#include "hive-read.h"
#include "net-nic.h"

enum ws_boot_model {
  WS_BOOT_CDDB,   /* XP..7/2008R2: Control\CriticalDeviceDatabase + boot-start service */
  WS_BOOT_DDB,    /* 8+/2012+: kernel PnP and SYSTEM\DriverDatabase */
};

struct ws_storage {
  char *instance_id;      /* Enum path of the controller */
  char *description;      /* DeviceDesc (may be an @inf,%x%;text string) */
  char *class_guid;
  char *service;
  uint32_t start;         /* Services\<svc>\Start (UINT32_MAX when the service is missing) */
  gboolean start_override;/* StartOverride present (demotes a boot driver) */
  char *image_path;
};

void ws_storage_free (struct ws_storage *s);

struct ws_blocker {
  char *kind;             /* "hibernation", "fast-startup", "bitlocker", "pending-file-rename",
                             "device-install-policy", "dynamic-disk" */
  char *detail;
  gboolean refuses;       /* convert refuses to run (TRUE) or only warns (FALSE) */
};

struct ws_windows {
  /* identity */
  char *root_device;
  char *product_name;     /* as the SOFTWARE hive says */
  char *os_name;          /* our reading: "Windows 11", "Windows Server 2019", ... */
  int major, minor, build;
  char *display_version;  /* DisplayVersion / CSDVersion */
  char *edition_id;
  char *installation_type;/* "Client", "Server", "Server Core" */
  gboolean server;
  char *arch;             /* "x86", "amd64", "arm64" (Windows names) */
  char *systemroot;       /* guest path, "/Windows" */
  char *drive_letter;
  char *hostname;
  /* registry facts */
  char *control_set;      /* "ControlSet001" (from Select\Current) */
  enum ws_boot_model boot_model;
  gboolean has_drivers_hive;
  gboolean rtc_utc;       /* TimeZoneInformation\RealTimeIsUniversal = 1: the RTC holds UTC */
  GPtrArray *storage;     /* struct ws_storage * */
  GPtrArray *virtio;      /* char *: virtio drivers already present, one description each */
  GPtrArray *nics;        /* struct net_nic * (network/net-nic.h) */
  GPtrArray *blockers;    /* struct ws_blocker * */
};

struct ws_windows *ws_windows_new (void);
void ws_windows_free (struct ws_windows *w);
typedef struct ws_windows ws_windows;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ws_windows, ws_windows_free)

void ws_windows_add_blocker (struct ws_windows *w, const char *kind, gboolean refuses,
                             const char *fmt, ...) G_GNUC_PRINTF (4, 5);

/* Registry facts from SYSTEM (required) and SOFTWARE (may be NULL). */
gboolean inspect_hives (struct ws_windows *w, hive_reader *system, hive_reader *software,
                        GError **error);

/* The drive letter MountedDevices gives the partition id (g_free), NULL when none does. */
char *inspect_drive_letter (hive_reader *system, const struct guest_part_id *id);

/* Human name of an NT version ("Windows Server 2019"); static string. */
const char *inspect_os_name (int major, int minor, int build, gboolean server);

#endif
