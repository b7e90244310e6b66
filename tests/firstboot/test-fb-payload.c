/* libfirstboot: matching, validation, and the payload run under wine's cmd.exe.
 *
 * NIC values asserted here were read by hand from the fixture hive (ControlSet001, see
 * tests/network/test-net-nics.c) and from static-nics.reg; the expected netsh/reg lines are
 * written out from those values and from docs/firstboot.md#netsh, never produced by the code
 * under test.  Stand-ins in the payload's working directory record "<tool> <arguments>" to
 * calls.txt and play the new NICs through getmac.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fb.h"
#include "../network/nic-hives.h"
#include "ws-error.h"
#include "ws-tmpdir.h"

static char *tmpdir;
static const char *wine;

#define CLASS "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define W7_GUID_A "{6AAFC9A9-0542-4DB2-8760-CCFFA953737C}"
#define W7_GUID_B "{698E50A9-4F58-4D86-B61D-F42E58DCACF6}"
#define NEW_GUID_A "{11111111-0000-0000-0000-00000000000A}"
#define NEW_GUID_B "{11111111-0000-0000-0000-00000000000B}"
#define STATIC_GUID "{11111111-2222-3333-4444-555555555555}"

static GPtrArray *
read_nics (hive_reader *h)
{
  g_autoptr (GError) err = NULL;
  GPtrArray *nics = net_read_nics (h, "ControlSet001", &err);
  g_assert_no_error (err);
  return nics;
}

static GPtrArray *
win7_nics (void)
{
  g_autoptr (hive_reader) h = nic_hive_fixture (tmpdir, "win7-sp1_regipy_SYSTEM");
  return read_nics (h);
}

static GPtrArray *
static_nics (void)
{
  g_autoptr (hive_reader) h = nic_hive_static (tmpdir);
  return read_nics (h);
}

static struct net_nic *
by_conn (GPtrArray *nics, const char *name)
{
  for (guint i = 0; i < nics->len; i++) {
    struct net_nic *n = g_ptr_array_index (nics, i);
    if (g_strcmp0 (n->connection_name, name) == 0)
      return n;
  }
  g_assert_not_reached ();
}

/* The Windows 7 values the payload must carry, asserted against the hive as read by hand. */
static void
assert_win7_values (GPtrArray *nics)
{
  g_assert_cmpuint (nics->len, ==, 2);
  const struct net_nic *a = by_conn (nics, "Local Area Connection");
  const struct net_nic *b = by_conn (nics, "Local Area Connection 2");
  g_assert_cmpstr (a->mac, ==, "00:0c:29:77:d9:81");
  g_assert_cmpstr (b->mac, ==, "00:50:56:a5:12:69");
  g_assert_false (a->dhcp);
  g_assert_false (b->dhcp);
  g_assert_cmpstr (((struct net_ipv4 *) g_ptr_array_index (a->ipv4, 0))->address, ==, "192.168.1.123");
  g_assert_cmpstr (((struct net_ipv4 *) g_ptr_array_index (a->ipv4, 0))->mask, ==, "255.255.255.0");
  g_assert_cmpstr (((struct net_gateway *) g_ptr_array_index (a->gateways, 0))->address, ==, "192.168.1.1");
  g_assert_cmpint (((struct net_gateway *) g_ptr_array_index (a->gateways, 0))->metric, ==, 0);
  g_assert_cmpstr (a->dns_servers[0], ==, "192.168.1.112");
  g_assert_cmpstr (((struct net_ipv4 *) g_ptr_array_index (b->ipv4, 0))->address, ==, "10.3.58.5");
  g_assert_cmpstr (((struct net_gateway *) g_ptr_array_index (b->gateways, 0))->address, ==, "10.3.58.1");
  g_assert_cmpstr (b->dns_servers[0], ==, "10.3.58.4");
}

/* ---- running a payload under wine ---- */

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);
  g_autoptr (GError) err = NULL;
  g_assert_true (g_file_set_contents (p, text, -1, &err));
}

/* A stand-in that records "<its name> <its arguments>" and succeeds. */
static const char recorder[] =
  "@echo off\r\n"
  ">>\"%~dp0calls.txt\" echo %~n0 %*\r\n"
  "exit /b 0\r\n";

