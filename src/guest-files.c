/* guest-files: file and device operations on the mounted guest; see guest.h. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "guest-internal.h"
#include "banned.h"

/* Mount the root's filesystem at "/" (a Windows root is one filesystem: C:). */
static gboolean
mount_all (guest *g, const struct guest_root *root, gboolean rw, GError **error)
{
  int r = rw ? guestfs_mount (g->g, root->device, "/") : guestfs_mount_ro (g->g, root->device, "/");
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
guest_mount_root (guest *g, const struct guest_root *root, GError **error)
{
  g->mounted_rw = FALSE;
  return mount_all (g, root, FALSE, error);
}

gboolean
guest_remount_rw (guest *g, const struct guest_root *root, GError **error)
{
  if (g->readonly) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "guest opened read-only: cannot mount read-write");
    return FALSE;
  }
  if (guestfs_umount_all (g->g) == -1) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot unmount the guest filesystems");
    return FALSE;
  }
  if (!mount_all (g, root, TRUE, error))
    return FALSE;
  g->mounted_rw = TRUE;
  return TRUE;
}

char *
guest_resolve (guest *g, const char *path, GError **error)
{
  char *real = guestfs_case_sensitive_path (g->g, path);
  if (real == NULL) {
    /* A missing intermediate directory is "not found", not a failure. */
    if (guestfs_last_errno (g->g) == ENOENT)
      return NULL;
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot resolve guest path '%s'", path);
    return NULL;
  }
  int r = guestfs_exists (g->g, real);
  if (r == 1)
    return real;
  free (real);
  if (r == -1)
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot check guest path '%s'", path);
  return NULL;
}

/* Resolve or fail with "not found" as a bad-input error naming the path. */
static char *
resolve_existing (guest *g, const char *path, GError **error)
{
  GError *e = NULL;
  char *real = guest_resolve (g, path, &e);
  if (real == NULL && e == NULL)
    g_set_error (&e, WS_ERROR, WS_EXIT_BAD_INPUT, "guest file '%s' does not exist", path);
  if (e)
    g_propagate_error (error, e);
  return real;
}

gboolean
guest_is_file (guest *g, const char *path)
{
  g_autofree char *real = guest_resolve (g, path, NULL);
  return real && guestfs_is_file (g->g, real) == 1;
}

gboolean
guest_is_dir (guest *g, const char *path)
{
  g_autofree char *real = guest_resolve (g, path, NULL);
  return real && guestfs_is_dir (g->g, real) == 1;
}

int64_t
guest_filesize (guest *g, const char *path, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return -1;
  int64_t size = guestfs_filesize (g->g, real);
  if (size == -1)
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot stat guest file '%s'", real);
  return size;
}

gboolean
guest_download (guest *g, const char *path, const char *local_path, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return FALSE;
  if (guestfs_download (g->g, real, local_path) == -1) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot copy guest file '%s' to '%s'", real, local_path);
    return FALSE;
  }
  return TRUE;
}

char *
guest_read_head (guest *g, const char *path, size_t max, size_t *len, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return NULL;
  char *buf = guestfs_pread (g->g, real, (int) max, 0, len);
  if (buf == NULL)
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot read guest file '%s'", real);
  return buf;
}

char **
guest_ls (guest *g, const char *path, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return NULL;
  char **names = guestfs_ls (g->g, real);
  if (names == NULL) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot list guest directory '%s'", real);
    return NULL;
  }
  char **out = g_strdupv (names);
  for (size_t i = 0; names[i]; i++)
    free (names[i]);
  free (names);
  return out;
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

/* Real-case path for something that may not exist yet: resolve the parent, keep the last name. */
static char *
resolve_new (guest *g, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *rdir = resolve_existing (g, dir, error);
  if (rdir == NULL)
    return NULL;
  g_autofree char *existing = guest_resolve (g, path, NULL);
  if (existing)
    return g_steal_pointer (&existing);
  return g_build_filename (rdir, base, NULL);
}

static gboolean
check_writable (guest *g, GError **error)
{
  if (!g->mounted_rw) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "guest not mounted read-write: refusing to write");
    return FALSE;
  }
  return TRUE;
}

gboolean
guest_upload (guest *g, const char *local_path, const char *path, GError **error)
{
  if (!check_writable (g, error))
    return FALSE;
  g_autofree char *real = resolve_new (g, path, error);
  if (real == NULL)
    return FALSE;
  if (guestfs_upload (g->g, local_path, real) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot write guest file '%s'", real);
    return FALSE;
  }
  return TRUE;
}

gboolean
guest_mkdir_p (guest *g, const char *path, GError **error)
{
  if (!check_writable (g, error))
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
    }
    g_free (cur);
    cur = g_steal_pointer (&real);
  }
  return TRUE;
}

gboolean
guest_mv (guest *g, const char *from, const char *to, GError **error)
{
  if (!check_writable (g, error))
    return FALSE;
  g_autofree char *rfrom = resolve_existing (g, from, error);
  g_autofree char *rto = rfrom ? resolve_new (g, to, error) : NULL;
  if (rto == NULL)
    return FALSE;
  if (guestfs_mv (g->g, rfrom, rto) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot rename guest file '%s' to '%s'", rfrom, rto);
    return FALSE;
  }
  return TRUE;
}

gboolean
guest_rm (guest *g, const char *path, GError **error)
{
  if (!check_writable (g, error))
    return FALSE;
  g_autofree char *real = guest_resolve (g, path, error);
  if (real == NULL)
    return error == NULL || *error == NULL;   /* already absent */
  if (guestfs_rm_f (g->g, real) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot remove guest file '%s'", real);
    return FALSE;
  }
  return TRUE;
}

