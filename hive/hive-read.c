/* hive-read: read-only hivex access with one error convention; see hive-read.h. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <hivex.h>

#include "ws-error.h"
#include "ws-text.h"
#include "hive-limits.h"
#include "hive-read.h"
#include "banned.h"

struct hive_reader {
  hive_h *h;
  char *name;
  char *path;
  uint64_t names_read;   /* key and value names read so far (HIVE_MAX_NAMES_READ) */
};

/* hivex returns 0/NULL both for "not found" (errno 0) and for errors (errno set). */
static void
set_hivex_error (GError **error, const hive_reader *h, const char *what, const char *where)
{
  int e = errno;
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "corrupt %s hive '%s': cannot %s '%s': %s",
               h->name, h->path, what, where ? where : "", e ? g_strerror (e) : "invalid data");
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

/* hivex_node_children, within HIVE_MAX_SUBKEYS and the names budget (free() the result). */
static hive_node_h *
list_children (hive_reader *h, hive_node node, GError **error)
{
  errno = 0;
  hive_node_h *children = hivex_node_children (h->h, node);
  if (children == NULL) {
    g_autofree char *p = hive_reader_node_path (h, node);
    set_hivex_error (error, h, "list subkeys of", p);
    return NULL;
  }
  size_t n = 0;
  while (children[n])
    n++;
  if (n > HIVE_MAX_SUBKEYS) {
    set_limit_error (error, h, node, "HIVE_MAX_SUBKEYS", "has more than %d subkeys", HIVE_MAX_SUBKEYS);
    free (children);
    return NULL;
  }
  if (!charge_names (h, node, n, error)) {
    free (children);
    return NULL;
  }
  return children;
}

/* hivex_node_values, within HIVE_MAX_VALUES and the names budget (free() the result). */
static hive_value_h *
list_values (hive_reader *h, hive_node node, GError **error)
{
  errno = 0;
  hive_value_h *values = hivex_node_values (h->h, node);
  if (values == NULL) {
    g_autofree char *p = hive_reader_node_path (h, node);
    set_hivex_error (error, h, "list values of", p);
    return NULL;
  }
  size_t n = 0;
  while (values[n])
    n++;
  if (n > HIVE_MAX_VALUES) {
    set_limit_error (error, h, node, "HIVE_MAX_VALUES", "has more than %d values", HIVE_MAX_VALUES);
    free (values);
    return NULL;
  }
  if (!charge_names (h, node, n, error)) {
    free (values);
    return NULL;
  }
  return values;
}

hive_reader *
hive_reader_open (const char *path, const char *name, GError **error)
{
  errno = 0;
  hive_h *hx = hivex_open (path, 0);
  if (hx == NULL) {
    int e = errno;
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot open %s hive '%s': %s", name, path,
                 e == ENOTSUP ? "not a registry hive (bad signature or header)" : g_strerror (e));
    return NULL;
  }
  hive_reader *h = g_new0 (hive_reader, 1);
  h->h = hx;
  h->name = g_strdup (name);
  h->path = g_strdup (path);
  return h;
}

void
hive_reader_free (hive_reader *h)
{
  if (h == NULL)
    return;
  hivex_close (h->h);
  g_free (h->name);
  g_free (h->path);
  g_free (h);
}

const char *
hive_reader_name (const hive_reader *h)
{
  return h->name;
}

void
hive_reader_set_origin (hive_reader *h, const char *origin)
{
  g_free (h->path);
  h->path = g_strdup (origin);
}

hive_node
hive_reader_root (hive_reader *h)
{
  return hivex_root (h->h);
}

char *
hive_reader_node_name (hive_reader *h, hive_node node)
{
  return hivex_node_name (h->h, node);
}

