/* disk-label on partition tables written by sfdisk (util-linux), the same tool the test images
 * are partitioned with: what disk_label_parse lists, and when disk_label_plain trusts a table to
 * be read by the appliance's kernel the same way.  The expected partitions are the ones sfdisk
 * was told to write; the cases that must not be trusted are the ones Linux's partition parsers
 * (block/partitions/efi.c, msdos.c, ldm.c, sgi.c) read otherwise or refuse. */
#include <config.h>

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "disk-label.h"

#define MiB (1024 * 1024)
#define DISK_SIZE (64 * MiB)

/* The first DISK_LABEL_READ_SIZE bytes of a 64 MiB disk partitioned by sfdisk from script. */
static uint8_t *
sfdisk_table (const char *script)
{
  g_autofree char *img = NULL;
  int fd = g_file_open_tmp ("test-disk-label-XXXXXX.img", &img, NULL);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, DISK_SIZE), ==, 0);
  close (fd);
  const char *argv[] = { "sfdisk", "--no-reread", "--no-tell-kernel", "-q", img, NULL };
  int status = -1;
  GPid pid;
  gint in_fd;
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                           G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                           G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                           NULL, NULL, &pid, &in_fd, NULL, NULL, NULL));
  g_assert_cmpint (write (in_fd, script, strlen (script)), ==, (ssize_t) strlen (script));
  close (in_fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  gchar *data = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (img, &data, &len, NULL));
  unlink (img);
  g_assert_cmpuint (len, ==, DISK_SIZE);
  uint8_t *head = g_memdup2 (data, DISK_LABEL_READ_SIZE);
  g_free (data);
  return head;
}

static const char mbr_script[] =
  "label: dos\nlabel-id: 0x1234abcd\n"
  "start=2048, size=4096, type=7, bootable\n"
  "start=8192, size=16384, type=7\n"
  "start=32768, type=27\n";

static const char gpt_script[] =
  "label: gpt\n"
  "start=2048, size=4096, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\n"
  "start=6144, size=2048, type=E3C9E316-0B5C-4DB8-817D-F92DF00215AE\n"
  "start=8192, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7\n";

/* Parse t and require its kind and partitions 1, 2 and 3 at these start sectors (what sfdisk
 * was told to write). */
static void
parse_three (const uint8_t *t, enum disk_label_kind kind, const uint64_t starts[3], struct disk_label *l)
{
  disk_label_parse (t, DISK_LABEL_READ_SIZE, l);
  g_assert_cmpint (l->kind, ==, kind);
  g_assert_cmpuint (l->n, ==, 3);
  for (int n = 1; n <= 3; n++) {
    const struct disk_partition *p = disk_label_find (l, n);
    g_assert_nonnull (p);
    g_assert_cmpuint (p->start, ==, starts[n - 1] * 512);
  }
}

static void
test_mbr_plain (void)
{
  g_autofree uint8_t *t = sfdisk_table (mbr_script);
  struct disk_label l;
  parse_three (t, DISK_LABEL_MBR, (const uint64_t[]) { 2048, 8192, 32768 }, &l);
  g_assert_cmpuint (l.mbr_signature, ==, 0x1234abcd);
  g_assert_true (disk_label_plain (t, DISK_LABEL_READ_SIZE, DISK_SIZE));
  /* The third partition starts at 16 MiB: on a disk of 16 MiB the kernel drops it. */
  g_assert_false (disk_label_plain (t, DISK_LABEL_READ_SIZE, 16 * MiB));
  g_assert_true (disk_label_plain (t, DISK_LABEL_READ_SIZE, 16 * MiB + 512));
  /* A size qemu would round: the kernel's last block is not the one computed here. */
  g_assert_false (disk_label_plain (t, DISK_LABEL_READ_SIZE, DISK_SIZE + 100));
}

static void
test_gpt_plain (void)
{
  g_autofree uint8_t *t = sfdisk_table (gpt_script);
  struct disk_label l;
  parse_three (t, DISK_LABEL_GPT, (const uint64_t[]) { 2048, 6144, 8192 }, &l);
  g_assert_true (disk_partition_is_esp (&l, disk_label_find (&l, 1)));
  g_assert_true (disk_partition_holds_no_volume (&l, disk_label_find (&l, 1)));
  g_assert_true (disk_partition_holds_no_volume (&l, disk_label_find (&l, 2)));
  g_assert_false (disk_partition_holds_no_volume (&l, disk_label_find (&l, 3)));
  g_assert_true (disk_label_plain (t, DISK_LABEL_READ_SIZE, DISK_SIZE));
  /* The header's last usable block lies past a smaller disk: the kernel rejects the header. */
  g_assert_false (disk_label_plain (t, DISK_LABEL_READ_SIZE, 32 * MiB));
  /* Too short a read to hold the entries. */
  g_assert_false (disk_label_plain (t, 1024 + 64 * 128, DISK_SIZE));
}