static char *
make_rundir (const char *name, const char *payload, const char *getmac_rows)
{
  g_autofree char *dir = g_build_filename (tmpdir, name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (dir, "firstboot.cmd", payload);
  const char *tools[] = { "netsh.cmd", "reg.cmd", "sc.cmd", "ping.cmd" };
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    write_file (dir, tools[i], recorder);
  g_autofree char *gm = g_strdup_printf ("@echo off\r\n>>\"%%~dp0calls.txt\" echo getmac %%*\r\n%s", getmac_rows);
  write_file (dir, "getmac.cmd", gm);
  return g_steal_pointer (&dir);
}

/* Run firstboot.cmd in dir with state and log in dir\fb; extra: more "NAME=value " settings. */
static void
run_payload (const char *dir, const char *extra)
{
  const char *build = g_getenv ("WINSEED_TESTS_BUILDDIR");
  g_autofree char *prefix = g_build_filename (build, "firstboot", "wineprefix", NULL);
  g_autofree char *windir = g_strdup_printf ("Z:%s\\fb", dir);
  for (char *p = windir; *p; p++)
    if (*p == '/')
      *p = '\\';
  g_autofree char *cmd = g_strdup_printf (
    "cd '%s' && WINEPREFIX='%s' WINEDEBUG=-all WINSEED_FB_DIR='%s' %s '%s' cmd /c firstboot.cmd "
    "> wine.out 2>&1 < /dev/null", dir, prefix, windir, extra ? extra : "", wine);
  g_assert_cmpint (system (cmd), ==, 0);
}

static char *
slurp (const char *dir, const char *name)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);
  char *text = NULL;
  if (!g_file_get_contents (p, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* calls.txt with the blank cmd leaves before a redirection removed from each line. */
static char *
slurp_calls (const char *dir)
{
  g_autofree char *text = slurp (dir, "calls.txt");
  g_auto (GStrv) lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i]; i++)
    g_strchomp (lines[i]);
  return g_strjoinv ("\r\n", lines);
}

/* The recorded calls, CRLF folded, compared line by line with expected (LF-separated). */
static void
assert_calls (const char *dir, const char *expected)
{
  g_autofree char *got = slurp (dir, "calls.txt");
  g_auto (GStrv) g = g_strsplit (got, "\r\n", -1);
  g_auto (GStrv) e = g_strsplit (expected, "\n", -1);
  for (guint i = 0; e[i] || g[i]; i++) {
    if (!e[i] && g[i] && !*g[i] && !g[i + 1])
      break;     /* the file's final line end */
    if (g[i])
      g_strchomp (g[i]);   /* cmd passes the blank before a redirection on in %* */
    if (g_strcmp0 (g[i], e[i]) != 0)
      g_error ("call %u: got\n  %s\nexpected\n  %s", i + 1, g[i] ? g[i] : "(none)", e[i] ? e[i] : "(none)");
  }
}

/* The log's "step;result;code" fields, one per line, after the time. */
static char *
log_steps (const char *dir)
{
  g_autofree char *log = slurp (dir, "fb/firstboot.log");
  g_auto (GStrv) lines = g_strsplit (log, "\r\n", -1);
  GString *s = g_string_new (NULL);
  for (guint i = 0; lines[i]; i++) {
    const char *semi = strchr (lines[i], ';');
    if (semi)
      g_string_append_printf (s, "%s\n", semi + 1);
  }
  return g_string_free (s, FALSE);
}

static gboolean
have_wine (void)
{
  if (wine)
    return TRUE;
  g_test_skip ("wine64 not installed (tests/install-deps.sh)");
  return FALSE;
}

static char *
payload_for (GPtrArray *matches, int major, int minor, enum fb_hook hook)
{
  struct fb_options o = { major, minor, hook, FB_DEFAULT_WAIT, FB_DEFAULT_BOOTS };
  g_autoptr (GError) err = NULL;
  char *text = fb_payload (matches, &o, &err);
  g_assert_no_error (err);
  return text;
}

/* The Windows 7 fixture's NICs, matched by MAC, in the default service payload. */
static char *
win7_service_payload (void)
{
  g_autoptr (GPtrArray) nics = win7_nics ();
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) m = fb_match (nics, NULL, NULL, &err);
  g_assert_no_error (err);
  return payload_for (m, 6, 1, FB_HOOK_SERVICE);
}

/* ---- tests ---- */

