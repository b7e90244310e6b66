/* The registry half of `winseed inspect` on the real fixture hives (no appliance).
 * Expected values were read by hand with hivexsh from the fixture hives and match
 * tests/fixtures/README.md (Windows 7: two e1000 NICs with static IPv4). */
#include <config.h>

#include <string.h>

#include "inspect.h"
#include "ws-tmpdir.h"

static char *tmpdir;

/* Decompress tests/fixtures/hives/NAME.xz into the scratch directory. */
static hive_reader *
open_fixture_hive (const char *name)
{
  const char *fx = g_getenv ("WINSEED_FIXTURES");
  g_assert_nonnull (fx);
  g_autofree char *src = g_strdup_printf ("%s/hives/%s.xz", fx, name);
  g_autofree char *dst = g_build_filename (tmpdir, name, NULL);
  if (!g_file_test (dst, G_FILE_TEST_EXISTS)) {
    g_autofree char *cmd = g_strdup_printf ("xz -dc '%s' > '%s'", src, dst);
    g_assert_cmpint (system (cmd), ==, 0);
  }
  g_autoptr (GError) err = NULL;
  hive_reader *h = hive_reader_open (dst, "SYSTEM", &err);
  g_assert_no_error (err);
  return h;
}

static const struct net_nic *
nic_by_guid (const struct ws_windows *w, const char *guid)
{
  for (guint i = 0; i < w->nics->len; i++) {
    const struct net_nic *n = g_ptr_array_index (w->nics, i);
    if (g_ascii_strcasecmp (n->netcfg_instance_id, guid) == 0)
      return n;
  }
  g_assert_not_reached ();
}

/* The live IPv4 addresses (or masks) of a NIC, comma-joined. */
static char *
ipv4_join (const struct net_nic *n, gboolean masks)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n->ipv4->len; i++) {
    const struct net_ipv4 *a = g_ptr_array_index (n->ipv4, i);
    g_string_append_printf (s, "%s%s", i ? "," : "", masks ? a->mask : a->address);
  }
  return g_string_free (s, FALSE);
}

static void
assert_ipv4 (const struct net_nic *n, const char *addrs, const char *masks)
{
  g_autofree char *a = ipv4_join (n, FALSE), *m = ipv4_join (n, TRUE);
  g_assert_cmpstr (a, ==, addrs);
  g_assert_cmpstr (m, ==, masks);
}

static void
assert_gateway (const struct net_nic *n, const char *expected)
{
  g_assert_cmpuint (n->gateways->len, ==, 1);
  g_assert_cmpstr (((struct net_gateway *) g_ptr_array_index (n->gateways, 0))->address, ==, expected);
}

static void
assert_strv (char **got, const char *expected)
{
  g_autofree char *j = g_strjoinv (",", got);
  g_assert_cmpstr (j, ==, expected);
}

