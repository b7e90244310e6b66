/* verify-ddb: how Windows 8 and later find a boot driver for a new device
 * (docs/windows-boot-drivers.md#driverdatabase,
 * docs/windows-boot-drivers.md#how-kernel-pnp-follows-the-chain,
 * docs/windows-boot-drivers.md#driver-ranking).  Kernel PnP looks up each of the device's IDs in
 * SYSTEM\DriverDatabase\DeviceIds; every INF named there is a candidate, followed through
 * DriverInfFiles (Active package), DriverPackages (Version), Descriptors and Configurations to a
 * service, and ranked. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "verify.h"
#include "banned.h"

/* The failure virt-v2v commit ab6cf265 describes, seen from the package side
 * (docs/windows-boot-drivers.md#the-null-driver-and-the-second-boot-0x7b). */
#define NULL_DRIVER "kernel PnP will install the NULL driver (0xe0000228) and the second boot " \
  "fails with 0x7B (INACCESSIBLE_BOOT_DEVICE)"

#define VERSION_LEN 48          /* docs/windows-boot-drivers.md#driverpackages-version */

struct ddb {
  hive_reader *h;
  const char *hive_name;        /* "SYSTEM", "DRIVERS": where the links point */
  const char *consequence;      /* what a broken link means for the device */
  hive_node root, device_ids, inf_files, packages;
  uint32_t arch;                /* DriverDatabase\Architecture; UINT32_MAX when absent */
};

/* Every INF DeviceIds\<id> names (one REG_BINARY per published INF: flags, feature score). */
static gboolean
collect (struct ddb *d, const char *id, gboolean compat, guint pos, GPtrArray *out, GError **error)
{
  hive_node n = d->device_ids ? hive_reader_lookup (d->h, d->device_ids, id, error) : 0;
  if (n == 0)
    return *error == NULL;
  g_auto (GStrv) names = hive_reader_value_names (d->h, n, error);
  if (names == NULL)
    return FALSE;
  for (size_t i = 0; names[i]; i++) {
    if (names[i][0] == '\0')
      continue;
    struct verify_candidate *c = verify_candidate_new (id, compat, pos, names[i]);
    struct hive_value v;
    g_autofree char *where = g_strdup_printf ("%s\\DriverDatabase\\DeviceIds\\%s", d->hive_name, id);
    c->feature_score = 0xff;
    if (hive_reader_value (d->h, n, names[i], &v, NULL) && v.len >= 2) {
      c->inf_flags = v.data[0];
      c->feature_score = v.data[1];
      g_autofree char *found = g_strdup_printf ("%02x %02x: the INF lists it as a %s ID, feature score 0x%02x",
                                                v.data[0], v.data[1],
                                                (v.data[0] & 1) ? "hardware" : "compatible", v.data[1]);
      verify_ok (c->links, "DeviceIds", where, names[i], found);
    } else
      verify_broken (c->links, "DeviceIds", where, names[i], NULL,
                     "DriverDatabase\\DeviceIds\\%s\\%s is not the 4-byte flags/feature-score value "
                     "PnP reads: %s", id, names[i], d->consequence);
    hive_value_clear (&v);
    /* Rank 0xSSGGTHHH (docs/windows-boot-drivers.md#driver-ranking): GG the feature score, T the
     * match type (device hardware/compatible ID x INF hardware/compatible ID), HHH the ID's
     * position in the device's list (DeviceIds does not keep its position in the INF's list).
     * SS, the signature score, is left at 0: it is decided by signature checks an offline reader
     * cannot redo. */
    guint t = (compat ? 2 : 0) + ((c->inf_flags & 1) ? 0 : 1);
    c->rank = (uint32_t) c->feature_score << 16 | t << 12 | MIN (pos, 0xfff);
    g_ptr_array_add (out, c);
  }
  return TRUE;
}

static char *
version_text (uint64_t version)
{
  return g_strdup_printf ("%u.%u.%u.%u", (unsigned) (version >> 48), (unsigned) (version >> 32) & 0xffff,
                          (unsigned) (version >> 16) & 0xffff, (unsigned) version & 0xffff);
}

