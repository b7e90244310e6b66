/* domain: `winseed domain -a DISK... [--bus virtio-blk|virtio-scsi] [-o FILE]`.  Read-only.
 *
 * The libvirt domain XML for a guest already converted (by winseed or anything else): the
 * guest's facts come from the inspection and the disk layout, the document from domain/
 * (docs/vm-definition.md). */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "domain.h"
#include "driver.h"
#include "report.h"
#include "session.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed domain -a DISK [-a DISK...] [--bus virtio-blk|virtio-scsi] [--name NAME]\n"
  "         [--memory MIB] [--vcpus N] [--network NAME | --bridge NAME] [-o FILE] [--json]\n"
  "Print a libvirt domain XML that boots the Windows guest on virtio: firmware from the disk\n"
  "layout, machine type and OS id from libosinfo, the guest's NICs with their MACs, optional\n"
  "virtio devices only for the drivers the guest has.  Never writes to the image.\n"
  "  -a, --add DISK     disk image (repeat for multi-disk guests, in the VM's order)\n"
  "  --format FMT       format of the following -a disks (raw, qcow2, ...; default: probe)\n"
  "  --root ROOT        Windows root device when the disk holds several (e.g. /dev/sda2)\n"
  "  --bus BUS          virtio-blk or virtio-scsi (default: the one whose driver starts at boot)\n"
  "  --name NAME        domain name (default: the guest's host name)\n"
  "  --memory MIB       memory in MiB (default: libosinfo's recommendation, else 2048)\n"
  "  --vcpus N          virtual CPUs (default: 2)\n"
  "  --network NAME     libvirt network of the NICs (default: default)\n"
  "  --bridge NAME      host bridge of the NICs instead of a network\n"
  "  -o, --output FILE  write the XML to FILE instead of standard output\n"
  "  --json             print one JSON document on stdout (the XML is its \"domain\" member)\n"
  "  -v, --verbose      more messages; -v -v also traces the appliance\n"
  "  -x                 trace libguestfs calls\n"
  "  -q, --quiet        no progress messages\n";

enum { OPT_BUS = WS_OPT_COMMAND_BASE, OPT_NAME, OPT_MEMORY, OPT_VCPUS, OPT_NETWORK, OPT_BRIDGE, OPT_OUTPUT };

static const struct command_option options[] = {
  { "bus", required_argument, OPT_BUS },
  { "name", required_argument, OPT_NAME },
  { "memory", required_argument, OPT_MEMORY },
  { "vcpus", required_argument, OPT_VCPUS },
  { "network", required_argument, OPT_NETWORK },
  { "bridge", required_argument, OPT_BRIDGE },
  { "output", required_argument, OPT_OUTPUT, 'o' },
  { NULL },
};

/* Bounds of --memory and --vcpus: above them the number is a typo, not a VM (libvirt's own
 * limits are higher still). */
#define MAX_MEMORY_MIB (16 * 1024 * 1024)
#define MAX_VCPUS 4096
#define DEFAULT_MEMORY_MIB 2048
#define DEFAULT_VCPUS 2

