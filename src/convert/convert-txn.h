/* convert-txn: the guest-side transaction of a conversion (docs/architecture.md, "stage -> commit").
 *
 * Everything is prepared on the host first (driver files read from the driver set; for each hive
 * the writes that patch it in place and their undo record, or for a hive that cannot be patched
 * in place an edited and verified host copy); the guest is still mounted read-only then, so a
 * failure up to that point leaves the image bit-identical.  The transaction then writes the guest:
 *
 *   txn_commit:  1. upload every file under a temporary name beside its destination
 *                   ("<name>.winseed-new"), creating missing directories, the hives' undo
 *                   records among them; a patched file (a hive rewritten whole) is instead copied
 *                   there inside the guest and patched with the blocks that differ
 *                2. rename into place, the files in the order added, hives last (the caller adds
 *                   them last); a file that existed is first renamed to "<name>.winseed-<stamp>.bak"
 *                3. patch the hives in place, group by group with a flush between groups
 *                   (convert-txn-hive.c)
 *                4. flush, drop the appliance's caches, and read every file and every range
 *                   written into a hive back from the disk: each must be what was staged, or the
 *                   commit rolls back (a write or a rename the disk image did not keep)
 *                5. delete the backups of non-hive files; hive backups and undo records are kept
 *                   and reported
 *   on failure:  undo in reverse (the hives' old bytes written back, renames back, temporaries
 *                and new directories removed), read every recorded path and range back from the
 *                disk, and report WS_EXIT_ROLLED_BACK only when each is gone or restored, else
 *                WS_EXIT_ROLLBACK_INCOMPLETE naming what is left.
 * Every path is recorded as the guest resolves it: '\' and '/' alike, empty and "." components
 * dropped, ".." applied, existing components in their real case, and a directory the commit
 * creates spelt one way for all its files.  The rollback and the checks use only those paths.
 * A file whose guest copy already has the same checksum is not written at all, so converting an
 * already-converted guest writes nothing.
 *
 * SIGINT/SIGTERM during txn_commit are recorded, not acted on (ws-interrupt.h): the next write
 * step fails with "interrupted by ..." and the commit rolls back.
 *
 * Every guest write calls ws_fault_point ("convert:write:N") first (N counts from 1), so a test
 * can make the Nth write fail as a full disk would; "convert:placed" fails once every file is in
 * place, the point with the most to undo.
 */
#ifndef WS_CONVERT_TXN_H
#define WS_CONVERT_TXN_H

#include <glib.h>

#include "guest.h"

typedef struct txn txn;

/* stamp names this run's backups ("20261121T063000"). */
txn *txn_new (guest *g, const char *stamp);
void txn_free (txn *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (txn, txn_free)

/* Queue local_path to be written at guest_path (case-insensitive; parents created as needed).
 * keep_backup: keep the replaced original (hives). */
void txn_add_file (txn *t, const char *local_path, const char *guest_path, gboolean keep_backup);

/* Like txn_add_file with keep_backup, for a big file of which the guest holds an older version
 * whose host copy is base_path (a hive): it is staged as an in-guest copy of the original with
 * the blocks that differ from base_path written over it.  The checks are those of any file. */
void txn_add_patched_file (txn *t, const char *local_path, const char *guest_path, const char *base_path);

/* Queue a hive patched in place (regf-patch.h): undo_record (regf-undo.h) holds its writes and
 * the bytes they replace, and undo_local a host copy of it, which is written to undo_guest_path
 * with the other files, before the hive is touched, and kept as the hive's backup.  The hive's
 * stages are written after every file is in place.  FALSE when the record does not decode. */
gboolean txn_add_hive_patch (txn *t, const char *guest_path, GBytes *undo_record, const char *undo_local,
                             const char *undo_guest_path, GError **error);

/* Queue the removal of a guest directory tree (a replaced driver-store folder).  It is renamed
 * aside during the commit and deleted only once everything else succeeded. */
void txn_add_remove_tree (txn *t, const char *guest_path);

/* Compare queued files with the guest (read-only is fine): drops the ones already identical.
 * *left: the number still to write. */
gboolean txn_prune_unchanged (txn *t, guint *left, GError **error);

/* Bytes the commit will need on the guest filesystem (new files and temporaries). */
guint64 txn_bytes_needed (const txn *t);

/* Write everything (the guest must be mounted read-write).  On failure, rolls back. */
gboolean txn_commit (txn *t, GError **error);

/* After a successful commit: guest paths of the backups kept (borrowed, NULL-terminated). */
const char *const *txn_backups (const txn *t);
/* Guest paths written (borrowed, NULL-terminated). */
const char *const *txn_written (const txn *t);
/* Harmless leftovers of the commit, one line (char *) each (borrowed, may be empty). */
const GPtrArray *txn_warnings (const txn *t);

#endif
