/* verify: an offline, independent judgement of whether a Windows guest boots on virtio storage.
 *
 * verify reads the guest the way Windows reads itself at boot, and nothing else: it never looks at
 * a conversion plan or an INF, so it can judge images converted by anything (winseed, virt-v2v,
 * an older tool, an administrator with regedit).  For each controller it
 *   1. builds the hardware and compatible IDs Windows builds for the PCI function
 *      (docs/windows-boot-drivers.md#pci-hardware-and-compatible-ids);
 *   2. finds the driver as the guest's boot model does: the first CriticalDeviceDatabase match on
 *      XP..7/2008 R2 (docs/windows-boot-drivers.md#criticaldevicedatabase), or every
 *      DriverDatabase\DeviceIds match on 8 and later, each followed through DriverInfFiles,
 *      DriverPackages (Version), Descriptors and Configurations, ranked as PnP ranks them
 *      (docs/windows-boot-drivers.md#driverdatabase,
 *      docs/windows-boot-drivers.md#how-kernel-pnp-follows-the-chain,
 *      docs/windows-boot-drivers.md#driver-ranking);
 *   3. checks the driver's service as winload needs it (Type, Start, StartOverride, Group, Tag,
 *      ImagePath and the file; docs/windows-boot-drivers.md#boot-start-services), then the disk
 *      stack every boot disk needs (the GenDisk driver, disk, partmgr, the volume manager, and
 *      volsnap/fvevol when they are boot drivers), and the filters of those classes
 *      (docs/old-platform.md#class-filters).
 * The result lists every link walked (hive, key path, value, what is there) and the first broken
 * one with its consequence in plain words.
 *
 * Two halves:
 *   verify_walk()   pure with respect to the guest: opened hives in, a plain result out; guest
 *                   files are reached through struct verify_files, so the unit tests run it on the
 *                   real fixture hives with a table of fake files;
 *   verify.c        the command: opens the guest read-only, downloads SYSTEM (and DRIVERS), runs
 *                   the walk for the requested buses and reports (verify-report.c).
 */
#ifndef WS_VERIFY_H
#define WS_VERIFY_H

#include <stdint.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "hive-read.h"

/* The setup classes a boot storage walk expects
 * (docs/windows-boot-drivers.md#driverpackages-version,
 * docs/windows-boot-drivers.md#criticaldevicedatabase). */
#define VERIFY_CLASS_SCSIADAPTER "{4D36E97B-E325-11CE-BFC1-08002BE10318}"
#define VERIFY_CLASS_DISKDRIVE "{4D36E967-E325-11CE-BFC1-08002BE10318}"
/* The network adapter class (docs/firstboot.md#verify). */
#define VERIFY_CLASS_NET "{4D36E972-E325-11CE-BFC1-08002BE10318}"

/* One PCI function as the hypervisor presents it. */
struct verify_device {
  const char *bus;          /* "virtio-blk", "virtio-scsi", "virtio-net" */
  const char *variant;      /* "legacy", "modern" */
  uint16_t vendor, device;
  uint16_t subsys_vendor, subsys;
  uint8_t revision;
  uint32_t class_code;      /* base class, subclass, programming interface: 0x010000, 0x020000 */
  const char *class_guid;   /* the setup class its driver must belong to */
  const char *class_name;   /* "SCSIAdapter" */
};

/* How the guest finds boot drivers for new devices. */
enum verify_model {
  VERIFY_MODEL_CDDB,        /* XP..7/2008 R2: Control\CriticalDeviceDatabase */
  VERIFY_MODEL_DDB,         /* 8/2012 and later: kernel PnP and SYSTEM\DriverDatabase */
};

enum verify_status {
  VERIFY_LINK_OK,
  VERIFY_LINK_WARNING,      /* works, but worth knowing (e.g. loses ranking ties) */
  VERIFY_LINK_BROKEN,       /* Windows will not boot from the controller */
};

/* One step of the walk. */
struct verify_link {
  char *what;               /* the step: "DeviceIds", "Version", "Start", "file", ... */
  char *where;              /* "SYSTEM\\DriverDatabase\\DeviceIds\\PCI\\VEN_1AF4&DEV_1001", or a guest path */
  char *value;              /* value name; NULL for a key or a file */
  char *found;              /* what is there, in words; NULL when absent */
  enum verify_status status;
  char *why;                /* warning or broken: one sentence naming the key and the consequence */
};

