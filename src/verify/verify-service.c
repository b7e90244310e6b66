/* verify-service: what the boot loader needs of a boot driver's service
 * (docs/windows-boot-drivers.md#boot-start-services): the key in the current control set, Type 1
 * (kernel driver), Start 0 (boot start) with no StartOverride demoting it, a Group listed in
 * ServiceGroupOrder, a Tag its group lists, and an ImagePath naming a non-empty file in the
 * guest. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "verify.h"
#include "banned.h"

#define NOT_LOADED "the boot loader does not load %s, so the boot disk is unreachable and Windows " \
  "stops with 0x7B (INACCESSIBLE_BOOT_DEVICE)"

/* Longest GroupOrderList we read: real lists hold at most a few hundred tags. */
#define MAX_GROUP_TAGS 4096

struct svc {
  struct verify_ctx *c;
  hive_reader *h;
  hive_node key;
  const char *name;
  const char *consequence;      /* ends each broken link's sentence */
  char *rel;                    /* "ControlSet001\\Services\\viostor" */
  char *where;                  /* "SYSTEM\\" + rel */
  GPtrArray *chain;
};

static const char *
start_name (uint32_t start)
{
  static const char *const names[] = { "boot", "system", "automatic", "demand", "disabled" };
  return start < G_N_ELEMENTS (names) ? names[start] : "unknown";
}

/* A DWORD the service must have with exactly one value. */
static gboolean
check_dword (struct svc *s, const char *value, uint32_t want, const char *meaning)
{
  uint32_t v = 0;
  g_autofree char *problem = NULL;
  if (!verify_read_dword (s->h, s->key, value, &v, &problem)) {
    verify_broken (s->chain, value, s->where, value, NULL, "%s has no %s%s value: %s",
                   s->rel, problem ? "readable " : "", value, s->consequence);
    return FALSE;
  }
  g_autofree char *found = g_strcmp0 (value, "Start") == 0
    ? g_strdup_printf ("%u (%s start)", v, start_name (v)) : g_strdup_printf ("%u", v);
  if (v != want) {
    verify_broken (s->chain, value, s->where, value, found, "%s\\%s is %s, not %u (%s): %s",
                   s->rel, value, found, want, meaning, s->consequence);
    return FALSE;
  }
  verify_ok (s->chain, value, s->where, value, found);
  return TRUE;
}

/* StartOverride\<n> values replace Start per boot configuration; anything but 0 demotes. */
static gboolean
check_override (struct svc *s, GError **error)
{
  g_autofree char *where = g_strdup_printf ("%s\\StartOverride", s->where);
  hive_node o = hive_reader_lookup (s->h, s->key, "StartOverride", error);
  if (o == 0) {
    if (*error == NULL)
      verify_ok (s->chain, "StartOverride", where, NULL, NULL);
    return *error == NULL;
  }
  g_auto (GStrv) names = hive_reader_value_names (s->h, o, error);
  if (names == NULL)
    return FALSE;
  for (size_t i = 0; names[i]; i++) {
    uint32_t v = 0;
    g_autofree char *problem = NULL;
    if (verify_read_dword (s->h, o, names[i], &v, &problem) && v == 0)
      continue;
    g_autofree char *found = problem ? NULL : g_strdup_printf ("%u (%s start)", v, start_name (v));
    if (found)
      verify_broken (s->chain, "StartOverride", where, names[i], found,
                     "%s\\StartOverride\\%s = %s demotes the boot-start driver: %s",
                     s->rel, names[i], found, s->consequence);
    else
      verify_broken (s->chain, "StartOverride", where, names[i], NULL,
                     "%s\\StartOverride\\%s is unreadable, so the boot start is not guaranteed: "
                     "%s", s->rel, names[i], s->consequence);
    return TRUE;
  }
  verify_ok (s->chain, "StartOverride", where, NULL, "present, all values 0");
  return TRUE;
}

static gboolean
group_listed (char **list, const char *group)
{
  for (size_t i = 0; list && list[i]; i++)
    if (g_ascii_strcasecmp (list[i], group) == 0)
      return TRUE;
  return FALSE;
}

/* Tag: ordering inside the group (Control\GroupOrderList\<group>: DWORD count, then tags).  An
 * unlisted tag only loads after the listed ones, so it is a warning. */
