/* guest: the one libguestfs session; see guest.h. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <guestfs.h>

#include "ws-error.h"
#include "ws-interrupt.h"
#include "disk-format.h"
#include "guest-internal.h"
#include "banned.h"

void G_GNUC_PRINTF (4, 5)
guest_set_error (GError **error, guest *g, int code, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  const char *msg = guestfs_last_error (g->g);
  g_set_error (error, WS_ERROR, code, "%s: %s", what, msg ? msg : "unknown libguestfs error");
}


static void
root_free (gpointer p)
{
  struct guest_root *r = p;
  g_free (r->device);
  g_free (r->systemroot);
  g_free (r);
}

static gboolean unmount_written (guest *g);

void
guest_free (guest *g)
{
  if (g == NULL)
    return;
  if (g->g) {
    if (g->launched)
      unmount_written (g);   /* a failed run's writes were rolled back: they must reach the disk too */
    guestfs_close (g->g);
    ws_interrupt_set_child (0);
  }
  guest_watchdog_stop (g);   /* after the appliance: it would kill one still running */
  g_free (g->mounted_ro);
  if (g->roots)
    g_ptr_array_unref (g->roots);
  if (g->labels)
    g_hash_table_unref (g->labels);
  if (g->fs_types)
    g_hash_table_unref (g->fs_types);
  if (g->dirs)
    g_hash_table_unref (g->dirs);
  if (g->overlays)
    g_ptr_array_unref (g->overlays);
  if (g->formats)
    g_ptr_array_unref (g->formats);
  if (g->disk_sizes)
    g_array_unref (g->disk_sizes);
  g_strfreev (g->devices);
  g_strfreev (g->partitions);
  /* Closing the descriptors releases the locks, after the appliance is gone. */
  for (guint i = 0; g->lock_fds && i < g->lock_fds->len; i++)
    close (g_array_index (g->lock_fds, int, i));
  if (g->lock_fds)
    g_array_unref (g->lock_fds);
  g_free (g->no_root_reason);
  g_free (g);
}

void
guest_disk_free (gpointer p)
{
  struct guest_disk *d = p;
  g_free (d->path);
  g_free (d->format);
  g_free (d);
}

/* Refuse what qemu would only fail on later, with a message naming the file; the format qemu
 * reads it as (g_free), or NULL; *size is the disk's size as the guest sees it, 0 when unknown. */
static char *
check_disk_file (const struct guest_disk *d, gboolean readonly, guint64 *size, GError **error)
{
  struct stat st;
  if (stat (d->path, &st) != 0) {
    int e = errno;
    if (e == ENOENT)
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "disk image '%s' does not exist", d->path);
    else
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read disk image '%s': %s", d->path,
                   g_strerror (e));
    return NULL;
  }
  if (S_ISDIR (st.st_mode)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "disk image '%s' is a directory", d->path);
    return NULL;
  }
  /* A FIFO would block the lock's open(2) (and qemu) forever; a character device or socket is no
   * disk qemu can use either. */
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "disk image '%s' is a %s, not a file or a block device",
                 d->path, S_ISFIFO (st.st_mode) ? "FIFO" : S_ISCHR (st.st_mode) ? "character device"
                 : S_ISSOCK (st.st_mode) ? "socket" : "special file");
    return NULL;
  }
  /* An empty file has no partition table: say so without starting the appliance. */
  if (S_ISREG (st.st_mode) && st.st_size == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "disk image '%s' is empty (0 bytes)", d->path);
    return NULL;
  }
  if (access (d->path, readonly ? R_OK : R_OK | W_OK) != 0) {
    int e = errno;
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot %s disk image '%s': %s",
                 readonly ? "read" : "write", d->path, g_strerror (e));
    return NULL;
  }
  return disk_check_format (d->path, d->format, !readonly, size, error);
}

static void
set_busy_error (GError **error, const char *path)
{
  g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "disk image '%s' is in use: another process "
               "holds its lock (one writer per image)", path);
}

