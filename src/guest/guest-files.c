/* guest-files: file and device operations on the mounted guest; see guest.h. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "ws-text.h"
#include "disk-label.h"
#include "guest-internal.h"
#include "banned.h"

/* Mount the root's filesystem at "/" (a Windows root is one filesystem: C:). */
static gboolean
mount_all (guest *g, const struct guest_root *root, gboolean rw, GError **error)
{
  /* noatime: the checks read back every file written, and each read would otherwise make
   * ntfs-3g write the file's access time, which the next flush then waits for; and what winseed
   * only reads keeps its times. */
  int r = rw ? guestfs_mount_options (g->g, "noatime", root->device, "/")
             : guestfs_mount_ro (g->g, root->device, "/");
  if (r == -1) {
    const char *msg = guestfs_last_error (g->g);
    /* ntfs-3g refuses to write to hibernated or unclean (Fast Startup) NTFS. */
    gboolean refused = msg && (strstr (msg, "hibernat") || strstr (msg, "unclean") ||
                               strstr (msg, "read-only") || strstr (msg, "Read-only"));
    guest_set_error (error, g, refused ? WS_EXIT_REFUSED : WS_EXIT_BAD_INPUT, "cannot mount %s %s",
                     root->device, rw ? "read-write" : "read-only");
    return FALSE;
  }
  /* ntfs-3g falls back to read-only on a hibernated volume instead of failing: find out now,
   * before anything is written, rather than at the first write. */
  if (rw && guestfs_touch (g->g, "/.winseed-rw-probe") == -1) {
    guest_set_error (error, g, WS_EXIT_REFUSED, "the filesystem on %s is read-only", root->device);
    return FALSE;
  }
  if (rw)
    guestfs_rm_f (g->g, "/.winseed-rw-probe");
  return TRUE;
}

gboolean
guest_unmount (guest *g, GError **error)
{
  if (g->mounted_ro == NULL && !g->mounted_rw)
    return TRUE;
  g_clear_pointer (&g->mounted_ro, g_free);
  g->mounted_rw = FALSE;
  guest_paths_forget (g);
  if (guestfs_umount_all (g->g) == -1) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot unmount the guest filesystems");
    return FALSE;
  }
  return TRUE;
}

gboolean
guest_mount_root (guest *g, const struct guest_root *root, GError **error)
{
  /* The search for roots leaves the last one it found mounted read-only: use it as it is, with
   * the directory listings read while searching. */
  if (g->mounted_ro && strcmp (g->mounted_ro, root->device) == 0)
    return TRUE;
  if (!guest_unmount (g, error) || !mount_all (g, root, FALSE, error))
    return FALSE;
  g->mounted_ro = g_strdup (root->device);
  return TRUE;
}

gboolean
guest_remount_rw (guest *g, const struct guest_root *root, GError **error)
{
  if (g->readonly) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "guest opened read-only: cannot mount read-write");
    return FALSE;
  }
  /* The same filesystem mounted again keeps its listings (the write probe removes its file
   * again): reading them a second time would cost a round trip per directory. */
  GHashTable *kept = NULL;
  if (g->mounted_ro && strcmp (g->mounted_ro, root->device) == 0) {
    kept = g->dirs;
    guest_paths_init (g);   /* the unmount empties a fresh table */
  }
  if (!guest_unmount (g, error) || !mount_all (g, root, TRUE, error)) {
    g_clear_pointer (&kept, g_hash_table_unref);
    return FALSE;
  }
  if (kept) {
    g_hash_table_unref (g->dirs);
    g->dirs = kept;
  }
  g->mounted_rw = TRUE;
  g->unflushed = TRUE;   /* the write probe, and nothing of this mount was read after a drop */
  return TRUE;
}

char *
guest_resolve (guest *g, const char *path, GError **error)
{
  char type;
  char *real = guest_paths_resolve (g, path, &type);
  if (real && type == 0)
    g_clear_pointer (&real, g_free);
  return real;
}

/* Real-case path for an operation on path (a missing last component is kept as written: the
 * operation reports it); a missing directory on the way is a bad-input error naming the path. */
static char *
resolve_existing (guest *g, const char *path, GError **error)
{
  char type;
  char *real = guest_paths_resolve (g, path, &type);
  if (real == NULL)
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot find guest path '%s': a directory on "
                 "the way does not exist", path);
  return real;
}

