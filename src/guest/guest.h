/* guest: the only libguestfs session of a run, and the only file that includes <guestfs.h>.
 *
 * One appliance launch per run (launch costs ~12 s under TCG); never two guests in one appliance.
 * libguestfs errors never print by themselves: they come back as GErrors (domain WS_ERROR) whose
 * message names the operation and the path.
 *
 Commands do not call guest_open themselves: src/session/session.h opens the guest, picks and
 * mounts the root and hands out its hives.  Typical use below a session:
 *   guest_download (session_guest (s), "/Windows/INF/setupapi.dev.log", local, &err);
 * Paths inside the guest use '/' and are case-insensitive: guest_* functions resolve the real
 * case themselves (NTFS keeps case; Windows ignores it).
 */
#ifndef WS_GUEST_H
#define WS_GUEST_H

#include <stdint.h>
#include <glib.h>

#include "ws-delta.h"


/* One Windows installation: a filesystem holding <systemroot>/System32/config/SYSTEM.  Everything
 * else about it (version, architecture, drive letter...) is read from its hives by inspect. */
struct guest_root {
  char *device;          /* root filesystem, e.g. "/dev/sda2" */
  char *systemroot;      /* guest path of %SystemRoot% in its real case, e.g. "/Windows" */
};

/* How Windows' MountedDevices names a partition (docs/registry-and-hives.md#mounteddevices,
 * Microsoft "MountedDevices"): MBR disks by disk signature + byte offset, GPT disks by the
 * partition's GUID. */
struct guest_part_id {
  gboolean gpt;
  uint32_t mbr_signature;
  uint64_t offset;
  uint8_t guid[16];      /* Windows byte order */
};

typedef struct guest guest;

/* A disk image as given on the command line (-a, with the --format in force). */
struct guest_disk {
  char *path;
  char *format;   /* NULL: let libguestfs probe it */
};
/* Frees a struct guest_disk (a GDestroyNotify for arrays of them). */
void guest_disk_free (gpointer p);

struct guest_open_opts {
  const GPtrArray *disks;   /* struct guest_disk *, in -a order */
  gboolean readonly;
  int verbose;              /* > 1: appliance debug messages */
  gboolean trace;           /* libguestfs call trace */
  const char *tmpdir;       /* libguestfs' own temporary files go here (NULL: $TMPDIR) */
  const char *overlay_dir;  /* non-NULL: each disk is only read; the appliance writes to a qcow2
                             * overlay over it, created here (guest_overlay names it) */
};

/* Check each disk is a readable file (WS_EXIT_BAD_INPUT otherwise), lock it for the whole run
 * (flock(2): exclusive when writable, shared when readonly; a lock held elsewhere is
 * WS_EXIT_REFUSED naming the image, released by guest_free), add the disks (read-only when
 * readonly; with overlay_dir a source is locked shared, never opened for writing, and its
 * overlay is added writable instead) and launch the appliance (WS_EXIT_INTERNAL when it does not start).  Windows roots
 * are found right after the launch (every NTFS filesystem with a Windows directory holding a
 * SYSTEM hive) and are then available through guest_roots().  libguestfs' own inspection is not
 * used: it runs parted on every disk for every drive letter and aborts on a corrupt hive, while
 * winseed reads the hives itself anyway. */
guest *guest_open (const struct guest_open_opts *opts, GError **error);

/* FALSE with guest_open's WS_EXIT_REFUSED error when another process holds a lock on one of
 * disks that guest_open's (exclusive when writing in place, else shared) would conflict with.
 * Only a look: the lock is guest_open's.  It lets a command refuse a busy image at once, before
 * slower host-side work such as reading a large driver set; a disk it cannot open is left to
 * guest_open to refuse. */
gboolean guest_disks_free (const GPtrArray *disks, gboolean exclusive, GError **error);

/* With overlay_dir: the overlay over disk i (in -a order), which holds every write of the run
 * (borrowed); NULL without. */
const char *guest_overlay (guest *g, guint i);

/* Launch an appliance with no disk and shut it down: builds libguestfs' appliance cache once
 * before a batch starts several guests at once. */
gboolean guest_warm (GError **error);
/* Whether libguestfs would launch without building its appliance: a fixed appliance, or a
 * supermin cache that supermin's own --if-newer rule finds fresh.  FALSE when it cannot tell. */
gboolean guest_appliance_ready (void);

/* Shut the appliance down; for a writable session this flushes and must be checked. */
gboolean guest_shutdown (guest *g, GError **error);
void guest_free (guest *g);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (guest, guest_free)

/* The Windows roots inspection found (struct guest_root *; borrowed). */
GPtrArray *guest_roots (guest *g);

/* One-line description of why no Windows was found (BitLocker volumes, no filesystems, ...),
 * borrowed; NULL when roots were found. */
const char *guest_no_root_reason (guest *g);

/* The root to work on: the one named by root_device (--root), else the only one.  No Windows
 * found gives WS_EXIT_NOT_APPLICABLE (or WS_EXIT_REFUSED when the only candidate is BitLocker-
 * encrypted); several without --root gives WS_EXIT_USAGE listing them. */
const struct guest_root *guest_pick_root (guest *g, const char *root_device, GError **error);

/* Mount the root's filesystems at "/" (C: at /), always read-only: a conversion reads, plans and
 * stages everything first, so that a failure before the commit leaves the image bit-identical. */
gboolean guest_mount_root (guest *g, const struct guest_root *root, GError **error);

/* Remount the root read-write for the commit (writable sessions only).  ntfs-3g refuses a
 * hibernated or unclean (Fast Startup) NTFS volume: that is WS_EXIT_REFUSED, nothing written. */
