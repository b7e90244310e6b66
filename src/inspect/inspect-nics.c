/* inspect-nics: every physical NIC and its TCP/IP settings (docs/registry-and-hives.md#nic-settings).
 *
 * A NIC is a Control\Class\{4D36E972-...}\NNNN software key whose Characteristics has
 * NCF_PHYSICAL (0x4); its TCP/IP settings are keyed by its NetCfgInstanceId under
 * Services\Tcpip\Parameters\Interfaces, and its name under Control\Network\...\Connection.
 */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "inspect.h"
#include "banned.h"

#define NET_CLASS_GUID "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define NCF_PHYSICAL 0x4   /* Microsoft "Characteristics" (network INF): a physical adapter */

void
ws_nic_free (struct ws_nic *n)
{
  g_free (n->class_instance);
  g_free (n->connection_name);
  g_free (n->description);
  g_free (n->service);
  g_free (n->mac);
  g_free (n->netcfg_instance_id);
  g_free (n->pnp_instance_id);
  g_strfreev (n->addresses);
  g_strfreev (n->subnet_masks);
  g_strfreev (n->gateways);
  g_strfreev (n->dns_servers);
  g_free (n->domain);
  g_free (n);
}

/* NetworkAddress is 12 hex digits (optionally with separators); anything else is not a MAC. */
static char *
format_mac (const char *raw)
{
  char hex[13];
  size_t n = 0;
  for (const char *p = raw; *p && n < 12; p++)
    if (g_ascii_isxdigit (*p))
      hex[n++] = g_ascii_tolower (*p);
    else if (*p != '-' && *p != ':')
      return NULL;
  if (n != 12)
    return NULL;
  return g_strdup_printf ("%.2s:%.2s:%.2s:%.2s:%.2s:%.2s", hex, hex + 2, hex + 4, hex + 6, hex + 8,
                          hex + 10);
}

static gboolean
read_tcpip (struct ws_nic *nic, hive_reader *h, const char *cs, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Services\\Tcpip\\Parameters\\Interfaces\\%s", cs,
                                           nic->netcfg_instance_id);
  GError *e = NULL;
  hive_node n = hive_reader_lookup (h, 0, path, &e);
  uint32_t dhcp = 1;
  if (n && hive_reader_dword (h, n, "EnableDHCP", &dhcp, &e))
    nic->dhcp = dhcp != 0;
  else
    nic->dhcp = TRUE;   /* Windows' default when the key or value is missing */
  if (n && !e) {
    const char *pfx = nic->dhcp ? "Dhcp" : "";
    g_autofree char *ip = g_strconcat (pfx, "IPAddress", NULL);
    g_autofree char *mask = g_strconcat (pfx, "SubnetMask", NULL);
    g_autofree char *gw = g_strconcat (pfx, "DefaultGateway", NULL);
    hive_reader_string_list (h, n, ip, &nic->addresses, &e);
    if (!e) hive_reader_string_list (h, n, mask, &nic->subnet_masks, &e);
    if (!e) hive_reader_string_list (h, n, gw, &nic->gateways, &e);
    /* A static NameServer wins over the DHCP-supplied one, as in Windows. */
    if (!e && (!hive_reader_string_list (h, n, "NameServer", &nic->dns_servers, &e) ||
               nic->dns_servers[0] == NULL) && !e) {
      g_clear_pointer (&nic->dns_servers, g_strfreev);
      hive_reader_string_list (h, n, "DhcpNameServer", &nic->dns_servers, &e);
    }
    if (!e) hive_reader_string (h, n, "Domain", &nic->domain, &e);
    /* "0.0.0.0" is how Windows writes "no address" for an unconfigured static interface. */
  }
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

static gboolean
read_connection (struct ws_nic *nic, hive_reader *h, const char *cs, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Control\\Network\\" NET_CLASS_GUID "\\%s\\Connection",
                                           cs, nic->netcfg_instance_id);
  GError *e = NULL;
  hive_node n = hive_reader_lookup (h, 0, path, &e);
  if (n)
    hive_reader_string (h, n, "Name", &nic->connection_name, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

/* Service of the adapter: Ndi\Service in its software key, else the Enum instance's Service. */
static gboolean
read_service (struct ws_nic *nic, hive_reader *h, hive_node key, const char *cs, GError **error)
{
  GError *e = NULL;
  hive_node ndi = hive_reader_lookup (h, key, "Ndi", &e);
  if (ndi)
    hive_reader_string (h, ndi, "Service", &nic->service, &e);
  if (!e && !nic->service && nic->pnp_instance_id) {
    g_autofree char *path = g_strdup_printf ("%s\\Enum\\%s", cs, nic->pnp_instance_id);
    hive_node inst = hive_reader_lookup (h, 0, path, &e);
    if (inst)
      hive_reader_string (h, inst, "Service", &nic->service, &e);
  }
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

/* One Class\{net}\NNNN key; *nic_out is NULL when it is not a physical adapter. */
static gboolean
read_adapter (hive_reader *h, hive_node key, const char *inst, const char *cs,
              struct ws_nic **nic_out, GError **error)
{
  GError *e = NULL;
  uint32_t ch = 0;
  *nic_out = NULL;
  if (!hive_reader_dword (h, key, "Characteristics", &ch, &e) || !(ch & NCF_PHYSICAL)) {
    if (e)
      g_propagate_error (error, e);
    return e == NULL;
  }
  g_autofree char *guid = NULL;
  if (!hive_reader_string (h, key, "NetCfgInstanceId", &guid, &e)) {
    if (e)
      g_propagate_error (error, e);
    return e == NULL;   /* never bound: no TCP/IP settings to carry */
  }
  struct ws_nic *nic = g_new0 (struct ws_nic, 1);
  nic->class_instance = g_strdup (inst);
  nic->netcfg_instance_id = g_steal_pointer (&guid);
  g_autofree char *addr = NULL;
  if (hive_reader_string (h, key, "DriverDesc", &nic->description, &e) || !e)
    if (hive_reader_string (h, key, "DeviceInstanceID", &nic->pnp_instance_id, &e) || !e)
      if (hive_reader_string (h, key, "NetworkAddress", &addr, &e) || !e)
        nic->mac = addr ? format_mac (addr) : NULL;
  if (!e && read_service (nic, h, key, cs, &e) && read_connection (nic, h, cs, &e) &&
      read_tcpip (nic, h, cs, &e)) {
    *nic_out = nic;
    return TRUE;
  }
  ws_nic_free (nic);
  g_propagate_error (error, e);
  return FALSE;
}

gboolean
inspect_nics (struct ws_windows *w, hive_reader *h, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Control\\Class\\" NET_CLASS_GUID, w->control_set);
  GError *e = NULL;
  hive_node cls = hive_reader_lookup (h, 0, path, &e);
  g_auto (GStrv) keys = cls ? hive_reader_child_names (h, cls, &e) : NULL;
  for (size_t i = 0; keys && keys[i] && !e; i++) {
    /* Adapter instances are four digits; "Properties" and friends are not adapters. */
    if (strlen (keys[i]) != 4 || !g_ascii_isdigit (keys[i][0]))
      continue;
    hive_node k = hive_reader_lookup (h, cls, keys[i], &e);
    struct ws_nic *nic = NULL;
    if (k && read_adapter (h, k, keys[i], w->control_set, &nic, &e) && nic)
      g_ptr_array_add (w->nics, nic);
  }
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}
