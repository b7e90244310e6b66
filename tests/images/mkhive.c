/* mkhive: write an empty Windows registry hive (regf), the base that the test images' .reg text
 * is merged onto with `hivexregedit --merge`.
 *
 *   mkhive OUTPUT [ROOT-NAME]
 *
 * The file is the smallest one hivex opens and edits: a 4096-byte base block and one 4096-byte
 * hbin holding the root key (nk), its security descriptor (sk) and one free cell.  hivex needs the
 * sk cell: a new key inherits its parent's sk and bumps the reference count.
 *
 * Layout source: "Windows registry file format specification" (Maxim Suhanov, msuhanov/regf on
 * GitHub), sections "Base block", "Hive bin", "Key node", "Key security".  Everything is written
 * little-endian byte by byte, so the output does not depend on the host.
 */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define BASE_BLOCK_SIZE 4096
#define HBIN_SIZE 4096
#define HBIN_HEADER_SIZE 32
#define NK_FIXED_SIZE 0x4c      /* nk fields before the name */
#define SK_FIXED_SIZE 0x14      /* sk fields before the security descriptor */

/* A fixed last-written time keeps the output reproducible: 2020-01-01 00:00:00 UTC as a FILETIME
 * (100 ns ticks since 1601-01-01). */
#define FIXED_FILETIME UINT64_C (132223104000000000)

/* nk flags: KEY_HIVE_ENTRY (0x4) | KEY_NO_DELETE (0x8) | KEY_COMP_NAME (0x20, name stored as
 * ASCII/Latin-1).  Windows sets exactly these on a hive's root key. */
#define ROOT_NK_FLAGS 0x002c