#define W7_ROWS \
  "echo \"Local Area Connection 3\",\"Red Hat VirtIO Ethernet Adapter\",\"00-0C-29-77-D9-81\",\"\\Device\\Tcpip_" NEW_GUID_A "\"\r\n" \
  "echo \"Local Area Connection 4\",\"Red Hat VirtIO Ethernet Adapter #2\",\"00-50-56-A5-12-69\",\"\\Device\\Tcpip_" NEW_GUID_B "\"\r\n"

#define W7_STEPS(old_guid, old_name, new_name, addr, gw, dns, new_guid) \
  "reg add \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Network\\" CLASS "\\" old_guid "\\Connection\" " \
    "/v Name /t REG_SZ /d \"" old_name " (replaced)\" /f\n" \
  "netsh interface set interface name=\"" new_name "\" newname=\"" old_name "\"\n" \
  "netsh interface ip set address name=\"" old_name "\" source=static addr=" addr " mask=255.255.255.0 " \
    "gateway=" gw " gwmetric=0\n" \
  "netsh interface ip set dnsservers name=\"" old_name "\" source=static address=" dns " register=primary\n" \
  "reg add \"HKLM\\SYSTEM\\CurrentControlSet\\Services\\NetBT\\Parameters\\Interfaces\\Tcpip_" new_guid "\" " \
    "/v NetbiosOptions /t REG_DWORD /d 0 /f\n"

static void
test_win7_run (void)
{
  g_autoptr (GPtrArray) nics = win7_nics ();
  assert_win7_values (nics);
  g_autoptr (GPtrArray) warn = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) m = fb_match (nics, NULL, warn, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (m->len, ==, 2);
  g_assert_cmpuint (warn->len, ==, 0);
  g_autofree char *text = payload_for (m, 6, 1, FB_HOOK_SERVICE);
  /* CRLF everywhere, and nothing that could restart the guest */
  for (const char *p = text; *p; p++)
    if (*p == '\n')
      g_assert_true (p > text && p[-1] == '\r');
  g_assert_null (strstr (text, "shutdown"));
  if (!have_wine ())
    return;
  g_autofree char *dir = make_rundir ("win7", text, W7_ROWS);
  run_payload (dir, NULL);
  const char *first = "getmac /v /fo csv /nh\n"
    W7_STEPS (W7_GUID_A, "Local Area Connection", "Local Area Connection 3", "192.168.1.123",
              "192.168.1.1", "192.168.1.112", NEW_GUID_A)
    W7_STEPS (W7_GUID_B, "Local Area Connection 2", "Local Area Connection 4", "10.3.58.5",
              "10.3.58.1", "10.3.58.4", NEW_GUID_B)
    "sc delete winseed-firstboot";
  assert_calls (dir, first);
  g_autofree char *log = log_steps (dir);
  g_assert_cmpstr (log, ==,
    "boot;start;1\nwait-nic;found;0\n"
    "nic1-ghost;ok;0\nnic1-rename;ok;0\nnic1-address-1;ok;0\nnic1-dns-1;ok;0\nnic1-netbios;ok;0\n"
    "nic2-ghost;ok;0\nnic2-rename;ok;0\nnic2-address-1;ok;0\nnic2-dns-1;ok;0\nnic2-netbios;ok;0\n"
    "run;done;0\nunhook;ok;0\n");
  /* a second boot (the service not yet gone) repeats nothing but the removal */
  run_payload (dir, NULL);
  g_autofree char *again = g_strconcat (first, "\nsc delete winseed-firstboot", NULL);
  assert_calls (dir, again);
  g_autofree char *log2 = log_steps (dir);
  g_assert_true (g_str_has_suffix (log2, "unhook;ok;0\nrun;already-done;0\nunhook;ok;0\n"));
}

