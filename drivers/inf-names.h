/* inf-names: the file and folder names an INF hands to Windows Setup, checked where they enter
 * the model.  Pure.
 *
 * A driver set comes from elsewhere, and the names its INFs give become paths in the guest:
 * CopyFiles destination and source names, CatalogFile and CopyINF name single files;
 * SourceDisksNames paths, SourceDisksFiles subdirectories and DestinationDirs subdirectories
 * name folders below the package or below a DIRID.  None may climb out ('..'), start at a root
 * or a drive, name an NTFS stream, a DOS device or a name Windows would silently change (a
 * trailing dot or space), or carry control characters or the characters Windows refuses in
 * names.  The rules and their sources: docs/driver-store.md#names-an-inf-may-give.
 */
#ifndef WS_INF_NAMES_H
#define WS_INF_NAMES_H

#include <glib.h>

enum inf_name_kind {
  INF_NAME_FILE,        /* one file name: no folder separator */
  INF_NAME_SUBDIR,      /* a folder below a base, components split at '\' or '/'; "" = the base */
  INF_NAME_DISK_PATH,   /* SourceDisksNames path: a SUBDIR that may start with '\' (the disk's root) */
};

/* NULL when `name` is acceptable as `kind`, else why not ("has a '..' component"; static). */
const char *inf_name_problem (const char *name, enum inf_name_kind kind);

/* A key under which two names of one folder compare equal when Windows would take them for the
 * same file (case folded, locale-independent; g_free). */
char *inf_name_fold (const char *name);

#endif
