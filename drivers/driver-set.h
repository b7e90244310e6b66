/* driver-set: a driver set on disk -> its packages.  The only code in drivers/ that reads files.
 *
 * `--drivers PATH` may name:
 *   - a virtio-win ISO image (read with libiso9660, Joliet and Rock Ridge names; no root, no
 *     loop mount);
 *   - a directory: the ISO layout (<driver>/<osdir>/<arch>/, amd64/<osdir>/), the RPM layout
 *     (drivers/by-os/<arch>/<osdir>/, drivers/by-driver/<driver>/<osdir>/<arch>/,
 *     drivers/<arch>/<WinXX>/) or any tree of INF packages;
 *   - one INF file (its folder holds the package).
 * A set stays inside itself (docs/driver-store.md#driver-sets-stay-inside-themselves): a file
 * link is followed only when its final target is a regular file below the set's root, folder
 * links are not followed, and a link that leaves, a device node, a FIFO or a socket is an error
 * naming the file.  Every file is read through one descriptor opened from the root's, link by
 * link refused, and checked with fstat: what was checked is what is copied.  An INF that names
 * a path leaving its package or its destination folders (inf-names.h) refuses the whole set.
 * Every *.inf found becomes a struct drv_package (package.h); folder names give its OS and
 * platform hints.  A package that cannot be read or parsed carries its error; the set is only
 * an error when the path itself cannot be read or holds no INF at all.
 *
 * Ownership: the set owns its packages and index; driver_set_free() closes the image.
 */
#ifndef WS_DRIVER_SET_H
#define WS_DRIVER_SET_H

#include <glib.h>

#include "package.h"

#define DRIVER_SET_MAX_FILES 200000        /* entries walked; the real ISO has about 1,100 */
#define DRIVER_SET_MAX_DEPTH 16            /* folder nesting; virtio-win uses at most 5 */
#define DRIVER_SET_MAX_READ (512u << 20)   /* largest file driver_set_read returns */

enum driver_set_kind { DRIVER_SET_DIR, DRIVER_SET_ISO, DRIVER_SET_INF };

struct driver_set_iso;

struct driver_set {
  char *path;                  /* as given */
  enum driver_set_kind kind;
  GPtrArray *packages;         /* struct drv_package *, in path order */
  GHashTable *files;           /* ASCII-lower-cased relative path -> relative path, every file */
  char *root;                  /* DIR and INF: the folder relative paths start from */
  char *root_real;             /* DIR and INF: that folder with every link resolved */
  int root_fd;                 /* DIR and INF: that folder, open; every file is read from it */
  struct driver_set_iso *iso;  /* ISO: the open image */
};

/* Open and index a driver set, and parse every INF in it.  `locale` as for drv_package_new. */
struct driver_set *driver_set_open (const char *path, const char *locale, GError **error);
void driver_set_free (struct driver_set *ds);
typedef struct driver_set driver_set;   /* for g_autoptr (driver_set) */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (driver_set, driver_set_free)

/* A file of the set by relative path (as in `files` values): its bytes, at most `max_size`
 * (0 = DRIVER_SET_MAX_READ).  g_bytes_unref. */
GBytes *driver_set_read (struct driver_set *ds, const char *relpath, gsize max_size, GError **error);

/* For the walks (driver-set.c, driver-set-iso.c): add `rel` to the index `files`; two paths
 * that differ only in case are an error naming both. */
gboolean driver_set_index_add (GHashTable *files, const char *set, const char *rel, GError **error);

const char *driver_set_kind_name (enum driver_set_kind kind);   /* "directory", "iso", "inf" */

#endif