struct domain_state {
  char *bus, *name, *network, *bridge, *output;
  guint64 memory, vcpus;
  char *xml;
  const char *firmware, *machine, *bus_used;
  char *os_id;
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

/* Optional drivers present and not disabled (Start 4 = SERVICE_DISABLED). */
static gboolean
installed_drivers (hive_reader *system, const char *control_set, unsigned *out, GError **error)
{
  *out = 0;
  for (size_t i = 0; i < G_N_ELEMENTS (optional_drivers); i++) {
    uint32_t start;
    if (!service_start (system, control_set, optional_drivers[i].service, &start, error))
      return FALSE;
    if (start != UINT32_MAX && start != 4)
      *out |= optional_drivers[i].bit;
  }
  return TRUE;
}

/* Without --bus: the bus whose storage driver starts at boot (Start 0 = SERVICE_BOOT_START), as
 * a conversion leaves it. */
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

/* The -a disks as libvirt will open them: absolute paths, formats named. */
static struct domain_disk *
disks_of (const struct command_ctx *c, session *s, GPtrArray *keep, GError **error)
{
  const GPtrArray *disks = c->common->disks;
  struct domain_disk *out = g_new0 (struct domain_disk, disks->len);
  for (guint i = 0; i < disks->len; i++) {
    const struct guest_disk *d = g_ptr_array_index (disks, i);
    char *path = g_canonicalize_filename (d->path, NULL);
    char *format = d->format ? g_strdup (d->format) : guest_disk_format (session_guest (s), path, error);
    g_ptr_array_add (keep, path);
    if (format == NULL) {
      g_free (out);
      return NULL;
    }
    g_ptr_array_add (keep, format);
    out[i] = (struct domain_disk) { .path = path, .format = format };
  }
  return out;
}

/* The guest's NICs' MACs, in inspection order ("" when unknown). */
static const char **
macs_of (const struct ws_windows *w)
{
  const char **macs = g_new0 (const char *, w->nics->len + 1);
  for (guint i = 0; i < w->nics->len; i++) {
    const struct net_nic *n = g_ptr_array_index (w->nics, i);
    macs[i] = n->mac ? n->mac : "";
  }
  return macs;
}

static gboolean
guest_facts (const struct command_ctx *c, session *s, const struct ws_windows *w,
             struct domain_guest *dg, GError **error)
{
  struct domain_state *st = c->state;
  hive_reader *system = session_hive (s, "SYSTEM", error);
  gboolean esp;
  int boot = system ? guest_disk_index (session_guest (s), session_root (s)->device, error) : -1;
  if (boot < 0 || !installed_drivers (system, w->control_set, &dg->drivers, error) ||
      !guest_has_esp (session_guest (s), &esp, error))
    return FALSE;
  st->bus_used = st->bus;
  if (st->bus_used == NULL && !boot_bus (system, w->control_set, &st->bus_used, error))
    return FALSE;
  dg->major = w->major;
  dg->minor = w->minor;
  dg->build = w->build;
  dg->server = w->server;
  dg->arch = w->arch;
  dg->rtc_utc = w->rtc_utc;
  dg->firmware = esp ? DOMAIN_FIRMWARE_UEFI : DOMAIN_FIRMWARE_BIOS;
  dg->bus = strcmp (st->bus_used, "virtio-scsi") == 0 ? DOMAIN_BUS_VIRTIO_SCSI : DOMAIN_BUS_VIRTIO_BLK;
  dg->boot_disk = (size_t) boot;
  dg->n_nics = w->nics->len;
  dg->network = st->network;
  dg->bridge = st->bridge;
  return TRUE;
}

static gboolean
build (const struct command_ctx *c, session *s, const struct ws_windows *w, GError **error)
{
  struct domain_state *st = c->state;
  struct domain_guest dg = { 0 };
  g_auto (domain_os) os = { 0 };
  g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  if (!guest_facts (c, s, w, &dg, error) ||
      !domain_os_lookup (domain_os_short_id (w->major, w->minor, w->build, w->server), w->major,
                         w->arch, &os, error))
    return FALSE;
  g_autofree struct domain_disk *disks = disks_of (c, s, keep, error);
  if (disks == NULL)
    return FALSE;
  g_autofree const char **macs = macs_of (w);
  g_autofree char *name = st->name ? g_strdup (st->name)
    : default_name (w, ((struct guest_disk *) g_ptr_array_index (c->common->disks, 0))->path);
  dg.os = &os;
  dg.disks = disks;
  dg.n_disks = c->common->disks->len;
  dg.macs = macs;
  dg.name = name;
  dg.memory_mib = st->memory ? st->memory : os.ram_mib ? os.ram_mib : DEFAULT_MEMORY_MIB;
  dg.vcpus = (unsigned) (st->vcpus ? st->vcpus : MAX (DEFAULT_VCPUS, os.n_cpus));
  g_autoptr (domain_xml_doc) doc = domain_xml_build (&dg, error);
  if (doc == NULL)
    return FALSE;
  st->xml = domain_xml_text (doc);
  st->firmware = dg.firmware == DOMAIN_FIRMWARE_UEFI ? "uefi" : "bios";
  st->machine = domain_is_q35 (&dg) ? "q35" : "pc";
  st->os_id = g_strdup (os.id);
  return TRUE;
}

static gboolean
run (const struct command_ctx *c, GError **error)
{
  g_autoptr (session) s = command_open_session (c, FALSE, error);
  const struct ws_windows *w = s ? session_windows (s, error) : NULL;
  if (w == NULL || !build (c, s, w, error))
    return FALSE;
  return session_close (s, error);
}

static void
emit_text (const struct command_ctx *c, const GError *failure, GString *out, GString *err)
{
  const struct domain_state *st = c->state;
  if (st->output == NULL)
    g_string_append (out, st->xml);
  else if (!c->common->quiet)
    g_string_append_printf (err, "winseed: wrote '%s' (%s, %s, %s)\n", st->output, st->firmware,
                            st->machine, st->bus_used);
}

static void
emit_json (const struct command_ctx *c, const GError *failure, JsonBuilder *b)
{
  const struct domain_state *st = c->state;
  report_add_string (b, "firmware", st->firmware);
  report_add_string (b, "machine", st->machine);
  report_add_string (b, "bus", st->bus_used);
  report_add_string (b, "os_id", st->os_id);
  report_add_string (b, "output", st->output);
  report_add_string (b, "domain", st->xml);
}

/* -o FILE: written whole or not at all (g_file_set_contents writes a temporary file and renames
 * it). */
static gboolean
emit_files (const struct command_ctx *c, const char *document, GError **error)
{
  const struct domain_state *st = c->state;
  GError *e = NULL;
  if (st->output == NULL || g_file_set_contents (st->output, st->xml, -1, &e))
    return TRUE;
  g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write '%s': %s", st->output, e->message);
  g_error_free (e);
  return FALSE;
}

static gboolean
take_number (const char *opt, const char *arg, guint64 max, guint64 *out, GError **error)
{
  if (g_ascii_string_to_unsigned (arg, 10, 1, max, out, NULL))
    return TRUE;
  g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad value '%s' given to --%s (a number from 1 to %"
               G_GUINT64_FORMAT ")", arg, opt, max);
  return FALSE;
}

static gboolean
take_string (char **field, const char *opt, const char *arg, GError **error)
{
  if (arg == NULL || *arg == '\0') {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "empty value given to --%s", opt);
    return FALSE;
  }
  g_free (*field);
  *field = g_strdup (arg);
  return TRUE;
}

