/* session-inspect: what Windows is on the session's root: the hives (inspect_hives) plus what
 * only the guest's files and disks say (drive letter, hibernation, BitLocker, dynamic disks). */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "session-internal.h"
#include "banned.h"

/* A hive whose two header sequence numbers differ was not flushed cleanly: Windows would replay
 * its .LOG1/.LOG2 files at boot.  hivex's commit makes them equal, so changes still pending in
 * the logs are dropped by any offline edit (Microsoft "Windows registry file format", base block
 * fields Primary/Secondary sequence number). */
static void
check_dirty_hive (struct ws_windows *w, session *s, const char *name)
{
  g_autofree char *path = session_hive_path (s, name);
  size_t len = 0;
  g_autofree char *head = guest_read_head (s->g, path, 12, &len, NULL);
  if (head == NULL || len < 12)
    return;
  guint32 seq1 = ws_le32 ((const uint8_t *) head + 4), seq2 = ws_le32 ((const uint8_t *) head + 8);
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
session_inspect (session *s, GError **error)
{
  g_autoptr (ws_windows) w = ws_windows_new ();
  w->root_device = g_strdup (s->root->device);
  w->systemroot = g_strdup (s->root->systemroot);
  hive_reader *system = session_hive (s, "SYSTEM", error);
  if (system == NULL)
    return NULL;
  GError *e = NULL;
  hive_reader *software = session_has_hive (s, "SOFTWARE") ? session_hive (s, "SOFTWARE", &e) : NULL;
  if (e) {
    g_propagate_error (error, e);
    return NULL;
  }
  w->has_drivers_hive = session_has_hive (s, "DRIVERS");
  if (!inspect_hives (w, system, software, error)) {
    g_prefix_error (error, "%s: ", s->root->device);
    return NULL;
  }
  struct guest_part_id id;
  if (guest_partition_id (s->g, s->root->device, &id))
    w->drive_letter = inspect_drive_letter (system, &id);
  check_dirty_hive (w, s, "SYSTEM");
  check_hibernation (w, s->g);
  check_disks (w, s->g);
  return g_steal_pointer (&w);
}