/* One writer per image: a writable run holds an exclusive flock(2) on each image for its whole
 * run, a read-only one a shared lock, so a second conversion (or a reader during a conversion) is
 * refused at once, naming the image, instead of failing deep inside qemu ("appliance closed the
 * connection").  flock, not fcntl: qemu's own locks are OFD fcntl locks on other descriptors and
 * must not conflict with ours, and flock(1) in scripts takes the same kind of lock.  The
 * descriptor is close-on-exec so qemu never inherits it. */
static gboolean
lock_disk (guest *g, const struct guest_disk *d, gboolean exclusive, GError **error)
{
  int fd = open (d->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd == -1) {
    int e = errno;
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot open disk image '%s': %s", d->path,
                 g_strerror (e));
    return FALSE;
  }
  g_array_append_val (g->lock_fds, fd);
  if (flock (fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
    return TRUE;
  int e = errno;
  if (e == EWOULDBLOCK)
    set_busy_error (error, d->path);
  else
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot lock disk image '%s': %s", d->path,
                 g_strerror (e));
  return FALSE;
}

gboolean
guest_disks_free (const GPtrArray *disks, gboolean exclusive, GError **error)
{
  for (guint i = 0; disks && i < disks->len; i++) {
    const struct guest_disk *d = g_ptr_array_index (disks, i);
    struct stat st;
    /* Only what guest_open would lock; anything else is its to refuse, with its message. */
    if (stat (d->path, &st) != 0 || !(S_ISREG (st.st_mode) || S_ISBLK (st.st_mode)))
      continue;
    int fd = open (d->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd == -1)
      continue;
    gboolean busy = flock (fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close (fd);   /* releases the probe's lock */
    if (busy) {
      set_busy_error (error, d->path);
      return FALSE;
    }
  }
  return TRUE;
}

/* With an overlay directory: the overlay that takes disk i's writes, the disk only read. */
static char *
make_overlay (guest *g, const char *dir, guint i, const struct guest_disk *d, const char *fmt,
              GError **error)
{
  g_autofree char *name = g_strdup_printf ("overlay-%u.qcow2", i + 1);
  char *overlay = g_build_filename (dir, name, NULL);
  if (!disk_overlay_create (d->path, fmt, overlay, error)) {
    g_free (overlay);
    return NULL;
  }
  return overlay;
}

static gboolean
add_disks (guest *g, const char *overlay_dir, GError **error)
{
  /* Over an overlay the source is read, never written: a shared lock, no writability check. */
  gboolean source_ro = g->readonly || overlay_dir;
  for (guint i = 0; i < g->disks->len; i++) {
    const struct guest_disk *d = g_ptr_array_index (g->disks, i);
    guint64 size = 0;
    g_autofree char *fmt = check_disk_file (d, source_ro, &size, error);
    if (fmt == NULL || !lock_disk (g, d, !source_ro, error))
      return FALSE;
    g_ptr_array_add (g->formats, g_strdup (fmt));
    g_array_append_val (g->disk_sizes, size);
    struct guestfs_add_drive_opts_argv a = { .bitmask = GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK };
    a.readonly = g->readonly;
    const char *path = d->path;
    if (overlay_dir) {
      char *overlay = make_overlay (g, overlay_dir, i, d, fmt, error);
      if (overlay == NULL)
        return FALSE;
      g_ptr_array_add (g->overlays, overlay);
      path = overlay;
      a.bitmask |= GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK;
      a.format = "qcow2";
    } else {
      /* The format the check found (or --format): libguestfs would otherwise run qemu-img info a
       * second time to probe it, and a raw image is never probed at all. */
      a.bitmask |= GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK;
      a.format = fmt;
    }
    if (guestfs_add_drive_opts_argv (g->g, path, &a) == -1) {
      guest_set_error (error, g, WS_EXIT_BAD_INPUT, "cannot add disk image '%s'", d->path);
      return FALSE;
    }
  }
  return TRUE;
}

/* The Windows directory of the filesystem mounted at "/", in its real case, or NULL.  A root is
 * a directory whose System32\config holds a SYSTEM hive, as libguestfs' inspection requires.
 * Resolved through the cached listings (guest-paths.c), which the session then goes on using
 * when this volume stays mounted. */
static char *
windows_dir (guest *g)
{
  static const char *const candidates[] = { "/windows", "/winnt" };
  for (size_t i = 0; i < G_N_ELEMENTS (candidates); i++) {
    g_autofree char *hive = g_strdup_printf ("%s/system32/config/system", candidates[i]);
    char type = 0;
    g_autofree char *real = guest_paths_resolve (g, hive, &type);
    if (real && type == 'r')
      return g_strndup (real, strlen (candidates[i]));
  }
  return NULL;
}

/* A volume as its boot sector describes it: "ntfs", "BitLocker" or "unknown" (the OEM ID at byte
 * 3), and for NTFS its size in bytes (sectors at 0x28 times bytes per sector at 0x0b).  One small
 * read per volume; blkid (list_filesystems) costs seconds under TCG. */
struct volume {
  const char *dev;
  guint disk_order;   /* its place in the listing of volumes */
  const char *kind;
  uint64_t size;
  gboolean unmountable;   /* its mount as NTFS failed already */
};

/* FALSE when the volume cannot be read at all. */
static gboolean
read_volume (guest *g, struct volume *v)
{
  size_t len = 0;
  unsigned char *buf = (unsigned char *) guestfs_pread_device (g->g, v->dev, 48, 0, &len);
  v->kind = "unknown";
  v->size = 0;
  if (buf && len >= 48 && memcmp (buf + 3, "NTFS    ", 8) == 0) {
    v->kind = "ntfs";
    uint64_t sectors = 0;
    for (int i = 7; i >= 0; i--)
      sectors = sectors << 8 | buf[0x28 + i];
    v->size = sectors * (uint64_t) (buf[0x0b] | buf[0x0c] << 8);
  } else if (buf && len >= 11 && memcmp (buf + 3, "-FVE-FS-", 8) == 0)
    v->kind = "BitLocker";
  gboolean read = buf != NULL;
  free (buf);
  return read;
}

/* NTFS volumes in ascending order of size, others in disk order before them: the largest, most
 * often C:, is probed last and stays mounted for the command (one mount fewer per run). */
static gint
by_size (gconstpointer a, gconstpointer b)
{
  const struct volume *x = a, *y = b;
  return (x->size > y->size) - (x->size < y->size);
}

/* The one volume that may hold Windows is mounted read-only as NTFS without reading its boot
 * sector first (each device call waits for udev in the appliance: 0.1-0.2 s under TCG).  Only
 * when that mount fails does read_volume say what the volume is (BitLocker, say).  FALSE when the
 * volume cannot be read at all. */
static gboolean
probe_volume (guest *g, struct volume *v, gboolean only_candidate)
{
  if (only_candidate && guestfs_mount_vfs (g->g, "ro", "ntfs", v->dev, "/") == 0) {
    g->mounted_ro = g_strdup (v->dev);
    v->kind = "ntfs";
    return TRUE;
  }
  v->unmountable = only_candidate;
  return read_volume (g, v);
}

static gboolean
collect_roots (guest *g, GError **error)
{
  g_auto (GStrv) vols = guest_list_volumes (g, error);
  if (vols == NULL)
    return FALSE;
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (struct volume));
  guint candidates = 0;
  for (guint i = 0; vols[i]; i++)
    candidates += guest_volume_may_hold_windows (g, vols[i]);
  for (guint i = 0; vols[i]; i++) {
    if (!guest_volume_may_hold_windows (g, vols[i]))
      continue;
    struct volume v = { .dev = vols[i], .disk_order = i };
    if (!probe_volume (g, &v, candidates == 1) && guest_mistrust_labels (g)) {
      /* A partition named from its disk's table is missing: the kernel read the table otherwise,
       * so start again from the appliance's own list. */
      g_hash_table_remove_all (g->fs_types);
      return collect_roots (g, error);
    }
    g_hash_table_insert (g->fs_types, g_strdup (v.dev), g_strdup (v.kind));
    g_array_append_val (order, v);
  }
  g_array_sort (order, by_size);   /* stable in glib: equal sizes keep disk order */
  /* Roots are kept in disk order, whatever order they were probed in: --root and messages list
   * them so. */
  guint n_vols = g_strv_length (vols);
  g_autofree struct guest_root **found = g_new0 (struct guest_root *, n_vols);
  for (guint i = 0; i < order->len; i++) {
    const struct volume *v = &g_array_index (order, struct volume, i);
    if (g->mounted_ro == NULL || strcmp (g->mounted_ro, v->dev) != 0) {
      guest_unmount (g, NULL);
      /* A filesystem that does not mount read-only is not one Windows could boot from. */
      if (strcmp (v->kind, "ntfs") != 0 || v->unmountable || guestfs_mount_ro (g->g, v->dev, "/") == -1)
        continue;
      g->mounted_ro = g_strdup (v->dev);
    }
    char *dir = windows_dir (g);
    if (dir) {
      struct guest_root *r = g_new0 (struct guest_root, 1);
      r->device = g_strdup (v->dev);
      r->systemroot = dir;
      found[v->disk_order] = r;
    }
  }
  for (guint i = 0; i < n_vols; i++)
    if (found[i])
      g_ptr_array_add (g->roots, found[i]);
  if (g->roots->len == 0)
    guest_unmount (g, NULL);
  return TRUE;
}

