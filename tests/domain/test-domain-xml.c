/* The domain generator over hand-written guests: each document is checked by XPath against
 * values written here from Microsoft's and libosinfo's facts (docs/vm-definition.md), and
 * validated against libvirt's own domain schema, the file virt-xml-validate uses.  No appliance:
 * libdomain links without libguestfs and hivex. */
#include <config.h>

#include <string.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "ws-error.h"
#include "domain.h"

#define LIBVIRT_DOMAIN_RNG "/usr/share/libvirt/schemas/domain.rng"

/* The value of an XPath expression as a string ("" when it selects nothing). */
static char *
xp (xmlDoc *doc, const char *expr)
{
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (ctx, (const xmlChar *) "lo",
                      (const xmlChar *) "http://libosinfo.org/xmlns/libvirt/domain/1.0");
  g_autofree char *wrapped = g_strdup_printf ("string(%s)", expr);
  xmlXPathObject *o = xmlXPathEvalExpression ((const xmlChar *) wrapped, ctx);
  g_assert_nonnull (o);
  char *s = g_strdup ((const char *) o->stringval);
  xmlXPathFreeObject (o);
  xmlXPathFreeContext (ctx);
  return s;
}

#define assert_xp(doc, expr, want) do { \
    g_autofree char *got_ = xp (doc, expr); \
    g_assert_cmpstr (got_, ==, want); \
  } while (0)

static void
assert_valid (xmlDoc *doc)
{
  if (!g_file_test (LIBVIRT_DOMAIN_RNG, G_FILE_TEST_EXISTS)) {
    g_test_message ("%s missing (Debian: libvirt-clients), schema not checked", LIBVIRT_DOMAIN_RNG);
    return;
  }
  xmlRelaxNGParserCtxt *pc = xmlRelaxNGNewParserCtxt (LIBVIRT_DOMAIN_RNG);
  xmlRelaxNG *schema = xmlRelaxNGParse (pc);
  g_assert_nonnull (schema);
  xmlRelaxNGValidCtxt *vc = xmlRelaxNGNewValidCtxt (schema);
  int rc = xmlRelaxNGValidateDoc (vc, doc);
  if (rc != 0) {
    g_autofree char *text = domain_xml_text (doc);
    g_test_message ("invalid domain:\n%s", text);
  }
  g_assert_cmpint (rc, ==, 0);
  xmlRelaxNGFreeValidCtxt (vc);
  xmlRelaxNGFree (schema);
  xmlRelaxNGFreeParserCtxt (pc);
}

static const struct domain_disk one_disk[] = { { "/var/lib/images/guest.img", "raw" } };

/* A guest of the given version with one disk and one NIC; the test changes what it checks. */
static struct domain_guest
guest (int major, int minor, int build, gboolean server, const char *arch)
{
  return (struct domain_guest) {
    .major = major, .minor = minor, .build = build, .server = server, .arch = arch,
    .disks = one_disk, .n_disks = 1, .name = "guest", .memory_mib = 2048, .vcpus = 2,
  };
}

/* Build, validate against libvirt's schema, hand back (the caller frees). */
static xmlDoc *
build (const struct domain_guest *g)
{
  g_autoptr (GError) err = NULL;
  xmlDoc *doc = domain_xml_build (g, &err);
  g_assert_no_error (err);
  assert_valid (doc);
  return doc;
}

/* libosinfo's answer for a version, looked up as the domain command does. */
static void
lookup (const struct domain_guest *g, struct domain_os *os)
{
  g_autoptr (GError) err = NULL;
  g_assert_true (domain_os_lookup (domain_os_short_id (g->major, g->minor, g->build, g->server),
                                   g->major, g->arch, os, &err));
  g_assert_no_error (err);
}

/* Windows versions and their osinfo-db short ids (docs/vm-definition.md#os-ids). */
static void
test_short_ids (void)
{
  static const struct { int major, minor, build; gboolean server; const char *want; } t[] = {
    { 5, 1, 2600, FALSE, "winxp" }, { 5, 2, 3790, TRUE, "win2k3" }, { 5, 2, 3790, FALSE, "winxp" },
    { 6, 0, 6002, FALSE, "winvista" }, { 6, 1, 7601, FALSE, "win7" }, { 6, 1, 7601, TRUE, "win2k8r2" },
    { 6, 3, 9600, FALSE, "win8.1" }, { 6, 3, 9600, TRUE, "win2k12r2" },
    { 10, 0, 18362, FALSE, "win10" }, { 10, 0, 19045, FALSE, "win10" },
    { 10, 0, 22000, FALSE, "win11" }, { 10, 0, 22631, FALSE, "win11" },
    { 10, 0, 14393, TRUE, "win2k16" }, { 10, 0, 17763, TRUE, "win2k19" },
    { 10, 0, 20348, TRUE, "win2k22" }, { 10, 0, 26100, TRUE, "win2k25" },
    { 10, 0, 10240, TRUE, NULL }, { 4, 0, 1381, FALSE, NULL },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (t); i++)
    g_assert_cmpstr (domain_os_short_id (t[i].major, t[i].minor, t[i].build, t[i].server), ==, t[i].want);
}

