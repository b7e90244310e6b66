/* ws-fault: fault injection points; see ws-fault.h. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "ws-error.h"
#include "ws-fault.h"
#include "banned.h"

gboolean
ws_fault_point (const char *step, GError **error)
{
  const char *want = g_getenv (WS_FAULT_INJECT_ENV);
  if (want == NULL || strcmp (want, step) != 0)
    return TRUE;
  g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK, "%s (injected fault at %s)",
               g_strerror (ENOSPC), step);
  return FALSE;
}
