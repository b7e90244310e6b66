/* fb-steps: the commands that carry one old NIC's settings to its new NIC.
 *
 * netsh is the one tool present from XP to Server 2025; its ip-context syntax differs before
 * Vista (docs/firstboot.md#netsh), so the guest's version picks the words.  Settings netsh
 * cannot set everywhere go through reg add on the new adapter's keys, named by the GUID the
 * payload reads from getmac at boot (%G<n>%).  %N<n>% is the new connection's current name.
 */
#include <config.h>

#include <stdarg.h>
#include <string.h>

#include "fb.h"
#include "ws-error.h"
#include "banned.h"

#define NET_CLASS_KEY "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Network\\" \
  "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define TCPIP_KEY "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\"
#define NETBT_KEY "HKLM\\SYSTEM\\CurrentControlSet\\Services\\NetBT\\Parameters\\Interfaces\\Tcpip_"

void
fb_step_free (struct fb_step *s)
{
  g_free (s->id);
  g_free (s->what);
  g_free (s->cmd);
  g_free (s->on_ok);
  g_free (s);
}

struct ctx {
  GPtrArray *steps;
  const struct fb_options *o;
  const struct net_nic *n;
  int idx;                /* 1-based: the payload's N<idx>, G<idx> */
  gboolean legacy;        /* before Vista: XP and Server 2003 */
  const char *name;       /* the old connection name (checked), NULL when the hive has none */
};

static struct fb_step *
add (struct ctx *c, const char *id, char *what, char *cmd)
{
  struct fb_step *s = g_new0 (struct fb_step, 1);
  s->id = g_strdup_printf ("nic%d-%s", c->idx, id);
  s->what = what;
  s->cmd = cmd;
  g_ptr_array_add (c->steps, s);
  return s;
}

static gboolean
bad (GError **error, const struct net_nic *n, const char *what, const char *value)
{
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
               "NIC '%s': refusing unsafe or malformed %s '%s' for the first-boot payload",
               n->class_instance ? n->class_instance : "?", what, value ? value : "(none)");
  return FALSE;
}

/* Rename the ghost first: a name still held by the old connection cannot be given again. */
static gboolean
rename_steps (struct ctx *c, GError **error)
{
  const struct net_nic *n = c->n;
  if (!c->name)
    return TRUE;
  if (n->netcfg_instance_id) {
    if (!fb_check_guid (n->netcfg_instance_id))
      return bad (error, n, "NetCfgInstanceId", n->netcfg_instance_id);
    add (c, "ghost", g_strdup_printf ("rename the old connection to '%s (replaced)'", c->name),
         g_strdup_printf ("call reg add \"" NET_CLASS_KEY "\\%s\\Connection\" /v Name /t REG_SZ "
                          "/d \"%s (replaced)\" /f", n->netcfg_instance_id, c->name));
  }
  struct fb_step *s = add (c, "rename", g_strdup_printf ("name the new connection '%s'", c->name),
    g_strdup_printf ("call netsh interface set interface name=\"%%N%d%%\" newname=\"%s\"",
                     c->idx, c->name));
  s->on_ok = g_strdup_printf ("set \"N%d=%s\"", c->idx, c->name);
  return TRUE;
}

static char *
gateway_words (const struct net_gateway *g)
{
  int64_t metric = g->metric == NET_UNSET ? 0 : g->metric;
  return g_strdup_printf ("gateway=%s gwmetric=%" G_GINT64_FORMAT, g->address, metric);
}

static gboolean
check_ipv4_lists (struct ctx *c, GPtrArray *addrs, GPtrArray *gws, GError **error)
{
  for (guint i = 0; i < addrs->len; i++) {
    const struct net_ipv4 *a = g_ptr_array_index (addrs, i);
    if (!fb_check_ipv4 (a->address))
      return bad (error, c->n, "IPv4 address", a->address);
    if (!fb_check_mask (a->mask))
      return bad (error, c->n, "subnet mask", a->mask);
  }
  for (guint i = 0; i < gws->len; i++) {
    const struct net_gateway *g = g_ptr_array_index (gws, i);
    if (!fb_check_ipv4 (g->address))
      return bad (error, c->n, "gateway", g->address);
    if (g->metric != NET_UNSET && (g->metric < 0 || g->metric > 9999))
      return bad (error, c->n, "gateway metric", "out of range");
  }
  return TRUE;
}

