/* net-value: tolerant value readers and address checks shared by the NIC readers. */
#include <config.h>

#include <stdarg.h>
#include <string.h>

#include "net-internal.h"
#include "banned.h"

void
net_warn (struct net_ctx *c, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_ptr_array_add (c->nic->warnings, g_strdup_vprintf (fmt, ap));
  va_end (ap);
}

gboolean
net_nic_key (struct net_ctx *c, const char *before, const char *after, hive_node *out, GError **error)
{
  g_autofree char *path = g_strconcat (c->cs, "\\", before, c->nic->netcfg_instance_id, after, NULL);
  GError *e = NULL;
  *out = hive_reader_lookup (c->h, 0, path, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

/* Turn a read error into a warning naming the value; the value then counts as absent. */
static void
warn_error (struct net_ctx *c, GError *e)
{
  net_warn (c, "skipped: %s", e->message);
  g_error_free (e);
}

static gboolean
too_long (struct net_ctx *c, hive_node n, const char *name, const char *text)
{
  if (strlen (text) <= NET_MAX_TEXT)
    return FALSE;
  g_autofree char *p = hive_reader_node_path (c->h, n);
  net_warn (c, "skipped: '%s\\%s' is longer than %d bytes", p, name, NET_MAX_TEXT);
  return TRUE;
}

void
net_opt_string (struct net_ctx *c, hive_node n, const char *name, char **out)
{
  GError *e = NULL;
  *out = NULL;
  if (!hive_reader_string (c->h, n, name, out, &e)) {
    if (e)
      warn_error (c, e);
    return;
  }
  if ((*out)[0] == '\0' || too_long (c, n, name, *out))
    g_clear_pointer (out, g_free);
}

void
net_opt_dword (struct net_ctx *c, hive_node n, const char *name, int64_t *out)
{
  GError *e = NULL;
  uint32_t v;
  *out = NET_UNSET;
  if (hive_reader_dword (c->h, n, name, &v, &e))
    *out = v;
  else if (e)
    warn_error (c, e);
}

char **
net_opt_list (struct net_ctx *c, hive_node n, const char *name)
{
  GError *e = NULL;
  char **l = NULL;
  if (!hive_reader_string_list (c->h, n, name, &l, &e)) {
    if (e)
      warn_error (c, e);
    return g_new0 (char *, 1);
  }
  size_t len = g_strv_length (l);
  for (size_t i = 0; i < len; i++)
    if (too_long (c, n, name, l[i])) {
      g_strfreev (l);
      return g_new0 (char *, 1);
    }
  if (len > NET_MAX_LIST) {
    g_autofree char *p = hive_reader_node_path (c->h, n);
    net_warn (c, "'%s\\%s' has %zu entries; kept the first %d", p, name, len, NET_MAX_LIST);
    for (size_t i = NET_MAX_LIST; i < len; i++)
      g_clear_pointer (&l[i], g_free);
  }
  return l;
}

gboolean
net_opt_raw (struct net_ctx *c, hive_node n, const char *name, struct hive_value *out)
{
  GError *e = NULL;
  if (hive_reader_value (c->h, n, name, out, &e))
    return TRUE;
  if (e)
    warn_error (c, e);
  return FALSE;
}

gboolean
net_is_ipv4 (const char *s)
{
  for (int part = 0; part < 4; part++) {
    if (part > 0 && *s++ != '.')
      return FALSE;
    unsigned v = 0;
    int digits = 0;
    for (; g_ascii_isdigit (*s) && digits < 4; s++, digits++)
      v = v * 10 + (unsigned) (*s - '0');
    if (digits == 0 || digits > 3 || v > 255)
      return FALSE;
  }
  return *s == '\0';
}

char **
net_keep_ipv4 (struct net_ctx *c, char **list, const char *what)
{
  GPtrArray *keep = g_ptr_array_new ();
  for (size_t i = 0; list[i]; i++) {
    if (net_is_ipv4 (list[i])) {
      g_ptr_array_add (keep, list[i]);
      continue;
    }
    net_warn (c, "skipped %s '%s': not an IPv4 address", what, list[i]);
    g_free (list[i]);
  }
  g_free (list);
  g_ptr_array_add (keep, NULL);
  return (char **) g_ptr_array_free (keep, FALSE);
}

char *
net_format_mac (const uint8_t *b)
{
  return g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
}
