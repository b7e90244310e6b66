/* disk-label: MBR/GPT partition tables; see disk-label.h. */
#include <config.h>

#include <string.h>

#include "ws-text.h"
#include "disk-label.h"
#include "banned.h"

/* GPT header fields (UEFI spec, "GPT Header"). */
#define GPT_SIGNATURE "EFI PART"
#define GPT_ENTRIES_LBA 72
#define GPT_N_ENTRIES 80
#define GPT_ENTRY_SIZE 84

static gboolean
parse_gpt (const uint8_t *buf, size_t len, size_t sector, struct disk_label *out)
{
  if (len < sector + 92 || memcmp (buf + sector, GPT_SIGNATURE, 8) != 0)
    return FALSE;
  const uint8_t *h = buf + sector;
  uint64_t lba = ws_le64 (h + GPT_ENTRIES_LBA);
  uint32_t n = ws_le32 (h + GPT_N_ENTRIES), size = ws_le32 (h + GPT_ENTRY_SIZE);
  if (size < 128 || size > 4096 || lba == 0 || lba > len / sector)
    return FALSE;
  out->kind = DISK_LABEL_GPT;
  static const uint8_t unused[16];
  for (uint32_t i = 0; i < n && i < DISK_LABEL_MAX_PARTS; i++) {
    size_t off = lba * sector + (size_t) i * size;
    if (off + 128 > len)
      break;
    const uint8_t *e = buf + off;
    if (memcmp (e, unused, 16) == 0)
      continue;
    struct disk_partition *p = &out->parts[out->n++];
    p->number = (int) i + 1;
    p->start = ws_le64 (e + 32) * sector;
    memcpy (p->gpt_type, e, 16);
    memcpy (p->gpt_guid, e + 16, 16);
  }
  return TRUE;
}

static void
parse_mbr (const uint8_t *buf, struct disk_label *out)
{
  out->kind = DISK_LABEL_MBR;
  for (int i = 0; i < 4; i++) {
    const uint8_t *e = buf + 446 + 16 * i;
    if (e[4] == 0)
      continue;
    struct disk_partition *p = &out->parts[out->n++];
    p->number = i + 1;
    p->mbr_type = e[4];
    p->start = (uint64_t) ws_le32 (e + 8) * 512;
  }
}

void
disk_label_parse (const uint8_t *buf, size_t len, struct disk_label *out)
{
  memset (out, 0, sizeof *out);
  if (len < 512 || buf[510] != 0x55 || buf[511] != 0xaa)
    return;
  out->mbr_signature = ws_le32 (buf + 440);
  /* A protective MBR (type 0xEE) announces GPT; the header is in sector 1. */
  gboolean protective = buf[446 + 4] == 0xee;
  if (protective && (parse_gpt (buf, len, 512, out) || parse_gpt (buf, len, 4096, out)))
    return;
  if (!protective)
    parse_mbr (buf, out);
}

const struct disk_partition *
disk_label_find (const struct disk_label *l, int n)
{
  for (size_t i = 0; i < l->n; i++)
    if (l->parts[i].number == n)
      return &l->parts[i];
  return NULL;
}

gboolean
disk_partition_is_ldm (const struct disk_label *l, const struct disk_partition *p)
{
  if (l->kind == DISK_LABEL_MBR)
    return p->mbr_type == 0x42;
  /* Microsoft LDM metadata {5808C8AA-7E8F-42E0-85D2-E1E90434CFB3}, LDM data
   * {AF9B60A0-1431-4F62-BC68-3311714A69AD}. */
  uint8_t meta[16], data[16];
  ws_guid_parse ("5808C8AA-7E8F-42E0-85D2-E1E90434CFB3", meta);
  ws_guid_parse ("AF9B60A0-1431-4F62-BC68-3311714A69AD", data);
  return memcmp (p->gpt_type, meta, 16) == 0 || memcmp (p->gpt_type, data, 16) == 0;
}

gboolean
disk_partition_is_esp (const struct disk_label *l, const struct disk_partition *p)
{
  /* EFI System Partition {C12A7328-F81F-11D2-BA4B-00A0C93EC93B} (UEFI specification, "GPT
   * Partition Entry Array"; docs/vm-definition.md#firmware). */
  uint8_t esp[16];
  ws_guid_parse ("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", esp);
  return l->kind == DISK_LABEL_GPT && memcmp (p->gpt_type, esp, 16) == 0;
}
