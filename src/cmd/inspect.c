/* inspect-cmd: `winseed inspect -a DISK... [--root ROOT] [--json]`.  Read-only. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "ws-tmpdir.h"
#include "commands.h"
#include "guest.h"
#include "inspect.h"
#include "inspect-report.h"
#include "options.h"
#include "report.h"
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

static const char short_opts[] = WS_COMMON_SHORT_OPTIONS;
static const struct option long_opts[] = { WS_COMMON_LONG_OPTIONS, { 0 } };

/* Everything that can fail, in order; fills *w.  Only the caller prints. */
static gboolean
run (const struct ws_common_opts *opts, struct ws_windows **w, GError **error)
{
  g_autoptr (guest) g = guest_open (opts, TRUE, error);
  if (g == NULL)
    return FALSE;
  const struct guest_root *root = guest_pick_root (g, opts->root, error);
  if (root == NULL || !guest_mount_root (g, root, error))
    return FALSE;
  char *tmp = ws_tmpdir_new (error);
  if (tmp == NULL)
    return FALSE;
  *w = inspect_root (g, root, tmp, error);
  ws_tmpdir_remove (tmp);
  return *w != NULL && guest_shutdown (g, error);
}

static gboolean
print_result (const struct ws_common_opts *opts, const struct ws_windows *w, GError **error)
{
  if (!opts->json) {
    g_autoptr (GString) out = g_string_new (NULL);
    inspect_report_text (out, w);
    fputs (out->str, stdout);
    return fflush (stdout) == 0;
  }
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  report_add_disks (b, opts);
  json_builder_set_member_name (b, "windows");
  inspect_report_json (b, w);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return report_write_json (stdout, root, error);
}

int
cmd_inspect (int argc, char **argv)
{
  struct ws_common_opts opts;
  ws_common_opts_init (&opts);
  g_autoptr (GError) err = NULL;
  int c, status = WS_EXIT_OK;
  while (status == WS_EXIT_OK && (c = getopt_long (argc, argv, short_opts, long_opts, NULL)) != -1) {
    switch (ws_common_opts_take (&opts, c, optarg, help_text, long_opts, short_opts, &err)) {
    case WS_OPT_TAKEN: break;
    case WS_OPT_EXIT_OK: ws_common_opts_clear (&opts); return WS_EXIT_OK;
    case WS_OPT_NOT_MINE:
      g_set_error (&err, WS_ERROR, WS_EXIT_USAGE, "bad option (see --help)");
      /* fall through */
    case WS_OPT_BAD: status = WS_EXIT_USAGE; break;
    }
  }
  struct ws_windows *w = NULL;
  if (status == WS_EXIT_OK && ws_common_opts_finish (&opts, argc, argv, optind, TRUE, &err) &&
      run (&opts, &w, &err))
    print_result (&opts, w, &err);
  ws_windows_free (w);
  ws_common_opts_clear (&opts);
  if (err)
    ws_error_print (err);
  return ws_exit_from_error (err);
}
