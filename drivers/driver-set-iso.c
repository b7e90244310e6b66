/* driver-set-iso: read virtio-win ISO images with libiso9660 (libcdio): no root, no loop mount.
 * Names come from Joliet or Rock Ridge when present (the real ISO's "NetKVM/w10/amd64/
 * netkvm.inf"), else from the plain ISO 9660 names with ";1" dropped. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cdio/iso9660.h>

#include "ws-error.h"
#include "driver-set.h"
#include "driver-set-iso.h"
#include "banned.h"

#define ISO_VD_OFFSET (16 * 2048)   /* first volume descriptor: sector 16 */

struct extent {
  lsn_t lsn;
  uint32_t size;
};

struct driver_set_iso {
  char *path;
  iso9660_t *iso;
  uint8_t joliet;
  GHashTable *extents;   /* relative path -> struct extent */
  guint n_files;
  guint64 bytes;         /* the image file's size */
};

gboolean
driver_set_iso_probe (const char *path)
{
  FILE *f = fopen (path, "rb");
  char magic[6] = { 0 };
  if (f == NULL)
    return FALSE;
  gboolean ok = fseek (f, ISO_VD_OFFSET, SEEK_SET) == 0 && fread (magic, 1, 6, f) == 6;
  fclose (f);
  return ok && memcmp (magic + 1, "CD001", 5) == 0;
}

void
driver_set_iso_free (struct driver_set_iso *iso)
{
  if (iso == NULL)
    return;
  if (iso->iso)
    iso9660_close (iso->iso);
  if (iso->extents)
    g_hash_table_unref (iso->extents);
  g_free (iso->path);
  g_free (iso);
}

static char *
entry_name (struct driver_set_iso *iso, const iso9660_stat_t *st)
{
  if (st->rr.b3_rock == yep || iso->joliet)
    return g_strdup (st->filename);
  char *out = g_malloc (strlen (st->filename) + 1);
  iso9660_name_translate_ext (st->filename, out, 0);
  return out;
}

static gboolean
walk (struct driver_set_iso *iso, const char *dir, guint depth, GHashTable *files, GError **error)
{
  if (depth > DRIVER_SET_MAX_DEPTH) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read ISO '%s': folder '%s' is nested deeper than %d levels",
                 iso->path, dir, DRIVER_SET_MAX_DEPTH);
    return FALSE;
  }
  g_autofree char *iso_dir = g_strdup_printf ("/%s", dir);
  CdioList_t *list = iso9660_ifs_readdir (iso->iso, iso_dir);
  if (list == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read ISO '%s': folder '%s' is unreadable", iso->path, iso_dir);
    return FALSE;
  }
  gboolean ok = TRUE;
  CdioListNode_t *node;
  _CDIO_LIST_FOREACH (node, list) {
    const iso9660_stat_t *st = _cdio_list_node_data (node);
    g_autofree char *name = entry_name (iso, st);
    if (*name == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0 || strchr (name, '/'))
      continue;
    if (st->rr.b3_rock == yep && S_ISLNK (st->rr.st_mode))
      continue;   /* Rock Ridge symlink: never followed; its target is indexed under its own name */
    g_autofree char *rel = *dir ? g_strdup_printf ("%s/%s", dir, name) : g_strdup (name);
    if (st->rr.b3_rock == yep && !S_ISREG (st->rr.st_mode) && !S_ISDIR (st->rr.st_mode)) {
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read ISO '%s': '%s' is a device node, FIFO or socket: "
                   "expected a regular file", iso->path, rel);
      ok = FALSE;
      break;
    }
    if (++iso->n_files > DRIVER_SET_MAX_FILES) {
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read ISO '%s': more than %d files", iso->path,
                   DRIVER_SET_MAX_FILES);
      ok = FALSE;
      break;
    }
    if (st->type == _STAT_DIR) {
      if (!(ok = walk (iso, rel, depth + 1, files, error)))
        break;
      continue;
    }
    /* A cut image (an interrupted copy) still has every directory record: the files whose data
     * lay past the cut must make the set unreadable, not list as complete. */
    guint64 end = ((guint64) st->lsn + (st->size + ISO_BLOCKSIZE - 1) / ISO_BLOCKSIZE) * ISO_BLOCKSIZE;
    if (st->lsn < 0 || end > iso->bytes) {
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read ISO '%s': '%s' lies past the end of the "
                   "image (%" G_GUINT64_FORMAT " bytes): the image is cut short", iso->path, rel, iso->bytes);
      ok = FALSE;
      break;
    }
    if (!(ok = driver_set_index_add (files, iso->path, rel, error)))
      break;
    struct extent *e = g_new (struct extent, 1);
    e->lsn = st->lsn;
    e->size = st->size;
    g_hash_table_replace (iso->extents, g_steal_pointer (&rel), e);
  }
  iso9660_filelist_free (list);
  return ok;
}

struct driver_set_iso *
driver_set_iso_open (const char *path, GHashTable *files, GError **error)
{
  struct driver_set_iso *iso = g_new0 (struct driver_set_iso, 1);
  iso->path = g_strdup (path);
  iso->extents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  iso->iso = iso9660_open_ext (path, ISO_EXTENSION_ALL);
  if (iso->iso == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read ISO '%s': not an ISO 9660 image libiso9660 can open",
                 path);
    driver_set_iso_free (iso);
    return NULL;
  }
  struct stat sb;
  iso->bytes = stat (path, &sb) == 0 ? (guint64) sb.st_size : 0;
  iso->joliet = iso9660_ifs_get_joliet_level (iso->iso);
  if (!walk (iso, "", 0, files, error)) {
    driver_set_iso_free (iso);
    return NULL;
  }
  return iso;
}

GBytes *
driver_set_iso_read (struct driver_set_iso *iso, const char *relpath, gsize max_size, GError **error)
{
  const struct extent *e = g_hash_table_lookup (iso->extents, relpath);
  if (e == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s' from ISO '%s': no such file", relpath, iso->path);
    return NULL;
  }
  if (e->size > max_size) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s' from ISO '%s': %u bytes, expected at most %zu",
                 relpath, iso->path, e->size, (size_t) max_size);
    return NULL;
  }
  long blocks = (long) ((e->size + ISO_BLOCKSIZE - 1) / ISO_BLOCKSIZE);
  guint8 *buf = g_malloc ((gsize) blocks * ISO_BLOCKSIZE + 1);
  if (blocks > 0 && iso9660_iso_seek_read (iso->iso, buf, e->lsn, blocks) != blocks * ISO_BLOCKSIZE) {
    g_free (buf);
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot read '%s' from ISO '%s': short read", relpath, iso->path);
    return NULL;
  }
  return g_bytes_new_take (buf, e->size);
}
