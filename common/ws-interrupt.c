/* ws-interrupt: signal handling for scratch space and guest commits; see ws-interrupt.h. */
#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ws-error.h"
#include "ws-interrupt.h"
#include "banned.h"

/* Paths are copied into fixed buffers: the handler may not allocate. */
#define DIR_MAX 4096
static char dirs[WS_INTERRUPT_MAX_DIRS][DIR_MAX];
static volatile sig_atomic_t dir_used[WS_INTERRUPT_MAX_DIRS];
static char files[WS_INTERRUPT_MAX_FILES][DIR_MAX];
static volatile sig_atomic_t file_used[WS_INTERRUPT_MAX_FILES];
static volatile pid_t child;
static volatile sig_atomic_t guard_depth;
static volatile sig_atomic_t pending;

struct linux_dirent64 {
  ino64_t d_ino;
  off64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

/* Remove everything below the directory open as fd.  Our scratch trees are shallow (a few
 * levels); the depth bound keeps the stack small whatever is there.  Entries are removed under
 * the listing's cursor, so the listing restarts until a pass removes nothing. */
static void
remove_below (int fd, int depth)
{
  char buf[2048];
  for (gboolean removed = TRUE; removed;) {
    removed = FALSE;
    lseek (fd, 0, SEEK_SET);
    long n;
    while ((n = syscall (SYS_getdents64, fd, buf, sizeof buf)) > 0) {
      for (long off = 0; off < n;) {
        struct linux_dirent64 *e = (struct linux_dirent64 *) (buf + off);
        off += e->d_reclen;
        if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
          continue;
        if (unlinkat (fd, e->d_name, 0) == 0) {
          removed = TRUE;
          continue;
        }
        /* A directory (d_type may be DT_UNKNOWN): empty it, then remove it. */
        int sub = depth < 16 ? openat (fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
        if (sub >= 0) {
          remove_below (sub, depth + 1);
          close (sub);
        }
        if (unlinkat (fd, e->d_name, AT_REMOVEDIR) == 0)
          removed = TRUE;
      }
    }
  }
}

static void
remove_dirs (void)
{
  for (int i = 0; i < WS_INTERRUPT_MAX_DIRS; i++) {
    if (!dir_used[i])
      continue;
    int fd = open (dirs[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
      remove_below (fd, 0);
      close (fd);
    }
    rmdir (dirs[i]);
    dir_used[i] = 0;
  }
}

static void
remove_files (void)
{
  for (int i = 0; i < WS_INTERRUPT_MAX_FILES; i++)
    if (file_used[i]) {
      unlink (files[i]);
      file_used[i] = 0;
    }
}

/* "prefix<n>suffix" into out (size bytes); snprintf is not async-signal-safe. */
static void
pid_path (char *out, size_t size, const char *prefix, long n, const char *suffix)
{
  char digits[24];
  size_t nd = 0, len = 0;
  do
    digits[nd++] = (char) ('0' + n % 10);
  while ((n /= 10) > 0 && nd < sizeof digits);
  for (const char *p = prefix; *p && len + 1 < size; p++)
    out[len++] = *p;
  while (nd > 0 && len + 1 < size)
    out[len++] = digits[--nd];
  for (const char *p = suffix; *p && len + 1 < size; p++)
    out[len++] = *p;
  out[len] = '\0';
}

/* Read what fits of a small file into buf (NUL-terminated); the count, 0 on failure. */
static size_t
read_small (const char *path, char *buf, size_t size)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  size_t got = 0;
  ssize_t n;
  while (got + 1 < size && (n = read (fd, buf + got, size - 1 - got)) > 0)
    got += (size_t) n;
  close (fd);
  buf[got] = '\0';
  return got;
}

int
ws_appliance_sockdir (long pid, char *dir, size_t size)
{
  static char cmdline[16384];
  char path[64];
  pid_path (path, sizeof path, "/proc/", pid, "/cmdline");
  size_t n = read_small (path, cmdline, sizeof cmdline);
  static const char sock[] = "/guestfsd.sock";
  for (size_t i = 0; i < n; i += strlen (cmdline + i) + 1) {
    /* qemu's "-chardev socket,path=<dir>/guestfsd.sock,id=channel0" */
    const char *arg = cmdline + i, *p = arg + 12;
    const char *end = strncmp (arg, "socket,path=", 12) == 0 ? strstr (p, sock) : NULL;
    if (end == NULL)
      continue;
    const char *base = end;
    while (base > p && base[-1] != '/')
      base--;
    size_t len = (size_t) (end - p);
    if (len >= size || strncmp (base, "libguestfs", 10) != 0)
      return 0;
    memcpy (dir, p, len);
    dir[len] = '\0';
    return 1;
  }
  return 0;
}

void
ws_appliance_end (long pid, const char *dir)
{
  kill ((pid_t) pid, SIGKILL);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    remove_below (fd, 0);
    close (fd);
  }
  rmdir (dir);
}

/* Calls fn on each child of process pid (its main thread's: the one that launches). */
static void
each_child (long pid, void (*fn) (long child, void *data), void *data)
{
  static char list[4096];
  char prefix[48], path[96];
  pid_path (prefix, sizeof prefix, "/proc/", pid, "/task/");
  pid_path (path, sizeof path, prefix, pid, "/children");
  size_t n = read_small (path, list, sizeof list);
  long c = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && list[i] >= '0' && list[i] <= '9') {
      c = c * 10 + (list[i] - '0');
      continue;
    }
    if (c > 0)
      fn (c, data);
    c = 0;
  }
}

