/* session-domain: the libvirt domain of the session's guest; see session-domain.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "domain.h"
#include "session-domain.h"
#include "banned.h"

#define DEFAULT_MEMORY_MIB 2048
#define DEFAULT_VCPUS 2

struct session_domain {
  struct domain_guest dg;   /* everything but the VM's name, size, network and the domain_os */
  int major;                /* for the libosinfo lookup */
  char *arch;
  char *default_name;
  char **disk_paths, **disk_formats;
  char **macs;
};

/* Services of the virtio-win drivers (docs/driver-store.md#virtio-win-packages). */
static const struct {
  const char *service;
  unsigned bit;
} optional_drivers[] = {
  { "BALLOON", DOMAIN_DRV_BALLOON },
  { "VirtRng", DOMAIN_DRV_RNG },
  { "VirtioSerial", DOMAIN_DRV_SERIAL },
  { "VioGpuDod", DOMAIN_DRV_GPU },
};

void
domain_vm_clear (struct domain_vm *vm)
{
  g_free (vm->name);
  g_free (vm->network);
  g_free (vm->bridge);
  memset (vm, 0, sizeof *vm);
}

void
session_domain_doc_clear (struct session_domain_doc *doc)
{
  g_free (doc->xml);
  g_free (doc->os_id);
  memset (doc, 0, sizeof *doc);
}