static void
put16 (uint8_t *p, uint16_t v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put32 (uint8_t *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static void
put64 (uint8_t *p, uint64_t v)
{
  for (int i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static uint32_t
get32 (const uint8_t *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* Cells are 8-byte aligned and their size field counts itself. */
static size_t
cell_size (size_t payload)
{
  return (4 + payload + 7) & ~(size_t) 7;
}

/* Append a SID to buf at *off: revision 1, sub-authority count, 48-bit big-endian identifier
 * authority, then the sub-authorities little-endian. */
static void
put_sid (uint8_t *buf, size_t *off, uint8_t authority, const uint32_t *sub, uint8_t nsub)
{
  uint8_t *p = buf + *off;
  p[0] = 1;
  p[1] = nsub;
  memset (p + 2, 0, 5);
  p[7] = authority;
  for (uint8_t i = 0; i < nsub; i++)
    put32 (p + 8 + 4 * i, sub[i]);
  *off += 8 + 4 * (size_t) nsub;
}

static size_t
sid_len (uint8_t nsub)
{
  return 8 + 4 * (size_t) nsub;
}

/* Append an ACCESS_ALLOWED ACE that containers inherit (CONTAINER_INHERIT_ACE = 0x02). */
static void
put_ace (uint8_t *buf, size_t *off, uint32_t mask, uint8_t authority, const uint32_t *sub,
         uint8_t nsub)
{
  uint8_t *p = buf + *off;
  size_t len = 8 + sid_len (nsub);
  p[0] = 0;                     /* ACCESS_ALLOWED_ACE_TYPE */
  p[1] = 0x02;
  put16 (p + 2, (uint16_t) len);
  put32 (p + 4, mask);
  *off += 8;
  put_sid (buf, off, authority, sub, nsub);
}

/* A self-relative security descriptor like the one on a Windows hive root: owner Administrators,
 * group SYSTEM, DACL granting full control to SYSTEM and Administrators and read to Everyone.
 * Returns its length. */
static size_t
build_security_descriptor (uint8_t *sd)
{
  static const uint32_t system_sub[] = { 18 };             /* S-1-5-18 */
  static const uint32_t admins_sub[] = { 32, 544 };        /* S-1-5-32-544 */
  static const uint32_t everyone_sub[] = { 0 };            /* S-1-1-0 */
  const uint32_t key_all_access = 0x000f003f, key_read = 0x00020019;

  size_t off = 20;              /* fixed header */
  size_t owner = off;
  put_sid (sd, &off, 5, admins_sub, 2);
  size_t group = off;
  put_sid (sd, &off, 5, system_sub, 1);

  size_t dacl = off;
  off += 8;                     /* ACL header, filled below */
  put_ace (sd, &off, key_all_access, 5, system_sub, 1);
  put_ace (sd, &off, key_all_access, 5, admins_sub, 2);
  put_ace (sd, &off, key_read, 1, everyone_sub, 1);
  sd[dacl] = 2;                 /* ACL_REVISION */
  sd[dacl + 1] = 0;
  put16 (sd + dacl + 2, (uint16_t) (off - dacl));
  put16 (sd + dacl + 4, 3);     /* ACE count */
  put16 (sd + dacl + 6, 0);

  sd[0] = 1;                    /* revision */
  sd[1] = 0;
  put16 (sd + 2, 0x8004);       /* SE_SELF_RELATIVE | SE_DACL_PRESENT */
  put32 (sd + 4, (uint32_t) owner);
  put32 (sd + 8, (uint32_t) group);
  put32 (sd + 12, 0);           /* no SACL */
  put32 (sd + 16, (uint32_t) dacl);
  return off;
}

static int
build_hive (uint8_t *file, const char *root_name)
{
  size_t name_len = strlen (root_name);
  if (name_len == 0 || name_len > 255) {
    fprintf (stderr, "mkhive: root key name must be 1 to 255 characters\n");
    return -1;
  }

  uint8_t *base = file;
  uint8_t *hbin = file + BASE_BLOCK_SIZE;

  /* Cell offsets are relative to the start of the first hbin. */
  size_t nk_off = HBIN_HEADER_SIZE;
  size_t nk_cell = cell_size (NK_FIXED_SIZE + name_len);
  size_t sk_off = nk_off + nk_cell;
  uint8_t sd[256];
  size_t sd_len = build_security_descriptor (sd);
  size_t sk_cell = cell_size (SK_FIXED_SIZE + sd_len);
  size_t free_off = sk_off + sk_cell;
  if (free_off + 8 > HBIN_SIZE) {
    fprintf (stderr, "mkhive: root key does not fit in one hbin\n");
    return -1;
  }

  /* Base block. */
  memcpy (base, "regf", 4);
  put32 (base + 0x04, 1);       /* primary sequence number */
  put32 (base + 0x08, 1);       /* secondary: equal means the hive was written cleanly */
  put64 (base + 0x0c, FIXED_FILETIME);
  put32 (base + 0x14, 1);       /* major version */
  put32 (base + 0x18, 5);       /* minor version, as in Windows 10's own hives */
  put32 (base + 0x1c, 0);       /* file type: primary */
  put32 (base + 0x20, 1);       /* file format: direct memory load */
  put32 (base + 0x24, (uint32_t) nk_off);
  put32 (base + 0x28, HBIN_SIZE);       /* hive bins data size */
  put32 (base + 0x2c, 1);       /* clustering factor */
  /* 0x30: file name, UTF-16LE, 64 bytes; the root name doubles as a label. */
  for (size_t i = 0; i < name_len && i < 31; i++)
    base[0x30 + 2 * i] = (uint8_t) root_name[i];
  uint32_t sum = 0;
  for (size_t i = 0; i < 0x1fc; i += 4)
    sum ^= get32 (base + i);
  if (sum == 0)
    sum = 1;
  else if (sum == UINT32_MAX)
    sum = UINT32_MAX - 1;
  put32 (base + 0x1fc, sum);

  /* Hive bin header. */
  memcpy (hbin, "hbin", 4);
  put32 (hbin + 0x04, 0);       /* offset of this bin from the first one */
  put32 (hbin + 0x08, HBIN_SIZE);
  put64 (hbin + 0x14, FIXED_FILETIME);

  /* Root key node.  A used cell has a negative size. */
  uint8_t *c = hbin + nk_off;
  put32 (c, (uint32_t) -(int32_t) nk_cell);
  uint8_t *nk = c + 4;
  memcpy (nk, "nk", 2);
  put16 (nk + 0x02, ROOT_NK_FLAGS);
  put64 (nk + 0x04, FIXED_FILETIME);
  put32 (nk + 0x0c, 0);         /* access bits */
  put32 (nk + 0x10, 0);         /* parent: none */
  put32 (nk + 0x14, 0);         /* subkeys */
  put32 (nk + 0x18, 0);         /* volatile subkeys */
  put32 (nk + 0x1c, UINT32_MAX);        /* subkey list: none */
  put32 (nk + 0x20, UINT32_MAX);        /* volatile subkey list: none */
  put32 (nk + 0x24, 0);         /* values */
  put32 (nk + 0x28, UINT32_MAX);        /* value list: none */
  put32 (nk + 0x2c, (uint32_t) sk_off);
  put32 (nk + 0x30, UINT32_MAX);        /* class name: none */
  /* 0x34..0x47: largest subkey name / class / value name / value data, work var: all 0. */
  put16 (nk + 0x48, (uint16_t) name_len);
  put16 (nk + 0x4a, 0);         /* class name length */
  memcpy (nk + NK_FIXED_SIZE, root_name, name_len);

  /* Key security: the only sk cell, so the list links point back to itself. */
  c = hbin + sk_off;
  put32 (c, (uint32_t) -(int32_t) sk_cell);
  uint8_t *sk = c + 4;
  memcpy (sk, "sk", 2);
  put32 (sk + 0x04, (uint32_t) sk_off);
  put32 (sk + 0x08, (uint32_t) sk_off);
  put32 (sk + 0x0c, 1);         /* reference count: the root key */
  put32 (sk + 0x10, (uint32_t) sd_len);
  memcpy (sk + SK_FIXED_SIZE, sd, sd_len);

  /* The rest of the bin is one free cell (positive size). */
  put32 (hbin + free_off, (uint32_t) (HBIN_SIZE - free_off));
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc < 2 || argc > 3) {
    fprintf (stderr, "usage: mkhive OUTPUT [ROOT-NAME]\n");
    return 2;
  }
  const char *out = argv[1];
  const char *root_name = argc == 3 ? argv[2] : "ROOT";

  static uint8_t file[BASE_BLOCK_SIZE + HBIN_SIZE];
  if (build_hive (file, root_name) == -1)
    return 1;

  FILE *fp = fopen (out, "wb");
  if (fp == NULL) {
    fprintf (stderr, "mkhive: %s: %s\n", out, strerror (errno));
    return 1;
  }
  size_t written = fwrite (file, 1, sizeof file, fp);
  if (fclose (fp) != 0 || written != sizeof file) {
    fprintf (stderr, "mkhive: %s: write error\n", out);
    return 1;
  }
  return 0;
}
