/* match: which package of a driver set Windows would use for each role on a target.  Pure.
 *
 * For every role present in the set (block, scsi, net, ... and "class:<name>" for packages
 * whose IDs are not in data/device-ids.tsv) the candidates are interpreted for the target and
 * ranked:
 *   1. usable: parses, its folder's platform (if a folder names one) is the target's, a
 *      Models section applies to the target (TargetOSVersion decorations), and every file
 *      it references is present;
 *   2. in the folder virtio-win names for the target's OS (w10, 2k19, Win2019...);
 *   3. newest DriverVer (date, then version): what Windows ranks equal matches by;
 *   4. the closest Models decoration; 5. a folder named after the driver (viostor/w10/amd64/
 *      rather than the Setup copy in amd64/w10/); 6. path order (so the choice is stable).
 * Every candidate carries the reason it was taken or passed over.
 *
 * Ownership: the selection owns its choices and candidates; candidates borrow their package
 * (the packages must outlive the selection) and own their interpretation.
 */
#ifndef WS_MATCH_H
#define WS_MATCH_H

#include <glib.h>

#include "package.h"

struct drv_candidate {
  const struct drv_package *pkg;   /* borrowed */
  struct inf_driver *drv;          /* interpreted for the target; NULL when the package is unusable */
  gboolean usable;
  gboolean os_folder;              /* in the folder named for the target's OS */
  gboolean driver_folder;          /* a folder on its path is named after the INF (viostor/...) */
  GPtrArray *missing;              /* char *: files the target's interpretation lacks */
  char *reason;                    /* why usable or not, one line */
};

struct drv_choice {
  char *role;
  const struct drv_candidate *chosen;   /* borrowed from candidates; NULL when none is usable */
  char *reason;                         /* why this one (or why none) */
  GPtrArray *candidates;                /* struct drv_candidate *, best first */
};

struct drv_selection {
  struct ws_target target;
  const struct os_version *os;   /* static; NULL when the target's version is not in the table */
  GPtrArray *choices;            /* struct drv_choice *: block, scsi, net, then by role name */
};

/* Rank `packages` (struct drv_package *) for `target`. */
struct drv_selection *drv_select (GPtrArray *packages, const struct ws_target *target);
void drv_selection_free (struct drv_selection *sel);
typedef struct drv_selection drv_selection;   /* for g_autoptr (drv_selection) */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (drv_selection, drv_selection_free)

/* The choice for a role, NULL when the set has no package for it. */
const struct drv_choice *drv_selection_role (const struct drv_selection *sel, const char *role);

/* The storage packages convert --block-driver NAME installs: viostor, vioscsi or both (a batch
 * line's "block_driver" takes the same names).  FALSE for any other name. */
gboolean drv_block_driver_parse (const char *name, gboolean *viostor, gboolean *vioscsi);

/* Human name of the target's OS: "Windows Server 2019 (2k19)" or "NT 10.0.12345" (g_free). */
char *drv_target_title (const struct drv_selection *sel);

#endif
