/* package: one driver package of a driver set: an INF plus every file it references.  Pure.
 *
 * A package is built from the INF's bytes, its path inside the driver set and an index of the
 * files the set holds (built by driver-set.c).  Nothing here reads a file: completeness is
 * judged against the index.  A package that cannot be parsed is still a package: its `error`
 * says why, and the rest of the set stays usable ("an error for the package, not a crash for
 * the run").
 *
 * Paths inside a driver set are relative to its root, '/'-separated, in the case they were
 * found.  The file index maps ASCII-lower-cased paths to those paths, because Windows (and so
 * every INF) names files case-insensitively.
 *
 * Ownership: drv_package_free() frees everything but `os` (static) and the index (a reference
 * is taken and released).
 */
#ifndef WS_PACKAGE_H
#define WS_PACKAGE_H

#include <glib.h>

#include "os-table.h"
#include "inf.h"

struct drv_package {
  char *inf_path;                /* "viostor/w10/amd64/viostor.inf" */
  char *dir;                     /* "viostor/w10/amd64" ("" at the root) */
  char *os_dir;                  /* the folder name that names an OS ("w10", "Win2019"); NULL if none */
  const struct os_version *os;   /* the release os_dir names (static); NULL if none */
  enum ws_arch arch;             /* from a folder name (amd64, x86, i386, ARM64) or the decorations */
  gboolean arch_from_path;       /* TRUE when a folder name said it: then it binds the package */
  struct inf_file *inf;          /* NULL when the INF could not be parsed */
  struct inf_driver *summary;    /* every Models section usable on `arch`; NULL on error */
  char **decorations;            /* [Manufacturer] decorations as written ("NTamd64.6.3"), NULL-terminated */
  char *role;                    /* "block", "scsi", "net", ... from data/device-ids.tsv, else "class:<class>" */
  char **ids;                    /* hardware and compatible IDs of `summary`, unique, NULL-terminated */
  GPtrArray *missing;            /* char *: referenced files the set lacks (for `summary`) */
  GError *error;                 /* why the package cannot be used; NULL when it can */
  gboolean unsafe;               /* `error` is a name that would leave the package or its destination
                                    folders, on some platform (inf_driver_names_safe) */
  GHashTable *files;             /* the set's file index (a reference) */
};

/* Build a package from an INF's bytes.  Never NULL: problems land in pkg->error.  `files` maps
 * lower-cased relative paths to relative paths; `locale` picks [Strings.<locale>] (NULL = 0409). */
struct drv_package *drv_package_new (const char *inf_path, const void *buf, size_t len, GHashTable *files,
                                     const char *locale);
/* A package whose INF could not be read: takes `error`. */
struct drv_package *drv_package_new_failed (const char *inf_path, GHashTable *files, GError *error);
void drv_package_free (struct drv_package *pkg);
typedef struct drv_package drv_package;   /* for g_autoptr (drv_package) */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (drv_package, drv_package_free)

/* The files `drv` needs that the set lacks: relative paths (g_ptr_array_unref).  `drv` is an
 * interpretation of pkg->inf (for a target or the summary). */
GPtrArray *drv_package_missing (const struct drv_package *pkg, const struct inf_driver *drv);

/* The files `drv` needs, as set-relative paths in the set's case (INF first, then catalog and
 * payload).  Missing ones are skipped.  g_ptr_array_unref. */
GPtrArray *drv_package_files (const struct drv_package *pkg, const struct inf_driver *drv);

/* Usable and complete. */
gboolean drv_package_complete (const struct drv_package *pkg);

/* The role of a driver: the first Models ID listed in data/device-ids.tsv, else
 * "class:<lower-cased class>", else "unknown" (g_free). */
char *drv_role_of (const struct inf_driver *drv);

#endif