static char
path_type (guest *g, const char *path)
{
  char type = 0;
  g_autofree char *real = guest_paths_resolve (g, path, &type);
  return real ? type : 0;
}

gboolean
guest_is_file (guest *g, const char *path)
{
  return path_type (g, path) == 'r';
}

gboolean
guest_is_dir (guest *g, const char *path)
{
  return path_type (g, path) == 'd';
}

int64_t
guest_filesize_exact (guest *g, const char *real, GError **error)
{
  int64_t size = guestfs_filesize (g->g, real);
  if (size == -1)
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot stat guest file '%s'", real);
  return size;
}

int64_t
guest_filesize (guest *g, const char *path, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  return real ? guest_filesize_exact (g, real, error) : -1;
}

/* A file up to this size is read through pread calls, which cost a few ms each under TCG: a
 * download call costs 170 ms whatever the size, and a checksum call 55 ms (it starts a process). */
#define READ_DIRECT_MAX (4 << 20)
#define READ_CHUNK (1 << 20)   /* well under pread's limit of one protocol message */

/* Up to max bytes at offset of the guest file real (already resolved). */
static char *
pread_real (guest *g, const char *real, uint64_t offset, size_t max, size_t *len, GError **error)
{
  if (max > INT_MAX || offset > INT64_MAX) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "read of %zu bytes at %" G_GUINT64_FORMAT
                 " of guest file '%s' is out of range", max, offset, real);
    return NULL;
  }
  char *buf = guestfs_pread (g->g, real, (int) max, (int64_t) offset, len);
  if (buf == NULL)
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot read guest file '%s'", real);
  return buf;
}

typedef void (*chunk_sink) (const char *buf, size_t len, void *data, GError **error);

/* Read the guest file real from offset from up to size in chunks, handing each to sink.  A file
 * that turns out shorter simply ends early (a read shorter than asked is the end of the file);
 * the caller's check (a checksum, a hive's own header) catches it. */
static gboolean
read_chunks (guest *g, const char *real, int64_t from, int64_t size, chunk_sink sink, void *data,
             GError **error)
{
  for (int64_t off = from; off < size;) {
    size_t want = (size_t) MIN ((int64_t) READ_CHUNK, size - off);
    size_t len = 0;
    char *buf = pread_real (g, real, (uint64_t) off, want, &len, error);
    if (buf == NULL)
      return FALSE;
    GError *e = NULL;
    sink (buf, len, data, &e);
    free (buf);
    if (e) {
      g_propagate_error (error, e);
      return FALSE;
    }
    if (len < want)
      break;
    off += (int64_t) len;
  }
  return TRUE;
}

enum read_small {
  READ_SMALL_FAILED,
  READ_SMALL_DONE,
  READ_SMALL_TOO_BIG,   /* more than READ_DIRECT_MAX bytes: nothing was handed to the sink */
};

/* Hand the whole guest file real to sink, if it is small.  The first chunk is asked for before
 * the size: most files read this way (INF files, catalogs, small hives) fit in it and take one
 * round trip instead of two. */
static enum read_small
read_small (guest *g, const char *real, chunk_sink sink, void *data, GError **error)
{
  size_t len = 0;
  char *first = pread_real (g, real, 0, READ_CHUNK, &len, error);
  if (first == NULL)
    return READ_SMALL_FAILED;
  int64_t size = (int64_t) len;
  if (len == READ_CHUNK && (size = guestfs_filesize (g->g, real)) < 0) {
    free (first);
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot stat guest file '%s'", real);
    return READ_SMALL_FAILED;
  }
  if (size > READ_DIRECT_MAX) {
    free (first);
    return READ_SMALL_TOO_BIG;
  }
  GError *e = NULL;
  sink (first, len, data, &e);
  free (first);
  if (e) {
    g_propagate_error (error, e);
    return READ_SMALL_FAILED;
  }
  return read_chunks (g, real, (int64_t) len, size, sink, data, error) ? READ_SMALL_DONE : READ_SMALL_FAILED;
}

struct local_out {
  FILE *f;
  const char *path;
};

static void
write_chunk (const char *buf, size_t len, void *data, GError **error)
{
  struct local_out *out = data;
  if (fwrite (buf, 1, len, out->f) != len)
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write '%s': %s", out->path, g_strerror (errno));
}

