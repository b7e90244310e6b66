/* verify: `winseed verify -a DISK... [--bus virtio-blk|virtio-scsi|virtio-net|all] [--json]`.
 * Read-only.
 *
 * The I/O half of verify (the walk itself is src/verify/, pure over opened hives): open the
 * session, walk each requested device over the guest's SYSTEM (and DRIVERS when the guest has
 * one; SOFTWARE too for the NIC on XP..7), report, and end with WS_EXIT_NOT_BOOTABLE when a
 * requested bus does not boot (or, for virtio-net, does not come up configured). */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "driver.h"
#include "report.h"
#include "session.h"
#include "verify.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed verify -a DISK [-a DISK...] [--bus virtio-blk|virtio-scsi|virtio-net|all] [--json]\n"
  "Check offline whether the Windows guest boots on virtio storage: for each virtio controller,\n"
  "walk what Windows walks at boot (hardware IDs, CriticalDeviceDatabase or DriverDatabase,\n"
  "service, Start/StartOverride/Group, driver file) and say \"boots\" or which link is broken.\n"
  "With --bus virtio-net, whether the virtio NIC comes up with the guest's network identity:\n"
  "its driver as PnP finds it, its service, and the first-boot payload carrying every old NIC's\n"
  "own settings.\n"
  "Exit status 0 when every requested bus works, 7 when one does not.  Never writes to the image.\n"
  "  -a, --add DISK     disk image (repeat for multi-disk guests)\n"
  "  --format FMT       format of the following -a disks (raw, qcow2, ...; default: probe)\n"
  "  --root ROOT        Windows root device when the disk holds several (e.g. /dev/sda2)\n"
  "  --bus BUS          virtio-blk, virtio-scsi, all (both storage buses; the default) or\n"
  "                     virtio-net\n"
  "  --json             print one JSON document on stdout\n"
  "  -v, --verbose      also list the candidates and every link walked\n"
  "  -x                 trace libguestfs calls\n"
  "  -q, --quiet        no progress messages\n";

enum { OPT_BUS = WS_OPT_COMMAND_BASE };

static const struct command_option options[] = {
  { "bus", required_argument, OPT_BUS },
  { NULL },
};

struct verify_state {
  char *bus;
  struct ws_windows *windows;
  struct verify_result *result;
};