/* Why inspection found no Windows: BitLocker first (the user can act on it), then what is there. */
static char *
explain_no_root (guest *g)
{
  g_auto (GStrv) bl = guest_bitlocker_devices (g, NULL);
  if (bl && bl[0]) {
    g_autofree char *list = g_strjoinv (", ", bl);
    return g_strdup_printf ("BitLocker-encrypted volume on %s (decrypt it, or suspend protection "
                            "and decrypt, before converting)", list);
  }
  char **fs = guestfs_list_filesystems (g->g);
  /* "unknown" is what blkid says of a device with no filesystem signature: not a filesystem. */
  GString *s = g_string_new (NULL);
  for (size_t i = 0; fs && fs[i] && fs[i + 1]; i += 2)
    if (strcmp (fs[i + 1], "unknown") != 0)
      g_string_append_printf (s, "%s%s on %s", s->len ? ", " : "", fs[i + 1], fs[i]);
  for (size_t i = 0; fs && fs[i]; i++)
    free (fs[i]);
  free (fs);
  if (s->len == 0) {
    g_string_free (s, TRUE);
    return g_strdup ("no partition table or filesystem found (is this a disk image?)");
  }
  g_string_prepend (s, "no Windows installation found (filesystems: ");
  g_string_append (s, ")");
  return g_string_free (s, FALSE);
}

