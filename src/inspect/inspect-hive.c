/* inspect-hive: registry facts of a Windows root (identity, control set, boot model, storage,
 * virtio drivers present, registry-side blockers).  No guest I/O: takes opened hives. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "inspect.h"
#include "banned.h"

/* Device setup classes of storage controllers (Microsoft "System-Defined Device Setup Classes"). */
static const char *const storage_classes[] = {
  "{4D36E97B-E325-11CE-BFC1-08002BE10318}",   /* SCSIAdapter (SCSI, SAS, RAID, NVMe, virtio) */
  "{4D36E96A-E325-11CE-BFC1-08002BE10318}",   /* hdc (IDE/ATA/AHCI controllers) */
};

/* Services the virtio-win drivers install (docs/driver-store.md#virtio-win-packages). */
static const char *const virtio_services[] = {
  "viostor", "vioscsi", "netkvm", "VirtioSerial", "BALLOON", "VirtRng", "vioinput", "pvpanic",
  "FwCfg", "VirtioFsDrv", "VioGpuDod",
};

static gboolean
read_identity (struct ws_windows *w, hive_reader *system, hive_reader *software, GError **error)
{
  GError *e = NULL;
  g_autofree char *opts_path = g_strdup_printf ("%s\\Control\\ProductOptions", w->control_set);
  hive_node n = hive_reader_lookup (system, 0, opts_path, &e);
  g_autofree char *ptype = NULL;
  if (!e && n)
    hive_reader_string (system, n, "ProductType", &ptype, &e);
  if (ptype)
    w->server = g_ascii_strcasecmp (ptype, "WinNT") != 0;

  g_autofree char *env = g_strdup_printf ("%s\\Control\\Session Manager\\Environment", w->control_set);
  n = e ? 0 : hive_reader_lookup (system, 0, env, &e);
  g_autofree char *pa = NULL;
  if (!e && n && hive_reader_string (system, n, "PROCESSOR_ARCHITECTURE", &pa, &e)) {
    g_free (w->arch);
    w->arch = g_ascii_strdown (pa, -1);
  }
  g_autofree char *cn = g_strdup_printf ("%s\\Control\\ComputerName\\ComputerName", w->control_set);
  n = e ? 0 : hive_reader_lookup (system, 0, cn, &e);
  if (!e && n && w->hostname == NULL)
    hive_reader_string (system, n, "ComputerName", &w->hostname, &e);
  if (!e && software) {
    n = hive_reader_lookup (software, 0, "Microsoft\\Windows NT\\CurrentVersion", &e);
    if (!e && n) {
      g_autofree char *ver = NULL, *build = NULL, *csd = NULL;
      uint32_t major = 0, minor = 0;
      g_clear_pointer (&w->product_name, g_free);
      /* Each value is optional: XP has no EditionID, only 10+ have CurrentMajorVersionNumber. */
      hive_reader_string (software, n, "ProductName", &w->product_name, &e);
      if (!e) hive_reader_string (software, n, "CurrentVersion", &ver, &e);
      if (!e && !hive_reader_string (software, n, "CurrentBuild", &build, &e) && !e)
        hive_reader_string (software, n, "CurrentBuildNumber", &build, &e);
      if (!e) hive_reader_string (software, n, "EditionID", &w->edition_id, &e);
      if (!e) hive_reader_string (software, n, "InstallationType", &w->installation_type, &e);
      if (!e && !hive_reader_string (software, n, "DisplayVersion", &w->display_version, &e) && !e)
        if (hive_reader_string (software, n, "CSDVersion", &csd, &e))
          w->display_version = g_steal_pointer (&csd);
      if (!e && hive_reader_dword (software, n, "CurrentMajorVersionNumber", &major, &e) && !e &&
          hive_reader_dword (software, n, "CurrentMinorVersionNumber", &minor, &e)) {
        w->major = (int) major;
        w->minor = (int) minor;
      } else if (!e && ver && sscanf (ver, "%d.%d", &w->major, &w->minor) != 2)
        g_set_error (&e, WS_ERROR, WS_EXIT_BAD_INPUT,
                     "corrupt SOFTWARE hive: CurrentVersion '%s' is not a version", ver);
      if (!e && build)
        w->build = (int) g_ascii_strtoll (build, NULL, 10);
      if (!e && w->installation_type)
        w->server = w->server || g_str_has_prefix (w->installation_type, "Server");
    }
  }
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

void
ws_storage_free (struct ws_storage *s)
{
  g_free (s->instance_id);
  g_free (s->description);
  g_free (s->class_guid);
  g_free (s->service);
  g_free (s->image_path);
  g_free (s);
}

/* Start, StartOverride and ImagePath of a service in the current control set. */
static gboolean
read_service (hive_reader *system, const char *cs, struct ws_storage *s, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Services\\%s", cs, s->service);
  GError *e = NULL;
  hive_node n = hive_reader_lookup (system, 0, path, &e);
  s->start = UINT32_MAX;
  if (!e && n) {
    hive_reader_dword (system, n, "Start", &s->start, &e);
    if (!e)
      hive_reader_string (system, n, "ImagePath", &s->image_path, &e);
    if (!e)
      s->start_override = hive_reader_lookup (system, n, "StartOverride", &e) != 0;
  }
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

static gboolean
is_storage_class (const char *guid)
{
  for (size_t i = 0; i < G_N_ELEMENTS (storage_classes); i++)
    if (g_ascii_strcasecmp (guid, storage_classes[i]) == 0)
      return TRUE;
  return FALSE;
}

/* One Enum\PCI\<device>\<instance> key: keep it when it is a storage controller. */
static gboolean
consider_instance (struct ws_windows *w, hive_reader *system, hive_node inst, const char *id,
                   GError **error)
{
  GError *e = NULL;
  g_autofree char *cls = NULL, *svc = NULL;
  if (!hive_reader_string (system, inst, "ClassGUID", &cls, &e) || !is_storage_class (cls) ||
      !hive_reader_string (system, inst, "Service", &svc, &e)) {
    if (e)
      g_propagate_error (error, e);
    return e == NULL;
  }
  struct ws_storage *s = g_new0 (struct ws_storage, 1);
  s->instance_id = g_strdup (id);
  s->class_guid = g_steal_pointer (&cls);
  s->service = g_steal_pointer (&svc);
  g_ptr_array_add (w->storage, s);
  if (!hive_reader_string (system, inst, "DeviceDesc", &s->description, &e) && e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return read_service (system, w->control_set, s, error);
}

static gboolean
read_storage (struct ws_windows *w, hive_reader *system, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Enum\\PCI", w->control_set);
  hive_node pci = hive_reader_lookup (system, 0, path, error);
  if (pci == 0)
    return error == NULL || *error == NULL;
  g_auto (GStrv) devices = hive_reader_child_names (system, pci, error);
  for (size_t i = 0; devices && devices[i]; i++) {
    hive_node dev = hive_reader_lookup (system, pci, devices[i], error);
    g_auto (GStrv) insts = dev ? hive_reader_child_names (system, dev, error) : NULL;
    for (size_t j = 0; insts && insts[j]; j++) {
      g_autofree char *id = g_strdup_printf ("PCI\\%s\\%s", devices[i], insts[j]);
      hive_node inst = hive_reader_lookup (system, dev, insts[j], error);
      if (inst == 0 || !consider_instance (w, system, inst, id, error))
        return FALSE;
    }
    if (devices && error && *error)
      return FALSE;
  }
  return devices != NULL;
}

/* Virtio drivers already in the guest: services, CriticalDeviceDatabase entries for the virtio
 * vendor ID, and DriverDatabase packages. */
static gboolean
read_virtio (struct ws_windows *w, hive_reader *system, GError **error)
{
  GError *e = NULL;
  for (size_t i = 0; i < G_N_ELEMENTS (virtio_services) && !e; i++) {
    g_autofree char *path = g_strdup_printf ("%s\\Services\\%s", w->control_set, virtio_services[i]);
    hive_node n = hive_reader_lookup (system, 0, path, &e);
    uint32_t start = 0;
    if (n && hive_reader_dword (system, n, "Start", &start, &e))
      g_ptr_array_add (w->virtio, g_strdup_printf ("service %s (Start=%u)", virtio_services[i], start));
  }
  g_autofree char *cddb = g_strdup_printf ("%s\\Control\\CriticalDeviceDatabase", w->control_set);
  hive_node n = e ? 0 : hive_reader_lookup (system, 0, cddb, &e);
  g_auto (GStrv) ids = n ? hive_reader_child_names (system, n, &e) : NULL;
  for (size_t i = 0; ids && ids[i]; i++)
    if (strstr (ids[i], "1af4") || strstr (ids[i], "1AF4"))
      g_ptr_array_add (w->virtio, g_strdup_printf ("CriticalDeviceDatabase %s", ids[i]));
  n = e ? 0 : hive_reader_lookup (system, 0, "DriverDatabase\\DriverPackages", &e);
  g_auto (GStrv) pkgs = n ? hive_reader_child_names (system, n, &e) : NULL;
  for (size_t i = 0; pkgs && pkgs[i]; i++)
    if (g_ascii_strncasecmp (pkgs[i], "viostor.inf", 11) == 0 ||
        g_ascii_strncasecmp (pkgs[i], "vioscsi.inf", 11) == 0 ||
        g_ascii_strncasecmp (pkgs[i], "netkvm.inf", 10) == 0)
      g_ptr_array_add (w->virtio, g_strdup_printf ("DriverDatabase package %s", pkgs[i]));
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

/* RealTimeIsUniversal: 1 as a DWORD or QWORD means the guest keeps the RTC in UTC; anything
 * else, or no value, local time, Windows' default (docs/vm-definition.md#clock). */
static gboolean
read_clock (struct ws_windows *w, hive_reader *system, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s\\Control\\TimeZoneInformation", w->control_set);
  GError *e = NULL;
  hive_node n = hive_reader_lookup (system, 0, path, &e);
  struct hive_value v = { 0 };
  if (n && hive_reader_value (system, n, "RealTimeIsUniversal", &v, &e)) {
    uint32_t type = v.type & 0xffff;
    w->rtc_utc = (type == 4 && v.len >= 4 && ws_le32 (v.data) == 1) ||
                 (type == 11 && v.len >= 8 && ws_le32 (v.data) == 1 && ws_le32 (v.data + 4) == 0);
    hive_value_clear (&v);
  }
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

/* Blockers visible in the registry; file and disk blockers are added by inspect_root. */
static gboolean
read_blockers (struct ws_windows *w, hive_reader *system, hive_reader *software, GError **error)
{
  GError *e = NULL;
  g_autofree char *sm = g_strdup_printf ("%s\\Control\\Session Manager", w->control_set);
  hive_node n = hive_reader_lookup (system, 0, sm, &e);
  g_auto (GStrv) renames = NULL;
  if (n && hive_reader_multi (system, n, "PendingFileRenameOperations", &renames, &e) && renames[0])
    /* Windows replaces these files at the next boot, possibly over what a conversion installs. */
    ws_windows_add_blocker (w, "pending-file-rename", FALSE,
                            "%u file operation(s) pending for the next boot, first: %s",
                            g_strv_length (renames), renames[0]);
  hive_node power = (!e && n) ? hive_reader_lookup (system, n, "Power", &e) : 0;
  uint32_t hiberboot = 0;
  if (power && hive_reader_dword (system, power, "HiberbootEnabled", &hiberboot, &e) && hiberboot)
    ws_windows_add_blocker (w, "fast-startup", FALSE,
                            "Fast Startup is enabled (HiberbootEnabled=1): shut the guest down "
                            "with 'shutdown /s /t 0' or disable Fast Startup before migrating");
  hive_node pol = (!e && software)
    ? hive_reader_lookup (software, 0, "Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions", &e) : 0;
  if (pol) {
    uint32_t deny_unspecified = 0;
    g_auto (GStrv) names = hive_reader_value_names (software, pol, &e);
    hive_reader_dword (software, pol, "DenyUnspecified", &deny_unspecified, e ? NULL : &e);
    g_autofree char *list = names ? g_strjoinv (", ", names) : g_strdup ("");
    /* MS KB 2773300: such a policy blocks the new controller's driver and the boot ends in 0x7B. */
    ws_windows_add_blocker (w, "device-install-policy", FALSE,
                            "device installation is restricted by policy "
                            "(SOFTWARE\\Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions: %s)",
                            list);
  }
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  return TRUE;
}

/* Every physical NIC and its settings, read by libnetwork. */
static gboolean
read_nics (struct ws_windows *w, hive_reader *system, GError **error)
{
  GPtrArray *nics = net_read_nics (system, w->control_set, error);
  if (nics == NULL)
    return FALSE;
  g_ptr_array_unref (w->nics);
  w->nics = nics;
  return TRUE;
}

gboolean
inspect_hives (struct ws_windows *w, hive_reader *system, hive_reader *software, GError **error)
{
  g_free (w->control_set);
  w->control_set = hive_reader_current_control_set (system, error);
  if (w->control_set == NULL)
    return FALSE;
  GError *e = NULL;
  w->boot_model = hive_reader_lookup (system, 0, "DriverDatabase", &e) ? WS_BOOT_DDB : WS_BOOT_CDDB;
  if (e == NULL && read_identity (w, system, software, &e) && read_storage (w, system, &e) &&
      read_virtio (w, system, &e) && read_clock (w, system, &e) && read_blockers (w, system, software, &e) &&
      read_nics (w, system, &e)) {
    g_free (w->os_name);
    w->os_name = g_strdup (inspect_os_name (w->major, w->minor, w->build, w->server));
    return TRUE;
  }
  g_propagate_error (error, e);
  return FALSE;
}

/* MountedDevices\DosDevices\X: names a partition by MBR disk signature + byte offset (12 bytes)
 * or by "DMIO:ID:" + GPT partition GUID (24 bytes) (Microsoft "How Windows assigns drive
 * letters"; checked on the real fixture hives). */
static gboolean
names_partition (const struct hive_value *v, const struct guest_part_id *id)
{
  if (id->gpt)
    return v->len == 24 && memcmp (v->data, "DMIO:ID:", 8) == 0 && memcmp (v->data + 8, id->guid, 16) == 0;
  return v->len == 12 && ws_le32 (v->data) == id->mbr_signature && ws_le64 (v->data + 4) == id->offset;
}

char *
inspect_drive_letter (hive_reader *system, const struct guest_part_id *id)
{
  hive_node n = hive_reader_lookup (system, 0, "MountedDevices", NULL);
  g_auto (GStrv) names = n ? hive_reader_value_names (system, n, NULL) : NULL;
  for (size_t i = 0; names && names[i]; i++) {
    const char *name = names[i];
    if (strlen (name) != 14 || g_ascii_strncasecmp (name, "\\DosDevices\\", 12) != 0 || name[13] != ':')
      continue;
    struct hive_value v;
    gboolean match = hive_reader_value (system, n, name, &v, NULL) && names_partition (&v, id);
    hive_value_clear (&v);
    if (match)
      return g_strndup (name + 12, 1);
  }
  return NULL;
}
