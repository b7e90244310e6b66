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

/* CRC-32 of the GPT header and entries: ISO 3309 / IEEE 802.3, reflected polynomial 0xEDB88320
 * (UEFI specification, "GPT Header").  Bitwise: it runs over at most 17 KiB once per disk. */
static uint32_t
crc32 (const uint8_t *p, size_t len)
{
  uint32_t c = 0xffffffff;
  for (size_t i = 0; i < len; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++)
      c = c >> 1 ^ (0xedb88320 & -(c & 1));
  }
  return ~c;
}

/* Linux's GPT checks (block/partitions/efi.c, is_pmbr_valid, is_gpt_valid, is_pte_valid) on the
 * primary header in block 1 of 512 bytes, the only place the appliance's kernel looks first. */
static gboolean
gpt_plain (const uint8_t *buf, size_t len, uint64_t last_lba)
{
  /* The kernel wants a protective entry starting at block 1; disk_label_parse looks for it in
   * the first slot, where every partitioning tool puts it. */
  const uint8_t *h = buf + 512;
  if (buf[446 + 4] != 0xee || ws_le32 (buf + 446 + 8) != 1 || len < 1024 || memcmp (h, GPT_SIGNATURE, 8) != 0)
    return FALSE;
  uint32_t header_size = ws_le32 (h + 12);
  if (header_size < 92 || header_size > 512)
    return FALSE;
  uint8_t header[512];
  memcpy (header, h, header_size);
  memset (header + 16, 0, 4);   /* the CRC is computed with its own field zeroed */
  uint64_t first = ws_le64 (h + 40), last = ws_le64 (h + 48), entries = ws_le64 (h + GPT_ENTRIES_LBA);
  uint32_t n = ws_le32 (h + GPT_N_ENTRIES);
  if (crc32 (header, header_size) != ws_le32 (h + 16) || ws_le64 (h + 24) != 1
      || first > last_lba || last > last_lba || last < first
      || ws_le32 (h + GPT_ENTRY_SIZE) != 128 || n == 0 || n > DISK_LABEL_MAX_PARTS
      || entries < 2 || entries > len / 512 || (len - entries * 512) / 128 < n)
    return FALSE;
  const uint8_t *e = buf + entries * 512;
  if (crc32 (e, (size_t) n * 128) != ws_le32 (h + 88))
    return FALSE;
  /* The kernel skips an entry that runs past the disk; disk_label_parse would list it. */
  static const uint8_t unused[16];
  for (uint32_t i = 0; i < n; i++, e += 128)
    if (memcmp (e, unused, 16) != 0
        && (ws_le64 (e + 32) > ws_le64 (e + 40) || ws_le64 (e + 40) > last_lba))
      return FALSE;
  return TRUE;
}

/* MBR partition types whose partitions the kernel reads further (block/partitions/msdos.c):
 * extended (DOS, Windows 98, Linux) and the BSD, Solaris, Minix and UnixWare labels nested in a
 * primary; and 0x42, the dynamic disk that ldm.c reads before msdos.c. */
static gboolean
mbr_type_nests (uint8_t type)
{
  static const uint8_t nesting[] = { 0x05, 0x0f, 0x85, 0xa5, 0xa6, 0xa9, 0x82, 0x81, 0x63, 0x42 };
  return memchr (nesting, type, sizeof nesting) != NULL;
}

gboolean
disk_label_plain (const uint8_t *buf, size_t len, uint64_t disk_size)
{
  if (len < 512 || buf[510] != 0x55 || buf[511] != 0xaa || disk_size < 1024 || disk_size % 512 != 0)
    return FALSE;
  /* Parsers Linux tries before msdos.c: SGI's label (magic 0x0BE5A941 at byte 0); Acorn ICS,
   * whose checksum at byte 508 cannot hold with 55 AA at 510.  msdos.c itself gives up on an
   * AIX label (C9 C2 D4 C1) and on a boot flag other than 0 or 0x80 (a FAT boot sector). */
  static const uint8_t sgi[] = { 0x0b, 0xe5, 0xa9, 0x41 }, aix[] = { 0xc9, 0xc2, 0xd4, 0xc1 };
  if (memcmp (buf, sgi, 4) == 0 || memcmp (buf, aix, 4) == 0)
    return FALSE;
  gboolean gpt = FALSE;
  for (int i = 0; i < 4; i++) {
    const uint8_t *e = buf + 446 + 16 * i;
    if (e[0] != 0 && e[0] != 0x80)
      return FALSE;
    gpt |= e[4] == 0xee;
  }
  uint64_t last_lba = disk_size / 512 - 1;
  if (gpt)
    return gpt_plain (buf, len, last_lba);
  /* msdos.c makes a partition of every slot with a size, whatever its type, and none of one
   * starting past the disk; disk_label_parse lists every slot with a type. */
  for (int i = 0; i < 4; i++) {
    const uint8_t *e = buf + 446 + 16 * i;
    uint32_t start = ws_le32 (e + 8), size = ws_le32 (e + 12);
    if ((e[4] == 0) != (size == 0) || mbr_type_nests (e[4]) || (size && start > last_lba))
      return FALSE;
  }
  return TRUE;
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

gboolean
disk_partition_holds_no_volume (const struct disk_label *l, const struct disk_partition *p)
{
  /* Microsoft Reserved Partition {E3C9E316-0B5C-4DB8-817D-F92DF00215AE} (Microsoft, "Windows and
   * GPT FAQ"). */
  uint8_t msr[16];
  ws_guid_parse ("E3C9E316-0B5C-4DB8-817D-F92DF00215AE", msr);
  return disk_partition_is_esp (l, p) || (l->kind == DISK_LABEL_GPT && memcmp (p->gpt_type, msr, 16) == 0);
}