static gboolean
take (void *state, int id, const char *arg, GError **error)
{
  struct domain_state *st = state;
  switch (id) {
  case OPT_BUS:
    if (g_strcmp0 (arg, "virtio-blk") && g_strcmp0 (arg, "virtio-scsi")) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE,
                   "unknown bus '%s' given to --bus (virtio-blk or virtio-scsi)", arg ? arg : "");
      return FALSE;
    }
    return take_string (&st->bus, "bus", arg, error);
  case OPT_NAME: return take_string (&st->name, "name", arg, error);
  case OPT_NETWORK: return take_string (&st->network, "network", arg, error);
  case OPT_BRIDGE: return take_string (&st->bridge, "bridge", arg, error);
  case OPT_OUTPUT: return take_string (&st->output, "output", arg, error);
  case OPT_MEMORY: return take_number ("memory", arg, MAX_MEMORY_MIB, &st->memory, error);
  default: return take_number ("vcpus", arg, MAX_VCPUS, &st->vcpus, error);
  }
}

/* Values that go into the XML: XML 1.0 cannot carry most control characters (libvirt would refuse
 * the document), and a terminal would act on them in the message. */
static gboolean
no_control (const char *opt, const char *value, GError **error)
{
  for (const char *p = value; p && *p; p++)
    if (g_ascii_iscntrl (*p)) {
      g_autofree char *shown = g_strescape (value, NULL);
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad value '%s' given to --%s (no control characters)",
                   shown, opt);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check (const struct command_ctx *c, GError **error)
{
  const struct domain_state *st = c->state;
  if (st->network && st->bridge) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--network and --bridge exclude each other");
    return FALSE;
  }
  if (st->name && strchr (st->name, '/')) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad value '%s' given to --name (no '/')", st->name);
    return FALSE;
  }
  return no_control ("name", st->name, error) && no_control ("network", st->network, error) &&
    no_control ("bridge", st->bridge, error);
}

static void
clear (void *state)
{
  struct domain_state *st = state;
  g_free (st->bus);
  g_free (st->name);
  g_free (st->network);
  g_free (st->bridge);
  g_free (st->output);
  g_free (st->xml);
  g_free (st->os_id);
}

const struct command command_domain = {
  .name = "domain",
  .summary = "print a libvirt domain XML that boots the guest on virtio (read-only)",
  .help = help_text,
  .options = options,
  .disks = COMMAND_NEEDS_DISKS,
  .state_size = sizeof (struct domain_state),
  .clear = clear,
  .take = take,
  .check = check,
  .run = run,
  .emit_text = emit_text,
  .emit_json = emit_json,
  .emit_files = emit_files,
};
