/* libnetwork on the real fixture hives and on a hive built from static-nics.reg (no appliance).
 *
 * Every expected value was read by hand from the decompressed fixtures with hivexregedit
 * --export and hivexget (ControlSet001 in all three), and from static-nics.reg for the built
 * hive; none comes from a run of the code under test.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "net-nic.h"
#include "nic-hives.h"
#include "ws-tmpdir.h"

#define NET_CLASS "{4D36E972-E325-11CE-BFC1-08002BE10318}"

static char *tmpdir;

static GPtrArray *
read_nics (hive_reader *h)
{
  g_autoptr (GError) err = NULL;
  GPtrArray *nics = net_read_nics (h, "ControlSet001", &err);
  g_assert_no_error (err);
  g_assert_nonnull (nics);
  return nics;
}

static const struct net_nic *
by_instance (GPtrArray *nics, const char *inst)
{
  for (guint i = 0; i < nics->len; i++) {
    const struct net_nic *n = g_ptr_array_index (nics, i);
    if (strcmp (n->class_instance, inst) == 0)
      return n;
  }
  g_assert_not_reached ();
}

static void
assert_strv (char **got, const char *expected)
{
  g_assert_nonnull (got);
  g_autofree char *j = g_strjoinv (",", got);
  g_assert_cmpstr (j, ==, expected);
}

static void
assert_ipv4 (const struct net_nic *n, guint i, const char *addr, const char *mask, gboolean leased)
{
  g_assert_cmpuint (i, <, n->ipv4->len);
  const struct net_ipv4 *a = g_ptr_array_index (n->ipv4, i);
  g_assert_cmpstr (a->address, ==, addr);
  g_assert_cmpstr (a->mask, ==, mask);
  g_assert_cmpint (a->leased, ==, leased);
}

static void
assert_gateway (const struct net_nic *n, guint i, const char *addr, int64_t metric, gboolean leased)
{
  g_assert_cmpuint (i, <, n->gateways->len);
  const struct net_gateway *g = g_ptr_array_index (n->gateways, i);
  g_assert_cmpstr (g->address, ==, addr);
  g_assert_cmpint (g->metric, ==, metric);
  g_assert_cmpint (g->leased, ==, leased);
}

/* What the two Windows 7 NICs share: static, one address, reg. 1/0, no WINS, NetBIOS 0. */
static void
assert_win7_common (const struct net_nic *n)
{
  g_assert_cmpstr (n->description, ==, "Intel(R) PRO/1000 MT Network Connection");
  g_assert_cmpstr (n->service, ==, "E1G60");
  g_assert_cmpint (n->mac_source, ==, NET_MAC_NSI);
  g_assert_cmpstr (n->permanent_mac, ==, n->mac);
  g_assert_false (n->dhcp);
  g_assert_cmpuint (n->ipv4->len, ==, 1);
  g_assert_cmpuint (n->gateways->len, ==, 1);
  assert_strv (n->dhcp_dns_servers, "");
  g_assert_null (n->dns_suffix);          /* Domain = "" */
  g_assert_null (n->dhcp_dns_suffix);
  g_assert_cmpint (n->register_address, ==, 1);
  g_assert_cmpint (n->register_suffix, ==, 0);
  assert_strv (n->wins_servers, "");      /* NameServerList = empty MULTI_SZ */
  assert_strv (n->dhcp_wins_servers, "");
  g_assert_cmpint (n->netbios_options, ==, 0);
  g_assert_cmpint (n->mtu, ==, NET_UNSET);
  g_assert_cmpuint (n->ipv6->len, ==, 0);   /* no Nsi\{eb004a01-...}\10 in this hive */
  assert_strv (n->ipv6_dns_servers, "");
  g_assert_cmpuint (n->warnings->len, ==, 0);
}

