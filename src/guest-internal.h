/* guest-internal: what guest.c and guest-files.c share; nothing else includes it. */
#ifndef WS_GUEST_INTERNAL_H
#define WS_GUEST_INTERNAL_H

#include <guestfs.h>

#include "guest.h"

struct guest {
  guestfs_h *g;
  gboolean readonly;
  gboolean launched;
  gboolean mounted_rw;     /* writes are allowed only after guest_remount_rw */
  GPtrArray *roots;       /* struct guest_root * */
  char *no_root_reason;
  const struct ws_common_opts *opts;
};

/* libguestfs' last error as a GError; the caller's text says what was being done. */
void guest_set_error (GError **error, guest *g, int code, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

#endif
