/* reg-plan: registry edit plans, as plain data.
 *
 * A plan is the ordered list of registry edits a conversion makes, in every hive it touches.  The
 * pure planners (plan-*.c) build it, `convert --dry-run` prints it (reg-export.h), hive-apply.h
 * applies it to a local hive file, and verify checks it again after the upload.  Every edit carries
 * its provenance ("viostor.inf:71", "rule: OemInfMap bit"), so that errors, reports and reviewers
 * can say why it exists.  Nothing here includes <hivex.h>: this is libhiveplan.la, which links
 * without hivex (docs/coding-style.md#layering-and-purity).
 *
 * Registry semantics, as hivex and Windows apply them:
 *  - a key path is backslash-separated and relative to the hive root, with no leading or trailing
 *    backslash: "ControlSet001\Services\viostor";
 *  - the value name "" is the key's default value (regedit's "@");
 *  - key and value names compare ASCII-case-insensitively
 *    (docs/coding-style.md#ascii-only-case-insensitive-comparison) and keep the case they were
 *    written in;
 *  - a value type is any 32-bit number and is stored as given: INF AddReg flags produce types such
 *    as 0x20001 or 0x40007, and AddProperty gives 0xFFFF0012
 *    (docs/windows-boot-drivers.md#value-types-in-configurations);
 *  - setting a value creates its key and any missing ancestors; deleting something absent is not
 *    an error, so that applying a plan twice gives the same hive as applying it once.
 *
 * Calling sequence:
 *
 *   g_autoptr (reg_plan) plan = reg_plan_new ();
 *   if (!reg_plan_add_dword (plan, REG_HIVE_SYSTEM, "ControlSet001\\Services\\viostor", "Start", 0,
 *                            "viostor.inf:71", error))
 *     return FALSE;
 *   ...
 *   g_auto (GStrv) conflicts = NULL;
 *   g_autoptr (reg_plan) merged = reg_plan_merge (plan, &conflicts);
 *
 * The reg_plan_add_* functions validate their arguments (names, depth, data size; see the limits
 * below) and return the new edit, which the plan owns, or NULL with a GError (WS_EXIT_BAD_INPUT).
 * A caller may set flags on the returned edit.
 */
#ifndef WS_REG_PLAN_H
#define WS_REG_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* The hives a plan can touch.  The order is the order reg_plan_hives() reports them in. */
enum reg_hive {
  REG_HIVE_SYSTEM,
  REG_HIVE_SOFTWARE,
  REG_HIVE_DRIVERS,  /* Windows 10+: config\DRIVERS, the second DriverDatabase node
                        (docs/windows-boot-drivers.md#the-system-and-drivers-nodes) */
  REG_HIVE_SAM,
  REG_HIVE_SECURITY,
  REG_HIVE_DEFAULT,
};
#define REG_HIVE_COUNT (REG_HIVE_DEFAULT + 1)

/* "SYSTEM", "SOFTWARE", ...: also the file name under Windows\System32\config. */
const char *reg_hive_name (enum reg_hive hive);
/* Case-insensitive inverse of reg_hive_name; FALSE for an unknown name. */
gboolean reg_hive_from_name (const char *name, enum reg_hive *out);
/* Where Windows mounts the hive: "HKEY_LOCAL_MACHINE\SYSTEM", "HKEY_USERS\.DEFAULT". */
const char *reg_hive_prefix (enum reg_hive hive);

/* Registry value types (winnt.h REG_*).  A plan accepts any 32-bit type, not only these. */
enum {
  REG_TYPE_NONE = 0,
  REG_TYPE_SZ = 1,
  REG_TYPE_EXPAND_SZ = 2,
  REG_TYPE_BINARY = 3,
  REG_TYPE_DWORD = 4,
  REG_TYPE_DWORD_BIG_ENDIAN = 5,
  REG_TYPE_LINK = 6,
  REG_TYPE_MULTI_SZ = 7,
  REG_TYPE_QWORD = 11,
};

