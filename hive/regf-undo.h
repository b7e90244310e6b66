/* regf-undo: the record that takes a hive patched in place (regf-patch.h) back to its old bytes.
 *
 * A conversion writes it into the guest beside the hive ("SYSTEM.winseed-<stamp>.undo") before
 * the first write to the hive, flushed with the files it stages: it replaces the whole-file copy
 * kept as a backup before, and costs the bytes the patch overwrites instead of the hive's size.
 * The same record drives the rollback of a failed commit and `winseed undo` afterwards.
 *
 * The record is also the write plan.  Its steps come in the order they are written, in four
 * groups with a flush between each (the stages' needs, regf-patch.h):
 *
 *   0  APPEND            new bins past the old end of the bins (in the file's slack or past its
 *                        end): no byte a reader of the old hive sees, so none that needs the
 *                        undo record on the disk first
 *   1  HEADER, PRELINK   the new bins announced (they must be on the disk first); reference
 *                        counts raised (an over-count is harmless; it only has to precede LINK)
 *   2  LINK              keys pointed at the new cells: the header must announce them first
 *   3  FREE              old cells released: nothing may point at them any more
 *
 * Within a group, writes that lie close together below the old end of the file are joined into
 * one step, the bytes between them as the earlier groups leave them: a write to the guest costs
 * a round trip through the appliance, and the patch's writes are small and many.  Joining keeps
 * the stages' promise (any subset of a group's writes is safe), since the bytes between are
 * written unchanged.  Undoing walks the steps backwards, group by group, then cuts the file.
 *
 * Layout (integers little-endian), docs/registry-and-hives.md#undoing-a-patch:
 *
 *   "WSUNDO01"                        8 bytes
 *   old size, new size of the file    2 x u64
 *   step count                        u32
 *   per step, in the order written:   u8 stage, u64 offset,
 *                                     u32 new length, the bytes written,
 *                                     u32 old length, the bytes they replaced
 *
 * The new bytes let the undo check, before writing anything, that the hive still holds what the
 * patch wrote (a guest booted since has changed it, and its old bytes would then corrupt it).
 * A record is hostile input like a hive: every length is checked against what is left of it.
 */
#ifndef WS_REGF_UNDO_H
#define WS_REGF_UNDO_H

#include <stdint.h>
#include <glib.h>

#include "regf-cache.h"
#include "regf-patch.h"

#define REGF_UNDO_GROUPS 4
/* Writes of a group at most this far apart (below the old end) are joined; no step is made
 * longer than REGF_UNDO_JOIN_MAX by joining. */
#define REGF_UNDO_GAP (64u * 1024)
#define REGF_UNDO_JOIN_MAX (1u << 20)

struct regf_undo_step {
  enum regf_stage stage;   /* of its first write: its group is regf_undo_group (stage) */
  uint64_t offset;
  uint32_t new_len;
  const uint8_t *new_data;
  uint32_t old_len;        /* new_len, less what lay past the old end of the file */
  const uint8_t *old_data;
};

typedef struct regf_undo regf_undo;

/* The group a stage's writes are written in (0 to REGF_UNDO_GROUPS - 1). */
int regf_undo_group (enum regf_stage s);

/* The record of a patch's writes; file is the hive the patch was computed from (the bytes between
 * joined writes are read from it). */
GBytes *regf_undo_encode (const regf_patch *p, regf_cache *file, GError **error);
/* Read a record; origin names it in errors (WS_EXIT_BAD_INPUT, naming the byte offset). */
regf_undo *regf_undo_decode (GBytes *record, const char *origin, GError **error);
void regf_undo_free (regf_undo *u);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (regf_undo, regf_undo_free)

uint64_t regf_undo_old_size (const regf_undo *u);
uint64_t regf_undo_new_size (const regf_undo *u);
guint regf_undo_len (const regf_undo *u);
/* Step i, in the order the patch wrote them (borrowed; valid while u is). */
const struct regf_undo_step *regf_undo_step (const regf_undo *u, guint i);

#endif
