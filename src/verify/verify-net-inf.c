/* verify-net-inf: how Windows XP..7 find a driver for a new NIC at first boot
 * (docs/firstboot.md#verify, docs/driver-store.md#devicepath).
 *
 * These versions have no DriverDatabase and a NIC has no CriticalDeviceDatabase entry: when the
 * adapter appears, PnP looks for an INF naming one of its IDs among the published INFs
 * (%SystemRoot%\inf\oemN.inf) and in the folders SOFTWARE\...\CurrentVersion\DevicePath lists.
 * So this walk reads what PnP reads there, INFs included: the INF is the only record. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-target.h"
#include "ws-text.h"
#include "inf.h"
#include "verify.h"
#include "banned.h"

#define DEVICE_PATH_KEY "Microsoft\\Windows\\CurrentVersion"
#define NO_DRIVER "PnP finds no driver for the virtio NIC at first boot and the guest comes up " \
  "without network"
/* Bounds on what a hostile guest can make the walk read: a real netkvm.inf is about 20 KB and a
 * DevicePath folder holds a handful of INFs; %SystemRoot%\inf holds hundreds, of which only the
 * published oemN.inf can name a virtio device (Windows ships no virtio driver). */
#define MAX_INF_BYTES (1024 * 1024)
#define MAX_INFS 4096
/* Windows ships one entry; winseed and virt-v2v add one per driver. */
#define MAX_DEVICE_PATH_ENTRIES 256

struct search {
  struct verify_ctx *c;
  struct ws_target target;
  char **hardware, **compatible;
  GPtrArray *candidates;
  guint infs;                 /* INFs read so far */
};

/* A DevicePath entry as a guest path: %SystemRoot%\x -> <systemroot>/x, C:\x -> /x on the system
 * drive; NULL for another drive or a network path, which an offline walk cannot reach. */
static char *
guest_folder (const struct verify_guest *g, const char *entry)
{
  g_autofree char *e = g_strstrip (g_strdup (entry));
  const char *letter = g->drive_letter ? g->drive_letter : "C";
  char *out = NULL;
  if (g_ascii_strncasecmp (e, "%SystemRoot%", 12) == 0)
    out = g_strconcat (g->systemroot, e + 12, NULL);
  else if (g_ascii_toupper (e[0]) == g_ascii_toupper (letter[0]) && e[0] && e[1] == ':' && e[2] == '\\')
    out = g_strdup (e + 2);
  if (out)
    g_strdelimit (out, "\\", '/');
  return out;
}

/* The position of id in list (case-insensitive), -1 when absent. */
static int
position (char **list, const char *id)
{
  for (int i = 0; list[i]; i++)
    if (g_ascii_strcasecmp (list[i], id) == 0)
      return i;
  return -1;
}

/* The associated service of a model's install section (AddService flag 0x2). */
static const char *
model_service (const struct inf_model *m)
{
  for (guint i = 0; m->install && i < m->install->services->len; i++) {
    const struct inf_service *s = g_ptr_array_index (m->install->services, i);
    if ((s->flags & 2) && s->name[0])
      return s->name;
  }
  return NULL;
}

/* A model's IDs against the device's: the device's best matching ID (hardware before
 * compatible, then list order), as PnP ranks matches. */
static void
add_model (struct search *s, const char *path, const struct inf_driver *drv, const struct inf_model *m)
{
  char **lists[2] = { s->hardware, s->compatible };
  for (int l = 0; l < 2; l++)
    for (int i = 0; lists[l][i]; i++) {
      gboolean hit = g_ascii_strcasecmp (m->hardware_id, lists[l][i]) == 0
        || (m->compatible_ids && position (m->compatible_ids, lists[l][i]) >= 0);
      if (!hit)
        continue;
      struct verify_candidate *cand = verify_candidate_new (lists[l][i], l == 1, i, path);
      cand->rank = (guint32) (l << 12 | MIN (i, 0xfff));
      cand->service = g_strdup (model_service (m));
      g_autofree char *found = g_strdup_printf ("%s: %s, install section %s", m->hardware_id,
                                                m->description ? m->description : "(no description)",
                                                m->install_section);
      uint8_t net[16];
      if (!drv->has_class_guid || !ws_guid_parse (VERIFY_CLASS_NET, net) || memcmp (drv->class_guid, net, 16))
        verify_broken (cand->links, "INF", path, "ClassGUID", found, "%s is not an INF of the Net "
                       "class: PnP does not install it for a network adapter, so %s", path, NO_DRIVER);
      else if (cand->service == NULL)
        verify_broken (cand->links, "INF", path, m->install_section, found, "%s installs no "
                       "service for the device (no AddService with flag 0x2): %s", path, NO_DRIVER);
      else
        verify_ok (cand->links, "INF", path, lists[l][i], found);
      cand->broken = verify_chain_broken (cand->links);
      g_ptr_array_add (s->candidates, cand);
      return;
    }
}

