/* hive-apply: apply a registry edit plan to a local hive file; see hive-apply.h.
 *
 * This file holds the transaction (open, edit, commit to a temporary file, verify, rename) and the
 * edits; hive-apply-nodes.c the hivex access they share with the verifier (hive-apply-verify.c).
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "ws-fault.h"
#include "hive-apply.h"
#include "hive-apply-internal.h"
#include "banned.h"

/* ---- values ---- */

static void
set_value_clear (gpointer p)
{
  hive_set_value *v = p;
  g_free (v->key);
  g_free (v->value);
}

/* Apply one value edit to the in-memory list of a key's values; TRUE when the list changed.
 * Names match ASCII-case-insensitively.  A replaced value takes the planned name, as
 * `hivexregedit --merge` does, and keeps its place (the order of values means nothing to
 * Windows; hivexregedit moves it last). */
static gboolean
edit_values (GArray *vals, const struct reg_edit *e)
{
  guint i = 0;
  while (i < vals->len && g_ascii_strcasecmp (g_array_index (vals, hive_set_value, i).key, e->name))
    i++;
  if (e->op == REG_OP_DELETE_VALUE) {
    if (i == vals->len)
      return FALSE;
    g_array_remove_index (vals, i);
    return TRUE;
  }
  if (i < vals->len) {
    hive_set_value *old = &g_array_index (vals, hive_set_value, i);
    if (old->value && strcmp (old->key, e->name) == 0 && (uint32_t) old->t == e->type
        && old->len == e->len && (e->len == 0 || memcmp (old->value, e->data, e->len) == 0))
      return FALSE;
    set_value_clear (old);
  } else
    g_array_set_size (vals, vals->len + 1);
  hive_set_value *v = &g_array_index (vals, hive_set_value, i);
  v->key = g_strdup (e->name);
  v->t = (hive_type) e->type;  /* stored as the 32-bit number it is, high bits included */
  v->len = e->len;
  v->value = g_malloc (MAX (e->len, 1));
  if (e->len)
    memcpy (v->value, e->data, e->len);
  return TRUE;
}

/* Edits [i, j) of the plan are value edits of one key (or of other hives).  Read the key's values
 * once, apply every edit in memory, and write them back once, if anything changed. */
static gboolean
apply_values (struct hive_nodes *c, const struct reg_plan *plan, size_t i, size_t j,
              GError **error)
{
  const struct reg_edit *first = reg_plan_get (plan, i);
  gboolean create = FALSE;
  for (size_t k = i; k < j; k++)
    create |= reg_plan_get (plan, k)->hive == c->hive
              && reg_plan_get (plan, k)->op == REG_OP_SET_VALUE;
  hive_node_h node;
  if (!hive_nodes_resolve (c, first, create, &node, error))
    return FALSE;
  if (node == 0)  /* only deletions, under a key that does not exist */
    return TRUE;
  g_autoptr (GArray) vals = g_array_new (FALSE, TRUE, sizeof (hive_set_value));
  g_array_set_clear_func (vals, set_value_clear);
  if (!hive_nodes_read_values (c, first, node, vals, error))
    return FALSE;
  gboolean changed = FALSE;
  for (size_t k = i; k < j; k++)
    if (reg_plan_get (plan, k)->hive == c->hive)
      changed |= edit_values (vals, reg_plan_get (plan, k));
  if (!changed)
    return TRUE;
  for (guint k = 0; k < vals->len; k++) {
    const hive_set_value *v = &g_array_index (vals, hive_set_value, k);
    if (v->value == NULL) {
      g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK,
                   "cannot rewrite the values of %s key '%s': its value '%s' holds %zu bytes, "
                   "more than the %d hivex can write back faithfully (%s)",
                   reg_hive_name (c->hive), first->key, v->key, v->len, REG_PLAN_MAX_VALUE_LEN,
                   first->provenance);
      return FALSE;
    }
  }
  errno = 0;
  if (hivex_node_set_values (c->h, node, vals->len, (hive_set_value *) vals->data, 0) == -1)
    return hive_nodes_fail (c, first, "cannot write values", error);
  return TRUE;
}

static gboolean
apply_delete (struct hive_nodes *c, const struct reg_edit *e, GError **error)
{
  hive_node_h node;
  if (!hive_nodes_resolve (c, e, FALSE, &node, error))
    return FALSE;
  if (node == 0)
    return TRUE;
  if (e->op == REG_OP_DELETE_KEY) {
    errno = 0;
    size_t n = hivex_node_nr_children (c->h, node);
    if (n == 0 && errno != 0)
      return hive_nodes_fail (c, e, "cannot read", error);
    if (n > 0) {
      g_autofree char *where = reg_edit_where (e);
      g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK,
                   "cannot delete %s: it has %zu subkeys, and the plan deletes only the key (%s)",
                   where, n, e->provenance);
      return FALSE;
    }
  }
  errno = 0;
  if (hivex_node_delete_child (c->h, node) == -1)
    return hive_nodes_fail (c, e, "cannot delete", error);
  hive_nodes_forget (c);  /* the handles of the deleted subtree are now invalid */
  return TRUE;
}

static gboolean
same_value_key (const struct reg_edit *a, const struct reg_edit *b)
{
  return (b->op == REG_OP_SET_VALUE || b->op == REG_OP_DELETE_VALUE)
         && g_ascii_strcasecmp (a->key, b->key) == 0;
}