static void
test_static_run (void)
{
  g_autoptr (GPtrArray) nics = static_nics ();
  struct net_nic *n = by_conn (nics, "Server LAN");
  g_autoptr (GPtrArray) warn = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) err = NULL;
  /* on netkvm already: nothing to replace */
  g_autoptr (GPtrArray) none = fb_match (nics, NULL, warn, &err);
  g_assert_no_error (err);
  for (guint i = 0; i < none->len; i++)
    g_assert_true (((struct fb_match *) g_ptr_array_index (none, i))->old != n);
  /* as if it were the old platform's NIC */
  g_free (n->service);
  n->service = g_strdup ("E1G60");
  g_autoptr (GPtrArray) m = fb_match (nics, NULL, warn, &err);
  g_assert_no_error (err);
  const struct fb_match *mm = NULL;
  for (guint i = 0; i < m->len; i++)
    if (((struct fb_match *) g_ptr_array_index (m, i))->old == n)
      mm = g_ptr_array_index (m, i);
  g_assert_nonnull (mm);
  g_assert_cmpstr (mm->new_mac, ==, "52-54-00-AB-CD-EF");
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  g_ptr_array_add (one, (gpointer) mm);
  g_autofree char *text = payload_for (one, 6, 3, FB_HOOK_SETUP);
  if (!have_wine ())
    return;
  g_autofree char *dir = make_rundir ("static", text,
    "echo \"Ethernet 2\",\"Red Hat VirtIO Ethernet Adapter\",\"52-54-00-AB-CD-EF\",\"\\Device\\Tcpip_" NEW_GUID_A "\"\r\n");
  run_payload (dir, NULL);
#define LAN "name=\"Server LAN\""
  assert_calls (dir,
    "getmac /v /fo csv /nh\n"
    "reg add \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Network\\" CLASS "\\" STATIC_GUID "\\Connection\" "
      "/v Name /t REG_SZ /d \"Server LAN (replaced)\" /f\n"
    "netsh interface set interface name=\"Ethernet 2\" newname=\"Server LAN\"\n"
    "netsh interface ip set address " LAN " source=static addr=10.1.2.3 mask=255.255.255.0 gateway=10.1.2.1 gwmetric=0\n"
    "netsh interface ip add address " LAN " addr=10.1.2.4 mask=255.255.255.0\n"
    "netsh interface ip add address " LAN " addr=172.16.0.9 mask=255.255.0.0\n"
    "netsh interface ip add address " LAN " gateway=10.1.2.254 gwmetric=20\n"
    "netsh interface ip set dnsservers " LAN " source=static address=10.1.2.53 register=both\n"
    "netsh interface ip add dnsservers " LAN " address=10.1.2.54 index=2\n"
    "netsh interface ip add dnsservers " LAN " address=192.0.2.53 index=3\n"
    "reg add \"HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\" NEW_GUID_A "\" "
      "/v Domain /t REG_SZ /d \"corp.example.com\" /f\n"
    "netsh interface ip set winsservers " LAN " source=static address=10.1.2.60\n"
    "netsh interface ip add winsservers " LAN " address=10.1.2.61 index=2\n"
    "reg add \"HKLM\\SYSTEM\\CurrentControlSet\\Services\\NetBT\\Parameters\\Interfaces\\Tcpip_" NEW_GUID_A "\" "
      "/v NetbiosOptions /t REG_DWORD /d 2 /f\n"
    "netsh interface ipv4 set subinterface \"Server LAN\" mtu=1400 store=persistent\n"
    "netsh interface ipv6 add address interface=\"Server LAN\" address=2001:db8:10::20/64\n"
    "netsh interface ipv6 add dnsservers " LAN " address=2001:db8:10::53 index=1\n"
    "reg add \"HKLM\\SYSTEM\\Setup\" /v CmdLine /t REG_SZ /d \"\" /f\n"
    "reg add \"HKLM\\SYSTEM\\Setup\" /v SetupType /t REG_DWORD /d 0 /f");
}

/* A command fails: the step is logged as failed, the others go on, and the next boot repeats
 * that step only. */
