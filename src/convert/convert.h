/* convert: the conversion pipeline (docs/architecture.md):
 *
 *   options -> open (one appliance; guest mounted read-only) -> inspect -> preflight (refuse
 *   unsafe guests) -> select packages -> plan (pure: registry edits per hive + file operations)
 *   -> [--dry-run stops here and prints the plan] -> stage on the host (the writes that patch each
 *   hive in place and their undo records, files extracted) -> remount read-write -> commit
 *   (convert-txn: files first, hives last, undo records kept) -> verify (what was written, read
 *   back from the disk)
 *   -> [--output: the overlays copied out to new images, convert-output.h]
 *   -> [--libvirt-xml: the converted guest's domain, convert-domain.c] -> report
 * The phases and what each returns: convert-internal.h.
 *
 * Everything before the commit only reads the guest, so any failure there leaves the image
 * bit-identical; a failure in the commit is rolled back (convert-txn.h).
 */
#ifndef WS_CONVERT_H
#define WS_CONVERT_H

#include <stdint.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "fb.h"
#include "inspect.h"
#include "session.h"
#include "session-domain.h"

struct convert_opts {
  struct session_opts session; /* disks, --root, -v, -x (writable is decided by convert_run) */
  gboolean quiet;           /* -q: no progress messages */
  char *drivers;            /* --drivers PATH */
  gboolean want_block;      /* viostor (virtio-blk) */
  gboolean want_scsi;       /* vioscsi (virtio-scsi) */
  gboolean block_explicit;  /* --block-driver given: a missing one is an error, not a warning */
  gboolean want_net;        /* NetKVM; --no-network clears it */
  char **extra_roles;       /* --also ROLE: other driver roles ("balloon", "class:system"...) */
  gboolean dry_run;
  char *report_file;        /* --report FILE: JSON report written there */
  enum fb_hook firstboot;   /* --firstboot service|setup-cmdline, --no-firstboot */
  char **nic_map;           /* --nic-map OLD=NEW (MACs) */
  gboolean keep_tools;      /* --keep-tools: leave the old hypervisor's tools and filters */
  gboolean keep_san_policy; /* --keep-san-policy: leave partmgr's SanPolicy */
  char **outputs;           /* --output FILE, one per disk in -a order: the sources are only read */
  char *output_format;      /* --output-format raw|qcow2, NULL: raw for a raw source, else qcow2 */
  char *libvirt_xml;        /* --libvirt-xml FILE: the converted guest's libvirt domain */
  struct domain_vm vm;      /* --name, --memory, --vcpus, --network, --bridge for that domain */
};

/* One --output image. */
struct convert_output {
  char *path;
  char *format;             /* "raw", "qcow2" */
  char *source;             /* the -a disk it is the converted copy of */
  gboolean written;         /* complete and renamed into place */
  gint64 size;              /* bytes of the file, -1 when not known */
  double seconds;           /* the copy and its check */
};
void convert_output_free (gpointer p);

/* One package the conversion installed (or would install). */
struct convert_package {
  char *role;               /* "block", "scsi", "net" */
  char *inf_path;           /* driver-set relative */
  char *reason;             /* why this package */
  char *action;             /* "install", "refresh", "upgrade", "skip" */
  char *published;          /* "oem12.inf" */
  char *store;              /* FileRepository / DriverPackageId name, NULL for XP */
  char *ddb_hive;           /* "SYSTEM", "DRIVERS", NULL for CriticalDeviceDatabase guests */
  char *driver_ver;         /* "2021-08-30, 100.85.104.20800" */
  char **services;
  char **ids;
  char **files;             /* guest paths */
};

/* One NIC the first boot carries to its new virtio NIC. */
struct convert_fb_nic {
  char *name;               /* the old connection name, NULL when the hive has none */
  char *old_mac;            /* NULL when the hive records none */
  char *new_mac;            /* the MAC the payload looks for; NULL: the only new virtio NIC */
  char *matched_by;         /* "MAC", "--nic-map", "only static NIC" */
  char **settings;          /* "nic1-address-1: set 192.168.1.123/255.255.255.0 ...", one each */
};

enum convert_phase { PH_OPEN, PH_INSPECT, PH_SELECT, PH_PLAN, PH_STAGE, PH_COMMIT, PH_VERIFY, PH_OUTPUT,
                     PH_COUNT };
/* "open", "inspect", ...: the report's "seconds" members and the phase events' names. */
extern const char *const convert_phase_names[PH_COUNT];

struct convert_result {
  struct ws_windows *windows;   /* owned */
  GPtrArray *packages;          /* struct convert_package * */
  char **backups;               /* guest paths of the hive originals kept */
  char **written;               /* guest paths written */
  GPtrArray *warnings;          /* char * */
  char *plan_text;              /* the plan as .reg text per hive + file list */
  guint n_edits;
  gboolean changed;             /* something was written */
  char *firstboot_hook;         /* "service winseed-firstboot", "setup-cmdline", NULL: none */
  char *firstboot_payload;      /* guest path of the payload */
  GPtrArray *firstboot_nics;    /* struct convert_fb_nic *: what the first boot carries */
  GPtrArray *platform_changes;  /* struct platform_change *: tools disabled, filters, SanPolicy */
  GPtrArray *outputs;           /* struct convert_output *, NULL without --output */
  struct session_domain_doc domain; /* --libvirt-xml: what was written (xml NULL: nothing) */
  double seconds[PH_COUNT];
};

void convert_opts_init (struct convert_opts *o);
void convert_opts_clear (struct convert_opts *o);
void convert_result_clear (struct convert_result *r);

/* Run the pipeline.  On failure *error says what and where; the guest is unchanged unless the
 * code is WS_EXIT_ROLLBACK_INCOMPLETE. */
gboolean convert_run (const struct convert_opts *opts, struct convert_result *result, GError **error);

/* convert-report.c: the text report, and the report's JSON members (the command driver wraps
 * them in its envelope; --report FILE gets the same document). */
void convert_report_text (GString *out, const struct convert_result *r, const struct convert_opts *o);
void convert_report_json (JsonBuilder *b, const struct convert_result *r, const struct convert_opts *o);

#endif