enum reg_op {
  REG_OP_ENSURE_KEY,    /* create the key (and its ancestors) if missing */
  REG_OP_SET_VALUE,     /* create or replace one value, with this exact type and data */
  REG_OP_DELETE_VALUE,  /* remove one value if present */
  REG_OP_DELETE_KEY,    /* remove a key that has no subkeys (its values go with it), if present */
  REG_OP_DELETE_TREE,   /* remove a key and everything under it, if present */
};

enum reg_edit_flags {
  /* This edit deliberately replaces an earlier edit of the same value (a rule overriding an INF
   * value, such as a boot-start Start=0): reg_plan_merge() does not report it as a conflict. */
  REG_EDIT_OVERRIDE = (1 << 0),
};

/* Limits, from Microsoft's "Registry element size limits" unless said otherwise.  Input that
 * exceeds them is refused, never truncated. */
#define REG_PLAN_MAX_KEY_NAME_CHARS 255     /* one path component */
#define REG_PLAN_MAX_DEPTH 512              /* "a registry tree can be 512 levels deep" */
#define REG_PLAN_MAX_VALUE_NAME_CHARS 16383
/* Largest value data we write.  Bigger data needs a "big data" (db) record, which hivex reads but
 * never writes (lib/write.c stores every value in one cell), so a bigger value could not be
 * written faithfully.  The biggest value a conversion writes is a MULTI_SZ of hardware IDs. */
#define REG_PLAN_MAX_VALUE_LEN 16344

struct reg_edit {
  enum reg_op op;
  enum reg_hive hive;
  enum reg_edit_flags flags;
  char *key;         /* never NULL or empty */
  char *name;        /* value ops: the value name, "" for the default value; NULL for key ops */
  uint32_t type;     /* REG_OP_SET_VALUE only */
  uint8_t *data;     /* REG_OP_SET_VALUE only; NULL when len is 0 */
  size_t len;
  char *provenance;  /* never NULL; "" when unknown */
};

struct reg_plan {
  GPtrArray *edits;  /* of struct reg_edit *, in the order they apply */
};

/* Check an edit as reg_plan_add_* checks its arguments (for edits built by hand); consumers that
 * write (reg_export, hive_apply) check every edit again. */
gboolean reg_edit_validate (const struct reg_edit *edit, GError **error);

/* A deep copy of an edit, and its release (plans copy and free their edits themselves). */
struct reg_edit *reg_edit_copy (const struct reg_edit *edit);
void reg_edit_free (struct reg_edit *edit);

struct reg_plan *reg_plan_new (void);
void reg_plan_free (struct reg_plan *plan);
typedef struct reg_plan reg_plan;  /* for g_autoptr (reg_plan) */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (reg_plan, reg_plan_free)

static inline size_t reg_plan_len (const struct reg_plan *plan) { return plan->edits->len; }
static inline const struct reg_edit *reg_plan_get (const struct reg_plan *plan, size_t i)
{ return g_ptr_array_index (plan->edits, i); }

/* Adding edits.  Strings are copied; provenance may be NULL.  The returned edit is borrowed. */
struct reg_edit *reg_plan_add_ensure_key (struct reg_plan *plan, enum reg_hive hive,
                                          const char *key, const char *provenance,
                                          GError **error);
/* Any type, raw bytes (copied; data may be NULL when len is 0). */
struct reg_edit *reg_plan_add_value (struct reg_plan *plan, enum reg_hive hive, const char *key,
                                     const char *name, uint32_t type, const void *data, size_t len,
                                     const char *provenance, GError **error);
/* UTF-8 text stored as UTF-16LE with its terminating NUL. */
struct reg_edit *reg_plan_add_sz (struct reg_plan *plan, enum reg_hive hive, const char *key,
                                  const char *name, const char *text, const char *provenance,
                                  GError **error);
