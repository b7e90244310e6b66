/* inspect-root: facts about one mounted Windows root (guest I/O); see inspect.h. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "inspect.h"
#include "banned.h"

static hive_reader *
fetch_hive (guest *g, const char *sysroot, const char *name, const char *tmpdir, gboolean required,
            GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s/System32/config/%s", sysroot, name);
  g_autofree char *local = g_build_filename (tmpdir, name, NULL);
  if (!guest_is_file (g, path)) {
    if (required)
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "the guest has no %s hive ('%s' is missing)",
                   name, path);
    return NULL;
  }
  if (!guest_download (g, path, local, error))
    return NULL;
  hive_reader *h = hive_reader_open (local, name, error);
  if (h == NULL)
    g_prefix_error (error, "guest file '%s': ", path);
  else
    hive_reader_set_origin (h, path);
  return h;
}

/* A hive whose two header sequence numbers differ was not flushed cleanly: Windows would replay
 * its .LOG1/.LOG2 files at boot.  hivex's commit makes them equal, so changes still pending in
 * the logs are dropped by any offline edit (Microsoft "Windows registry file format", base block
 * fields Primary/Secondary sequence number). */
static void
check_dirty_hive (struct ws_windows *w, const char *local, const char *name)
{
  uint8_t head[12];
  FILE *f = fopen (local, "rb");
  size_t len = f ? fread (head, 1, sizeof head, f) : 0;
  if (f)
    fclose (f);
  if (len < sizeof head)
    return;
  guint32 seq1 = ws_le32 (head + 4), seq2 = ws_le32 (head + 8);
  if (seq1 != seq2)
    ws_windows_add_blocker (w, "dirty-hive", FALSE,
                            "the %s hive was not closed cleanly (sequence numbers %u/%u): changes "
                            "pending in %s.LOG1/.LOG2 are lost when the hive is edited offline",
                            name, seq1, seq2, name);
}

/* hiberfil.sys that still holds an image: ntfs-3g refuses to write, and writing anyway would be
 * undone (or corrupt the volume) when Windows resumes. */
static void
check_hibernation (struct ws_windows *w, guest *g)
{
  size_t len = 0;
  g_autofree char *head = guest_is_file (g, "/hiberfil.sys")
    ? guest_read_head (g, "/hiberfil.sys", 8, &len, NULL) : NULL;
  if (head == NULL || len < 4)
    return;
  /* "hibr" is what ntfs-3g refuses on (volume.c); "HIBR", "wake", "RSTR" are other live states. */
  static const char *const magic[] = { "hibr", "HIBR", "wake", "WAKE", "RSTR" };
  for (size_t i = 0; i < G_N_ELEMENTS (magic); i++)
    if (memcmp (head, magic[i], 4) == 0)
      ws_windows_add_blocker (w, "hibernation", TRUE,
                              "Windows is hibernated (hiberfil.sys starts with '%s'): boot it and "
                              "shut it down fully before converting", magic[i]);
}

static void
check_disks (struct ws_windows *w, guest *g)
{
  g_auto (GStrv) bl = guest_bitlocker_devices (g, NULL);
  for (size_t i = 0; bl && bl[i]; i++)
    ws_windows_add_blocker (w, "bitlocker", FALSE, "BitLocker-encrypted volume on %s cannot be read",
                            bl[i]);
  g_auto (GStrv) ldm = guest_ldm_partitions (g, NULL);
  if (ldm && ldm[0]) {
    g_autofree char *list = g_strjoinv (", ", ldm);
    ws_windows_add_blocker (w, "dynamic-disk", FALSE,
                            "dynamic disk (LDM) partitions on %s: volumes on them are not inspected", list);
  }
}

struct ws_windows *
inspect_root (guest *g, const struct guest_root *root, const char *tmpdir, GError **error)
{
  g_autoptr (ws_windows) w = ws_windows_new ();
  w->root_device = g_strdup (root->device);
  w->systemroot = g_strdup (root->systemroot);
  g_autoptr (hive_reader) system = fetch_hive (g, w->systemroot, "SYSTEM", tmpdir, TRUE, error);
  if (system == NULL)
    return NULL;
  GError *e = NULL;
  g_autoptr (hive_reader) software = fetch_hive (g, w->systemroot, "SOFTWARE", tmpdir, FALSE, &e);
  if (e) {
    g_propagate_error (error, e);
    return NULL;
  }
  g_autofree char *drivers = g_strdup_printf ("%s/System32/config/DRIVERS", w->systemroot);
  w->has_drivers_hive = guest_is_file (g, drivers);
  if (!inspect_hives (w, system, software, error)) {
    g_prefix_error (error, "%s: ", root->device);
    return NULL;
  }
  struct guest_part_id id;
  if (guest_partition_id (g, root->device, &id))
    w->drive_letter = inspect_drive_letter (system, &id);
  g_autofree char *local_system = g_build_filename (tmpdir, "SYSTEM", NULL);
  check_dirty_hive (w, local_system, "SYSTEM");
  check_hibernation (w, g);
  check_disks (w, g);
  return g_steal_pointer (&w);
}
