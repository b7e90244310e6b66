/* net-ipv6: a NIC's static IPv6 addresses and IPv6 DNS servers (docs/registry-and-hives.md#nic-ipv6).
 *
 * Windows (Vista and later) keeps manually configured IPv6 addresses only in the NSI store,
 * Control\Nsi\{eb004a01-...}\10, one value per address named by the interface's NET_LUID and the
 * address in hex.  The layout is read from the IPv4 twin {eb004a00-...}\10, which the Windows 7
 * fixture holds; no available hive holds an IPv6 entry, so the IPv6 reading is by analogy.
 */
#include <config.h>

#include <string.h>
#include <arpa/inet.h>

#include "net-internal.h"
#include "banned.h"

#define NSI_V6_UNICAST "{eb004a01-9b1a-11d4-9123-0050047759bc}\\10"
#define LUID_HEX 16
#define V6_HEX 32
#define PREFIX_OFFSET 16   /* DWORD prefix length in the value's data, as in the IPv4 store */
#define V6_MAX_PREFIX 128

static char *
hex_to_ipv6 (const char *hex)
{
  struct in6_addr a;
  for (int i = 0; i < 16; i++) {
    int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return NULL;
    a.s6_addr[i] = (uint8_t) (hi << 4 | lo);
  }
  char buf[INET6_ADDRSTRLEN];
  return inet_ntop (AF_INET6, &a, buf, sizeof buf) ? g_strdup (buf) : NULL;
}

static void
add_address (struct net_ctx *c, hive_node k, const char *name)
{
  g_autofree char *addr = hex_to_ipv6 (name + LUID_HEX);
  if (addr == NULL) {
    net_warn (c, "skipped NSI IPv6 address '%s': not hexadecimal", name);
    return;
  }
  struct net_ipv6 *a = g_new0 (struct net_ipv6, 1);
  a->address = g_steal_pointer (&addr);
  a->prefix_length = NET_UNSET;
  struct hive_value v;
  if (net_opt_raw (c, k, name, &v)) {
    if (v.len >= PREFIX_OFFSET + 4 && v.data[PREFIX_OFFSET] <= V6_MAX_PREFIX &&
        v.data[PREFIX_OFFSET + 1] == 0 && v.data[PREFIX_OFFSET + 2] == 0 && v.data[PREFIX_OFFSET + 3] == 0)
      a->prefix_length = v.data[PREFIX_OFFSET];
    else
      net_warn (c, "NSI IPv6 address %s: no prefix length in its %zu bytes", a->address, v.len);
    hive_value_clear (&v);
  }
  g_ptr_array_add (c->nic->ipv6, a);
}

static gboolean
read_nsi (struct net_ctx *c, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Control\\Nsi\\" NSI_V6_UNICAST, c->cs);
  GError *e = NULL;
  hive_node k = hive_reader_lookup (c->h, 0, path, &e);
  g_auto (GStrv) names = k ? hive_reader_value_names (c->h, k, &e) : NULL;
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  for (size_t i = 0; names && names[i] && c->nic->ipv6->len < NET_MAX_LIST; i++)
    if (strlen (names[i]) >= LUID_HEX + V6_HEX && g_ascii_strncasecmp (names[i], c->luid, LUID_HEX) == 0)
      add_address (c, k, names[i]);
  return TRUE;
}

gboolean
net_read_ipv6 (struct net_ctx *c, GError **error)
{
  hive_node n;
  if (!net_nic_key (c, "Services\\Tcpip6\\Parameters\\Interfaces\\", "", &n, error))
    return FALSE;
  /* NameServer here is the IPv6 DNS list, written like the IPv4 one. */
  g_auto (GStrv) dns = net_opt_list (c, n, "NameServer");
  GPtrArray *keep = g_ptr_array_new ();
  for (size_t i = 0; dns[i]; i++) {
    struct in6_addr a;
    if (inet_pton (AF_INET6, dns[i], &a) == 1)
      g_ptr_array_add (keep, g_strdup (dns[i]));
    else
      net_warn (c, "skipped IPv6 NameServer '%s': not an IPv6 address", dns[i]);
  }
  g_ptr_array_add (keep, NULL);
  c->nic->ipv6_dns_servers = (char **) g_ptr_array_free (keep, FALSE);
  return c->luid == NULL || read_nsi (c, error);
}
