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

/* TRUE when qemu can write path in place (format: as given with --format, NULL to probe).
 * WS_EXIT_REFUSED naming the disk and the qemu-img command that makes a writable copy;
 * WS_EXIT_BAD_INPUT when qemu-img cannot read it. */
gboolean disk_check_writable_format (const char *path, const char *format, GError **error);

#endif
