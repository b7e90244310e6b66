/* ws-interrupt: what SIGINT, SIGTERM and SIGHUP do to a run.
 *
 * A signal must never leave scratch files on the host or a half-written guest behind.  Outside a
 * guarded section the handler removes every live scratch directory (ws-tmpdir registers them
 * here) and every registered file, kills the appliance (its process group, when one is registered), then lets the default
 * action end the process, so the caller's shell sees "killed by SIGINT".  Inside a guarded
 * section (a guest commit) the signal is only recorded: the transaction checks
 * ws_interrupt_check() before each write and rolls back, and the command ends with the
 * transaction's own exit status (4 "rolled back").
 *
 * The appliance is found among the process's children even while it is being launched (its pid
 * is registered only once the launch returned), and its socket directory, which libguestfs keeps
 * outside the scratch directory, is removed with it; libguestfs' recovery process (a fork that
 * would end the appliance up to 2 s after we are gone) is ended at once.
 *
 * The handler only makes async-signal-safe calls (open, read, getdents64, unlinkat, kill, raise).
 */
#ifndef WS_INTERRUPT_H
#define WS_INTERRUPT_H

#include <sys/types.h>
#include <glib.h>

/* Install the handlers (main() does, once). */
void ws_interrupt_install (void);

/* Scratch directories to remove on a signal; at most WS_INTERRUPT_MAX_DIRS live at once. */
#define WS_INTERRUPT_MAX_DIRS 8
void ws_interrupt_add_dir (const char *dir);
void ws_interrupt_remove_dir (const char *dir);

/* Files to remove on a signal (an output image still being written: its .part must not survive
 * the run); at most WS_INTERRUPT_MAX_FILES live at once. */
#define WS_INTERRUPT_MAX_FILES 8
void ws_interrupt_add_file (const char *path);
void ws_interrupt_remove_file (const char *path);

/* The child to kill on a signal (the appliance's qemu, or the qemu-img copying an output image);
 * 0 to forget it. */
void ws_interrupt_set_child (pid_t pid);

/* The appliance among the children of process parent: its pid, its socket directory (the one
 * libguestfs made for the daemon's socket, outside any scratch directory) in dir; 0 when none.
 * Async-signal-safe, as is the rest here. */
long ws_appliance_child (long parent, char *dir, size_t size);
/* Whether process pid is still that appliance: 1 with its socket directory in dir. */
int ws_appliance_sockdir (long pid, char *dir, size_t size);
/* Kill it and remove its socket directory. */
void ws_appliance_end (long pid, const char *dir);

/* Guarded sections nest; while one is open, signals are recorded, not acted on. */
void ws_interrupt_guard_begin (void);
void ws_interrupt_guard_end (void);

/* FALSE with a WS_EXIT_ROLLED_BACK-coded error ("interrupted by SIGINT") when a signal was
 * recorded; the caller rolls back. */
gboolean ws_interrupt_check (GError **error);

/* The signal recorded inside a guarded section, 0 when none was (batch forwards it to its
 * children). */
int ws_interrupt_pending (void);

/* After the command ended: when a signal was recorded, clean up and end the process the way
 * the signal would have (returns only when none was). */
void ws_interrupt_finish (void);

#endif