gboolean
guest_rm_rf (guest *g, const char *path, GError **error)
{
  if (!check_writable (g, error))
    return FALSE;
  g_autofree char *real = guest_resolve (g, path, error);
  if (real == NULL)
    return error == NULL || *error == NULL;
  if (guestfs_rm_rf (g->g, real) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot remove guest directory '%s'", real);
    return FALSE;
  }
  return TRUE;
}

gboolean
guest_rmdir (guest *g, const char *path, GError **error)
{
  if (!check_writable (g, error))
    return FALSE;
  g_autofree char *real = guest_resolve (g, path, error);
  if (real == NULL)
    return error == NULL || *error == NULL;
  if (guestfs_rmdir (g->g, real) == -1) {
    guest_set_error (error, g, WS_EXIT_ROLLED_BACK, "cannot remove guest directory '%s'", real);
    return FALSE;
  }
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

char *
guest_sha256 (guest *g, const char *path, GError **error)
{
  g_autofree char *real = resolve_existing (g, path, error);
  if (real == NULL)
    return NULL;
  char *sum = guestfs_checksum (g->g, "sha256", real);
  if (sum == NULL)
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot checksum guest file '%s'", real);
  return sum;
}

/* Partitions, or the whole devices when a disk has no partition table. */
static char **
list_volumes (guest *g, GError **error)
{
  char **parts = guestfs_list_partitions (g->g);
  char **devs = guestfs_list_devices (g->g);
  if (parts == NULL || devs == NULL) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot list the disk's partitions");
    return NULL;
  }
  GPtrArray *out = g_ptr_array_new ();
  for (size_t i = 0; parts[i]; i++)
    g_ptr_array_add (out, parts[i]);
  for (size_t i = 0; devs[i]; i++) {
    gboolean partitioned = FALSE;
    for (size_t j = 0; parts[j]; j++)
      if (g_str_has_prefix (parts[j], devs[i]))
        partitioned = TRUE;
    if (partitioned)
      free (devs[i]);
    else
      g_ptr_array_add (out, devs[i]);
  }
  free (parts);
  free (devs);
  g_ptr_array_add (out, NULL);
  char **v = g_strdupv ((char **) out->pdata);
  for (guint i = 0; i + 1 < out->len; i++)
    free (out->pdata[i]);
  g_ptr_array_free (out, TRUE);
  return v;
}

gboolean
guest_partition_id (guest *g, const char *device, struct guest_part_id *out)
{
  memset (out, 0, sizeof *out);
  g_autofree char *dev = guestfs_part_to_dev (g->g, device);
  int n = dev ? guestfs_part_to_partnum (g->g, device) : -1;
  g_autofree char *ptype = n > 0 ? guestfs_part_get_parttype (g->g, dev) : NULL;
  if (ptype == NULL)
    return FALSE;
  if (strcmp (ptype, "gpt") == 0) {
    g_autofree char *guid = guestfs_part_get_gpt_guid (g->g, dev, n);
    out->gpt = TRUE;
    return guid && ws_guid_parse (guid, out->guid);
  }
  size_t len = 0;
  g_autofree char *sig = guestfs_pread_device (g->g, dev, 4, 440, &len);
  struct guestfs_partition_list *parts = guestfs_part_list (g->g, dev);
  gboolean ok = sig && len == 4 && parts;
  if (ok)
    out->mbr_signature = ws_le32 ((const uint8_t *) sig);
  for (size_t i = 0; ok && i < parts->len; i++)
    if (parts->val[i].part_num == n)
      out->offset = parts->val[i].part_start;
  if (parts)
    guestfs_free_partition_list (parts);
  return ok && out->offset > 0;
}

char **
guest_bitlocker_devices (guest *g, GError **error)
{
  g_auto (GStrv) vols = list_volumes (g, error);
  if (vols == NULL)
    return NULL;
  GPtrArray *out = g_ptr_array_new ();
  for (size_t i = 0; vols[i]; i++) {
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
  char **parts = guestfs_list_partitions (g->g);
  if (parts == NULL) {
    guest_set_error (error, g, WS_EXIT_INTERNAL, "cannot list the disk's partitions");
    return NULL;
  }
  GPtrArray *out = g_ptr_array_new ();
  for (size_t i = 0; parts[i]; i++) {
    g_autofree char *dev = guestfs_part_to_dev (g->g, parts[i]);
    int n = guestfs_part_to_partnum (g->g, parts[i]);
    g_autofree char *ptype = dev ? guestfs_part_get_parttype (g->g, dev) : NULL;
    gboolean ldm = FALSE;
    if (ptype && strcmp (ptype, "msdos") == 0) {
      /* MBR type 0x42: Windows dynamic disk (LDM). */
      ldm = guestfs_part_get_mbr_id (g->g, dev, n) == 0x42;
    } else if (ptype && strcmp (ptype, "gpt") == 0) {
      g_autofree char *t = guestfs_part_get_gpt_type (g->g, dev, n);
      ldm = t && (g_ascii_strcasecmp (t, "5808C8AA-7E8F-42E0-85D2-E1E90434CFB3") == 0 ||
                  g_ascii_strcasecmp (t, "AF9B60A0-1431-4F62-BC68-3311714A69AD") == 0);
    }
    if (ldm)
      g_ptr_array_add (out, g_strdup (parts[i]));
    free (parts[i]);
  }
  free (parts);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}
