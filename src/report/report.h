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

/* Add "name": [strv...] (an empty array for NULL). */
void report_add_strv (JsonBuilder *b, const char *name, char *const *strv);
/* Add "status": { "exit_code", "result", "error" } for failure (NULL: success). */
void report_add_status (JsonBuilder *b, const GError *failure);
/* The document as pretty-printed text (g_free). */
char *report_json_text (JsonNode *root);
/* Add "name": "value" or null. */
void report_add_string (JsonBuilder *b, const char *name, const char *value);

/* Human output: "  label:   value" lines, value "-" when NULL. */
void report_line (GString *out, const char *label, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

#endif
