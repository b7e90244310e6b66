/* disk-format: whether qemu can write a disk image in place, asked of `qemu-img info` before the
 * appliance starts.
 *
 * A streamOptimized VMDK (VMware OVA exports) opens read-write without complaint, yet what the
 * appliance writes does not reach the file: a conversion would report success and change nothing.
 * Such a disk, and one in a format qemu only reads (dmg, bochs, cloop), is refused for writing.
 */
#ifndef WS_DISK_FORMAT_H
#define WS_DISK_FORMAT_H

#include <glib.h>

/* TRUE when qemu can open path and its backing chain (format: as given with --format, NULL to
 * probe) and, when writable, write it in place.  WS_EXIT_BAD_INPUT when qemu-img cannot read it
 * or a backing file; WS_EXIT_REFUSED naming the disk and the qemu-img command that makes a
 * writable copy. */
gboolean disk_check_format (const char *path, const char *format, gboolean writable, GError **error);

#endif