/* OS id URIs and chipsets from the host's osinfo-db (Debian 12's osinfo-db 0.20221130 has all
 * of these; Server 2025 came later). */
static void
test_osinfo (void)
{
  static const struct { int major, minor, build; gboolean server; const char *id; gboolean q35; } t[] = {
    { 5, 1, 2600, FALSE, "http://microsoft.com/win/xp", FALSE },
    { 5, 2, 3790, TRUE, "http://microsoft.com/win/2k3", FALSE },
    { 6, 1, 7601, FALSE, "http://microsoft.com/win/7", TRUE },
    { 10, 0, 18362, FALSE, "http://microsoft.com/win/10", TRUE },
    { 10, 0, 22631, FALSE, "http://microsoft.com/win/11", TRUE },
    { 10, 0, 17763, TRUE, "http://microsoft.com/win/2k19", TRUE },
    { 10, 0, 20348, TRUE, "http://microsoft.com/win/2k22", TRUE },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (t); i++) {
    struct domain_guest g = guest (t[i].major, t[i].minor, t[i].build, t[i].server, "amd64");
    g_auto (domain_os) os = { 0 };
    lookup (&g, &os);
    g_assert_cmpstr (os.id, ==, t[i].id);
    g_assert_cmpint (os.q35, ==, t[i].q35);
  }
  /* Unknown to the database: no id, the chipset by NT version. */
  g_auto (domain_os) none = { 0 };
  g_assert_true (domain_os_lookup (NULL, 10, "amd64", &none, NULL));
  g_assert_null (none.id);
  g_assert_true (none.q35);
}

/* XP, 32-bit, BIOS: i440fx, PAE, no Hyper-V enlightenments, the UHCI controller of the PIIX3. */
static void
test_xp (void)
{
  struct domain_guest g = guest (5, 1, 2600, FALSE, "x86");
  g_auto (domain_os) os = { 0 };
  lookup (&g, &os);
  g.os = &os;
  const char *macs[] = { "00:0c:29:aa:bb:cc" };
  g.macs = macs;
  g.n_nics = 1;
  g_autoptr (domain_xml_doc) doc = build (&g);
  assert_xp (doc, "/domain/@type", "kvm");
  assert_xp (doc, "/domain/os/type/@machine", "pc");
  assert_xp (doc, "/domain/os/type/@arch", "i686");
  assert_xp (doc, "/domain/os/@firmware", "");
  assert_xp (doc, "count(/domain/features/pae)", "1");
  assert_xp (doc, "count(/domain/features/hyperv)", "0");
  assert_xp (doc, "count(/domain/clock/timer[@name='hypervclock'])", "0");
  assert_xp (doc, "/domain/clock/@offset", "localtime");
  assert_xp (doc, "/domain/metadata/lo:libosinfo/lo:os/@id", "http://microsoft.com/win/xp");
  assert_xp (doc, "/domain/devices/disk/target/@bus", "virtio");
  assert_xp (doc, "/domain/devices/disk/target/@dev", "vda");
  assert_xp (doc, "/domain/devices/disk/boot/@order", "1");
  assert_xp (doc, "count(/domain/devices/controller[@type='scsi'])", "0");
  assert_xp (doc, "/domain/devices/interface/mac/@address", "00:0c:29:aa:bb:cc");
  assert_xp (doc, "/domain/devices/interface/model/@type", "virtio");
  assert_xp (doc, "/domain/devices/interface/source/@network", "default");
  assert_xp (doc, "/domain/devices/controller[@type='usb']/@model", "piix3-uhci");
  assert_xp (doc, "/domain/devices/input[@type='tablet']/@bus", "usb");
  assert_xp (doc, "/domain/devices/video/model/@type", "vga");
  assert_xp (doc, "/domain/devices/memballoon/@model", "none");
  assert_xp (doc, "count(/domain/devices/rng)", "0");
  assert_xp (doc, "count(/domain/devices/channel)", "0");
  assert_xp (doc, "count(/domain/devices/tpm)", "0");
}

