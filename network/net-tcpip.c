/* net-tcpip: a NIC's IPv4 settings, Services\Tcpip\Parameters\Interfaces\{GUID}
 * (docs/registry-and-hives.md#nic-tcpip-values).
 *
 * EnableDHCP says which set of values is live: the configured IPAddress/SubnetMask/
 * DefaultGateway, or the lease (DhcpIPAddress/DhcpSubnetMask/DhcpDefaultGateway).  The other set
 * is often left behind from an earlier configuration and is not reported.  NameServer and Domain
 * are configured values that Windows uses even on a DHCP interface, so both kinds are kept.
 */
#include <config.h>

#include <string.h>

#include "net-internal.h"
#include "banned.h"

/* Smallest datagram every IPv4 link must carry (RFC 791) and the largest IPv4 packet. */
#define MTU_MIN 68
#define MTU_MAX 65535

static gboolean
is_unset_address (const char *a)
{
  /* "0.0.0.0" is how Windows writes "no address" on an unconfigured or unleased interface. */
  return strcmp (a, "0.0.0.0") == 0;
}

static void
add_addresses (struct net_ctx *c, hive_node n, const char *ip_name, const char *mask_name,
               gboolean leased)
{
  g_auto (GStrv) ips = net_opt_list (c, n, ip_name);
  g_auto (GStrv) masks = net_opt_list (c, n, mask_name);
  size_t nmasks = g_strv_length (masks);
  for (size_t i = 0; ips[i]; i++) {
    if (!net_is_ipv4 (ips[i])) {
      net_warn (c, "skipped %s '%s': not an IPv4 address", ip_name, ips[i]);
      continue;
    }
    if (is_unset_address (ips[i]))
      continue;
    struct net_ipv4 *a = g_new0 (struct net_ipv4, 1);
    a->address = g_strdup (ips[i]);
    a->leased = leased;
    if (i < nmasks && net_is_ipv4 (masks[i]))
      a->mask = g_strdup (masks[i]);
    else
      net_warn (c, "%s '%s' has no valid %s", ip_name, ips[i], mask_name);
    g_ptr_array_add (c->nic->ipv4, a);
  }
}

/* Each gateway with the metric at the same position ("0" = automatic), when there is one. */
static void
add_gateways (struct net_ctx *c, hive_node n, const char *gw_name, const char *metric_name,
              gboolean leased)
{
  g_auto (GStrv) gws = net_keep_ipv4 (c, net_opt_list (c, n, gw_name), gw_name);
  g_auto (GStrv) metrics = metric_name ? net_opt_list (c, n, metric_name) : g_new0 (char *, 1);
  size_t nmetrics = g_strv_length (metrics);
  for (size_t i = 0; gws[i]; i++) {
    if (is_unset_address (gws[i]))
      continue;
    struct net_gateway *g = g_new0 (struct net_gateway, 1);
    g->address = g_strdup (gws[i]);
    g->leased = leased;
    g->metric = NET_UNSET;
    guint64 m;
    if (i < nmetrics &&
        !g_ascii_string_to_unsigned (metrics[i], 10, 0, G_MAXUINT32, &m, NULL))
      net_warn (c, "skipped %s '%s': not a number", metric_name, metrics[i]);
    else if (i < nmetrics)
      g->metric = (int64_t) m;
    g_ptr_array_add (c->nic->gateways, g);
  }
}

/* A DNS suffix is a host name: letters, digits, '-', '_' and dots; anything else is skipped. */
static void
keep_suffix (struct net_ctx *c, const char *name, char **suffix)
{
  for (const char *p = *suffix; p && *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("-_.", *p)) {
      net_warn (c, "skipped %s '%s': not a DNS suffix", name, *suffix);
      g_clear_pointer (suffix, g_free);
      return;
    }
}

static void
read_dns (struct net_ctx *c, hive_node n)
{
  struct net_nic *nic = c->nic;
  nic->dns_servers = net_keep_ipv4 (c, net_opt_list (c, n, "NameServer"), "NameServer");
  nic->dhcp_dns_servers = net_keep_ipv4 (c, net_opt_list (c, n, "DhcpNameServer"), "DhcpNameServer");
  net_opt_string (c, n, "Domain", &nic->dns_suffix);
  keep_suffix (c, "Domain", &nic->dns_suffix);
  net_opt_string (c, n, "DhcpDomain", &nic->dhcp_dns_suffix);
  keep_suffix (c, "DhcpDomain", &nic->dhcp_dns_suffix);
  net_opt_dword (c, n, "RegistrationEnabled", &nic->register_address);
  net_opt_dword (c, n, "RegisterAdapterName", &nic->register_suffix);
}

static void
read_mtu (struct net_ctx *c, hive_node n)
{
  net_opt_dword (c, n, "MTU", &c->nic->mtu);
  if (c->nic->mtu != NET_UNSET && (c->nic->mtu < MTU_MIN || c->nic->mtu > MTU_MAX)) {
    net_warn (c, "skipped MTU %" G_GINT64_FORMAT ": outside %d..%d", c->nic->mtu, MTU_MIN, MTU_MAX);
    c->nic->mtu = NET_UNSET;
  }
}

gboolean
net_read_tcpip (struct net_ctx *c, GError **error)
{
  hive_node n;
  if (!net_nic_key (c, "Services\\Tcpip\\Parameters\\Interfaces\\", "", &n, error))
    return FALSE;
  int64_t dhcp = NET_UNSET;
  if (n)
    net_opt_dword (c, n, "EnableDHCP", &dhcp);
  c->nic->dhcp = dhcp != 0;   /* missing key or value: Windows' default, DHCP */
  if (c->nic->dhcp) {
    add_addresses (c, n, "DhcpIPAddress", "DhcpSubnetMask", TRUE);
    add_gateways (c, n, "DhcpDefaultGateway", NULL, TRUE);
  } else {
    add_addresses (c, n, "IPAddress", "SubnetMask", FALSE);
    add_gateways (c, n, "DefaultGateway", "DefaultGatewayMetric", FALSE);
  }
  read_dns (c, n);
  read_mtu (c, n);
  return TRUE;
}
