/* verify: `winseed verify -a DISK... [--bus virtio-blk|virtio-scsi|all] [--json]`.  Read-only.
 *
 * The I/O half of verify (see verify.h): open the guest read-only, inspect it, download SYSTEM
 * (and DRIVERS when the guest has one), walk each requested controller, report, and exit with
 * WS_EXIT_NOT_BOOTABLE when a requested bus does not boot. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "ws-tmpdir.h"
#include "commands.h"
#include "guest.h"
#include "inspect.h"
#include "options.h"
#include "report.h"
#include "verify.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed verify -a DISK [-a DISK...] [--bus virtio-blk|virtio-scsi|all] [--json]\n"
  "Check offline whether the Windows guest boots on virtio storage: for each virtio controller,\n"
  "walk what Windows walks at boot (hardware IDs, CriticalDeviceDatabase or DriverDatabase,\n"
  "service, Start/StartOverride/Group, driver file) and say \"boots\" or which link is broken.\n"
  "Exit status 0 when every requested bus boots, 7 when one does not.  Never writes to the image.\n"
  "  -a, --add DISK     disk image (repeat for multi-disk guests)\n"
  "  --format FMT       format of the following -a disks (raw, qcow2, ...; default: probe)\n"
  "  --root ROOT        Windows root device when the disk holds several (e.g. /dev/sda2)\n"
  "  --bus BUS          virtio-blk, virtio-scsi or all (default: all)\n"
  "  --json             print one JSON document on stdout\n"
  "  -v, --verbose      also list the candidates and every link walked\n"
  "  -x                 trace libguestfs calls\n"
  "  -q, --quiet        no progress messages\n";

enum { OPT_BUS = WS_OPT_COMMAND_BASE };

static const char short_opts[] = WS_COMMON_SHORT_OPTIONS;
static const struct option long_opts[] = {
  WS_COMMON_LONG_OPTIONS,
  { "bus", required_argument, NULL, OPT_BUS },
  { 0 }
};

/* The requested controllers: a contiguous run of the static table (it is ordered by bus). */
static const struct verify_device *
select_devices (const char *bus, size_t *n)
{
  size_t all;
  const struct verify_device *d = verify_virtio_devices (&all);
  size_t first = 0, count = 0;
  for (size_t i = 0; i < all; i++)
    if (strcmp (bus, "all") == 0 || strcmp (bus, d[i].bus) == 0) {
      if (count++ == 0)
        first = i;
    }
  *n = count;
  return d + first;
}

/* struct verify_files over the mounted guest. */
static int64_t
guest_file_size (void *opaque, const char *path, GError **error)
{
  guest *g = opaque;
  return guest_is_file (g, path) ? guest_filesize (g, path, error) : -1;
}

static hive_reader *
open_hive (guest *g, const struct ws_windows *w, const char *tmpdir, const char *name, GError **error)
{
  g_autofree char *local = g_build_filename (tmpdir, name, NULL);
  if (!g_file_test (local, G_FILE_TEST_EXISTS)) {
    g_autofree char *path = g_strdup_printf ("%s/System32/config/%s", w->systemroot, name);
    if (!guest_download (g, path, local, error))
      return NULL;
  }
  return hive_reader_open (local, name, error);
}

static struct verify_result *
walk (guest *g, const struct ws_windows *w, const char *tmpdir, const char *bus, GError **error)
{
  g_autoptr (hive_reader) system = open_hive (g, w, tmpdir, "SYSTEM", error);
  if (system == NULL)
    return NULL;
  /* DRIVERS only sharpens one explanation (a boot driver registered there, loaded too late):
   * Windows boots without it, so an unreadable DRIVERS hive is no reason to give up. */
  g_autoptr (hive_reader) drivers = w->has_drivers_hive ? open_hive (g, w, tmpdir, "DRIVERS", NULL) : NULL;
  struct verify_guest vg = {
    .system = system, .drivers = drivers, .major = w->major, .minor = w->minor,
    .systemroot = w->systemroot, .drive_letter = w->drive_letter,
    .files = { .size = guest_file_size, .opaque = g },
  };
  size_t n;
  const struct verify_device *devices = select_devices (bus, &n);
  return verify_walk (&vg, devices, n, error);
}

