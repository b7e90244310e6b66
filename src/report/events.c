/* events: the JSON Lines stream and the terminal progress line; see events.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "ws-error.h"
#include "events.h"
#include "report.h"
#include "banned.h"

static struct {
  char *command;
  FILE *stream;          /* NULL: no --machine-readable */
  gboolean close_stream; /* opened here (file:, fd:), so closed here */
  gboolean line;         /* the progress line is on */
  gboolean line_shown;   /* something is on it now */
  char *phase;           /* the phase running, for the progress line */
  gint64 t0;
  GPtrArray *warnings;
} ev;

/* fd:N, file:PATH, stream:stdout or stream:stderr; "" (the bare option) is stdout, as in
 * virt-v2v (docs/json.md#events). */
gboolean
events_spec_valid (const char *spec, GError **error)
{
  if (*spec == '\0' || strcmp (spec, "stream:stdout") == 0 || strcmp (spec, "stream:stderr") == 0)
    return TRUE;
  if (g_str_has_prefix (spec, "file:") && spec[5] != '\0')
    return TRUE;
  if (g_str_has_prefix (spec, "fd:")) {
    char *end;
    long fd = strtol (spec + 3, &end, 10);
    if (spec[3] != '\0' && *end == '\0' && fd >= 0 && fd < 65536)
      return TRUE;
  }
  g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--machine-readable takes fd:N, file:PATH, "
               "stream:stdout or stream:stderr, not '%s'", spec);
  return FALSE;
}

gboolean
events_spec_is_stdout (const char *spec)
{
  return spec && (*spec == '\0' || strcmp (spec, "stream:stdout") == 0 || strcmp (spec, "fd:1") == 0);
}

static FILE *
open_stream (const char *spec, GError **error)
{
  FILE *f = NULL;
  if (events_spec_is_stdout (spec))
    return stdout;
  if (strcmp (spec, "stream:stderr") == 0)
    return stderr;
  if (g_str_has_prefix (spec, "file:")) {
    int fd = open (spec + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd >= 0 && (f = fdopen (fd, "w")) == NULL)
      close (fd);
  } else {
    /* A descriptor the caller opened for us: duplicated, so closing ours leaves theirs. */
    int fd = fcntl ((int) strtol (spec + 3, NULL, 10), F_DUPFD_CLOEXEC, 3);
    if (fd >= 0 && (f = fdopen (fd, "w")) == NULL)
      close (fd);
  }
  if (f == NULL)
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "cannot open the --machine-readable output '%s': %s",
                 spec, g_strerror (errno));
  else
    ev.close_stream = TRUE;
  return f;
}

gboolean
events_open (const struct events_opts *o, GError **error)
{
  g_free (ev.command);
  ev.command = g_strdup (o->command);
  ev.t0 = g_get_monotonic_time ();
  if (ev.warnings == NULL)
    ev.warnings = g_ptr_array_new_with_free_func (g_free);
  if (o->stream && (ev.stream = open_stream (o->stream, error)) == NULL)
    return FALSE;
  ev.line = o->stream == NULL && o->progress_line && isatty (STDERR_FILENO);
  return TRUE;
}

static double
elapsed (void)
{
  return (double) (g_get_monotonic_time () - ev.t0) / G_USEC_PER_SEC;
}

/* { "type": T, "command": C, "elapsed": S, ... } : the members every event starts with. */
static JsonBuilder *
event_begin (const char *type)
{
  JsonBuilder *b = json_builder_new ();
  json_builder_begin_object (b);
  report_add_string (b, "type", type);
  report_add_string (b, "command", ev.command);
  json_builder_set_member_name (b, "elapsed");
  json_builder_add_double_value (b, elapsed ());
  return b;
}

/* One line per event, flushed: a reader sees each as it happens.  A stream that fails to take
 * an event is dropped (the command's own outcome does not depend on its observer). */
static void
event_end (JsonBuilder *b)
{
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_object_unref (b);
  g_autofree char *text = json_to_string (root, FALSE);
  if (fprintf (ev.stream, "%s\n", text) < 0 || fflush (ev.stream) != 0) {
    if (ev.close_stream)
      fclose (ev.stream);
    ev.stream = NULL;
  }
}

/* The terminal line: rewritten in place, cleared before anything else goes to stderr. */
static void
line_show (const char *fmt, ...) G_GNUC_PRINTF (1, 2);
static void
line_show (const char *fmt, ...)
{
  if (!ev.line)
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "\r\033[Kwinseed %s: %s", ev.command, text);
  fflush (stderr);
  ev.line_shown = TRUE;
}

static void
line_clear (void)
{
  if (ev.line_shown) {
    fputs ("\r\033[K", stderr);
    fflush (stderr);
    ev.line_shown = FALSE;
  }
}

void
events_phase_start (const char *phase)
{
  g_free (ev.phase);
  ev.phase = g_strdup (phase);
  line_show ("%s...", phase);
  if (ev.stream == NULL)
    return;
  JsonBuilder *b = event_begin ("phase");
  report_add_string (b, "phase", phase);
  report_add_string (b, "state", "started");
  event_end (b);
}

void
events_phase_end (const char *phase, double seconds)
{
  if (ev.stream == NULL)
    return;
  JsonBuilder *b = event_begin ("phase");
  report_add_string (b, "phase", phase);
  report_add_string (b, "state", "finished");
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, seconds);
  event_end (b);
}

void
events_progress (const char *what, guint64 done, guint64 total)
{
  if (total > 0)
    line_show ("%s %s %u%%", ev.phase ? ev.phase : "", what, (unsigned) (done * 100 / total));
  if (ev.stream == NULL)
    return;
  JsonBuilder *b = event_begin ("progress");
  report_add_string (b, "what", what);
  json_builder_set_member_name (b, "done");
  json_builder_add_int_value (b, (gint64) done);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, (gint64) total);
  event_end (b);
}

void
events_warning (const char *message)
{
  if (ev.warnings == NULL)
    ev.warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ev.warnings, g_strdup (message));
  if (ev.stream == NULL)
    return;
  JsonBuilder *b = event_begin ("warning");
  report_add_string (b, "message", message);
  event_end (b);
}

const GPtrArray *
events_warnings (void)
{
  return ev.warnings;
}

void
events_line_end (void)
{
  line_clear ();
  ev.line = FALSE;
}

void
events_result (int exit_code, const char *result, const char *error)
{
  events_line_end ();
  if (ev.stream) {
    JsonBuilder *b = event_begin ("result");
    json_builder_set_member_name (b, "status");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "exit_code");
    json_builder_add_int_value (b, exit_code);
    report_add_string (b, "result", result);
    report_add_string (b, "error", error);
    json_builder_end_object (b);
    event_end (b);
  }
  if (ev.stream && ev.close_stream)
    fclose (ev.stream);
  ev.stream = NULL;
  g_clear_pointer (&ev.phase, g_free);
  g_clear_pointer (&ev.command, g_free);
  g_clear_pointer (&ev.warnings, g_ptr_array_unref);
}
