/* session-domain: the libvirt domain of the session's guest (docs/vm-definition.md).
 *
 * `winseed domain` and `convert --libvirt-xml` describe a guest the same way: what only the
 * guest can say (firmware from the disk layout, the boot disk, the bus, the NICs' MACs, the
 * optional virtio drivers, the Windows version) is gathered while the appliance runs; the
 * document is built afterwards, when the caller knows which images the VM will open (convert's
 * --output images exist only once the appliance has shut down).
 *
 *   g_autoptr (session_domain) d = session_domain_gather (s, w, disks, NULL, NULL, &err);
 *   session_domain_set_disk (d, 0, "/images/out.qcow2", "qcow2");     // optional
 *   struct session_domain_doc doc = { 0 };
 *   session_domain_build (d, &vm, &doc, &err);
 *
 * The document itself is domain/'s (domain.h).
 */
#ifndef WS_SESSION_DOMAIN_H
#define WS_SESSION_DOMAIN_H

#include <glib.h>

#include "inspect.h"
#include "session.h"

/* What the VM is given rather than what the guest is (--name, --memory, --vcpus, --network,
 * --bridge); zero or NULL: the default. */
struct domain_vm {
  char *name;               /* default: the guest's host name, else the first disk's file name */
  char *network;            /* libvirt network of the NICs (default "default") */
  char *bridge;             /* host bridge instead of a network */
  guint64 memory_mib;       /* default: libosinfo's recommendation, else 2048 */
  guint64 vcpus;            /* default: 2, or libosinfo's minimum when higher */
};
void domain_vm_clear (struct domain_vm *vm);

/* The domain built (session_domain_build). */
struct session_domain_doc {
  char *xml;
  const char *firmware;     /* "uefi", "bios" */
  const char *machine;      /* "q35", "pc" */
  const char *bus;          /* "virtio-blk", "virtio-scsi" */
  char *os_id;              /* libosinfo's id, NULL when the host's database lacks the version */
};
void session_domain_doc_clear (struct session_domain_doc *doc);

typedef struct session_domain session_domain;

/* The guest's facts, w being the session's Windows.  disks: the session's (struct guest_disk *),
 * in the VM's order.  bus: "virtio-blk" or "virtio-scsi", NULL for the one whose driver starts at
 * boot in the SYSTEM hive (WS_EXIT_NOT_BOOTABLE when neither does).  services: driver services
 * installed beyond what the SYSTEM hive read at the start says (a conversion's), or NULL. */
session_domain *session_domain_gather (session *s, const struct ws_windows *w, const GPtrArray *disks,
                                       const char *bus, char *const *services, GError **error);
/* Disk i is the image at path in format instead (an absolute path is made of a relative one). */
void session_domain_set_disk (session_domain *d, guint i, const char *path, const char *format);
gboolean session_domain_build (const session_domain *d, const struct domain_vm *vm,
                               struct session_domain_doc *out, GError **error);
void session_domain_free (session_domain *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (session_domain, session_domain_free)

#endif
