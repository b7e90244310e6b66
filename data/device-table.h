/* device-table: QEMU/virtio device IDs -> role (generated from device-ids.tsv).  Pure. */
#ifndef WS_DEVICE_TABLE_H
#define WS_DEVICE_TABLE_H

#include <stddef.h>

struct device_id_row {
  const char *id;       /* "PCI\VEN_1AF4&DEV_1001" (prefix of a hardware ID) */
  const char *role;     /* "block" */
  const char *device;   /* "virtio-blk (transitional)" */
  int tsv_line;
};

extern const struct device_id_row device_table_rows[];
extern const size_t device_table_rows_len;

/* The row whose id is a prefix of `hardware_id` at an ID boundary (end or '&'), ASCII
 * case-insensitive; NULL when none.  Static, never freed. */
const struct device_id_row *device_table_lookup (const char *hardware_id);

#endif
