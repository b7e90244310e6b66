/* ws-error: the one error convention of winseed.
 *
 * Every fallible function returns gboolean (or a pointer, NULL on failure) and fills a GError in the
 * WS_ERROR domain.  The error code IS the exit status the command ends with, so the path from the
 * deepest failure to exit() carries no translation table that could drift.  Only main() exits.
 *
 * The same list appears in src/winseed.pod under EXIT STATUS; tests/test-exit-codes.sh checks that
 * every value below is documented there.
 */
#ifndef WS_ERROR_H
#define WS_ERROR_H

#include <glib.h>

#define WS_ERROR (ws_error_quark ())
GQuark ws_error_quark (void);

enum ws_exit {
  WS_EXIT_OK = 0,                  /* done; for verify: every requested bus boots */
  WS_EXIT_USAGE = 1,               /* bad command line */
  WS_EXIT_BAD_INPUT = 2,           /* missing/unreadable/corrupt disk, hive, INF, driver set or log */
  WS_EXIT_NOT_APPLICABLE = 3,      /* no Windows found, unsupported guest, no matching driver */
  WS_EXIT_ROLLED_BACK = 4,         /* failed while writing; the guest was left unchanged */
  WS_EXIT_ROLLBACK_INCOMPLETE = 5, /* failed while writing and could not undo everything */
  WS_EXIT_REFUSED = 6,             /* guest unsafe to change: hibernated, BitLocker, read-only... */
  WS_EXIT_NOT_BOOTABLE = 7,        /* verify: at least one requested bus does not boot; domain: no bus boots */
  WS_EXIT_INSTALL_FAILED = 8,      /* diagnose: the log shows failed device installs */
  WS_EXIT_INTERNAL = 9,            /* the host failed (appliance launch, out of space in /tmp...) */
  WS_EXIT_BATCH_FAILED = 10,       /* batch: a guest failed permanently (do not retry unchanged) */
  WS_EXIT_BATCH_TRANSIENT = 11,    /* batch: only transient failures (host, timeout, busy): retry */
};
#define WS_EXIT_MAX WS_EXIT_BATCH_TRANSIENT

/* Short stable name of a code, as printed in JSON reports ("bad-input"). */
const char *ws_exit_name (enum ws_exit code);

/* The exit status for an error: its code when in WS_ERROR, WS_EXIT_INTERNAL otherwise. */
enum ws_exit ws_exit_from_error (const GError *err);

/* Print "winseed: <message>" on one line of stderr (newlines in the message become spaces). */
void ws_error_print (const GError *err);

#endif
