/* disk-label: the partition table of a disk (MBR or GPT) from its first sectors.  Pure.
 *
 * winseed needs three facts per partition: its number (Linux numbers MBR primaries 1-4 and GPT
 * entries by slot), its start in bytes (MountedDevices names MBR partitions by disk signature and
 * offset), its type (dynamic-disk LDM partitions) and, on GPT, its unique GUID (MountedDevices
 * names GPT partitions by it).  Reading them from one 17 KiB read of the disk costs one round
 * trip to the appliance; parted/sgdisk cost about a second each under TCG.
 * Sources: UEFI specification 2.x (GPT header, entries), Microsoft "Master Boot Record"
 * (docs/registry-and-hives.md#disk-labels).
 */
#ifndef WS_DISK_LABEL_H
#define WS_DISK_LABEL_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* Bytes to read from the start of a disk: GPT header and 128 entries of 128 bytes after it, for
 * 512-byte sectors (4096-byte sector disks keep the header at 4096 and are read to there too). */
#define DISK_LABEL_READ_SIZE (4096 + 512 + 128 * 128)
#define DISK_LABEL_MAX_PARTS 128

enum disk_label_kind { DISK_LABEL_NONE, DISK_LABEL_MBR, DISK_LABEL_GPT };

struct disk_partition {
  int number;             /* as Linux numbers it: /dev/sda<number> */
  uint64_t start;         /* byte offset */
  uint8_t mbr_type;       /* MBR partitions */
  uint8_t gpt_type[16];   /* GPT partitions, Windows byte order (as stored) */
  uint8_t gpt_guid[16];
};

struct disk_label {
  enum disk_label_kind kind;
  uint32_t mbr_signature;   /* bytes 440-443 */
  size_t n;
  struct disk_partition parts[DISK_LABEL_MAX_PARTS];
};

/* Parse; never fails: an unknown or damaged table is DISK_LABEL_NONE. */
void disk_label_parse (const uint8_t *buf, size_t len, struct disk_label *out);

/* TRUE when the appliance's kernel makes exactly the partitions disk_label_parse lists from these
 * first sectors of a disk of disk_size bytes, under the same numbers: a plain MBR (primaries only)
 * or a GPT whose primary header and entries are whole.  Then the partitions can be named without
 * asking the appliance, whose list_partitions waits for udev to settle.  Anything the kernel might
 * read otherwise (extended or nested labels, dynamic disks, damaged or foreign tables) is FALSE:
 * ask the appliance.  See docs/registry-and-hives.md#disk-labels. */
gboolean disk_label_plain (const uint8_t *buf, size_t len, uint64_t disk_size);

/* The partition numbered n, or NULL. */
const struct disk_partition *disk_label_find (const struct disk_label *l, int n);

/* LDM (dynamic disk) partition: MBR type 0x42, GPT "LDM metadata"/"LDM data" types. */
gboolean disk_partition_is_ldm (const struct disk_label *l, const struct disk_partition *p);

/* EFI System Partition of a GPT disk: the guest boots through UEFI firmware. */
gboolean disk_partition_is_esp (const struct disk_label *l, const struct disk_partition *p);

/* A GPT partition no Windows volume lives on: the EFI System Partition (FAT by the UEFI
 * specification) or the Microsoft Reserved Partition (never formatted). */
gboolean disk_partition_holds_no_volume (const struct disk_label *l, const struct disk_partition *p);

#endif