/* The requested devices: a contiguous run of a static table (each is ordered by bus). */
static const struct verify_device *
select_devices (const char *bus, size_t *n)
{
  size_t all;
  const struct verify_device *d = strcmp (bus, "virtio-net") == 0 ? verify_virtio_net_devices (&all)
                                                                   : verify_virtio_devices (&all);
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

static char *
guest_file_read (void *opaque, const char *path, size_t max, size_t *len, GError **error)
{
  guest *g = opaque;
  *len = 0;
  return guest_is_file (g, path) ? guest_read_head (g, path, max, len, error) : NULL;
}

static char **
guest_dir_list (void *opaque, const char *dir, GError **error)
{
  guest *g = opaque;
  return guest_is_dir (g, dir) ? guest_ls (g, dir, error) : NULL;
}

static struct verify_result *
walk (session *s, const struct ws_windows *w, const char *bus, GError **error)
{
  hive_reader *system = session_hive (s, "SYSTEM", error);
  if (system == NULL)
    return NULL;
  /* DRIVERS only sharpens one explanation (a boot driver registered there, loaded too late):
   * Windows boots without it, so an unreadable DRIVERS hive is no reason to give up. */
  hive_reader *drivers = w->has_drivers_hive ? session_hive (s, "DRIVERS", NULL) : NULL;
  /* SOFTWARE only for DevicePath, which the NIC walk reads on XP..7; without it the walk
   * searches Windows' default folder and says so. */
  gboolean net_cddb = strcmp (bus, "virtio-net") == 0
    && verify_boot_model (w->major, w->minor) == VERIFY_MODEL_CDDB;
  hive_reader *software = net_cddb ? session_hive (s, "SOFTWARE", NULL) : NULL;
  struct verify_guest vg = {
    .system = system, .drivers = drivers, .software = software, .major = w->major, .minor = w->minor,
    .build = w->build, .arch = w->arch, .systemroot = w->systemroot, .drive_letter = w->drive_letter,
    .files = { .size = guest_file_size, .read = guest_file_read, .list = guest_dir_list,
               .opaque = session_guest (s) },
  };
  size_t n;
  const struct verify_device *devices = select_devices (bus, &n);
  return verify_walk (&vg, devices, n, error);
}

static gboolean
run (const struct command_ctx *c, GError **error)
{
  struct verify_state *st = c->state;
  g_autoptr (session) s = command_open_session (c, FALSE, error);
  const struct ws_windows *w = s ? session_windows (s, error) : NULL;
  if (w == NULL || (st->result = walk (s, w, st->bus, error)) == NULL)
    return FALSE;
  st->windows = session_steal_windows (s);
  return session_close (s, error);
}

static void
emit_text (const struct command_ctx *c, const GError *failure, GString *out, GString *err)
{
  const struct verify_state *st = c->state;
  const struct ws_windows *w = st->windows;
  /* XP..7 find a NIC's driver in INFs: there is no CriticalDeviceDatabase entry for one. */
  gboolean net = strcmp (st->bus, "virtio-net") == 0;
  g_string_append_printf (out, "%s (%d.%d build %d), %s, %s drivers found through the %s\n",
                          w->os_name ? w->os_name : "Windows", w->major, w->minor, w->build,
                          st->result->control_set, net ? "network" : "boot",
                          net && st->result->model == VERIFY_MODEL_CDDB ? "published INFs and DevicePath"
                                                                        : verify_model_name (st->result->model));
  verify_report_text (out, st->result, c->common->verbose > 0);
  verify_report_bus_text (out, st->result);
}

static void
emit_json (const struct command_ctx *c, const GError *failure, JsonBuilder *b)
{
  const struct verify_state *st = c->state;
  report_add_string (b, "root", st->windows->root_device);
  report_add_string (b, "os", st->windows->os_name);
  json_builder_set_member_name (b, "build");
  json_builder_add_int_value (b, st->windows->build);
  report_add_string (b, "bus", st->bus);
  verify_report_json (b, st->result);
}

static gboolean
verdict (const struct command_ctx *c, GError **error)
{
  const struct verify_state *st = c->state;
  if (verify_result_boots (st->result, st->bus))
    return TRUE;
  if (strcmp (st->bus, "virtio-net") == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_NOT_BOOTABLE, "the virtio NIC does not come up with the "
                 "guest's network identity (see the report)");
    return FALSE;
  }
  gboolean blk = verify_result_boots (st->result, "virtio-blk");
  gboolean scsi = verify_result_boots (st->result, "virtio-scsi");
  g_set_error (error, WS_ERROR, WS_EXIT_NOT_BOOTABLE, "the guest does not boot on %s (see the report)",
               !blk && !scsi ? "virtio-blk or virtio-scsi" : !blk ? "virtio-blk" : "virtio-scsi");
  return FALSE;
}

static gboolean
take (void *state, int id, const char *arg, GError **error)
{
  struct verify_state *st = state;
  if (g_strcmp0 (arg, "virtio-blk") && g_strcmp0 (arg, "virtio-scsi") && g_strcmp0 (arg, "virtio-net")
      && g_strcmp0 (arg, "all")) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE,
                 "unknown bus '%s' given to --bus (virtio-blk, virtio-scsi, virtio-net or all)", arg ? arg : "");
    return FALSE;
  }
  g_free (st->bus);
  st->bus = g_strdup (arg);
  return TRUE;
}

static void
init (void *state)
{
  ((struct verify_state *) state)->bus = g_strdup ("all");
}

static void
clear (void *state)
{
  struct verify_state *st = state;
  verify_result_free (st->result);
  ws_windows_free (st->windows);
  g_free (st->bus);
}

const struct command command_verify = {
  .name = "verify",
  .summary = "check offline whether the guest will boot on virtio storage (or network)",
  .help = help_text,
  .options = options,
  .disks = COMMAND_NEEDS_DISKS,
  .state_size = sizeof (struct verify_state),
  .init = init,
  .clear = clear,
  .take = take,
  .run = run,
  .emit_text = emit_text,
  .emit_json = emit_json,
  .verdict = verdict,
};
