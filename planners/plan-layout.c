/* plan-layout: the names a package gets in the guest (oemN.inf, driver-store folder), the
 * DriverDatabase node it is registered in, and whether it is new, a refresh or an upgrade of a
 * registered package.  Pure. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan-internal.h"
#include "banned.h"

/* oemN.inf numbers are small (the 18362 hive uses 0-11); a map of this many bits means a
 * corrupt or hostile hive, not a real guest. */
#define PLAN_MAX_OEM_NUMBER 100000

void
plan_file_op_free (struct plan_file_op *op)
{
  if (op == NULL)
    return;
  g_free (op->source);
  g_free (op->dest);
  g_free (op->provenance);
  g_free (op);
}

void
plan_layout_free (struct plan_layout *l)
{
  if (l == NULL)
    return;
  g_free (l->reason);
  g_free (l->published);
  g_free (l->store);
  g_free (l->store_dir);
  g_free (l->driver);
  g_ptr_array_unref (l->files);
  g_free (l);
}

/* "oem12.inf" -> 12. */
static gboolean
oem_number (const char *name, guint *out)
{
  if (name == NULL || g_ascii_strncasecmp (name, "oem", 3) != 0 || !g_ascii_isdigit (name[3]))
    return FALSE;
  guint64 n = 0;
  const char *p = name + 3;
  for (; g_ascii_isdigit (*p) && n <= PLAN_MAX_OEM_NUMBER; p++)
    n = n * 10 + (guint64) (*p - '0');
  if (n > PLAN_MAX_OEM_NUMBER || g_ascii_strcasecmp (p, ".inf") != 0)
    return FALSE;
  *out = (guint) n;
  return TRUE;
}

static gboolean
strv_has_oem (char **names, guint n)
{
  guint k;
  for (; names && *names; names++)
    if (oem_number (*names, &k) && k == n)
      return TRUE;
  return FALSE;
}

/* oemN.inf is taken when either node's OemInfMap has its bit, either node's DriverInfFiles has
 * it, Windows\INF holds it, or another package of this run got it
 * (docs/windows-boot-drivers.md#oeminfmap). */
static gboolean
oem_taken (const struct plan_facts *f, GArray *allocated, guint n)
{
  const struct plan_ddb_fact *nodes[] = { &f->system, &f->drivers };
  for (size_t i = 0; i < G_N_ELEMENTS (nodes); i++) {
    const struct plan_ddb_fact *d = nodes[i];
    if (d->oem_inf_map && plan_oem_inf_map_test (d->oem_inf_map->data, d->oem_inf_map->len, n))
      return TRUE;
    if (strv_has_oem (d->oem_inf_files, n))
      return TRUE;
  }
  for (guint i = 0; i < f->oem_infs->len; i++) {
    const struct plan_oem_inf *o = g_ptr_array_index (f->oem_infs, i);
    guint k;
    if (oem_number (o->name, &k) && k == n)
      return TRUE;
  }
  for (guint i = 0; i < allocated->len; i++)
    if (g_array_index (allocated, guint, i) == n)
      return TRUE;
  return FALSE;
}

/* Where the registered package with this INF name is: the one with our store name, else the
 * newest (a guest may hold several staged versions). */
static const struct plan_package_fact *
registered (const struct plan_facts *f, const struct plan_layout *l, enum reg_hive *hive)
{
  const struct plan_package_fact *best = NULL;
  const struct plan_ddb_fact *nodes[] = { &f->system, &f->drivers };
  const enum reg_hive hives[] = { REG_HIVE_SYSTEM, REG_HIVE_DRIVERS };
  guint n;
  for (size_t i = 0; i < G_N_ELEMENTS (nodes); i++)
    for (guint j = 0; j < nodes[i]->packages->len; j++) {
      const struct plan_package_fact *pf = g_ptr_array_index (nodes[i]->packages, j);
      if (pf->inf_name == NULL || g_ascii_strcasecmp (pf->inf_name, l->pkg->inf_name) != 0
          || !oem_number (pf->published, &n))
        continue;
      if (g_ascii_strcasecmp (pf->store, l->store) == 0) {
        *hive = hives[i];
        return pf;
      }
      if (best == NULL || (pf->has_version && (!best->has_version
                                               || plan_version_cmp (pf->version, best->version) > 0))) {
        best = pf;
        *hive = hives[i];
      }
    }
  return best;
}

