/* convert: `winseed convert -a DISK... --drivers PATH [OPTIONS]`: options, output and exit status;
 * the conversion itself is src/convert/. */
#include <config.h>

#include <string.h>
#include <unistd.h>

#include "ws-error.h"
#include "convert.h"
#include "fb.h"
#include "match.h"
#include "driver.h"
#include "vm-options.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed convert -a DISK [-a DISK...] --drivers PATH [OPTIONS]\n"
  "Install virtio storage (viostor and vioscsi) and network (NetKVM) drivers into an offline\n"
  "Windows guest, as Windows itself would have installed them.\n"
  "  -a, --add DISK         disk image (repeat for multi-disk guests)\n"
  "  --drivers PATH         driver set: virtio-win ISO, directory, or folder of INF packages\n"
  "  --block-driver DRV     viostor, vioscsi or both (default: both)\n"
  "  --no-network           do not install the network driver\n"
  "  --also ROLE            also install the driver for ROLE (e.g. balloon; see 'winseed drivers')\n"
  "  --firstboot MECH       how the first boot carries each NIC's network identity: service\n"
  "                         (default) or setup-cmdline; the target VM must keep the source MACs\n"
  "  --no-firstboot         schedule no first-boot payload\n"
  "  --nic-map OLD=NEW      the NIC with MAC OLD has MAC NEW in the target VM (repeatable)\n"
  "  --keep-tools           leave the old hypervisor's tools, drivers and class filters enabled\n"
  "  --keep-san-policy      leave partmgr's SanPolicy (default: 1, bring every new disk online)\n"
  "  --output FILE          write the converted guest to FILE, a new image, and leave the disk\n"
  "                         untouched (repeat: one per -a disk, in order)\n"
  "  --output-format FMT    raw or qcow2 (default: raw for a raw disk, else qcow2)\n"
  "  --libvirt-xml FILE     once converted, write a libvirt domain XML for the guest to FILE:\n"
  "                         the bus it now boots on, the --output images (else the -a disks)\n"
  "                         and the source NICs' MACs; shaped further by:\n"
  VM_OPTIONS_HELP ("    ")
  "  --dry-run              print the plan (.reg text per hive and the file list); write nothing\n"
  "  --report FILE          write the JSON report to FILE\n"
  "  --json                 print the JSON report on stdout\n"
  "  --format FMT, --root ROOT, -v, -x, -q: as for 'winseed inspect'\n";

enum { OPT_DRIVERS = WS_OPT_COMMAND_BASE, OPT_BLOCK, OPT_NO_NET, OPT_ALSO, OPT_DRY_RUN, OPT_REPORT,
       OPT_FIRSTBOOT, OPT_NO_FIRSTBOOT, OPT_NIC_MAP, OPT_KEEP_TOOLS, OPT_KEEP_SAN_POLICY, OPT_OUTPUT,
       OPT_OUTPUT_FORMAT, OPT_LIBVIRT_XML };

static const struct command_option options[] = {
  { "drivers", required_argument, OPT_DRIVERS },
  { "block-driver", required_argument, OPT_BLOCK },
  { "no-network", no_argument, OPT_NO_NET },
  { "also", required_argument, OPT_ALSO },
  { "dry-run", no_argument, OPT_DRY_RUN },
  { "report", required_argument, OPT_REPORT },
  { "firstboot", required_argument, OPT_FIRSTBOOT },
  { "no-firstboot", no_argument, OPT_NO_FIRSTBOOT },
  { "nic-map", required_argument, OPT_NIC_MAP },
  { "keep-tools", no_argument, OPT_KEEP_TOOLS },
  { "keep-san-policy", no_argument, OPT_KEEP_SAN_POLICY },
  { "output", required_argument, OPT_OUTPUT },
  { "output-format", required_argument, OPT_OUTPUT_FORMAT },
  { "libvirt-xml", required_argument, OPT_LIBVIRT_XML },
  VM_OPTIONS,
  { NULL },
};

struct convert_state {
  struct convert_opts o;
  struct convert_result r;
};

static void
push (char ***list, const char *arg)
{
  guint n = *list ? g_strv_length (*list) : 0;
  *list = g_renew (char *, *list, n + 2);
  (*list)[n] = g_strdup (arg);
  (*list)[n + 1] = NULL;
}

/* --no-firstboot, not --firstboot none, is convert's spelling of "no payload". */
static gboolean
take_firstboot (struct convert_opts *o, const char *arg, GError **error)
{
  enum fb_hook hook;
  if (!fb_hook_from_name (arg, &hook) || hook == FB_HOOK_NONE) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--firstboot must be service or setup-cmdline, not '%s'", arg);
    return FALSE;
  }
  o->firstboot = hook;
  return TRUE;
}