/* One byte changed in a copy of a table sfdisk wrote, then whether it is still trusted. */
static gboolean
plain_after (const char *script, size_t offset, uint8_t value)
{
  g_autofree uint8_t *t = sfdisk_table (script);
  t[offset] = value;
  return disk_label_plain (t, DISK_LABEL_READ_SIZE, DISK_SIZE);
}

static void
test_mbr_not_plain (void)
{
  /* Boot flag neither 0 nor 0x80: msdos.c gives up (a FAT boot sector, or garbage). */
  g_assert_false (plain_after (mbr_script, 446 + 16, 0x12));
  /* Types the kernel reads into: extended, BSD, Solaris/swap, Minix, UnixWare; dynamic disk. */
  static const uint8_t nesting[] = { 0x05, 0x0f, 0x85, 0xa5, 0xa6, 0xa9, 0x82, 0x81, 0x63, 0x42 };
  for (size_t i = 0; i < sizeof nesting; i++)
    g_assert_false (plain_after (mbr_script, 446 + 16 + 4, nesting[i]));
  /* A slot with a size but type 0: the kernel makes a partition that the parse does not list. */
  g_assert_false (plain_after (mbr_script, 446 + 4, 0));
  /* An SGI or AIX label's magic in the boot code. */
  {
    g_autofree uint8_t *t = sfdisk_table (mbr_script);
    memcpy (t, "\x0b\xe5\xa9\x41", 4);
    g_assert_false (disk_label_plain (t, DISK_LABEL_READ_SIZE, DISK_SIZE));
    memcpy (t, "\xc9\xc2\xd4\xc1", 4);
    g_assert_false (disk_label_plain (t, DISK_LABEL_READ_SIZE, DISK_SIZE));
  }
  /* No 55 AA: no MBR at all; the kernel tries other labels. */
  g_assert_false (plain_after (mbr_script, 511, 0));
  /* A real extended partition with a logical one in it. */
  g_autofree uint8_t *ext = sfdisk_table ("label: dos\nstart=2048, size=4096, type=7\n"
                                          "start=8192, type=5\nstart=10240, size=4096, type=7\n");
  g_assert_false (disk_label_plain (ext, DISK_LABEL_READ_SIZE, DISK_SIZE));
}

static void
test_mbr_sgi_boot_code_byte (void)
{
  /* One byte of the SGI magic alone is ordinary boot code. */
  g_assert_true (plain_after (mbr_script, 0, 0x0b));
}

static void
test_gpt_not_plain (void)
{
  /* A byte of a partition entry: the entries' CRC no longer holds. */
  g_assert_false (plain_after (gpt_script, 1024 + 128 * 2 + 32, 0x01));
  /* A byte of the header (its first usable block): the header's CRC no longer holds. */
  g_assert_false (plain_after (gpt_script, 512 + 40, 0x01));
  /* The protective entry not starting at block 1. */
  g_assert_false (plain_after (gpt_script, 446 + 8, 2));
  /* Without 0xEE the protective entry is an ordinary MBR partition, and both read it so. */
  g_assert_true (plain_after (gpt_script, 446 + 4, 0x07));
  /* The protective entry moved to the second slot: the kernel still reads the GPT, the parse
   * looks for it in the first slot only. */
  {
    g_autofree uint8_t *t = sfdisk_table (gpt_script);
    memcpy (t + 446 + 16, t + 446, 16);
    memset (t + 446, 0, 16);
    g_assert_false (disk_label_plain (t, DISK_LABEL_READ_SIZE, DISK_SIZE));
  }
  /* A boot flag other than 0 or 0x80 on the protective entry: the kernel reads the GPT all the
   * same, winseed leaves it to the appliance (a needless but harmless fallback). */
  g_assert_false (plain_after (gpt_script, 446, 0x12));
  /* A GPT header where a disk of 4096-byte blocks keeps it: the appliance's disks have 512-byte
   * blocks, and its kernel never looks there. */
  g_autofree uint8_t *big = sfdisk_table (gpt_script);
  memmove (big + 4096, big + 512, 512);
  memset (big + 512, 0, 512);
  g_assert_false (disk_label_plain (big, DISK_LABEL_READ_SIZE, DISK_SIZE));
}

static void
test_empty (void)
{
  g_autofree uint8_t *zero = g_malloc0 (DISK_LABEL_READ_SIZE);
  struct disk_label l;
  disk_label_parse (zero, DISK_LABEL_READ_SIZE, &l);
  g_assert_cmpint (l.kind, ==, DISK_LABEL_NONE);
  g_assert_false (disk_label_plain (zero, DISK_LABEL_READ_SIZE, DISK_SIZE));
  g_assert_false (disk_label_plain (zero, 100, DISK_SIZE));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/disk-label/mbr-plain", test_mbr_plain);
  g_test_add_func ("/disk-label/gpt-plain", test_gpt_plain);
  g_test_add_func ("/disk-label/mbr-not-plain", test_mbr_not_plain);
  g_test_add_func ("/disk-label/mbr-boot-code", test_mbr_sgi_boot_code_byte);
  g_test_add_func ("/disk-label/gpt-not-plain", test_gpt_not_plain);
  g_test_add_func ("/disk-label/empty", test_empty);
  return g_test_run ();
}
