/* hive-read: read-only hivex access with one error convention; see hive-read.h. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <hivex.h>   /* the value type constants */

#include "ws-error.h"
#include "ws-text.h"
#include "hive-limits.h"
#include "hive-read.h"
#include "regf.h"
#include "banned.h"

struct hive_reader {
  regf *r;
  char *name;
  char *path;
  uint64_t names_read;   /* key and value names read so far (HIVE_MAX_NAMES_READ) */
};

/* A record that could not be read: "corrupt SYSTEM hive '...': cannot list subkeys of 'X': ...".
 * A failure to fetch the bytes (a host or appliance error) keeps its own exit code. */
static void
set_read_error (GError **error, const hive_reader *h, const char *what, const char *where, GError *cause)
{
  gboolean bad = cause->domain == WS_ERROR && cause->code == WS_EXIT_BAD_INPUT;
  g_set_error (error, WS_ERROR, bad ? WS_EXIT_BAD_INPUT : cause->code, "%s %s hive '%s': cannot %s '%s': %s",
               bad ? "corrupt" : "cannot read", h->name, h->path, what, where ? where : "", cause->message);
}

/* The same, naming the key at node by its path. */
static void
set_node_error (GError **error, hive_reader *h, const char *what, hive_node node, const char *value,
                GError *cause)
{
  g_autofree char *p = hive_reader_node_path (h, node);
  g_autofree char *where = value ? g_strdup_printf ("%s\\%s", p, value) : NULL;
  set_read_error (error, h, what, where ? where : p, cause);
}

/* A limit of hive-limits.h reached at node: one error naming the hive, the key and the limit,
 * "hostile SYSTEM hive '/Windows/...': key 'ControlSet001\\Enum' has more than 65536 subkeys
 * (HIVE_MAX_SUBKEYS)". */
static void
set_limit_error (GError **error, hive_reader *h, hive_node node, const char *limit, const char *fmt, ...)
  G_GNUC_PRINTF (5, 6);

static void
set_limit_error (GError **error, hive_reader *h, hive_node node, const char *limit, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_autofree char *p = node ? hive_reader_node_path (h, node) : g_strdup ("");
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "hostile %s hive '%s': key '%s' %s (%s)", h->name,
               h->path, p, what, limit);
}

/* Count n more names read from the hive; FALSE and an error once the run has read too many. */
static gboolean
charge_names (hive_reader *h, hive_node node, size_t n, GError **error)
{
  h->names_read += n;
  if (h->names_read <= HIVE_MAX_NAMES_READ)
    return TRUE;
  set_limit_error (error, h, node, "HIVE_MAX_NAMES_READ",
                   "takes the key and value names read from the hive over %d", HIVE_MAX_NAMES_READ);
  return FALSE;
}

/* A key's subkeys (subkeys) or values, within HIVE_MAX_SUBKEYS or HIVE_MAX_VALUES and the names
 * budget, the limits checked on the counts the key declares before anything is listed. */
static GArray *
list_node (hive_reader *h, hive_node node, gboolean subkeys, GError **error)
{
  g_autoptr (GError) e = NULL;
  uint32_t nsub, nval;
  if (!regf_key_counts (h->r, node, &nsub, &nval, &e)) {
    set_node_error (error, h, subkeys ? "list subkeys of" : "list values of", node, NULL, e);
    return NULL;
  }
  uint32_t n = subkeys ? nsub : nval;
  if (subkeys && n > HIVE_MAX_SUBKEYS) {
    set_limit_error (error, h, node, "HIVE_MAX_SUBKEYS", "has more than %d subkeys", HIVE_MAX_SUBKEYS);
    return NULL;
  }
  if (!subkeys && n > HIVE_MAX_VALUES) {
    set_limit_error (error, h, node, "HIVE_MAX_VALUES", "has more than %d values", HIVE_MAX_VALUES);
    return NULL;
  }
  if (!charge_names (h, node, n, error))
    return NULL;
  GArray *list = subkeys ? regf_key_subkeys (h->r, node, &e) : regf_key_values (h->r, node, &e);
  if (list == NULL)
    set_node_error (error, h, subkeys ? "list subkeys of" : "list values of", node, NULL, e);
  return list;
}

/* The reader over r, or, when regf could not open the hive (r NULL, cause set), one error naming the
 * hive and where it came from; the cause's exit code is kept (bad input, or a host or appliance error). */
