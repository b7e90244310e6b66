/* convert-undo: `winseed undo`, a conversion's hive patches taken back from their undo records.
 *
 * A conversion keeps one undo record per hive it patched, beside the hive
 * ("SYSTEM.winseed-20261207T230430.undo", hive/regf-undo.h).  convert_undo finds the records of
 * the newest run (or of the run named by its stamp) and, for each:
 *
 *   1. reads it (hostile input: a record that does not decode is WS_EXIT_BAD_INPUT);
 *   2. checks, before anything is written, that the hive is as that run left it: each 512-byte
 *      block a step wrote holds either the bytes it wrote or the bytes it replaced (a commit cut
 *      short leaves some of each), and the file has the old or the new size.  Anything else
 *      means the hive changed since (the guest booted), and writing the old bytes would corrupt
 *      it: WS_EXIT_REFUSED, nothing written;
 *   3. writes the old bytes back, group by group in reverse with a flush between groups, cuts the
 *      file to its old size, and reads every range back (convert-txn-hive.c, the same steps as a
 *      failed commit's rollback).  What could not be restored is WS_EXIT_ROLLBACK_INCOMPLETE,
 *      naming it; the records then stay;
 *   4. removes the records.
 *
 * Only the hives are restored: the driver files the run added stay, unused once no registry
 * entry names them, and the report of the run lists them.  A hive rewritten whole (kept as
 * "<hive>.winseed-<stamp>.bak") is restored by renaming that file back.
 */
#ifndef WS_CONVERT_UNDO_H
#define WS_CONVERT_UNDO_H

#include <glib.h>

#include "session.h"

struct convert_undone {
  char *hive;     /* guest path of the hive restored */
  char *record;   /* the record that restored it (removed) */
};
void convert_undone_free (gpointer p);

/* The session must be writable (mounted read-only until the writes).  stamp: the run to undo, or
 * NULL for the newest.  *out_stamp: the run undone (g_free).  undone: struct convert_undone *. */
gboolean convert_undo (session *s, const char *stamp, char **out_stamp, GPtrArray *undone, GError **error);

#endif