/* Windows 11 on UEFI with virtio-scsi: Secure Boot with enrolled keys, a TPM 2.0, the controller. */
static void
test_win11 (void)
{
  struct domain_guest g = guest (10, 0, 22631, FALSE, "amd64");
  g_auto (domain_os) os = { 0 };
  lookup (&g, &os);
  g.os = &os;
  g.firmware = DOMAIN_FIRMWARE_UEFI;
  g.bus = DOMAIN_BUS_VIRTIO_SCSI;
  g_autoptr (domain_xml_doc) doc = build (&g);
  assert_xp (doc, "/domain/os/@firmware", "efi");
  assert_xp (doc, "/domain/os/type/@machine", "q35");
  assert_xp (doc, "/domain/os/type/@arch", "x86_64");
  assert_xp (doc, "/domain/os/firmware/feature[@name='secure-boot']/@enabled", "yes");
  assert_xp (doc, "/domain/os/firmware/feature[@name='enrolled-keys']/@enabled", "yes");
  assert_xp (doc, "/domain/devices/tpm/@model", "tpm-crb");
  assert_xp (doc, "/domain/devices/tpm/backend/@type", "emulator");
  assert_xp (doc, "/domain/devices/tpm/backend/@version", "2.0");
  assert_xp (doc, "/domain/devices/disk/target/@bus", "scsi");
  assert_xp (doc, "/domain/devices/disk/target/@dev", "sda");
  assert_xp (doc, "/domain/devices/controller[@type='scsi']/@model", "virtio-scsi");
  assert_xp (doc, "/domain/devices/controller[@type='usb']/@model", "qemu-xhci");
  assert_xp (doc, "/domain/metadata/lo:libosinfo/lo:os/@id", "http://microsoft.com/win/11");
  assert_xp (doc, "count(/domain/features/hyperv/stimer[@state='on'])", "1");
  assert_xp (doc, "/domain/features/hyperv/spinlocks/@retries", "8191");
  assert_xp (doc, "count(/domain/clock/timer[@name='hypervclock'][@present='yes'])", "1");
  /* No NIC in the guest: one anyway, with a MAC libvirt picks. */
  assert_xp (doc, "count(/domain/devices/interface)", "1");
  assert_xp (doc, "count(/domain/devices/interface/mac)", "0");
}

/* Windows 11 on a BIOS disk cannot have Secure Boot: no TPM either (it would not boot anyway,
 * but the document says what the disk is). */
static void
test_win11_bios (void)
{
  struct domain_guest g = guest (10, 0, 22631, FALSE, "amd64");
  g_autoptr (domain_xml_doc) doc = build (&g);
  assert_xp (doc, "/domain/os/@firmware", "");
  assert_xp (doc, "count(/domain/os/firmware)", "0");
  assert_xp (doc, "count(/domain/devices/tpm)", "0");
  /* No libosinfo answer given: no metadata, q35 by NT version. */
  assert_xp (doc, "count(/domain/metadata)", "0");
  assert_xp (doc, "/domain/os/type/@machine", "q35");
}

/* Server 2019 on UEFI: firmware efi but no Secure Boot demand and no TPM; Server 2025 gets both. */
static void
test_servers (void)
{
  struct domain_guest g = guest (10, 0, 17763, TRUE, "amd64");
  g.firmware = DOMAIN_FIRMWARE_UEFI;
  g_autoptr (domain_xml_doc) doc = build (&g);
  assert_xp (doc, "/domain/os/@firmware", "efi");
  assert_xp (doc, "count(/domain/os/firmware)", "0");
  assert_xp (doc, "count(/domain/devices/tpm)", "0");
  struct domain_guest g25 = guest (10, 0, 26100, TRUE, "amd64");
  g25.firmware = DOMAIN_FIRMWARE_UEFI;
  g_autoptr (domain_xml_doc) d25 = build (&g25);
  assert_xp (d25, "/domain/devices/tpm/backend/@version", "2.0");
  assert_xp (d25, "/domain/os/firmware/feature[@name='secure-boot']/@enabled", "yes");
}

/* Windows 7: q35 with the ICH9 USB set (no xHCI driver before 8), Hyper-V with synic. */
static void
test_win7 (void)
{
  struct domain_guest g = guest (6, 1, 7601, FALSE, "x86");
  g.rtc_utc = TRUE;
  g_autoptr (domain_xml_doc) doc = build (&g);
  assert_xp (doc, "/domain/os/type/@machine", "q35");
  assert_xp (doc, "/domain/clock/@offset", "utc");
  assert_xp (doc, "count(/domain/devices/controller[@type='usb'])", "4");
  assert_xp (doc, "/domain/devices/controller[@model='ich9-uhci3']/master/@startport", "4");
  assert_xp (doc, "count(/domain/features/hyperv/synic)", "1");
}