static void
test_win7 (void)
{
  g_autoptr (hive_reader) h = nic_hive_fixture (tmpdir, "win7-sp1_regipy_SYSTEM");
  g_autoptr (GPtrArray) nics = read_nics (h);
  g_assert_cmpuint (nics->len, ==, 2);
  const struct net_nic *a = by_instance (nics, "0007");
  g_assert_cmpstr (a->netcfg_instance_id, ==, "{6AAFC9A9-0542-4DB2-8760-CCFFA953737C}");
  g_assert_cmpstr (a->connection_name, ==, "Local Area Connection");
  g_assert_cmpstr (a->pnp_instance_id, ==, "PCI\\VEN_8086&DEV_100F&SUBSYS_075015AD&REV_01\\4&B70F118&0&0888");
  /* Nsi\{eb004a11-...}\10\0000000600000600, bytes 0x442..0x447. */
  g_assert_cmpstr (a->mac, ==, "00:0c:29:77:d9:81");
  assert_ipv4 (a, 0, "192.168.1.123", "255.255.255.0", FALSE);
  assert_gateway (a, 0, "192.168.1.1", 0, FALSE);
  assert_strv (a->dns_servers, "192.168.1.112");
  assert_win7_common (a);

  const struct net_nic *b = by_instance (nics, "0012");
  g_assert_cmpstr (b->netcfg_instance_id, ==, "{698E50A9-4F58-4D86-B61D-F42E58DCACF6}");
  g_assert_cmpstr (b->connection_name, ==, "Local Area Connection 2");
  g_assert_cmpstr (b->pnp_instance_id, ==, "PCI\\VEN_8086&DEV_100F&SUBSYS_075015AD&REV_01\\4&B70F118&0&1888");
  g_assert_cmpstr (b->mac, ==, "00:50:56:a5:12:69");   /* ...\10\0000000700000600 */
  assert_ipv4 (b, 0, "10.3.58.5", "255.255.255.0", FALSE);
  assert_gateway (b, 0, "10.3.58.1", 0, FALSE);
  assert_strv (b->dns_servers, "10.3.58.4");
  assert_win7_common (b);
}

static void
test_win10 (void)
{
  g_autoptr (hive_reader) h = nic_hive_fixture (tmpdir, "win10-18362_regipy_SYSTEM");
  g_autoptr (GPtrArray) nics = read_nics (h);
  g_assert_cmpuint (nics->len, ==, 1);
  const struct net_nic *n = by_instance (nics, "0002");
  g_assert_cmpstr (n->netcfg_instance_id, ==, "{5F3F359E-9D52-4566-9BEC-37EFDFB25ABE}");
  g_assert_cmpstr (n->connection_name, ==, "Ethernet0");
  g_assert_cmpstr (n->description, ==, "Intel(R) 82574L Gigabit Network Connection");
  g_assert_cmpstr (n->service, ==, "e1i65x64");
  g_assert_cmpstr (n->pnp_instance_id, ==, "PCI\\VEN_8086&DEV_10D3&SUBSYS_07D015AD&REV_00\\000C29FFFFF3FFDE00");
  /* NetworkSetup2\Interfaces\{5F3F...}\Kernel: CurrentAddress = PermanentAddress = 00 0c 29 f3 ff de. */
  g_assert_cmpstr (n->mac, ==, "00:0c:29:f3:ff:de");
  g_assert_cmpint (n->mac_source, ==, NET_MAC_NETSETUP2);
  g_assert_cmpstr (n->permanent_mac, ==, "00:0c:29:f3:ff:de");
  g_assert_true (n->dhcp);
  g_assert_cmpuint (n->ipv4->len, ==, 1);
  assert_ipv4 (n, 0, "192.168.146.128", "255.255.255.0", TRUE);
  g_assert_cmpuint (n->gateways->len, ==, 1);
  assert_gateway (n, 0, "192.168.146.2", NET_UNSET, TRUE);
  assert_strv (n->dns_servers, "");                 /* NameServer = "" */
  assert_strv (n->dhcp_dns_servers, "192.168.146.2");
  g_assert_null (n->dns_suffix);
  g_assert_cmpstr (n->dhcp_dns_suffix, ==, "localdomain");
  g_assert_cmpint (n->register_address, ==, NET_UNSET);
  g_assert_cmpint (n->register_suffix, ==, NET_UNSET);
  assert_strv (n->wins_servers, "");
  assert_strv (n->dhcp_wins_servers, "192.168.146.2");
  g_assert_cmpint (n->netbios_options, ==, 0);
  g_assert_cmpint (n->mtu, ==, NET_UNSET);
  g_assert_cmpuint (n->ipv6->len, ==, 0);
  assert_strv (n->ipv6_dns_servers, "");
  g_assert_cmpuint (n->warnings->len, ==, 0);
}

static void
test_winxp (void)
{
  /* XP keeps no MAC: NetworkAddress is an empty REG_SZ, there is neither NSI nor NetworkSetup2. */
  g_autoptr (hive_reader) h = nic_hive_fixture (tmpdir, "winxp-sp3_bitcurator_SYSTEM");
  g_autoptr (GPtrArray) nics = read_nics (h);
  const struct net_nic *n = by_instance (nics, "0008");
  g_assert_cmpstr (n->netcfg_instance_id, ==, "{58094C24-B1BD-4961-8C68-7C13F7A6213C}");
  g_assert_null (n->mac);
  g_assert_null (n->permanent_mac);
  g_assert_cmpint (n->mac_source, ==, NET_MAC_NONE);
}

