/* disk-format: whether qemu can write a disk image in place, asked of `qemu-img info` before the
 * appliance starts.
 *
 * A streamOptimized VMDK (VMware OVA exports) opens read-write without complaint, yet what the
 * appliance writes does not reach the file: a conversion would report success and change nothing.
 * Such a disk, and one in a format qemu only reads (dmg, bochs, cloop), is refused for writing;
 * convert --output converts it through a qcow2 overlay instead (disk_overlay_create).
 */
#ifndef WS_DISK_FORMAT_H
#define WS_DISK_FORMAT_H

#include <glib.h>

/* The format qemu reads path as (g_free), when qemu can open path and its backing chain (format:
 * as given with --format, NULL to probe) and, when writable, write it in place; *virtual_size
 * (when not NULL) is the size of the disk the guest sees, 0 when qemu-img does not say.  NULL +
 * WS_EXIT_BAD_INPUT when qemu-img cannot read it or a backing file; NULL + WS_EXIT_REFUSED naming
 * the disk and pointing at convert --output, which writes a new image and leaves this one
 * untouched. */
char *disk_check_format (const char *path, const char *format, gboolean writable, guint64 *virtual_size,
                         GError **error);

/* The format qemu-img reads path as (format when given, without asking qemu-img; else its
 * probe), g_free; NULL + WS_EXIT_BAD_INPUT when qemu-img cannot read it. */
char *disk_probe_format (const char *path, const char *format, GError **error);

/* Create overlay, a qcow2 image whose backing file is path (made absolute, read as
 * backing_format): writes go to the overlay and the source is only ever read, the way
 * libguestfs tools and virt-v2v convert a guest without touching it.  WS_EXIT_INTERNAL when
 * qemu-img fails. */
gboolean disk_overlay_create (const char *path, const char *backing_format, const char *overlay,
                              GError **error);

#endif