static void
check_tag (struct svc *s, const char *group)
{
  uint32_t tag = 0;
  g_autofree char *problem = NULL;
  if (!verify_read_dword (s->h, s->key, "Tag", &tag, &problem)) {
    if (problem)
      verify_warn (s->chain, "Tag", s->where, "Tag", NULL, "%s has an unreadable Tag: %s", s->rel, problem);
    return;
  }
  g_autofree char *found = g_strdup_printf ("%u", tag);
  hive_node gol = s->c->control ? hive_reader_lookup (s->h, s->c->control, "GroupOrderList", NULL) : 0;
  struct hive_value v = { 0 };
  if (gol == 0 || !hive_reader_value (s->h, gol, group, &v, NULL) || v.len < 4) {
    hive_value_clear (&v);
    verify_ok (s->chain, "Tag", s->where, "Tag", found);
    return;
  }
  size_t n = MIN (MIN (ws_le32 (v.data), (v.len - 4) / 4), MAX_GROUP_TAGS);
  gboolean listed = FALSE;
  for (size_t i = 0; i < n && !listed; i++)
    listed = ws_le32 (v.data + 4 + 4 * i) == tag;
  hive_value_clear (&v);
  if (listed)
    verify_ok (s->chain, "Tag", s->where, "Tag", found);
  else
    verify_warn (s->chain, "Tag", s->where, "Tag", found,
                 "%s\\Tag %u is not in %s\\Control\\GroupOrderList\\%s: the driver is initialised "
                 "after the listed drivers of its group", s->rel, tag, s->c->control_set, group);
}

static gboolean
check_group (struct svc *s, gboolean need_group)
{
  g_autofree char *group = NULL, *problem = NULL;
  if (!verify_read_string (s->h, s->key, "Group", &group, &problem) || group[0] == '\0') {
    if (need_group || problem) {
      verify_broken (s->chain, "Group", s->where, "Group", NULL,
                     "%s has no %sGroup: a storage miniport outside the groups of "
                     "Control\\ServiceGroupOrder\\List is left out of the boot-driver start order, "
                     "and the boot disk may be missing when the kernel mounts it (0x7B, "
                     "INACCESSIBLE_BOOT_DEVICE)", s->rel, problem ? "readable " : "");
      return FALSE;
    }
    verify_ok (s->chain, "Group", s->where, "Group", NULL);
    return TRUE;
  }
  if (group_listed (s->c->group_order, group))
    verify_ok (s->chain, "Group", s->where, "Group", group);
  else if (need_group) {
    verify_broken (s->chain, "Group", s->where, "Group", group,
                   "%s\\Group '%s' is not in %s\\Control\\ServiceGroupOrder\\List: the boot loader "
                   "orders boot drivers by that list, so the miniport is left out of the storage "
                   "start order and the boot disk may be missing when the kernel mounts it (0x7B, "
                   "INACCESSIBLE_BOOT_DEVICE)", s->rel, group, s->c->control_set);
    return FALSE;
  } else {
    /* Normal for the volume stack: fvevol's "PnP Filter" is in no real List; PnP starts it. */
    g_autofree char *found = g_strdup_printf ("%s (not in ServiceGroupOrder\\List)", group);
    verify_ok (s->chain, "Group", s->where, "Group", found);
  }
  check_tag (s, group);
  return TRUE;
}