/* A driver that matches one of the device's IDs. */
struct verify_candidate {
  char *device_id;          /* the device's ID that matched */
  gboolean device_compatible; /* that ID is one of the device's compatible IDs */
  guint position;           /* its index in the device's hardware or compatible list */
  char *source;             /* DDB: published INF name ("oem3.inf"); CDDB: the key name */
  guint8 inf_flags;         /* DDB: 1 = the INF lists the ID as a hardware ID, 2 = as compatible */
  guint8 feature_score;     /* DDB: the INF's FeatureScore (0xff by default) */
  uint32_t rank;            /* 0x00GGTHHH as PnP computes it
                               (docs/windows-boot-drivers.md#driver-ranking); lower wins */
  char *package;            /* DDB: DriverPackages key; NULL when unresolved */
  uint64_t date;            /* DDB: DriverVer date (FILETIME) from Version, 0 when unknown */
  uint64_t version;         /* DDB: DriverVer version, major<<48 | minor<<32 | build<<16 | rev */
  char *service;            /* the service it starts; NULL when unresolved */
  GPtrArray *links;         /* struct verify_link *: this candidate's links up to its service */
  const struct verify_link *broken; /* first broken link in links; NULL when usable */
  gboolean winner;
};

/* The verdict for one controller. */
struct verify_controller {
  const struct verify_device *device;
  char **hardware_ids;      /* as Windows lists them, most specific first */
  char **compatible_ids;
  GPtrArray *candidates;    /* struct verify_candidate *, usable ones first, best first */
  GPtrArray *chain;         /* struct verify_link *: the driver's links, its service, the disk stack */
  const struct verify_link *broken; /* first broken link of chain; NULL: boots */
};

struct verify_result {
  enum verify_model model;
  char *control_set;        /* "ControlSet001" */
  GPtrArray *controllers;   /* struct verify_controller * */
};

void verify_result_free (struct verify_result *r);
typedef struct verify_result verify_result;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (verify_result, verify_result_free)

/* Guest files, as the walk sees them. */
struct verify_files {
  /* Size in bytes of a guest file ('/'-separated path below the mounted root, any case); -1 when
   * it does not exist (no error), -1 with *error set when the check itself failed. */
  int64_t (*size) (void *opaque, const char *path, GError **error);
  /* The virtio-net walk only (NULL for the storage walks).  The first max bytes of a guest file
   * (g_free; *len set), NULL when it does not exist (no error) or with *error on a failure. */
  char *(*read) (void *opaque, const char *path, size_t max, size_t *len, GError **error);
  /* The names in a guest folder (g_strfreev), NULL when it does not exist (no error) or with
   * *error on a failure. */
  char **(*list) (void *opaque, const char *dir, GError **error);
  void *opaque;
};

/* What the walk reads: nothing but the guest's own hives and files. */
struct verify_guest {
  hive_reader *system;      /* required */
  hive_reader *drivers;     /* the DRIVERS hive, NULL when the guest has none */
  hive_reader *software;    /* the virtio-net walk on XP..7 only: DevicePath; may be NULL */
  int major, minor;         /* NT version: chooses the boot model */
  int build;                /* the virtio-net walk on XP..7: chooses the INF's Models section */
  const char *arch;         /* Windows' name ("x86", "amd64"); the same use */
  const char *systemroot;   /* guest path of %SystemRoot%: "/Windows" */
  const char *drive_letter; /* the system drive ("C"); NULL when unknown (C assumed) */
  struct verify_files files;
};

/* verify-ids.c: the controllers and their IDs. */

/* The virtio storage controllers: blk legacy/modern, scsi legacy/modern (borrowed, static). */
const struct verify_device *verify_virtio_devices (size_t *n);
/* The virtio network adapters: legacy/modern (borrowed, static). */
const struct verify_device *verify_virtio_net_devices (size_t *n);
/* TRUE for a network adapter (its walk is verify-net.c's, not the boot walk). */
gboolean verify_device_is_net (const struct verify_device *d);
/* Windows' HardwareID and CompatibleIDs lists for a PCI function (g_strfreev each).  vista_or_later
 * adds the "&DT_0" class IDs that Windows Vista and later list (REAL 7 and 10 hives; XP has none). */