/* Services\<name>\Start, or UINT32_MAX when the service is not there. */
static gboolean
service_start (hive_reader *system, const char *control_set, const char *name, uint32_t *start,
               GError **error)
{
  *start = UINT32_MAX;
  g_autofree char *path = g_strdup_printf ("%s\\Services\\%s", control_set, name);
  GError *e = NULL;
  hive_node n = hive_reader_lookup (system, 0, path, &e);
  if (n)
    hive_reader_dword (system, n, "Start", start, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

/* Optional drivers present and not disabled (Start 4 = SERVICE_DISABLED), and those named in
 * services (just installed). */
static gboolean
installed_drivers (hive_reader *system, const char *control_set, char *const *services,
                   unsigned *out, GError **error)
{
  *out = 0;
  for (size_t i = 0; i < G_N_ELEMENTS (optional_drivers); i++) {
    uint32_t start;
    if (!service_start (system, control_set, optional_drivers[i].service, &start, error))
      return FALSE;
    if ((start != UINT32_MAX && start != 4) ||
        (services && g_strv_contains ((const char *const *) services, optional_drivers[i].service)))
      *out |= optional_drivers[i].bit;
  }
  return TRUE;
}

/* Without a bus named: the one whose storage driver starts at boot (Start 0 =
 * SERVICE_BOOT_START), as a conversion leaves it. */
static gboolean
boot_bus (hive_reader *system, const char *control_set, const char **bus, GError **error)
{
  uint32_t blk, scsi;
  if (!service_start (system, control_set, "viostor", &blk, error) ||
      !service_start (system, control_set, "vioscsi", &scsi, error))
    return FALSE;
  *bus = blk == 0 ? "virtio-blk" : scsi == 0 ? "virtio-scsi" : NULL;
  if (*bus == NULL)
    g_set_error (error, WS_ERROR, WS_EXIT_NOT_BOOTABLE, "neither viostor nor vioscsi starts at boot "
                 "in %s: convert the guest first, or name the bus with --bus", control_set);
  return *bus != NULL;
}

/* A domain name from the host name, else from the first disk's file name. */
static char *
default_name (const struct ws_windows *w, const char *disk)
{
  char *name = w->hostname && *w->hostname ? g_ascii_strdown (w->hostname, -1) : NULL;
  if (name == NULL) {
    name = g_path_get_basename (disk);
    char *dot = strrchr (name, '.');
    if (dot && dot != name)
      *dot = '\0';
  }
  /* libvirt refuses '/' in a name. */
  g_strdelimit (name, "/", '_');
  return name;
}

void
session_domain_set_disk (session_domain *d, guint i, const char *path, const char *format)
{
  g_free (d->disk_paths[i]);
  g_free (d->disk_formats[i]);
  /* As libvirt will open them: absolute paths, formats named. */
  d->disk_paths[i] = g_canonicalize_filename (path, NULL);
  d->disk_formats[i] = g_strdup (format);
}

/* The disks with their formats, probed by qemu-img when -a did not name them. */
static gboolean
disks_of (session_domain *d, session *s, const GPtrArray *disks, GError **error)
{
  d->dg.n_disks = disks->len;
  d->disk_paths = g_new0 (char *, disks->len + 1);
  d->disk_formats = g_new0 (char *, disks->len + 1);
  for (guint i = 0; i < disks->len; i++) {
    const struct guest_disk *gd = g_ptr_array_index (disks, i);
    g_autofree char *path = g_canonicalize_filename (gd->path, NULL);
    /* The format the check before the launch read: probing the file again would ask qemu-img
     * the same question a second time. */
    const char *format = gd->format ? gd->format : guest_disk_format (session_guest (s), i);
    if (format == NULL) {
      g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "no format known for disk image '%s'", path);
      return FALSE;
    }
    session_domain_set_disk (d, i, path, format);
  }
  return TRUE;
}

/* The guest's NICs' MACs, in inspection order ("" when unknown). */
static char **
macs_of (const struct ws_windows *w)
{
  char **macs = g_new0 (char *, w->nics->len + 1);
  for (guint i = 0; i < w->nics->len; i++) {
    const struct net_nic *n = g_ptr_array_index (w->nics, i);
    macs[i] = g_strdup (n->mac ? n->mac : "");
  }
  return macs;
}

session_domain *
session_domain_gather (session *s, const struct ws_windows *w, const GPtrArray *disks,
                       const char *bus, char *const *services, GError **error)
{
  g_autoptr (session_domain) d = g_new0 (session_domain, 1);
  hive_reader *system = session_hive (s, "SYSTEM", error);
  gboolean esp;
  int boot = system ? guest_disk_index (session_guest (s), session_root (s)->device, error) : -1;
  if (boot < 0 || !installed_drivers (system, w->control_set, services, &d->dg.drivers, error) ||
      !guest_has_esp (session_guest (s), &esp, error))
    return NULL;
  if (bus == NULL && !boot_bus (system, w->control_set, &bus, error))
    return NULL;
  if (!disks_of (d, s, disks, error))
    return NULL;
  d->arch = g_strdup (w->arch);
  d->macs = macs_of (w);
  d->major = w->major;
  d->default_name = default_name (w, ((const struct guest_disk *) g_ptr_array_index (disks, 0))->path);
  d->dg.major = w->major;
  d->dg.minor = w->minor;
  d->dg.build = w->build;
  d->dg.server = w->server;
  d->dg.rtc_utc = w->rtc_utc;
  d->dg.firmware = esp ? DOMAIN_FIRMWARE_UEFI : DOMAIN_FIRMWARE_BIOS;
  d->dg.bus = strcmp (bus, "virtio-scsi") == 0 ? DOMAIN_BUS_VIRTIO_SCSI : DOMAIN_BUS_VIRTIO_BLK;
  d->dg.boot_disk = (size_t) boot;
  d->dg.n_nics = w->nics->len;
  return g_steal_pointer (&d);
}

gboolean
session_domain_build (const session_domain *d, const struct domain_vm *vm,
                      struct session_domain_doc *out, GError **error)
{
  struct domain_guest dg = d->dg;
  g_auto (domain_os) os = { 0 };
  if (!domain_os_lookup (domain_os_short_id (dg.major, dg.minor, dg.build, dg.server), d->major,
                         d->arch, &os, error))
    return FALSE;
  g_autofree struct domain_disk *disks = g_new0 (struct domain_disk, dg.n_disks);
  for (size_t i = 0; i < dg.n_disks; i++)
    disks[i] = (struct domain_disk) { .path = d->disk_paths[i], .format = d->disk_formats[i] };
  dg.arch = d->arch;
  dg.os = &os;
  dg.disks = disks;
  dg.macs = (const char *const *) d->macs;
  dg.name = vm->name ? vm->name : d->default_name;
  dg.network = vm->network;
  dg.bridge = vm->bridge;
  dg.memory_mib = vm->memory_mib ? vm->memory_mib : os.ram_mib ? os.ram_mib : DEFAULT_MEMORY_MIB;
  dg.vcpus = (unsigned) (vm->vcpus ? vm->vcpus : MAX (DEFAULT_VCPUS, os.n_cpus));
  g_autoptr (domain_xml_doc) doc = domain_xml_build (&dg, error);
  if (doc == NULL)
    return FALSE;
  out->xml = domain_xml_text (doc);
  out->firmware = dg.firmware == DOMAIN_FIRMWARE_UEFI ? "uefi" : "bios";
  out->machine = domain_is_q35 (&dg) ? "q35" : "pc";
  out->bus = dg.bus == DOMAIN_BUS_VIRTIO_SCSI ? "virtio-scsi" : "virtio-blk";
  out->os_id = g_strdup (os.id);
  return TRUE;
}

void
session_domain_free (session_domain *d)
{
  if (d == NULL)
    return;
  g_free (d->arch);
  g_free (d->default_name);
  g_strfreev (d->disk_paths);
  g_strfreev (d->disk_formats);
  g_strfreev (d->macs);
  g_free (d);
}