gboolean guest_remount_rw (guest *g, const struct guest_root *root, GError **error);

/* Real-case guest path of a case-insensitive path under the mounted root, or NULL (no error set)
 * when it does not exist; NULL with *error set on a libguestfs failure. */
char *guest_resolve (guest *g, const char *path, GError **error);

/* File operations on the mounted root (paths are resolved case-insensitively). */
gboolean guest_is_file (guest *g, const char *path);
gboolean guest_is_dir (guest *g, const char *path);
int64_t guest_filesize (guest *g, const char *path, GError **error);          /* -1 on error */
gboolean guest_download (guest *g, const char *path, const char *local_path, GError **error);
/* Read at most max bytes from offset 0 of a file (for magic checks); *len gets the count. */
char *guest_read_head (guest *g, const char *path, size_t max, size_t *len, GError **error);
/* Read at most max bytes (at most a few MiB: one appliance message) at offset; *len gets the
 * count, 0 at the end of the file. */
char *guest_read_at (guest *g, const char *path, uint64_t offset, size_t max, size_t *len, GError **error);
/* Names of the entries of a directory (g_strfreev); NULL + error on failure. */
char **guest_ls (guest *g, const char *path, GError **error);
/* Free space in bytes of the filesystem holding path; -1 on error. */
int64_t guest_free_space (guest *g, const char *path, GError **error);

/* Writing (writable sessions only). upload writes local_path to path exactly (path's parent must
 * exist); mkdir_p creates missing parents; mv renames within one filesystem. */
gboolean guest_upload (guest *g, const char *local_path, const char *path, GError **error);
gboolean guest_mkdir_p (guest *g, const char *path, GError **error);
gboolean guest_mv (guest *g, const char *from, const char *to, GError **error);
gboolean guest_rm (guest *g, const char *path, GError **error);
/* Remove a directory tree. */
gboolean guest_rm_rf (guest *g, const char *path, GError **error);
/* Remove an empty directory. */
gboolean guest_rmdir (guest *g, const char *path, GError **error);
gboolean guest_sync (guest *g, GError **error);
/* Flush, then drop the appliance kernel's page, dentry and inode caches, so that the next reads
 * come from the disk image: a write the image did not keep cannot be read back from memory.
 * Nothing is done when nothing was written since the last drop (the cache then holds only what
 * was read from the disk after it). */
gboolean guest_drop_caches (guest *g, GError **error);
/* Real-case path: the existing components in their real case, the rest as written. */
char *guest_real_path (guest *g, const char *path);
/* Copy a guest file to a new name within the guest (nothing crosses the appliance channel). */
gboolean guest_copy (guest *g, const char *from, const char *to, GError **error);
/* Make the guest file at path hold what the local file holds, given the ranges where the two
 * differ (ws-delta.h): each range is written at its offset, then the file is cut or extended to
 * size.  The rest of the guest file is left as it is. */
gboolean guest_patch (guest *g, const char *path, const char *local, const GArray *ranges, guint64 size,
                      GError **error);
/* Write len bytes at offset of an existing guest file (extending it when offset + len passes its
 * end), and set a guest file's size (cut or extended with zeros). */
gboolean guest_write_at (guest *g, const char *path, guint64 offset, const void *data, size_t len,
                         GError **error);
gboolean guest_set_size (guest *g, const char *path, guint64 size, GError **error);
/* Unpack a local tar file at the guest's root (writable sessions only): one round trip for many
 * files.  Missing parent directories are created by tar.  paths (NULL-terminated, real case, as
 * the archive names them with a leading '/') are the files it holds: the cached listings learn
 * them instead of being read again. */
gboolean guest_tar_in (guest *g, const char *local_tar, const char *const *paths, GError **error);
/* "sha256" checksum (hex) of a guest file. */
char *guest_sha256 (guest *g, const char *path, GError **error);

/* guest_sha256, guest_read_at and guest_filesize of a path spelt exactly as the disk spells it
 * (as guest_resolve returned it, or as this run created it): no directory is listed to find
 * it, so reading a file back right after guest_drop_caches costs one call, not one listing per
 * directory on its way.  A path spelt otherwise is an error, as a missing file is. */
char *guest_sha256_exact (guest *g, const char *real, GError **error);
char *guest_read_at_exact (guest *g, const char *real, uint64_t offset, size_t max, size_t *len,
                           GError **error);
int64_t guest_filesize_exact (guest *g, const char *real, GError **error);

/* Partition identity of a filesystem device, for matching MountedDevices.  FALSE (no error)
 * when the device is not a partition of a partitioned disk. */
gboolean guest_partition_id (guest *g, const char *device, struct guest_part_id *out);

/* Whole-disk facts for blockers: partitions whose first sector says BitLocker ("-FVE-FS-"),
 * dynamic-disk (LDM) partitions.  Each returns a g_strfreev list of device names (maybe empty). */
char **guest_bitlocker_devices (guest *g, GError **error);
char **guest_ldm_partitions (guest *g, GError **error);

/* Whether a disk is GPT with an EFI System Partition, the layout Windows installs on UEFI
 * firmware (an MBR disk boots through BIOS).  FALSE + error when the disks cannot be listed. */
gboolean guest_has_esp (guest *g, gboolean *out, GError **error);
/* Index in -a order of the disk holding device ("/dev/sdb2" -> 1); -1 + error on failure. */
int guest_disk_index (guest *g, const char *device, GError **error);
/* qemu's name for the format of disk i in -a order ("raw", "qcow2", "vmdk", ...), as the check
 * before the launch read it (borrowed); NULL for an index past the disks. */
const char *guest_disk_format (guest *g, guint i);

#endif
