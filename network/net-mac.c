/* net-mac: a NIC's MAC address, from the first store that has it (docs/registry-and-hives.md#nic-mac-address).
 *
 *   1. NetworkAddress in the class key: an address set by hand, which the adapter uses instead
 *      of its own (MS "Ndi\Params" standard keyword NetworkAddress);
 *   2. Windows 10 and later: Control\NetworkSetup2\Interfaces\{GUID}\Kernel, CurrentAddress and
 *      PermanentAddress, 6 bytes each;
 *   3. Vista to 8.1: the NDIS interface record Control\Nsi\{eb004a11-...}\10\<LUID>, which holds
 *      the interface GUID and two IF_PHYSICAL_ADDRESS (current, permanent).
 * XP keeps none of these: the MAC is then unknown.
 */
#include <config.h>

#include <string.h>

#include "ws-text.h"
#include "net-internal.h"
#include "banned.h"

#define MAC_LEN 6          /* Ethernet: the only link type we carry */
#define NSI_IF_TABLE "{eb004a11-9b1a-11d4-9123-0050047759bc}\\10"
/* Offsets in the NSI interface record (docs/registry-and-hives.md#nic-mac-address). */
#define NSI_IF_GUID 0x410       /* interface GUID, Windows byte order */
#define NSI_IF_CURRENT 0x440    /* IF_PHYSICAL_ADDRESS: USHORT length, then 32 bytes */
#define NSI_IF_PERMANENT 0x462
#define IF_MAX_PHYS_ADDRESS_LENGTH 32   /* ifdef.h */
#define NSI_IF_MIN_LEN (NSI_IF_PERMANENT + 2 + IF_MAX_PHYS_ADDRESS_LENGTH)

/* 12 hex digits, optionally separated by '-' or ':' (how NetworkAddress is typed in). */
static char *
parse_override (const char *raw)
{
  uint8_t b[MAC_LEN];
  size_t n = 0;
  for (const char *p = raw; *p; p++) {
    if (*p == '-' || *p == ':')
      continue;
    if (!g_ascii_isxdigit (*p) || n >= 2 * MAC_LEN)
      return NULL;
    int v = g_ascii_xdigit_value (*p);
    b[n / 2] = (uint8_t) (n % 2 ? (b[n / 2] << 4) | v : v);
    n++;
  }
  return n == 2 * MAC_LEN ? net_format_mac (b) : NULL;
}

static gboolean
all_zero (const uint8_t *b, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (b[i])
      return FALSE;
  return TRUE;
}

/* A 6-byte REG_BINARY address; NULL (with a warning when present but malformed). */
static char *
binary_mac (struct net_ctx *c, hive_node n, const char *name)
{
  struct hive_value v;
  if (!net_opt_raw (c, n, name, &v))
    return NULL;
  char *mac = NULL;
  if (v.len == MAC_LEN && !all_zero (v.data, v.len))
    mac = net_format_mac (v.data);
  else if (v.len != MAC_LEN)
    net_warn (c, "skipped %s of the NetworkSetup2 interface: %zu bytes, expected %d", name, v.len,
              MAC_LEN);
  hive_value_clear (&v);
  return mac;
}

static gboolean
from_netsetup2 (struct net_ctx *c, GError **error)
{
  hive_node k;
  if (!net_nic_key (c, "Control\\NetworkSetup2\\Interfaces\\", "\\Kernel", &k, error))
    return FALSE;
  if (k == 0)
    return TRUE;
  c->nic->permanent_mac = binary_mac (c, k, "PermanentAddress");
  if (c->nic->mac == NULL) {
    c->nic->mac = binary_mac (c, k, "CurrentAddress");
    if (c->nic->mac == NULL)
      c->nic->mac = g_strdup (c->nic->permanent_mac);
    if (c->nic->mac)
      c->nic->mac_source = NET_MAC_NETSETUP2;
  }
  return TRUE;
}

/* One IF_PHYSICAL_ADDRESS of the record; NULL unless it is an Ethernet address. */
static char *
nsi_address (struct net_ctx *c, const struct hive_value *v, size_t off)
{
  size_t len = v->data[off] | (size_t) v->data[off + 1] << 8;
  if (len == MAC_LEN && !all_zero (v->data + off + 2, MAC_LEN))
    return net_format_mac (v->data + off + 2);
  if (len != 0 && len != MAC_LEN)
    net_warn (c, "skipped an address of NSI interface %s: %zu bytes, expected %d", c->luid, len,
              MAC_LEN);
  return NULL;
}

static gboolean
from_nsi (struct net_ctx *c, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Control\\Nsi\\" NSI_IF_TABLE, c->cs);
  GError *e = NULL;
  hive_node k = c->luid ? hive_reader_lookup (c->h, 0, path, &e) : 0;
  struct hive_value v;
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  if (k == 0 || !net_opt_raw (c, k, c->luid, &v))
    return TRUE;
  uint8_t guid[16];
  if (v.len < NSI_IF_MIN_LEN)
    net_warn (c, "skipped NSI interface %s: %zu bytes, expected at least %d", c->luid, v.len,
              NSI_IF_MIN_LEN);
  else if (!ws_guid_parse (c->nic->netcfg_instance_id, guid) ||
           memcmp (guid, v.data + NSI_IF_GUID, sizeof guid) != 0)
    net_warn (c, "skipped NSI interface %s: it names another interface GUID", c->luid);
  else {
    if (c->nic->permanent_mac == NULL)
      c->nic->permanent_mac = nsi_address (c, &v, NSI_IF_PERMANENT);
    if (c->nic->mac == NULL && (c->nic->mac = nsi_address (c, &v, NSI_IF_CURRENT)))
      c->nic->mac_source = NET_MAC_NSI;
  }
  hive_value_clear (&v);
  return TRUE;
}

gboolean
net_read_mac (struct net_ctx *c, hive_node class_key, GError **error)
{
  g_autofree char *raw = NULL;
  net_opt_string (c, class_key, "NetworkAddress", &raw);
  if (raw && (c->nic->mac = parse_override (raw)))
    c->nic->mac_source = NET_MAC_OVERRIDE;
  else if (raw)
    net_warn (c, "skipped NetworkAddress '%s': not 12 hexadecimal digits", raw);
  if (!from_netsetup2 (c, error))
    return FALSE;
  if (c->nic->mac == NULL || c->nic->permanent_mac == NULL)
    return from_nsi (c, error);
  return TRUE;
}