static void
test_win7_nics (void)
{
  g_autoptr (hive_reader) sys = open_fixture_hive ("win7-sp1_regipy_SYSTEM");
  g_autoptr (ws_windows) w = ws_windows_new ();
  g_autoptr (GError) err = NULL;
  g_assert_true (inspect_hives (w, sys, NULL, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (w->control_set, ==, "ControlSet001");
  g_assert_cmpint (w->boot_model, ==, WS_BOOT_CDDB);
  g_assert_cmpstr (w->arch, ==, "x86");
  /* Exactly the two physical e1000 adapters; WAN miniports, ISATAP and Teredo are not NICs. */
  g_assert_cmpuint (w->nics->len, ==, 2);
  const struct net_nic *a = nic_by_guid (w, "{6AAFC9A9-0542-4DB2-8760-CCFFA953737C}");
  g_assert_cmpstr (a->connection_name, ==, "Local Area Connection");
  g_assert_cmpstr (a->description, ==, "Intel(R) PRO/1000 MT Network Connection");
  g_assert_false (a->dhcp);
  assert_ipv4 (a, "192.168.1.123", "255.255.255.0");
  assert_gateway (a, "192.168.1.1");
  assert_strv (a->dns_servers, "192.168.1.112");
  g_assert_cmpstr (a->pnp_instance_id, ==, "PCI\\VEN_8086&DEV_100F&SUBSYS_075015AD&REV_01\\4&B70F118&0&0888");
  g_assert_cmpstr (a->service, ==, "E1G60");
  const struct net_nic *b = nic_by_guid (w, "{698E50A9-4F58-4D86-B61D-F42E58DCACF6}");
  g_assert_cmpstr (b->connection_name, ==, "Local Area Connection 2");
  g_assert_false (b->dhcp);
  assert_ipv4 (b, "10.3.58.5", "255.255.255.0");
  assert_gateway (b, "10.3.58.1");
  assert_strv (b->dns_servers, "10.3.58.4");
}

static const struct ws_storage *
storage_by_service (const struct ws_windows *w, const char *svc)
{
  for (guint i = 0; i < w->storage->len; i++) {
    const struct ws_storage *s = g_ptr_array_index (w->storage, i);
    if (g_ascii_strcasecmp (s->service, svc) == 0)
      return s;
  }
  return NULL;
}

static void
test_win10 (void)
{
  g_autoptr (hive_reader) sys = open_fixture_hive ("win10-18362_regipy_SYSTEM");
  g_autoptr (ws_windows) w = ws_windows_new ();
  g_autoptr (GError) err = NULL;
  g_assert_true (inspect_hives (w, sys, NULL, &err));
  g_assert_no_error (err);
  g_assert_cmpint (w->boot_model, ==, WS_BOOT_DDB);
  g_assert_cmpstr (w->arch, ==, "amd64");
  /* LSI SAS boots the VMware VM: Services\LSI_SAS Start=0, no StartOverride. */
  const struct ws_storage *lsi = storage_by_service (w, "LSI_SAS");
  g_assert_nonnull (lsi);
  g_assert_cmpuint (lsi->start, ==, 0);
  g_assert_false (lsi->start_override);
  g_assert_cmpstr (lsi->instance_id, ==, "PCI\\VEN_1000&DEV_0054&SUBSYS_197615AD&REV_01\\4&2509f6e&0&00A8");
  g_assert_cmpuint (w->virtio->len, ==, 0);
  g_assert_cmpuint (w->nics->len, ==, 1);
  const struct net_nic *n = nic_by_guid (w, "{5F3F359E-9D52-4566-9BEC-37EFDFB25ABE}");
  g_assert_true (n->dhcp);
  g_assert_cmpstr (n->service, ==, "e1i65x64");
  assert_ipv4 (n, "192.168.146.128", "255.255.255.0");
  assert_gateway (n, "192.168.146.2");
  assert_strv (n->dhcp_dns_servers, "192.168.146.2");
  /* Fast Startup is on in this hive (docs/registry-and-hives.md#what-inspection-reads). */
  gboolean fast = FALSE;
  for (guint i = 0; i < w->blockers->len; i++)
    fast |= strcmp (((struct ws_blocker *) g_ptr_array_index (w->blockers, i))->kind, "fast-startup") == 0;
  g_assert_true (fast);
}

static void
test_winxp (void)
{
  g_autoptr (hive_reader) sys = open_fixture_hive ("winxp-sp3_bitcurator_SYSTEM");
  g_autoptr (ws_windows) w = ws_windows_new ();
  g_autoptr (GError) err = NULL;
  g_assert_true (inspect_hives (w, sys, NULL, &err));
  g_assert_no_error (err);
  g_assert_cmpint (w->boot_model, ==, WS_BOOT_CDDB);
  g_assert_cmpstr (w->arch, ==, "x86");
}

static void
test_os_names (void)
{
  g_assert_cmpstr (inspect_os_name (10, 0, 22631, FALSE), ==, "Windows 11");
  g_assert_cmpstr (inspect_os_name (10, 0, 18362, FALSE), ==, "Windows 10");
  g_assert_cmpstr (inspect_os_name (10, 0, 17763, TRUE), ==, "Windows Server 2019");
  g_assert_cmpstr (inspect_os_name (10, 0, 20348, TRUE), ==, "Windows Server 2022");
  g_assert_cmpstr (inspect_os_name (6, 1, 7601, TRUE), ==, "Windows Server 2008 R2");
  g_assert_cmpstr (inspect_os_name (5, 1, 2600, FALSE), ==, "Windows XP");
}

/* RealTimeIsUniversal: absent in the real hive (local time, Windows' default); merged in as
 * dword:1 with hivexregedit, UTC. */
static void
test_rtc (void)
{
  g_autoptr (hive_reader) plain = open_fixture_hive ("win10-18362_regipy_SYSTEM");
  g_autoptr (ws_windows) w = ws_windows_new ();
  g_assert_true (inspect_hives (w, plain, NULL, NULL));
  g_assert_false (w->rtc_utc);

  g_autofree char *src = g_build_filename (tmpdir, "win10-18362_regipy_SYSTEM", NULL);
  g_autofree char *dst = g_build_filename (tmpdir, "SYSTEM-rtc-utc", NULL);
  g_autofree char *reg = g_build_filename (tmpdir, "rtc-utc.reg", NULL);
  g_assert_true (g_file_set_contents (reg, "Windows Registry Editor Version 5.00\n\n"
                                      "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\TimeZoneInformation]\n"
                                      "\"RealTimeIsUniversal\"=dword:00000001\n", -1, NULL));
  g_autofree char *cmd = g_strdup_printf ("cp '%s' '%s' && hivexregedit --merge --prefix "
                                          "'HKEY_LOCAL_MACHINE\\SYSTEM' '%s' '%s'", src, dst, dst, reg);
  g_assert_cmpint (system (cmd), ==, 0);
  g_autoptr (hive_reader) utc = hive_reader_open (dst, "SYSTEM", NULL);
  g_assert_nonnull (utc);
  g_autoptr (ws_windows) w2 = ws_windows_new ();
  g_assert_true (inspect_hives (w2, utc, NULL, NULL));
  g_assert_true (w2->rtc_utc);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr (GError) err = NULL;
  tmpdir = ws_tmpdir_new (&err);
  g_assert_no_error (err);
  g_test_add_func ("/inspect/win7-nics", test_win7_nics);
  g_test_add_func ("/inspect/win10", test_win10);
  g_test_add_func ("/inspect/winxp", test_winxp);
  g_test_add_func ("/inspect/os-names", test_os_names);
  g_test_add_func ("/inspect/rtc", test_rtc);
  int r = g_test_run ();
  ws_tmpdir_remove (tmpdir);
  return r;
}
