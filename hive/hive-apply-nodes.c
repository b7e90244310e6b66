/* hive-apply-nodes: opening a hive and finding keys and values in it, for hive-apply. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "ws-text.h"
#include "hive-apply.h"
#include "hive-apply-internal.h"
#include "banned.h"

/* regf base block ("Windows NT Registry File (REGF) format", libyal/libregf documentation):
 * "regf" at 0, and at 0x28 the size of the hive bins data that follows the 4096-byte block. */
#define REGF_BASE_BLOCK_SIZE 0x1000
#define REGF_HBINS_SIZE_OFFSET 0x28

/* The exit status for an errno left by hivex.  hivex(3) "NOTE ON THE USE OF ERRNO": ENOTSUP corrupt
 * or unsupported, EFAULT a pointer outside the hive, ELOOP a cycle, ERANGE a field out of range,
 * EINVAL a bad block, HIVEX_NO_KEY no root.  They all mean a damaged or hostile hive. */
static int
code_for_errno (int err)
{
  switch (err) {
  case ENOTSUP: case EFAULT: case ELOOP: case ERANGE: case EINVAL: case EILSEQ: case HIVEX_NO_KEY:
    return WS_EXIT_BAD_INPUT;
  case ENOMEM:
    return WS_EXIT_INTERNAL;
  default:
    return WS_EXIT_ROLLED_BACK;
  }
}

/* What an errno of code_for_errno's bad-input list means in a hive (its strerror does not). */
static const char *
damage (int err)
{
  switch (err) {
  case EFAULT: return "a reference points outside the hive";
  case ELOOP: return "the keys form a cycle";
  case ERANGE: return "a count or length is out of range";
  case EILSEQ: return "a name is not valid text";
  default: return "a record is malformed";
  }
}

/* "<what> <where>: <reason> (<provenance>)", from errno. */
static gboolean
fail_at (const char *where, const struct reg_edit *e, const char *what, GError **error)
{
  int err = errno ? errno : EIO;
  int code = code_for_errno (err);
  if (code == WS_EXIT_BAD_INPUT)
    g_set_error (error, WS_ERROR, code, "%s %s: corrupt hive, %s (%s)", what, where, damage (err),
                 e->provenance);
  else
    g_set_error (error, WS_ERROR, code, "%s %s: %s (%s)", what, where, g_strerror (err),
                 e->provenance);
  return FALSE;
}

gboolean
hive_nodes_fail (hive_nodes *c, const struct reg_edit *e, const char *what, GError **error)
{
  g_autofree char *where = reg_edit_where (e);
  return fail_at (where, e, what, error);
}

/* "SYSTEM key 'A\B'" for the first len bytes of e->key, "SYSTEM root key" for none. */
static char *
key_where (const hive_nodes *c, const struct reg_edit *e, size_t len)
{
  if (len == 0)
    return g_strdup_printf ("%s root key", reg_hive_name (c->hive));
  return g_strdup_printf ("%s key '%.*s'", reg_hive_name (c->hive), (int) len, e->key);
}

/* hivex checks each hbin it reads but not that the file holds all the hbins the header
 * announces: a file cut at an hbin boundary opens, and its missing keys surface later as EFAULT
 * deep inside an edit.  Catch it up front. */
static const char *
header_problem (const char *path, uint64_t size)
{
  uint8_t hdr[REGF_HBINS_SIZE_OFFSET + 4];
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return NULL;  /* hivex_open reports it */
  ssize_t n = read (fd, hdr, sizeof hdr);
  close (fd);
  if (n != (ssize_t) sizeof hdr || memcmp (hdr, "regf", 4) != 0)
    return "not a registry hive (no regf header)";
  if (REGF_BASE_BLOCK_SIZE + (uint64_t) ws_le32 (hdr + REGF_HBINS_SIZE_OFFSET) > size)
    return "truncated (the header announces more data than the file holds)";
  return NULL;
}

hive_h *
hive_nodes_open (const char *path, enum reg_hive hive, int flags, mode_t *mode, GError **error)
{
  const char *name = reg_hive_name (hive);
  GStatBuf st;
  if (g_stat (path, &st) == -1) {
    int err = errno;
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot open %s hive '%s': %s", name, path,
                 g_strerror (err));
    return NULL;
  }
  const char *problem = NULL;
  if (!S_ISREG (st.st_mode))
    problem = "not a regular file";
  else if ((uint64_t) st.st_size > HIVE_APPLY_MAX_FILE_SIZE)
    problem = "bigger than " G_STRINGIFY (HIVE_APPLY_MAX_FILE_SIZE) " bytes";
  else
    problem = header_problem (path, (uint64_t) st.st_size);
  if (problem) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot open %s hive '%s': %s", name, path,
                 problem);
    return NULL;
  }
  errno = 0;
  hive_h *h = hivex_open (path, flags);
  if (h == NULL) {
    int err = errno ? errno : EIO;
    int code = err == ENOMEM ? WS_EXIT_INTERNAL : WS_EXIT_BAD_INPUT;
    gboolean corrupt = code_for_errno (err) == WS_EXIT_BAD_INPUT;
    g_set_error (error, WS_ERROR, code, "cannot open %s hive '%s': %s", name, path,
                 corrupt ? "corrupt or truncated registry hive" : g_strerror (err));
    return NULL;
  }
  if (mode)
    *mode = st.st_mode;
  return h;
}