gboolean
guest_download (guest *g, const char *path, const char *local_path, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return FALSE;
  struct local_out out = { .f = fopen (local_path, "wb"), .path = local_path };
  if (out.f == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot create '%s': %s", local_path, g_strerror (errno));
    return FALSE;
  }
  enum read_small r = read_small (g, real, write_chunk, &out, error);
  if (fclose (out.f) != 0 && r == READ_SMALL_DONE) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write '%s': %s", local_path, g_strerror (errno));
    return FALSE;
  }
  if (r != READ_SMALL_TOO_BIG)
    return r == READ_SMALL_DONE;
  /* A hive of real size: one download call, which truncates what the first read wrote. */
  if (guestfs_download (g->g, real, local_path) == -1) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot copy guest file '%s' to '%s'", real, local_path);
    return FALSE;
  }
  return TRUE;
}

char *
guest_read_at (guest *g, const char *path, uint64_t offset, size_t max, size_t *len, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  return real ? pread_real (g, real, offset, max, len, error) : NULL;
}

char *
guest_read_at_exact (guest *g, const char *real, uint64_t offset, size_t max, size_t *len, GError **error)
{
  return pread_real (g, real, offset, max, len, error);
}

char *
guest_read_head (guest *g, const char *path, size_t max, size_t *len, GError **error)
{
  return guest_read_at (g, path, 0, max, len, error);
}

char **
guest_ls (guest *g, const char *path, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return NULL;
  /* From the cached listing: the caller usually goes on to look at what it lists. */
  char **names = guest_paths_names (g, real);
  if (names == NULL)
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot list guest directory '%s'", real);
  return names;
}

int64_t
guest_free_space (guest *g, const char *path, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return -1;
  struct guestfs_statvfs *st = guestfs_statvfs (g->g, real);
  if (st == NULL) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot stat filesystem of '%s'", real);
    return -1;
  }
  int64_t avail = st->bavail * st->bsize;
  guestfs_free_statvfs (st);
  return avail;
}

/* Real-case path for something that may not exist yet: the parent must exist (its real case is
 * found), the last name is kept as written when there is no such entry. */
static char *
resolve_new (guest *g, const char *path, GError **error)
{
  return resolve_existing (g, path, error);
}

static gboolean
start_write (guest *g, GError **error)
{
  if (!g->mounted_rw) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "guest not mounted read-write: refusing to write");
    return FALSE;
  }
  /* From here the disk may differ from what the appliance cached: the next guest_drop_caches
   * flushes and drops (marked even when the write then fails: one flush too many, never one short). */
  g->unflushed = TRUE;
  return TRUE;
}

gboolean
guest_upload (guest *g, const char *local_path, const char *path, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  g_autofree char *real = resolve_new (g, path, error);
  if (real == NULL)
    return FALSE;
  if (guestfs_upload (g->g, local_path, real) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot write guest file '%s'", real);
    return FALSE;
  }
  guest_paths_added (g, real, 'r');
  return TRUE;
}

gboolean
guest_copy (guest *g, const char *from, const char *to, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  g_autofree char *rfrom = resolve_existing (g, from, error);
  g_autofree char *rto = rfrom ? resolve_new (g, to, error) : NULL;
  if (rto == NULL)
    return FALSE;
  /* Copied by the daemon itself: as fast as cp(1) on a hive of real size (the cost is ntfs-3g's),
   * without a process to start (70 ms under TCG) on a small one. */
  if (guestfs_copy_file_to_file (g->g, rfrom, rto, -1) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot copy guest file '%s' to '%s'", rfrom, rto);
    return FALSE;
  }
  guest_paths_added (g, rto, 'r');
  return TRUE;
}

/* Bytes per pwrite call: well under the appliance protocol's 4 MB message limit. */
#define PATCH_CHUNK (1u << 20)

/* len bytes (at most PATCH_CHUNK) at offset of the guest file real.  pwrite may write less than
 * asked: go on from where it stopped. */