/* Everything that can fail, in order.  Only the caller prints. */
static gboolean
run (const struct ws_common_opts *opts, const char *bus, struct ws_windows **w,
     struct verify_result **r, GError **error)
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
  if (*w)
    *r = walk (g, *w, tmp, bus, error);
  ws_tmpdir_remove (tmp);
  return *r != NULL && guest_shutdown (g, error);
}

static gboolean
print_result (const struct ws_common_opts *opts, const char *bus, const struct ws_windows *w,
              const struct verify_result *r, GError **error)
{
  if (!opts->json) {
    g_autoptr (GString) out = g_string_new (NULL);
    g_string_append_printf (out, "%s (%d.%d build %d), %s, boot drivers found through the %s\n",
                            w->os_name ? w->os_name : "Windows", w->major, w->minor, w->build,
                            r->control_set, verify_model_name (r->model));
    verify_report_text (out, r, opts->verbose > 0);
    verify_report_bus_text (out, r);
    fputs (out->str, stdout);
    return fflush (stdout) == 0;
  }
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  report_add_disks (b, opts);
  report_add_string (b, "root", w->root_device);
  report_add_string (b, "os", w->os_name);
  json_builder_set_member_name (b, "build");
  json_builder_add_int_value (b, w->build);
  report_add_string (b, "bus", bus);
  verify_report_json (b, r);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return report_write_json (stdout, root, error);
}

static enum ws_opt_result
take_bus (char **bus, const char *arg, GError **error)
{
  if (g_strcmp0 (arg, "virtio-blk") && g_strcmp0 (arg, "virtio-scsi") && g_strcmp0 (arg, "all")) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE,
                 "unknown bus '%s' given to --bus (virtio-blk, virtio-scsi or all)", arg ? arg : "");
    return WS_OPT_BAD;
  }
  g_free (*bus);
  *bus = g_strdup (arg);
  return WS_OPT_TAKEN;
}

/* Parse the command line; WS_OPT_TAKEN to go on. */
static enum ws_opt_result
parse (int argc, char **argv, struct ws_common_opts *opts, char **bus, GError **error)
{
  int c;
  while ((c = getopt_long (argc, argv, short_opts, long_opts, NULL)) != -1) {
    enum ws_opt_result res = c == OPT_BUS ? take_bus (bus, optarg, error)
      : ws_common_opts_take (opts, c, optarg, help_text, long_opts, short_opts, error);
    if (res == WS_OPT_NOT_MINE) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad option (see --help)");
      return WS_OPT_BAD;
    }
    if (res != WS_OPT_TAKEN)
      return res;
  }
  return ws_common_opts_finish (opts, argc, argv, optind, TRUE, error) ? WS_OPT_TAKEN : WS_OPT_BAD;
}

int
cmd_verify (int argc, char **argv)
{
  struct ws_common_opts opts;
  ws_common_opts_init (&opts);
  g_autoptr (GError) err = NULL;
  g_autofree char *bus = g_strdup ("all");
  struct ws_windows *w = NULL;
  struct verify_result *r = NULL;
  enum ws_opt_result parsed = parse (argc, argv, &opts, &bus, &err);
  if (parsed == WS_OPT_TAKEN && run (&opts, bus, &w, &r, &err) &&
      print_result (&opts, bus, w, r, &err) && !verify_result_boots (r, bus)) {
    gboolean blk = verify_result_boots (r, "virtio-blk"), scsi = verify_result_boots (r, "virtio-scsi");
    g_set_error (&err, WS_ERROR, WS_EXIT_NOT_BOOTABLE, "the guest does not boot on %s (see the report)",
                 !blk && !scsi ? "virtio-blk or virtio-scsi" : !blk ? "virtio-blk" : "virtio-scsi");
  }
  verify_result_free (r);
  ws_windows_free (w);
  ws_common_opts_clear (&opts);
  if (err)
    ws_error_print (err);
  return parsed == WS_OPT_EXIT_OK ? WS_EXIT_OK : ws_exit_from_error (err);
}
