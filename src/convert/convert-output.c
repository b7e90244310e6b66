/* convert-output: the converted guest copied out to new images; see convert-output.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "ws-fault.h"
#include "ws-interrupt.h"
#include "disk-format.h"
#include "events.h"
#include "guest.h"
#include "convert-output.h"
#include "banned.h"

struct target {
  char *path;           /* FILE */
  char *part;           /* FILE.part: where the copy is written */
  char *format;         /* "raw", "qcow2" */
  char *source;         /* the -a disk */
  int part_fd;          /* holds the exclusive lock on FILE.part; -1 before it is taken */
  int file_fd;          /* holds the exclusive lock on an existing FILE; -1 when none */
  gboolean owns_part;   /* FILE.part is ours to remove */
  gboolean renamed;
  gint64 size;
  double seconds;
};

struct conv_outputs {
  GPtrArray *targets;   /* struct target * */
};

static void
target_free (gpointer p)
{
  struct target *t = p;
  if (t->owns_part && !t->renamed) {
    g_unlink (t->part);
    ws_interrupt_remove_file (t->part);
  }
  if (t->part_fd >= 0)
    close (t->part_fd);
  if (t->file_fd >= 0)
    close (t->file_fd);
  g_free (t->path);
  g_free (t->part);
  g_free (t->format);
  g_free (t->source);
  g_free (t);
}

void
conv_outputs_free (conv_outputs *outs)
{
  if (outs == NULL)
    return;
  g_ptr_array_unref (outs->targets);
  g_free (outs);
}

static gboolean
same_file (const char *a, const char *b)
{
  struct stat sa, sb;
  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* An exclusive lock, not waited for: the same flock(2) as guest.c's, so a conversion in place of
 * FILE, a verify reading it or another --output to it is refused rather than overwritten. */
static int
lock_exclusive (const char *path, int flags, GError **error)
{
  int fd = open (path, flags | O_CLOEXEC | O_NOCTTY, 0644);
  if (fd == -1) {
    int e = errno;
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot create output image '%s': %s", path,
                 g_strerror (e));
    return -1;
  }
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    return fd;
  int e = errno;
  close (fd);
  if (e == EWOULDBLOCK)
    g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "output image '%s' is in use: another process "
                 "holds its lock (one writer per image)", path);
  else
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot lock output image '%s': %s", path,
                 g_strerror (e));
  return -1;
}

static gboolean
check_distinct (const GPtrArray *disks, char *const *paths, guint i, GError **error)
{
  for (guint j = 0; j < disks->len; j++) {
    const struct guest_disk *d = g_ptr_array_index (disks, j);
    if (same_file (paths[i], d->path) || g_strcmp0 (paths[i], d->path) == 0) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--output '%s' is the source disk '%s': the "
                   "output must be a new file", paths[i], d->path);
      return FALSE;
    }
  }
  for (guint j = 0; j < i; j++)
    if (strcmp (paths[i], paths[j]) == 0 || same_file (paths[i], paths[j])) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--output '%s' is given twice", paths[i]);
      return FALSE;
    }
  return TRUE;
}

static struct target *
target_new (const struct guest_disk *d, const char *path, const char *format, GError **error)
{
  struct target *t = g_new0 (struct target, 1);
  t->part_fd = t->file_fd = -1;
  t->path = g_strdup (path);
  t->source = g_strdup (d->path);
  /* Beside FILE, so that the final rename stays within one filesystem and is atomic. */
  t->part = g_strconcat (path, ".part", NULL);
  if (format)
    t->format = g_strdup (format);
  else {
    g_autofree char *src_fmt = disk_probe_format (d->path, d->format, error);
    if (src_fmt == NULL) {
      target_free (t);
      return NULL;
    }
    t->format = g_strdup (strcmp (src_fmt, "raw") == 0 ? "raw" : "qcow2");
  }
  if (g_file_test (path, G_FILE_TEST_EXISTS) && (t->file_fd = lock_exclusive (path, O_RDONLY, error)) < 0) {
    target_free (t);
    return NULL;
  }
  if ((t->part_fd = lock_exclusive (t->part, O_WRONLY | O_CREAT, error)) < 0) {
    target_free (t);
    return NULL;
  }
  /* Ours from here: a failure or a signal removes it. */
  t->owns_part = TRUE;
  ws_interrupt_add_file (t->part);
  return t;
}

conv_outputs *
conv_outputs_prepare (const GPtrArray *disks, char *const *paths, const char *format, GError **error)
{
  conv_outputs *outs = g_new0 (conv_outputs, 1);
  outs->targets = g_ptr_array_new_with_free_func (target_free);
  for (guint i = 0; i < disks->len; i++) {
    struct target *t = check_distinct (disks, paths, i, error)
                       ? target_new (g_ptr_array_index (disks, i), paths[i], format, error) : NULL;
    if (t == NULL) {
      conv_outputs_free (outs);
      return NULL;
    }
    g_ptr_array_add (outs->targets, t);
  }
  return outs;
}

/* The virtual size of a qcow2 image from its header: big-endian 64-bit at byte 24, after the
 * magic "QFI\xfb" (docs/architecture.md#output-image); 0 when the file says otherwise.  It is
 * what qemu-img's "-p" percent is of. */
static guint64
qcow2_virtual_size (const char *path)
{
  guint8 h[32];
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t n = read (fd, h, sizeof h);
  close (fd);
  if (n != (ssize_t) sizeof h || memcmp (h, "QFI\xfb", 4) != 0)
    return 0;
  guint64 size = 0;
  for (int i = 24; i < 32; i++)
    size = size << 8 | h[i];
  return size;
}

