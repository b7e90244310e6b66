/* inspect: `winseed inspect -a DISK... [--root ROOT] [--json]`.  Read-only. */
#include <config.h>

#include "ws-error.h"
#include "driver.h"
#include "inspect-report.h"
#include "session.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed inspect -a DISK [-a DISK...] [--format FMT] [--root ROOT] [--json]\n"
  "Describe the Windows installation in a disk image: version, build, edition, architecture,\n"
  "control set, boot-driver model, storage controllers, virtio drivers, NICs with their TCP/IP\n"
  "settings, and what would block a conversion.  Never writes to the image.\n"
  "  -a, --add DISK     disk image (repeat for multi-disk guests)\n"
  "  --format FMT       format of the following -a disks (raw, qcow2, ...; default: probe)\n"
  "  --root ROOT        Windows root device when the disk holds several (e.g. /dev/sda2)\n"
  "  --json             print one JSON document on stdout\n"
  "  -v, --verbose      more messages; -v -v also traces the appliance\n"
  "  -x                 trace libguestfs calls\n"
  "  -q, --quiet        no progress messages\n";

struct inspect_state {
  struct ws_windows *windows;
};

static gboolean
run (const struct command_ctx *c, GError **error)
{
  struct inspect_state *st = c->state;
  g_autoptr (session) s = command_open_session (c, FALSE, error);
  if (s == NULL || session_windows (s, error) == NULL)
    return FALSE;
  st->windows = session_steal_windows (s);
  return session_close (s, error);
}

static void
emit_text (const struct command_ctx *c, const GError *failure, GString *out, GString *err)
{
  inspect_report_text (out, ((struct inspect_state *) c->state)->windows);
}

static void
emit_json (const struct command_ctx *c, const GError *failure, JsonBuilder *b)
{
  json_builder_set_member_name (b, "windows");
  inspect_report_json (b, ((struct inspect_state *) c->state)->windows);
}

static void
clear (void *state)
{
  ws_windows_free (((struct inspect_state *) state)->windows);
}

const struct command command_inspect = {
  .name = "inspect",
  .summary = "describe the Windows guest(s) in a disk image (read-only)",
  .help = help_text,
  .disks = COMMAND_NEEDS_DISKS,
  .state_size = sizeof (struct inspect_state),
  .clear = clear,
  .run = run,
  .emit_text = emit_text,
  .emit_json = emit_json,
};
