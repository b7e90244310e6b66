/* convert-internal: the phases of one conversion (docs/architecture.md#convert-phases).
 *
 * Each phase takes what earlier phases returned and returns its own result; none reads or writes
 * another phase's state:
 *
 *   conv_gather  (session)                     -> struct conv_guest      everything read from the guest
 *   conv_select  (options, driver set, Windows) -> struct conv_selection  the packages, per role
 *   conv_plan    (guest, selection)             -> struct conv_plan       pure: edits + file operations
 *   conv_stage   (guest, selection, plan)       -> txn                    every byte prepared on the host
 *   txn_commit   (txn)                                                    the guest written (convert-txn.h)
 *   conv_verify  (guest, plan)                                            what reached the disk, checked
 *   conv_packages(selection, plan)              -> the report's package list
 */
#ifndef WS_CONVERT_INTERNAL_H
#define WS_CONVERT_INTERNAL_H

#include "convert.h"
#include "convert-txn.h"
#include "driver-set.h"
#include "guest.h"
#include "match.h"
#include "plan.h"
#include "reg-plan.h"
#include "session-domain.h"

/* One hive the conversion may edit. */
struct conv_hive {
  gboolean present;     /* the guest has this hive */
  char *guest_path;     /* "/Windows/System32/config/SYSTEM" */
  hive_reader *reader;  /* read in place in the guest (the session's; NULL once the commit wrote) */
};

/* One Windows\INF\oem*.inf and the digest of its bytes. */
struct conv_oem_inf {
  char *name;           /* "oem3.inf" */
  char *digest;         /* first 16 hex digits of its SHA-256 */
};

/* gather: everything the later phases need from the guest, read once. */
struct conv_guest {
  struct ws_windows *windows;          /* owned */
  struct conv_hive hives[REG_HIVE_COUNT];
  GPtrArray *oem_infs;                 /* struct conv_oem_inf * */
};

/* select: the package serving each requested role, and the planners' view of each package. */
struct conv_selection {
  struct driver_set *ds;
  struct drv_selection *sel;
  GPtrArray *chosen;                   /* const struct drv_choice * in role order */
  struct plan_package *pkgs;           /* one per distinct chosen package */
  const struct drv_choice **pkg_choice;/* pkgs[i] serves the role of pkg_choice[i] (first one) */
  size_t n_pkgs;
  GPtrArray *keep;                     /* strings pkgs point into (g_free) */
  GPtrArray *keep_strv;                /* string vectors pkgs point into (g_strfreev) */
  GPtrArray *warnings;                 /* char *: a role the set cannot serve, when optional */
};

/* plan: what the conversion writes, computed from the two above without touching the guest. */
struct conv_plan {
  struct plan_facts *facts;
  GPtrArray *layouts;                  /* struct plan_layout *, one per package, in pkgs order */
  struct reg_plan *edits;
  GPtrArray *file_ops;                 /* struct plan_file_op * */
  char **warnings;                     /* INF lines the planners could not honour */
  char *text;                          /* the plan as .reg text per hive + file list */
  char *fb_payload;                    /* the first-boot batch text, NULL when none */
  char *fb_guest_path;                 /* where it goes: "/Windows/winseed/firstboot.cmd" */
  GPtrArray *fb_nics;                  /* struct convert_fb_nic * for the report */
  GPtrArray *fb_warnings;              /* char *: NICs not carried */
  GPtrArray *platform_changes;         /* struct platform_change *: the old platform retired */
};

gboolean conv_gather (session *s, struct conv_guest *out, GError **error);
/* Once the guest's hives were written: the readers' caches are stale (the session's are closed). */
void conv_guest_release_hives (session *s, struct conv_guest *gu);
void conv_guest_clear (struct conv_guest *gu);

/* Takes ds (opened before the appliance starts, so a bad driver set costs no launch). */
gboolean conv_select (const struct convert_opts *o, struct driver_set *ds, const struct ws_windows *w,
                      struct conv_selection *out, GError **error);
void conv_selection_clear (struct conv_selection *sel);

gboolean conv_plan (const struct convert_opts *o, const struct conv_guest *gu,
                    const struct conv_selection *sel, struct conv_plan *out, GError **error);
/* convert-firstboot.c: the first-boot payload and the edits that schedule it (part of the plan). */
gboolean conv_plan_firstboot (const struct convert_opts *o, const struct conv_guest *gu,
                              const char *windows_dir, struct conv_plan *p, GError **error);
void convert_fb_nic_free (struct convert_fb_nic *n);
/* convert-platform.c: the old hypervisor's tools disabled, their filters removed, SanPolicy. */
gboolean conv_plan_platform (const struct convert_opts *o, const struct conv_guest *gu,
                             const struct conv_selection *sel, struct conv_plan *p, GError **error);
void conv_plan_clear (struct conv_plan *p);

/* Returns the transaction holding every file and hive to write; NULL and *error on failure.  The
 * session serves the hives' bytes and, for a hive that cannot be patched in place, a host copy. */
txn *conv_stage (session *s, const struct conv_guest *gu, const struct conv_selection *sel,
                 const struct conv_plan *p, GError **error);

gboolean conv_verify (guest *g, txn *t, const struct conv_plan *p, GError **error);

/* convert-domain.c: --libvirt-xml.  Gathered while the appliance runs, after the verify; written
 * last, with the --output images (outputs, NULL without) as its disks. */
session_domain *conv_domain_gather (session *s, const struct convert_opts *o, const struct ws_windows *w,
                                    const GPtrArray *packages, GError **error);
gboolean conv_domain_write (session_domain *d, const struct convert_opts *o, const GPtrArray *outputs,
                            struct session_domain_doc *doc, GError **error);

/* convert-report.c: the report's package list, from the selection and the plan. */
GPtrArray *conv_packages (const struct conv_selection *sel, const struct conv_plan *p);

#endif