/* Bytes 24..47 of Version: DriverVer date and version; zero is what virt-v2v writes. */
static void
check_version_dates (struct ddb *d, struct verify_candidate *c, const uint8_t *v, const char *where,
                     const char *found)
{
  c->date = ws_le64 (v + 24);
  c->version = ws_le64 (v + 32);
  g_autofree char *date = ws_filetime_to_date (c->date);
  int year = date ? (int) g_ascii_strtoll (date, NULL, 10) : 0;
  if (c->date != 0 && (year < 1980 || year >= 2100))
    verify_broken (c->links, "Version", where, "Version", found,
                   "DriverDatabase\\DriverPackages\\%s has a Version whose DriverVer date is out of "
                   "range (FILETIME 0x%016" G_GINT64_MODIFIER "x): PnP cannot rank the package and %s",
                   c->package, c->date, d->consequence);
  else if (c->date == 0 || c->version == 0)
    verify_warn (c->links, "Version", where, "Version", found,
                 "DriverDatabase\\DriverPackages\\%s has a Version with no DriverVer %s (zero, as "
                 "virt-v2v writes): the package still binds, but loses every ranking tie to any "
                 "other driver for the same IDs", c->package,
                 c->date == 0 && c->version == 0 ? "date or version" : c->date == 0 ? "date" : "version");
  else if (d->arch != UINT32_MAX && (uint32_t) (v[2] | v[3] << 8) != d->arch)
    verify_warn (c->links, "Version", where, "Version", found,
                 "DriverDatabase\\DriverPackages\\%s has a Version for architecture %u, but the "
                 "DriverDatabase is for %u", c->package, v[2] | v[3] << 8, d->arch);
  else
    verify_ok (c->links, "Version", where, "Version", found);
}

/* Version: present, 48 bytes, the class GUID of the device's class, a sane date
 * (docs/windows-boot-drivers.md#driverpackages-version,
 * docs/windows-boot-drivers.md#the-null-driver-and-the-second-boot-0x7b). */
static gboolean
check_version (struct ddb *d, hive_node pkg, struct verify_candidate *c, const char *class_guid,
               const char *class_name)
{
  g_autofree char *where = g_strdup_printf ("%s\\DriverDatabase\\DriverPackages\\%s", d->hive_name, c->package);
  struct hive_value v;
  GError *e = NULL;
  if (!hive_reader_value (d->h, pkg, "Version", &v, &e)) {
    verify_broken (c->links, "Version", where, "Version", NULL,
                   "DriverDatabase\\DriverPackages\\%s has no%s Version value: %s", c->package,
                   e ? " readable" : "", d->consequence);
    g_clear_error (&e);
    return FALSE;
  }
  uint8_t want[16];
  gboolean ok = v.len == VERSION_LEN;
  if (!ok)
    verify_broken (c->links, "Version", where, "Version", NULL,
                   "DriverDatabase\\DriverPackages\\%s has a Version of %zu bytes, not %d: %s",
                   c->package, v.len, VERSION_LEN, d->consequence);
  else if (ws_guid_parse (class_guid, want) && memcmp (v.data + 8, want, 16) != 0) {
    g_autofree char *got = ws_guid_format (v.data + 8);
    verify_broken (c->links, "Version", where, "Version", got,
                   "DriverDatabase\\DriverPackages\\%s has a Version naming class %s, not %s "
                   "(%s): %s", c->package, got, class_guid, class_name, d->consequence);
    ok = FALSE;
  } else {
    g_autofree char *guid = ws_guid_format (v.data + 8);
    uint64_t ft = ws_le64 (v.data + 24);
    g_autofree char *date = ft ? ws_filetime_to_date (ft) : g_strdup ("no date");
    g_autofree char *ver = version_text (ws_le64 (v.data + 32));
    g_autofree char *found = g_strdup_printf ("class %s, DriverVer %s, %s, %s package", guid,
                                              date ? date : "out of range", ver,
                                              v.data[0] == 0xff ? "inbox" : "OEM");
    check_version_dates (d, c, v.data, where, found);
    ok = verify_chain_broken (c->links) == NULL;
  }
  hive_value_clear (&v);
  return ok;
}

/* DriverInfFiles\<inf>\Active -> DriverPackages\<pkg>. */
static hive_node
resolve_package (struct ddb *d, struct verify_candidate *c, GError **error)
{
  hive_node inf = d->inf_files ? hive_reader_lookup (d->h, d->inf_files, c->source, error) : 0;
  g_autofree char *where = g_strdup_printf ("%s\\DriverDatabase\\DriverInfFiles\\%s", d->hive_name, c->source);
  if (inf == 0) {
    if (*error == NULL)
      verify_broken (c->links, "DriverInfFiles", where, NULL, NULL,
                     "DriverDatabase\\DeviceIds\\%s names %s, but DriverDatabase\\DriverInfFiles has "
                     "no %s: %s", c->device_id, c->source, c->source, d->consequence);
    return 0;
  }
  g_autofree char *problem = NULL;
  if (!verify_read_string (d->h, inf, "Active", &c->package, &problem) || c->package[0] == '\0') {
    verify_broken (c->links, "DriverInfFiles", where, "Active", NULL,
                   "DriverDatabase\\DriverInfFiles\\%s has no %sActive package: %s", c->source,
                   problem ? "readable " : "", d->consequence);
    return 0;
  }
  verify_ok (c->links, "DriverInfFiles", where, "Active", c->package);
  hive_node pkg = d->packages ? hive_reader_lookup (d->h, d->packages, c->package, error) : 0;
  g_autofree char *packages = g_strdup_printf ("%s\\DriverDatabase\\DriverPackages", d->hive_name);
  if (pkg == 0 && *error == NULL)
    verify_broken (c->links, "DriverPackages", packages, c->package, NULL,
                   "DriverDatabase\\DriverInfFiles\\%s\\Active names %s, which is not in "
                   "DriverDatabase\\DriverPackages: %s", c->source, c->package, d->consequence);
  return pkg;
}