static void
test_retry_run (void)
{
  g_autofree char *text = win7_service_payload ();
  if (!have_wine ())
    return;
  g_autofree char *dir = make_rundir ("retry", text, W7_ROWS);
  write_file (dir, "netsh.cmd",
              "@echo off\r\n"
              ">>\"%~dp0calls.txt\" echo %~n0 %*\r\n"
              "if /i \"%4\"==\"dnsservers\" if exist \"%~dp0fail-dns\" exit /b 1\r\n"
              "exit /b 0\r\n");
  write_file (dir, "fail-dns", "");
  run_payload (dir, NULL);
  g_autofree char *log1 = log_steps (dir);
  g_assert_nonnull (strstr (log1, "nic1-address-1;ok;0\nnic1-dns-1;failed;1\nnic1-netbios;ok;0\n"));
  g_assert_nonnull (strstr (log1, "nic2-dns-1;failed;1\n"));
  g_assert_true (g_str_has_suffix (log1, "nic2-netbios;ok;0\nrun;retry-next-boot;1\n"));
  g_autofree char *calls1 = slurp_calls (dir);
  g_assert_null (strstr (calls1, "sc delete"));
  g_autofree char *fail = g_build_filename (dir, "fail-dns", NULL);
  g_autofree char *calls = g_build_filename (dir, "calls.txt", NULL);
  g_assert_cmpint (unlink (fail), ==, 0);
  g_assert_cmpint (unlink (calls), ==, 0);
  run_payload (dir, NULL);
  assert_calls (dir,
    "getmac /v /fo csv /nh\n"
    "netsh interface ip set dnsservers name=\"Local Area Connection\" source=static address=192.168.1.112 register=primary\n"
    "netsh interface ip set dnsservers name=\"Local Area Connection 2\" source=static address=10.3.58.4 register=primary\n"
    "sc delete winseed-firstboot");
  g_autofree char *log2 = log_steps (dir);
  g_assert_true (g_str_has_suffix (log2, "boot;start;2\nwait-nic;found;0\nnic1-dns-1;ok;0\nnic2-dns-1;ok;0\n"
                                         "run;done;0\nunhook;ok;0\n"));
}

/* XP: dns/wins with addr=, no subinterface (MTU), IPv6 without a prefix length and no DNS. */
static void
test_static_xp_run (void)
{
  g_autoptr (GPtrArray) nics = static_nics ();
  struct net_nic *n = by_conn (nics, "Server LAN");
  struct fb_match mm = { n, (char *) "52-54-00-AB-CD-EF", FB_BY_MAC };
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  g_ptr_array_add (one, &mm);
  g_autofree char *text = payload_for (one, 5, 1, FB_HOOK_SERVICE);
  if (!have_wine ())
    return;
  g_autofree char *dir = make_rundir ("xp", text,
    "echo \"Local Area Connection 2\",\"Red Hat VirtIO Ethernet Adapter\",\"52-54-00-AB-CD-EF\",\"\\Device\\Tcpip_" NEW_GUID_B "\"\r\n");
  run_payload (dir, NULL);
  g_autofree char *calls = slurp_calls (dir);
  g_assert_nonnull (strstr (calls, "netsh interface ip set dns " LAN " source=static addr=10.1.2.53 register=both\r\n"
                                   "netsh interface ip add dns " LAN " addr=10.1.2.54 index=2\r\n"));
  g_assert_nonnull (strstr (calls, "netsh interface ip set wins " LAN " source=static addr=10.1.2.60\r\n"
                                   "netsh interface ip add wins " LAN " addr=10.1.2.61 index=2\r\n"));
  g_assert_nonnull (strstr (calls, "netsh interface ipv6 add address interface=\"Server LAN\" address=2001:db8:10::20\r\n"));
  g_assert_null (strstr (calls, "subinterface"));
  g_assert_null (strstr (calls, "dnsservers"));
  g_assert_true (g_str_has_suffix (calls, "sc delete winseed-firstboot\r\n"));
}

/* The NIC never appears: the wait is bounded, each boot is counted, the last one gives up. */
static void
test_never_appears (void)
{
  g_autofree char *text = win7_service_payload ();
  if (!have_wine ())
    return;
  g_autofree char *dir = make_rundir ("never", text, "");
  const char *env = "WINSEED_FB_WAIT=10 WINSEED_FB_BOOTS=2";
  run_payload (dir, env);
  const char *boot1 =
    "getmac /v /fo csv /nh\nping -n 6 127.0.0.1\n"
    "getmac /v /fo csv /nh\nping -n 6 127.0.0.1\n"
    "getmac /v /fo csv /nh";
  assert_calls (dir, boot1);
  g_autofree char *log1 = log_steps (dir);
  g_assert_cmpstr (log1, ==, "boot;start;1\nwait-nic;timeout;10\nnic1-find;missing;1\nnic2-find;missing;1\n"
                             "run;retry-next-boot;1\n");
  run_payload (dir, env);
  g_autofree char *boot2 = g_strconcat (boot1, "\n", boot1, "\nsc delete winseed-firstboot", NULL);
  assert_calls (dir, boot2);
  g_autofree char *log2 = log_steps (dir);
  g_assert_true (g_str_has_suffix (log2, "nic2-find;missing;1\nrun;gave-up;2\nunhook;ok;0\n"));
  /* a third boot (the removal failed) does nothing but try the removal again */
  run_payload (dir, env);
  g_autofree char *boot3 = g_strconcat (boot2, "\nsc delete winseed-firstboot", NULL);
  assert_calls (dir, boot3);
}

