/* net-netbt: a NIC's WINS servers and NetBIOS option,
 * Services\NetBT\Parameters\Interfaces\Tcpip_{GUID} (docs/registry-and-hives.md#nic-tcpip-values). */
#include <config.h>

#include "net-internal.h"
#include "banned.h"

/* NetbiosOptions: 0 = as the DHCP server says, 1 = enabled, 2 = disabled (MS "NetbiosOptions"
 * in the NetBT parameters reference); anything else is not a setting Windows knows. */
#define NETBIOS_OPTIONS_MAX 2

gboolean
net_read_netbt (struct net_ctx *c, GError **error)
{
  hive_node n;
  if (!net_nic_key (c, "Services\\NetBT\\Parameters\\Interfaces\\Tcpip_", "", &n, error))
    return FALSE;
  struct net_nic *nic = c->nic;
  nic->wins_servers = net_keep_ipv4 (c, net_opt_list (c, n, "NameServerList"), "NameServerList");
  nic->dhcp_wins_servers = net_keep_ipv4 (c, net_opt_list (c, n, "DhcpNameServerList"),
                                          "DhcpNameServerList");
  net_opt_dword (c, n, "NetbiosOptions", &nic->netbios_options);
  if (nic->netbios_options > NETBIOS_OPTIONS_MAX) {
    net_warn (c, "skipped NetbiosOptions %" G_GINT64_FORMAT ": not 0, 1 or 2", nic->netbios_options);
    nic->netbios_options = NET_UNSET;
  }
  return TRUE;
}