/* Read and interpret one INF; one the guest's Windows would reject is simply not a candidate. */
static gboolean
scan_inf (struct search *s, const char *path, GError **error)
{
  const struct verify_files *f = &s->c->g->files;
  size_t len = 0;
  GError *e = NULL;
  g_autofree char *text = f->read (f->opaque, path, MAX_INF_BYTES + 1, &len, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  if (text == NULL || len > MAX_INF_BYTES)
    return TRUE;
  g_autoptr (inf_file) inf = inf_file_parse (text, len, path, NULL, NULL);
  g_autoptr (inf_driver) drv = inf ? inf_driver_new (inf, &s->target, NULL) : NULL;
  for (guint i = 0; drv && i < drv->models->len; i++)
    add_model (s, path, drv, g_ptr_array_index (drv->models, i));
  return TRUE;
}

/* Every *.inf of a folder (oem*.inf only in %SystemRoot%\inf). */
static gboolean
scan_folder (struct search *s, const char *folder, GError **error)
{
  const struct verify_files *f = &s->c->g->files;
  g_autofree char *inf_dir = g_strconcat (s->c->g->systemroot, "/inf", NULL);
  gboolean published_only = g_ascii_strcasecmp (folder, inf_dir) == 0;
  GError *e = NULL;
  g_auto (GStrv) names = f->list (f->opaque, folder, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  for (size_t i = 0; names && names[i] && s->infs < MAX_INFS; i++) {
    size_t n = strlen (names[i]);
    if (n < 5 || g_ascii_strcasecmp (names[i] + n - 4, ".inf") != 0
        || (published_only && g_ascii_strncasecmp (names[i], "oem", 3) != 0))
      continue;
    s->infs++;
    g_autofree char *path = g_strdup_printf ("%s/%s", folder, names[i]);
    if (!scan_inf (s, path, error))
      return FALSE;
  }
  return TRUE;
}

/* DevicePath as the guest holds it; Windows' own default when it has none. */
static char *
device_path (struct verify_ctx *c, GPtrArray *chain)
{
  hive_reader *h = c->g->software;
  hive_node cv = h ? hive_reader_lookup (h, 0, DEVICE_PATH_KEY, NULL) : 0;
  char *value = NULL;
  if (cv && hive_reader_string (h, cv, "DevicePath", &value, NULL)) {
    verify_ok (chain, "DevicePath", "SOFTWARE\\" DEVICE_PATH_KEY, "DevicePath", value);
    return value;
  }
  verify_ok (chain, "DevicePath", "SOFTWARE\\" DEVICE_PATH_KEY, "DevicePath",
             h ? NULL : "(SOFTWARE not read: the default)");
  return g_strdup ("%SystemRoot%\\inf");
}

static gboolean
search_init (struct search *s, struct verify_ctx *c, char **hardware, char **compatible,
             GPtrArray *candidates)
{
  const struct verify_guest *g = c->g;
  *s = (struct search) { .c = c, .hardware = hardware, .compatible = compatible, .candidates = candidates };
  s->target = (struct ws_target) { .major = (guint) g->major, .minor = (guint) g->minor,
                                   .build = g->build > 0 ? (guint) g->build : 0,
                                   .arch = ws_arch_from_name (g->arch ? g->arch : "") };
  return g->files.read != NULL && g->files.list != NULL;
}

static gint
by_rank (gconstpointer pa, gconstpointer pb)
{
  const struct verify_candidate *a = *(struct verify_candidate *const *) pa;
  const struct verify_candidate *b = *(struct verify_candidate *const *) pb;
  if ((a->broken == NULL) != (b->broken == NULL))
    return a->broken ? 1 : -1;
  return a->rank < b->rank ? -1 : a->rank > b->rank;
}

gboolean
verify_net_inf_find (struct verify_ctx *c, char **hardware, char **compatible, GPtrArray *candidates,
                     GPtrArray *chain, char **service, GError **error)
{
  struct search s;
  *service = NULL;
  if (!search_init (&s, c, hardware, compatible, candidates)) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "the virtio-net walk needs the guest's files");
    return FALSE;
  }
  g_autofree char *value = device_path (c, chain);
  g_autofree char *inf_dir = g_strconcat (c->g->systemroot, "/inf", NULL);
  if (!scan_folder (&s, inf_dir, error))
    return FALSE;
  g_auto (GStrv) entries = g_strsplit (value, ";", MAX_DEVICE_PATH_ENTRIES + 1);
  if (g_strv_length (entries) > MAX_DEVICE_PATH_ENTRIES)
    verify_warn (chain, "DevicePath", "SOFTWARE\\" DEVICE_PATH_KEY, "DevicePath", NULL,
                 "DevicePath lists more than %d folders; only the first %d were searched",
                 MAX_DEVICE_PATH_ENTRIES, MAX_DEVICE_PATH_ENTRIES);
  for (size_t i = 0; entries[i] && i < MAX_DEVICE_PATH_ENTRIES; i++) {
    g_autofree char *folder = guest_folder (c->g, entries[i]);
    if (folder && g_ascii_strcasecmp (folder, inf_dir) != 0 && !scan_folder (&s, folder, error))
      return FALSE;
  }
  if (candidates->len == 0) {
    guint n = g_strv_length (hardware) + g_strv_length (compatible);
    verify_broken (chain, "INF", "SOFTWARE\\" DEVICE_PATH_KEY, "DevicePath", value,
                   "no INF among the published ones (%%SystemRoot%%\\inf\\oem*.inf) or in the "
                   "DevicePath folders names any of the %u IDs Windows lists for this Net device "
                   "(%s ...): %s", n, hardware[0], NO_DRIVER);
    return TRUE;
  }
  g_ptr_array_sort (candidates, by_rank);
  struct verify_candidate *best = g_ptr_array_index (candidates, 0);
  best->winner = best->broken == NULL;
  *service = g_strdup (verify_chain_take (chain, best->winner ? best : NULL, candidates));
  return TRUE;
}
