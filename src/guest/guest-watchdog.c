/* guest-watchdog: the appliance never outlives the run that started it.
 *
 * qemu runs in a process group of its own (guest.c: a terminal's ^C must reach winseed alone, so
 * that a commit in progress rolls back before the appliance goes).  libguestfs' recovery process,
 * which kills qemu once its parent is gone, is a plain fork of ours and so in our group: a
 * SIGKILL of the whole group (`kill -KILL -- -PGID`, what a supervisor or a batch does to a job)
 * takes it too, and the appliance then idles for ever, holding the image and its socket
 * directory (seen in make check-stress: a qemu still there after 10 minutes).
 *
 * A recovery process also dies with its group, and has our command line, so that
 * `pkill -KILL -f "winseed convert"` ends it too.
 *
 * So before the launch a watchdog is forked into a process group of its own, under a command line
 * of its own ("winseed: appliance watchdog", written over the inherited one) that a kill aimed at
 * the run's own processes by name does not reach.  It holds the read
 * end of a pipe whose write end stays here (close-on-exec: qemu and qemu-img never inherit it).
 * Until it has seen the appliance among our children it looks every WATCH_MS; then it waits for
 * end of file, which comes however this process ends (guest_free closes the pipe after the
 * appliance is shut down).  If the appliance it saw is still there, it kills it and removes its
 * socket directory (ws-interrupt's async-signal-safe helpers: after the fork the child
 * allocates nothing and runs none of our handlers).
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ws-error.h"
#include "ws-interrupt.h"
#include "guest-internal.h"
#include "banned.h"

#define WATCH_MS 100
#define SOCKDIR_MAX 4096

/* Where the kernel reads /proc/self/cmdline from: fields 48 and 49 of /proc/self/stat (proc(5));
 * the command (field 2) may hold spaces and parentheses, so counting starts after its last ')'. */
static gboolean
own_cmdline_area (char **start, char **end)
{
  g_autofree char *stat = NULL;
  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return FALSE;
  const char *p = strrchr (stat, ')');
  unsigned long long a = 0, b = 0;
  for (int field = 2; p && field < 49; field++) {
    p = strchr (p + 1, ' ');
    if (p && field + 1 == 48)
      a = g_ascii_strtoull (p + 1, NULL, 10);
    if (p && field + 1 == 49)
      b = g_ascii_strtoull (p + 1, NULL, 10);
  }
  if (a == 0 || b <= a)
    return FALSE;
  *start = (char *) (uintptr_t) a;
  *end = (char *) (uintptr_t) b;
  return TRUE;
}

/* Over the inherited arguments (same length at most: the area is the original argv's). */
static void
retitle (char *start, char *end)
{
  static const char title[] = "winseed: appliance watchdog";
  size_t room = (size_t) (end - start);
  memset (start, 0, room);
  memcpy (start, title, MIN (sizeof title - 1, room - 1));
}

static _Noreturn void
watch (int fd, long parent)
{
  static char dir[SOCKDIR_MAX], now[SOCKDIR_MAX];
  /* Our handlers clean up the run's own files: not the watchdog's business.  A SIGTERM aimed
   * at winseed by name (pkill) ends it as it would any process. */
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  signal (SIGINT, SIG_IGN);
  signal (SIGHUP, SIG_IGN);
  signal (SIGPIPE, SIG_IGN);
  signal (SIGTERM, SIG_DFL);
  long appliance = 0;
  struct pollfd p = { .fd = fd, .events = POLLIN };
  for (;;) {
    int r = poll (&p, 1, appliance ? -1 : WATCH_MS);
    if (r < 0 && errno != EINTR)
      break;
    if (r > 0) {
      char c;
      ssize_t n = read (fd, &c, 1);
      if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
        break;   /* end of file: the run is over */
    }
    if (appliance == 0)
      appliance = ws_appliance_child (parent, dir, sizeof dir);
  }
  /* Still the same process (not a pid used again since) and still running: end it. */
  if (appliance && ws_appliance_sockdir (appliance, now, sizeof now) && strcmp (now, dir) == 0)
    ws_appliance_end (appliance, dir);
  _exit (0);
}

gboolean
guest_watchdog_start (guest *g, GError **error)
{
  int fds[2];
  if (pipe2 (fds, O_CLOEXEC) != 0) {
    int e = errno;
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot start the appliance's watchdog: %s",
                 g_strerror (e));
    return FALSE;
  }
  long parent = (long) getpid ();
  char *args = NULL, *args_end = NULL;
  gboolean titled = own_cmdline_area (&args, &args_end);
  pid_t pid = fork ();
  if (pid == 0) {
    setpgid (0, 0);
    close (fds[1]);
    /* Nothing to say, and a pipe a caller reads our output from must end with us. */
    int null = open ("/dev/null", O_RDWR | O_CLOEXEC);
    for (int i = 0; null >= 0 && i <= 2; i++)
      dup2 (null, i);
    if (titled)
      retitle (args, args_end);
    watch (fds[0], parent);
  }
  int e = errno;
  close (fds[0]);
  if (pid < 0) {
    close (fds[1]);
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot start the appliance's watchdog: %s",
                 g_strerror (e));
    return FALSE;
  }
  /* Here too: a signal to our group right after the fork must not reach it either. */
  setpgid (pid, pid);
  g->watchdog_fd = fds[1];
  g->watchdog_pid = pid;
  return TRUE;
}

void
guest_watchdog_stop (guest *g)
{
  if (g->watchdog_fd < 0)
    return;
  close (g->watchdog_fd);
  g->watchdog_fd = -1;
  /* It leaves at once: the appliance is gone.  Reaped here, not left a zombie for the run. */
  while (waitpid (g->watchdog_pid, NULL, 0) < 0 && errno == EINTR)
    ;
}