/* In the child, before exec: its own process group (a terminal's ^C reaches winseed, which
 * kills it and removes the .part; see ws-interrupt.h), stderr into the same pipe as stdout. */
static void
child_setup (gpointer data)
{
  (void) data;
  setpgid (0, 0);
  dup2 (STDOUT_FILENO, STDERR_FILENO);
}

/* Run qemu-img with args; its "-p" figures "(42.00/100%)" become progress events of total bytes
 * (events.h) named progress (NULL: none), its last other line becomes the error.
 * WS_EXIT_INTERNAL when it fails. */
static gboolean
run_qemu_img (const char *const *argv, const char *progress, guint64 total, const char *what,
              GError **error)
{
  GPid pid;
  int out = -1;
  GError *e = NULL;
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                 child_setup, NULL, &pid, NULL, &out, NULL, &e)) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "%s: cannot run qemu-img: %s", what, e->message);
    g_error_free (e);
    return FALSE;
  }
  ws_interrupt_set_child (pid);
  GString *line = g_string_new (NULL);
  g_autofree char *last = NULL;
  int shown = -1;
  char buf[512];
  ssize_t n;
  while ((n = read (out, buf, sizeof buf)) != 0) {
    if (n < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] != '\r' && buf[i] != '\n') {
        g_string_append_c (line, buf[i]);
        continue;
      }
      double pct;
      g_strstrip (line->str);
      line->len = strlen (line->str);
      if (sscanf (line->str, "(%lf/100%%)", &pct) == 1) {
        if (progress && (int) pct != shown) {
          shown = (int) pct;
          events_progress (progress, shown >= 100 ? total : total / 100 * (guint64) shown, total);
        }
      } else if (line->len > 0) {
        g_free (last);
        last = g_strdup (line->str);
      }
      g_string_truncate (line, 0);
    }
  }
  close (out);
  int status = 0;
  while (waitpid (pid, &status, 0) == -1 && errno == EINTR)
    ;
  ws_interrupt_set_child (0);
  if (line->len > 0) {
    g_free (last);
    last = g_strdup (g_strstrip (line->str));
  }
  g_string_free (line, TRUE);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0) {
    /* The last figure qemu-img prints may be short of 100 (it rounds down, and skips zeroes). */
    if (progress && shown != 100)
      events_progress (progress, total, total);
    return TRUE;
  }
  g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "%s: %s", what,
               last && *last ? last : "qemu-img failed");
  return FALSE;
}

static gboolean
fsync_dir_of (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0 && fsync (fd) == 0) {
    close (fd);
    return TRUE;
  }
  int e = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot flush directory '%s': %s", dir, g_strerror (e));
  return FALSE;
}

/* overlay -> FILE.part, on disk (fsync), with the same contents as the overlay. */
static gboolean
copy_one (struct target *t, const char *overlay, guint disk, guint n_disks, GError **error)
{
  if (!ws_fault_point ("output:copy", error))
    return FALSE;
  gint64 t0 = g_get_monotonic_time ();
  g_autofree char *what = g_strdup_printf ("cannot copy the converted disk to '%s'", t->part);
  /* -p for the progress figures; qemu-img skips zeroes (sparse output) by default. */
  const char *copy[] = { "qemu-img", "convert", "-p", "-f", "qcow2", "-O", t->format, overlay, t->part, NULL };
  g_autofree char *progress = g_strdup_printf ("copy of disk %u of %u to '%s'", disk, n_disks, t->path);
  if (!run_qemu_img (copy, progress, qcow2_virtual_size (overlay), what, error))
    return FALSE;
  if (fsync (t->part_fd) != 0) {
    int e = errno;
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot flush '%s': %s", t->part, g_strerror (e));
    return FALSE;
  }
  /* Read back: what reached FILE.part is the guest the appliance left in the overlay. */
  g_autofree char *check = g_strdup_printf ("the copy '%s' differs from the converted disk", t->part);
  const char *cmp[] = { "qemu-img", "compare", "-q", "-f", "qcow2", "-F", t->format, overlay, t->part, NULL };
  if (!run_qemu_img (cmp, NULL, 0, check, error))
    return FALSE;
  struct stat st;
  t->size = fstat (t->part_fd, &st) == 0 ? (gint64) st.st_size : -1;
  t->seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  return TRUE;
}

gboolean
conv_outputs_write (conv_outputs *outs, session *s, GError **error)
{
  guint n = outs->targets->len;
  for (guint i = 0; i < n; i++)
    if (!copy_one (g_ptr_array_index (outs->targets, i), session_overlay (s, i), i + 1, n, error))
      return FALSE;
  /* Every copy complete and checked before the first output appears under its name. */
  if (!ws_fault_point ("output:rename", error))
    return FALSE;
  for (guint i = 0; i < n; i++) {
    struct target *t = g_ptr_array_index (outs->targets, i);
    if (g_rename (t->part, t->path) != 0) {
      int e = errno;
      g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot rename '%s' to '%s': %s", t->part,
                   t->path, g_strerror (e));
      return FALSE;
    }
    t->renamed = TRUE;
    ws_interrupt_remove_file (t->part);
    if (!fsync_dir_of (t->path, error))
      return FALSE;
  }
  return TRUE;
}

GPtrArray *
conv_outputs_result (const conv_outputs *outs)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (convert_output_free);
  for (guint i = 0; outs && i < outs->targets->len; i++) {
    const struct target *t = g_ptr_array_index (outs->targets, i);
    struct convert_output *o = g_new0 (struct convert_output, 1);
    o->path = g_strdup (t->path);
    o->format = g_strdup (t->format);
    o->source = g_strdup (t->source);
    o->written = t->renamed;
    o->size = t->size;
    o->seconds = t->seconds;
    g_ptr_array_add (a, o);
  }
  return a;
}
