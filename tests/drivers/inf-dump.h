/* inf-dump: an interpreted INF as canonical text, for comparing two readings of one package
 * (ASCII vs UTF-16, CRLF vs LF).  Test helper. */
#ifndef WS_TEST_INF_DUMP_H
#define WS_TEST_INF_DUMP_H

#include <glib.h>
#include "inf.h"

/* Every field of `drv` (and of everything it holds), one item per line (g_free). */
char *inf_dump (const struct inf_driver *drv);

#endif
