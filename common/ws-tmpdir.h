/* ws-tmpdir: a private scratch directory on the host, removed with everything in it.
 *
 * Honours $TMPDIR.  Hives downloaded from a guest live here while winseed works on them.  Each
 * directory is registered with ws-interrupt, so a SIGINT or SIGTERM removes it too.
 */
#ifndef WS_TMPDIR_H
#define WS_TMPDIR_H

#include <glib.h>

/* Create "$TMPDIR/winseed-XXXXXX" (mode 0700); NULL + WS_EXIT_INTERNAL error on failure. */
char *ws_tmpdir_new (GError **error);
/* Remove the directory tree (no error if already gone) and free the string. */
void ws_tmpdir_remove (char *dir);

#endif