static void
expect_refused (struct net_nic *n)
{
  struct fb_match mm = { n, (char *) "52-54-00-AB-CD-EF", FB_BY_MAC };
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  g_ptr_array_add (one, &mm);
  struct fb_options o = { 6, 1, FB_HOOK_SERVICE, FB_DEFAULT_WAIT, FB_DEFAULT_BOOTS };
  g_autoptr (GError) err = NULL;
  g_autofree char *text = fb_payload (one, &o, &err);
  g_assert_null (text);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
}

static void
swap_str (char **slot, const char *value, struct net_nic *n)
{
  g_autofree char *saved = *slot;
  *slot = g_strdup (value);
  expect_refused (n);
  g_free (*slot);
  *slot = g_steal_pointer (&saved);
}

static void
test_hostile (void)
{
  g_autoptr (GPtrArray) nics = static_nics ();
  struct net_nic *n = by_conn (nics, "Server LAN");
  struct net_ipv4 *a = g_ptr_array_index (n->ipv4, 1);
  struct net_gateway *g = g_ptr_array_index (n->gateways, 0);
  swap_str (&a->address, "10.0.0.1 & calc", n);
  swap_str (&a->address, "10.0.0.01", n);
  swap_str (&a->mask, "255.0.255.0", n);
  swap_str (&g->address, "10.1.2.1|calc", n);
  swap_str (&n->dns_servers[1], "10.0.0.1 & calc", n);
  swap_str (&n->wins_servers[0], "%COMSPEC%", n);
  swap_str (&n->connection_name, "LAN\" & calc & \"", n);
  swap_str (&n->connection_name, "R^D", n);
  swap_str (&n->connection_name, "a\r\nb", n);
  swap_str (&n->dns_suffix, "corp.example.com>x", n);
  swap_str (&n->netcfg_instance_id, "{1}\\..\\x", n);
  struct net_ipv6 *v6 = g_ptr_array_index (n->ipv6, 0);
  swap_str (&v6->address, "2001:db8::1 & calc", n);
  n->mtu = 10;
  expect_refused (n);
  g_assert_true (fb_check_name ("Local Area Connection 2"));
  g_assert_false (fb_check_name ("100%"));
  g_assert_false (fb_check_name ("a!b"));
  g_assert_true (fb_check_mask ("255.255.255.252"));
  g_assert_false (fb_check_ipv4 ("1.2.3"));
  g_assert_false (fb_check_ipv4 ("1.2.3.4.5"));
  g_assert_false (fb_check_ipv4 ("256.1.1.1"));
  g_assert_true (fb_check_ipv6 ("::1"));
  g_assert_false (fb_check_ipv6 ("1::2::3"));
}