static gboolean
apply_edits (struct hive_nodes *c, const struct reg_plan *plan, GError **error)
{
  for (size_t i = 0; i < reg_plan_len (plan); i++) {
    const struct reg_edit *e = reg_plan_get (plan, i);
    if (e->hive == c->hive && !reg_edit_validate (e, error))
      return FALSE;
  }
  for (size_t i = 0; i < reg_plan_len (plan);) {
    const struct reg_edit *e = reg_plan_get (plan, i);
    size_t j = i + 1;
    hive_node_h node;
    gboolean ok = TRUE;
    if (e->hive != c->hive)
      ;
    else if (e->op == REG_OP_ENSURE_KEY)
      ok = hive_nodes_resolve (c, e, TRUE, &node, error);
    else if (e->op == REG_OP_DELETE_KEY || e->op == REG_OP_DELETE_TREE)
      ok = apply_delete (c, e, error);
    else {
      while (j < reg_plan_len (plan) && (reg_plan_get (plan, j)->hive != c->hive
                                         || same_value_key (e, reg_plan_get (plan, j))))
        j++;
      ok = apply_values (c, plan, i, j, error);
    }
    if (!ok)
      return FALSE;
    i = j;
  }
  return TRUE;
}

/* ---- the transaction ---- */

/* A new empty file beside dst, so that the final rename stays within one filesystem. */
static char *
temp_beside (const char *dst, enum reg_hive hive, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (dst);
  g_autofree char *base = g_path_get_basename (dst);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd == -1) {
    int err = errno;
    g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK,
                 "cannot create a temporary file for the %s hive in '%s': %s",
                 reg_hive_name (hive), dir, g_strerror (err));
    return NULL;
  }
  close (fd);
  return g_steal_pointer (&tmpl);
}

/* Flush a file, or a directory after a rename, to the disk. */
static int
sync_path (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return -1;
  int r = fsync (fd);
  int err = errno;
  close (fd);
  errno = err;
  return r;
}

/* "cannot write SYSTEM hive 'out' (temporary file '.out.Xy12ab'): <errno>" */
static gboolean
write_fail (GError **error, enum reg_hive hive, const char *dst, const char *tmp)
{
  int err = errno ? errno : EIO;
  g_set_error (error, WS_ERROR, err == ENOMEM ? WS_EXIT_INTERNAL : WS_EXIT_ROLLED_BACK,
               "cannot write %s hive '%s' (temporary file '%s'): %s", reg_hive_name (hive), dst,
               tmp, g_strerror (err));
  return FALSE;
}

/* Commit the edited hive to tmp, check it, and move it over dst.  Takes over *h. */
static gboolean
commit_and_swap (hive_h **h, const char *tmp, const char *dst, mode_t mode,
                 const struct reg_plan *plan, enum reg_hive hive, GError **error)
{
  const char *name = reg_hive_name (hive);
  g_autoptr (hive_h) owned = g_steal_pointer (h);
  if (!ws_fault_point ("hive-apply:commit", error)) {
    g_prefix_error (error, "cannot write %s hive '%s' (temporary file '%s'): ", name, dst, tmp);
    return FALSE;
  }
  errno = 0;
  if (hivex_commit (owned, tmp, 0) == -1)
    return write_fail (error, hive, dst, tmp);
  errno = 0;
  if (hivex_close (g_steal_pointer (&owned)) == -1 || chmod (tmp, mode & 07777) == -1
      || sync_path (tmp) == -1)
    return write_fail (error, hive, dst, tmp);
  if (!ws_fault_point ("hive-apply:verify", error)) {
    g_prefix_error (error, "cannot check %s hive '%s' (temporary file '%s'): ", name, dst, tmp);
    return FALSE;
  }
  g_autoptr (GError) verr = NULL;
  if (!hive_apply_verify (tmp, plan, hive, &verr)) {
    /* The file just written does not hold the plan: a failed write, whatever the reason. */
    g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK, "%s", verr->message);
    return FALSE;
  }
  if (!ws_fault_point ("hive-apply:rename", error)) {
    g_prefix_error (error, "cannot replace %s hive '%s': ", name, dst);
    return FALSE;
  }
  if (g_rename (tmp, dst) == -1) {
    int err = errno;
    g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK, "cannot replace %s hive '%s': %s", name,
                 dst, g_strerror (err));
    return FALSE;
  }
  /* dst now holds the new hive; a failure to flush the directory cannot undo that. */
  g_autofree char *dir = g_path_get_dirname (dst);
  (void) sync_path (dir);
  return TRUE;
}

gboolean
hive_apply (const char *src, const char *dst, const struct reg_plan *plan, enum reg_hive hive,
            GError **error)
{
  mode_t mode = 0644;
  g_autoptr (hive_h) h = hive_nodes_open (src, hive, HIVEX_OPEN_WRITE, &mode, error);
  if (h == NULL)
    return FALSE;
  g_auto (hive_nodes) c = { 0 };
  if (!hive_nodes_init (&c, h, hive, src, error) || !apply_edits (&c, plan, error))
    return FALSE;  /* h is closed without a commit: every edit is discarded */
  if (!ws_fault_point ("hive-apply:edit", error)) {
    g_prefix_error (error, "cannot edit %s hive '%s': ", reg_hive_name (hive), src);
    return FALSE;
  }
  g_autofree char *tmp = temp_beside (dst, hive, error);
  if (tmp == NULL)
    return FALSE;
  if (!commit_and_swap (&h, tmp, dst, mode, plan, hive, error)) {
    g_unlink (tmp);
    return FALSE;
  }
  return TRUE;
}
