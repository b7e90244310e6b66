/* undo: `winseed undo -a DISK... [--run STAMP]`.  Puts back the hives a conversion patched, from
 * the undo records it kept beside them (src/convert/convert-undo.h). */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "convert-undo.h"
#include "driver.h"
#include "options.h"
#include "report.h"
#include "session.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed undo -a DISK [-a DISK...] [--root ROOT] [--run STAMP] [--json]\n"
  "Put back the registry hives a conversion patched, from the undo records it kept beside them\n"
  "(System32/config/<HIVE>.winseed-<STAMP>.undo), then remove the records.  Refused, with\n"
  "nothing written, when a hive has changed since that conversion (the guest has booted).  The\n"
  "driver files the conversion added stay, unused.\n"
  "  -a, --add DISK     disk image (repeat for multi-disk guests)\n"
  "  --format FMT       format of the following -a disks (raw, qcow2, ...; default: probe)\n"
  "  --root ROOT        Windows root device when the disk holds several (e.g. /dev/sda2)\n"
  "  --run STAMP        the conversion to undo, by the stamp in its records' names (default:\n"
  "                     the newest; undo newer ones first)\n"
  "  --json             print one JSON document on stdout\n"
  "  -v, --verbose      more messages; -v -v also traces the appliance\n"
  "  -x                 trace libguestfs calls\n"
  "  -q, --quiet        no progress messages\n";

enum { OPT_RUN = WS_OPT_COMMAND_BASE };

static const struct command_option options[] = {
  { "run", required_argument, OPT_RUN },
  { NULL },
};

struct undo_state {
  char *run;            /* --run */
  char *undone_run;     /* the run undone */
  GPtrArray *undone;    /* struct convert_undone * */
};

static gboolean
take (void *state, int id, const char *arg, GError **error)
{
  struct undo_state *st = state;
  /* A stamp as convert writes it: 20261207T230430. */
  gboolean valid = arg && strlen (arg) == 15 && arg[8] == 'T';
  for (size_t i = 0; valid && i < 15; i++)
    valid = i == 8 || g_ascii_isdigit (arg[i]);
  if (!valid) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--run takes a stamp like 20261207T230430 (from the "
                 "undo records' names), not '%s'", arg ? arg : "");
    return FALSE;
  }
  return id == OPT_RUN && option_take_string (&st->run, "run", arg, error);
}

static gboolean
run (const struct command_ctx *c, GError **error)
{
  struct undo_state *st = c->state;
  g_autoptr (session) s = command_open_session (c, TRUE, error);
  if (s == NULL || !convert_undo (s, st->run, &st->undone_run, st->undone, error))
    return FALSE;
  return session_close (s, error);
}

static void
emit_text (const struct command_ctx *c, const GError *failure, GString *out, GString *err)
{
  const struct undo_state *st = c->state;
  for (guint i = 0; i < st->undone->len; i++) {
    const struct convert_undone *u = g_ptr_array_index (st->undone, i);
    g_string_append_printf (out, "restored %s (undo record %s, removed)\n", u->hive, u->record);
  }
}

static void
emit_json (const struct command_ctx *c, const GError *failure, JsonBuilder *b)
{
  const struct undo_state *st = c->state;
  report_add_string (b, "run", st->undone_run);
  json_builder_set_member_name (b, "restored");
  json_builder_begin_array (b);
  for (guint i = 0; i < st->undone->len; i++) {
    const struct convert_undone *u = g_ptr_array_index (st->undone, i);
    json_builder_begin_object (b);
    report_add_string (b, "hive", u->hive);
    report_add_string (b, "record", u->record);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

static void
init (void *state)
{
  ((struct undo_state *) state)->undone = g_ptr_array_new_with_free_func (convert_undone_free);
}

static void
clear (void *state)
{
  struct undo_state *st = state;
  g_free (st->run);
  g_free (st->undone_run);
  g_ptr_array_unref (st->undone);
}

const struct command command_undo = {
  .name = "undo",
  .summary = "put back the hives a conversion patched, from its undo records",
  .help = help_text,
  .options = options,
  .disks = COMMAND_NEEDS_DISKS,
  .state_size = sizeof (struct undo_state),
  .init = init,
  .clear = clear,
  .take = take,
  .run = run,
  .emit_text = emit_text,
  .emit_json = emit_json,
};
