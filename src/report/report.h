/* report: output shared by the commands.
 *
 * Machine output is spooled and written once at the end (docs/coding-style.md#spooled-reports): on error
 * nothing is printed on stdout, so a pipeline never parses half a report.
 */
#ifndef WS_REPORT_H
#define WS_REPORT_H

#include <stdio.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "options.h"

/* Serialise root (pretty-printed) and write it to f in one go; FALSE + error on a write failure. */
gboolean report_write_json (FILE *f, JsonNode *root, GError **error);

/* Add "name": [strv...] (an empty array for NULL). */
void report_add_strv (JsonBuilder *b, const char *name, char *const *strv);
/* Add "disks": [the -a paths], as every command's JSON report starts. */
void report_add_disks (JsonBuilder *b, const struct ws_common_opts *opts);
/* Add "name": "value" or null. */
void report_add_string (JsonBuilder *b, const char *name, const char *value);

/* Human output: "  label:   value" lines, value "-" when NULL. */
void report_line (GString *out, const char *label, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

#endif
