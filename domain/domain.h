/* domain: the libvirt domain XML that boots a Windows guest converted to virtio
 * (docs/vm-definition.md).
 *
 * Three steps, each usable alone:
 *   domain_os_short_id()   Windows version facts -> libosinfo short id ("win10", "win2k22"); pure
 *   domain_os_lookup()     short id -> OS id URI, q35 or not, RAM/vCPU defaults, from the host's
 *                          libosinfo database (reads its files; no guest I/O)
 *   domain_xml_build()     struct domain_guest -> libxml2 document; pure
 * Nothing here includes <guestfs.h> or <hivex.h>: whoever knows the guest (the `domain` command
 * from an inspection, a conversion from what it installed) fills struct domain_guest, and the
 * unit tests build documents from hand-written structs.
 */
#ifndef WS_DOMAIN_H
#define WS_DOMAIN_H

#include <stdint.h>
#include <glib.h>
#include <libxml/tree.h>

enum domain_firmware { DOMAIN_FIRMWARE_BIOS, DOMAIN_FIRMWARE_UEFI };
enum domain_bus { DOMAIN_BUS_VIRTIO_BLK, DOMAIN_BUS_VIRTIO_SCSI };

/* virtio drivers installed in the guest that decide optional devices (bit set). */
enum domain_driver {
  DOMAIN_DRV_BALLOON = 1 << 0,   /* balloon.inf, service BALLOON: <memballoon model='virtio'> */
  DOMAIN_DRV_RNG = 1 << 1,       /* viorng.inf, service VirtRng: <rng model='virtio'> */
  DOMAIN_DRV_SERIAL = 1 << 2,    /* vioser.inf, service VirtioSerial: qemu-ga channel */
  DOMAIN_DRV_GPU = 1 << 3,       /* viogpudo.inf, service VioGpuDod: <video><model type='virtio'> */
};

/* What the guest's OS is for libvirt, from libosinfo (domain_os_lookup) or filled by hand. */
struct domain_os {
  char *short_id;         /* "win10"; NULL when the version is not one libosinfo names */
  char *id;               /* "http://microsoft.com/win/10"; NULL when the host db lacks it */
  gboolean q35;           /* the OS can use the q35 chipset (else i440fx, machine 'pc') */
  uint64_t ram_mib;       /* recommended (else minimum) RAM for the arch; 0 when unknown */
  int n_cpus;             /* minimum vCPUs for the arch; 0 when unknown */
};

void domain_os_clear (struct domain_os *os);
typedef struct domain_os domain_os;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (domain_os, domain_os_clear)

struct domain_disk {
  const char *path;       /* as libvirt will open it (absolute) */
  const char *format;     /* qemu's name: "raw", "qcow2", "vmdk", ...; NULL is "raw" */
};

struct domain_guest {
  /* Windows version facts (struct ws_windows has them all). */
  int major, minor, build;
  gboolean server;
  const char *arch;       /* Windows' names: "x86", "amd64" */
  gboolean rtc_utc;       /* TimeZoneInformation\RealTimeIsUniversal = 1 */
  unsigned drivers;       /* enum domain_driver bits */
  const struct domain_os *os;
  /* Hardware. */
  enum domain_firmware firmware;
  enum domain_bus bus;
  const struct domain_disk *disks;
  size_t n_disks;
  size_t boot_disk;       /* index into disks of the disk Windows boots from */
  const char *const *macs;/* one per NIC, in the guest's order; NULL or "" lets libvirt pick */
  size_t n_nics;
  /* The VM. */
  const char *name;
  uint64_t memory_mib;
  unsigned vcpus;
  const char *network;    /* libvirt network name (default "default"), unless bridge is set */
  const char *bridge;     /* host bridge name, or NULL */
};

/* libosinfo's short id of a Windows version (static string), NULL for one it has no entry for.
 * Windows 10 and 11, and every server since 2016, say NT 10.0: the build tells them apart. */
const char *domain_os_short_id (int major, int minor, int build, gboolean server);

/* Fill os from the host's libosinfo database for short_id (which may be NULL).  An id the
 * database does not know is no error: os->id stays NULL and the machine follows the NT version
 * (major < 6 -> i440fx).  FALSE + WS_EXIT_INTERNAL only when the database cannot be loaded. */
gboolean domain_os_lookup (const char *short_id, int major, const char *arch, struct domain_os *os,
                           GError **error);

/* Whether the version requires UEFI with Secure Boot and a TPM 2.0 (Windows 11, Server 2025). */
gboolean domain_wants_tpm (int major, int minor, int build, gboolean server);

/* Whether the domain gets the q35 chipset (else i440fx, machine 'pc'). */
gboolean domain_is_q35 (const struct domain_guest *g);

/* The domain document; NULL + WS_EXIT_NOT_APPLICABLE for a guest libvirt cannot host this way
 * (an architecture other than x86/amd64, no disk). */
xmlDoc *domain_xml_build (const struct domain_guest *g, GError **error);

/* The document as UTF-8 text with an XML declaration, indented (g_free). */
char *domain_xml_text (xmlDoc *doc);

typedef xmlDoc domain_xml_doc;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (domain_xml_doc, xmlFreeDoc)

#endif