struct find { long pid; char *dir; size_t size; };

static void
find_one (long c, void *data)
{
  struct find *f = data;
  if (f->pid == 0 && ws_appliance_sockdir (c, f->dir, f->size))
    f->pid = c;
}

long
ws_appliance_child (long parent, char *dir, size_t size)
{
  struct find f = { 0, dir, size };
  each_child (parent, find_one, &f);
  return f.pid;
}

/* A child that is a libguestfs appliance is killed and its socket directory removed.  One whose
 * command line is ours is libguestfs' recovery process (a fork that kills the appliance once we
 * are gone, polling every 2 s) or the appliance's watchdog (guest-watchdog.c): killed too, so
 * that nothing of the run outlives it. */
static void
end_child (long pid, void *unused)
{
  static char cmdline[16384], mine[16384];
  static size_t mine_len;
  static char dir[DIR_MAX];
  char path[64];
  if (mine_len == 0)
    mine_len = read_small ("/proc/self/cmdline", mine, sizeof mine);
  (void) unused;
  pid_path (path, sizeof path, "/proc/", pid, "/cmdline");
  size_t n = read_small (path, cmdline, sizeof cmdline);
  if (n > 0 && n == mine_len && memcmp (cmdline, mine, n) == 0)
    kill ((pid_t) pid, SIGKILL);
  else if (ws_appliance_sockdir (pid, dir, sizeof dir))
    ws_appliance_end (pid, dir);
}

/* The appliance this process launched, even while guestfs_launch still runs and its pid is not
 * known to us: our children, from /proc, each looked at.  libguestfs puts the daemon's socket
 * in a directory of its own under /tmp (for root, whatever TMPDIR says) that only
 * guestfs_close removes; a run that a signal ends must remove it itself. */
static void
end_appliances (void)
{
  each_child ((long) getpid (), end_child, NULL);
}

static void
die_by (int sig)
{
  /* The children first: a qemu-img still writing a file must not outlive its removal. */
  end_appliances ();
  if (child > 0)
    kill (child, SIGKILL);
  remove_files ();
  remove_dirs ();
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
on_signal (int sig)
{
  if (guard_depth > 0) {
    pending = sig;
    return;
  }
  die_by (sig);
}

void
ws_interrupt_install (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
  for (size_t i = 0; i < G_N_ELEMENTS (sigs); i++)
    sigaction (sigs[i], &sa, NULL);
}

/* Changes to the table happen with the signals blocked, so the handler never sees half a path. */
static void
block (sigset_t *old)
{
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  sigprocmask (SIG_BLOCK, &set, old);
}

void
ws_interrupt_add_dir (const char *dir)
{
  if (strlen (dir) >= DIR_MAX)
    return;
  sigset_t old;
  block (&old);
  for (int i = 0; i < WS_INTERRUPT_MAX_DIRS; i++)
    if (!dir_used[i]) {
      memcpy (dirs[i], dir, strlen (dir) + 1);
      dir_used[i] = 1;
      break;
    }
  sigprocmask (SIG_SETMASK, &old, NULL);
}

void
ws_interrupt_remove_dir (const char *dir)
{
  sigset_t old;
  block (&old);
  for (int i = 0; i < WS_INTERRUPT_MAX_DIRS; i++)
    if (dir_used[i] && strcmp (dirs[i], dir) == 0)
      dir_used[i] = 0;
  sigprocmask (SIG_SETMASK, &old, NULL);
}

void
ws_interrupt_add_file (const char *path)
{
  if (strlen (path) >= DIR_MAX)
    return;
  sigset_t old;
  block (&old);
  for (int i = 0; i < WS_INTERRUPT_MAX_FILES; i++)
    if (!file_used[i]) {
      memcpy (files[i], path, strlen (path) + 1);
      file_used[i] = 1;
      break;
    }
  sigprocmask (SIG_SETMASK, &old, NULL);
}

void
ws_interrupt_remove_file (const char *path)
{
  sigset_t old;
  block (&old);
  for (int i = 0; i < WS_INTERRUPT_MAX_FILES; i++)
    if (file_used[i] && strcmp (files[i], path) == 0)
      file_used[i] = 0;
  sigprocmask (SIG_SETMASK, &old, NULL);
}

void
ws_interrupt_set_child (pid_t pid)
{
  child = pid;
}

void
ws_interrupt_guard_begin (void)
{
  guard_depth++;
}

void
ws_interrupt_guard_end (void)
{
  if (guard_depth > 0)
    guard_depth--;
}

gboolean
ws_interrupt_check (GError **error)
{
  if (pending == 0)
    return TRUE;
  g_set_error (error, WS_ERROR, WS_EXIT_ROLLED_BACK, "interrupted by %s", g_strsignal (pending));
  return FALSE;
}

int
ws_interrupt_pending (void)
{
  return pending;
}

void
ws_interrupt_finish (void)
{
  if (pending && guard_depth == 0)
    die_by (pending);
}
