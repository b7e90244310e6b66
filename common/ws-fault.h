/* ws-fault: fault injection, for tests of the all-or-nothing promise.
 *
 * ws_fault_point(step) returns FALSE with an ENOSPC error ("No space left on device (injected
 * fault at STEP)", code WS_EXIT_ROLLED_BACK) when the environment variable WINSEED_FAULT_INJECT
 * equals step, and TRUE otherwise.  Each write step calls it just before its real work, so a test
 * can fail every step in turn and check that nothing changed.  Steps are named
 * "<module>:<step>"; each module lists its own in its header.  Test-only: nothing sets the
 * variable in normal use.
 */
#ifndef WS_FAULT_H
#define WS_FAULT_H

#include <glib.h>

#define WS_FAULT_INJECT_ENV "WINSEED_FAULT_INJECT"
gboolean ws_fault_point (const char *step, GError **error);

#endif
