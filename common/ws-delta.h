/* ws-delta: where a file's new version differs from its old one, block by block.
 *
 * A hive edited by hivex keeps almost every byte: the values it changes sit in a few cells, the
 * cells it adds go into free space or into bins appended at the end, and the header gets a new
 * checksum (docs/registry-and-hives.md#what-an-edit-changes).  A 117 MB SOFTWARE hive that gains
 * one PnpLockdownFiles key differs from its original in 5 of its 28,578 pages, plus one page
 * appended.  The commit writes a hive as a copy of the guest's own file patched with these ranges
 * instead of sending the whole file through the appliance channel (convert-txn.h). */
#ifndef WS_DELTA_H
#define WS_DELTA_H

#include <glib.h>

struct ws_range {
  guint64 offset;
  guint64 length;
};

/* The ranges of `after` that differ from `before`, compared `block` bytes at a time, in order,
 * adjacent blocks merged; everything past the end of `before` is one more range.  A file that
 * got shorter has no range for what it lost: the caller truncates to after's size.  Both files
 * are read in chunks, never whole.  NULL + error (naming the file) on a read failure. */
GArray *ws_delta_files (const char *before, const char *after, gsize block, GError **error);

#endif