guest *
guest_open (const struct guest_open_opts *opts, GError **error)
{
  g_autoptr (guest) g = g_new0 (guest, 1);
  g->disks = opts->disks;
  g->readonly = opts->readonly;
  g->roots = g_ptr_array_new_with_free_func (root_free);
  g->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g->fs_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g->lock_fds = g_array_new (FALSE, FALSE, sizeof (int));
  g->formats = g_ptr_array_new_with_free_func (g_free);
  g->disk_sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g->watchdog_fd = -1;
  if (opts->overlay_dir)
    g->overlays = g_ptr_array_new_with_free_func (g_free);
  guest_paths_init (g);
  g->g = guestfs_create ();
  if (g->g == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot create a libguestfs handle: %s",
                 g_strerror (errno));
    return NULL;
  }
  /* Errors come back as GErrors with context; libguestfs must not print them itself. */
  guestfs_set_error_handler (g->g, NULL, NULL);
  if (opts->verbose > 1)
    guestfs_set_verbose (g->g, 1);
  if (opts->trace)
    guestfs_set_trace (g->g, 1);
  /* No autosync: read-only disks are behind libguestfs' throw-away overlays, and a written guest
   * is unmounted by guest_shutdown and guest_free themselves (unmount_written says why). */
  guestfs_set_autosync (g->g, 0);
  if (!add_disks (g, opts->overlay_dir, error))
    return NULL;
  /* qemu in its own process group: a terminal's ^C reaches winseed only, which decides (a commit
   * in progress rolls back first; see ws-interrupt.h) and then kills the appliance itself. */
  guestfs_set_pgroup (g->g, 1);
  /* Inside the run's scratch directory, so that a signal's clean-up removes them too. */
  if (opts->tmpdir && guestfs_set_tmpdir (g->g, opts->tmpdir) == -1) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot use '%s' for libguestfs' temporary files",
                     opts->tmpdir);
    return NULL;
  }
  if (!guest_watchdog_start (g, error))
    return NULL;
  if (guestfs_launch (g->g) == -1) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot launch the libguestfs appliance");
    return NULL;
  }
  g->launched = TRUE;
  int pid = guestfs_get_pid (g->g);
  if (pid > 0)
    ws_interrupt_set_child (pid);
  if (!collect_roots (g, error))
    return NULL;
  if (g->roots->len == 0)
    g->no_root_reason = explain_no_root (g);
  return g_steal_pointer (&g);
}