static gboolean
take (void *state, int c, const char *arg, GError **error)
{
  struct convert_state *st = state;
  struct convert_opts *o = &st->o;
  if (vm_option_is (c))
    return vm_option_take (&o->vm, c, arg, error);
  switch (c) {
  case OPT_DRIVERS:
    g_free (o->drivers);
    o->drivers = g_strdup (arg);
    return TRUE;
  case OPT_BLOCK:
    o->block_explicit = TRUE;
    if (!drv_block_driver_parse (arg, &o->want_block, &o->want_scsi)) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--block-driver must be viostor, vioscsi or both, not '%s'", arg);
      return FALSE;
    }
    return TRUE;
  case OPT_NO_NET:
    o->want_net = FALSE;
    return TRUE;
  case OPT_ALSO:
    push (&o->extra_roles, arg);
    return TRUE;
  case OPT_FIRSTBOOT:
    return take_firstboot (o, arg, error);
  case OPT_NO_FIRSTBOOT:
    o->firstboot = FB_HOOK_NONE;
    return TRUE;
  case OPT_NIC_MAP:
    push (&o->nic_map, arg);
    return TRUE;
  case OPT_KEEP_TOOLS:
    o->keep_tools = TRUE;
    return TRUE;
  case OPT_KEEP_SAN_POLICY:
    o->keep_san_policy = TRUE;
    return TRUE;
  case OPT_OUTPUT:
    push (&o->outputs, arg);
    return TRUE;
  case OPT_OUTPUT_FORMAT:
    if (strcmp (arg, "raw") != 0 && strcmp (arg, "qcow2") != 0) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--output-format must be raw or qcow2, not '%s'", arg);
      return FALSE;
    }
    g_free (o->output_format);
    o->output_format = g_strdup (arg);
    return TRUE;
  case OPT_LIBVIRT_XML:
    return option_take_string (&o->libvirt_xml, "libvirt-xml", arg, error);
  case OPT_DRY_RUN:
    o->dry_run = TRUE;
    return TRUE;
  case OPT_REPORT:
    g_free (o->report_file);
    o->report_file = g_strdup (arg);
    return TRUE;
  default:
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad option (see --help)");
    return FALSE;
  }
}

/* --libvirt-xml FILE is written after the conversion: a folder it cannot go in is found now,
 * before the appliance starts and the guest is written. */
static gboolean
check_libvirt_xml (const struct convert_opts *o, GError **error)
{
  if (o->libvirt_xml == NULL) {
    if (!vm_options_given (&o->vm))
      return TRUE;
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--name, --memory, --vcpus, --network and --bridge "
                 "shape the domain of --libvirt-xml FILE: give it too");
    return FALSE;
  }
  if (o->dry_run) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--libvirt-xml describes a converted guest: not "
                 "with --dry-run");
    return FALSE;
  }
  g_autofree char *dir = g_path_get_dirname (o->libvirt_xml);
  if (g_file_test (o->libvirt_xml, G_FILE_TEST_IS_DIR) || !g_file_test (dir, G_FILE_TEST_IS_DIR) ||
      access (dir, W_OK | X_OK) != 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "cannot write --libvirt-xml '%s': %s", o->libvirt_xml,
                 g_file_test (o->libvirt_xml, G_FILE_TEST_IS_DIR) ? "it is a folder"
                 : "its folder does not exist or is not writable");
    return FALSE;
  }
  return vm_options_check (&o->vm, error);
}

static gboolean
check (const struct command_ctx *c, GError **error)
{
  struct convert_state *st = c->state;
  if (st->o.drivers == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "no driver set given (use --drivers PATH)");
    return FALSE;
  }
  for (size_t i = 0; st->o.extra_roles && st->o.extra_roles[i]; i++)
    if (*st->o.extra_roles[i] == '\0') {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "empty role given to --also");
      return FALSE;
    }
  guint n_out = st->o.outputs ? g_strv_length (st->o.outputs) : 0;
  guint n_disks = c->common->disks ? c->common->disks->len : 0;
  if (n_out && n_out != n_disks) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "%u --output given for %u disks: give one per -a "
                 "disk, in the same order", n_out, n_disks);
    return FALSE;
  }
  if (st->o.output_format && n_out == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--output-format needs --output");
    return FALSE;
  }
  return fb_nic_map_check (st->o.nic_map, error) && check_libvirt_xml (&st->o, error);
}

static gboolean
run (const struct command_ctx *c, GError **error)
{
  struct convert_state *st = c->state;
  command_session_opts (c, FALSE, &st->o.session);   /* convert_run decides writable */
  st->o.quiet = c->common->quiet;
  return convert_run (&st->o, &st->r, error);
}

/* The plan (--dry-run) on stdout; the human report on stderr, whatever happened, unless -q. */
static void
emit_text (const struct command_ctx *c, const GError *failure, GString *out, GString *err)
{
  struct convert_state *st = c->state;
  if (st->o.dry_run && st->r.plan_text && !c->common->json)
    g_string_append (out, st->r.plan_text);
  if (!c->common->quiet)
    convert_report_text (err, &st->r, &st->o);
}

static void
emit_json (const struct command_ctx *c, const GError *failure, JsonBuilder *b)
{
  struct convert_state *st = c->state;
  convert_report_json (b, &st->r, &st->o);
}

/* The JSON report goes to FILE atomically: a pipeline never reads half a report. */
static gboolean
write_report_file (const char *path, const char *text, GError **error)
{
  GError *e = NULL;
  if (!g_file_set_contents (path, text, -1, &e)) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write report '%s': %s", path, e->message);
    g_error_free (e);
    return FALSE;
  }
  return TRUE;
}

/* --report FILE: the same document as --json, written on failure too (atomically: a pipeline
 * never reads half a report). */
static gboolean
emit_files (const struct command_ctx *c, const char *document, GError **error)
{
  struct convert_state *st = c->state;
  return st->o.report_file == NULL || write_report_file (st->o.report_file, document, error);
}

static void
init (void *state)
{
  convert_opts_init (&((struct convert_state *) state)->o);
}

static void
clear (void *state)
{
  struct convert_state *st = state;
  convert_result_clear (&st->r);
  convert_opts_clear (&st->o);
}

const struct command command_convert = {
  .name = "convert",
  .summary = "install virtio storage and network drivers into a Windows guest",
  .help = help_text,
  .options = options,
  .disks = COMMAND_NEEDS_DISKS,
  .state_size = sizeof (struct convert_state),
  .init = init,
  .clear = clear,
  .take = take,
  .check = check,
  .run = run,
  .emits_on_failure = TRUE,
  .emit_text = emit_text,
  .emit_json = emit_json,
  .emit_files = emit_files,
};
