/* hivex-cleanup: g_autoptr (hive_h) for hivex handles (docs/coding-style.md#cleanup-and-ownership).
 *
 * Include only from the files allowed to include <hivex.h> (hive-read.c, hive-apply.c).
 * "If you call hivex_close without committing then any writes are discarded" (hivex(3)), so a
 * g_autoptr (hive_h) leaving scope on an error path rolls back every uncommitted edit.
 */
#ifndef WS_HIVEX_CLEANUP_H
#define WS_HIVEX_CLEANUP_H

#include <glib.h>
#include <hivex.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (hive_h, hivex_close)

#endif
