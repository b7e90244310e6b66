/* diagnose: what Windows' setupapi logs say about device installs (src/cmd/diagnose.c is the
 * command).
 *
 *   diagnose-read.c     the I/O (local files, standard input, or the guest's logs through a
 *                       session), streamed through the reader of setupapi-log.h
 *   diagnose-collect.c  what the reader reports, kept in struct diag as JSON objects, bounded
 *   diagnose-report.c   struct diag printed as text or as one JSON document
 *   diagnose-firstboot.c  the first-boot payload's log, %SystemRoot%\winseed\firstboot.log
 */
#ifndef WS_DIAGNOSE_H
#define WS_DIAGNOSE_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ws-error.h"
#include "setupapi-log.h"
#include "session.h"

/* What the report shows, collected while the logs stream by. */
struct diag {
  const char *log_label;    /* log being read, named in each entry (borrowed) */
  GHashTable *entries;      /* key -> JsonObject: last install of a device, or a failed section */
  GPtrArray *order;         /* keys in first-seen order (owned by entries) */
  GHashTable *packages;     /* name -> JsonObject */
  GPtrArray *package_order;
  JsonArray *logs;
  unsigned long dropped, failed_dropped, packages_dropped;
  char *firstboot_log;      /* guest path of firstboot.log; NULL when the guest has none */
  JsonArray *firstboot;     /* its lines, one object each; NULL when not read */
  char *firstboot_error;    /* why it was not read */
  guint firstboot_failed;   /* steps that failed, timed out or gave up */
};

/* diagnose-read.c: stream one log (a path, or "-" for standard input; label names it in messages
 * and in the report), or every setupapi log of the session's guest, oldest first. */
gboolean diag_read_log (struct diag *d, const char *path, const char *label, GError **error);
gboolean diag_read_guest (struct diag *d, session *s, GError **error);

/* diagnose-firstboot.c: read the guest's firstboot.log when it has one (none is no error);
 * parse one log's text (pure; *failed counts the failed steps). */
gboolean diag_read_firstboot (struct diag *d, session *s, GError **error);
JsonArray *diag_firstboot_parse (const char *text, size_t len, guint *failed);

/* diagnose-collect.c */
void diag_init (struct diag *d);
void diag_clear (struct diag *d);
/* The reader's install and package callbacks (struct setupapi_callbacks); opaque is the diag. */
void diag_on_install (const struct setupapi_install *i, void *opaque);
void diag_on_package (const struct setupapi_package *p, void *opaque);
/* One log read: its statistics, and the error that stopped the reading (NULL when none). */
void diag_add_log (struct diag *d, const char *label, const struct setupapi_stats *st, const char *error);

/* diagnose-report.c: the report is built whole; the caller prints it.  The summary (a new
 * JsonObject, unref it) counts device installs and failures; its "failed" sets the exit status. */
JsonObject *diagnose_report_summary (const struct diag *d);
void diagnose_report_text (GString *out, const struct diag *d, JsonObject *summary);
/* The report's members (logs, installs, packages, summary), added to an open JSON object. */
void diagnose_report_json (JsonBuilder *b, const struct diag *d, JsonObject *summary);

#endif