/* Windows 8+: what is registered decides the action; the oemN of a registered package is kept
 * (an upgrade keeps its published name, as pnputil /add-driver does). */
static gboolean
decide_ddb (const struct plan_facts *f, struct plan_layout *l, GError **error)
{
  const struct plan_package_fact *pf = registered (f, l, &l->old_hive);
  if (pf == NULL)
    return TRUE;
  uint8_t ours[48];
  if (!plan_ddb_version (l->pkg->drv, 0, ours, error))
    return FALSE;
  int cmp = pf->has_version ? plan_version_cmp (ours, pf->version) : 1;
  oem_number (pf->published, &l->oem_number);
  l->old = pf;
  if (cmp < 0) {
    l->action = PLAN_SKIP;
    l->reason = g_strdup_printf ("a newer %s is registered as %s (%s)", l->pkg->inf_name,
                                 pf->published, pf->store);
  } else if (cmp == 0) {
    /* The same DriverVer, possibly staged by Windows under its own folder name: keep that name
     * so nothing the guest references changes. */
    l->action = PLAN_REFRESH;
    g_free (l->store);
    l->store = g_strdup (pf->store);
    l->reason = g_strdup_printf ("the same version is registered as %s (%s)", pf->published, pf->store);
  } else {
    l->action = PLAN_UPGRADE;
    l->reason = g_strdup_printf ("upgrades %s (%s), keeping %s", pf->store,
                                 pf->has_version ? "older DriverVer" : "no Version", pf->published);
  }
  return TRUE;
}

/* XP-7 keep no DriverDatabase: a Windows\INF\oemN.inf with our INF's digest is ours. */
static void
decide_cdd (const struct plan_facts *f, struct plan_layout *l)
{
  for (guint i = 0; i < f->oem_infs->len; i++) {
    const struct plan_oem_inf *o = g_ptr_array_index (f->oem_infs, i);
    if (o->hash && g_ascii_strcasecmp (o->hash, l->pkg->hash) == 0 && oem_number (o->name, &l->oem_number)) {
      l->action = PLAN_REFRESH;
      l->reason = g_strdup_printf ("the same INF is already published as %s", o->name);
      return;
    }
  }
}

static gboolean
new_number (const struct plan_facts *f, GArray *allocated, struct plan_layout *l, GError **error)
{
  guint n = 0;
  while (oem_taken (f, allocated, n))
    if (++n > PLAN_MAX_OEM_NUMBER)
      return g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                          "cannot publish '%s': no free oemN.inf number below %u",
                          l->pkg->inf_name, PLAN_MAX_OEM_NUMBER), FALSE;
  l->oem_number = n;
  l->reason = g_strdup_printf ("new package, oem%u.inf is the first free number", n);
  return TRUE;
}

/* docs/windows-boot-drivers.md#the-system-and-drivers-nodes: boot-critical classes are registered
 * in SYSTEM; Net, Display and Printer packages in DRIVERS on guests that have that hive (REAL,
 * setupapi logs of Windows 10 21H1 and 11). */
static enum reg_hive
ddb_node (const struct plan_facts *f, const struct inf_driver *drv)
{
  if (f->has_drivers_hive && (plan_class_is (drv, PLAN_CLASS_NET) || plan_class_is (drv, PLAN_CLASS_DISPLAY)
                              || plan_class_is (drv, PLAN_CLASS_PRINTER)))
    return REG_HIVE_DRIVERS;
  return REG_HIVE_SYSTEM;
}

static char *
store_name (const struct plan_facts *f, const struct plan_package *pkg, GError **error)
{
  enum ws_arch arch = f->arch != WS_ARCH_UNKNOWN ? f->arch : pkg->drv->target.arch;
  if (arch != WS_ARCH_X86 && arch != WS_ARCH_AMD64 && arch != WS_ARCH_ARM64)
    return g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE,
                        "cannot name the driver-store folder of '%s': unknown guest architecture",
                        pkg->inf_name), NULL;
  g_autofree char *inf = g_ascii_strdown (pkg->inf_name, -1);
  /* REAL: "stornvme.inf_amd64_798a5c267d576f00" (8+), "disk.inf_x86_neutral_b431b61a11f8df6c"
   * (Windows 7 CriticalDeviceDatabase DriverPackageId), docs/driver-store.md#package-folder-names;
   * XP has no driver store. */
  if (f->ddb)
    return g_strdup_printf ("%s_%s_%s", inf, ws_arch_name (arch), pkg->hash);
  if (pkg->drv->target.major >= 6)
    return g_strdup_printf ("%s_%s_neutral_%s", inf, ws_arch_name (arch), pkg->hash);
  return NULL;
}