/* Static addresses: the first replaces whatever the new NIC got, with the first gateway. */
static gboolean
address_steps (struct ctx *c, GError **error)
{
  g_autoptr (GPtrArray) addrs = g_ptr_array_new ();
  g_autoptr (GPtrArray) gws = g_ptr_array_new ();
  for (guint i = 0; c->n->ipv4 && i < c->n->ipv4->len; i++)
    if (!((struct net_ipv4 *) g_ptr_array_index (c->n->ipv4, i))->leased)
      g_ptr_array_add (addrs, g_ptr_array_index (c->n->ipv4, i));
  for (guint i = 0; c->n->gateways && i < c->n->gateways->len; i++)
    if (!((struct net_gateway *) g_ptr_array_index (c->n->gateways, i))->leased)
      g_ptr_array_add (gws, g_ptr_array_index (c->n->gateways, i));
  if (c->n->dhcp || addrs->len == 0)
    return TRUE;
  if (!check_ipv4_lists (c, addrs, gws, error))
    return FALSE;
  for (guint i = 0; i < addrs->len; i++) {
    const struct net_ipv4 *a = g_ptr_array_index (addrs, i);
    g_autofree char *gw = i == 0 && gws->len ? gateway_words (g_ptr_array_index (gws, 0))
                                             : g_strdup (i == 0 ? "gateway=none" : "");
    g_autofree char *id = g_strdup_printf ("address-%u", i + 1);
    add (c, id, g_strdup_printf ("%s %s/%s %s", i ? "add" : "set", a->address, a->mask, gw),
         g_strdup_printf ("call netsh interface ip %s address name=\"%%N%d%%\" %saddr=%s mask=%s%s%s",
                          i ? "add" : "set", c->idx, i ? "" : "source=static ", a->address,
                          a->mask, *gw ? " " : "", gw));
  }
  for (guint i = 1; i < gws->len; i++) {
    g_autofree char *gw = gateway_words (g_ptr_array_index (gws, i));
    g_autofree char *id = g_strdup_printf ("gateway-%u", i + 1);
    add (c, id, g_strdup_printf ("add %s", gw),
         g_strdup_printf ("call netsh interface ip add address name=\"%%N%d%%\" %s", c->idx, gw));
  }
  return TRUE;
}

static const char *
register_word (const struct net_nic *n)
{
  if (n->register_address == 0)
    return "none";
  return n->register_suffix == 1 ? "both" : "primary";
}

/* A list of servers: "set" the first, "add" the others with their index (XP: dns/wins + addr=,
 * Vista and later: dnsservers/winsservers + address=). */
static gboolean
server_steps (struct ctx *c, char **list, const char *kind, const char *ctx_words, GError **error)
{
  gboolean v6 = strcmp (ctx_words, "ipv6") == 0;
  const char *obj = c->legacy ? kind : (strcmp (kind, "dns") == 0 ? "dnsservers" : "winsservers");
  const char *tag = c->legacy ? "addr" : "address";
  for (guint i = 0; list && list[i]; i++) {
    if (v6 ? !fb_check_ipv6 (list[i]) : !fb_check_ipv4 (list[i]))
      return bad (error, c->n, kind, list[i]);
    g_autofree char *id = g_strdup_printf ("%s%s-%u", v6 ? "ipv6-" : "", kind, i + 1);
    g_autofree char *tail = (i == 0 && !v6)
      ? (strcmp (kind, "dns") == 0 ? g_strdup_printf (" register=%s", register_word (c->n)) : g_strdup (""))
      : g_strdup_printf (" index=%u", i + 1);
    gboolean set = i == 0 && !v6;
    add (c, id, g_strdup_printf ("%s %s server %s", set ? "set" : "add", kind, list[i]),
         g_strdup_printf ("call netsh interface %s %s %s name=\"%%N%d%%\" %s%s=%s%s", ctx_words,
                          set ? "set" : "add", obj, c->idx, set ? "source=static " : "", tag,
                          list[i], tail));
  }
  return TRUE;
}

