/* regf-patch: the writes that apply a registry edit plan to a hive file in place, in an order
 * that survives a crash after any prefix of them.
 *
 * Nothing here writes: the hive is read through a struct regf_source (hive/regf.h), only where
 * the edits reach (the path of each edited key from the root, the subkey lists it is looked up
 * in, its values; a deleted subtree whole, to free it), and the result is data: writes grouped in
 * stages, each with the file's old bytes, so that the caller can apply them, flushing the file to
 * disk between stages, and undo them.  docs/registry-and-hives.md#patching-a-hive-in-place says
 * why the stages keep the hive loadable:
 *
 *   APPEND   new bins after the old end of the bins, holding every new cell (keys, values, data,
 *            value lists, subkey lists and index roots); nothing points at them yet, and the
 *            header does not announce them;
 *   HEADER   the first 512 bytes of the base block: the new bins size, both sequence numbers
 *            raised by one (equal: no log to replay), the checksum;
 *   PRELINK  reference counts of the security records new keys share, raised (an over-count is
 *            harmless, an under-count is not);
 *   LINK     one write per edited key, inside one 4096-byte page: its subkey count and list, its
 *            value count and list, and the length hints that go with them.  Each write alone
 *            takes the hive from one consistent state to another, and carries every edit of its
 *            key (keys created below a new key hang off the link of the topmost new one);
 *   FREE     cells nothing points at any more, marked free, and the reference counts of the
 *            security records of deleted keys lowered.  A crash before it leaks cells, which
 *            Windows and hivex tolerate.
 *
 * Within a stage, writes may land in any order and any subset.  The edit semantics are those of
 * hive_apply (hive-apply.h): names match ASCII-case-insensitively and keep the plan's spelling, a
 * replaced value takes the planned name and keeps its place, a value already holding the planned
 * type and data is not rewritten, DELETE_KEY of a key with subkeys is refused.  A plan the hive
 * already holds gives an empty patch (no writes in any stage).
 *
 * Errors: WS_EXIT_BAD_INPUT for a damaged or hostile hive (the message names the offset);
 * WS_EXIT_ROLLED_BACK for a plan that cannot apply (DELETE_KEY of a key with subkeys), as
 * hive_apply reports it.  When the hive is sound and the plan applies but not in place with the
 * guarantees above (the hive's two sequence numbers differ: Windows left a log to replay; a key's
 * link fields straddle a page boundary; a list would outgrow its 16-bit count; the file would
 * outgrow 32-bit cell offsets), the error is WS_EXIT_NOT_APPLICABLE and *fallback is set: the
 * caller rewrites the whole file instead (hive_apply).
 */
#ifndef WS_REGF_PATCH_H
#define WS_REGF_PATCH_H

#include <stdint.h>
#include <glib.h>

#include "reg-plan.h"
#include "regf.h"

struct regf_write {
  uint64_t offset;
  uint32_t len;
  uint8_t *data;     /* len bytes */
  uint8_t *old;      /* the file's bytes before the patch at [offset, offset + old_len) */
  uint32_t old_len;  /* len, less what lies at or past the old file size (NULL old when 0) */
};

enum regf_stage {
  REGF_STAGE_APPEND,
  REGF_STAGE_HEADER,
  REGF_STAGE_PRELINK,
  REGF_STAGE_LINK,
  REGF_STAGE_FREE,
};
#define REGF_STAGE_COUNT (REGF_STAGE_FREE + 1)

typedef struct regf_patch regf_patch;

/* The patch applying the edits of `hive` in plan to the hive src describes.  src->free_ctx, if
 * set, is called before this returns.  On failure, *fallback (when not NULL) tells whether the
 * whole-file path (hive_apply) can do what this cannot. */
regf_patch *regf_patch_new (const struct regf_source *src, const struct reg_plan *plan,
                            enum reg_hive hive, gboolean *fallback, GError **error);
void regf_patch_free (regf_patch *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (regf_patch, regf_patch_free)

/* The writes of a stage (struct regf_write), in write order; owned by the patch. */
const GArray *regf_patch_stage (const regf_patch *p, enum regf_stage s);
/* TRUE when the patch writes nothing: the hive already holds the plan. */
gboolean regf_patch_empty (const regf_patch *p);
/* The file's size before and after (truncate to the old size when undoing). */
uint64_t regf_patch_old_size (const regf_patch *p);
uint64_t regf_patch_new_size (const regf_patch *p);
/* Chunks of REGF_CHUNK bytes read from the source to compute the patch. */
uint64_t regf_patch_chunks_read (const regf_patch *p);

#endif