/* Drivers decide the optional devices. */
static void
test_drivers (void)
{
  struct domain_guest g = guest (10, 0, 19045, FALSE, "amd64");
  g.drivers = DOMAIN_DRV_BALLOON | DOMAIN_DRV_RNG | DOMAIN_DRV_SERIAL | DOMAIN_DRV_GPU;
  g_autoptr (domain_xml_doc) doc = build (&g);
  assert_xp (doc, "/domain/devices/memballoon/@model", "virtio");
  assert_xp (doc, "/domain/devices/rng/@model", "virtio");
  assert_xp (doc, "/domain/devices/rng/backend", "/dev/urandom");
  assert_xp (doc, "/domain/devices/controller[@type='virtio-serial']/@index", "0");
  assert_xp (doc, "/domain/devices/channel/target/@name", "org.qemu.guest_agent.0");
  assert_xp (doc, "/domain/devices/video/model/@type", "virtio");
}

/* Several disks and NICs: the boot disk gets order 1 wherever it is; bridges; empty MACs. */
static void
test_layout (void)
{
  static const struct domain_disk disks[] = {
    { "/srv/data.qcow2", "qcow2" }, { "/srv/system.img", NULL }, { "/srv/logs.vmdk", "vmdk" },
  };
  const char *macs[] = { "52:54:00:12:34:56", "", NULL };
  struct domain_guest g = guest (10, 0, 20348, TRUE, "amd64");
  g.disks = disks;
  g.n_disks = 3;
  g.boot_disk = 1;
  g.macs = macs;
  g.n_nics = 3;
  g.bridge = "br0";
  g.memory_mib = 8192;
  g.vcpus = 4;
  g_autoptr (domain_xml_doc) doc = build (&g);
  assert_xp (doc, "/domain/devices/disk[source/@file='/srv/system.img']/boot/@order", "1");
  assert_xp (doc, "/domain/devices/disk[source/@file='/srv/system.img']/driver/@type", "raw");
  assert_xp (doc, "/domain/devices/disk[source/@file='/srv/data.qcow2']/boot/@order", "2");
  assert_xp (doc, "/domain/devices/disk[source/@file='/srv/data.qcow2']/driver/@type", "qcow2");
  assert_xp (doc, "/domain/devices/disk[source/@file='/srv/logs.vmdk']/boot/@order", "3");
  assert_xp (doc, "/domain/devices/disk[3]/target/@dev", "vdc");
  assert_xp (doc, "count(/domain/devices/interface[@type='bridge'][source/@bridge='br0'])", "3");
  assert_xp (doc, "count(/domain/devices/interface/mac)", "1");
  assert_xp (doc, "/domain/devices/interface[1]/mac/@address", "52:54:00:12:34:56");
  assert_xp (doc, "/domain/memory", "8192");
  assert_xp (doc, "/domain/memory/@unit", "MiB");
  assert_xp (doc, "/domain/vcpu", "4");
}

/* Names and paths go through libxml2's escaping: what is read back is what was given. */
static void
test_escaping (void)
{
  static const struct domain_disk disks[] = { { "/srv/a&b <'\"c\">.img", "raw" } };
  struct domain_guest g = guest (10, 0, 19045, FALSE, "amd64");
  g.disks = disks;
  g.name = "web & <db>";
  g_autoptr (domain_xml_doc) doc = build (&g);
  g_autofree char *text = domain_xml_text (doc);
  g_autoptr (domain_xml_doc) back = xmlReadMemory (text, (int) strlen (text), "domain.xml", NULL, 0);
  g_assert_nonnull (back);
  assert_xp (back, "/domain/name", "web & <db>");
  assert_xp (back, "/domain/devices/disk/source/@file", "/srv/a&b <'\"c\">.img");
}

static void
test_refused (void)
{
  struct domain_guest g = guest (10, 0, 22631, FALSE, "arm64");
  g_autoptr (GError) err = NULL;
  g_assert_null (domain_xml_build (&g, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_NOT_APPLICABLE);
  g_clear_error (&err);
  g = guest (10, 0, 22631, FALSE, "amd64");
  g.n_disks = 0;
  g_assert_null (domain_xml_build (&g, &err));
  g_assert_error (err, WS_ERROR, WS_EXIT_NOT_APPLICABLE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/domain/short-ids", test_short_ids);
  g_test_add_func ("/domain/osinfo", test_osinfo);
  g_test_add_func ("/domain/xp", test_xp);
  g_test_add_func ("/domain/win11", test_win11);
  g_test_add_func ("/domain/win11-bios", test_win11_bios);
  g_test_add_func ("/domain/servers", test_servers);
  g_test_add_func ("/domain/win7", test_win7);
  g_test_add_func ("/domain/drivers", test_drivers);
  g_test_add_func ("/domain/layout", test_layout);
  g_test_add_func ("/domain/escaping", test_escaping);
  g_test_add_func ("/domain/refused", test_refused);
  return g_test_run ();
}