/* Descriptors\<id>\Configuration -> Configurations\<cfg>\Service. */
static gboolean
resolve_service (struct ddb *d, hive_node pkg, struct verify_candidate *c, GError **error)
{
  g_autofree char *dpath = g_strdup_printf ("Descriptors\\%s", c->device_id);
  g_autofree char *where = g_strdup_printf ("%s\\DriverDatabase\\DriverPackages\\%s\\%s",
                                            d->hive_name, c->package, dpath);
  hive_node desc = hive_reader_lookup (d->h, pkg, dpath, error);
  g_autofree char *cfg = NULL, *problem = NULL;
  if (desc == 0 || !verify_read_string (d->h, desc, "Configuration", &cfg, &problem) || !cfg[0]) {
    if (*error == NULL)
      verify_broken (c->links, "Descriptor", where, desc ? "Configuration" : NULL, NULL,
                     "DriverDatabase\\DriverPackages\\%s has no %s for %s: %s", c->package,
                     desc ? "Configuration in its descriptor" : "Descriptors key", c->device_id,
                     d->consequence);
    return FALSE;
  }
  verify_ok (c->links, "Descriptor", where, "Configuration", cfg);
  g_autofree char *cpath = g_strdup_printf ("Configurations\\%s", cfg);
  g_free (where);
  where = g_strdup_printf ("%s\\DriverDatabase\\DriverPackages\\%s\\%s", d->hive_name, c->package, cpath);
  hive_node conf = hive_reader_lookup (d->h, pkg, cpath, error);
  g_clear_pointer (&problem, g_free);
  if (conf == 0 || !verify_read_string (d->h, conf, "Service", &c->service, &problem) || !c->service[0]) {
    if (*error == NULL)
      verify_broken (c->links, "Configuration", where, conf ? "Service" : NULL, NULL,
                     "DriverDatabase\\DriverPackages\\%s\\%s %s: the device gets no function "
                     "driver, %s", c->package, cpath, conf ? "names no service" : "does not exist",
                     d->consequence);
    g_clear_pointer (&c->service, g_free);
    return FALSE;
  }
  verify_ok (c->links, "Configuration", where, "Service", c->service);
  return TRUE;
}

static gboolean
follow (struct ddb *d, struct verify_candidate *c, const char *class_guid, const char *class_name,
        GError **error)
{
  if (verify_chain_broken (c->links) == NULL) {
    hive_node pkg = resolve_package (d, c, error);
    if (pkg && check_version (d, pkg, c, class_guid, class_name))
      resolve_service (d, pkg, c, error);
  }
  c->broken = verify_chain_broken (c->links);
  return *error == NULL;
}

/* Usable first, then rank, newer DriverVer date, higher version
 * (docs/windows-boot-drivers.md#driver-ranking); then name, for a stable order. */
static gint
compare (gconstpointer pa, gconstpointer pb)
{
  const struct verify_candidate *a = *(struct verify_candidate *const *) pa;
  const struct verify_candidate *b = *(struct verify_candidate *const *) pb;
  if ((a->broken == NULL) != (b->broken == NULL))
    return a->broken ? 1 : -1;
  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  if (a->date != b->date)
    return a->date > b->date ? -1 : 1;
  if (a->version != b->version)
    return a->version > b->version ? -1 : 1;
  return g_ascii_strcasecmp (a->source, b->source);
}

/* One driver node per INF: an INF matched through several of the device's IDs keeps its best. */
static void
rank (GPtrArray *candidates)
{
  g_ptr_array_sort (candidates, compare);
  for (guint i = 1; i < candidates->len; i++) {
    const struct verify_candidate *c = g_ptr_array_index (candidates, i);
    for (guint j = 0; j < i; j++)
      if (g_ascii_strcasecmp (c->source, ((struct verify_candidate *) g_ptr_array_index (candidates, j))->source) == 0) {
        g_ptr_array_remove_index (candidates, i--);
        break;
      }
  }
}

/* IDs registered only in the DRIVERS hive: that node is loaded on demand, after boot
 * (docs/windows-boot-drivers.md#the-system-and-drivers-nodes). */