void verify_pci_ids (const struct verify_device *d, gboolean vista_or_later, char ***hardware,
                     char ***compatible);
/* "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00" (g_free). */
char *verify_device_name (const struct verify_device *d);
const char *verify_model_name (enum verify_model m);
/* verify-walk.c: how a Windows version finds drivers for new devices (NT 6.2, Windows 8, and
 * later: the DriverDatabase). */
enum verify_model verify_boot_model (int major, int minor);

/* verify-walk.c: the walk. */

/* Judge each device (storage controllers: boots; network adapters: comes up with the guest's
 * network identity, verify-net.c); FALSE + error only when a hive cannot be read (WS_EXIT_BAD_INPUT) or a guest
 * file check fails. */
struct verify_result *verify_walk (const struct verify_guest *g, const struct verify_device *devices,
                                   size_t n_devices, GError **error);
/* TRUE when every controller of the bus ("all" = every controller) boots (or, for virtio-net,
 * comes up). */
gboolean verify_result_boots (const struct verify_result *r, const char *bus);

/* verify-report.c: output. */

/* Human text: one verdict line per controller, warnings under it, every link when verbose. */
void verify_report_text (GString *out, const struct verify_result *r, gboolean verbose);
/* "virtio-blk: boots" / "virtio-scsi: does not boot", one line per bus walked. */
void verify_report_bus_text (GString *out, const struct verify_result *r);
/* JSON members for the caller's open object: boot_model, control_set, boots, buses[] and, per
 * controller, IDs, verdict, reason, broken_link, candidates[] and chain[]. */
void verify_report_json (JsonBuilder *b, const struct verify_result *r);

/* Internal: shared by the walk's files. ---------------------------------------------------- */

/* The state of one walk (verify-walk.c owns it). */
struct verify_ctx {
  const struct verify_guest *g;
  enum verify_model model;
  char *control_set;        /* "ControlSet001" */
  hive_node control;        /* <control set>\Control */
  hive_node services;       /* <control set>\Services, 0 when absent */
  char **group_order;       /* Control\ServiceGroupOrder\List; NULL when absent */
};

/* verify-link.c: links and candidates. */
const struct verify_link *verify_ok (GPtrArray *chain, const char *what, const char *where,
                                     const char *value, const char *found);
const struct verify_link *verify_warn (GPtrArray *chain, const char *what, const char *where,
                                       const char *value, const char *found, const char *fmt, ...)
  G_GNUC_PRINTF (6, 7);
const struct verify_link *verify_broken (GPtrArray *chain, const char *what, const char *where,
                                         const char *value, const char *found, const char *fmt, ...)
  G_GNUC_PRINTF (6, 7);
/* First broken link of a chain, or NULL. */
const struct verify_link *verify_chain_broken (const GPtrArray *chain);
GPtrArray *verify_chain_new (void);
struct verify_candidate *verify_candidate_new (const char *device_id, gboolean compatible,
                                               guint position, const char *source);
void verify_candidate_free (struct verify_candidate *c);
struct verify_controller *verify_controller_new (const struct verify_device *d);
void verify_controller_free (struct verify_controller *c);
/* Copy the chosen candidate's links into chain (or, when none is usable, the best one's, which
 * end at its broken link); the service to check next, NULL when the chain is broken. */
const char *verify_chain_take (GPtrArray *chain, const struct verify_candidate *win,
                               const GPtrArray *candidates);
/* Read a value; a value that is there but unreadable (wrong type, bad data) sets *problem
 * (g_free) instead of an error, so the walk reports it as a broken link.  TRUE when read. */
gboolean verify_read_string (hive_reader *h, hive_node n, const char *name, char **out, char **problem);
gboolean verify_read_dword (hive_reader *h, hive_node n, const char *name, uint32_t *out, char **problem);
gboolean verify_read_multi (hive_reader *h, hive_node n, const char *name, char ***out, char **problem);

/* verify-ddb.c: Windows 8 and later. */

