/* hive-apply: apply a registry edit plan to a local hive file, all or nothing.
 *
 * The hive is a local file (convert downloads it from the guest first).  hive_apply():
 *
 *   1. opens src writable: hivex reads the whole file into memory, so src itself is never
 *      written (docs/coding-style.md#atomic-writes);
 *   2. applies every edit of the chosen hive, in plan order, creating missing keys;
 *   3. commits to a new temporary file beside dst ("hivex_commit" opens its target with O_TRUNC,
 *      so it never commits onto the only copy), syncs it and closes the handle;
 *   4. reopens the temporary file read-only and checks every edit with hive_apply_verify();
 *   5. renames it over dst.
 *
 * On any failure dst is left as it was (absent, or its old bytes), the temporary file is removed,
 * and the GError names the hive, the key path and the value.  Error codes (ws-error.h):
 * WS_EXIT_BAD_INPUT when src is missing, not a hive, corrupt or truncated, or too big;
 * WS_EXIT_ROLLED_BACK when the plan cannot be applied (a key to delete has subkeys; a key to
 * rewrite holds a value hivex cannot store again faithfully) or when writing fails;
 * WS_EXIT_INTERNAL when memory runs out.
 *
 * Hostile hives: only the keys named by the plan are visited; values are read only after their
 * length was checked against REG_PLAN_MAX_VALUE_LEN; files above HIVE_APPLY_MAX_FILE_SIZE are
 * refused before hivex loads them.
 *
 * Edit semantics beyond reg-plan.h: values of one key that the plan sets or deletes one after the
 * other are written in one go (hivex rewrites every value of a key on each change and never
 * reuses space, so one call per key keeps the hive small); a value whose data is already the
 * planned data is not written at all, so applying a plan to its own result changes no value.
 */
#ifndef WS_HIVE_APPLY_H
#define WS_HIVE_APPLY_H

#include <glib.h>

#include "reg-plan.h"

/* A hive file bigger than this is refused before it is read into memory.  Real SYSTEM and
 * SOFTWARE hives are tens to a few hundred MB; hive cell offsets are 32-bit. */
#define HIVE_APPLY_MAX_FILE_SIZE (G_GUINT64_CONSTANT (1) << 30)

/* Apply the edits of `hive` in plan to the hive file src, writing the result to dst (which may
 * be src itself: the replacement is atomic).  Edits of other hives are ignored. */
gboolean hive_apply (const char *src, const char *dst, const struct reg_plan *plan,
                     enum reg_hive hive, GError **error);

/* Check, read-only, that the hive file at path holds the result of the edits of `hive` in plan:
 * every value set is present with exactly the planned type and bytes, every ensured key exists,
 * every deleted value or key is absent.  An edit that a later edit of the plan undoes (a value set
 * again, a key deleted afterwards) is not checked.  A mismatch is WS_EXIT_ROLLED_BACK: the write
 * did not do what was planned. */
gboolean hive_apply_verify (const char *path, const struct reg_plan *plan, enum reg_hive hive,
                            GError **error);

/* Fault-injection steps of this module (common/ws-fault.h):
 *   hive-apply:edit     after the edits were made in memory, before anything is written
 *   hive-apply:commit   writing the temporary file (hivex_commit) and syncing it
 *   hive-apply:verify   re-reading the temporary file
 *   hive-apply:rename   replacing dst with the temporary file
 */
#include "ws-fault.h"

#endif