struct reg_edit *reg_plan_add_expand_sz (struct reg_plan *plan, enum reg_hive hive, const char *key,
                                         const char *name, const char *text,
                                         const char *provenance, GError **error);
/* NULL-terminated UTF-8 list (NULL or empty gives an empty list) as REG_MULTI_SZ. */
struct reg_edit *reg_plan_add_multi_sz (struct reg_plan *plan, enum reg_hive hive, const char *key,
                                        const char *name, const char *const *strv,
                                        const char *provenance, GError **error);
struct reg_edit *reg_plan_add_dword (struct reg_plan *plan, enum reg_hive hive, const char *key,
                                     const char *name, uint32_t value, const char *provenance,
                                     GError **error);
struct reg_edit *reg_plan_add_qword (struct reg_plan *plan, enum reg_hive hive, const char *key,
                                     const char *name, uint64_t value, const char *provenance,
                                     GError **error);
struct reg_edit *reg_plan_add_binary (struct reg_plan *plan, enum reg_hive hive, const char *key,
                                      const char *name, const void *data, size_t len,
                                      const char *provenance, GError **error);
/* REG_NONE with no data: the "marker" values of DriverDatabase\DeviceIds\{class}
 * (docs/windows-boot-drivers.md#deviceids). */
struct reg_edit *reg_plan_add_none (struct reg_plan *plan, enum reg_hive hive, const char *key,
                                    const char *name, const char *provenance, GError **error);
struct reg_edit *reg_plan_add_delete_value (struct reg_plan *plan, enum reg_hive hive,
                                            const char *key, const char *name,
                                            const char *provenance, GError **error);
struct reg_edit *reg_plan_add_delete_key (struct reg_plan *plan, enum reg_hive hive,
                                          const char *key, const char *provenance,
                                          GError **error);
struct reg_edit *reg_plan_add_delete_tree (struct reg_plan *plan, enum reg_hive hive,
                                           const char *key, const char *provenance, GError **error);

/* Append copies of every edit of src to dst (combining the plans of several planners). */
void reg_plan_append (struct reg_plan *dst, const struct reg_plan *src);
/* A new plan holding copies of the edits of one hive, in order. */
struct reg_plan *reg_plan_for_hive (const struct reg_plan *plan, enum reg_hive hive);

/* The hives the plan touches, in enum order; returns how many were written to out. */
size_t reg_plan_hives (const struct reg_plan *plan, enum reg_hive out[REG_HIVE_COUNT]);

/* "SYSTEM key 'ControlSet001\Services\viostor'" plus " value 'Start'" for value edits
 * ("value '(default)'" for ""): the "where" of an error message.  g_free.
 * (reg-export.h has the one-line description of a whole edit.) */
char *reg_edit_where (const struct reg_edit *edit);

/* reg-plan-merge.c */

/* A new plan equivalent to plan, with duplicates folded deterministically:
 *  - of several value edits (set or delete) of the same value, only the last is kept, in its
 *    own position;
 *  - a repeated ensure-key is dropped;
 *  - a key deletion ends the folding for everything under it, so "set, delete tree, set" stays.
 * A folded set that had other data, or was deleted afterwards, is a conflict unless the later
 * edit has REG_EDIT_OVERRIDE.  When conflicts is not NULL it receives one line per conflict
 * (NULL-terminated, g_strfreev; empty when there were none). */
struct reg_plan *reg_plan_merge (const struct reg_plan *plan, char ***conflicts);

/* Order of two edits: hive, key, value name (ASCII-case-insensitive), op, type, data.
 * Flags and provenance are not compared. */
int reg_edit_compare (const struct reg_edit *a, const struct reg_edit *b);
/* TRUE when both plans hold equal edits (reg_edit_compare) in the same order.  Otherwise, when
 * difference is not NULL, it receives a one-line description of the first difference. */
gboolean reg_plan_equal (const struct reg_plan *a, const struct reg_plan *b, char **difference);

#endif