static gboolean
check_image (struct svc *s, GError **error)
{
  g_autofree char *image = NULL, *problem = NULL;
  if (!verify_read_string (s->h, s->key, "ImagePath", &image, &problem) && problem) {
    verify_broken (s->chain, "ImagePath", s->where, "ImagePath", NULL,
                   "%s has an unreadable ImagePath (%s): %s", s->rel, problem, s->consequence);
    return TRUE;
  }
  const struct verify_guest *g = s->c->g;
  g_autofree char *path = verify_image_path (image, s->name, g->systemroot, g->drive_letter, &problem);
  if (path == NULL) {
    verify_broken (s->chain, "ImagePath", s->where, "ImagePath", image, "%s\\ImagePath %s: %s",
                   s->rel, problem, s->consequence);
    return TRUE;
  }
  verify_ok (s->chain, "ImagePath", s->where, "ImagePath", image ? image : "(absent: the default)");
  GError *e = NULL;
  int64_t size = g->files.size (g->files.opaque, path, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  if (size <= 0)
    verify_broken (s->chain, "file", path, NULL, size == 0 ? "0 bytes" : NULL,
                   "%s names %s, which %s in the guest: %s", s->rel, path,
                   size == 0 ? "is empty" : "does not exist", s->consequence);
  else {
    g_autofree char *found = g_strdup_printf ("%" G_GINT64_FORMAT " bytes", size);
    verify_ok (s->chain, "file", path, NULL, found);
  }
  return TRUE;
}

/* The key of service in the current control set, and its first link: the key is there, or the
 * chain is broken.  FALSE when it is not there (or *error). */
static gboolean
open_service (struct svc *s, struct verify_ctx *c, const char *service, const char *consequence,
              GPtrArray *chain, GError **error)
{
  *s = (struct svc) { .c = c, .h = c->g->system, .name = service, .chain = chain,
                      .consequence = consequence };
  s->rel = g_strdup_printf ("%s\\Services\\%s", c->control_set, service);
  s->where = g_strdup_printf ("SYSTEM\\%s", s->rel);
  s->key = c->services ? hive_reader_lookup (s->h, c->services, service, error) : 0;
  if (s->key)
    verify_ok (chain, "service", s->where, NULL, service);
  else if (*error == NULL)
    verify_broken (chain, "service", s->where, NULL, NULL, "%s does not exist: %s", s->rel, consequence);
  return s->key != 0;
}

static void
svc_clear (struct svc *s)
{
  g_free (s->rel);
  g_free (s->where);
}

gboolean
verify_service (struct verify_ctx *c, const char *service, gboolean need_group, GPtrArray *chain,
                GError **error)
{
  struct svc s;
  g_autofree char *consequence = g_strdup_printf (NOT_LOADED, service);
  gboolean ok = TRUE;
  if (open_service (&s, c, service, consequence, chain, error)) {
    if (check_dword (&s, "Type", 1, "kernel driver") && check_dword (&s, "Start", 0, "boot start")) {
      ok = check_override (&s, error);
      if (ok && verify_chain_broken (chain) == NULL && check_group (&s, need_group))
        ok = check_image (&s, error);
    }
  }
  svc_clear (&s);
  return ok && *error == NULL;
}

/* Start: anything but disabled; PnP starts a demand-start (3) driver when its device appears. */
static gboolean
check_startable (struct svc *s)
{
  uint32_t v = 0;
  g_autofree char *problem = NULL;
  if (!verify_read_dword (s->h, s->key, "Start", &v, &problem)) {
    verify_broken (s->chain, "Start", s->where, "Start", NULL, "%s has no %sStart value: %s", s->rel,
                   problem ? "readable " : "", s->consequence);
    return FALSE;
  }
  g_autofree char *found = g_strdup_printf ("%u (%s start)", v, start_name (v));
  if (v > 3) {
    verify_broken (s->chain, "Start", s->where, "Start", found, "%s\\Start is %s: %s", s->rel, found,
                   s->consequence);
    return FALSE;
  }
  verify_ok (s->chain, "Start", s->where, "Start", found);
  return TRUE;
}

/* StartOverride\<n> = 4 disables a PnP driver in that boot configuration; other values do not. */
static void
check_not_disabled (struct svc *s, GError **error)
{
  g_autofree char *where = g_strdup_printf ("%s\\StartOverride", s->where);
  hive_node o = hive_reader_lookup (s->h, s->key, "StartOverride", error);
  g_auto (GStrv) names = o ? hive_reader_value_names (s->h, o, error) : NULL;
  for (size_t i = 0; names && names[i]; i++) {
    uint32_t v = 0;
    g_autofree char *problem = NULL;
    if (verify_read_dword (s->h, o, names[i], &v, &problem) && v == 4) {
      verify_broken (s->chain, "StartOverride", where, names[i], "4 (disabled start)",
                     "%s\\StartOverride\\%s = 4 disables the driver: %s", s->rel, names[i],
                     s->consequence);
      return;
    }
  }
  if (*error == NULL)
    verify_ok (s->chain, "StartOverride", where, NULL, o ? "present, none disables" : NULL);
}

gboolean
verify_pnp_service (struct verify_ctx *c, const char *service, const char *consequence,
                    GPtrArray *chain, GError **error)
{
  struct svc s;
  gboolean ok = TRUE;
  if (open_service (&s, c, service, consequence, chain, error)) {
    if (check_dword (&s, "Type", 1, "kernel driver") && check_startable (&s)) {
      check_not_disabled (&s, error);
      ok = *error == NULL && (verify_chain_broken (chain) || check_image (&s, error));
    }
  }
  svc_clear (&s);
  return ok && *error == NULL;
}