static gboolean
pwrite_real (guest *g, const char *real, const char *data, size_t len, guint64 offset, GError **error)
{
  for (size_t put = 0; put < len;) {
    int n = guestfs_pwrite (g->g, real, data + put, len - put, (int64_t) (offset + put));
    if (n <= 0) {
      guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot write guest file '%s' at offset %"
                       G_GUINT64_FORMAT, real, offset + put);
      return FALSE;
    }
    put += (size_t) n;
  }
  return TRUE;
}

gboolean
guest_write_at (guest *g, const char *path, guint64 offset, const void *data, size_t len, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return FALSE;
  for (size_t done = 0; done < len; done += MIN (len - done, (size_t) PATCH_CHUNK))
    if (!pwrite_real (g, real, (const char *) data + done, MIN (len - done, (size_t) PATCH_CHUNK),
                      offset + done, error))
      return FALSE;
  return TRUE;
}

gboolean
guest_set_size (guest *g, const char *path, guint64 size, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return FALSE;
  if (guestfs_truncate_size (g->g, real, (int64_t) size) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot set the size of guest file '%s'", real);
    return FALSE;
  }
  return TRUE;
}

/* Write [offset, offset + length) of the local file at the same offset of the guest file. */
static gboolean
patch_range (guest *g, const char *real, FILE *in, const char *local, const struct ws_range *r,
             GError **error)
{
  g_autofree char *buf = g_malloc (PATCH_CHUNK);
  for (guint64 done = 0; done < r->length;) {
    size_t want = (size_t) MIN ((guint64) PATCH_CHUNK, r->length - done);
    if (fseeko (in, (off_t) (r->offset + done), SEEK_SET) != 0 || fread (buf, 1, want, in) != want) {
      g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot read '%s' at offset %" G_GUINT64_FORMAT,
                   local, r->offset + done);
      return FALSE;
    }
    if (!pwrite_real (g, real, buf, want, r->offset + done, error))
      return FALSE;
    done += want;
  }
  return TRUE;
}

gboolean
guest_patch (guest *g, const char *path, const char *local, const GArray *ranges, guint64 size,
             GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return FALSE;
  FILE *in = fopen (local, "rbe");
  if (in == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot read '%s': %s", local, g_strerror (errno));
    return FALSE;
  }
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < ranges->len; i++)
    ok = patch_range (g, real, in, local, &g_array_index (ranges, struct ws_range, i), error);
  fclose (in);
  return ok && guest_set_size (g, real, size, error);
}

gboolean
guest_tar_in (guest *g, const char *local_tar, const char *const *paths, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  if (guestfs_tar_in (g->g, local_tar, "/") == -1) {
    /* Whatever got unpacked, the cached listings are out of date now. */
    guest_paths_forget (g);
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot write files into the guest");
    return FALSE;
  }
  /* Unpacked whole: each file, and each directory on its way, is now where the archive put it. */
  for (size_t i = 0; paths[i]; i++) {
    for (const char *slash = strchr (paths[i] + 1, '/'); slash; slash = strchr (slash + 1, '/')) {
      g_autofree char *dir = g_strndup (paths[i], (gsize) (slash - paths[i]));
      guest_paths_added (g, dir, 'd');
    }
    guest_paths_added (g, paths[i], 'r');
  }
  return TRUE;
}

gboolean
guest_mkdir_p (guest *g, const char *path, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  /* Walk down, reusing existing components whatever their case. */
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  g_autofree char *cur = g_strdup ("");
  for (size_t i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0')
      continue;
    g_autofree char *next = g_strdup_printf ("%s/%s", cur, parts[i]);
    g_autofree char *real = guest_resolve (g, next, NULL);
    if (real == NULL) {
      real = g_strdup_printf ("%s/%s", cur, parts[i]);
      if (guestfs_mkdir (g->g, real) == -1) {
        guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot create guest directory '%s'", real);
        return FALSE;
      }
      guest_paths_added (g, real, 'd');
    }
    g_free (cur);
    cur = g_steal_pointer (&real);
  }
  return TRUE;
}

gboolean
guest_mv (guest *g, const char *from, const char *to, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  char type = 0;
  g_autofree char *rfrom = guest_paths_resolve (g, from, &type);
  g_autofree char *rto = resolve_new (g, to, error);
  if (rfrom == NULL || type == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK, "cannot rename guest file '%s': it does not exist", from);
    return FALSE;
  }
  if (rto == NULL)
    return FALSE;
  if (guestfs_rename (g->g, rfrom, rto) == -1) {   /* rename(2): no mv process to start */
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot rename guest file '%s' to '%s'", rfrom, rto);
    return FALSE;
  }
  guest_paths_removed (g, rfrom);
  guest_paths_added (g, rto, type);
  return TRUE;
}

