/* events: what a command tells its caller while it runs (docs/json.md#events).
 *
 * One process-wide sink, opened by the command driver from --machine-readable and the terminal:
 *
 *   phase started / finished ──┬──> JSON Lines stream  (--machine-readable[=fd:N|file:PATH|stream:stdout])
 *   progress, warning, result ─┘──> one progress line on stderr (a terminal, no -q, no stream)
 *
 * Both outputs are built from the same calls, so the phases a pipeline reads and the ones a
 * person watches cannot disagree.  Warnings are also kept for the JSON envelope's "warnings".
 * Without events_open every call is cheap and silent (library code calls them unconditionally).
 */
#ifndef WS_EVENTS_H
#define WS_EVENTS_H

#include <glib.h>

/* Version of the event and envelope shape (docs/json.md#versioning). */
#define WS_SCHEMA_VERSION 1

struct events_opts {
  const char *command;     /* "convert" */
  const char *stream;      /* the --machine-readable value: NULL none, "" the default (stdout) */
  gboolean progress_line;  /* the caller allows the terminal line (no -q, no -v) */
};

/* Check a --machine-readable value ("fd:3", "file:/x", "stream:stdout", "stream:stderr");
 * FALSE + usage error. */
gboolean events_spec_valid (const char *spec, GError **error);
/* Whether the stream goes to stdout (the command then prints nothing else there). */
gboolean events_spec_is_stdout (const char *spec);

/* Start the sink; FALSE + error when the stream cannot be opened. */
gboolean events_open (const struct events_opts *o, GError **error);

void events_phase_start (const char *phase);
/* seconds: the phase's own duration. */
void events_phase_end (const char *phase, double seconds);
/* A long copy: done of total bytes (total 0: unknown). */
void events_progress (const char *what, guint64 done, guint64 total);
/* A warning the command also reports; kept for events_warnings. */
void events_warning (const char *message);
/* The warnings given so far (never NULL while open; NULL before). */
const GPtrArray *events_warnings (void);
/* The progress line is done (the command's own output follows on stderr). */
void events_line_end (void);
/* The final event; closes the stream. */
void events_result (int exit_code, const char *result, const char *error);

#endif
