/* hive-read: read-only access to a registry hive, a host file or one read in place in the guest.
 *
 * Reads through regf (regf.h), which fetches only the records asked for, and wraps its errors once
 * (docs/coding-style.md#wrapping-library-error-conventions): every lookup says found, not found,
 * or failed, and failures become GErrors naming the hive, the
 * key path and the value.  Paths are backslash-separated, relative to the hive root, compared
 * case-insensitively as Windows does ("ControlSet001\\Services\\viostor").  Values are decoded
 * with their type checked; the raw bytes are available for binary and non-standard types.
 *
 * Hives come from guests and are hostile: every read stays within the limits of hive-limits.h
 * (value size, subkeys and values per key, multi-string items, path depth, names read per hive),
 * exceeding one is an error naming the hive, the key and the limit, and every malformed record
 * is an error, not a crash.
 */
#ifndef WS_HIVE_READ_H
#define WS_HIVE_READ_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "hive-limits.h"

typedef struct hive_reader hive_reader;
typedef size_t hive_node;   /* 0 = none */

/* Open a local hive file read-only; name ("SYSTEM") is used in messages.  A file that is not a
 * valid hive gives WS_EXIT_BAD_INPUT: "cannot open SYSTEM hive 'path': ...". */
hive_reader *hive_reader_open (const char *path, const char *name, GError **error);
/* The same for a hive read through a callback (the guest's file, read through the appliance);
 * origin names it in messages.  A failing read keeps its own exit code. */
struct regf_source;
hive_reader *hive_reader_open_source (const struct regf_source *source, const char *name, const char *origin,
                                      GError **error);
void hive_reader_free (hive_reader *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (hive_reader, hive_reader_free)

const char *hive_reader_name (const hive_reader *h);
hive_node hive_reader_root (hive_reader *h);

/* Node at a path below 'from' (0 = root); 0 when absent (no error) or on error (*error set). */
hive_node hive_reader_lookup (hive_reader *h, hive_node from, const char *path, GError **error);
/* Direct children and their names (g_strfreev / g_free). */
char **hive_reader_child_names (hive_reader *h, hive_node node, GError **error);
char *hive_reader_node_name (hive_reader *h, hive_node node);
/* Names of the values of a node ("" for the default value). */
char **hive_reader_value_names (hive_reader *h, hive_node node, GError **error);

/* A value as read: type as stored (32-bit, may carry high bits), bytes (g_free). */
struct hive_value {
  uint32_t type;
  size_t len;
  uint8_t *data;
};
void hive_value_clear (struct hive_value *v);

/* Raw value by name ("" = default); FALSE when absent (no error) or on error (*error set). */
gboolean hive_reader_value (hive_reader *h, hive_node node, const char *name, struct hive_value *out,
                            GError **error);

/* Typed getters: TRUE and *out set when present and of a compatible type.  A present value of an
 * unexpected type is an error naming it.  Strings accept REG_SZ and REG_EXPAND_SZ; DWORD accepts
 * REG_DWORD (and REG_BINARY of 4 bytes, which old installers wrote). */
gboolean hive_reader_string (hive_reader *h, hive_node node, const char *name, char **out, GError **error);
gboolean hive_reader_dword (hive_reader *h, hive_node node, const char *name, uint32_t *out, GError **error);
gboolean hive_reader_qword (hive_reader *h, hive_node node, const char *name, uint64_t *out, GError **error);
gboolean hive_reader_multi (hive_reader *h, hive_node node, const char *name, char ***out, GError **error);
/* REG_MULTI_SZ, or a REG_SZ with comma/space-separated items (NameServer is written both ways). */
gboolean hive_reader_string_list (hive_reader *h, hive_node node, const char *name, char ***out,
                                  GError **error);

/* Convenience: the current control set's name ("ControlSet002") from Select\Current. */
char *hive_reader_current_control_set (hive_reader *h, GError **error);

/* Full path of a node for messages ("ControlSet001\\Services\\viostor"). */
char *hive_reader_node_path (hive_reader *h, hive_node node);

#endif
