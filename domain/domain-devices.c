/* domain-devices: the <devices> of the domain (docs/vm-definition.md#devices).  Pure.
 * Optional virtio devices appear only when the guest has their driver: a device without one is
 * an unknown device in Device Manager at best. */
#include <config.h>

#include "domain-internal.h"
#include "banned.h"

/* Linux-style target names: vda..vdz, vdaa.. (libvirt orders disks on a bus by them). */
static char *
target_dev (const char *prefix, size_t i)
{
  GString *s = g_string_new (prefix);
  char letters[16];
  size_t n = 0;
  for (size_t k = i + 1; k > 0 && n < sizeof letters; k = (k - 1) / 26)
    letters[n++] = (char) ('a' + (k - 1) % 26);
  while (n > 0)
    g_string_append_c (s, letters[--n]);
  return g_string_free (s, FALSE);
}

/* The boot disk first (order 1), the others after it in the order given. */
static unsigned
boot_order (const struct domain_guest *g, size_t i)
{
  if (i == g->boot_disk)
    return 1;
  return (unsigned) (i < g->boot_disk ? i + 2 : i + 1);
}

static void
add_disks (xmlNode *devices, const struct domain_guest *g)
{
  gboolean scsi = g->bus == DOMAIN_BUS_VIRTIO_SCSI;
  for (size_t i = 0; i < g->n_disks; i++) {
    const struct domain_disk *d = &g->disks[i];
    g_autofree char *dev = target_dev (scsi ? "sd" : "vd", i);
    g_autofree char *order = g_strdup_printf ("%u", boot_order (g, i));
    xmlNode *disk = domain_child (devices, "disk", "type", "file", "device", "disk", NULL);
    domain_child (disk, "driver", "name", "qemu", "type", d->format ? d->format : "raw", NULL);
    domain_child (disk, "source", "file", d->path, NULL);
    domain_child (disk, "target", "dev", dev, "bus", scsi ? "scsi" : "virtio", NULL);
    domain_child (disk, "boot", "order", order, NULL);
  }
  /* Without it libvirt may give scsi disks an LSI controller, which vioscsi does not drive
   * (docs/vm-definition.md#scsi-controller). */
  if (scsi)
    domain_child (devices, "controller", "type", "scsi", "index", "0", "model", "virtio-scsi", NULL);
}

/* A USB controller the guest has a driver for, for the tablet: xHCI from Windows 8 / 2012
 * (NT 6.2), EHCI with its UHCI companions on q35 before, PIIX3 UHCI on i440fx. */
static void
add_usb (xmlNode *devices, const struct domain_guest *g)
{
  if (!domain_is_q35 (g)) {
    domain_child (devices, "controller", "type", "usb", "index", "0", "model", "piix3-uhci", NULL);
    return;
  }
  if (g->major * 100 + g->minor >= 602) {
    domain_child (devices, "controller", "type", "usb", "index", "0", "model", "qemu-xhci",
                  "ports", "15", NULL);
    return;
  }
  domain_child (devices, "controller", "type", "usb", "index", "0", "model", "ich9-ehci1", NULL);
  static const char *const uhci[][2] = { { "ich9-uhci1", "0" }, { "ich9-uhci2", "2" }, { "ich9-uhci3", "4" } };
  for (size_t i = 0; i < G_N_ELEMENTS (uhci); i++) {
    xmlNode *c = domain_child (devices, "controller", "type", "usb", "index", "0", "model", uhci[i][0], NULL);
    domain_child (c, "master", "startport", uhci[i][1], NULL);
  }
}

/* Each NIC replaces one of the source's, with its MAC so that the guest's network settings,
 * carried over at first boot, find it (docs/vm-definition.md#nics).  A guest without a NIC still
 * gets one. */
static void
add_nics (xmlNode *devices, const struct domain_guest *g)
{
  size_t n = g->n_nics ? g->n_nics : 1;
  for (size_t i = 0; i < n; i++) {
    const char *mac = i < g->n_nics && g->macs ? g->macs[i] : NULL;
    xmlNode *nic = domain_child (devices, "interface", "type", g->bridge ? "bridge" : "network", NULL);
    if (g->bridge)
      domain_child (nic, "source", "bridge", g->bridge, NULL);
    else
      domain_child (nic, "source", "network", g->network ? g->network : "default", NULL);
    if (mac && *mac)
      domain_child (nic, "mac", "address", mac, NULL);
    domain_child (nic, "model", "type", "virtio", NULL);
  }
}

static void
add_virtio_extras (xmlNode *devices, const struct domain_guest *g)
{
  if (g->drivers & DOMAIN_DRV_SERIAL) {
    domain_child (devices, "controller", "type", "virtio-serial", "index", "0", NULL);
    xmlNode *ch = domain_child (devices, "channel", "type", "unix", NULL);
    domain_child (ch, "target", "type", "virtio", "name", "org.qemu.guest_agent.0", NULL);
  }
  if (g->drivers & DOMAIN_DRV_RNG) {
    xmlNode *rng = domain_child (devices, "rng", "model", "virtio", NULL);
    xmlNode *be = domain_text_child (rng, "backend", "/dev/urandom");
    xmlNewProp (be, X ("model"), X ("random"));
  }
  /* model='none' rather than nothing: libvirt adds a virtio balloon to every domain otherwise. */
  domain_child (devices, "memballoon", "model", g->drivers & DOMAIN_DRV_BALLOON ? "virtio" : "none", NULL);
}

/* VGA, which every Windows drives with its in-box driver (and OVMF's GOP too), unless the
 * virtio GPU display driver is installed. */
static void
add_display (xmlNode *devices, const struct domain_guest *g)
{
  domain_child (devices, "input", "type", "tablet", "bus", "usb", NULL);
  domain_child (devices, "graphics", "type", "vnc", "autoport", "yes", NULL);
  xmlNode *video = domain_child (devices, "video", NULL);
  if (g->drivers & DOMAIN_DRV_GPU)
    domain_child (video, "model", "type", "virtio", "heads", "1", "primary", "yes", NULL);
  else
    domain_child (video, "model", "type", "vga", "vram", "16384", "heads", "1", "primary", "yes", NULL);
}

/* An emulated TPM 2.0 (swtpm): tpm-crb is the TPM 2.0 interface ("Domain XML format" › TPM). */
static void
add_tpm (xmlNode *devices, const struct domain_guest *g)
{
  if (g->firmware != DOMAIN_FIRMWARE_UEFI || !domain_wants_tpm (g->major, g->minor, g->build, g->server))
    return;
  xmlNode *tpm = domain_child (devices, "tpm", "model", "tpm-crb", NULL);
  domain_child (tpm, "backend", "type", "emulator", "version", "2.0", NULL);
}

void
domain_add_devices (xmlNode *domain, const struct domain_guest *g)
{
  xmlNode *devices = domain_child (domain, "devices", NULL);
  add_disks (devices, g);
  add_usb (devices, g);
  add_nics (devices, g);
  add_display (devices, g);
  add_tpm (devices, g);
  add_virtio_extras (devices, g);
}
