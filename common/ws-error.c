/* ws-error: GError domain whose codes are the exit statuses. */
#include <config.h>

#include <stdio.h>

#include "ws-error.h"

G_DEFINE_QUARK (winseed-error-quark, ws_error)

const char *
ws_exit_name (enum ws_exit code)
{
  static const char *const names[] = {
    [WS_EXIT_OK] = "ok",
    [WS_EXIT_USAGE] = "usage",
    [WS_EXIT_BAD_INPUT] = "bad-input",
    [WS_EXIT_NOT_APPLICABLE] = "not-applicable",
    [WS_EXIT_ROLLED_BACK] = "rolled-back",
    [WS_EXIT_ROLLBACK_INCOMPLETE] = "rollback-incomplete",
    [WS_EXIT_REFUSED] = "refused",
    [WS_EXIT_NOT_BOOTABLE] = "not-bootable",
    [WS_EXIT_INSTALL_FAILED] = "install-failed",
    [WS_EXIT_INTERNAL] = "internal",
    [WS_EXIT_BATCH_FAILED] = "batch-failed",
    [WS_EXIT_BATCH_TRANSIENT] = "batch-transient",
  };
  if ((unsigned) code > WS_EXIT_MAX)
    return "unknown";
  return names[code];
}

enum ws_exit
ws_exit_from_error (const GError *err)
{
  if (err == NULL)
    return WS_EXIT_OK;
  if (err->domain == WS_ERROR && err->code > 0 && err->code <= WS_EXIT_MAX)
    return (enum ws_exit) err->code;
  /* A foreign domain (GIO, GLib file utilities) means the host let us down, not the guest. */
  return WS_EXIT_INTERNAL;
}

void
ws_error_print (const GError *err)
{
  g_autofree char *line = g_strdup (err ? err->message : "unknown error");
  /* One line per error: pipelines grep stderr and a multi-line message breaks them. */
  for (char *p = line; *p; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  fprintf (stderr, "winseed: %s\n", line);
}