gboolean
guest_warm (GError **error)
{
  guestfs_h *h = guestfs_create ();
  if (h == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot create a libguestfs handle: %s",
                 g_strerror (errno));
    return FALSE;
  }
  guestfs_set_error_handler (h, NULL, NULL);
  guestfs_set_pgroup (h, 1);
  gboolean ok = guestfs_add_drive_ro (h, "/dev/null") == 0 && guestfs_launch (h) == 0 &&
    guestfs_shutdown (h) == 0;
  if (!ok) {
    const char *msg = guestfs_last_error (h);
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot launch the libguestfs appliance: %s",
                 msg ? msg : "unknown libguestfs error");
  }
  guestfs_close (h);
  return ok;
}

static gboolean
mtime_of (const char *path, time_t *out)
{
  struct stat st;
  if (lstat (path, &st) != 0)
    return FALSE;
  *out = st.st_mtime;
  return TRUE;
}

/* supermin --build --if-newer (which libguestfs runs before each launch) rebuilds unless the
 * output directory holds kernel, initrd and root and its mtime is later than that of every
 * input directory and of the package database (dpkg's status file here): supermin
 * src/supermin.ml.  The same test, read-only, without the launch. */
static gboolean
supermin_cache_fresh (const char *supermin_d, const char *cachedir)
{
  g_autofree char *out = g_strdup_printf ("%s/.guestfs-%ld/appliance.d", cachedir, (long) geteuid ());
  static const char *const files[] = { "kernel", "initrd", "root" };
  for (size_t i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree char *f = g_build_filename (out, files[i], NULL);
    if (!g_file_test (f, G_FILE_TEST_EXISTS))
      return FALSE;
  }
  time_t built, input, packages;
  return mtime_of (out, &built) && mtime_of (supermin_d, &input) && mtime_of ("/var/lib/dpkg/status", &packages)
    && input < built && packages < built;
}

gboolean
guest_appliance_ready (void)
{
  guestfs_h *h = guestfs_create ();
  if (h == NULL)
    return FALSE;
  /* libguestfs looks along its path for a fixed appliance, then for supermin.d. */
  const char *path = guestfs_get_path (h);
  char *cachedir = guestfs_get_cachedir (h);
  g_auto (GStrv) dirs = g_strsplit (path ? path : "", ":", -1);
  gboolean ready = FALSE;
  for (size_t i = 0; dirs[i] && !ready; i++) {
    g_autofree char *fixed = g_build_filename (dirs[i], "appliance", "README.fixed", NULL);
    g_autofree char *supermin_d = g_build_filename (dirs[i], "supermin.d", NULL);
    if (g_file_test (fixed, G_FILE_TEST_EXISTS))
      ready = TRUE;
    else if (g_file_test (supermin_d, G_FILE_TEST_IS_DIR)) {
      ready = cachedir && supermin_cache_fresh (supermin_d, cachedir);
      break;
    }
  }
  free (cachedir);
  guestfs_close (h);
  return ready;
}