gboolean
guest_rm (guest *g, const char *path, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  g_autofree char *real = guest_resolve (g, path, error);
  if (real == NULL)
    return error == NULL || *error == NULL;   /* already absent */
  if (guestfs_rm_f (g->g, real) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot remove guest file '%s'", real);
    return FALSE;
  }
  guest_paths_removed (g, real);
  return TRUE;
}

gboolean
guest_rm_rf (guest *g, const char *path, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  g_autofree char *real = guest_resolve (g, path, error);
  if (real == NULL)
    return error == NULL || *error == NULL;
  if (guestfs_rm_rf (g->g, real) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot remove guest directory '%s'", real);
    return FALSE;
  }
  guest_paths_removed (g, real);
  return TRUE;
}

gboolean
guest_rmdir (guest *g, const char *path, GError **error)
{
  if (!start_write (g, error))
    return FALSE;
  g_autofree char *real = guest_resolve (g, path, error);
  if (real == NULL)
    return error == NULL || *error == NULL;
  if (guestfs_rmdir (g->g, real) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot remove guest directory '%s'", real);
    return FALSE;
  }
  guest_paths_removed (g, real);
  return TRUE;
}

gboolean
guest_sync (guest *g, GError **error)
{
  if (guestfs_sync (g->g) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot flush guest filesystems");
    return FALSE;
  }
  return TRUE;
}

gboolean
guest_drop_caches (guest *g, GError **error)
{
  /* Nothing written since the last drop: what the appliance has cached was read from the disk
   * after that drop, so it is what the disk holds (a flush of nothing costs 0.6 s under TCG). */
  if (!g->unflushed)
    return TRUE;
  /* drop_caches flushes first (sync_disks in the daemon's dropcaches.c): a sync call before it
   * would cost a second flush. */
  if (guestfs_drop_caches (g->g, 3) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLBACK_INCOMPLETE, "cannot drop the appliance's caches");
    return FALSE;
  }
  guest_paths_forget (g);   /* our listings too: the next lookups list the disk again */
  g->unflushed = FALSE;
  return TRUE;
}

static void
hash_chunk (const char *buf, size_t len, void *sum, GError **error)
{
  (void) error;
  g_checksum_update (sum, (const guchar *) buf, len);
}

char *
guest_sha256 (guest *g, const char *path, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  return real ? guest_sha256_exact (g, real, error) : NULL;
}

char *
guest_sha256_exact (guest *g, const char *real, GError **error)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  enum read_small r = read_small (g, real, hash_chunk, sum, error);
  if (r != READ_SMALL_TOO_BIG)
    return r == READ_SMALL_DONE ? g_strdup (g_checksum_get_string (sum)) : NULL;
  /* Hashed in the appliance: a hive of real size does not cross the channel. */
  char *in_guest = guestfs_checksum (g->g, "sha256", real);
  if (in_guest == NULL)
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot checksum guest file '%s'", real);
  return in_guest;
}

/* A libguestfs string list as a GStrv (g_strfreev), or NULL when the call failed. */
static char **
to_strv (char **list)
{
  if (list == NULL)
    return NULL;
  char **v = g_strdupv (list);
  for (size_t i = 0; list[i]; i++)
    free (list[i]);
  free (list);
  return v;
}

/* The name of the i-th disk added: libguestfs names the disks /dev/sda, /dev/sdb, ... in the order
 * they were added ("BLOCK DEVICE NAMING" in guestfs(3)), after /dev/sdz come /dev/sdaa, ... as in
 * the kernel. */
static char *
disk_device_name (guint i)
{
  char letters[8];
  size_t n = sizeof letters - 1;
  letters[n] = '\0';
  for (guint k = i + 1; k > 0 && n > 0; k = (k - 1) / 26)
    letters[--n] = (char) ('a' + (k - 1) % 26);
  return g_strconcat ("/dev/sd", letters + n, NULL);
}

/* The whole disks (borrowed), named from the disks added: list_devices would cost a round trip
 * (it waits for udev in the appliance: 0.3 s under TCG). */
