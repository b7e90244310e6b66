/* inspect-report: output of `winseed inspect` (human text and JSON). */
#ifndef WS_INSPECT_REPORT_H
#define WS_INSPECT_REPORT_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "inspect.h"

void inspect_report_text (GString *out, const struct ws_windows *w);
/* One JSON object describing w, added as the builder's next value. */
void inspect_report_json (JsonBuilder *b, const struct ws_windows *w);

/* One NIC (inspect-nic-report.c). */
void inspect_nic_text (GString *out, const struct net_nic *n);
void inspect_nic_json (JsonBuilder *b, const struct net_nic *n);

#endif
