/* verify-ids: the virtio storage controllers, the virtio NIC and the ID lists Windows builds for them (pure). */
#include <config.h>

#include "verify.h"
#include "banned.h"

/* QEMU's virtio PCI identities (docs/windows-boot-drivers.md#pci-hardware-and-compatible-ids):
 * legacy/transitional functions have device 0x1000 + n - 1, subsystem = virtio device type,
 * revision 0; modern-only ones have 0x1040 + type, subsystem 0x1100 (PCI_SUBDEVICE_ID_QEMU),
 * revision 1.  Both storage devices report class 0x010000 (PCI_CLASS_STORAGE_SCSI). */
static const struct verify_device virtio_devices[] = {
  { "virtio-blk", "legacy", 0x1AF4, 0x1001, 0x1AF4, 0x0002, 0x00, 0x010000,
    VERIFY_CLASS_SCSIADAPTER, "SCSIAdapter" },
  { "virtio-blk", "modern", 0x1AF4, 0x1042, 0x1AF4, 0x1100, 0x01, 0x010000,
    VERIFY_CLASS_SCSIADAPTER, "SCSIAdapter" },
  { "virtio-scsi", "legacy", 0x1AF4, 0x1004, 0x1AF4, 0x0008, 0x00, 0x010000,
    VERIFY_CLASS_SCSIADAPTER, "SCSIAdapter" },
  { "virtio-scsi", "modern", 0x1AF4, 0x1048, 0x1AF4, 0x1100, 0x01, 0x010000,
    VERIFY_CLASS_SCSIADAPTER, "SCSIAdapter" },
};

/* The NIC: type 1, so legacy device 0x1000 with subsystem 0x0001 and modern 0x1041; class
 * 0x020000 (PCI_CLASS_NETWORK_ETHERNET).  netkvm.inf lists exactly these two hardware IDs. */
static const struct verify_device virtio_net_devices[] = {
  { "virtio-net", "legacy", 0x1AF4, 0x1000, 0x1AF4, 0x0001, 0x00, 0x020000,
    VERIFY_CLASS_NET, "Net" },
  { "virtio-net", "modern", 0x1AF4, 0x1041, 0x1AF4, 0x1100, 0x01, 0x020000,
    VERIFY_CLASS_NET, "Net" },
};

const struct verify_device *
verify_virtio_devices (size_t *n)
{
  *n = G_N_ELEMENTS (virtio_devices);
  return virtio_devices;
}

const struct verify_device *
verify_virtio_net_devices (size_t *n)
{
  *n = G_N_ELEMENTS (virtio_net_devices);
  return virtio_net_devices;
}

gboolean
verify_device_is_net (const struct verify_device *d)
{
  return g_strcmp0 (d->class_guid, VERIFY_CLASS_NET) == 0;
}

static char **
take_strv (GPtrArray *a)
{
  g_ptr_array_add (a, NULL);
  return (char **) g_ptr_array_free (a, FALSE);
}

/* The pattern is the one the PCI bus driver uses, read off a real device
 * (Enum\PCI\VEN_1000&DEV_0054&SUBSYS_197615AD&REV_01 in the Windows 7 and 10 fixture hives):
 *   HardwareID:    VEN&DEV&SUBSYS&REV, VEN&DEV&SUBSYS, VEN&DEV&CC_ccsspp, VEN&DEV&CC_ccss
 *   CompatibleIDs: VEN&DEV&REV, VEN&DEV, VEN&CC_ccsspp, VEN&CC_ccss, VEN,
 *                  CC_ccsspp&DT_0, CC_ccsspp, CC_ccss&DT_0, CC_ccss     (no DT_ IDs on XP) */
void
verify_pci_ids (const struct verify_device *d, gboolean vista_or_later, char ***hardware,
                char ***compatible)
{
  g_autofree char *vd = g_strdup_printf ("PCI\\VEN_%04X&DEV_%04X", d->vendor, d->device);
  g_autofree char *ven = g_strdup_printf ("PCI\\VEN_%04X", d->vendor);
  g_autofree char *cc6 = g_strdup_printf ("CC_%06X", d->class_code & 0xFFFFFF);
  g_autofree char *cc4 = g_strdup_printf ("CC_%04X", (d->class_code >> 8) & 0xFFFF);
  GPtrArray *hw = g_ptr_array_new ();
  g_ptr_array_add (hw, g_strdup_printf ("%s&SUBSYS_%04X%04X&REV_%02X", vd, d->subsys,
                                        d->subsys_vendor, d->revision));
  g_ptr_array_add (hw, g_strdup_printf ("%s&SUBSYS_%04X%04X", vd, d->subsys, d->subsys_vendor));
  g_ptr_array_add (hw, g_strdup_printf ("%s&%s", vd, cc6));
  g_ptr_array_add (hw, g_strdup_printf ("%s&%s", vd, cc4));
  GPtrArray *co = g_ptr_array_new ();
  g_ptr_array_add (co, g_strdup_printf ("%s&REV_%02X", vd, d->revision));
  g_ptr_array_add (co, g_strdup (vd));
  g_ptr_array_add (co, g_strdup_printf ("%s&%s", ven, cc6));
  g_ptr_array_add (co, g_strdup_printf ("%s&%s", ven, cc4));
  g_ptr_array_add (co, g_strdup (ven));
  if (vista_or_later)
    g_ptr_array_add (co, g_strdup_printf ("PCI\\%s&DT_0", cc6));
  g_ptr_array_add (co, g_strdup_printf ("PCI\\%s", cc6));
  if (vista_or_later)
    g_ptr_array_add (co, g_strdup_printf ("PCI\\%s&DT_0", cc4));
  g_ptr_array_add (co, g_strdup_printf ("PCI\\%s", cc4));
  *hardware = take_strv (hw);
  *compatible = take_strv (co);
}

char *
verify_device_name (const struct verify_device *d)
{
  return g_strdup_printf ("PCI\\VEN_%04X&DEV_%04X&SUBSYS_%04X%04X&REV_%02X", d->vendor, d->device,
                          d->subsys, d->subsys_vendor, d->revision);
}

const char *
verify_model_name (enum verify_model m)
{
  return m == VERIFY_MODEL_DDB ? "DriverDatabase" : "CriticalDeviceDatabase";
}