/* Unmount a filesystem mounted read-write, so that everything written reaches the disk before
 * the appliance goes.  Unmounting is all it takes: ntfs-3g fsyncs the device it wrote when it
 * closes it (libntfs-3g unix_io.c, ntfs_device_unix_io_close), the kernel waits for that before
 * umount returns (a fuseblk unmount waits for the daemon's reply to DESTROY), and qemu flushes
 * the image when it exits.  libguestfs' autosync would unmount too, then wait for udev to settle
 * and fsync every disk: udev is busy then re-probing the partition ntfs-3g just closed after
 * writing, and the wait cost 1.1-1.7 s under TCG, a tenth of a conversion. */
static gboolean
unmount_written (guest *g)
{
  return !g->mounted_rw || guest_unmount (g, NULL);
}

gboolean
guest_shutdown (guest *g, GError **error)
{
  if (!g->launched)
    return TRUE;
  g->launched = FALSE;
  if (!unmount_written (g) || guestfs_shutdown (g->g) == -1) {
    /* Over overlays nothing reached the sources: a host failure, not a half-written guest. */
    guest_set_error (error, g, g->readonly || g->overlays ? WS_EXIT_INTERNAL : WS_EXIT_ROLLBACK_INCOMPLETE,
                   "the appliance did not shut down cleanly");
    return FALSE;
  }
  return TRUE;
}

const char *
guest_overlay (guest *g, guint i)
{
  return g->overlays && i < g->overlays->len ? g_ptr_array_index (g->overlays, i) : NULL;
}

const char *
guest_disk_format (guest *g, guint i)
{
  return i < g->formats->len ? g_ptr_array_index (g->formats, i) : NULL;
}

GPtrArray *
guest_roots (guest *g)
{
  return g->roots;
}

const char *
guest_no_root_reason (guest *g)
{
  return g->no_root_reason;
}

const struct guest_root *
guest_pick_root (guest *g, const char *root_device, GError **error)
{
  if (g->roots->len == 0) {
    gboolean bitlocker = g->no_root_reason && g_str_has_prefix (g->no_root_reason, "BitLocker");
    gboolean nodisk = g->no_root_reason && g_str_has_prefix (g->no_root_reason, "no partition");
    const struct guest_disk *d = g_ptr_array_index (g->disks, 0);
    g_set_error (error, WS_ERROR,
                 bitlocker ? WS_EXIT_REFUSED : nodisk ? WS_EXIT_BAD_INPUT : WS_EXIT_NOT_APPLICABLE,
                 "no Windows found in '%s': %s", d->path, g->no_root_reason);
    return NULL;
  }
  if (root_device) {
    for (guint i = 0; i < g->roots->len; i++) {
      const struct guest_root *r = g_ptr_array_index (g->roots, i);
      if (strcmp (r->device, root_device) == 0)
        return r;
    }
  } else if (g->roots->len == 1)
    return g_ptr_array_index (g->roots, 0);
  GString *list = g_string_new (NULL);
  for (guint i = 0; i < g->roots->len; i++) {
    const struct guest_root *r = g_ptr_array_index (g->roots, i);
    g_string_append_printf (list, "%s%s (%s)", i ? ", " : "", r->device, r->systemroot);
  }
  g_set_error (error, WS_ERROR, WS_EXIT_USAGE, root_device
               ? "--root %s is not a Windows root; roots found: %s"
               : "%sseveral Windows installations found, choose one with --root: %s",
               root_device ? root_device : "", list->str);
  g_string_free (list, TRUE);
  return NULL;
}