static gboolean
extra_steps (struct ctx *c, GError **error)
{
  const struct net_nic *n = c->n;
  if (n->dns_suffix) {
    if (!fb_check_suffix (n->dns_suffix))
      return bad (error, n, "DNS suffix", n->dns_suffix);
    add (c, "suffix", g_strdup_printf ("connection DNS suffix %s", n->dns_suffix),
         g_strdup_printf ("call reg add \"" TCPIP_KEY "%%G%d%%\" /v Domain /t REG_SZ /d \"%s\" /f",
                          c->idx, n->dns_suffix))->needs_guid = TRUE;
  }
  if (!server_steps (c, n->wins_servers, "wins", "ip", error))
    return FALSE;
  if (n->netbios_options >= 0) {
    if (n->netbios_options > 2)
      return bad (error, n, "NetbiosOptions", "out of range");
    add (c, "netbios", g_strdup_printf ("NetbiosOptions %" G_GINT64_FORMAT, n->netbios_options),
         g_strdup_printf ("call reg add \"" NETBT_KEY "%%G%d%%\" /v NetbiosOptions /t REG_DWORD "
                          "/d %" G_GINT64_FORMAT " /f", c->idx, n->netbios_options))->needs_guid = TRUE;
  }
  /* XP's netsh has no subinterface context: its MTU stays the driver's default */
  if (n->mtu != NET_UNSET && !c->legacy) {
    if (n->mtu < 576 || n->mtu > 65535)
      return bad (error, n, "MTU", "out of range");
    add (c, "mtu", g_strdup_printf ("MTU %" G_GINT64_FORMAT, n->mtu),
         g_strdup_printf ("call netsh interface ipv4 set subinterface \"%%N%d%%\" mtu=%" G_GINT64_FORMAT
                          " store=persistent", c->idx, n->mtu));
  }
  return TRUE;
}

static gboolean
ipv6_steps (struct ctx *c, GError **error)
{
  for (guint i = 0; c->n->ipv6 && i < c->n->ipv6->len; i++) {
    const struct net_ipv6 *a = g_ptr_array_index (c->n->ipv6, i);
    if (!fb_check_ipv6 (a->address))
      return bad (error, c->n, "IPv6 address", a->address);
    if (a->prefix_length != NET_UNSET && (a->prefix_length < 1 || a->prefix_length > 128))
      return bad (error, c->n, "IPv6 prefix length", "out of range");
    g_autofree char *pfx = a->prefix_length == NET_UNSET || c->legacy
      ? g_strdup ("") : g_strdup_printf ("/%" G_GINT64_FORMAT, a->prefix_length);
    g_autofree char *id = g_strdup_printf ("ipv6-address-%u", i + 1);
    add (c, id, g_strdup_printf ("add IPv6 %s%s", a->address, pfx),
         g_strdup_printf ("call netsh interface ipv6 add address interface=\"%%N%d%%\" address=%s%s",
                          c->idx, a->address, pfx));
  }
  if (c->legacy)
    return TRUE;
  return server_steps (c, c->n->ipv6_dns_servers, "dns", "ipv6", error);
}

static gboolean
nic_steps (struct ctx *c, GError **error)
{
  if (c->n->connection_name && !fb_check_name (c->n->connection_name))
    return bad (error, c->n, "connection name", c->n->connection_name);
  c->name = c->n->connection_name;
  return rename_steps (c, error) && address_steps (c, error)
    && server_steps (c, c->n->dns_servers, "dns", "ip", error)
    && extra_steps (c, error) && ipv6_steps (c, error);
}

GPtrArray *
fb_steps (GPtrArray *matches, const struct fb_options *o, GError **error)
{
  g_autoptr (GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_step_free);
  for (guint i = 0; i < matches->len; i++) {
    const struct fb_match *m = g_ptr_array_index (matches, i);
    struct ctx c = { steps, o, m->old, (int) i + 1, o->win_major < 6, NULL };
    if (!nic_steps (&c, error))
      return NULL;
  }
  return g_steal_pointer (&steps);
}
