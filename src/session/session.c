/* session: one run's guest; see session.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-tmpdir.h"
#include "session.h"
#include "session-internal.h"
#include "regf.h"
#include "regf-cache.h"
#include "banned.h"

/* What one hive's cache keeps at most: the patch and the undo record read again what the
 * planners read, a few chunks; the readers keep their own cache on top (regf.h). */
#define HIVE_BYTES_KEPT (16u << 20)

struct session_hive {
  char *local;          /* host copy in the scratch directory, once asked for */
  regf_cache *bytes;    /* the guest's file, read in place, chunks kept */
  hive_reader *reader;  /* reads through bytes */
};

static void
session_hive_free (gpointer p)
{
  struct session_hive *h = p;
  hive_reader_free (h->reader);
  regf_cache_free (h->bytes);
  g_free (h->local);
  g_free (h);
}

session *
session_open (const struct session_opts *o, GError **error)
{
  g_autoptr (session) s = g_new0 (session, 1);
  s->hives = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, session_hive_free);
  if ((s->scratch = ws_tmpdir_new (error)) == NULL)
    return NULL;
  struct guest_open_opts go = { .disks = o->disks, .readonly = !o->writable,
                                .verbose = o->verbose, .trace = o->trace, .tmpdir = s->scratch,
                                .overlay_dir = o->overlay ? s->scratch : NULL };
  if ((s->g = guest_open (&go, error)) == NULL ||
      (s->root = guest_pick_root (s->g, o->root, error)) == NULL ||
      !guest_mount_root (s->g, s->root, error))
    return NULL;
  return g_steal_pointer (&s);
}

gboolean
session_close (session *s, GError **error)
{
  return guest_shutdown (s->g, error);
}

void
session_free (session *s)
{
  if (s == NULL)
    return;
  g_hash_table_unref (s->hives);
  ws_windows_free (s->windows);
  guest_free (s->g);               /* before the scratch directory that holds its files */
  ws_tmpdir_remove (s->scratch);
  g_free (s);
}

guest *
session_guest (session *s)
{
  return s->g;
}

const struct guest_root *
session_root (session *s)
{
  return s->root;
}

const char *
session_scratch (session *s)
{
  return s->scratch;
}

const char *
session_overlay (session *s, guint i)
{
  return guest_overlay (s->g, i);
}

char *
session_hive_path (session *s, const char *name)
{
  return g_strdup_printf ("%s/System32/config/%s", s->root->systemroot, name);
}

gboolean
session_has_hive (session *s, const char *name)
{
  g_autofree char *path = session_hive_path (s, name);
  return guest_is_file (s->g, path);
}

/* A hive read where it is, in the guest, a chunk at a time through the appliance (regf.h). */
struct guest_file {
  guest *g;
  char *path;
};

static size_t
guest_file_read (void *ctx, uint64_t offset, size_t length, uint8_t *buf, GError **error)
{
  struct guest_file *f = ctx;
  size_t got = 0;
  g_autofree char *data = guest_read_at (f->g, f->path, offset, length, &got, error);
  got = data ? MIN (got, length) : 0;
  if (got)
    memcpy (buf, data, got);
  return got;
}

static void
guest_file_free (void *ctx)
{
  struct guest_file *f = ctx;
  g_free (f->path);
  g_free (f);
}

static regf_cache *
open_bytes (session *s, const char *name, GError **error)
{
  g_autofree char *path = session_hive_path (s, name);
  int64_t size = guest_filesize (s->g, path, error);
  if (size < 0)
    return NULL;
  struct guest_file *f = g_new (struct guest_file, 1);
  f->g = s->g;
  f->path = g_steal_pointer (&path);
  struct regf_source src = { .size = (uint64_t) size, .read = guest_file_read, .ctx = f,
                             .free_ctx = guest_file_free };
  return regf_cache_new (&src, HIVE_BYTES_KEPT);
}

static hive_reader *
open_in_guest (session *s, struct session_hive *h, const char *name, GError **error)
{
  struct regf_source src = regf_cache_source (h->bytes);
  g_autofree char *path = session_hive_path (s, name);
  return hive_reader_open_source (&src, name, path, error);
}

/* A hive, once per run, read in place: inspect, verify and convert read a few hundred keys of
 * hives of up to 150 MB, and a download fetched every byte.  A host copy is made only when asked
 * for (a hive convert cannot patch in place is rewritten from one). */
static struct session_hive *
fetch (session *s, const char *name, gboolean want_local, GError **error)
{
  struct session_hive *h = g_hash_table_lookup (s->hives, name);
  if (h == NULL) {
    g_autofree char *path = session_hive_path (s, name);
    if (!guest_is_file (s->g, path)) {
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "the guest has no %s hive ('%s' is missing)",
                   name, path);
      return NULL;
    }
    h = g_new0 (struct session_hive, 1);
    g_hash_table_insert (s->hives, g_strdup (name), h);
  }
  if (want_local) {
    if (h->local == NULL) {
      g_autofree char *path = session_hive_path (s, name);
      g_autofree char *local = g_build_filename (s->scratch, name, NULL);
      if (!guest_download (s->g, path, local, error))
        return NULL;
      h->local = g_steal_pointer (&local);
    }
    return h;
  }
  if (h->bytes == NULL && (h->bytes = open_bytes (s, name, error)) == NULL)
    return NULL;
  if (h->reader == NULL && (h->reader = open_in_guest (s, h, name, error)) == NULL)
    return NULL;
  return h;
}

hive_reader *
session_hive (session *s, const char *name, GError **error)
{
  struct session_hive *h = fetch (s, name, FALSE, error);
  return h ? h->reader : NULL;
}

regf_cache *
session_hive_bytes (session *s, const char *name, GError **error)
{
  struct session_hive *h = fetch (s, name, FALSE, error);
  return h ? h->bytes : NULL;
}

const char *
session_hive_local (session *s, const char *name, GError **error)
{
  struct session_hive *h = fetch (s, name, TRUE, error);
  return h ? h->local : NULL;
}

void
session_release_hives (session *s)
{
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, s->hives);
  while (g_hash_table_iter_next (&it, NULL, &value)) {
    struct session_hive *h = value;
    g_clear_pointer (&h->reader, hive_reader_free);
    g_clear_pointer (&h->bytes, regf_cache_free);
  }
}

const struct ws_windows *
session_windows (session *s, GError **error)
{
  if (s->windows == NULL)
    s->windows = session_inspect (s, error);
  return s->windows;
}

struct ws_windows *
session_steal_windows (session *s)
{
  return g_steal_pointer (&s->windows);
}