static char **
devices (guest *g)
{
  if (g->devices == NULL) {
    g->devices = g_new0 (char *, g->disks->len + 1);
    for (guint i = 0; i < g->disks->len; i++)
      g->devices[i] = disk_device_name (i);
  }
  return g->devices;
}

/* A disk's partition table as read once per run (one round trip), and whether the kernel reads
 * it the same way (disk_label_plain). */
struct table {
  struct disk_label label;
  gboolean plain;
};

static const struct table *
table_of (guest *g, guint disk)
{
  const char *dev = devices (g)[disk];
  struct table *t = g_hash_table_lookup (g->labels, dev);
  if (t)
    return t;
  t = g_new0 (struct table, 1);
  size_t len = 0;
  char *buf = guestfs_pread_device (g->g, dev, DISK_LABEL_READ_SIZE, 0, &len);
  if (buf) {
    disk_label_parse ((const uint8_t *) buf, len, &t->label);
    guint64 size = disk < g->disk_sizes->len ? g_array_index (g->disk_sizes, guint64, disk) : 0;
    t->plain = disk_label_plain ((const uint8_t *) buf, len, size);
  }
  free (buf);
  g_hash_table_insert (g->labels, g_strdup (dev), t);
  return t;
}

static const struct disk_label *
label_of (guest *g, guint disk)
{
  return &table_of (g, disk)->label;
}

/* "/dev/sda" and 2: "/dev/sda2", the name Linux gives a partition of a disk named by libguestfs
 * (sd*, vd*: a letter ends the disk's name, so no "p" comes between). */
static char *
partition_name (const char *disk, int number)
{
  return g_strdup_printf ("%s%d", disk, number);
}

/* The partitions named from the disks' own tables, or NULL when the kernel might read one of them
 * otherwise.  The tables are read anyway (MountedDevices, dynamic disks, the ESP), one round trip
 * each; list_partitions waits for udev to settle in the appliance (0.2-0.5 s under TCG). */
static char **
partitions_from_labels (guest *g)
{
  char **devs = devices (g);
  for (guint i = 0; devs[i]; i++)
    if (!table_of (g, i)->plain)
      return NULL;
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; devs[i]; i++) {
    const struct disk_label *l = label_of (g, i);
    for (size_t j = 0; j < l->n; j++)
      g_ptr_array_add (out, partition_name (devs[i], l->parts[j].number));
  }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static gboolean
list_partitions (guest *g, GError **error)
{
  if (g->partition_names == PARTITION_NAMES_TRY_TABLES && (g->partitions = partitions_from_labels (g)) != NULL) {
    g->partition_names = PARTITION_NAMES_FROM_TABLES;
    return TRUE;
  }
  g->partition_names = PARTITION_NAMES_FROM_APPLIANCE;
  if ((g->partitions = to_strv (guestfs_list_partitions (g->g))) == NULL) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot list the disk's partitions");
    return FALSE;
  }
  return TRUE;
}

gboolean
guest_mistrust_labels (guest *g)
{
  if (g->partition_names != PARTITION_NAMES_FROM_TABLES)
    return FALSE;
  g->partition_names = PARTITION_NAMES_FROM_APPLIANCE;
  g_strfreev (g->partitions);
  g->partitions = NULL;
  return TRUE;
}

