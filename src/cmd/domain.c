/* domain: `winseed domain -a DISK... [--bus virtio-blk|virtio-scsi] [-o FILE]`.  Read-only.
 *
 * The libvirt domain XML for a guest already converted (by winseed or anything else): the
 * guest's facts come from the inspection and the disk layout (session-domain.h), the document
 * from domain/ (docs/vm-definition.md). */
#include <config.h>

#include "ws-error.h"
#include "driver.h"
#include "report.h"
#include "session.h"
#include "session-domain.h"
#include "vm-options.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed domain -a DISK [-a DISK...] [--bus virtio-blk|virtio-scsi] [--name NAME]\n"
  "         [--memory MIB] [--vcpus N] [--network NAME | --bridge NAME] [-o FILE] [--json]\n"
  "Print a libvirt domain XML that boots the Windows guest on virtio: firmware from the disk\n"
  "layout, machine type and OS id from libosinfo, the guest's NICs with their MACs, optional\n"
  "virtio devices only for the drivers the guest has.  Never writes to the image.\n"
  "  -a, --add DISK     disk image (repeat for multi-disk guests, in the VM's order)\n"
  "  --format FMT       format of the following -a disks (raw, qcow2, ...; default: probe)\n"
  "  --root ROOT        Windows root device when the disk holds several (e.g. /dev/sda2)\n"
  "  --bus BUS          virtio-blk or virtio-scsi (default: the one whose driver starts at boot)\n"
  VM_OPTIONS_HELP ("")
  "  -o, --output FILE  write the XML to FILE instead of standard output\n"
  "  --json             print one JSON document on stdout (the XML is its \"domain\" member)\n"
  "  -v, --verbose      more messages; -v -v also traces the appliance\n"
  "  -x                 trace libguestfs calls\n"
  "  -q, --quiet        no progress messages\n";

enum { OPT_BUS = WS_OPT_COMMAND_BASE, OPT_OUTPUT };

static const struct command_option options[] = {
  { "bus", required_argument, OPT_BUS },
  VM_OPTIONS,
  { "output", required_argument, OPT_OUTPUT, 'o' },
  { NULL },
};

struct domain_state {
  char *bus, *output;
  struct domain_vm vm;
  struct session_domain_doc doc;
};

static gboolean
run (const struct command_ctx *c, GError **error)
{
  struct domain_state *st = c->state;
  g_autoptr (session) s = command_open_session (c, FALSE, error);
  const struct ws_windows *w = s ? session_windows (s, error) : NULL;
  g_autoptr (session_domain) d = w ? session_domain_gather (s, w, c->common->disks, st->bus, NULL, error)
    : NULL;
  if (d == NULL || !session_domain_build (d, &st->vm, &st->doc, error))
    return FALSE;
  return session_close (s, error);
}

static void
emit_text (const struct command_ctx *c, const GError *failure, GString *out, GString *err)
{
  const struct domain_state *st = c->state;
  if (st->output == NULL)
    g_string_append (out, st->doc.xml);
  else if (!c->common->quiet)
    g_string_append_printf (err, "winseed: wrote '%s' (%s, %s, %s)\n", st->output, st->doc.firmware,
                            st->doc.machine, st->doc.bus);
}

static void
emit_json (const struct command_ctx *c, const GError *failure, JsonBuilder *b)
{
  const struct domain_state *st = c->state;
  report_add_string (b, "firmware", st->doc.firmware);
  report_add_string (b, "machine", st->doc.machine);
  report_add_string (b, "bus", st->doc.bus);
  report_add_string (b, "os_id", st->doc.os_id);
  report_add_string (b, "output", st->output);
  report_add_string (b, "domain", st->doc.xml);
}

/* -o FILE: written whole or not at all (g_file_set_contents writes a temporary file and renames
 * it). */
static gboolean
emit_files (const struct command_ctx *c, const char *document, GError **error)
{
  const struct domain_state *st = c->state;
  GError *e = NULL;
  if (st->output == NULL || g_file_set_contents (st->output, st->doc.xml, -1, &e))
    return TRUE;
  g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write '%s': %s", st->output, e->message);
  g_error_free (e);
  return FALSE;
}

static gboolean
take (void *state, int id, const char *arg, GError **error)
{
  struct domain_state *st = state;
  if (vm_option_is (id))
    return vm_option_take (&st->vm, id, arg, error);
  if (id == OPT_OUTPUT)
    return option_take_string (&st->output, "output", arg, error);
  if (g_strcmp0 (arg, "virtio-blk") && g_strcmp0 (arg, "virtio-scsi")) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE,
                 "unknown bus '%s' given to --bus (virtio-blk or virtio-scsi)", arg ? arg : "");
    return FALSE;
  }
  return option_take_string (&st->bus, "bus", arg, error);
}

static gboolean
check (const struct command_ctx *c, GError **error)
{
  const struct domain_state *st = c->state;
  return vm_options_check (&st->vm, error);
}

static void
clear (void *state)
{
  struct domain_state *st = state;
  g_free (st->bus);
  g_free (st->output);
  domain_vm_clear (&st->vm);
  session_domain_doc_clear (&st->doc);
}

const struct command command_domain = {
  .name = "domain",
  .summary = "print a libvirt domain XML that boots the guest on virtio (read-only)",
  .help = help_text,
  .options = options,
  .disks = COMMAND_NEEDS_DISKS,
  .state_size = sizeof (struct domain_state),
  .clear = clear,
  .take = take,
  .check = check,
  .run = run,
  .emit_text = emit_text,
  .emit_json = emit_json,
  .emit_files = emit_files,
};