static void
test_static (void)
{
  g_autoptr (hive_reader) h = nic_hive_static (tmpdir);
  g_autoptr (GPtrArray) nics = read_nics (h);
  g_assert_cmpuint (nics->len, ==, 2);   /* 0003 is a WAN miniport */
  const struct net_nic *n = by_instance (nics, "0001");
  g_assert_cmpstr (n->connection_name, ==, "Server LAN");
  g_assert_cmpstr (n->service, ==, "netkvm");
  g_assert_cmpstr (n->mac, ==, "52:54:00:ab:cd:ef");
  g_assert_cmpint (n->mac_source, ==, NET_MAC_OVERRIDE);
  g_assert_null (n->permanent_mac);
  g_assert_false (n->dhcp);
  g_assert_cmpuint (n->ipv4->len, ==, 3);
  assert_ipv4 (n, 0, "10.1.2.3", "255.255.255.0", FALSE);
  assert_ipv4 (n, 1, "10.1.2.4", "255.255.255.0", FALSE);
  assert_ipv4 (n, 2, "172.16.0.9", "255.255.0.0", FALSE);
  g_assert_cmpuint (n->gateways->len, ==, 2);
  assert_gateway (n, 0, "10.1.2.1", 0, FALSE);
  assert_gateway (n, 1, "10.1.2.254", 20, FALSE);
  assert_strv (n->dns_servers, "10.1.2.53,10.1.2.54,192.0.2.53");
  g_assert_cmpstr (n->dns_suffix, ==, "corp.example.com");
  g_assert_cmpint (n->register_address, ==, 1);
  g_assert_cmpint (n->register_suffix, ==, 1);
  assert_strv (n->wins_servers, "10.1.2.60,10.1.2.61");
  g_assert_cmpint (n->netbios_options, ==, 2);
  g_assert_cmpint (n->mtu, ==, 1400);
  g_assert_cmpuint (n->ipv6->len, ==, 1);
  const struct net_ipv6 *v6 = g_ptr_array_index (n->ipv6, 0);
  g_assert_cmpstr (v6->address, ==, "2001:db8:10::20");
  g_assert_cmpint (v6->prefix_length, ==, 64);
  assert_strv (n->ipv6_dns_servers, "2001:db8:10::53");
  g_assert_cmpuint (n->warnings->len, ==, 0);
}

static gboolean
warned (const struct net_nic *n, const char *needle)
{
  for (guint i = 0; i < n->warnings->len; i++)
    if (strstr (g_ptr_array_index (n->warnings, i), needle))
      return TRUE;
  return FALSE;
}

static void
test_hostile (void)
{
  g_autoptr (hive_reader) h = nic_hive_static (tmpdir);
  g_autoptr (GPtrArray) nics = read_nics (h);
  const struct net_nic *n = by_instance (nics, "0002");
  g_assert_cmpstr (n->connection_name, ==, "Broken");
  g_assert_true (n->dhcp);                     /* EnableDHCP is a REG_SZ: skipped */
  g_assert_true (warned (n, "EnableDHCP"));
  g_assert_null (n->mac);                      /* "hello", 5 bytes, a 4-byte NSI record */
  g_assert_true (warned (n, "NetworkAddress 'hello'"));
  g_assert_true (warned (n, "CurrentAddress"));
  g_assert_true (warned (n, "PermanentAddress"));
  g_assert_true (warned (n, "NSI interface 0000000400000600"));
  /* "10.9.9.9 & calc" reads as three items; only the address is kept. */
  g_assert_cmpuint (n->ipv4->len, ==, 1);
  assert_ipv4 (n, 0, "10.9.9.9", "255.0.0.0", TRUE);
  g_assert_true (warned (n, "'&'"));
  g_assert_true (warned (n, "'calc'"));
  assert_strv (n->dhcp_dns_servers, "10.9.9.1");
  g_assert_true (warned (n, "not-an-address"));
  g_assert_null (n->dns_suffix);
  g_assert_true (warned (n, "bad suffix!"));
  g_assert_cmpint (n->mtu, ==, NET_UNSET);
  g_assert_true (warned (n, "MTU 5"));
  g_assert_cmpint (n->netbios_options, ==, NET_UNSET);
  g_assert_true (warned (n, "NetbiosOptions 7"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr (GError) err = NULL;
  tmpdir = ws_tmpdir_new (&err);
  g_assert_no_error (err);
  g_test_add_func ("/network/win7", test_win7);
  g_test_add_func ("/network/win10", test_win10);
  g_test_add_func ("/network/winxp", test_winxp);
  g_test_add_func ("/network/static", test_static);
  g_test_add_func ("/network/hostile", test_hostile);
  int r = g_test_run ();
  ws_tmpdir_remove (tmpdir);
  return r;
}
