/* session: one run's guest; see session.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-tmpdir.h"
#include "session.h"
#include "session-internal.h"
#include "banned.h"

struct session_hive {
  char *local;          /* host copy in the scratch directory */
  hive_reader *reader;
};

static void
session_hive_free (gpointer p)
{
  struct session_hive *h = p;
  hive_reader_free (h->reader);
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

/* A reader over the host copy of a hive, its messages naming the guest file. */
static hive_reader *
open_local (const char *local, const char *name, session *s, GError **error)
{
  g_autofree char *path = session_hive_path (s, name);
  hive_reader *r = hive_reader_open (local, name, error);
  if (r == NULL) {
    g_prefix_error (error, "guest file '%s': ", path);
    return NULL;
  }
  hive_reader_set_origin (r, path);
  return r;
}

/* Fetch a hive once: downloaded into the scratch directory and opened there. */
static struct session_hive *
fetch (session *s, const char *name, GError **error)
{
  struct session_hive *h = g_hash_table_lookup (s->hives, name);
  if (h && h->reader == NULL && (h->reader = open_local (h->local, name, s, error)) == NULL)
    return NULL;
  if (h)
    return h;
  g_autofree char *path = session_hive_path (s, name);
  if (!guest_is_file (s->g, path)) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "the guest has no %s hive ('%s' is missing)",
                 name, path);
    return NULL;
  }
  g_autofree char *local = g_build_filename (s->scratch, name, NULL);
  if (!guest_download (s->g, path, local, error))
    return NULL;
  hive_reader *r = open_local (local, name, s, error);
  if (r == NULL)
    return NULL;
  h = g_new0 (struct session_hive, 1);
  h->local = g_steal_pointer (&local);
  h->reader = r;
  g_hash_table_insert (s->hives, g_strdup (name), h);
  return h;
}

hive_reader *
session_hive (session *s, const char *name, GError **error)
{
  struct session_hive *h = fetch (s, name, error);
  return h ? h->reader : NULL;
}

const char *
session_hive_local (session *s, const char *name, GError **error)
{
  struct session_hive *h = fetch (s, name, error);
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