gboolean
hive_nodes_init (hive_nodes *c, hive_h *h, enum reg_hive hive, const char *file, GError **error)
{
  c->h = h;
  c->hive = hive;
  c->file = file;
  errno = 0;
  c->root = hivex_root (h);
  if (c->root == 0) {
    int err = errno ? errno : EIO;
    g_set_error (error, WS_ERROR, code_for_errno (err), "cannot open %s hive '%s': no root key: %s",
                 reg_hive_name (hive), file, g_strerror (err));
    return FALSE;
  }
  c->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->children = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  c->values = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  return TRUE;
}

void
hive_nodes_clear (hive_nodes *c)
{
  g_clear_pointer (&c->paths, g_hash_table_unref);
  g_clear_pointer (&c->children, g_hash_table_unref);
  g_clear_pointer (&c->values, g_hash_table_unref);
}

void
hive_nodes_forget (hive_nodes *c)
{
  g_hash_table_remove_all (c->paths);
  g_hash_table_remove_all (c->children);
  g_hash_table_remove_all (c->values);
}

/* The subkeys of node (the first plen bytes of e->key) by lower-cased name, listed once. */
static GHashTable *
child_index (hive_nodes *c, const struct reg_edit *e, size_t plen, hive_node_h node,
             GError **error)
{
  GHashTable *idx = g_hash_table_lookup (c->children, GSIZE_TO_POINTER (node));
  if (idx)
    return idx;
  g_autofree char *where = key_where (c, e, plen);
  errno = 0;
  g_autofree hive_node_h *kids = hivex_node_children (c->h, node);
  if (kids == NULL) {
    fail_at (where, e, "cannot read the subkeys of", error);
    return NULL;
  }
  idx = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (size_t i = 0; kids[i]; i++) {
    errno = 0;
    char *name = hivex_node_name (c->h, kids[i]);
    if (name == NULL) {
      g_hash_table_unref (idx);
      fail_at (where, e, "cannot read the subkeys of", error);
      return NULL;
    }
    /* A name with an embedded NUL cannot be named by a plan; skip rather than mismatch it. */
    if (hivex_node_name_len (c->h, kids[i]) == strlen (name) && *name) {
      char *fold = g_ascii_strdown (name, -1);
      if (!g_hash_table_contains (idx, fold))
        g_hash_table_insert (idx, fold, GSIZE_TO_POINTER (kids[i]));
      else
        g_free (fold);
    }
    free (name);
  }
  g_hash_table_insert (c->children, GSIZE_TO_POINTER (node), idx);
  return idx;
}

/* The subkey of parent named by e->key[start, start + len), added when missing and create is
 * set; *out is 0 when absent. */
static gboolean
child (hive_nodes *c, const struct reg_edit *e, hive_node_h parent, size_t start, size_t len,
       gboolean create, hive_node_h *out, GError **error)
{
  GHashTable *idx = child_index (c, e, start ? start - 1 : 0, parent, error);
  if (idx == NULL)
    return FALSE;
  g_autofree char *fold = g_ascii_strdown (e->key + start, (gssize) len);
  *out = GPOINTER_TO_SIZE (g_hash_table_lookup (idx, fold));
  if (*out != 0 || !create)
    return TRUE;
  g_autofree char *exact = g_strndup (e->key + start, len);
  errno = 0;
  *out = hivex_node_add_child (c->h, parent, exact);
  if (*out == 0) {
    g_autofree char *where = key_where (c, e, start + len);
    return fail_at (where, e, "cannot create", error);
  }
  g_hash_table_insert (idx, g_steal_pointer (&fold), GSIZE_TO_POINTER (*out));
  return TRUE;
}