/* One path component, compared ASCII-case-insensitively (hivex's own lookup uses the locale). */
static hive_node
child_named (hive_reader *h, hive_node node, const char *name, GError **error)
{
  hive_node_h *children = list_children (h, node, error);
  if (children == NULL)
    return 0;
  hive_node found = 0;
  for (size_t i = 0; children[i] && !found; i++) {
    g_autofree char *n = hivex_node_name (h->h, children[i]);
    if (n && g_ascii_strcasecmp (n, name) == 0)
      found = children[i];
  }
  free (children);
  return found;
}

hive_node
hive_reader_lookup (hive_reader *h, hive_node from, const char *path, GError **error)
{
  hive_node node = from ? from : hivex_root (h->h);
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
    node = child_named (h, node, parts[i], &e);
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
  hive_node_h *children = list_children (h, node, error);
  if (children == NULL)
    return NULL;
  GPtrArray *names = g_ptr_array_new ();
  for (size_t i = 0; children[i]; i++) {
    char *n = hivex_node_name (h->h, children[i]);
    if (n)
      g_ptr_array_add (names, n);
  }
  free (children);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

char **
hive_reader_value_names (hive_reader *h, hive_node node, GError **error)
{
  hive_value_h *values = list_values (h, node, error);
  if (values == NULL)
    return NULL;
  GPtrArray *names = g_ptr_array_new ();
  for (size_t i = 0; values[i]; i++) {
    char *n = hivex_value_key (h->h, values[i]);
    if (n)
      g_ptr_array_add (names, n);
  }
  free (values);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

void
hive_value_clear (struct hive_value *v)
{
  g_clear_pointer (&v->data, g_free);
  v->len = 0;
  v->type = 0;
}

static hive_value_h
value_named (hive_reader *h, hive_node node, const char *name, GError **error)
{
  hive_value_h *values = list_values (h, node, error);
  if (values == NULL)
    return 0;
  hive_value_h found = 0;
  for (size_t i = 0; values[i] && !found; i++) {
    g_autofree char *k = hivex_value_key (h->h, values[i]);
    if (k && g_ascii_strcasecmp (k, name) == 0)
      found = values[i];
  }
  free (values);
  return found;
}

gboolean
hive_reader_value (hive_reader *h, hive_node node, const char *name, struct hive_value *out,
                   GError **error)
{
  memset (out, 0, sizeof *out);
  if (node == 0)
    return FALSE;
  hive_value_h v = value_named (h, node, name, error);
  if (v == 0)
    return FALSE;
  hive_type t;
  size_t len;
  errno = 0;
  if (hivex_value_type (h->h, v, &t, &len) == -1) {
    g_autofree char *p = hive_reader_node_path (h, node);
    g_autofree char *where = g_strdup_printf ("%s\\%s", p, name);
    set_hivex_error (error, h, "read value", where);
    return FALSE;
  }
  if (len > HIVE_MAX_VALUE_SIZE) {
    set_limit_error (error, h, node, "HIVE_MAX_VALUE_SIZE", "value '%s' holds %zu bytes, more than %d", name,
                     len, HIVE_MAX_VALUE_SIZE);
    return FALSE;
  }
  errno = 0;
  char *data = hivex_value_value (h->h, v, &t, &len);
  if (data == NULL && len > 0) {
    g_autofree char *p = hive_reader_node_path (h, node);
    g_autofree char *where = g_strdup_printf ("%s\\%s", p, name);
    set_hivex_error (error, h, "read value", where);
    return FALSE;
  }
  out->type = (uint32_t) t;
  out->len = len;
  out->data = (uint8_t *) data;
  if (out->data == NULL)
    out->data = g_malloc0 (1);
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
  hive_node root = hivex_root (h->h);
  /* Bounded walk: a crafted parent loop must not hang us. */
  for (int depth = 0; node && node != root && depth < HIVE_MAX_DEPTH; depth++) {
    g_ptr_array_insert (parts, 0, hivex_node_name (h->h, node));
    errno = 0;
    node = hivex_node_parent (h->h, node);
  }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("\\", (char **) parts->pdata);
}
