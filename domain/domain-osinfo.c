/* domain-osinfo: the OS id and the chipset from the host's libosinfo database, the way
 * virt-v2v's libguestfs-common (mlcustomize/inject_virtio_win.ml) and virt-manager decide them
 * (docs/vm-definition.md#libosinfo).  Reads the database files; touches no guest. */
#include <config.h>

#include <string.h>
#include <osinfo/osinfo.h>

#include "ws-error.h"
#include "domain.h"
#include "banned.h"

/* osinfo-db lists this device for every OS that can run on q35 (inherited by later versions). */
#define OSINFO_Q35 "http://qemu.org/chipset/x86/q35"

static gboolean
has_q35 (OsinfoOs *os)
{
  g_autoptr (OsinfoDeviceList) devs = osinfo_os_get_all_devices (os, NULL);
  for (gint i = 0; i < osinfo_list_get_length (OSINFO_LIST (devs)); i++) {
    OsinfoEntity *d = osinfo_list_get_nth (OSINFO_LIST (devs), i);
    if (strcmp (osinfo_entity_get_id (d), OSINFO_Q35) == 0)
      return TRUE;
  }
  return FALSE;
}

/* The resources entry for arch (libosinfo's names), else the one for every arch. */
static OsinfoResources *
resources_for (OsinfoResourcesList *list, const char *arch)
{
  OsinfoResources *any = NULL;
  for (gint i = 0; list && i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
    OsinfoResources *r = OSINFO_RESOURCES (osinfo_list_get_nth (OSINFO_LIST (list), i));
    const char *a = osinfo_resources_get_architecture (r);
    if (g_strcmp0 (a, arch) == 0)
      return r;
    if (g_strcmp0 (a, OSINFO_ARCHITECTURE_ALL) == 0)
      any = r;
  }
  return any;
}

static void
read_resources (OsinfoOs *os, const char *arch, struct domain_os *out)
{
  g_autoptr (OsinfoResourcesList) rec = osinfo_os_get_recommended_resources (os);
  g_autoptr (OsinfoResourcesList) min = osinfo_os_get_minimum_resources (os);
  OsinfoResources *r = resources_for (rec, arch), *m = resources_for (min, arch);
  gint64 ram = r ? osinfo_resources_get_ram (r) : -1;
  if (ram <= 0 && m)
    ram = osinfo_resources_get_ram (m);
  out->ram_mib = ram > 0 ? (uint64_t) ram / (1024 * 1024) : 0;
  gint cpus = m ? osinfo_resources_get_n_cpus (m) : -1;
  out->n_cpus = cpus > 0 ? cpus : 0;
}

static OsinfoOs *
find_short_id (OsinfoDb *db, const char *short_id)
{
  g_autoptr (OsinfoOsList) all = osinfo_db_get_os_list (db);
  g_autoptr (OsinfoFilter) f = osinfo_filter_new ();
  osinfo_filter_add_constraint (f, OSINFO_PRODUCT_PROP_SHORT_ID, short_id);
  g_autoptr (OsinfoList) hits = osinfo_list_new_filtered (OSINFO_LIST (all), f);
  if (osinfo_list_get_length (hits) == 0)
    return NULL;
  return g_object_ref (OSINFO_OS (osinfo_list_get_nth (hits, 0)));
}

gboolean
domain_os_lookup (const char *short_id, int major, const char *arch, struct domain_os *os,
                  GError **error)
{
  memset (os, 0, sizeof *os);
  os->short_id = g_strdup (short_id);
  /* virt-v2v's fallback for an OS the database does not know: "pivot on the year 2007". */
  os->q35 = major >= 6;
  g_autoptr (OsinfoLoader) loader = osinfo_loader_new ();
  GError *e = NULL;
  osinfo_loader_process_default_path (loader, &e);
  if (e) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot load the libosinfo database: %s", e->message);
    g_error_free (e);
    return FALSE;
  }
  if (short_id == NULL)
    return TRUE;
  g_autoptr (OsinfoOs) o = find_short_id (osinfo_loader_get_db (loader), short_id);
  if (o == NULL)
    return TRUE;
  os->id = g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (o)));
  os->q35 = has_q35 (o);
  read_resources (o, g_strcmp0 (arch, "x86") == 0 ? "i686" : "x86_64", os);
  return TRUE;
}
