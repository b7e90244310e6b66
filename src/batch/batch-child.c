/* batch-child: one guest's `winseed convert`, in its own process group; see batch.h.
 *
 * fork + exec of /proc/self/exe with an argv built here, never a shell: manifest strings are
 * never parsed by anything but getopt, and every path was made absolute by the manifest reader,
 * so none can pass for an option.  The child gets its own process group, so that a terminal's ^C
 * reaches the batch only (which forwards it) and a timeout kills the child with its appliance.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ws-error.h"
#include "batch.h"
#include "banned.h"

static void
push (GPtrArray *argv, const char *a, const char *b)
{
  g_ptr_array_add (argv, g_strdup (a));
  if (b)
    g_ptr_array_add (argv, g_strdup (b));
}

static GPtrArray *
child_argv (const struct batch_guest *g, const char *report, const char *domain)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  push (argv, "winseed", "convert");
  push (argv, "--report", report);
  push (argv, "--drivers", g->o.drivers);
  for (guint i = 0; i < g->disks->len; i++) {
    const struct guest_disk *d = g_ptr_array_index (g->disks, i);
    if (d->format)
      push (argv, "--format", d->format);
    push (argv, "-a", d->path);
  }
  if (g->o.block_driver)
    push (argv, "--block-driver", g->o.block_driver);
  if (g->o.no_network)
    push (argv, "--no-network", NULL);
  for (guint i = 0; g->o.also && i < g->o.also->len; i++)
    push (argv, "--also", g_ptr_array_index (g->o.also, i));
  if (g->o.keep_tools)
    push (argv, "--keep-tools", NULL);
  if (g->o.keep_san_policy)
    push (argv, "--keep-san-policy", NULL);
  if (g_strcmp0 (g->o.firstboot, "none") == 0)
    push (argv, "--no-firstboot", NULL);
  else if (g->o.firstboot)
    push (argv, "--firstboot", g->o.firstboot);
  for (guint i = 0; g->o.nic_map && i < g->o.nic_map->len; i++)
    push (argv, "--nic-map", g_ptr_array_index (g->o.nic_map, i));
  if (g->o.libvirt_xml)
    push (argv, "--libvirt-xml", domain);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void G_GNUC_NORETURN
exec_child (char **argv, int log_fd)
{
  setpgid (0, 0);
  int devnull = open ("/dev/null", O_RDONLY);
  if (devnull != -1)
    dup2 (devnull, STDIN_FILENO);
  dup2 (log_fd, STDOUT_FILENO);
  dup2 (log_fd, STDERR_FILENO);
  /* The batch's handlers do not survive exec, but a signal ignored by the batch's caller would. */
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  execv ("/proc/self/exe", argv);
  _exit (127);
}

gboolean
batch_child_start (const struct batch_guest *g, const char *out, struct batch_child *c,
                   GError **error)
{
  g_autofree char *rname = g_strconcat (g->id, ".report.json", NULL);
  g_autofree char *report = g_build_filename (out, rname, NULL);
  g_autofree char *lname = g_strconcat (g->id, ".log", NULL);
  g_autofree char *log = g_build_filename (out, lname, NULL);
  g_autofree char *dname = g_strconcat (g->id, ".xml", NULL);
  g_autofree char *domain = g_build_filename (out, dname, NULL);
  /* A report or domain left from an earlier run must not pass for this run's. */
  const char *stale[] = { report, domain };
  for (size_t i = 0; i < G_N_ELEMENTS (stale); i++)
    if (unlink (stale[i]) == -1 && errno != ENOENT) {
      g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot remove '%s': %s", stale[i], g_strerror (errno));
      return FALSE;
    }
  int log_fd = open (log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (log_fd == -1) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write '%s': %s", log, g_strerror (errno));
    return FALSE;
  }
  g_autoptr (GPtrArray) argv = child_argv (g, report, domain);
  pid_t pid = fork ();
  if (pid == 0)
    exec_child ((char **) argv->pdata, log_fd);
  int e = errno;
  close (log_fd);
  if (pid == -1) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot start a conversion: %s", g_strerror (e));
    return FALSE;
  }
  setpgid (pid, pid);   /* also here: no race with a signal forwarded before the child ran */
  *c = (struct batch_child) { .pid = pid, .started = g_get_monotonic_time () };
  if (g->o.timeout > 0)
    c->deadline = c->started + (gint64) g->o.timeout * G_USEC_PER_SEC;
  return TRUE;
}

gboolean
batch_child_poll (struct batch_child *c, int *exit_code)
{
  int status;
  pid_t r = waitpid (c->pid, &status, WNOHANG);
  if (r == 0 || (r == -1 && errno == EINTR))
    return FALSE;
  *exit_code = r > 0 && WIFEXITED (status) && !c->killed ? WEXITSTATUS (status) : -1;
  return TRUE;
}

void
batch_child_signal (struct batch_child *c, int sig)
{
  kill (-c->pid, sig);
}