/* Match the device's IDs in DriverDatabase\DeviceIds, follow each match to its service, rank
 * them and return the winner (in candidates, best first); NULL when none is usable.  Links of the
 * walk are on the candidates; chain only gets a link when nothing matched. */
const struct verify_candidate *verify_ddb_find (struct verify_ctx *c, char **hardware, char **compatible,
                                                const char *class_guid, const char *class_name,
                                                GPtrArray *candidates, GPtrArray *chain, GError **error);
/* The same search in one hive's DriverDatabase (hive_name: "SYSTEM", "DRIVERS"), with
 * consequence ending each broken link's sentence.  Nothing matched: NULL, candidates empty and
 * chain untouched, so the caller says what that means for its device. */
const struct verify_candidate *verify_ddb_find_in (struct verify_ctx *c, hive_reader *h, const char *hive_name,
                                                   const char *consequence, char **hardware,
                                                   char **compatible, const char *class_guid,
                                                   const char *class_name, GPtrArray *candidates,
                                                   GPtrArray *chain, GError **error);

/* verify-cddb.c: Windows XP..7/2008 R2. */

/* The first CriticalDeviceDatabase key matching the device's IDs that names a service: the one the
 * kernel takes, returned even when its ClassGUID is broken (its links say so); NULL when none. */
const struct verify_candidate *verify_cddb_find (struct verify_ctx *c, char **hardware, char **compatible,
                                                 const char *class_guid, const char *class_name,
                                                 GPtrArray *candidates, GPtrArray *chain, GError **error);

/* verify-service.c: what winload needs of a boot driver. */

/* Check service as a boot-start kernel driver; need_group: a missing Group is broken (storage
 * miniports) rather than allowed (disk.sys has none).  Appends links and stops at the first broken
 * one; FALSE + error only on a hive or guest failure. */
gboolean verify_service (struct verify_ctx *c, const char *service, gboolean need_group,
                         GPtrArray *chain, GError **error);
/* The guest path ImagePath names, resolved as the boot loader does (relative to %SystemRoot%,
 * \SystemRoot\, %SystemRoot%, \??\C:\, C:\); absent means System32\drivers\<service>.sys.  NULL with
 * *problem (g_free) when the boot loader could not follow it. */
char *verify_image_path (const char *image_path, const char *service, const char *systemroot,
                         const char *drive_letter, char **problem);

/* Check service as a PnP driver that needs not start at boot (a network adapter's): the key,
 * Type 1, a Start that is not 4 (disabled) nor demoted to it by StartOverride, and the ImagePath
 * file; consequence ends each broken link's sentence. */
gboolean verify_pnp_service (struct verify_ctx *c, const char *service, const char *consequence,
                             GPtrArray *chain, GError **error);

/* verify-net.c: the virtio NIC: its driver found as PnP finds it (the DriverDatabase of DRIVERS,
 * then SYSTEM, on 8 and later; an INF in a DevicePath folder or an oemN.inf on XP..7), its
 * service, then the first-boot payload that gives it the old NIC's settings
 * (verify-firstboot.c). */
gboolean verify_net_walk (struct verify_ctx *c, struct verify_controller *ctl, GError **error);

/* verify-net-inf.c: XP..7: the first INF PnP can find in the guest that names one of the
 * device's IDs, and the service its install section associates (*service, g_free); *service
 * NULL and a broken link in chain when none.  FALSE + error only when the guest cannot be read. */
gboolean verify_net_inf_find (struct verify_ctx *c, char **hardware, char **compatible,
                              GPtrArray *candidates, GPtrArray *chain, char **service, GError **error);

/* verify-firstboot.c: every NIC whose settings a new adapter would lose has them in winseed's
 * first-boot payload, and the payload is scheduled (docs/firstboot.md#verify). */
gboolean verify_firstboot (struct verify_ctx *c, GPtrArray *chain, GError **error);

/* verify-filters.c: every UpperFilters/LowerFilters entry of the storage controller, HDC,
 * DiskDrive and Volume classes names an existing service that is not disabled (broken link
 * otherwise); of the Net class, the same as warnings (docs/old-platform.md#class-filters). */
gboolean verify_class_filters (struct verify_ctx *c, GPtrArray *chain, GError **error);

#endif