/* Matching by MAC, by --nic-map, the single-static rule, and what is refused. */
static void
test_match (void)
{
  g_autoptr (GPtrArray) nics = win7_nics ();
  g_autoptr (GPtrArray) warn = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) err = NULL;
  char *map[] = { (char *) "00:50:56:A5:12:69=52:54:00:00:00:02", NULL };
  g_autoptr (GPtrArray) m = fb_match (nics, map, warn, &err);
  g_assert_no_error (err);
  const struct fb_match *a = g_ptr_array_index (m, 0), *b = g_ptr_array_index (m, 1);
  if (strcmp (a->old->connection_name, "Local Area Connection") != 0) {
    const struct fb_match *t = a; a = b; b = t;
  }
  g_assert_cmpstr (a->new_mac, ==, "00-0C-29-77-D9-81");
  g_assert_cmpint (a->how, ==, FB_BY_MAC);
  g_assert_cmpstr (b->new_mac, ==, "52-54-00-00-00-02");
  g_assert_cmpint (b->how, ==, FB_BY_MAP);

  char *bad_map[] = { (char *) "00:11:22:33:44:55=52:54:00:00:00:02", NULL };
  g_assert_null (fb_match (nics, bad_map, warn, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_USAGE);
  g_clear_error (&err);
  char *clash[] = { (char *) "00:50:56:a5:12:69=00:0c:29:77:d9:81", NULL };
  g_assert_null (fb_match (nics, clash, warn, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_USAGE);
  g_clear_error (&err);

  /* no MAC on a static NIC beside another static NIC: ambiguous, refused */
  struct net_nic *n2 = by_conn (nics, "Local Area Connection 2");
  g_clear_pointer (&n2->mac, g_free);
  g_assert_null (fb_match (nics, NULL, warn, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_USAGE);
  g_clear_error (&err);
  /* the only static NIC without a MAC: paired with the only new virtio NIC */
  by_conn (nics, "Local Area Connection")->dhcp = TRUE;
  g_autoptr (GPtrArray) only = fb_match (nics, NULL, warn, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (only->len, ==, 2);
  const struct fb_match *o = g_ptr_array_index (only, 1);
  g_assert_true (o->old == n2);
  g_assert_null (o->new_mac);
  g_assert_cmpint (o->how, ==, FB_BY_ONLY);
  /* a DHCP NIC without a MAC: reported, not carried */
  n2->dhcp = TRUE;
  g_autoptr (GPtrArray) dhcp = fb_match (nics, NULL, warn, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (dhcp->len, ==, 1);
  g_assert_cmpuint (warn->len, ==, 1);
}

/* The single-static rule at boot: one VirtIO adapter is taken, two are refused. */
static void
test_only_virtio_run (void)
{
  g_autoptr (GPtrArray) nics = win7_nics ();
  struct net_nic *n = by_conn (nics, "Local Area Connection 2");
  struct fb_match mm = { n, NULL, FB_BY_ONLY };
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  g_ptr_array_add (one, &mm);
  g_autofree char *text = payload_for (one, 6, 1, FB_HOOK_SERVICE);
  if (!have_wine ())
    return;
  g_autofree char *dir = make_rundir ("only", text,
    "echo \"Local Area Connection 9\",\"Red Hat VirtIO Ethernet Adapter\",\"52-54-00-12-34-56\",\"\\Device\\Tcpip_" NEW_GUID_B "\"\r\n"
    "echo \"Bluetooth\",\"Bluetooth Device (PAN)\",\"00-1A-7D-DA-71-13\",\"Media disconnected\"\r\n");
  run_payload (dir, NULL);
  g_autofree char *calls = slurp_calls (dir);
  g_assert_nonnull (strstr (calls, "netsh interface set interface name=\"Local Area Connection 9\" "
                                   "newname=\"Local Area Connection 2\"\r\n"));
  g_assert_nonnull (strstr (calls, "Tcpip_" NEW_GUID_B "\" /v NetbiosOptions"));

  g_autofree char *dir2 = make_rundir ("two", text,
    "echo \"Ethernet\",\"Red Hat VirtIO Ethernet Adapter\",\"52-54-00-12-34-56\",\"\\Device\\Tcpip_" NEW_GUID_A "\"\r\n"
    "echo \"Ethernet 2\",\"Red Hat VirtIO Ethernet Adapter #2\",\"52-54-00-12-34-57\",\"\\Device\\Tcpip_" NEW_GUID_B "\"\r\n");
  run_payload (dir2, "WINSEED_FB_WAIT=0");
  g_autofree char *calls2 = slurp_calls (dir2);
  g_assert_null (strstr (calls2, "netsh"));
  g_autofree char *log = log_steps (dir2);
  g_assert_nonnull (strstr (log, "nic1-find;virtio-nics;2\n"));
}

static const char *
find_wine (void)
{
  static const char *candidates[] = { "/usr/lib/wine/wine64", "/usr/bin/wine64", "/usr/bin/wine" };
  g_autofree char *p = g_find_program_in_path ("wine64");
  if (p)
    return g_intern_string (p);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
      return candidates[i];
  return NULL;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr (GError) err = NULL;
  tmpdir = ws_tmpdir_new (&err);
  g_assert_no_error (err);
  wine = find_wine ();
  g_test_add_func ("/firstboot/match", test_match);
  g_test_add_func ("/firstboot/hostile", test_hostile);
  g_test_add_func ("/firstboot/win7-run", test_win7_run);
  g_test_add_func ("/firstboot/static-run", test_static_run);
  g_test_add_func ("/firstboot/static-xp-run", test_static_xp_run);
  g_test_add_func ("/firstboot/never-appears", test_never_appears);
  g_test_add_func ("/firstboot/retry-run", test_retry_run);
  g_test_add_func ("/firstboot/only-virtio-run", test_only_virtio_run);
  int rc = g_test_run ();
  ws_tmpdir_remove (tmpdir);
  return rc;
}