static gboolean
check_package (const struct plan_package *pkg, GError **error)
{
  if (pkg->drv == NULL || pkg->inf_name == NULL || pkg->hash == NULL)
    return g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "incomplete package given to the planner"), FALSE;
  if (strlen (pkg->hash) != 16 || strspn (pkg->hash, "0123456789abcdef") != 16)
    return g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL,
                        "package '%s': '%s' is not 16 lower-case hex digits", pkg->inf_name, pkg->hash), FALSE;
  if (pkg->drv->models->len == 0)
    return g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE,
                        "package '%s' has no Models section for this Windows", pkg->inf_name), FALSE;
  return TRUE;
}

static struct plan_layout *
layout_one (const struct plan_facts *f, const struct plan_options *opts, const struct plan_package *pkg,
            GArray *allocated, GError **error)
{
  if (!check_package (pkg, error))
    return NULL;
  g_autoptr (GError) e = NULL;
  struct plan_layout *l = g_new0 (struct plan_layout, 1);
  l->pkg = pkg;
  l->files = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_file_op_free);
  g_autofree char *lower = g_ascii_strdown (pkg->inf_name, -1);
  l->driver = g_str_has_suffix (lower, ".inf") ? g_strndup (lower, strlen (lower) - 4) : g_strdup (lower);
  l->ddb = f->ddb;
  l->boot_critical = plan_class_is (pkg->drv, PLAN_CLASS_SCSIADAPTER) || plan_class_is (pkg->drv, PLAN_CLASS_HDC);
  l->ddb_hive = ddb_node (f, pkg->drv);
  l->action = PLAN_INSTALL;
  l->store = store_name (f, pkg, &e);
  gboolean ok = e == NULL;
  if (ok && l->ddb)
    ok = decide_ddb (f, l, &e);
  else if (ok)
    decide_cdd (f, l);
  if (ok && l->action == PLAN_INSTALL)
    ok = new_number (f, allocated, l, &e);
  if (ok) {
    g_array_append_val (allocated, l->oem_number);
    l->published = g_strdup_printf ("oem%u.inf", l->oem_number);
    l->store_dir = l->ddb ? g_strdup_printf ("%s/System32/DriverStore/FileRepository/%s", opts->system_root, l->store)
                          : g_strdup_printf ("%s/Drivers/VirtIO/%s", opts->system_root, l->driver);
    ok = l->action == PLAN_SKIP || plan_layout_files (opts, l, &e);
  }
  if (!ok) {
    plan_layout_free (l);
    g_propagate_error (error, g_steal_pointer (&e));
    return NULL;
  }
  return l;
}

GPtrArray *
plan_layout (const struct plan_facts *f, const struct plan_options *opts, const struct plan_package *pkgs,
             size_t n, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_layout_free);
  g_autoptr (GArray) allocated = g_array_new (FALSE, FALSE, sizeof (guint));
  if (opts->system_root == NULL || opts->system_root[0] != '/')
    return g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "the planner needs the guest's system root"), NULL;
  for (size_t i = 0; i < n; i++) {
    struct plan_layout *l = layout_one (f, opts, &pkgs[i], allocated, error);
    if (l == NULL)
      return NULL;
    g_ptr_array_add (out, l);
  }
  return g_steal_pointer (&out);
}

GPtrArray *
plan_file_ops (GPtrArray *layouts)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_file_op_free);
  for (guint i = 0; i < layouts->len; i++) {
    const struct plan_layout *l = g_ptr_array_index (layouts, i);
    for (guint j = 0; j < l->files->len; j++) {
      const struct plan_file_op *op = g_ptr_array_index (l->files, j);
      struct plan_file_op *c = g_new0 (struct plan_file_op, 1);
      c->kind = op->kind;
      c->source = g_strdup (op->source);
      c->dest = g_strdup (op->dest);
      c->provenance = g_strdup (op->provenance);
      g_ptr_array_add (out, c);
    }
  }
  return out;
}
