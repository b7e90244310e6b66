/* net-nic: which adapters are physical NICs, and their identity (docs/registry-and-hives.md#nic-settings).
 *
 * A NIC is a Control\Class\{4D36E972-...}\NNNN software key whose Characteristics has
 * NCF_PHYSICAL (0x4) and which has a NetCfgInstanceId; everything else about it is keyed by that
 * GUID (connection name, TCP/IP, NetBT) or by its NET_LUID (NSI).
 */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "net-internal.h"
#include "banned.h"

#define NCF_PHYSICAL 0x4   /* MS "DDInstall Section in a Network INF File": a physical adapter */

static void
ipv4_free (gpointer p)
{
  struct net_ipv4 *a = p;
  g_free (a->address);
  g_free (a->mask);
  g_free (a);
}

static void
gateway_free (gpointer p)
{
  struct net_gateway *g = p;
  g_free (g->address);
  g_free (g);
}

static void
ipv6_free (gpointer p)
{
  struct net_ipv6 *a = p;
  g_free (a->address);
  g_free (a);
}

static struct net_nic *
nic_new (void)
{
  struct net_nic *n = g_new0 (struct net_nic, 1);
  n->ipv4 = g_ptr_array_new_with_free_func (ipv4_free);
  n->gateways = g_ptr_array_new_with_free_func (gateway_free);
  n->ipv6 = g_ptr_array_new_with_free_func (ipv6_free);
  n->warnings = g_ptr_array_new_with_free_func (g_free);
  n->register_address = n->register_suffix = n->netbios_options = n->mtu = NET_UNSET;
  return n;
}

void
net_nic_free (struct net_nic *n)
{
  if (n == NULL)
    return;
  char **strs[] = { &n->class_instance, &n->connection_name, &n->description, &n->service,
                    &n->netcfg_instance_id, &n->pnp_instance_id, &n->mac, &n->permanent_mac,
                    &n->dns_suffix, &n->dhcp_dns_suffix };
  for (size_t i = 0; i < G_N_ELEMENTS (strs); i++)
    g_free (*strs[i]);
  char ***lists[] = { &n->dns_servers, &n->dhcp_dns_servers, &n->wins_servers,
                      &n->dhcp_wins_servers, &n->ipv6_dns_servers };
  for (size_t i = 0; i < G_N_ELEMENTS (lists); i++)
    g_strfreev (*lists[i]);
  g_ptr_array_unref (n->ipv4);
  g_ptr_array_unref (n->gateways);
  g_ptr_array_unref (n->ipv6);
  g_ptr_array_unref (n->warnings);
  g_free (n);
}

const char *
net_mac_source_name (enum net_mac_source s)
{
  switch (s) {
  case NET_MAC_OVERRIDE: return "NetworkAddress";
  case NET_MAC_NETSETUP2: return "NetworkSetup2";
  case NET_MAC_NSI: return "NSI";
  case NET_MAC_NONE: break;
  }
  return NULL;
}

char *
net_luid_hex (struct net_ctx *c, hive_node class_key)
{
  int64_t index, type;
  net_opt_dword (c, class_key, "NetLuidIndex", &index);
  net_opt_dword (c, class_key, "*IfType", &type);
  if (index == NET_UNSET || type == NET_UNSET)
    return NULL;
  /* NET_LUID_LH: Reserved:24, NetLuidIndex:24, IfType:16 (MS "NET_LUID_LH union (ifdef.h)"),
   * named by its eight bytes in memory order (docs/registry-and-hives.md#nic-settings). */
  uint64_t luid = ((uint64_t) (type & 0xffff) << 48) | ((uint64_t) (index & 0xffffff) << 24);
  GString *s = g_string_new (NULL);
  for (int i = 0; i < 8; i++)
    g_string_append_printf (s, "%02x", (unsigned) ((luid >> (8 * i)) & 0xff));
  return g_string_free (s, FALSE);
}