static hive_reader *
reader_from (regf *r, GError *cause, const char *name, const char *origin, GError **error)
{
  if (r == NULL) {
    g_set_error (error, WS_ERROR, cause->code, "cannot open %s hive '%s': %s", name, origin, cause->message);
    return NULL;
  }
  hive_reader *h = g_new0 (hive_reader, 1);
  h->r = r;
  h->name = g_strdup (name);
  h->path = g_strdup (origin);
  return h;
}

hive_reader *
hive_reader_open_source (const struct regf_source *source, const char *name, const char *origin,
                         GError **error)
{
  g_autoptr (GError) e = NULL;
  regf *r = regf_open (source, &e);
  return reader_from (r, e, name, origin, error);
}

hive_reader *
hive_reader_open (const char *path, const char *name, GError **error)
{
  g_autoptr (GError) e = NULL;
  regf *r = regf_open_file (path, &e);
  return reader_from (r, e, name, path, error);
}

void
hive_reader_free (hive_reader *h)
{
  if (h == NULL)
    return;
  regf_free (h->r);
  g_free (h->name);
  g_free (h->path);
  g_free (h);
}

const char *
hive_reader_name (const hive_reader *h)
{
  return h->name;
}

hive_node
hive_reader_root (hive_reader *h)
{
  return regf_root (h->r);
}

char *
hive_reader_node_name (hive_reader *h, hive_node node)
{
  return regf_key_name (h->r, node, NULL);
}

/* The name of record i of node's list (keys or values); NULL + an error naming node when it
 * cannot be read.  Names that are not valid UTF-16 come back with U+FFFD where they break (regf.h). */
static char *
member_name (hive_reader *h, hive_node node, GArray *list, guint i, gboolean keys, GError **error)
{
  uint64_t rec = g_array_index (list, uint64_t, i);
  g_autoptr (GError) e = NULL;
  char *n = keys ? regf_key_name (h->r, rec, &e) : regf_value_name (h->r, rec, &e);
  if (n == NULL)
    set_node_error (error, h, keys ? "read a subkey of" : "read a value of", node, NULL, e);
  return n;
}

/* The name of each record of list: NULL + error at the first that cannot be read. */
static char **
names_of (hive_reader *h, hive_node node, GArray *list, gboolean keys, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < list->len; i++) {
    char *n = member_name (h, node, list, i, keys, error);
    if (n == NULL)
      return NULL;
    g_ptr_array_add (names, n);
  }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* The record of node's keys or values named name (ASCII-case-insensitively, as hive-read.h says),
 * 0 when none. */
static uint64_t
find_named (hive_reader *h, hive_node node, gboolean keys, const char *name, GError **error)
{
  g_autoptr (GArray) list = list_node (h, node, keys, error);
  if (list == NULL)
    return 0;
  for (guint i = 0; i < list->len; i++) {
    g_autofree char *n = member_name (h, node, list, i, keys, error);
    if (n == NULL)
      return 0;
    if (g_ascii_strcasecmp (n, name) == 0)
      return g_array_index (list, uint64_t, i);
  }
  return 0;
}

hive_node
hive_reader_lookup (hive_reader *h, hive_node from, const char *path, GError **error)
{
  hive_node node = from ? from : regf_root (h->r);
  g_auto (GStrv) parts = g_strsplit (path, "\\", -1);
  if (g_strv_length (parts) > HIVE_MAX_DEPTH) {
    set_limit_error (error, h, node, "HIVE_MAX_DEPTH", "is asked for '%.64s...', more than %d levels below it",
                     path, HIVE_MAX_DEPTH);
    return 0;
  }
  for (size_t i = 0; parts[i] && node; i++) {
    if (parts[i][0] == '\0')
      continue;
    GError *e = NULL;
    node = find_named (h, node, TRUE, parts[i], &e);
    if (e) {
      g_propagate_error (error, e);
      return 0;
    }
  }
  return node;
}

char **
hive_reader_child_names (hive_reader *h, hive_node node, GError **error)
{
  g_autoptr (GArray) list = list_node (h, node, TRUE, error);
  return list ? names_of (h, node, list, TRUE, error) : NULL;
}

