/* session-internal: what session.c and session-inspect.c share; nothing else includes it. */
#ifndef WS_SESSION_INTERNAL_H
#define WS_SESSION_INTERNAL_H

#include "session.h"

struct session {
  guest *g;
  const struct guest_root *root;   /* borrowed from g */
  char *scratch;
  GHashTable *hives;               /* name -> struct session_hive * */
  struct ws_windows *windows;      /* inspected on first use */
};

/* session-inspect.c: the inspection of the session's root (hives and file-based facts). */
struct ws_windows *session_inspect (session *s, GError **error);

#endif
