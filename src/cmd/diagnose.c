/* diagnose: `winseed diagnose (-a DISK | --log FILE) [--json]`.
 *
 * Explains what Windows logged while it installed devices (src/diagnose/ reads and reports).
 * Exit status 8 when the logs show failed installs.
 */
#include <config.h>

#include "ws-error.h"
#include "diagnose.h"
#include "driver.h"
#include "session.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed diagnose (-a DISK | --log FILE) [--json]\n"
  "Explain the device installs Windows logged in setupapi.dev.log, setupapi.app.log (Vista and\n"
  "later) or setupapi.log (XP/2003): device, driver chosen or NULL driver, result, cause.\n\n"
  "  -a, --add DISK     read the logs of the Windows guest in DISK (read-only)\n"
  "  --format FMT       format of the following -a disks\n"
  "  --root DEV         the Windows root to use when DISK holds several\n"
  "  --log FILE         read this log instead (repeatable; '-' is standard input)\n"
  "  --json             print one JSON document\n"
  "  -v, -x, -q         verbose, libguestfs trace, quiet\n\n"
  "Exit status: 0 no failed install, 8 the log shows failed installs, 2 unreadable or not a log.\n";

enum { OPT_LOG = WS_OPT_COMMAND_BASE };

static const struct command_option options[] = {
  { "log", required_argument, OPT_LOG },
  { NULL },
};

struct diagnose_state {
  GPtrArray *logs;         /* --log paths (char *) */
  struct diag d;
  JsonObject *summary;
};

static gboolean
check (const struct command_ctx *c, GError **error)
{
  const struct diagnose_state *st = c->state;
  if (st->logs->len > 0 && c->common->disks->len > 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "give either -a DISK or --log FILE, not both");
    return FALSE;
  }
  if (st->logs->len == 0 && c->common->disks->len == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "nothing to read (use -a DISK or --log FILE)");
    return FALSE;
  }
  return TRUE;
}

static gboolean
run (const struct command_ctx *c, GError **error)
{
  struct diagnose_state *st = c->state;
  for (guint i = 0; i < st->logs->len; i++) {
    const char *path = g_ptr_array_index (st->logs, i);
    if (!diag_read_log (&st->d, path, path, error))
      return FALSE;
  }
  if (c->common->disks->len > 0) {
    g_autoptr (session) s = command_open_session (c, FALSE, error);
    if (s == NULL || !diag_read_guest (&st->d, s, error) || !diag_read_firstboot (&st->d, s, error) || !session_close (s, error))
      return FALSE;
  }
  st->summary = diagnose_report_summary (&st->d);
  return TRUE;
}

static void
emit_text (const struct command_ctx *c, const GError *failure, GString *out, GString *err)
{
  struct diagnose_state *st = c->state;
  diagnose_report_text (out, &st->d, st->summary);
}

static void
emit_json (const struct command_ctx *c, const GError *failure, JsonBuilder *b)
{
  struct diagnose_state *st = c->state;
  diagnose_report_json (b, &st->d, st->summary);
}

static gboolean
verdict (const struct command_ctx *c, GError **error)
{
  struct diagnose_state *st = c->state;
  gint64 failed = json_object_get_int_member (st->summary, "failed");
  if (failed == 0)
    return TRUE;
  g_set_error (error, WS_ERROR, WS_EXIT_INSTALL_FAILED, "the log shows %" G_GINT64_FORMAT
               " failed device install%s (see the report)", failed, failed == 1 ? "" : "s");
  return FALSE;
}

static gboolean
take (void *state, int id, const char *arg, GError **error)
{
  g_ptr_array_add (((struct diagnose_state *) state)->logs, g_strdup (arg));
  return TRUE;
}

static void
init (void *state)
{
  struct diagnose_state *st = state;
  st->logs = g_ptr_array_new_with_free_func (g_free);
  diag_init (&st->d);
}

static void
clear (void *state)
{
  struct diagnose_state *st = state;
  g_ptr_array_unref (st->logs);
  if (st->summary)
    json_object_unref (st->summary);
  diag_clear (&st->d);
}

const struct command command_diagnose = {
  .name = "diagnose",
  .summary = "explain device installs from the guest's setupapi log",
  .help = help_text,
  .options = options,
  .disks = COMMAND_DISKS_OPTIONAL,
  .state_size = sizeof (struct diagnose_state),
  .init = init,
  .clear = clear,
  .take = take,
  .check = check,
  .run = run,
  .emit_text = emit_text,
  .emit_json = emit_json,
  .verdict = verdict,
};