char **
hive_reader_value_names (hive_reader *h, hive_node node, GError **error)
{
  g_autoptr (GArray) list = list_node (h, node, FALSE, error);
  return list ? names_of (h, node, list, FALSE, error) : NULL;
}

void
hive_value_clear (struct hive_value *v)
{
  g_clear_pointer (&v->data, g_free);
  v->len = 0;
  v->type = 0;
}

gboolean
hive_reader_value (hive_reader *h, hive_node node, const char *name, struct hive_value *out,
                   GError **error)
{
  memset (out, 0, sizeof *out);
  if (node == 0)
    return FALSE;
  GError *fe = NULL;
  uint64_t v = find_named (h, node, FALSE, name, &fe);
  if (v == 0) {
    if (fe)
      g_propagate_error (error, fe);
    return FALSE;
  }
  g_autoptr (GError) e = NULL;
  uint32_t type;
  size_t len;
  if (!regf_value_info (h->r, v, &type, &len, &e)) {
    set_node_error (error, h, "read value", node, name, e);
    return FALSE;
  }
  if (len > HIVE_MAX_VALUE_SIZE) {
    set_limit_error (error, h, node, "HIVE_MAX_VALUE_SIZE", "value '%s' holds %zu bytes, more than %d", name,
                     len, HIVE_MAX_VALUE_SIZE);
    return FALSE;
  }
  uint8_t *data = regf_value_data (h->r, v, &len, &e);
  if (data == NULL) {
    set_node_error (error, h, "read value", node, name, e);
    return FALSE;
  }
  out->type = type;
  out->len = len;
  out->data = data;
  return TRUE;
}

static void
set_type_error (GError **error, hive_reader *h, hive_node node, const char *name, uint32_t type,
                const char *wanted)
{
  g_autofree char *p = hive_reader_node_path (h, node);
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
               "unexpected value type in %s hive: '%s\\%s' has type %u, expected %s", h->name, p,
               name, type, wanted);
}

gboolean
hive_reader_string (hive_reader *h, hive_node node, const char *name, char **out, GError **error)
{
  struct hive_value v;
  *out = NULL;
  if (!hive_reader_value (h, node, name, &v, error))
    return FALSE;
  gboolean ok = FALSE;
  /* REG_SZ, REG_EXPAND_SZ; some writers store strings as REG_BINARY/REG_NONE: accept UTF-16 text. */
  if (v.type == hive_t_REG_SZ || v.type == hive_t_REG_EXPAND_SZ || v.type == hive_t_REG_LINK) {
    *out = ws_utf16le_to_utf8 (v.data, v.len & ~(size_t) 1, error);
    ok = *out != NULL;
  } else if (v.type == hive_t_REG_MULTI_SZ) {
    g_auto (GStrv) l = ws_multi_sz_decode (v.data, v.len, error);
    if (l) {
      *out = g_strdup (l[0] ? l[0] : "");
      ok = TRUE;
    }
  } else
    set_type_error (error, h, node, name, v.type, "a string");
  hive_value_clear (&v);
  return ok;
}

gboolean
hive_reader_dword (hive_reader *h, hive_node node, const char *name, uint32_t *out, GError **error)
{
  struct hive_value v;
  if (!hive_reader_value (h, node, name, &v, error))
    return FALSE;
  gboolean ok = FALSE;
  if ((v.type == hive_t_REG_DWORD || v.type == hive_t_REG_BINARY || v.type == hive_t_REG_NONE) && v.len >= 4) {
    *out = ws_le32 (v.data);
    ok = TRUE;
  } else if (v.type == hive_t_REG_DWORD_BIG_ENDIAN && v.len >= 4) {
    *out = (uint32_t) v.data[0] << 24 | v.data[1] << 16 | v.data[2] << 8 | v.data[3];
    ok = TRUE;
  } else
    set_type_error (error, h, node, name, v.type, "a DWORD");
  hive_value_clear (&v);
  return ok;
}

gboolean
hive_reader_qword (hive_reader *h, hive_node node, const char *name, uint64_t *out, GError **error)
{
  struct hive_value v;
  if (!hive_reader_value (h, node, name, &v, error))
    return FALSE;
  gboolean ok = FALSE;
  if (v.len >= 8 && (v.type == hive_t_REG_QWORD || v.type == hive_t_REG_BINARY)) {
    *out = ws_le64 (v.data);
    ok = TRUE;
  } else
    set_type_error (error, h, node, name, v.type, "a QWORD");
  hive_value_clear (&v);
  return ok;
}

