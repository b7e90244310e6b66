/* session: one run's guest, the way every command that reads a disk image starts.
 *
 * session_open() adds the disks (read-only unless the command writes), launches the one
 * appliance of the run, picks the Windows root (--root, or the only one), mounts it read-only and
 * makes the run's scratch directory (removed by session_free, and by ws-interrupt on SIGINT or
 * SIGTERM).  The guest's hives are then handed out by name, each opened once and read in place in
 * the guest, fetching only the records asked for (regf.h).  What Windows this is (struct
 * ws_windows) is inspected once, on first use.
 *
 *   g_autoptr (session) s = session_open (&so, &err);
 *   const struct ws_windows *w = session_windows (s, &err);
 *   hive_reader *system = session_hive (s, "SYSTEM", &err);       // borrowed
 *   ...
 *   session_close (s, &err);    // shuts the appliance down; a writable session must check it
 */
#ifndef WS_SESSION_H
#define WS_SESSION_H

#include <glib.h>

#include "guest.h"
#include "hive-read.h"
#include "inspect.h"

struct session_opts {
  const GPtrArray *disks;   /* struct guest_disk * */
  const char *root;         /* --root device, or NULL for the only one */
  gboolean writable;        /* the disks are opened for writing (mounted read-only until commit) */
  gboolean overlay;         /* with writable: the writes go to a qcow2 overlay over each disk, made
                             * in the scratch directory; the disks themselves are only read */
  int verbose;
  gboolean trace;
};

typedef struct session session;

session *session_open (const struct session_opts *o, GError **error);
/* Shut the appliance down (for a writable session this flushes and must succeed). */
gboolean session_close (session *s, GError **error);
void session_free (session *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (session, session_free)

guest *session_guest (session *s);
const struct guest_root *session_root (session *s);
/* The run's host scratch directory (private, mode 0700). */
const char *session_scratch (session *s);

/* With overlay: the overlay holding disk i's writes (borrowed; removed with the scratch
 * directory).  Complete once session_close succeeded. */
const char *session_overlay (session *s, guint i);

/* Guest path of a hive: "<systemroot>/System32/config/<name>" (g_free). */
char *session_hive_path (session *s, const char *name);
/* Whether the guest has the hive file. */
gboolean session_has_hive (session *s, const char *name);
/* The hive, opened read-only; borrowed, valid until session_release_hives or session_free.  A
 * missing hive is an error (WS_EXIT_BAD_INPUT naming the path): ask session_has_hive first for
 * optional ones. */
hive_reader *session_hive (session *s, const char *name, GError **error);
/* A host copy of the hive (for a hive convert rewrites whole), downloaded on first call;
 * borrowed.  The reader keeps reading the guest's file. */
const char *session_hive_local (session *s, const char *name, GError **error);
/* The bytes of the hive's file in the guest, read in place, with the chunks read so far kept
 * (regf-cache.h): what the reader fetched, the patch (hive/regf-patch.c) does not fetch again.
 * Borrowed, valid until session_release_hives or session_free. */
struct regf_cache;
struct regf_cache *session_hive_bytes (session *s, const char *name, GError **error);
/* Close the readers of the hives opened so far, and drop what they read, keeping the host
 * copies: a write to the guest's hive makes it stale.  A later session_hive opens the hive
 * again. */
void session_release_hives (session *s);

/* What Windows is on the root, inspected on first call; borrowed. */
const struct ws_windows *session_windows (session *s, GError **error);
/* Hand the inspection over to the caller (it outlives the session); NULL if none was made. */
struct ws_windows *session_steal_windows (session *s);

#endif
