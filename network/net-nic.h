/* net-nic: every physical NIC's identity and TCP/IP settings, read from an offline SYSTEM hive.
 *
 * Where each setting lives and how it is encoded: docs/registry-and-hives.md#nic-settings.  The
 * reader needs no guest and no appliance, only a hive opened with hive/hive-read, so it is
 * unit-tested on the real fixture hives and on hives built from .reg text.
 *
 * Hives are hostile: a value of the wrong type, an undecodable string, a list longer than
 * NET_MAX_LIST or a blob of the wrong size is skipped and named in the NIC's warnings; only a
 * key that cannot be read at all is an error.  Addresses are checked for their syntax, because
 * later stages put them on a guest command line.
 */
#ifndef WS_NET_NIC_H
#define WS_NET_NIC_H

#include <stdint.h>
#include <glib.h>

#include "hive-read.h"

/* An integer setting that the hive does not hold (Windows then uses its default). */
#define NET_UNSET INT64_C (-1)

/* Most entries we keep from one list value; Windows allows many addresses per interface, but not
 * thousands, and later stages run one command per entry. */
#define NET_MAX_LIST 256

/* Longest text we keep from one value (connection names are at most 256 characters:
 * IF_MAX_STRING_SIZE in ifdef.h; descriptions and suffixes are shorter still). */
#define NET_MAX_TEXT 1024

enum net_mac_source {
  NET_MAC_NONE,        /* nothing recorded (XP never records one) */
  NET_MAC_OVERRIDE,    /* NetworkAddress in the adapter's class key: set by hand, wins */
  NET_MAC_NETSETUP2,   /* Control\NetworkSetup2\Interfaces\{GUID}\Kernel (Windows 10 and later) */
  NET_MAC_NSI,         /* Control\Nsi\{eb004a11-...}\10\<LUID> interface record (Vista to 8.1) */
};

struct net_ipv4 {
  char *address;       /* "192.168.1.123" */
  char *mask;          /* "255.255.255.0", NULL when the hive pairs none with the address */
  gboolean leased;     /* from DhcpIPAddress/DhcpSubnetMask, not configured */
};

struct net_gateway {
  char *address;
  int64_t metric;      /* DefaultGatewayMetric entry; 0 = automatic; NET_UNSET when none */
  gboolean leased;     /* DhcpDefaultGateway */
};

struct net_ipv6 {
  char *address;       /* "2001:db8::10" */
  int64_t prefix_length; /* NET_UNSET when the record does not say */
};

struct net_nic {
  char *class_instance;    /* "0007": Control\Class\{4D36E972-...}\0007 */
  char *connection_name;   /* Connection\Name: "Local Area Connection" */
  char *description;       /* DriverDesc */
  char *service;           /* driver service (Ndi\Service, else the Enum key's Service) */
  char *netcfg_instance_id;/* "{6AAFC9A9-...}" as the class key writes it */
  char *pnp_instance_id;   /* DeviceInstanceID */
  char *mac;               /* "00:0c:29:f3:ff:de" (lower case), NULL when unknown */
  enum net_mac_source mac_source;
  char *permanent_mac;     /* burned-in address when the store records one, else NULL */
  gboolean dhcp;           /* EnableDHCP (missing = 1, Windows' default) */
  GPtrArray *ipv4;         /* struct net_ipv4 *: configured, or leased when dhcp */
  GPtrArray *gateways;     /* struct net_gateway *: configured, or leased when dhcp */
  char **dns_servers;      /* NameServer: configured (used even with DHCP); never NULL */
  char **dhcp_dns_servers; /* DhcpNameServer: leased; never NULL */
  char *dns_suffix;        /* Domain: connection-specific suffix, NULL when empty */
  char *dhcp_dns_suffix;   /* DhcpDomain, NULL when empty */
  int64_t register_address;/* RegistrationEnabled 0/1; NET_UNSET = default (register) */
  int64_t register_suffix; /* RegisterAdapterName 0/1; NET_UNSET = default (do not) */
  char **wins_servers;     /* NetBT NameServerList; never NULL */
  char **dhcp_wins_servers;/* NetBT DhcpNameServerList; never NULL */
  int64_t netbios_options; /* NetbiosOptions 0 via DHCP, 1 on, 2 off; NET_UNSET when missing */
  int64_t mtu;             /* Tcpip MTU in bytes; NET_UNSET when missing */
  GPtrArray *ipv6;         /* struct net_ipv6 *: static addresses (NSI, Vista and later) */
  char **ipv6_dns_servers; /* Tcpip6 NameServer; never NULL */
  GPtrArray *warnings;     /* char *: values skipped, one line each */
};

void net_nic_free (struct net_nic *n);
typedef struct net_nic net_nic;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (net_nic, net_nic_free)

/* Every physical NIC of control set cs ("ControlSet001"): a GPtrArray of struct net_nic *
 * (g_ptr_array_unref frees them), empty when the hive has none; NULL and *error when a key
 * cannot be read. */
GPtrArray *net_read_nics (hive_reader *system, const char *cs, GError **error);

/* "NetworkAddress", "NetworkSetup2", "NSI"; NULL for NET_MAC_NONE. */
const char *net_mac_source_name (enum net_mac_source s);

#endif