/* Strings of a multi-string, counted before any is decoded (an upper bound: the list ends at the
 * first empty string). */
static size_t
multi_items (const uint8_t *p, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i + 1 < len; i += 2)
    n += p[i] == 0 && p[i + 1] == 0;
  return n;
}

gboolean
hive_reader_multi (hive_reader *h, hive_node node, const char *name, char ***out, GError **error)
{
  struct hive_value v;
  *out = NULL;
  if (!hive_reader_value (h, node, name, &v, error))
    return FALSE;
  gboolean ok = FALSE;
  if ((v.type == hive_t_REG_MULTI_SZ || v.type == hive_t_REG_BINARY || v.type == hive_t_REG_NONE) &&
      multi_items (v.data, v.len) > HIVE_MAX_MULTI_ITEMS) {
    set_limit_error (error, h, node, "HIVE_MAX_MULTI_ITEMS", "value '%s' holds more than %d strings", name,
                     HIVE_MAX_MULTI_ITEMS);
  } else if (v.type == hive_t_REG_MULTI_SZ || v.type == hive_t_REG_BINARY || v.type == hive_t_REG_NONE) {
    *out = ws_multi_sz_decode (v.data, v.len, error);
    ok = *out != NULL;
  } else if (v.type == hive_t_REG_SZ || v.type == hive_t_REG_EXPAND_SZ) {
    char *s = ws_utf16le_to_utf8 (v.data, v.len & ~(size_t) 1, error);
    if (s) {
      *out = g_new0 (char *, 2);
      (*out)[0] = s;
      ok = TRUE;
    }
  } else
    set_type_error (error, h, node, name, v.type, "a MULTI_SZ");
  hive_value_clear (&v);
  return ok;
}

gboolean
hive_reader_string_list (hive_reader *h, hive_node node, const char *name, char ***out, GError **error)
{
  g_auto (GStrv) raw = NULL;
  if (!hive_reader_multi (h, node, name, &raw, error))
    return FALSE;
  /* NameServer is a REG_SZ "a,b" or "a b"; IPAddress a REG_MULTI_SZ: flatten both to a list. */
  GPtrArray *items = g_ptr_array_new ();
  for (size_t i = 0; raw[i]; i++) {
    g_auto (GStrv) parts = g_strsplit_set (raw[i], ", ", -1);
    for (size_t j = 0; parts[j]; j++)
      if (parts[j][0])
        g_ptr_array_add (items, g_strdup (parts[j]));
  }
  g_ptr_array_add (items, NULL);
  *out = (char **) g_ptr_array_free (items, FALSE);
  return TRUE;
}

char *
hive_reader_current_control_set (hive_reader *h, GError **error)
{
  GError *e = NULL;
  hive_node sel = hive_reader_lookup (h, 0, "Select", &e);
  uint32_t current = 0;
  if (e == NULL && sel)
    hive_reader_dword (h, sel, "Current", &current, &e);
  if (e) {
    g_propagate_error (error, e);
    return NULL;
  }
  if (current == 0 || current > 999) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "corrupt %s hive '%s': Select\\Current is %s",
                 h->name, h->path, sel ? "missing or out of range" : "missing (no Select key)");
    return NULL;
  }
  char *name = g_strdup_printf ("ControlSet%03u", current);
  if (hive_reader_lookup (h, 0, name, &e) == 0) {
    if (e)
      g_propagate_error (error, e);
    else
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                   "corrupt %s hive '%s': Select\\Current names %s, which does not exist", h->name,
                   h->path, name);
    g_free (name);
    return NULL;
  }
  return name;
}

char *
hive_reader_node_path (hive_reader *h, hive_node node)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  hive_node root = regf_root (h->r);
  /* Bounded walk: a crafted parent loop must not hang us; a record that cannot be read ends the
   * path with "?" (this names things in messages, it must not fail itself). */
  for (int depth = 0; node && node != root && depth < HIVE_MAX_DEPTH; depth++) {
    char *n = regf_key_name (h->r, node, NULL);
    g_ptr_array_insert (parts, 0, n ? n : g_strdup ("?"));
    node = n ? regf_key_parent (h->r, node, NULL) : 0;
  }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("\\", (char **) parts->pdata);
}