gboolean
hive_nodes_resolve (hive_nodes *c, const struct reg_edit *e, gboolean create, hive_node_h *node,
                    GError **error)
{
  g_autofree char *fold = g_ascii_strdown (e->key, -1);
  *node = GPOINTER_TO_SIZE (g_hash_table_lookup (c->paths, fold));
  if (*node)
    return TRUE;
  hive_node_h cur = c->root;
  for (const char *p = e->key;;) {
    const char *end = strchr (p, '\\');
    size_t len = end ? (size_t) (end - p) : strlen (p);
    size_t upto = (size_t) (p - e->key) + len;
    char *prefix = g_strndup (fold, upto);
    hive_node_h next = GPOINTER_TO_SIZE (g_hash_table_lookup (c->paths, prefix));
    if (next == 0 && !child (c, e, cur, (size_t) (p - e->key), len, create, &next, error)) {
      g_free (prefix);
      return FALSE;
    }
    if (next == 0) {  /* absent, and not asked to create it */
      g_free (prefix);
      *node = 0;
      return TRUE;
    }
    g_hash_table_replace (c->paths, prefix, GSIZE_TO_POINTER (next));
    cur = next;
    if (end == NULL)
      break;
    p = end + 1;
  }
  *node = cur;
  return TRUE;
}

/* The name of value v, refusing names with an embedded NUL (they could not be written back). */
static char *
value_name (hive_nodes *c, const struct reg_edit *e, hive_value_h v, GError **error)
{
  errno = 0;
  char *name = hivex_value_key (c->h, v);
  if (name == NULL) {
    hive_nodes_fail (c, e, "cannot read a value name of", error);
    return NULL;
  }
  errno = 0;
  size_t len = hivex_value_key_len (c->h, v);  /* 0 is legitimate: the default value */
  if (len != strlen (name)) {
    g_autofree char *where = reg_edit_where (e);
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                 "value name with an embedded NUL under %s (%s)", where, e->provenance);
    free (name);
    return NULL;
  }
  return name;
}

static gboolean
read_value (hive_nodes *c, const struct reg_edit *e, hive_value_h v, hive_set_value *out,
            GError **error)
{
  if ((out->key = value_name (c, e, v, error)) == NULL)
    return FALSE;
  hive_type t;
  errno = 0;
  if (hivex_value_type (c->h, v, &t, &out->len) == -1)
    return hive_nodes_fail (c, e, "cannot read a value of", error);
  out->t = t;
  if (out->len > REG_PLAN_MAX_VALUE_LEN)  /* not read: see hive_nodes_read_values */
    return TRUE;
  errno = 0;
  out->value = hivex_value_value (c->h, v, &t, &out->len);
  if (out->value == NULL)
    return hive_nodes_fail (c, e, "cannot read a value of", error);
  return TRUE;
}

gboolean
hive_nodes_read_values (hive_nodes *c, const struct reg_edit *e, hive_node_h node, GArray *vals,
                        GError **error)
{
  errno = 0;
  g_autofree hive_value_h *vs = hivex_node_values (c->h, node);
  if (vs == NULL)
    return hive_nodes_fail (c, e, "cannot read the values of", error);
  for (size_t i = 0; vs[i]; i++) {
    hive_set_value v = { 0 };
    if (!read_value (c, e, vs[i], &v, error)) {
      g_free (v.key);
      return FALSE;
    }
    g_array_append_val (vals, v);
  }
  return TRUE;
}

/* The values of node by lower-cased name, listed once per node. */
static GHashTable *
value_index (hive_nodes *c, const struct reg_edit *e, hive_node_h node, GError **error)
{
  GHashTable *idx = g_hash_table_lookup (c->values, GSIZE_TO_POINTER (node));
  if (idx)
    return idx;
  errno = 0;
  g_autofree hive_value_h *vs = hivex_node_values (c->h, node);
  if (vs == NULL) {
    hive_nodes_fail (c, e, "cannot read the values of", error);
    return NULL;
  }
  idx = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (size_t i = 0; vs[i]; i++) {
    g_autofree char *name = value_name (c, e, vs[i], error);
    if (name == NULL) {
      g_hash_table_unref (idx);
      return NULL;
    }
    char *fold = g_ascii_strdown (name, -1);
    if (!g_hash_table_contains (idx, fold))
      g_hash_table_insert (idx, fold, GSIZE_TO_POINTER (vs[i]));
    else
      g_free (fold);
  }
  g_hash_table_insert (c->values, GSIZE_TO_POINTER (node), idx);
  return idx;
}

gboolean
hive_nodes_find_value (hive_nodes *c, const struct reg_edit *e, hive_node_h node,
                       hive_value_h *value, GError **error)
{
  GHashTable *idx = value_index (c, e, node, error);
  if (idx == NULL)
    return FALSE;
  g_autofree char *fold = g_ascii_strdown (e->name, -1);
  *value = GPOINTER_TO_SIZE (g_hash_table_lookup (idx, fold));
  return TRUE;
}