/* Connection\Name under Control\Network\{net class}\{GUID}. */
static gboolean
read_connection (struct net_ctx *c, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Control\\Network\\" NET_CLASS_GUID "\\%s\\Connection",
                                           c->cs, c->nic->netcfg_instance_id);
  GError *e = NULL;
  hive_node n = hive_reader_lookup (c->h, 0, path, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  if (n)
    net_opt_string (c, n, "Name", &c->nic->connection_name);
  return TRUE;
}

/* Service of the adapter: Ndi\Service in its software key, else the Enum instance's Service. */
static gboolean
read_service (struct net_ctx *c, hive_node key, GError **error)
{
  GError *e = NULL;
  hive_node ndi = hive_reader_lookup (c->h, key, "Ndi", &e);
  if (ndi)
    net_opt_string (c, ndi, "Service", &c->nic->service);
  if (!e && !c->nic->service && c->nic->pnp_instance_id) {
    g_autofree char *path = g_strdup_printf ("%s\\Enum\\%s", c->cs, c->nic->pnp_instance_id);
    hive_node inst = hive_reader_lookup (c->h, 0, path, &e);
    if (inst)
      net_opt_string (c, inst, "Service", &c->nic->service);
  }
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

/* The NetCfgInstanceId of a physical adapter's class key; NULL for anything else. */
static char *
physical_guid (struct net_ctx *c, hive_node key)
{
  int64_t ch;
  char *guid = NULL;
  net_opt_dword (c, key, "Characteristics", &ch);
  if (ch == NET_UNSET || !(ch & NCF_PHYSICAL))
    return NULL;
  /* Never bound (no NetCfgInstanceId): no TCP/IP settings to carry. */
  net_opt_string (c, key, "NetCfgInstanceId", &guid);
  return guid;
}

/* One Class\{net}\NNNN key; *out NULL when it is not a physical adapter. */
static gboolean
read_adapter (hive_reader *h, const char *cs, hive_node key, const char *inst,
              struct net_nic **out, GError **error)
{
  g_autoptr (net_nic) nic = nic_new ();
  struct net_ctx c = { .h = h, .cs = cs, .nic = nic };
  *out = NULL;
  nic->netcfg_instance_id = physical_guid (&c, key);
  if (nic->netcfg_instance_id == NULL)
    return TRUE;
  nic->class_instance = g_strdup (inst);
  net_opt_string (&c, key, "DriverDesc", &nic->description);
  net_opt_string (&c, key, "DeviceInstanceID", &nic->pnp_instance_id);
  g_autofree char *luid = net_luid_hex (&c, key);
  c.luid = luid;
  if (!read_service (&c, key, error) || !read_connection (&c, error) ||
      !net_read_mac (&c, key, error) || !net_read_tcpip (&c, error) ||
      !net_read_netbt (&c, error) || !net_read_ipv6 (&c, error)) {
    g_prefix_error (error, "NIC %s: ", inst);
    return FALSE;
  }
  *out = g_steal_pointer (&nic);
  return TRUE;
}

GPtrArray *
net_read_nics (hive_reader *h, const char *cs, GError **error)
{
  g_autoptr (GPtrArray) nics = g_ptr_array_new_with_free_func ((GDestroyNotify) net_nic_free);
  g_autofree char *path = g_strdup_printf ("%s\\Control\\Class\\" NET_CLASS_GUID, cs);
  GError *e = NULL;
  hive_node cls = hive_reader_lookup (h, 0, path, &e);
  g_auto (GStrv) keys = cls ? hive_reader_child_names (h, cls, &e) : NULL;
  for (size_t i = 0; keys && keys[i] && !e; i++) {
    /* Adapter instances are four digits; "Properties" and friends are not adapters. */
    if (strlen (keys[i]) != 4 || !g_ascii_isdigit (keys[i][0]))
      continue;
    hive_node k = hive_reader_lookup (h, cls, keys[i], &e);
    struct net_nic *nic = NULL;
    if (k && read_adapter (h, cs, k, keys[i], &nic, &e) && nic)
      g_ptr_array_add (nics, nic);
  }
  if (e) {
    g_propagate_error (error, e);
    return NULL;
  }
  return g_steal_pointer (&nics);
}