static char *
drivers_only (const struct verify_ctx *c, char **lists[2], GError **error)
{
  hive_reader *h = c->g->drivers;
  hive_node ids = h ? hive_reader_lookup (h, 0, "DriverDatabase\\DeviceIds", error) : 0;
  for (int l = 0; ids && l < 2; l++)
    for (size_t i = 0; lists[l][i]; i++) {
      hive_node n = hive_reader_lookup (h, ids, lists[l][i], error);
      if (*error)
        return NULL;
      if (n)
        return g_strdup (lists[l][i]);
    }
  return NULL;
}

static void
no_match (const struct verify_ctx *c, char **hardware, char **compatible, const char *class_name,
          GPtrArray *chain, GError **error)
{
  char **lists[2] = { hardware, compatible };
  guint n = g_strv_length (hardware) + g_strv_length (compatible);
  const char *first = hardware[0] ? hardware[0] : compatible[0];
  const char *last = compatible[0] ? compatible[g_strv_length (compatible) - 1] : first;
  g_autofree char *in_drivers = drivers_only (c, lists, error);
  if (in_drivers)
    verify_broken (chain, "DeviceIds", "DRIVERS\\DriverDatabase\\DeviceIds", in_drivers, NULL,
                   "%s is registered only in the DRIVERS hive's DriverDatabase, which Windows loads "
                   "after boot; boot-critical %s drivers must be in SYSTEM\\DriverDatabase, so the "
                   "boot stops with 0x7B (INACCESSIBLE_BOOT_DEVICE)", in_drivers, class_name);
  else
    verify_broken (chain, "DeviceIds", "SYSTEM\\DriverDatabase\\DeviceIds", NULL, NULL,
                   "none of the %u IDs Windows lists for this %s device (%s%s%s) is in "
                   "DriverDatabase\\DeviceIds: no driver is registered for it, kernel PnP installs "
                   "the NULL driver and the boot stops with 0x7B (INACCESSIBLE_BOOT_DEVICE)", n,
                   class_name, first, n > 1 ? " ... " : "", n > 1 ? last : "");
}

const struct verify_candidate *
verify_ddb_find_in (struct verify_ctx *c, hive_reader *h, const char *hive_name, const char *consequence,
                    char **hardware, char **compatible, const char *class_guid, const char *class_name,
                    GPtrArray *candidates, GPtrArray *chain, GError **error)
{
  struct ddb d = { .h = h, .hive_name = hive_name, .consequence = consequence, .arch = UINT32_MAX };
  d.root = hive_reader_lookup (d.h, 0, "DriverDatabase", error);
  if (d.root == 0)
    return NULL;
  if ((d.device_ids = hive_reader_lookup (d.h, d.root, "DeviceIds", error)) == 0 && *error)
    return NULL;
  if ((d.inf_files = hive_reader_lookup (d.h, d.root, "DriverInfFiles", error)) == 0 && *error)
    return NULL;
  if ((d.packages = hive_reader_lookup (d.h, d.root, "DriverPackages", error)) == 0 && *error)
    return NULL;
  g_autofree char *problem = NULL;
  verify_read_dword (d.h, d.root, "Architecture", &d.arch, &problem);
  for (size_t i = 0; hardware[i]; i++)
    if (!collect (&d, hardware[i], FALSE, i, candidates, error))
      return NULL;
  for (size_t i = 0; compatible[i]; i++)
    if (!collect (&d, compatible[i], TRUE, i, candidates, error))
      return NULL;
  if (candidates->len == 0)
    return NULL;
  for (guint i = 0; i < candidates->len; i++)
    if (!follow (&d, g_ptr_array_index (candidates, i), class_guid, class_name, error))
      return NULL;
  rank (candidates);
  struct verify_candidate *best = g_ptr_array_index (candidates, 0);
  best->winner = best->broken == NULL;
  return best->winner ? best : NULL;
}

const struct verify_candidate *
verify_ddb_find (struct verify_ctx *c, char **hardware, char **compatible, const char *class_guid,
                 const char *class_name, GPtrArray *candidates, GPtrArray *chain, GError **error)
{
  hive_reader *h = c->g->system;
  hive_node root = hive_reader_lookup (h, 0, "DriverDatabase", error);
  if (root == 0) {
    if (*error == NULL)
      verify_broken (chain, "DriverDatabase", "SYSTEM\\DriverDatabase", NULL, NULL,
                     "the SYSTEM hive has no DriverDatabase: Windows 8 and later find boot drivers "
                     "for new devices only there, so the boot stops with 0x7B (INACCESSIBLE_BOOT_DEVICE)");
    return NULL;
  }
  const struct verify_candidate *win = verify_ddb_find_in (c, h, "SYSTEM", NULL_DRIVER, hardware, compatible,
                                                           class_guid, class_name, candidates, chain, error);
  if (*error == NULL && candidates->len == 0)
    no_match (c, hardware, compatible, class_name, chain, error);
  return win;
}
