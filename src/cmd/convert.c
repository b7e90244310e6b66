/* convert-cmd: `winseed convert` options, output and exit status. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "commands.h"
#include "convert.h"
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
  "  --dry-run              print the plan (.reg text per hive and the file list); write nothing\n"
  "  --report FILE          write the JSON report to FILE\n"
  "  --json                 print the JSON report on stdout\n"
  "  --format FMT, --root ROOT, -v, -x, -q: as for 'winseed inspect'\n";

enum { OPT_DRIVERS = WS_OPT_COMMAND_BASE, OPT_BLOCK, OPT_NO_NET, OPT_ALSO, OPT_DRY_RUN, OPT_REPORT };

static const char short_opts[] = WS_COMMON_SHORT_OPTIONS;
static const struct option long_opts[] = {
  WS_COMMON_LONG_OPTIONS,
  { "drivers", required_argument, NULL, OPT_DRIVERS },
  { "block-driver", required_argument, NULL, OPT_BLOCK },
  { "no-network", no_argument, NULL, OPT_NO_NET },
  { "also", required_argument, NULL, OPT_ALSO },
  { "dry-run", no_argument, NULL, OPT_DRY_RUN },
  { "report", required_argument, NULL, OPT_REPORT },
  { 0 }
};

static gboolean
take_option (struct convert_opts *o, int c, const char *arg, GError **error)
{
  switch (c) {
  case OPT_DRIVERS:
    g_free (o->drivers);
    o->drivers = g_strdup (arg);
    return TRUE;
  case OPT_BLOCK:
    o->block_explicit = TRUE;
    o->want_block = strcmp (arg, "viostor") == 0 || strcmp (arg, "both") == 0;
    o->want_scsi = strcmp (arg, "vioscsi") == 0 || strcmp (arg, "both") == 0;
    if (!o->want_block && !o->want_scsi) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--block-driver must be viostor, vioscsi or both, not '%s'", arg);
      return FALSE;
    }
    return TRUE;
  case OPT_NO_NET:
    o->want_net = FALSE;
    return TRUE;
  case OPT_ALSO: {
    guint n = o->extra_roles ? g_strv_length (o->extra_roles) : 0;
    o->extra_roles = g_renew (char *, o->extra_roles, n + 2);
    o->extra_roles[n] = g_strdup (arg);
    o->extra_roles[n + 1] = NULL;
    return TRUE;
  }
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

/* Parse argv; returns -1 to go on, or an exit status. */
static int
parse (struct convert_opts *o, int argc, char **argv, GError **error)
{
  int c;
  while ((c = getopt_long (argc, argv, short_opts, long_opts, NULL)) != -1) {
    switch (ws_common_opts_take (&o->common, c, optarg, help_text, long_opts, short_opts, error)) {
    case WS_OPT_TAKEN: break;
    case WS_OPT_EXIT_OK: return WS_EXIT_OK;
    case WS_OPT_BAD: return WS_EXIT_USAGE;
    case WS_OPT_NOT_MINE:
      if (!take_option (o, c, optarg, error))
        return WS_EXIT_USAGE;
    }
  }
  if (!ws_common_opts_finish (&o->common, argc, argv, optind, TRUE, error))
    return WS_EXIT_USAGE;
  if (o->drivers == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "no driver set given (use --drivers PATH)");
    return WS_EXIT_USAGE;
  }
  return -1;
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

static void
emit (const struct convert_opts *o, const struct convert_result *r, GError **err)
{
  if (o->dry_run && r->plan_text && !o->common.json)
    fputs (r->plan_text, stdout);
  if (!o->common.quiet) {
    g_autoptr (GString) text = g_string_new (NULL);
    convert_report_text (text, r, o);
    fputs (text->str, stderr);
  }
  if (!o->common.json && !o->report_file)
    return;
  g_autofree char *json = NULL;
  GError *e = NULL;
  if (!convert_report_json (r, o, *err, &json, &e) ||
      (o->report_file && !write_report_file (o->report_file, json, &e))) {
    if (*err == NULL)
      g_propagate_error (err, e);
    else
      g_clear_error (&e);
    return;
  }
  /* On failure the report goes to --report only; stdout stays empty for pipelines. */
  if (o->common.json && *err == NULL)
    fputs (json, stdout);
}

int
cmd_convert (int argc, char **argv)
{
  struct convert_opts o;
  convert_opts_init (&o);
  g_autoptr (GError) err = NULL;
  int status = parse (&o, argc, argv, &err);
  if (status == -1) {
    struct convert_result r;
    convert_run (&o, &r, &err);
    emit (&o, &r, &err);
    convert_result_clear (&r);
    status = ws_exit_from_error (err);
  }
  if (err)
    ws_error_print (err);
  convert_opts_clear (&o);
  return status;
}