/* Partitions, or the whole devices when a disk has no partition table. */
char **
guest_list_volumes (guest *g, GError **error)
{
  if (g->partitions == NULL && !list_partitions (g, error))
    return NULL;
  char **devs = devices (g);
  GPtrArray *out = g_ptr_array_new ();
  for (size_t i = 0; g->partitions[i]; i++)
    g_ptr_array_add (out, g_strdup (g->partitions[i]));
  for (size_t i = 0; devs[i]; i++) {
    gboolean partitioned = FALSE;
    for (size_t j = 0; g->partitions[j]; j++)
      if (g_str_has_prefix (g->partitions[j], devs[i])
          && g_ascii_isdigit (g->partitions[j][strlen (devs[i])]))   /* sda1, not sdaa1 */
        partitioned = TRUE;
    if (!partitioned)
      g_ptr_array_add (out, g_strdup (devs[i]));
  }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/* "/dev/sda3" -> "/dev/sda", 3: the appliance names disks sdX/vdX and partitions by number. */
static gboolean
split_partition (const char *device, char **dev, int *n)
{
  size_t len = strlen (device), i = len;
  while (i > 0 && g_ascii_isdigit (device[i - 1]))
    i--;
  if (i == len || i < 6 || !g_str_has_prefix (device, "/dev/") || g_ascii_isdigit (device[i - 1]))
    return FALSE;
  *dev = g_strndup (device, i);
  *n = atoi (device + i);
  return *n > 0;
}

/* The table entry of a partition ("/dev/sda3") and its disk's table, or NULL. */
static const struct disk_partition *
partition_of (guest *g, const char *device, const struct disk_label **label)
{
  g_autofree char *dev = NULL;
  int n;
  if (!split_partition (device, &dev, &n))
    return NULL;
  char **devs = devices (g);
  for (guint i = 0; devs[i]; i++)
    if (strcmp (devs[i], dev) == 0) {
      *label = label_of (g, i);
      return disk_label_find (*label, n);
    }
  return NULL;
}

gboolean
guest_volume_may_hold_windows (guest *g, const char *volume)
{
  /* Only a table the kernel reads as winseed does names the partitions it describes. */
  if (g->partition_names != PARTITION_NAMES_FROM_TABLES)
    return TRUE;
  const struct disk_label *l = NULL;
  const struct disk_partition *p = partition_of (g, volume, &l);
  return p == NULL || !disk_partition_holds_no_volume (l, p);
}

gboolean
guest_partition_id (guest *g, const char *device, struct guest_part_id *out)
{
  memset (out, 0, sizeof *out);
  const struct disk_label *l = NULL;
  const struct disk_partition *p = partition_of (g, device, &l);
  if (p == NULL)
    return FALSE;
  out->gpt = l->kind == DISK_LABEL_GPT;
  out->mbr_signature = l->mbr_signature;
  out->offset = p->start;
  memcpy (out->guid, p->gpt_guid, 16);
  return TRUE;
}

char **
guest_bitlocker_devices (guest *g, GError **error)
{
  g_auto (GStrv) vols = guest_list_volumes (g, error);
  if (vols == NULL)
    return NULL;
  GPtrArray *out = g_ptr_array_new ();
  for (size_t i = 0; vols[i]; i++) {
    if (!guest_volume_may_hold_windows (g, vols[i]))
      continue;
    /* The launch already read every boot sector: use what it found. */
    const char *type = g_hash_table_lookup (g->fs_types, vols[i]);
    if (type) {
      if (strcmp (type, "BitLocker") == 0)
        g_ptr_array_add (out, g_strdup (vols[i]));
      continue;
    }
    size_t len = 0;
    /* A BitLocker volume's boot sector carries the OEM ID "-FVE-FS-" where NTFS has "NTFS    ". */
    char *buf = guestfs_pread_device (g->g, vols[i], 16, 0, &len);
    if (buf && len >= 11 && memcmp (buf + 3, "-FVE-FS-", 8) == 0)
      g_ptr_array_add (out, g_strdup (vols[i]));
    free (buf);
  }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

char **
guest_ldm_partitions (guest *g, GError **error)
{
  (void) error;   /* the disks' names and tables cannot fail to be read: a table that cannot is empty */
  char **devs = devices (g);
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; devs[i]; i++) {
    const struct disk_label *l = label_of (g, i);
    for (size_t j = 0; j < l->n; j++)
      if (disk_partition_is_ldm (l, &l->parts[j]))
        g_ptr_array_add (out, partition_name (devs[i], l->parts[j].number));
  }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

gboolean
guest_has_esp (guest *g, gboolean *out, GError **error)
{
  (void) error;
  *out = FALSE;
  char **devs = devices (g);
  for (guint i = 0; devs[i]; i++) {
    const struct disk_label *l = label_of (g, i);
    for (size_t j = 0; j < l->n; j++)
      if (disk_partition_is_esp (l, &l->parts[j]))
        *out = TRUE;
  }
  return TRUE;
}

int
guest_disk_index (guest *g, const char *device, GError **error)
{
  g_autofree char *dev = NULL;
  int n;
  int index = guestfs_device_index (g->g, split_partition (device, &dev, &n) ? dev : device);
  if (index < 0)
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot tell which disk holds '%s'", device);
  return index;
}
