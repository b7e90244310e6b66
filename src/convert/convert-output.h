/* convert-output: `convert --output FILE`, the converted guest written to a new image while the
 * source is only read (docs/architecture.md#output-image).
 *
 *   conv_outputs_prepare (before the appliance starts): one target per -a disk, each FILE.part
 *     created beside FILE and locked exclusively (one writer per image), FILE locked too when it
 *     exists; the session then converts into a qcow2 overlay over each source
 *     (session_opts.overlay).
 *   conv_outputs_write (after the appliance shut down, the overlays complete): each overlay
 *     copied to its FILE.part with qemu-img convert (sparse), fsynced, compared with the overlay,
 *     and only then every FILE.part renamed to FILE.
 *   conv_outputs_free: a FILE.part not renamed is removed; a signal removes it too (ws-interrupt).
 *
 * Fault injection steps (ws-fault.h): "output:copy" before each copy, "output:rename" once every
 * copy is complete and checked, before the first rename.
 */
#ifndef WS_CONVERT_OUTPUT_H
#define WS_CONVERT_OUTPUT_H

#include <glib.h>

#include "convert.h"
#include "session.h"

typedef struct conv_outputs conv_outputs;

/* paths: one per disk, in -a order (the caller checked the count); format: "raw", "qcow2" or
 * NULL (raw for a raw source, qcow2 otherwise).  WS_EXIT_REFUSED when another process holds an
 * output's lock; WS_EXIT_USAGE when an output is a source or two outputs are one file. */
conv_outputs *conv_outputs_prepare (const GPtrArray *disks, char *const *paths, const char *format,
                                    GError **error);

/* Copy each of the session's overlays out, check, rename into place.  The copies' progress goes
 * to events_progress (events.h). */
gboolean conv_outputs_write (conv_outputs *outs, session *s, GError **error);

/* What was written, for the report (struct convert_output *, caller owns the array). */
GPtrArray *conv_outputs_result (const conv_outputs *outs);

void conv_outputs_free (conv_outputs *outs);

#endif
