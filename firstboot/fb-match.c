/* fb-match: which new NIC takes the place of which old one (docs/firstboot.md#matching).
 *
 * The target VM keeps the source MACs, so a MAC identifies the new NIC; --nic-map names a new
 * MAC for an old one when it changed.  Without a MAC (XP records none) exactly one old static
 * NIC may be paired with the only new virtio NIC.  Anything else would be a guess, and a wrong
 * guess puts a server's address on the wrong network, so it is refused or reported instead.
 */
#include <config.h>

#include <string.h>

#include "fb.h"
#include "ws-error.h"
#include "banned.h"

const char *
fb_how_name (enum fb_how how)
{
  switch (how) {
  case FB_BY_MAC: return "MAC";
  case FB_BY_MAP: return "--nic-map";
  case FB_BY_ONLY: return "only static NIC";
  }
  return "?";
}

gboolean
fb_hook_from_name (const char *name, enum fb_hook *out)
{
  static const struct { const char *name; enum fb_hook hook; } hooks[] = {
    { "service", FB_HOOK_SERVICE }, { "setup-cmdline", FB_HOOK_SETUP }, { "none", FB_HOOK_NONE },
  };
  for (size_t i = 0; name && i < G_N_ELEMENTS (hooks); i++)
    if (strcmp (name, hooks[i].name) == 0) {
      *out = hooks[i].hook;
      return TRUE;
    }
  return FALSE;
}

static void
match_free (struct fb_match *m)
{
  g_free (m->new_mac);
  g_free (m);
}

gboolean
fb_nic_replaced (const struct net_nic *n)
{
  return !n->service || g_ascii_strcasecmp (n->service, "netkvm") != 0;
}

/* Parse --nic-map into old -> new (both getmac form). */
static GHashTable *
parse_map (char **nic_map, GError **error)
{
  g_autoptr (GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (char **e = nic_map; e && *e; e++) {
    const char *eq = strchr (*e, '=');
    g_autofree char *left = eq ? g_strndup (*e, eq - *e) : NULL;
    g_autofree char *oldm = fb_getmac_form (left);
    g_autofree char *newm = eq ? fb_getmac_form (eq + 1) : NULL;
    if (!oldm || !newm) {
      /* Escaped: the value is the user's or a manifest's, and may hold terminal escapes. */
      g_autofree char *shown = g_strescape (*e, NULL);
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE,
                   "--nic-map '%s': expected OLD=NEW, two MAC addresses", shown);
      return NULL;
    }
    if (g_hash_table_contains (map, oldm)) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--nic-map names '%s' twice", left);
      return NULL;
    }
    g_hash_table_insert (map, g_steal_pointer (&oldm), g_steal_pointer (&newm));
  }
  return g_steal_pointer (&map);
}

static struct fb_match *
new_match (const struct net_nic *n, char *new_mac, enum fb_how how)
{
  struct fb_match *m = g_new0 (struct fb_match, 1);
  m->old = n;
  m->new_mac = new_mac;
  m->how = how;
  return m;
}

/* The old NICs without a MAC: the one static NIC among them is paired only when it is the
 * only static NIC to carry at all. */
static gboolean
pair_macless (GPtrArray *out, GPtrArray *macless, guint n_static, GPtrArray *warnings,
              GError **error)
{
  for (guint i = 0; i < macless->len; i++) {
    const struct net_nic *n = g_ptr_array_index (macless, i);
    const char *name = n->connection_name ? n->connection_name : n->class_instance;
    if (n->dhcp) {
      if (warnings)
        g_ptr_array_add (warnings, g_strdup_printf (
        "NIC '%s' has no recorded MAC and is on DHCP: its name and settings are not carried", name));
      continue;
    }
    if (n_static != 1) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE,
                   "NIC '%s' is static but has no recorded MAC and is not the only static NIC: "
                   "cannot tell which new NIC takes its place (--nic-map, or --no-firstboot)", name);
      return FALSE;
    }
    g_ptr_array_add (out, new_match (n, NULL, FB_BY_ONLY));
  }
  return TRUE;
}

static gboolean
check_map_used (GHashTable *map, GPtrArray *nics, GError **error)
{
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, map);
  while (g_hash_table_iter_next (&it, &k, NULL)) {
    gboolean found = FALSE;
    for (guint i = 0; i < nics->len && !found; i++) {
      const struct net_nic *n = g_ptr_array_index (nics, i);
      g_autofree char *m = fb_getmac_form (n->mac);
      found = m && strcmp (m, k) == 0;
    }
    if (!found) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--nic-map: no NIC of the guest has MAC '%s'",
                   (const char *) k);
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
fb_nic_map_check (char **nic_map, GError **error)
{
  g_autoptr (GHashTable) map = parse_map (nic_map, error);
  return map != NULL;
}

GPtrArray *
fb_match (GPtrArray *nics, char **nic_map, GPtrArray *warnings, GError **error)
{
  g_autoptr (GHashTable) map = parse_map (nic_map, error);
  if (!map || !check_map_used (map, nics, error))
    return NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) match_free);
  g_autoptr (GPtrArray) macless = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_static = 0;
  for (guint i = 0; i < nics->len; i++) {
    const struct net_nic *n = g_ptr_array_index (nics, i);
    if (!fb_nic_replaced (n))
      continue;
    n_static += !n->dhcp;
    g_autofree char *mac = fb_getmac_form (n->mac);
    if (!mac) {
      g_ptr_array_add (macless, (gpointer) n);
      continue;
    }
    const char *mapped = g_hash_table_lookup (map, mac);
    char *target = g_strdup (mapped ? mapped : mac);
    /* two old NICs on one new MAC would fight over one adapter */
    if (g_hash_table_contains (seen, target)) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE,
                   "two NICs would be carried to the new NIC with MAC '%s' (--nic-map)", target);
      g_free (target);
      return NULL;
    }
    struct fb_match *m = new_match (n, target, mapped ? FB_BY_MAP : FB_BY_MAC);
    g_hash_table_add (seen, m->new_mac);
    g_ptr_array_add (out, m);
  }
  if (!pair_macless (out, macless, n_static, warnings, error))
    return NULL;
  return g_steal_pointer (&out);
}
