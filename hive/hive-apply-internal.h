/* hive-apply-internal: what the files of the hive-apply module share.
 *
 * Includes <hivex.h>: for hive-apply.c, hive-apply-nodes.c and hive-apply-verify.c only.
 */
#ifndef WS_HIVE_APPLY_INTERNAL_H
#define WS_HIVE_APPLY_INTERNAL_H

#include <sys/types.h>
#include <glib.h>

#include "hivex-cleanup.h"
#include "reg-plan.h"

/* hive-apply-nodes.c */

/* An open hive and the keys found in it so far.  Lookups are ASCII-case-insensitive whatever the
 * locale (hivex's own lookups use strcasecmp, which follows it), and each key's subkeys are listed
 * once, so thousands of edits under one big key (DriverDatabase\DeviceIds) stay fast. */
typedef struct hive_nodes {
  hive_h *h;             /* borrowed */
  enum reg_hive hive;
  const char *file;      /* borrowed, for messages */
  hive_node_h root;
  GHashTable *paths;     /* lower-cased key path -> node */
  GHashTable *children;  /* node -> GHashTable (lower-cased subkey name -> node) */
  GHashTable *values;    /* node -> GHashTable (lower-cased value name -> value); read-only use */
} hive_nodes;

/* hivex_open after checks: a regular file, at most HIVE_APPLY_MAX_FILE_SIZE, not truncated.
 * *mode (when not NULL) receives the file's permission bits. */
hive_h *hive_nodes_open (const char *path, enum reg_hive hive, int flags, mode_t *mode,
                         GError **error);
gboolean hive_nodes_init (hive_nodes *c, hive_h *h, enum reg_hive hive, const char *file,
                          GError **error);
void hive_nodes_clear (hive_nodes *c);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (hive_nodes, hive_nodes_clear)
/* Drop every cached handle: after a deletion, the handles of the deleted subtree are invalid. */
void hive_nodes_forget (hive_nodes *c);

/* The node of e->key; *node is 0 when it does not exist.  With create, missing keys are added,
 * with the case written in the plan. */
gboolean hive_nodes_resolve (hive_nodes *c, const struct reg_edit *e, gboolean create,
                             hive_node_h *node, GError **error);
/* Every value of node, appended to vals (of hive_set_value) in hive order.  A value longer than
 * REG_PLAN_MAX_VALUE_LEN is not read: its entry has value NULL and its real len. */
gboolean hive_nodes_read_values (hive_nodes *c, const struct reg_edit *e, hive_node_h node,
                                 GArray *vals, GError **error);
/* The value named e->name of node, or 0.  Each node's values are listed once: for reading only
 * (hive_apply_verify), as writing a value invalidates the handles of its key's values. */
gboolean hive_nodes_find_value (hive_nodes *c, const struct reg_edit *e, hive_node_h node,
                                hive_value_h *value, GError **error);

/* After a hivex call failed (errno set by hivex): "<what> <where>: <strerror> (<provenance>)"
 * with the exit code errno calls for.  Always returns FALSE. */
gboolean hive_nodes_fail (hive_nodes *c, const struct reg_edit *e, const char *what,
                          GError **error);

#endif
